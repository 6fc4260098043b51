package io.omnicanal.segmentation.internal;

/**
 * Per-profile state derived from the events matching one filter (a windowed or whole-history aggregate,
 * first/last/return times, a sequence): {@link #width()} longs (one to three) per state row at {@link #off}
 * in the compiled catalog's {@link Slab}.
 *
 * <p>The same methods serve both evaluation modes. Real time: {@link #add} is called for each matching
 * event as it arrives (time order per profile) and {@link #expire} as the clock passes
 * {@link #deadline}. Batch (and rebuild after a late event or a merge): {@link #reset}, {@link #add} for
 * every matching event of the time-sorted history with {@code now} fixed, then {@link #expire}.
 * Not thread-safe.
 */
abstract class Slot {
    static final long NONE = Long.MIN_VALUE;
    static final long NEVER = Long.MAX_VALUE;

    /** Segments that (transitively) depend on this slot, as bit words. */
    long[] mask;
    /** Index among the compiled catalog's timed slots, or -1. */
    int tix = -1;
    /** The shared per-profile state blocks. */
    Slab slab;
    /** Offset of this slot's {@link #width()} longs within a row's block. */
    int off;
    /** Offset of this slot's deadline within a row's block (timed slots), or -1. */
    int dueOff = -1;

    /** Index of this slot's first long for state row {@code row}. */
    final int at(int row) {
        return row * slab.stride + off;
    }

    /**
     * Longs of state per row (1 to 3); fixed once the catalog is compiled (every condition registered),
     * read when the slab is laid out.
     */
    int width() {
        return 3;
    }

    /** Fixes the slot's layout once every condition reading it is registered; before {@link #width()}. */
    void settle() {
    }

    /** Whether this slot can change, or a condition on it flip, as time passes with no event. */
    abstract boolean timed();

    /** Whether an event with these ids is relevant to this slot. */
    abstract boolean matches(ProfileStore st, long dims, int propsRef);

    /**
     * Whether events with the packed ids {@code dims} are relevant to this slot: 0 never, 1 always, 2 when
     * their properties match ({@link #matches} then decides per event).
     */
    abstract int relevance(long dims);

    /** Event types this slot listens to; empty for "any type". */
    abstract int[] types();

    /** Grows side structures (not the slab) to {@code capacity} rows. */
    void grow(int capacity) {
    }

    abstract void reset(int row);

    /** A matching event at history position {@code pos} of profile row {@code p}. */
    abstract void add(ProfileStore st, int p, int row, int pos, long t, long dims, int propsRef, long micros, long now);

    /** Brings the state to time {@code now}: drops what left the window, resolves what became known. */
    abstract void expire(ProfileStore st, int p, int row, long now);

    /**
     * The earliest time after {@code now} at which a condition reading this state can change its truth value
     * with no event, or {@link #NEVER}; the state must have been brought to {@code now} by {@link #expire}.
     * It may be earlier than such a change (the timer then fires, finds nothing, and re-arms) but never
     * later.
     */
    abstract long deadline(ProfileStore st, int p, int row, long now);

    /**
     * Whether adding a matching event at {@code t} (with ids {@code dims}) to row {@code row}, whose state is
     * brought to {@code now}, would leave every condition reading this slot with the same truth value; asked
     * before the event is added. False unless the slot can tell cheaply (the default).
     */
    boolean keeps(int row, long t, long dims, long now) {
        return false;
    }

    /** Heap bytes held outside the slab. */
    long bytes() {
        return 0;
    }

    static long minAfter(long base, long[] ages, long now, long best) {
        if (base == NONE) {
            return best;
        }
        for (long a : ages) {
            long d = base + a;
            if (d > now && d < best) {
                best = d;
            }
        }
        return best;
    }

    static long[] addAge(long[] ages, long age) {
        for (long a : ages) {
            if (a == age) {
                return ages;
            }
        }
        long[] out = java.util.Arrays.copyOf(ages, ages.length + 1);
        out[ages.length] = age;
        return out;
    }
}
