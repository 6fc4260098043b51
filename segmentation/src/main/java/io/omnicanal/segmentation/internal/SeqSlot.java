package io.omnicanal.segmentation.internal;

/**
 * "An event matching {@code a} at {@code t} with no event matching {@code b} in {@code [t, t + within)}",
 * kept incrementally.
 *
 * <p>Design note. Per profile: {@code pend}, the history position of the oldest {@code a} event whose
 * outcome is still open (every later {@code a} is open too, because any {@code b} closes all open ones:
 * it falls inside each open window); {@code lastB}, the time of the latest {@code b}, so that an {@code a}
 * at the same instant as an earlier-recorded {@code b} is closed at once; {@code lastAb}, the time of the
 * latest abandoned {@code a}. When the clock reaches {@code time(pend) + within} that {@code a} is
 * abandoned and {@code pend} moves to the next {@code a}: amortised O(1) per event. Slab longs: pend
 * (-1 when none), lastB, lastAb.
 */
final class SeqSlot extends Slot {
    final Filter a;
    final Filter b;
    final long within;
    long[] lookbacks = new long[0];

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
    int relevance(long dims) {
        int ra = a.relevance(dims);
        int rb = b.relevance(dims);
        return ra == 1 || rb == 1 ? 1 : Math.max(ra, rb);
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
    void reset(int row) {
        long[] s = slab.a;
        int o = at(row);
        s[o] = -1;
        s[o + 1] = NONE;
        s[o + 2] = NONE;
    }

    @Override
    void add(ProfileStore st, int p, int row, int pos, long t, long dims, int propsRef, long micros, long now) {
        expire(st, p, row, t);
        long[] s = slab.a;
        int o = at(row);
        if (b.matches(st, dims, propsRef)) {
            s[o] = -1;
            s[o + 1] = t;
        }
        if (a.matches(st, dims, propsRef) && s[o + 1] != t && s[o] < 0) {
            s[o] = pos;
        }
    }

    @Override
    void expire(ProfileStore st, int p, int row, long now) {
        long[] s = slab.a;
        int o = at(row);
        int c = (int) s[o];
        int n = st.size[p];
        while (c >= 0) {
            long t = st.time(p, c);
            if (t + within > now) {
                break;
            }
            s[o + 2] = t;
            c++;
            while (c < n && !a.matchesAt(st, p, c)) {
                c++;
            }
            if (c == n) {
                c = -1;
            }
        }
        s[o] = c;
    }

    @Override
    long deadline(ProfileStore st, int p, int row, long now) {
        long[] s = slab.a;
        int o = at(row);
        long best = s[o] >= 0 ? st.time(p, (int) s[o]) + within : NEVER;
        return minAfter(s[o + 2], lookbacks, now, best);
    }

    boolean abandonedSince(int row, long now, long lookback) {
        long t = slab.a[at(row) + 2];
        return t != NONE && (lookback == 0 || t > now - lookback);
    }
}
