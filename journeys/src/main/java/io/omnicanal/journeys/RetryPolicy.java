package io.omnicanal.journeys;

import io.omnicanal.journeys.internal.Checks;

import java.time.Duration;

/**
 * How a send the {@link ChannelSender} could not complete is retried: up to {@code maxAttempts} attempts in
 * all, the n-th retry {@code backoff * 2^(n-1)} after the failed attempt; then the action is dead-lettered.
 *
 * @param maxAttempts attempts including the first, 1..20
 * @param backoff delay before the first retry, at least 1ms
 */
public record RetryPolicy(int maxAttempts, Duration backoff) {
    /** Validates the fields. */
    public RetryPolicy {
        Checks.range("maxAttempts", maxAttempts, 1, 20);
        Checks.atLeastOneMilli("backoff", backoff);
    }
}
