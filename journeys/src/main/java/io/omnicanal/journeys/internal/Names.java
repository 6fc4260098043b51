package io.omnicanal.journeys.internal;

import it.unimi.dsi.fastutil.objects.Object2IntOpenHashMap;

import java.util.ArrayList;
import java.util.List;

/**
 * Interns strings to dense ints (0, 1, 2...) in first-seen order, and caches each value's parse as a
 * decimal number (NaN when it is not one). Lookups do not allocate. Not thread-safe.
 *
 * <p>For names that come from profile data (trait values, segment names, purchased items) the table also
 * counts the references the engine's state holds ({@link #ref}, {@link #unref}): a name no state refers to and
 * no definition, offer or setting uses (those are {@linkplain #pinning pinned}) is forgotten at once, its string
 * dropped and its id free for the next new name (the lowest free id first, so that the ids stay a function of
 * the inputs), so that an erased profile's values leave nothing behind.
 */
public final class Names {
    private final Object2IntOpenHashMap<String> ids = new Object2IntOpenHashMap<>();
    private final List<String> names = new ArrayList<>();
    private double[] numbers = new double[16];
    private int[] refs = new int[16];
    private boolean[] pinned = new boolean[16];
    private boolean pinning;
    /** Ids whose name was forgotten, reused lowest first. */
    private final java.util.BitSet free = new java.util.BitSet();

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
            id = free.nextSetBit(0);
            if (id >= 0) {
                free.clear(id);
                names.set(id, name);
            } else {
                id = append(name);
            }
            ids.put(name, id);
            numbers[id] = parse(name);
            refs[id] = 0;
            pinned[id] = false;
        }
        if (pinning) {
            pinned[id] = true;
        }
        return id;
    }

    private int append(String name) {
        int id = names.size();
        names.add(name);
        if (id == numbers.length) {
            numbers = java.util.Arrays.copyOf(numbers, id * 2);
            refs = java.util.Arrays.copyOf(refs, id * 2);
            pinned = java.util.Arrays.copyOf(pinned, id * 2);
        }
        return id;
    }

    /** While on, every name interned (new or not) is pinned: never forgotten. For definitions, offers, settings. */
    void pinning(boolean on) {
        pinning = on;
    }

    /** Counts one more reference from the engine's state to id. */
    void ref(int id) {
        refs[id]++;
    }

    /** Counts one reference less to id; forgets its name when none is left and it is not pinned. */
    void unref(int id) {
        if (--refs[id] == 0 && !pinned[id]) {
            ids.removeInt(names.get(id));
            names.set(id, null);
            numbers[id] = Double.NaN;
            free.set(id);
        }
    }

    /**
     * Appends {@code name} (null: a forgotten id) at the next id, whatever ids are free (restoring a snapshot);
     * false when the name is there already.
     */
    boolean appendRestored(String name) {
        if (name == null) {
            free.set(append(null));
            return true;
        }
        if (ids.containsKey(name)) {
            return false;
        }
        int id = append(name);
        ids.put(name, id);
        numbers[id] = parse(name);
        return true;
    }

    /** Sets every reference count to zero (before a restore recounts them). */
    void clearRefs() {
        java.util.Arrays.fill(refs, 0);
    }

    /** The string with this id; null when it was forgotten. */
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
