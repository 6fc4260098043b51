package io.omnicanal.segmentation.internal;

import io.omnicanal.segmentation.Condition;
import java.util.Arrays;

/**
 * Count, exact sum (micro-units) and optionally distinct channels/devices of the events matching a filter,
 * over a sliding window or the whole history.
 *
 * <p>Design note. For a window {@code w} the slot keeps, per profile, a cursor on the oldest matching
 * in-window event of the time-sorted history. Adding an event is O(1); {@link #expire} pops from the
 * cursor while {@code time + w <= now} and moves the cursor to the next matching event, so each event is
 * popped once: amortised O(1) per event, exact to the millisecond, with no bucketing. When, judged by
 * time, fewer events stay in the window than leave it, {@link #expire} instead recounts the staying ones
 * from the newest backwards (see {@code expireFromNewest}), which is what a timer firing at a threshold
 * crossing usually finds. Expiry is lazy: it
 * runs when the state is read (every reader calls {@link #expire} first) or when the slot's timer fires,
 * not each time an event leaves the window. Sums are longs of micro-units so that add-then-subtract is
 * exact and the incremental value equals the batch recomputation bit for bit. Distinct channels/devices
 * use a small per-profile multiset {@code [n, id0, count0, id1, count1, ...]}. Slab longs: one packing the
 * count (low 32 bits) and the cursor (high 32 bits: history position of the oldest in-window event, or -1);
 * for a window, the time of the event at the cursor; then, only when a condition or RFM reads the sum
 * ({@link #keepSum}), the sum in micro-units. Counts thus take two longs per profile (one for whole-history
 * ones) instead of three, which shrinks the per-profile block and the cache lines an event touches.
 *
 * <p>The cursor's time is kept in the block so that bringing the state to {@code now} reads the history
 * only when something actually leaves and something stays: when nothing has left ({@code cursorTime +
 * window > now}) or the only event in the window has left, {@link #expire} touches no history at all. The
 * cursor sits at a cold position of the history (the window's oldest event), so this saves a cache miss
 * per slot on most events and timer firings.
 *
 * <p>Threshold timers. The slot knows the conditions that read it ({@link #condition}: a measure and a
 * {@code [min, max]} range). Its {@link #deadline} is the first instant at which one of them changes its
 * truth value as events leave the window, not the next departure: for "count >= 3 in 30 days" that is
 * when the third newest matching event leaves, however many are in the window. Count and distinct counts
 * only fall as events leave, so the instant is found by walking back from the newest matching event over
 * groups of equal time until every condition's bound is passed (a few events for the usual small
 * thresholds). Sums fall too while every value seen is non-negative; once a negative value has been
 * added the slot simulates departures forward from the oldest in-window event instead, which is exact for
 * any sign. When RFM scores read the slot ({@link #exact}) every departure counts.
 */
final class AggSlot extends Slot {
    private static final int MEASURES = Condition.Measure.values().length;

    final Filter filter;
    /** Window in milliseconds, or 0 for the whole history. */
    final long window;
    boolean trackChannels;
    boolean trackDevices;
    /** Whether every change of count or sum matters (RFM scores read them), not only threshold crossings. */
    boolean exact;
    /** Whether the sum is kept (a condition on the sum, or RFM monetary, reads it); set before layout. */
    boolean keepSum;
    /** Whether a matching event with a negative value was ever added (sums are then not monotone). */
    private boolean negative;
    /** Per measure ordinal: registered ranges as {@code [min0, max0, min1, max1, ...]}. */
    private final double[][] ranges = new double[MEASURES][0];
    int[][] chSet;
    int[][] devSet;
    /** Scratch for distinct ids while walking back. */
    private int[] seen = new int[8];

    AggSlot(Filter filter, long window) {
        this.filter = filter;
        this.window = window;
    }

    /** Registers a condition that reads this slot: its truth changes are what the timer must catch. */
    void condition(Condition.Measure measure, double min, double max) {
        if (measure == Condition.Measure.SUM) {
            keepSum = true;
        }
        double[] r = ranges[measure.ordinal()];
        for (int i = 0; i < r.length; i += 2) {
            if (r[i] == min && r[i + 1] == max) {
                return;
            }
        }
        r = Arrays.copyOf(r, r.length + 2);
        r[r.length - 2] = min;
        r[r.length - 1] = max;
        ranges[measure.ordinal()] = r;
    }

    @Override
    boolean matches(ProfileStore st, long dims, int propsRef) {
        return filter.matches(st, dims, propsRef);
    }

    @Override
    boolean timed() {
        return window > 0;
    }

    @Override
    int width() {
        return (window > 0 ? 2 : 1) + (keepSum ? 1 : 0);
    }

