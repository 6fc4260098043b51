package io.omnicanal.journeys;

import io.omnicanal.journeys.internal.IdempotencyKeys;

import java.time.Instant;
import java.util.Objects;

/**
 * A message the engine asks a {@link ChannelSender} to deliver.
 *
 * @param journey the journey id
 * @param version the journey version the profile is on
 * @param step the step id that produced the message
 * @param profile the profile key
 * @param entry which entry of this profile into this journey (1 for the first); makes keys unique per stay
 * @param pass which pass of this stay through the step (1 for the first; 2, 3... when the journey loops back to
 *     it, as a weekly reminder does); makes keys unique within a stay
 * @param channel the chosen channel
 * @param message the message id
 * @param offer the offer id, or null
 * @param time when it is sent (the engine's time)
 * @param attempt 1 for the first attempt, then 2, 3... for retries
 * @param idempotencyKey the idempotency key: {@code journey/version/profile/entry/step}, followed by {@code #pass}
 *     from a stay's second pass through the step on (a journey without loops never has one), as of the message's
 *     first attempt: the same for every attempt (also when a merge moved the message to another profile between
 *     two attempts: the retry then keeps the merged-away key and entry number of the first attempt, while
 *     {@link #profile()} and {@link #entry()} name the winner) and on every replay of the same input, different
 *     for any other action
 */
public record Action(String journey, int version, String step, long profile, int entry, int pass, Channel channel,
                     String message, String offer, Instant time, int attempt, String idempotencyKey) {

    /** @throws NullPointerException if idempotencyKey is null */
    public Action {
        Objects.requireNonNull(idempotencyKey, "idempotencyKey");
    }

    /** An action whose idempotency key is built from its own parts (see {@link #idempotencyKey()}). */
    public Action(String journey, int version, String step, long profile, int entry, int pass, Channel channel,
                  String message, String offer, Instant time, int attempt) {
        this(journey, version, step, profile, entry, pass, channel, message, offer, time, attempt,
                IdempotencyKeys.of(journey, version, step, profile, entry, pass));
    }
}
