package io.omnicanal.journeys;

import io.omnicanal.journeys.internal.Checks;

import java.time.Duration;

/**
 * An offer a next-best-action step can choose.
 *
 * @param id unique id within the engine's catalogue
 * @param message the message id sent when the offer is chosen
 * @param topic the product or offer the message is about, used by redundancy rules (a profile that converted
 *     on this topic within the window gets no message about it); may be null
 * @param eligibility who may receive it; null for everyone
 * @param priority the default score (used when no {@link OfferScorer} is configured); finite
 * @param coolDown minimum time between two sends of this offer to one profile; zero for none
 */
public record Offer(String id, String message, String topic, Condition eligibility, double priority, Duration coolDown) {
    /** Validates each field. */
    public Offer {
        Checks.name("id", id);
        Checks.name("message", message);
        if (topic != null) {
            Checks.name("topic", topic);
        }
        if (!Double.isFinite(priority)) {
            throw new IllegalArgumentException("priority must be finite, was " + priority);
        }
        Checks.nonNegative("coolDown", coolDown);
    }
}
