package io.omnicanal.journeys;

import io.omnicanal.journeys.internal.Checks;

import java.util.HashSet;
import java.util.List;

/**
 * How a send or next-best-action step delivers its message: candidate channels in fallback order,
 * priority for arbitration, consent purpose, and what to do when pressure rules say "not now".
 *
 * @param channels candidate channels in fallback order; empty means the engine's default fallback order
 * @param priority arbitration priority, higher wins; any int
 * @param purpose consent purpose checked per channel (for example {@code "marketing"}); ignored when transactional
 * @param transactional exempt from the redundancy rules, consent, frequency caps, quiet hours and arbitration
 *     (order confirmations); never from suppression or reachability
 * @param onCap what to do when a frequency cap is reached
 * @param onQuietHours what to do when the message falls in the profile's quiet hours
 * @param onConflict what to do when another journey's message won arbitration
 */
public record Delivery(List<Channel> channels, int priority, String purpose, boolean transactional,
                       OnCap onCap, OnQuietHours onQuietHours, OnConflict onConflict) {

    /** A capped message is skipped, or deferred until the cap's window frees a slot. */
    public enum OnCap {
        /** Skip the message (reported as {@link SkipReason#CAPPED}). */
        SKIP,
        /** Send it when the cap's window frees a slot. */
        DEFER
    }

    /** A message in quiet hours is queued until they end, or discarded. */
    public enum OnQuietHours {
        /** Send it when the quiet hours end. */
        QUEUE,
        /** Discard it (reported as {@link SkipReason#QUIET_HOURS}). */
        DISCARD
    }

    /** A message that lost arbitration waits until the arbitration window has passed, or is dropped. */
    public enum OnConflict {
        /** Try again when the arbitration window has passed. */
        WAIT,
        /** Drop it (reported as {@link SkipReason#ARBITRATION_LOST}). */
        DROP
    }

    /** Validates: no null or duplicate channel, non-blank purpose, rules not null. */
    public Delivery {
        channels = Checks.list("channels", channels);
        if (new HashSet<>(channels).size() != channels.size()) {
            throw new IllegalArgumentException("channels must not repeat a channel, was " + channels);
        }
        Checks.name("purpose", purpose);
        Checks.notNull("onCap", onCap);
        Checks.notNull("onQuietHours", onQuietHours);
        Checks.notNull("onConflict", onConflict);
    }

    /**
     * Marketing defaults: the given channels, priority 0, purpose {@code "marketing"}, not transactional,
     * capped sends skipped, quiet hours queued, arbitration losers wait.
     */
    public static Delivery marketing(Channel... channels) {
        return new Delivery(List.of(channels), 0, "marketing", false, OnCap.SKIP, OnQuietHours.QUEUE, OnConflict.WAIT);
    }

    /** A transactional delivery on the given channels (purpose {@code "transactional"}). */
    public static Delivery transactional(Channel... channels) {
        return new Delivery(List.of(channels), 0, "transactional", true, OnCap.SKIP, OnQuietHours.QUEUE, OnConflict.WAIT);
    }

    /** A copy with another priority. */
    public Delivery withPriority(int newPriority) {
        return new Delivery(channels, newPriority, purpose, transactional, onCap, onQuietHours, onConflict);
    }

    /** A copy with another cap rule. */
    public Delivery withOnCap(OnCap rule) {
        return new Delivery(channels, priority, purpose, transactional, rule, onQuietHours, onConflict);
    }

    /** A copy with another quiet-hours rule. */
    public Delivery withOnQuietHours(OnQuietHours rule) {
        return new Delivery(channels, priority, purpose, transactional, onCap, rule, onConflict);
    }

    /** A copy with another arbitration rule. */
    public Delivery withOnConflict(OnConflict rule) {
        return new Delivery(channels, priority, purpose, transactional, onCap, onQuietHours, rule);
    }
}
