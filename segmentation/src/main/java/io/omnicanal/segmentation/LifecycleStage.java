package io.omnicanal.segmentation;

/**
 * Where a profile is in the customer lifecycle, judged from its "qualifying" events (purchases by
 * default); see {@link LifecycleSettings} for the thresholds. Every profile is in exactly one stage.
 */
public enum LifecycleStage {
    /** No qualifying event ever. */
    PROSPECT,
    /** First qualifying event less than {@code newFor} ago. */
    NEW,
    /** Not new; qualifying event less than {@code activeFor} ago; not reactivated. */
    ACTIVE,
    /** Last qualifying event at least {@code activeFor} but less than {@code lapsedAfter} ago. */
    AT_RISK,
    /** Last qualifying event at least {@code lapsedAfter} ago. */
    LAPSED,
    /**
     * Not new; came back: its latest "return" (a qualifying event at least {@code lapsedAfter} after the
     * previous one) happened less than {@code reactivatedFor} ago.
     */
    REACTIVATED
}
