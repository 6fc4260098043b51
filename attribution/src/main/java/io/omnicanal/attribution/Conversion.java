package io.omnicanal.attribution;

import java.time.Instant;
import java.util.Objects;

/**
 * One conversion of a profile (an online order, a shop purchase, a sign-up) and its value.
 *
 * <p>Immutable and thread-safe.
 *
 * @param profile the stitched profile key
 * @param time when the conversion happened; the touches of its path are at or before it
 * @param value the revenue or value, finite and {@code >= 0}
 * @param type the conversion type ({@code order}, {@code store_purchase}, {@code signup}, ...),
 *     not null, empty when untyped
 */
public record Conversion(long profile, Instant time, double value, String type) {

    /**
     * Validates every field.
     *
     * @throws NullPointerException naming the field when a reference is null
     * @throws IllegalArgumentException naming the field and value when the value is negative, NaN
     *     or infinite
     */
    public Conversion {
        Objects.requireNonNull(time, "time");
        Objects.requireNonNull(type, "type");
        if (!(value >= 0) || Double.isInfinite(value)) {
            throw new IllegalArgumentException("value must be finite and >= 0, was " + value
                    + " (profile " + profile + ", time " + time + ")");
        }
    }
}
