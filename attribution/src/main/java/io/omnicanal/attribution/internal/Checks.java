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
}
