package io.omnicanal.segmentation.internal;

import java.util.Arrays;

/**
 * A binary min-heap of (deadline, id) pairs on two primitive arrays, ordered by deadline then id.
 * Entries are never removed in place: the engine keeps the valid deadline per id and skips stale entries
 * when they surface (lazy deletion), so rescheduling is one push. Not thread-safe.
 */
final class TimerHeap {
    private long[] times = new long[64];
    private long[] rows = new long[64];
    private int size;

    void push(long time, long row) {
        if (size == times.length) {
            times = Arrays.copyOf(times, size * 2);
            rows = Arrays.copyOf(rows, size * 2);
        }
        int i = size++;
        while (i > 0) {
            int parent = (i - 1) >>> 1;
            if (!less(time, row, times[parent], rows[parent])) {
                break;
            }
            times[i] = times[parent];
            rows[i] = rows[parent];
            i = parent;
        }
        times[i] = time;
        rows[i] = row;
    }

    boolean isEmpty() {
        return size == 0;
    }

    long peekTime() {
        return times[0];
    }

    long peekId() {
        return rows[0];
    }

    void pop() {
        long t = times[--size];
        long r = rows[size];
        int i = 0;
        int half = size >>> 1;
        while (i < half) {
            int child = 2 * i + 1;
            int right = child + 1;
            if (right < size && less(times[right], rows[right], times[child], rows[child])) {
                child = right;
            }
            if (!less(times[child], rows[child], t, r)) {
                break;
            }
            times[i] = times[child];
            rows[i] = rows[child];
            i = child;
        }
        if (size > 0) {
            times[i] = t;
            rows[i] = r;
        }
    }

    int size() {
        return size;
    }

    void clear() {
        size = 0;
    }

    long bytes() {
        return 8L * times.length + 8L * rows.length;
    }

    private static boolean less(long t1, long r1, long t2, long r2) {
        return t1 < t2 || t1 == t2 && r1 < r2;
    }
}
