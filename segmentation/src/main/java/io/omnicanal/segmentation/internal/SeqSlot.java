package io.omnicanal.segmentation.internal;

import java.util.Arrays;

/**
 * "An event matching {@code a} at {@code t} with no event matching {@code b} in {@code [t, t + within)}",
 * kept incrementally.
 *
 * <p>Design note. Per profile: {@code pend}, the history position of the oldest {@code a} event whose
 * outcome is still open (every later {@code a} is open too, because any {@code b} closes all open ones:
 * it falls inside each open window); {@code lastB}, the time of the latest {@code b}, so that an {@code a}
 * at the same instant as an earlier-recorded {@code b} is closed at once; {@code lastAb}, the time of the
 * latest abandoned {@code a}. When the clock reaches {@code time(pend) + within} that {@code a} is
 * abandoned and {@code pend} moves to the next {@code a}: amortised O(1) per event.
 */
final class SeqSlot extends Slot {
    final Filter a;
    final Filter b;
    final long within;
    long[] lookbacks = new long[0];
    int[] pend = new int[0];
    long[] lastB = new long[0];
    long[] lastAb = new long[0];

    SeqSlot(Filter a, Filter b, long within) {
        this.a = a;
        this.b = b;
        this.within = within;
    }

    @Override
    boolean matches(ProfileStore st, long dims, int propsRef) {
        return a.matches(st, dims, propsRef) || b.matches(st, dims, propsRef);
    }

    @Override
    boolean timed() {
        return true;
    }

    @Override
    int[] types() {
        if (a.type < 0 || b.type < 0) {
            return new int[0];
        }
        return a.type == b.type ? new int[] {a.type} : new int[] {a.type, b.type};
    }

    @Override
    void grow(int capacity) {
        int old = pend.length;
        pend = Arrays.copyOf(pend, capacity);
        lastB = Arrays.copyOf(lastB, capacity);
        lastAb = Arrays.copyOf(lastAb, capacity);
        Arrays.fill(pend, old, capacity, -1);
        Arrays.fill(lastB, old, capacity, NONE);
        Arrays.fill(lastAb, old, capacity, NONE);
    }

    @Override
    void reset(int row) {
        pend[row] = -1;
        lastB[row] = NONE;
        lastAb[row] = NONE;
    }

    @Override
    void add(ProfileStore st, int p, int row, int pos, long t, long dims, int propsRef, double value, long now) {
        expire(st, p, row, t);
        if (b.matches(st, dims, propsRef)) {
            pend[row] = -1;
            lastB[row] = t;
        }
        if (a.matches(st, dims, propsRef) && lastB[row] != t && pend[row] < 0) {
            pend[row] = pos;
        }
    }

    @Override
    void expire(ProfileStore st, int p, int row, long now) {
        int c = pend[row];
        int n = st.size[p];
        while (c >= 0) {
            long t = st.time(p, c);
            if (t + within > now) {
                break;
            }
            lastAb[row] = t;
            c++;
            while (c < n && !a.matchesAt(st, p, c)) {
                c++;
            }
            if (c == n) {
                c = -1;
            }
        }
        pend[row] = c;
    }

    @Override
    long deadline(ProfileStore st, int p, int row, long now) {
        long best = pend[row] >= 0 ? st.time(p, pend[row]) + within : NEVER;
        return minAfter(lastAb[row], lookbacks, now, best);
    }

    boolean abandonedSince(int row, long now, long lookback) {
        long t = lastAb[row];
        return t != NONE && (lookback == 0 || t > now - lookback);
    }

    @Override
    long bytes() {
        return 4L * pend.length + 8L * (lastB.length + lastAb.length);
    }
}
