package io.omnicanal.journeys;

import io.omnicanal.journeys.internal.Checks;

import java.time.Duration;

/**
 * At most {@code max} non-transactional messages per profile within any sliding {@code window}, on
 * {@code channel} or, when it is null, across all channels. Send times are kept to the second, rounded up:
 * a cap may hold a message back up to one second longer than its window, never let one through early.
 *
 * @param channel the channel counted, or null for all
 * @param max at least 1, at most 64
 * @param window positive sliding window
 */
public record FrequencyCap(Channel channel, int max, Duration window) {
    /** Validates the fields. */
    public FrequencyCap {
        Checks.range("max", max, 1, 64);
        Checks.positive("window", window);
    }

    /** A cap across all channels. */
    public static FrequencyCap total(int max, Duration window) {
        return new FrequencyCap(null, max, window);
    }

    /** A cap on one channel. */
    public static FrequencyCap perChannel(Channel channel, int max, Duration window) {
        return new FrequencyCap(Checks.notNull("channel", channel), max, window);
    }
}
