package io.omnicanal.segmentation.internal;

/**
 * First and last time of the events matching a filter and, when {@code gap > 0}, the latest "return": a
 * matching event at least {@code gap} after its predecessor (slab longs: first, last, and the latest return
 * only when {@code gap > 0}; {@link #NONE} when absent). Conditions register the ages they compare
 * against so that {@link #deadline} reports the exact instant an age threshold is crossed.
 */
final class TimeSlot extends Slot {
    final Filter filter;
    final long gap;
    long[] firstAges = new long[0];
    long[] lastAges = new long[0];
    long[] backAges = new long[0];

    TimeSlot(Filter filter, long gap) {
        this.filter = filter;
        this.gap = gap;
    }

    @Override
    boolean matches(ProfileStore st, long dims, int propsRef) {
        return filter.matches(st, dims, propsRef);
    }

    @Override
    int width() {
        return gap > 0 ? 3 : 2;
    }

    @Override
    int relevance(long dims) {
        return filter.relevance(dims);
    }

    @Override
    boolean timed() {
        return firstAges.length + lastAges.length + backAges.length > 0;
    }

    @Override
    int[] types() {
        return filter.type < 0 ? new int[0] : new int[] {filter.type};
    }

    @Override
    void reset(int row) {
        long[] a = slab.a;
        int o = at(row);
        a[o] = NONE;
        a[o + 1] = NONE;
        if (gap > 0) {
            a[o + 2] = NONE;
        }
    }

    @Override
    void add(ProfileStore st, int p, int row, int pos, long t, long dims, int propsRef, long micros, long now) {
        long[] a = slab.a;
        int o = at(row);
        if (a[o] == NONE) {
            a[o] = t;
        } else if (gap > 0 && t - a[o + 1] >= gap) {
            a[o + 2] = t;
        }
        a[o + 1] = t;
    }

    @Override
    void expire(ProfileStore st, int p, int row, long now) {
        // Nothing is dropped: ages are compared against now when conditions are evaluated.
    }

    @Override
    long deadline(ProfileStore st, int p, int row, long now) {
        long[] a = slab.a;
        int o = at(row);
        long best = minAfter(a[o], firstAges, now, NEVER);
        best = minAfter(a[o + 1], lastAges, now, best);
        return gap > 0 ? minAfter(a[o + 2], backAges, now, best) : best;
    }

    long first(int row) {
        return slab.a[at(row)];
    }

    long last(int row) {
        return slab.a[at(row) + 1];
    }

    long back(int row) {
        return gap > 0 ? slab.a[at(row) + 2] : NONE;
    }
}
