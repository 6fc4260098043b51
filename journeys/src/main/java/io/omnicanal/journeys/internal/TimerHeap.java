package io.omnicanal.journeys.internal;

import java.util.Arrays;

/**
 * A binary min-heap of (time, payload) pairs on two parallel long arrays, ordered by time then payload,
 * so that equal times pop in a deterministic order. No allocation except when growing. Entries are never
 * removed early: owners invalidate them with a generation in the payload (lazy deletion). Not thread-safe.
 */
public final class TimerHeap {
    private long[] time = new long[64];
    private long[] payload = new long[64];
    private int size;

    /** Number of entries, including stale ones. */
    public int size() {
        return size;
    }

    /** The earliest time, or {@link Long#MAX_VALUE} when empty. */
    public long peekTime() {
        return size == 0 ? Long.MAX_VALUE : time[0];
    }

    /** The payload of the earliest entry; undefined when empty. */
    public long peekPayload() {
        return payload[0];
    }

    /** Adds an entry. O(log n). */
    public void push(long t, long p) {
        if (size == time.length) {
            time = Arrays.copyOf(time, size * 2);
            payload = Arrays.copyOf(payload, size * 2);
        }
        int i = size++;
        while (i > 0) {
            int parent = (i - 1) >>> 1;
            if (!less(t, p, time[parent], payload[parent])) {
                break;
            }
            time[i] = time[parent];
            payload[i] = payload[parent];
            i = parent;
        }
        time[i] = t;
        payload[i] = p;
    }

    /** Removes the earliest entry. O(log n). */
    public void pop() {
        int last = --size;
        long t = time[last];
        long p = payload[last];
        int i = 0;
        int half = size >>> 1;
        while (i < half) {
            int c = 2 * i + 1;
            int r = c + 1;
            if (r < size && less(time[r], payload[r], time[c], payload[c])) {
                c = r;
            }
            if (!less(time[c], payload[c], t, p)) {
                break;
            }
            time[i] = time[c];
            payload[i] = payload[c];
            i = c;
        }
        if (size > 0) {
            time[i] = t;
            payload[i] = p;
        }
    }

    /** Removes everything. */
    public void clear() {
        size = 0;
    }

    /** Entry i in array order (for snapshots). */
    public long timeAt(int i) {
        return time[i];
    }

    /** Entry i in array order (for snapshots). */
    public long payloadAt(int i) {
        return payload[i];
    }

    private static boolean less(long t1, long p1, long t2, long p2) {
        return t1 < t2 || (t1 == t2 && p1 < p2);
    }
}