    /** Offset of the sum within the slot's longs. */
    private int sumOff() {
        return window > 0 ? 2 : 1;
    }

    private static int countOf(long w) {
        return (int) w;
    }

    private static int cursorOf(long w) {
        return (int) (w >> 32);
    }

    private static long pack(int cursor, int count) {
        return (long) cursor << 32 | (count & 0xFFFF_FFFFL);
    }

    @Override
    int[] types() {
        return filter.type < 0 ? new int[0] : new int[] {filter.type};
    }

    @Override
    void grow(int capacity) {
        if (trackChannels) {
            chSet = chSet == null ? new int[capacity][] : Arrays.copyOf(chSet, capacity);
        }
        if (trackDevices) {
            devSet = devSet == null ? new int[capacity][] : Arrays.copyOf(devSet, capacity);
        }
    }

    @Override
    void reset(int row) {
        long[] a = slab.a;
        int o = at(row);
        a[o] = pack(-1, 0);
        if (window > 0) {
            a[o + 1] = NONE;
        }
        if (keepSum) {
            a[o + sumOff()] = 0;
        }
        if (trackChannels) {
            chSet[row] = null;
        }
        if (trackDevices) {
            devSet[row] = null;
        }
    }

    @Override
    void add(ProfileStore st, int p, int row, int pos, long t, long dims, int propsRef, long micros, long now) {
        long[] a = slab.a;
        int o = at(row);
        long w = a[o];
        int n = countOf(w);
        int cursor = cursorOf(w);
        if (window > 0) {
            if (t <= now - window) {
                return;
            }
            if (n == 0) {
                cursor = pos;
                a[o + 1] = t;
            }
        }
        a[o] = pack(cursor, n + 1);
        if (keepSum) {
            if (micros < 0) {
                negative = true;
            }
            a[o + sumOff()] += micros;
        }
        if (trackChannels) {
            int ch = ProfileStore.channel(dims);
            if (ch >= 0) {
                chSet[row] = inc(chSet[row], ch);
            }
        }
        if (trackDevices) {
            int dev = ProfileStore.device(dims);
            if (dev >= 0) {
                devSet[row] = inc(devSet[row], dev);
            }
        }
    }

    @Override
    void expire(ProfileStore st, int p, int row, long now) {
        if (window == 0) {
            return;
        }
        long[] a = slab.a;
        int o = at(row);
        long w = a[o];
        int n = countOf(w);
        if (n == 0 || a[o + 1] + window > now) {
            return; // empty, or the oldest in-window event is still in: no history read
        }
        int so = o + sumOff();
        if (n == 1) {
            // The only event in the window left: everything goes, nothing to read.
            a[o] = pack(-1, 0);
            a[o + 1] = NONE;
            if (keepSum) {
                a[so] = 0;
            }
            if (trackChannels && chSet[row] != null) {
                chSet[row][0] = 0;
            }
            if (trackDevices && devSet[row] != null) {
                devSet[row][0] = 0;
            }
            return;
        }
        int c = cursorOf(w);
        long edge = now - window;
        if (edge - a[o + 1] > st.lastTime(p) - edge) {
            expireFromNewest(st, p, row, o, c, edge);
            return;
        }
        long ct;
        while ((ct = st.time(p, c)) + window <= now) {
            n--;
            long word = st.word(p, c);
            if (keepSum) {
                a[so] -= st.micros(p, word);
            }
            long dims = st.dims(word);
            if (trackChannels && ProfileStore.channel(dims) >= 0) {
                chSet[row] = dec(chSet[row], ProfileStore.channel(dims));
            }
            if (trackDevices && ProfileStore.device(dims) >= 0) {
                devSet[row] = dec(devSet[row], ProfileStore.device(dims));
            }
            if (n == 0) {
                c = -1;
                ct = NONE;
                if (keepSum) {
                    a[so] = 0;
                }
                break;
            }
            c++;
            while (!filter.matchesAt(st, p, c)) {
                c++;
            }
        }
        a[o] = pack(c, n);
        a[o + 1] = ct;
    }

