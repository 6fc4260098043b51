package io.omnicanal.journeys.internal;

import java.util.Arrays;

/**
 * A 4-ary min-heap of (time, payload) pairs, ordered by time then payload, so that equal times pop in a
 * deterministic order. No allocation except when growing. Entries are never removed early: owners invalidate
 * them with a generation in the payload (lazy deletion). Not thread-safe.
 *
 * <p>Design note: the heap holds every wait of every profile (a million entries and more at the benchmark's
 * scale), so a pop is a chain of cache misses down the tree. Each entry's time and payload sit side by side in
 * one {@code long[]} (one miss per entry instead of two), and four children per node halve the depth; the
 * four children of a node are 64 contiguous bytes, so comparing them costs about one cache line. The
 * order of pops is the same total (time, payload) order as any other heap.
 */
public final class TimerHeap implements TimerQueue {
    /** Entry i is (a[2i], a[2i + 1]) = (time, payload). */
    private long[] a;
    private int size;

    /** An empty heap with room for 64 entries. */
    public TimerHeap() {
        this(64);
    }

    /** An empty heap with room for {@code capacity} entries (at least 1). */
    public TimerHeap(int capacity) {
        a = new long[arrayLength(2L * Math.max(1, capacity))];
    }

    /**
     * The array length for at least {@code longs} longs: {@code 2^k - 2}, so that with the 16-byte array header the
     * array is exactly a power of two bytes. A large array then fills whole G1 regions (which are powers of two)
     * instead of spilling a few bytes into one more region; growing from such a length doubles the bytes.
     */
    static int arrayLength(long longs) {
        long len = Long.highestOneBit(longs + 2) == longs + 2 ? longs : (Long.highestOneBit(longs + 2) << 1) - 2;
        if (len > Integer.MAX_VALUE - 8) {
            throw new IllegalStateException("timer heap full: " + longs / 2 + " entries");
        }
        return (int) len;
    }

    /** Number of entries, including stale ones. */
    @Override
    public int size() {
        return size;
    }

    /** The earliest time, or {@link Long#MAX_VALUE} when empty. */
    @Override
    public long peekTime() {
        return size == 0 ? Long.MAX_VALUE : a[0];
    }

    /** The payload of the earliest entry; undefined when empty. */
    @Override
    public long peekPayload() {
        return a[1];
    }

    /** Adds an entry. O(log n). */
    @Override
    public void push(long t, long p) {
        if (2 * size == a.length) {
            a = Arrays.copyOf(a, arrayLength(a.length + 2L));
        }
        long[] h = a;
        int i = size++;
        while (i > 0) {
            int parent = (i - 1) >>> 2;
            long pt = h[2 * parent];
            if (pt < t || (pt == t && h[2 * parent + 1] <= p)) {
                break;
            }
            h[2 * i] = pt;
            h[2 * i + 1] = h[2 * parent + 1];
            i = parent;
        }
        h[2 * i] = t;
        h[2 * i + 1] = p;
    }

    /** Removes the earliest entry. O(log n). */
    @Override
    public void pop() {
        long[] h = a;
        int n = --size;
        long t = h[2 * n];
        long p = h[2 * n + 1];
        int i = 0;
        while (true) {
            int first = 4 * i + 1;
            if (first >= n) {
                break;
            }
            int last = Math.min(first + 4, n);
            int c = first;
            long ct = h[2 * c];
            long cp = h[2 * c + 1];
            for (int k = first + 1; k < last; k++) {
                long kt = h[2 * k];
                if (kt < ct || (kt == ct && h[2 * k + 1] < cp)) {
                    c = k;
                    ct = kt;
                    cp = h[2 * k + 1];
                }
            }
            if (t < ct || (t == ct && p <= cp)) {
                break;
            }
            h[2 * i] = ct;
            h[2 * i + 1] = cp;
            i = c;
        }
        if (n > 0) {
            h[2 * i] = t;
            h[2 * i + 1] = p;
        }
    }

    /** Removes everything. */
    public void clear() {
        size = 0;
    }

    @Override
    public void forEach(EntryConsumer action) {
        for (int i = 0; i < size; i++) {
            action.accept(a[2 * i], a[2 * i + 1]);
        }
    }

    /** Entry i in array order (pushing entries back in this order rebuilds the same array). */
    public long timeAt(int i) {
        return a[2 * i];
    }

    /** Entry i in array order (for snapshots). */
    public long payloadAt(int i) {
        return a[2 * i + 1];
    }
}
