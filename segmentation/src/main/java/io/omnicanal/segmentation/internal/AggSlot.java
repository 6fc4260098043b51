package io.omnicanal.segmentation.internal;

import io.omnicanal.segmentation.Condition;
import java.util.Arrays;

/**
 * Count, exact sum (micro-units) and optionally distinct channels/devices of the events matching a filter,
 * over a sliding window or the whole history.
 *
 * <p>Design note. The slot's longs in a profile's state block depend on who reads it, fixed once the
 * catalog is compiled ({@link #settle}):
 * <ul>
 * <li><b>Count ring</b> (a windowed count read only by conditions whose bounds are small, the usual "at
 * least 2 in 7 days", "none in 7 days"). A condition on a count compares it with its bounds only, so the
 * count can saturate at {@code S}, the least integer above every finite maximum and at or above every
 * finite minimum: every condition gives the same answer for {@code min(count, S)} as for the count. The
 * slot keeps the times of the {@code S} newest matching events ({@code S <= } {@link #RING_MAX}), newest
 * first; the saturated count at {@code now} is the number of them still in the window, and the instant a
 * condition changes is read from them ("at least 2" fails when the second newest leaves). Adding shifts
 * the ring; nothing is ever expired, and no history is read: the window's oldest event, at a cold
 * position of the history, is never visited.
 * Ring-only slots of one filter that differ only in window ("2 views in 1, 7 and 30 days") share one ring
 * (compiled catalog, {@code shareRings}): the first of them in slot order owns it, as long as the longest
 * saturation among them and keeping every event of the longest window; the others hold no state and read
 * the owner's newest times against their own window and bounds (a count saturated higher gives every
 * condition the same answer, and the newest {@code S} times of a longer ring are the ring of {@code S}).
 * The owner is dispatched before them, so their deadlines are computed on the updated ring.</li>
 * <li><b>Cursor</b> (a windowed sum, a count read by RFM, or a count bound above {@code RING_MAX}): a
 * cursor on the oldest matching in-window event of the time-sorted history. Adding an event is O(1);
 * {@link #expire} pops from the cursor while {@code time + w <= now} and moves the cursor to the next
 * matching event, so each event is popped once: amortised O(1) per event, exact to the millisecond, with
 * no bucketing. When, judged by time, fewer events stay in the window than leave it, {@link #expire}
 * instead recounts the staying ones from the newest backwards (see {@code expireFromNewest}), which is
 * what a timer firing at a threshold crossing usually finds. Expiry is lazy: it runs when the state is
 * read (every reader calls {@link #expire} first) or when the slot's timer fires, not each time an event
 * leaves the window. Longs: one packing the count (low 32 bits) and the cursor (high 32 bits: history
 * position of the oldest in-window event, or -1), then the time of the event at the cursor, so that
 * bringing the state to {@code now} reads the history only when something actually leaves and something
 * stays.</li>
 * <li><b>Counter</b> (whole history): one count word.</li>
 * </ul>
 * Then, when a condition or RFM reads it ({@link #keepSum}), the sum in micro-units: longs, so that
 * add-then-subtract is exact and the incremental value equals the batch recomputation bit for bit.
 *
 * <p>Distinct channels/devices are kept as the time each id was last seen: an id is in the window while
 * its latest matching event is, so the distinct count at {@code now} is the number of ids last seen after
 * {@code now - w}, and it changes only when an id's last sighting leaves. Up to {@link #INLINE_IDS} ids
 * live in the block (one word packing their 16-bit ids, then their times); a fifth id, or an id beyond
 * 16 bits, moves the profile's ids to a side array. Ids whose sighting left the window free their place.
 * No history is read, on expiry or for a deadline. (Until this session: a per-profile multiset of id
 * counts in a side array, decremented as events left: a cache miss on every event of the filter.)
 *
 * <p>Threshold timers. The slot knows the conditions that read it ({@link #condition}: a measure and a
 * {@code [min, max]} range). Its {@link #deadline} is the first instant at which one of them changes its
 * truth value as events leave the window, not the next departure: for "count >= 3 in 30 days" that is
 * when the third newest matching event leaves, however many are in the window. Counts and distinct
 * counts only fall as events leave: the instant is found by walking their times from the newest, one
 * group of equal times at a time, until every condition's bound is passed (the ring's or the last-seen
 * times; for a cursor count, the history back from the newest). Sums fall too while every value seen is
 * non-negative (the same walk over the history); once a negative value has been added the slot simulates
 * departures forward from the oldest in-window event instead, which is exact for any sign. When RFM
 * scores read the slot ({@link #exact}) every departure counts.
 */
