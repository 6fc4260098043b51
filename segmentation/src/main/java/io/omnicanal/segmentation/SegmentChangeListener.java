package io.omnicanal.segmentation;

/**
 * Receives segment changes without allocating a {@link SegmentChange} per change (the hot-path variant of
 * the list-returning methods of {@link SegmentEngine}). Called on the thread that called the engine, while
 * the engine's lock is held: it must not call back into the engine.
 */
@FunctionalInterface
public interface SegmentChangeListener {
    /**
     * One change.
     *
     * @param profile     the profile key
     * @param segment     the segment id (a shared string, no copy)
     * @param entered     entry ({@code true}) or exit
     * @param epochMillis when, in milliseconds since the epoch
     */
    void onChange(long profile, String segment, boolean entered, long epochMillis);
}
