package io.omnicanal.journeys;

import java.time.Instant;
import java.util.List;

/**
 * A goal event ended a profile's stay in a journey. {@code touches} are the actions delivered to the profile
 * during this stay, oldest first, for the attribution of the journey's actions.
 *
 * @param profile the profile key
 * @param journey the journey id
 * @param version the version the profile was on
 * @param eventType the goal event's type
 * @param time the goal event's time
 * @param control true when the profile was in a holdout control group (it received nothing)
 * @param touches delivered actions of this stay, oldest first; immutable
 */
public record Conversion(long profile, String journey, int version, String eventType, Instant time, boolean control,
                         List<Action> touches) {
    /** Copies touches. */
    public Conversion {
        touches = List.copyOf(touches);
    }
}
