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

    @Override
    public int size() {
        return inBuckets + overflow.size();
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
        TimerHeap h = firstBucket();
        long bt = h == null ? Long.MAX_VALUE : h.peekTime();
        return Math.min(bt, overflow.peekTime());
    }

    @Override
    public long peekPayload() {
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

    @Override
    public void pop() {
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
        for (TimerHeap h : buckets) {
            if (h != null) {
                h.forEach(action);
            }
        }
        overflow.forEach(action);
    }
}
