package io.omnicanal.journeys;

/**
 * Delivers actions on one channel. The engine calls it on its own thread, in a deterministic order.
 * Implementations must treat {@link Action#idempotencyKey()} as the identity of the message: a second call
 * with a key already delivered must not deliver again (and should return {@link SendOutcome#DELIVERED}),
 * so that a retried batch never sends twice. Throwing a runtime exception counts as {@link SendOutcome#RETRY}.
 */
@FunctionalInterface
public interface ChannelSender {
    /** Delivers {@code action}; never null result. */
    SendOutcome send(Action action);
}