    /**
     * Expiry from the other end: recounts the events still in the window (time after {@code edge}) walking
     * back from the newest, and recomputes sum and distinct multisets from them. Chosen when, judged by time,
     * fewer events stay than leave: after a timer fired at a threshold crossing ("fewer than 2 left") only
     * one or two stay, while a forward walk would pass every departed event from the old cursor on, at a
     * cold position of the history. Every matching event after the cursor was added to the slot (history
     * is time-sorted and late events rebuild the profile), so the result equals the forward walk's.
     */
    private void expireFromNewest(ProfileStore st, int p, int row, int o, int oldCursor, long edge) {
        long[] a = slab.a;
        int n = 0;
        long sum = 0;
        int cursor = -1;
        long ct = NONE;
        if (trackChannels && chSet[row] != null) {
            chSet[row][0] = 0;
        }
        if (trackDevices && devSet[row] != null) {
            devSet[row][0] = 0;
        }
        for (int i = st.size[p] - 1; i >= oldCursor; i--) {
            long word = st.word(p, i);
            if (!filter.matchesWord(st, p, word)) {
                continue;
            }
            long t = st.time(p, i);
            if (t <= edge) {
                break;
            }
            n++;
            cursor = i;
            ct = t;
            if (keepSum) {
                sum += st.micros(p, word);
            }
            long dims = st.dims(word);
            if (trackChannels && ProfileStore.channel(dims) >= 0) {
                chSet[row] = inc(chSet[row], ProfileStore.channel(dims));
            }
            if (trackDevices && ProfileStore.device(dims) >= 0) {
                devSet[row] = inc(devSet[row], ProfileStore.device(dims));
            }
        }
        a[o] = pack(cursor, n);
        a[o + 1] = ct;
        if (keepSum) {
            a[o + sumOff()] = sum;
        }
    }

    /**
     * Whether {@link #expire} may change what conditions see at {@code now}: false while {@code now} is
     * before the slot's recorded deadline (no condition's truth value has changed since the state was last
     * brought up to date), and for whole-history slots. Rows without recorded deadlines (batch state,
     * fully expired by the rebuild) report {@link #NEVER} and are never stale.
     */
    boolean mayBeStale(int row, long now) {
        return window > 0 && slab.a[row * slab.stride + dueOff] <= now;
    }

    @Override
    long deadline(ProfileStore st, int p, int row, long now) {
        long[] a = slab.a;
        int o = at(row);
        if (window == 0 || countOf(a[o]) == 0) {
            return NEVER;
        }
        int cursor = cursorOf(a[o]);
        if (exact) {
            return a[o + 1] + window;
        }
        long best = NEVER;
        for (int m = 0; m < MEASURES; m++) {
            double[] r = ranges[m];
            if (r.length == 0) {
                continue;
            }
            long d;
            if (m == Condition.Measure.SUM.ordinal() && negative) {
                d = sumForward(st, p, cursor, a[o + sumOff()], r);
            } else {
                d = walkBack(st, p, row, cursor, m, r);
            }
            best = Math.min(best, d);
        }
        return best;
    }

    /** The measure's current value as conditions see it (the same arithmetic as their evaluation). */
    private double value(int m, int row) {
        if (m == Condition.Measure.COUNT.ordinal()) {
            return count(row);
        } else if (m == Condition.Measure.SUM.ordinal()) {
            return sumMicros(row) / 1e6;
        } else if (m == Condition.Measure.DISTINCT_CHANNELS.ordinal()) {
            return distinctChannels(row);
        }
        return distinctDevices(row);
    }

    private static boolean in(double v, double[] r, int i) {
        return v >= r[i] && v <= r[i + 1];
    }

    /**
     * For a measure that can only fall as events leave: walks back from the newest matching event, one
     * group of equal times at a time, tracking {@code x}, the value once that group and every older one
     * has left. A condition true now turns false at the oldest group whose departure leaves {@code x < min};
     * one false because the value is above {@code max} turns true at the oldest group leaving
     * {@code min <= x <= max}; one false because the value is below {@code min} never turns. The walk stops
     * as soon as {@code x} has passed every live condition's bound.
     */
    private long walkBack(ProfileStore st, int p, int row, int cursor, int m, double[] r) {
        double v = value(m, row);
        int n = r.length / 2;
        long live = 0;
        long truthNow = 0;
        for (int j = 0; j < n && j < 64; j++) {
            boolean t = in(v, r, 2 * j);
            if (t) {
                truthNow |= 1L << j;
                live |= 1L << j;
            } else if (v > r[2 * j + 1] && r[2 * j] <= r[2 * j + 1]) {
                live |= 1L << j;
            }
        }
        if (n > 64) {
            return st.time(p, cursor) + window; // more ranges than the walk tracks: wake at every departure
        }
        boolean distinctCh = m == Condition.Measure.DISTINCT_CHANNELS.ordinal();
        boolean distinctDev = m == Condition.Measure.DISTINCT_DEVICES.ordinal();
        boolean sum = m == Condition.Measure.SUM.ordinal();
        long acc = 0;
        int seenN = 0;
        long group = Long.MIN_VALUE;
        long oldest = NONE;
        for (int i = st.size[p] - 1; i >= cursor && live != 0; i--) {
            long word = st.word(p, i);
            if (!filter.matchesWord(st, p, word)) {
                continue;
            }
            long t = st.time(p, i);
            if (t != group) {
                group = t;
                double x = sum ? acc / 1e6 : acc;
                for (long l = live; l != 0; l &= l - 1) {
                    int j = Long.numberOfTrailingZeros(l);
                    if ((truthNow & (1L << j)) != 0) {
                        if (x >= r[2 * j]) {
                            live &= ~(1L << j);
                        } else {
                            oldest = t;
                        }
                    } else if (x > r[2 * j + 1]) {
                        live &= ~(1L << j);
                    } else if (x >= r[2 * j]) {
                        oldest = t;
                    }
                }
                if (live == 0) {
                    break;
                }
            }
            if (sum) {
                acc += st.micros(p, word);
            } else if (distinctCh || distinctDev) {
                long dims = st.dims(word);
                int id = distinctCh ? ProfileStore.channel(dims) : ProfileStore.device(dims);
                if (id >= 0 && indexOf(seen, seenN, id) < 0) {
                    if (seenN == seen.length) {
                        seen = Arrays.copyOf(seen, 2 * seenN);
                    }
                    seen[seenN++] = id;
                    acc++;
                }
            } else {
                acc++;
            }
        }
        return oldest == NONE ? NEVER : oldest + window;
    }

