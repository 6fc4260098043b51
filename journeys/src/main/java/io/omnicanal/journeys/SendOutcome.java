package io.omnicanal.journeys;

/** What a {@link ChannelSender} did with an action. */
public enum SendOutcome {
    /** Delivered (or already delivered under the same idempotency key). */
    DELIVERED,
    /** A transient failure: retry by the engine's {@link RetryPolicy}. */
    RETRY,
    /** A permanent failure: dead-letter at once. */
    REJECTED
}
