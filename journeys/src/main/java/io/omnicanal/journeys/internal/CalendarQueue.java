package io.omnicanal.journeys.internal;

/**
 * The engine's near-term timers: a calendar queue of {@value #BUCKETS} buckets of {@code 2^}{@value #SHIFT}
 * ms (about 4.4 minutes each, 6.2 days in all), each bucket a small {@link TimerHeap}, plus an overflow heap for
 * entries beyond the horizon (or, never in the engine, before the last pop). Pops in exact (time, payload)
 * order, like one heap. Not thread-safe.
 *
 * <p>Design note: with a million profiles waiting, one heap is twenty levels deep and every pop walks them,
 * most levels a cache miss. Here a push appends to the bucket of its minute (the buckets being filled at any
 * moment - an hour, a day, three days ahead - stay in cache) and a pop works on the current bucket's heap
 * of a few hundred entries. A bit set of non-empty buckets finds the next one in at most 32 word reads.
 * Bucket heaps are created on first use and keep their capacity, so the queue stops allocating once the
 * window has turned once (6.2 days of engine time) at a steady load.
 * Bucket {@code b} (absolute, {@code time >>> SHIFT}) lives in slot {@code b & MASK}; every entry in the
 * buckets has {@code lo <= b < lo + BUCKETS}, where {@code lo} is the bucket of the last pop, so slots never
 * alias.
 *
 * <p>Read-ahead: {@link #readAhead} moves the next entries (up to a time) out of the buckets into a short sorted
 * run, the front, so that the engine can look at their payloads and touch the state they will wake before it
 * fires them (their cache misses then overlap instead of following one another). The front is part of the
 * queue: peek, pop, size and forEach see it, and a later push that is earlier than the front's entries still
 * pops first, so the pop order stays the exact (time, payload) order of one heap.
 */
final class CalendarQueue implements TimerQueue {
    static final int SHIFT = 18;
    static final int BUCKETS = 2048;
    private static final int MASK = BUCKETS - 1;

    private final TimerHeap[] buckets = new TimerHeap[BUCKETS];
    private final long[] nonEmpty = new long[BUCKETS / 64];
    private final TimerHeap overflow = new TimerHeap();
    /** Lowest absolute bucket that may hold entries (bucket of the last popped time). */
    private long lo;
    /** Absolute bucket of the earliest non-empty bucket, or -1 when unknown. */
    private long first = -1;
    private int inBuckets;
    private boolean started;
    /** The read-ahead run: entries [frontHead, frontEnd) as (time, payload) pairs, ascending. */
    private final long[] front = new long[2 * MAX_FRONT];
    private int frontHead;
    private int frontEnd;
    /** Most entries {@link #readAhead} moves at once. */
    static final int MAX_FRONT = 64;

    @Override
    public int size() {
        return inBuckets + overflow.size() + (frontEnd - frontHead) / 2;
    }

    /**
     * When the front is empty, moves the earliest entries with time at or before {@code until}, at most
     * {@code max} (up to {@link #MAX_FRONT}), into it and returns how many it moved; otherwise moves nothing and
     * returns 0. The moved entries' payloads are {@link #frontPayload}(0) to (n - 1). Does not change the pop order.
     */
    int readAhead(long until, int max) {
        if (frontHead < frontEnd) {
            return 0;
        }
        frontHead = 0;
        frontEnd = 0;
        int limit = 2 * Math.min(max, MAX_FRONT);
        while (frontEnd < limit && restPeekTime() <= until) {
            front[frontEnd] = restPeekTime();
            front[frontEnd + 1] = restPeekPayload();
            frontEnd += 2;
            restPop();
        }
        return frontEnd / 2;
    }

    /** The time of read-ahead entry k (0-based from the front's head). */
    long frontTime(int k) {
        return front[frontHead + 2 * k];
    }

    /** The payload of read-ahead entry k (0-based from the front's head). */
    long frontPayload(int k) {
        return front[frontHead + 2 * k + 1];
    }