    /**
     * For sums that may rise as events leave (a negative value was seen): simulates departures from the
     * oldest in-window event forward, one group of equal times at a time, and returns the departure
     * instant of the first group after which some condition's truth value differs from now.
     */
    private long sumForward(ProfileStore st, int p, int cursor, long sum, double[] r) {
        int n = st.size[p];
        double v = sum / 1e6;
        long rem = sum;
        long group = st.time(p, cursor);
        for (int i = cursor; i < n; i++) {
            if (!filter.matchesAt(st, p, i)) {
                continue;
            }
            long t = st.time(p, i);
            if (t != group) {
                if (differs(v, rem / 1e6, r)) {
                    return group + window;
                }
                group = t;
            }
            rem -= st.microsAt(p, i);
        }
        return differs(v, rem / 1e6, r) ? group + window : NEVER;
    }

    private static boolean differs(double v, double x, double[] r) {
        for (int i = 0; i < r.length; i += 2) {
            if (in(v, r, i) != in(x, r, i)) {
                return true;
            }
        }
        return false;
    }

    private static int indexOf(int[] a, int n, int id) {
        for (int i = 0; i < n; i++) {
            if (a[i] == id) {
                return i;
            }
        }
        return -1;
    }

    int count(int row) {
        return countOf(slab.a[at(row)]);
    }

    /** The sum in micro-units; only for slots whose sum is kept (a reader registered it before layout). */
    long sumMicros(int row) {
        if (!keepSum) {
            throw new IllegalStateException("sum read from a slot that does not keep it (window " + window + " ms)");
        }
        return slab.a[at(row) + sumOff()];
    }

    int distinctChannels(int row) {
        return chSet[row] == null ? 0 : chSet[row][0];
    }

    int distinctDevices(int row) {
        return devSet[row] == null ? 0 : devSet[row][0];
    }

    private static int[] inc(int[] set, int id) {
        if (set == null) {
            set = new int[5];
        }
        int n = set[0];
        for (int i = 0; i < n; i++) {
            if (set[1 + 2 * i] == id) {
                set[2 + 2 * i]++;
                return set;
            }
        }
        if (1 + 2 * (n + 1) > set.length) {
            set = Arrays.copyOf(set, 1 + 4 * (n + 1));
        }
        set[1 + 2 * n] = id;
        set[2 + 2 * n] = 1;
        set[0] = n + 1;
        return set;
    }

    private static int[] dec(int[] set, int id) {
        int n = set[0];
        for (int i = 0; i < n; i++) {
            if (set[1 + 2 * i] == id) {
                if (--set[2 + 2 * i] == 0) {
                    set[1 + 2 * i] = set[1 + 2 * (n - 1)];
                    set[2 + 2 * i] = set[2 + 2 * (n - 1)];
                    set[0] = n - 1;
                }
                return set;
            }
        }
        throw new IllegalStateException("multiset lost id " + id);
    }

    @Override
    long bytes() {
        long b = 0;
        for (int[][] sets : new int[][][] {chSet, devSet}) {
            if (sets != null) {
                b += 8L * sets.length;
                for (int[] s : sets) {
                    b += s == null ? 0 : 16 + 4L * s.length;
                }
            }
        }
        return b;
    }
}