final class AggSlot extends Slot {
    private static final int MEASURES = Condition.Measure.values().length;
    /** The largest saturation kept as a ring of times; larger bounds use the cursor. */
    static final int RING_MAX = 8;
    /** Distinct ids kept in the state block per measure before the profile's ids move to a side array. */
    static final int INLINE_IDS = 4;
    /** The id word of a profile whose ids live in the side array. */
    private static final long SPILLED = -1L;
    private static final int ID_FIELD = 0xFFFF;

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

    // Layout, fixed by settle().
    /** Length of the count ring (0: no ring). */
    private int ring;
    /**
     * For {@link #keeps}: the saturation of this slot's own count conditions when the count is a ring (the
     * ring of a shared ring's owner may be longer) or a plain whole-history counter, else -1 (a cursor count
     * or a sum, or RFM reading it); the same for the distinct counts. Bit {@code n} of a flips word is set
     * when some condition's truth value differs between the values {@code n} and {@code n + 1} (all set
     * beyond what the word can tell).
     */
    private int countSat;
    /** For a ring: {@link #crossings(double[], int)} of its count ranges, or null (no ring, or too many ranges). */
    private long[] ringCross;
    /** Whether the slot is a ring read by count conditions only (its deadline is the ring's alone). */
    private boolean ringOnly;
    private long countFlips;
    private int chSat;
    private long chFlips;
    private int devSat;
    private long devFlips;
    /** Whether the count is kept with a cursor (windowed) or as a plain counter (whole history). */
    private boolean counted;
    private int sumOff = -1;
    private int chOff = -1;
    private int devOff = -1;
    private int width;

    /** The slot whose ring this one reads: itself, or the owner of a ring shared by slots of the same filter. */
    private AggSlot ringOwner = this;
    /** Matching events older than {@code now} minus this are not added: the longest window reading the state. */
    private long keepWindow;

    /** Per row, ids of profiles with more than {@link #INLINE_IDS}: {@code [n, id0, t0, id1, t1, ...]}, or null. */
    long[][] chSpill;
    long[][] devSpill;
    /** Scratch for sorting last-seen times. */
    private long[] times = new long[2 * INLINE_IDS];

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

    /**
     * The count at which every registered count condition saturates: the least integer at or above every
     * finite minimum and above every finite maximum (at least 1), or 0 when no condition reads the count;
     * {@link Integer#MAX_VALUE} when a bound is beyond the int range.
     */
    int saturation() {
        return saturation(ranges[Condition.Measure.COUNT.ordinal()]);
    }

    /** As {@link #saturation()}, for the ranges {@code r} of any measure with integer values. */
    private static int saturation(double[] r) {
        if (r.length == 0) {
            return 0;
        }
        double s = 1;
        for (int i = 0; i < r.length; i += 2) {
            if (Double.isFinite(r[i])) {
                s = Math.max(s, Math.ceil(r[i]));
            }
            if (Double.isFinite(r[i + 1])) {
                s = Math.max(s, Math.floor(r[i + 1]) + 1);
            }
        }
        return s >= Integer.MAX_VALUE ? Integer.MAX_VALUE : (int) s;
    }