    @Override
    public void push(long time, long payload) {
        long b = time >>> SHIFT;
        if (!started || (inBuckets == 0 && b > lo)) {
            // nothing bucketed: the window may start here (overflow entries do not depend on it)
            lo = b;
            first = -1;
            started = true;
        }
        if (time < 0 || b < lo || b >= lo + BUCKETS) {
            overflow.push(time, payload);
            return;
        }
        int slot = (int) (b & MASK);
        TimerHeap h = buckets[slot];
        if (h == null) {
            h = new TimerHeap(8);
            buckets[slot] = h;
        }
        if (h.size() == 0) {
            nonEmpty[slot >>> 6] |= 1L << slot;
        }
        h.push(time, payload);
        inBuckets++;
        if (first >= 0 && b < first) {
            first = b;
        }
    }

    /** The earliest non-empty bucket's heap, or null. */
    private TimerHeap firstBucket() {
        if (inBuckets == 0) {
            return null;
        }
        if (first < 0) {
            first = lo + distanceToNonEmpty((int) (lo & MASK));
        }
        return buckets[(int) (first & MASK)];
    }

    /** Slots from {@code from} (circularly) to the first non-empty one; there is one. */
    private int distanceToNonEmpty(int from) {
        int word = from >>> 6;
        long bits = nonEmpty[word] & (-1L << from);
        int scanned = 0;
        while (bits == 0) {
            word = (word + 1) & (nonEmpty.length - 1);
            bits = nonEmpty[word];
            scanned++;
        }
        int slot = (word << 6) | Long.numberOfTrailingZeros(bits);
        return scanned == 0 ? slot - from : (slot - from) & MASK;
    }

    @Override
    public long peekTime() {
        return frontHead < frontEnd ? Math.min(front[frontHead], restPeekTime()) : restPeekTime();
    }

    @Override
    public long peekPayload() {
        return fromFront() ? front[frontHead + 1] : restPeekPayload();
    }

    @Override
    public void pop() {
        if (fromFront()) {
            frontHead += 2;
        } else {
            restPop();
        }
    }

    /** Whether the earliest entry is the front's head (ties by payload, as in one heap). */
    private boolean fromFront() {
        if (frontHead == frontEnd) {
            return false;
        }
        long ft = front[frontHead];
        long rt = restPeekTime();
        return ft < rt || (ft == rt && (inBuckets + overflow.size() == 0 || front[frontHead + 1] <= restPeekPayload()));
    }

    /** The earliest time outside the front. */
    private long restPeekTime() {
        TimerHeap h = firstBucket();
        long bt = h == null ? Long.MAX_VALUE : h.peekTime();
        return Math.min(bt, overflow.peekTime());
    }

    /** The payload of the earliest entry outside the front. */
    private long restPeekPayload() {
        return fromBuckets() ? buckets[(int) (first & MASK)].peekPayload() : overflow.peekPayload();
    }

    /** Whether the earliest entry is in the buckets (ties by payload, as in one heap). */
    private boolean fromBuckets() {
        TimerHeap h = firstBucket();
        if (h == null) {
            return false;
        }
        if (overflow.size() == 0) {
            return true;
        }
        long bt = h.peekTime();
        long ot = overflow.peekTime();
        return bt < ot || (bt == ot && h.peekPayload() <= overflow.peekPayload());
    }

    /** Removes the earliest entry outside the front. */
    private void restPop() {
        long t;
        if (fromBuckets()) {
            int slot = (int) (first & MASK);
            TimerHeap h = buckets[slot];
            t = h.peekTime();
            h.pop();
            inBuckets--;
            if (h.size() == 0) {
                nonEmpty[slot >>> 6] &= ~(1L << slot);
                first = -1;
            }
        } else {
            t = overflow.peekTime();
            overflow.pop();
        }
        // every remaining bucketed entry is at or after t, so no bucket below t's is in use
        long b = t >>> SHIFT;
        if (t >= 0 && b > lo) {
            lo = b;
            if (first >= 0 && first < lo) {
                first = -1;
            }
        }
    }

    @Override
    public void forEach(EntryConsumer action) {
        for (int i = frontHead; i < frontEnd; i += 2) {
            action.accept(front[i], front[i + 1]);
        }
        for (TimerHeap h : buckets) {
            if (h != null) {
                h.forEach(action);
            }
        }
        overflow.forEach(action);
    }
}
