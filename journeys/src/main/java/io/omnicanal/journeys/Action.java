package io.omnicanal.journeys;

import java.time.Instant;

/**
 * A message the engine asks a {@link ChannelSender} to deliver.
 *
 * @param journey the journey id
 * @param version the journey version the profile is on
 * @param step the step id that produced the message
 * @param profile the profile key
 * @param entry which entry of this profile into this journey (1 for the first); makes keys unique per stay
 * @param channel the chosen channel
 * @param message the message id
 * @param offer the offer id, or null
 * @param time when it is sent (the engine's time)
 * @param attempt 1 for the first attempt, then 2, 3... for retries
 */
public record Action(String journey, int version, String step, long profile, int entry, Channel channel,
                     String message, String offer, Instant time, int attempt) {

    /**
     * The idempotency key: {@code journey/version/profile/entry/step}, the same for every attempt and on
     * every replay of the same input, different for any other action.
     */
    public String idempotencyKey() {
        return journey + "/" + version + "/" + profile + "/" + entry + "/" + step;
    }
}
