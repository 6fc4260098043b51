package io.omnicanal.journeys;

import io.omnicanal.journeys.internal.Checks;

import java.time.Duration;

/**
 * Whether a profile that has been in a journey may enter it again. A profile is never in the same
 * journey twice at once; re-entry is considered only after it left.
 *
 * @param mode never, after {@code coolDown} since the previous entry, or always
 * @param coolDown the minimum time between two entries for {@link Mode#AFTER_COOLDOWN}; {@link Duration#ZERO} otherwise
 * @param maxEntries the most entries one profile may ever make, 0 for no limit
 */
public record ReEntry(Mode mode, Duration coolDown, int maxEntries) {

    /** Re-entry modes. */
    public enum Mode {
        /** A profile enters at most once, ever. */
        NEVER,
        /** A profile re-enters only when the cool-down has passed since its previous entry. */
        AFTER_COOLDOWN,
        /** A profile re-enters whenever the trigger fires again after it left. */
        ALWAYS
    }

    /** Validates: cool-down positive exactly for AFTER_COOLDOWN (zero otherwise), maxEntries >= 0. */
    public ReEntry {
        Checks.notNull("mode", mode);
        Checks.nonNegative("coolDown", coolDown);
        if ((mode == Mode.AFTER_COOLDOWN) == coolDown.isZero()) {
            throw new IllegalArgumentException("coolDown must be positive exactly when mode is AFTER_COOLDOWN, was mode="
                    + mode + ", coolDown=" + coolDown);
        }
        Checks.range("maxEntries", maxEntries, 0, 65_535);
    }

    /** Enter once per profile, ever. */
    public static ReEntry never() {
        return new ReEntry(Mode.NEVER, Duration.ZERO, 0);
    }

    /** Re-enter whenever the entry trigger fires again after leaving. */
    public static ReEntry always() {
        return new ReEntry(Mode.ALWAYS, Duration.ZERO, 0);
    }

    /** Re-enter only when {@code coolDown} has passed since the previous entry. */
    public static ReEntry afterCoolDown(Duration coolDown) {
        return new ReEntry(Mode.AFTER_COOLDOWN, coolDown, 0);
    }

    /** A copy limited to {@code max} entries per profile (0 = unlimited). */
    public ReEntry withMaxEntries(int max) {
        return new ReEntry(mode, coolDown, max);
    }
}
