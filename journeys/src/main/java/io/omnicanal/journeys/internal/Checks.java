package io.omnicanal.journeys.internal;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/** Argument checks whose messages name the setting and the offending value. Not part of the API. */
public final class Checks {
    private Checks() {}

    /** Returns {@code value} if not null, else throws naming {@code field}. */
    public static <T> T notNull(String field, T value) {
        if (value == null) {
            throw new IllegalArgumentException(field + " must not be null");
        }
        return value;
    }

    /** Returns {@code value} if it is a non-blank identifier-like string (no control characters). */
    public static String name(String field, String value) {
        notNull(field, value);
        if (value.isBlank()) {
            throw new IllegalArgumentException(field + " must not be blank, was \"" + value + "\"");
        }
        for (int i = 0; i < value.length(); i++) {
            if (Character.isISOControl(value.charAt(i))) {
                throw new IllegalArgumentException(field + " must not contain control characters, was \"" + value.replace("\n", "\\n") + "\"");
            }
        }
        return value;
    }

    /**
     * The longest duration any setting or step accepts: 200 years of 365.25 days (73,050 days), as in the
     * attribution module. Engine times are epoch milliseconds in a long, and every duration is added to one (a
     * wait, a window's end, a backoff): capped here, no such sum can overflow.
     */
    public static final Duration MAX_DURATION = Duration.ofDays(73_050);

    /**
     * Returns {@code value} if it is a {@link #name} without '/' or '#': a journey or step id, which the
     * idempotency key {@code journey/version/profile/entry/step#pass} joins with those separators (with them, two
     * different actions could share a key).
     */
    public static String keyPart(String field, String value) {
        name(field, value);
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '/' || c == '#') {
                throw new IllegalArgumentException(field + " must not contain '" + c + "' (it separates the parts of an"
                        + " idempotency key), was \"" + value + "\"");
            }
        }
        return value;
    }

    /** Returns {@code d} if strictly positive and at most {@link #MAX_DURATION}. */
    public static Duration positive(String field, Duration d) {
        notNull(field, d);
        if (d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(field + " must be positive, was " + d);
        }
        return atMostMax(field, d);
    }

    private static Duration atMostMax(String field, Duration d) {
        if (d.compareTo(MAX_DURATION) > 0) {
            throw new IllegalArgumentException(field + " must be at most " + MAX_DURATION + " (200 years), was " + d);
        }
        return d;
    }

    /** Returns {@code d} if at least one millisecond (the engine's time unit) and at most {@link #MAX_DURATION}. */
    public static Duration atLeastOneMilli(String field, Duration d) {
        positive(field, d);
        if (d.toMillis() < 1) {
            throw new IllegalArgumentException(field + " must be at least 1ms, was " + d);
        }
        return d;
    }

    /** Returns {@code d} if zero or positive, and at most {@link #MAX_DURATION}. */
    public static Duration nonNegative(String field, Duration d) {
        notNull(field, d);
        if (d.isNegative()) {
            throw new IllegalArgumentException(field + " must not be negative, was " + d);
        }
        return atMostMax(field, d);
    }

    /** Returns {@code v} if {@code min <= v <= max}. */
    public static int range(String field, int v, int min, int max) {
        if (v < min || v > max) {
            throw new IllegalArgumentException(field + " must be in [" + min + ", " + max + "], was " + v);
        }
        return v;
    }

    /** Immutable copy of a list with no null elements. */
    public static <T> List<T> list(String field, List<T> values) {
        notNull(field, values);
        for (int i = 0; i < values.size(); i++) {
            if (values.get(i) == null) {
                throw new IllegalArgumentException(field + "[" + i + "] must not be null");
            }
        }
        return List.copyOf(values);
    }

    /** Same as {@link Objects#requireNonNullElse} but kept here for one import. */
    public static <T> T orElse(T value, T fallback) {
        return value != null ? value : fallback;
    }
}
