package io.omnicanal.journeys;

/**
 * An action that could not be delivered: rejected by its sender, out of retries, or without a sender.
 *
 * @param action the last attempt
 * @param reason a human-readable reason
 */
public record DeadLetter(Action action, String reason) {}
