package io.omnicanal.attribution.internal;

import java.util.Objects;

/** Argument checks whose messages name the field and the offending value. */
public final class Checks {
    private Checks() {
    }

    /** @return {@code value} when it is not null and not blank */
    public static String nonBlank(String field, String value) {
        Objects.requireNonNull(value, field);
        if (value.isBlank()) {
            throw new IllegalArgumentException(field + " must not be blank, was \"" + value + "\"");
        }
        return value;
    }

    /** @return {@code value} when it is finite and {@code >= 0} */
    public static double nonNegative(String field, double value) {
        if (!(value >= 0) || Double.isInfinite(value)) {
            throw new IllegalArgumentException(field + " must be finite and >= 0, was " + value);
        }
        return value;
    }

    /** Checks a path row's counts: each finite and {@code >= 0}, and no value without conversions. */
    public static void pathCounts(double conversions, double value, double nulls) {
        nonNegative("conversions", conversions);
        nonNegative("value", value);
        nonNegative("nulls", nulls);
        if (conversions == 0 && value > 0) {
            throw new IllegalArgumentException("value must be 0 when conversions are 0, was " + value);
        }
    }
}
