package io.omnicanal.journeys;

import java.time.Instant;

/**
 * Observes what the engine does. All methods have empty defaults; they are called on the engine's thread,
 * in the engine's deterministic order, and must not call back into the engine.
 */
public interface JourneyListener {
    /** A profile entered a journey. */
    default void entered(long profile, String journey, int version, Instant time) {}

    /** A profile left a journey ({@code reason}: "end", "exit", "goal", "merged", "erased"). */
    default void left(long profile, String journey, int version, String reason, Instant time) {}

    /** An action was delivered. */
    default void delivered(Action action) {}

    /** A message was not sent. */
    default void skipped(Skip skip) {}

    /** A goal conversion happened. */
    default void converted(Conversion conversion) {}

    /** An action was dead-lettered (also kept in {@link JourneyEngine#deadLetters()}). */
    default void deadLettered(DeadLetter deadLetter) {}
}
