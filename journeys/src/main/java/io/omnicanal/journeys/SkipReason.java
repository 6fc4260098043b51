package io.omnicanal.journeys;

/** Why a message was not sent. */
public enum SkipReason {
    /** The profile is erased or opted out. */
    SUPPRESSED,
    /** The profile is in the journey's holdout control group. */
    HOLDOUT,
    /** No candidate channel has both an identifier and consent for the purpose. */
    UNREACHABLE,
    /** A frequency cap was reached and the step's rule is SKIP. */
    CAPPED,
    /** Quiet hours and the step's rule is DISCARD. */
    QUIET_HOURS,
    /** Another journey won arbitration and the step's rule is DROP. */
    ARBITRATION_LOST,
    /** The profile converted on the message's topic within the redundancy window. */
    ALREADY_CONVERTED,
    /** The same message went to the profile (on any channel) within the redundancy window. */
    DUPLICATE_MESSAGE,
    /** A next-best-action step found no eligible offer. */
    NO_ELIGIBLE_OFFER,
    /**
     * The message's offer went to the profile within the offer's cool-down while the message waited (two
     * next-best-action steps chose the same offer during quiet hours, and the first one went out).
     */
    COOL_DOWN,
    /**
     * The profile left the journey through a goal or an exit rule while the message was still pending (queued
     * for quiet hours, deferred by a cap, arbitration or a rate limit, or waiting for a retry). A stay that ends
     * by reaching the end of its path (or an {@code Exit} step) still sends what it requested. Also the pending
     * messages of a stay that ended "merged" (its profile was merged into one already in the journey), reported
     * under the merged-away key.
     */
    JOURNEY_LEFT
}
