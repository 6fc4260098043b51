package io.omnicanal.segmentation.internal;

import java.util.Arrays;

/**
 * First and last time of the events matching a filter and, when {@code gap > 0}, the latest "return": a
 * matching event at least {@code gap} after its predecessor. Conditions register the ages they compare
 * against so that {@link #deadline} reports the exact instant an age threshold is crossed.
 */
final class TimeSlot extends Slot {
    final Filter filter;
    final long gap;
    long[] first = new long[0];
    long[] last = new long[0];
    long[] back = new long[0];
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
    boolean timed() {
        return firstAges.length + lastAges.length + backAges.length > 0;
    }

    @Override
    int[] types() {
        return filter.type < 0 ? new int[0] : new int[] {filter.type};
    }

    @Override
    void grow(int capacity) {
        int old = first.length;
        first = Arrays.copyOf(first, capacity);
        last = Arrays.copyOf(last, capacity);
        Arrays.fill(first, old, capacity, NONE);
        Arrays.fill(last, old, capacity, NONE);
        if (gap > 0) {
            back = Arrays.copyOf(back, capacity);
            Arrays.fill(back, old, capacity, NONE);
        }
    }

    @Override
    void reset(int row) {
        first[row] = NONE;
        last[row] = NONE;
        if (gap > 0) {
            back[row] = NONE;
        }
    }

    @Override
    void add(ProfileStore st, int p, int row, int pos, long t, long dims, int propsRef, double value, long now) {
        if (first[row] == NONE) {
            first[row] = t;
        } else if (gap > 0 && t - last[row] >= gap) {
            back[row] = t;
        }
        last[row] = t;
    }

    @Override
    void expire(ProfileStore st, int p, int row, long now) {
        // Nothing is dropped: ages are compared against now when conditions are evaluated.
    }

    @Override
    long deadline(ProfileStore st, int p, int row, long now) {
        long best = minAfter(first[row], firstAges, now, NEVER);
        best = minAfter(last[row], lastAges, now, best);
        if (gap > 0) {
            best = minAfter(back[row], backAges, now, best);
        }
        return best;
    }

    @Override
    long bytes() {
        return 8L * (first.length + last.length + back.length);
    }
}
