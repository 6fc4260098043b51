package io.omnicanal.journeys;

import java.time.Instant;

/**
 * A message that was not sent, and why. The profile still moved on in its journey.
 *
 * @param profile the profile key
 * @param journey the journey id
 * @param step the step id
 * @param message the message id (null for {@link SkipReason#NO_ELIGIBLE_OFFER})
 * @param reason why
 * @param time when the decision was made
 */
public record Skip(long profile, String journey, String step, String message, SkipReason reason, Instant time) {}
