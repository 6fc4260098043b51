package io.omnicanal.attribution;

import io.omnicanal.attribution.internal.Checks;

import java.time.Instant;
import java.util.Objects;

/**
 * Money spent on one channel or campaign during a period {@code [from, to)}.
 *
 * <p>Immutable and thread-safe. When a report is restricted to a window, a spend row counts in
 * proportion to the part of its period inside the window (spend is assumed uniform over time).
 *
 * @param dimension {@link Dimension#CHANNEL} or {@link Dimension#CAMPAIGN}
 * @param key the channel or campaign name, non-blank
 * @param from the start of the period, inclusive
 * @param to the end of the period, exclusive, strictly after {@code from}
 * @param amount the amount spent, finite and {@code >= 0}
 */
public record Spend(Dimension dimension, String key, Instant from, Instant to, double amount) {

    /**
     * Validates every field.
     *
     * @throws NullPointerException naming the field when a reference is null
     * @throws IllegalArgumentException naming the field and value when the dimension is
     *     {@code DEVICE}, the key blank, the period empty or the amount negative or not finite
     */
    public Spend {
        Objects.requireNonNull(dimension, "dimension");

        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        if (dimension == Dimension.DEVICE) {
            throw new IllegalArgumentException("dimension must be channel or campaign, was device");
        }
        Checks.nonBlank("key", key);
        if (!to.isAfter(from)) {
            throw new IllegalArgumentException("to must be after from, was from " + from + " to " + to);
        }
        Checks.nonNegative("amount", amount);
    }
}
