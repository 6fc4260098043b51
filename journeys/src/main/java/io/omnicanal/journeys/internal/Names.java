package io.omnicanal.journeys.internal;

import it.unimi.dsi.fastutil.objects.Object2IntOpenHashMap;

import java.util.ArrayList;
import java.util.List;

/**
 * Interns strings to dense ints (0, 1, 2...) in first-seen order, and caches each value's parse as a
 * decimal number (NaN when it is not one). Lookups do not allocate. Not thread-safe.
 */
public final class Names {
    private final Object2IntOpenHashMap<String> ids = new Object2IntOpenHashMap<>();
    private final List<String> names = new ArrayList<>();
    private double[] numbers = new double[16];

    /** Creates an empty table. */
    public Names() {
        ids.defaultReturnValue(-1);
    }

    /** The id of {@code name}, or -1 when it was never interned. */
    public int find(String name) {
        return ids.getInt(name);
    }

    /** The id of {@code name}, interning it when new. */
    public int intern(String name) {
        int id = ids.getInt(name);
        if (id < 0) {
            id = names.size();
            ids.put(name, id);
            names.add(name);
            if (id == numbers.length) {
                numbers = java.util.Arrays.copyOf(numbers, id * 2);
            }
            numbers[id] = parse(name);
        }
        return id;
    }

    /** The string with this id. */
    public String name(int id) {
        return names.get(id);
    }

    /** The decimal value of the string with this id, NaN if it is not a number. */
    public double number(int id) {
        return numbers[id];
    }

    /** How many strings are interned. */
    public int size() {
        return names.size();
    }

    /** Parses a decimal number, NaN when malformed. */
    public static double parse(String s) {
        if (s.isEmpty() || s.length() > 64) {
            return Double.NaN;
        }
        char c = s.charAt(0);
        if (!(c == '-' || c == '+' || c == '.' || (c >= '0' && c <= '9'))) {
            return Double.NaN;
        }
        try {
            return Double.parseDouble(s);
        } catch (NumberFormatException e) {
            return Double.NaN;
        }
    }
}
