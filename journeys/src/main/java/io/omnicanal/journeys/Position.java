package io.omnicanal.journeys;

import java.time.Instant;

/**
 * Where a profile is in one journey.
 *
 * @param journey the journey id
 * @param version the version it is on
 * @param step the current step id
 * @param entered when it entered
 * @param wakeUp when its current wait ends, or null when it is not waiting
 * @param control true when in the holdout control group
 */
public record Position(String journey, int version, String step, Instant entered, Instant wakeUp, boolean control) {}
