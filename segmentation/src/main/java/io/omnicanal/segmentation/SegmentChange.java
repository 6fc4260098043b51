package io.omnicanal.segmentation;

import java.time.Instant;
import java.util.Objects;

/**
 * A profile entered or left a segment at {@code time}.
 *
 * @param profile the profile key
 * @param segment the segment id
 * @param entered {@code true} for entry, {@code false} for exit
 * @param time    when it happened: the event's time, or the exact expiry instant of a window
 */
public record SegmentChange(long profile, String segment, boolean entered, Instant time) {
    /** Validates non-null parts. */
    public SegmentChange {
        Objects.requireNonNull(segment, "segment");
        Objects.requireNonNull(time, "time");
    }
}