    /** Chooses the slot's layout once every reader is registered (before the slab is laid out). */
    @Override
    void settle() {
        int s = saturation();
        ring = 0;
        counted = false;
        if (window == 0) {
            counted = s > 0 || exact || keepSum;
        } else if (exact || keepSum || s > RING_MAX) {
            counted = true;
        } else {
            ring = s;
        }
        crossings();
        countSat = !counted || window == 0 && !exact && !keepSum ? s : -1;
        countFlips = flips(ranges[Condition.Measure.COUNT.ordinal()], s);
        chSat = saturation(ranges[Condition.Measure.DISTINCT_CHANNELS.ordinal()]);
        chFlips = flips(ranges[Condition.Measure.DISTINCT_CHANNELS.ordinal()], chSat);
        devSat = saturation(ranges[Condition.Measure.DISTINCT_DEVICES.ordinal()]);
        devFlips = flips(ranges[Condition.Measure.DISTINCT_DEVICES.ordinal()], devSat);
        int w = counted ? (window > 0 ? 2 : 1) : ring;
        sumOff = chOff = devOff = -1;
        if (keepSum) {
            sumOff = w++;
        }
        if (trackChannels) {
            chOff = w;
            w += 1 + INLINE_IDS;
        }
        if (trackDevices) {
            devOff = w;
            w += 1 + INLINE_IDS;
        }
        width = w;
        ringOwner = this;
        keepWindow = window;
    }

    /** Whether the slot's state is a ring of times and nothing else (it may then share or lend its ring). */
    boolean pureRing() {
        return ring > 0 && !keepSum && !trackChannels && !trackDevices && ringOwner == this;
    }

    /**
     * Lends this slot's ring to {@code f}, a pure ring of the same filter with another window (after
     * {@link #settle}, before layout): the ring grows to the longer of the two saturations (a count saturated
     * higher gives every condition the same answer), events are kept for the longer window, and {@code f}
     * holds no state: it reads the newest times of this ring against its own window and bounds.
     */
    void lead(AggSlot f) {
        ring = Math.max(ring, f.ring);
        crossings();
        width = ring;
        keepWindow = Math.max(keepWindow, f.window);
        f.ringOwner = this;
        f.width = 0;
    }

    /** The slot whose ring this one reads (itself unless it follows another). */
    AggSlot ringOwner() {
        return ringOwner;
    }

    /** Whether the count is a ring of the newest matching times (tests). */
    boolean ringed() {
        return ring > 0;
    }

    @Override
    boolean matches(ProfileStore st, long dims, int propsRef) {
        return filter.matches(st, dims, propsRef);
    }

    @Override
    int relevance(long dims) {
        return filter.relevance(dims);
    }

    @Override
    boolean timed() {
        return window > 0;
    }

