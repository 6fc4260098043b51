package io.omnicanal.segmentation.internal;

import io.omnicanal.segmentation.SegmentChangeListener;
import java.util.List;

/**
 * A segment change as the engine reported it to a listener, for tests of the internal engine.
 *
 * @param key the profile
 * @param segment the segment id
 * @param entered whether the profile entered (or left)
 * @param at the instant, epoch milliseconds
 */
record Change(long key, String segment, boolean entered, long at) {

    /** A listener that appends every change to {@code out}. */
    static SegmentChangeListener into(List<Change> out) {
        return (p, s, e, t) -> out.add(new Change(p, s, e, t));
    }
}
