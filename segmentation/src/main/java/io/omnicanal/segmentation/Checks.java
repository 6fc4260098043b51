package io.omnicanal.segmentation;

import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/** Argument checks shared by the API records; every message names the field and the offending value. */
final class Checks {
    private Checks() {
    }

    static String name(String field, String value) {
        if (value == null) {
            throw new IllegalArgumentException(field + " must not be null");
        }
        if (value.isBlank()) {
            throw new IllegalArgumentException(field + " must not be blank, was \"" + value + "\"");
        }
        return value;
    }

    static long epochMillis(String field, Instant time) {
        if (time == null) {
            throw new IllegalArgumentException(field + " must not be null");
        }
        long ms;
        try {
            ms = time.toEpochMilli();
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException(field + " is outside the supported range " + RANGE + ", was " + time, e);
        }
        return epochMillis(field, ms);
    }

    /** The supported instants, as text for messages. */
    static final String RANGE = "(" + Instant.ofEpochMilli(-Event.MAX_EPOCH_MILLIS) + " to "
            + Instant.ofEpochMilli(Event.MAX_EPOCH_MILLIS) + ")";

    /** {@code ms}, refused naming {@code field} when outside {@link Event#MAX_EPOCH_MILLIS}. */
    static long epochMillis(String field, long ms) {
        if (ms > Event.MAX_EPOCH_MILLIS || ms < -Event.MAX_EPOCH_MILLIS) {
            throw new IllegalArgumentException(field + " is outside the supported range " + RANGE + ", was "
                    + ms + " ms since the epoch");
        }
        return ms;
    }

    static Map<String, String> stringMap(String field, Map<String, String> map) {
        if (map == null || map.isEmpty()) {
            return Map.of();
        }
        TreeMap<String, String> copy = new TreeMap<>();
        for (Map.Entry<String, String> e : map.entrySet()) {
            String k = name(field + " key", e.getKey());
            if (e.getValue() == null) {
                throw new IllegalArgumentException(field + "[\"" + k + "\"] must not be null");
            }
            copy.put(k, e.getValue());
        }
        return Collections.unmodifiableSortedMap(copy);
    }

    static void check(double min, double max) {
        if (Double.isNaN(min) || Double.isNaN(max) || min > max) {
            throw new IllegalArgumentException("bounds must satisfy min <= max, was min=" + min + " max=" + max);
        }
        // An infinite bound is an open side (the JSON form leaves it out); min = +Infinity or
        // max = -Infinity would be a bound that no number meets and that JSON cannot write back.
        if (min == Double.POSITIVE_INFINITY) {
            throw new IllegalArgumentException("min must be finite or -Infinity (no bound), was min=" + min);
        }
        if (max == Double.NEGATIVE_INFINITY) {
            throw new IllegalArgumentException("max must be finite or +Infinity (no bound), was max=" + max);
        }
    }

    /** {@code x}, with {@code -0.0} replaced by {@code 0.0} (so that records, hash codes and JSON agree). */
    static double positiveZero(double x) {
        return x + 0.0;
    }

    static Duration window(String field, Duration d) {
        if (d == null) {
            throw new IllegalArgumentException(field + " must not be null");
        }
        if (d.isNegative() || d.isZero() || d.getNano() % 1_000_000 != 0) {
            throw new IllegalArgumentException(field + " must be a positive whole number of milliseconds, was " + d);
        }
        if (d.getSeconds() > 100L * 366 * 86_400) {
            throw new IllegalArgumentException(field + " must be at most 100 years, was " + d);
        }
        return d;
    }

    static List<Condition> operands(String op, List<Condition> of) {
        if (of == null || of.isEmpty()) {
            throw new IllegalArgumentException(op + " needs at least one operand, was " + of);
        }
        for (Condition c : of) {
            Objects.requireNonNull(c, op + " operand");
        }
        return List.copyOf(of);
    }
}