    @Override
    int width() {
        return width;
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
            chSpill = chSpill == null ? new long[capacity][] : Arrays.copyOf(chSpill, capacity);
        }
        if (trackDevices) {
            devSpill = devSpill == null ? new long[capacity][] : Arrays.copyOf(devSpill, capacity);
        }
    }

    @Override
    void reset(int row) {
        if (ringOwner != this) {
            return; // a follower holds no state
        }
        long[] a = slab.a;
        int o = at(row);
        if (counted) {
            a[o] = pack(-1, 0);
            if (window > 0) {
                a[o + 1] = NONE;
            }
        }
        Arrays.fill(a, o, o + ring, NONE);
        if (keepSum) {
            a[o + sumOff] = 0;
        }
        if (trackChannels) {
            a[o + chOff] = 0;
            chSpill[row] = null;
        }
        if (trackDevices) {
            a[o + devOff] = 0;
            devSpill[row] = null;
        }
    }

    @Override
    void add(ProfileStore st, int p, int row, int pos, long t, long dims, int propsRef, long micros, long now) {
        if (ringOwner != this || window > 0 && t <= now - keepWindow) {
            return; // a follower's ring is its owner's, updated by the owner (dispatched first)
        }
        long[] a = slab.a;
        int o = at(row);
        if (counted) {
            long w = a[o];
            int n = countOf(w);
            int cursor = cursorOf(w);
            if (window > 0 && n == 0) {
                cursor = pos;
                a[o + 1] = t;
            }
            a[o] = pack(cursor, n + 1);
        } else if (ring > 0) {
            // Newest first; t is at least every time in the ring (events arrive in time order per profile).
            for (int i = o + ring - 1; i > o; i--) {
                a[i] = a[i - 1];
            }
            a[o] = t;
        }
        if (keepSum) {
            if (micros < 0) {
                negative = true;
            }
            a[o + sumOff] += micros;
        }
        if (trackChannels) {
            int ch = ProfileStore.channel(dims);
            if (ch >= 0) {
                see(a, o + chOff, chSpill, row, ch, t, now);
            }
        }
        if (trackDevices) {
            int dev = ProfileStore.device(dims);
            if (dev >= 0) {
                see(a, o + devOff, devSpill, row, dev, t, now);
            }
        }
    }

    @Override
    void expire(ProfileStore st, int p, int row, long now) {
        if (!counted || window == 0) {
            return; // rings and last-seen times are read against now; whole-history state never expires
        }
        long[] a = slab.a;
        int o = at(row);
        long w = a[o];
        int n = countOf(w);
        if (n == 0 || a[o + 1] + window > now) {
            return; // empty, or the oldest in-window event is still in: no history read
        }
        int so = o + sumOff;
        if (n == 1) {
            // The only event in the window left: everything goes, nothing to read.
            a[o] = pack(-1, 0);
            a[o + 1] = NONE;
            if (keepSum) {
                a[so] = 0;
            }
            return;
        }
        int c = cursorOf(w);
        long edge = now - window;
        if (edge - a[o + 1] > st.lastTime(p) - edge) {
            expireFromNewest(st, p, o, c, edge);
            return;
        }
        long ct;
        while ((ct = st.time(p, c)) + window <= now) {
            n--;
            if (keepSum) {
                a[so] -= st.microsAt(p, c);
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
     * back from the newest, and recomputes the sum from them. Chosen when, judged by time, fewer events stay
     * than leave: after a timer fired at a threshold crossing ("fewer than 2 left") only one or two stay,
     * while a forward walk would pass every departed event from the old cursor on, at a cold position of
     * the history. Every matching event after the cursor was added to the slot (history is time-sorted and
     * late events rebuild the profile), so the result equals the forward walk's.
     */
    private void expireFromNewest(ProfileStore st, int p, int o, int oldCursor, long edge) {
        long[] a = slab.a;
        int n = 0;
        long sum = 0;
        int cursor = -1;
        long ct = NONE;
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
        }
        a[o] = pack(cursor, n);
        a[o + 1] = ct;
        if (keepSum) {
            a[o + sumOff] = sum;
        }
    }

    /**
     * Whether {@link #expire} may change what conditions see at {@code now}: false while {@code now} is
     * before the slot's recorded deadline (no condition's truth value has changed since the state was last
     * brought up to date), for whole-history slots, and for rings and last-seen times (read against
     * {@code now}, never expired). Rows without recorded deadlines (batch state, fully expired by the
     * rebuild) report {@link #NEVER} and are never stale.
     */
    boolean mayBeStale(int row, long now) {
        return counted && window > 0 && slab.a[row * slab.stride + dueOff] <= now;
    }

    @Override
    long deadline(ProfileStore st, int p, int row, long now) {
        if (window == 0) {
            return NEVER;
        }
        long[] a = slab.a;
        int o = at(row);
        if (ringOnly) {
            return ringDeadline(a, o, inRing(a, o, now), ringCross, window);
        }
        boolean empty = counted && countOf(a[o]) == 0;
        if (exact) {
            return empty ? NEVER : a[o + 1] + window;
        }
        long best = NEVER;
        for (int m = 0; m < MEASURES; m++) {
            double[] r = ranges[m];
            if (r.length == 0) {
                continue;
            }
            long d;
            if (m == Condition.Measure.DISTINCT_CHANNELS.ordinal()) {
                d = distinctDeadline(a, o + chOff, chSpill, row, now, r);
            } else if (m == Condition.Measure.DISTINCT_DEVICES.ordinal()) {
                d = distinctDeadline(a, o + devOff, devSpill, row, now, r);
            } else if (!counted) {
                d = ringCross != null ? ringDeadline(a, o, inRing(a, o, now), ringCross, window)
                        : walkTimes(a, o, inRing(a, o, now), r, window); // a count kept as a ring
            } else if (empty) {
                d = NEVER;
            } else if (m == Condition.Measure.SUM.ordinal() && negative) {
                d = sumForward(st, p, cursorOf(a[o]), a[o + sumOff], r);
            } else {
                d = walkBack(st, p, row, cursorOf(a[o]), m, r, now);
            }
            best = Math.min(best, d);
        }
        return best;
    }

    /**
     * True when the event cannot move what conditions see: a ring whose count is already at this slot's own
     * saturation (its {@code sat}-th newest time is in the window) or rises across no bound, or an event
     * outside the window; a whole-history counter (no window, no sum, no exact count) at its saturation or
     * rising across no bound; a channel or device already seen in the window (its distinct count stays) or
     * whose new sighting crosses no bound. False for windowed counts kept with a history cursor and for sums,
     * which a matching event may move, and for spilled ids.
     */
    @Override
    boolean keeps(int row, long t, long dims, long now) {
        if (countSat < 0) {
            return false;
        }
        long[] a = slab.a;
        int o = at(row);
        if (ring > 0) {
            if (t > now - window && !steady(inRing(a, o, now), countSat, countFlips)) {
                return false;
            }
        } else if (counted && !steady(countOf(a[o]), countSat, countFlips)) {
            return false;
        }
        return (!trackChannels || sightingKeeps(a, o + chOff, ProfileStore.channel(dims), now, chSat, chFlips))
                && (!trackDevices || sightingKeeps(a, o + devOff, ProfileStore.device(dims), now, devSat, devFlips));
    }

    /** Whether a value {@code n}, rising by one, keeps the truth value of every condition (see {@link #countSat}). */
    private static boolean steady(int n, int sat, long flips) {
        return n >= sat || n < 63 && (flips & (1L << n)) == 0;
    }

    /**
     * Bit {@code n} set when the truth of some range of {@code r} differs between {@code n} and {@code n + 1},
     * for {@code n} below {@code sat} and 63; every bit when there are more ranges than a mask tracks.
     */
    private static long flips(double[] r, int sat) {
        int k = r.length / 2;
        if (k > 64) {
            return -1L;
        }
        long f = 0;
        for (int n = 0; n < Math.min(sat, 63); n++) {
            if (truthMask(n, r, k) != truthMask(n + 1, r, k)) {
                f |= 1L << n;
            }
        }
        return f;
    }

    /**
     * Whether a sighting of id {@code id} (none when negative) keeps the distinct count's conditions: the id
     * is already seen in the window (the count stays), or the count rising by one changes no truth value.
     * False for ids in the side array.
     */
    private boolean sightingKeeps(long[] a, int x, int id, long now, int sat, long flips) {
        if (id < 0) {
            return true;
        }
        long ids = a[x];
        if (ids == SPILLED) {
            return false;
        }
        int n = 0;
        for (int i = 0; i < INLINE_IDS; i++) {
            int f = field(ids, i);
            if (f != 0 && !gone(a[x + 1 + i], now)) {
                if (f == id + 1) {
                    return true;
                }
                n++;
            }
        }
        return steady(n, sat, flips);
    }

    /** How many of the ring's times (newest first, at {@code o}) are still in the window at {@code now}. */
    private int inRing(long[] a, int o, long now) {
        long edge = now - window;
        int n = 0;
        while (n < ring && a[o + n] > edge) {
            n++;
        }
        return n;
    }

    /** The measure's current value as conditions see it (the same arithmetic as their evaluation). */
    private double value(int m, int row, long now) {
        if (m == Condition.Measure.COUNT.ordinal()) {
            return count(row, now);
        } else if (m == Condition.Measure.SUM.ordinal()) {
            return sumMicros(row) / 1e6;
        } else if (m == Condition.Measure.DISTINCT_CHANNELS.ordinal()) {
            return distinctChannels(row, now);
        }
        return distinctDevices(row, now);
    }

    private static boolean in(double v, double[] r, int i) {
        return v >= r[i] && v <= r[i + 1];
    }

    /**
     * For a value that is the number of times in {@code t[from, from + n)} (sorted newest first, all in the
     * window) and falls by one as each leaves: the first instant at which a range's truth value changes,
     * or {@link #NEVER}. Walks the times one group of equal times at a time, as {@link #walkBack} does over
     * the history.
     */
    static long walkTimes(long[] t, int from, int n, double[] r, long window) {
        int k = r.length / 2;
        if (k > 64) {
            return n == 0 ? NEVER : t[from + n - 1] + window; // more ranges than tracked: every departure
        }
        long truthNow = truthMask(n, r, k);
        long live = liveMask(n, r, k, truthNow);
        long group = Long.MIN_VALUE;
        long oldest = NONE;
        for (int i = 0; i < n && live != 0; i++) {
            long ti = t[from + i];
            if (ti != group) {
                group = ti;
                live = step(live, truthNow, i, r);
                if (live != 0 && crosses(live, truthNow, i, r)) {
                    oldest = ti;
                }
            }
        }
        return oldest == NONE ? NEVER : oldest + window;
    }

    /** Sets {@link #ringCross} and {@link #ringOnly} for the current ring length. */
    private void crossings() {
        ringCross = ring > 0 ? crossings(ranges[Condition.Measure.COUNT.ordinal()], ring) : null;
        ringOnly = ringCross != null && !trackChannels && !trackDevices
                && ranges[Condition.Measure.SUM.ordinal()].length == 0
                && ranges[Condition.Measure.DISTINCT_CHANNELS.ordinal()].length == 0
                && ranges[Condition.Measure.DISTINCT_DEVICES.ordinal()].length == 0;
    }

    /**
     * For ranges {@code r} over a count kept as a ring of {@code ring} times: entry {@code n} (0 to {@code ring},
     * the count in the window) has bit {@code i} set when some range's truth value at {@code i} differs from
     * that at {@code n}; null for more than 64 ranges or a ring longer than 63 (the bits of one {@code long}).
     * See {@link #ringDeadline}.
     */
    static long[] crossings(double[] r, int ring) {
        int k = r.length / 2;
        if (k > 64 || ring > 63) {
            return null;
        }
        long[] out = new long[ring + 1];
        for (int n = 0; n <= ring; n++) {
            long now = truthMask(n, r, k);
            for (int i = 0; i < n; i++) {
                if (truthMask(i, r, k) != now) {
                    out[n] |= 1L << i;
                }
            }
        }
        return out;
    }

    /**
     * {@link #walkTimes} for a count ring, from the table of {@link #crossings}: the ranges' truth first changes
     * when the oldest group of equal times leaves whose departure leaves a count with a different truth
     * value, that is at the largest {@code i < n} that starts a group and whose bit is set in
     * {@code cross[n]} (the walk's result, without its range tests: 4.2% of the in-cache samples were in
     * the walk). {@code t[from, from + n)} is sorted newest first, all in the window.
     */
    static long ringDeadline(long[] t, int from, int n, long[] cross, long window) {
        for (long m = cross[n]; m != 0; m ^= Long.highestOneBit(m)) {
            int i = 63 - Long.numberOfLeadingZeros(m);
            if (i == 0 || t[from + i] != t[from + i - 1]) {
                return t[from + i] + window;
            }
        }
        return NEVER;
    }

    /** Bit {@code j} set when range {@code j} of {@code r} (of {@code k}, at most 64) holds {@code x}. */
    private static long truthMask(double x, double[] r, int k) {
        long truth = 0;
        for (int j = 0; j < k; j++) {
            if (in(x, r, 2 * j)) {
                truth |= 1L << j;
            }
        }
        return truth;
    }

    /**
     * The ranges whose truth can still change as the value falls from {@code x}: those true now
     * ({@code truth}) and the non-empty ones {@code x} is above.
     */
    private static long liveMask(double x, double[] r, int k, long truth) {
        long live = truth;
        for (int j = 0; j < k; j++) {
            if (x > r[2 * j + 1] && r[2 * j] <= r[2 * j + 1]) {
                live |= 1L << j;
            }
        }
        return live;
    }

    /** Drops from {@code live} the ranges whose truth can no longer change once the value is down to {@code x}. */
    private static long step(long live, long truthNow, double x, double[] r) {
        for (long l = live; l != 0; l &= l - 1) {
            int j = Long.numberOfTrailingZeros(l);
            if ((truthNow & (1L << j)) != 0 ? x >= r[2 * j] : x > r[2 * j + 1]) {
                live &= ~(1L << j);
            }
        }
        return live;
    }

    /** Whether, at value {@code x}, some live range has a truth value different from now. */
    private static boolean crosses(long live, long truthNow, double x, double[] r) {
        for (long l = live; l != 0; l &= l - 1) {
            int j = Long.numberOfTrailingZeros(l);
            if ((truthNow & (1L << j)) != 0 ? x < r[2 * j] : x >= r[2 * j]) {
                return true;
            }
        }
        return false;
    }

    /**
     * For a count or non-negative sum kept with a cursor: walks back from the newest matching event, one
     * group of equal times at a time, tracking {@code x}, the value once that group and every older one
     * has left. A condition true now turns false at the oldest group whose departure leaves {@code x < min};
     * one false because the value is above {@code max} turns true at the oldest group leaving
     * {@code min <= x <= max}; one false because the value is below {@code min} never turns. The walk stops
     * as soon as {@code x} has passed every live condition's bound.
     */
    private long walkBack(ProfileStore st, int p, int row, int cursor, int m, double[] r, long now) {
        double v = value(m, row, now);
        int n = r.length / 2;
        if (n > 64) {
            return st.time(p, cursor) + window; // more ranges than the walk tracks: wake at every departure
        }
        long truthNow = truthMask(v, r, n);
        long live = liveMask(v, r, n, truthNow);
        boolean sum = m == Condition.Measure.SUM.ordinal();
        long acc = 0;
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
                live = step(live, truthNow, x, r);
                if (live != 0 && crosses(live, truthNow, x, r)) {
                    oldest = t;
                }
            }
            acc += sum ? st.micros(p, word) : 1;
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

    /** The count as conditions see it at {@code now}: exact, or saturated for a ring (see the class note). */
    int count(int row, long now) {
        long[] a = slab.a;
        int o = at(row);
        return counted ? countOf(a[o]) : inRing(a, o, now);
    }

    /** The sum in micro-units; only for slots whose sum is kept (a reader registered it before layout). */
    long sumMicros(int row) {
        if (!keepSum) {
            throw new IllegalStateException("sum read from a slot that does not keep it (window " + window + " ms)");
        }
        return slab.a[at(row) + sumOff];
    }

    int distinctChannels(int row, long now) {
        return distinct(slab.a, at(row) + chOff, chSpill, row, now);
    }

    int distinctDevices(int row, long now) {
        return distinct(slab.a, at(row) + devOff, devSpill, row, now);
    }

    // ---- last-seen ids -----------------------------------------------------------------------------

    private static int field(long ids, int i) {
        return (int) (ids >>> (16 * i)) & ID_FIELD;
    }

    /** Whether an id last seen at {@code t} is out of the window at {@code now} (never, for the whole history). */
    private boolean gone(long t, long now) {
        return window > 0 && t <= now - window;
    }

    /**
     * Records that id {@code id} was seen at {@code t} (no earlier than any time recorded): the id word at
     * {@code a[x]}, its times at {@code a[x + 1 ...]}, or the row's side array once spilled.
     */
    private void see(long[] a, int x, long[][] spill, int row, int id, long t, long now) {
        long ids = a[x];
        if (ids != SPILLED) {
            int free = -1;
            for (int i = 0; i < INLINE_IDS; i++) {
                int f = field(ids, i);
                if (f == id + 1) {
                    a[x + 1 + i] = t;
                    return;
                }
                if (free < 0 && (f == 0 || gone(a[x + 1 + i], now))) {
                    free = i;
                }
            }
            if (free >= 0 && id + 1 < ID_FIELD) {
                a[x] = ids & ~((long) ID_FIELD << (16 * free)) | (long) (id + 1) << (16 * free);
                a[x + 1 + free] = t;
                return;
            }
            long[] side = new long[1 + 4 * INLINE_IDS];
            int n = 0;
            for (int i = 0; i < INLINE_IDS; i++) {
                int f = field(ids, i);
                if (f != 0) {
                    side[1 + 2 * n] = f - 1;
                    side[2 + 2 * n] = a[x + 1 + i];
                    n++;
                }
            }
            side[0] = n;
            spill[row] = side;
            a[x] = SPILLED;
        }
        long[] side = spill[row];
        int n = (int) side[0];
        int free = -1;
        for (int i = 0; i < n; i++) {
            if (side[1 + 2 * i] == id) {
                side[2 + 2 * i] = t;
                return;
            }
            if (free < 0 && gone(side[2 + 2 * i], now)) {
                free = i;
            }
        }
        if (free < 0) {
            free = n;
            if (1 + 2 * (n + 1) > side.length) {
                side = Arrays.copyOf(side, 1 + 4 * (n + 1));
                spill[row] = side;
            }
            side[0] = n + 1;
        }
        side[1 + 2 * free] = id;
        side[2 + 2 * free] = t;
    }

    /** The number of ids whose last sighting is in the window at {@code now}. */
    private int distinct(long[] a, int x, long[][] spill, int row, long now) {
        return sightings(a, x, spill, row, now, null);
    }

    /** Counts the in-window sightings and, when {@code out} is non-null, copies their times into it. */
    private int sightings(long[] a, int x, long[][] spill, int row, long now, long[] out) {
        long ids = a[x];
        int n = 0;
        if (ids != SPILLED) {
            for (int i = 0; i < INLINE_IDS; i++) {
                if (field(ids, i) != 0 && !gone(a[x + 1 + i], now)) {
                    if (out != null) {
                        out[n] = a[x + 1 + i];
                    }
                    n++;
                }
            }
            return n;
        }
        long[] side = spill[row];
        for (int i = 0, m = (int) side[0]; i < m; i++) {
            if (!gone(side[2 + 2 * i], now)) {
                if (out != null) {
                    out[n] = side[2 + 2 * i];
                }
                n++;
            }
        }
        return n;
    }

    /** The first instant at which a distinct-count range's truth value changes as sightings leave. */
    private long distinctDeadline(long[] a, int x, long[][] spill, int row, long now, double[] r) {
        int max = a[x] == SPILLED ? (int) spill[row][0] : INLINE_IDS;
        if (times.length < max) {
            times = new long[Math.max(max, 2 * times.length)];
        }
        long[] t = times;
        int n = sightings(a, x, spill, row, now, t);
        // Newest first (a few entries: insertion sort).
        for (int i = 1; i < n; i++) {
            long v = t[i];
            int j = i - 1;
            while (j >= 0 && t[j] < v) {
                t[j + 1] = t[j];
                j--;
            }
            t[j + 1] = v;
        }
        return walkTimes(t, 0, n, r, window);
    }

    @Override
    long bytes() {
        long b = 0;
        for (long[][] sets : new long[][][] {chSpill, devSpill}) {
            if (sets != null) {
                b += 4L * sets.length;
                for (long[] s : sets) {
                    b += s == null ? 0 : 16 + 8L * s.length;
                }
            }
        }
        return b;
    }
}
