package io.omnicanal.segmentation.internal;

/**
 * The real-time state of every profile of one compiled catalog, one contiguous block of longs per profile
 * row ({@code a[row * stride ...]}), so that an event or a timer touches one profile's memory only.
 *
 * <p>Layout of a row's block: {@code words} membership words (bit {@code s}: the profile is in segment
 * {@code s}); then one deadline per time-dependent slot ({@link Slot#dueOff}); then {@link Slot#width()} longs of
 * state per slot ({@link Slot#off}: one for a count, two for a kept sum, two or three for times, three for a
 * sequence), the slots listening to the same event type next to each other. Not thread-safe.
 */
final class Slab {
    static final int MEMBERS = 0;

    long[] a = new long[0];
    int stride;
    int rows;
}
