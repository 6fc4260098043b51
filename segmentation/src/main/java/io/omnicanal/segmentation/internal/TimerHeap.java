package io.omnicanal.segmentation.internal;

import java.util.Arrays;

/**
 * A 4-ary min-heap of (deadline, id) pairs, ordered by deadline then id, interleaved in one
 * {@code long[]} ({@code [t0, id0, t1, id1, ...]}) so that a node's four children share one 64-byte cache
 * line: with tens of millions of timers the heap does not fit in cache and each level costs a miss, so a
 * shallower heap with one miss per level beats a binary heap on two arrays. Entries are never removed in
 * place: the engine keeps the valid deadline per id and skips stale entries when they surface (lazy
 * deletion), so re-arming a timer is one push. Not thread-safe.
 */
final class TimerHeap {
    private long[] a = new long[128];
    private int size;

    void push(long time, long id) {
        if (2 * (size + 1) > a.length) {
            a = Arrays.copyOf(a, a.length * 2);
        }
        int i = size++;
        while (i > 0) {
            int parent = (i - 1) >>> 2;
            long pt = a[2 * parent];
            long pid = a[2 * parent + 1];
            if (!less(time, id, pt, pid)) {
                break;
            }
            a[2 * i] = pt;
            a[2 * i + 1] = pid;
            i = parent;
        }
        a[2 * i] = time;
        a[2 * i + 1] = id;
    }

    boolean isEmpty() {
        return size == 0;
    }

    long peekTime() {
        return a[0];
    }

    long peekId() {
        return a[1];
    }

    void pop() {
        int n = --size;
        long t = a[2 * n];
        long id = a[2 * n + 1];
        int i = 0;
        while (true) {
            int first = 4 * i + 1;
            if (first >= n) {
                break;
            }
            int best = first;
            int last = Math.min(first + 4, n);
            for (int c = first + 1; c < last; c++) {
                if (less(a[2 * c], a[2 * c + 1], a[2 * best], a[2 * best + 1])) {
                    best = c;
                }
            }
            if (!less(a[2 * best], a[2 * best + 1], t, id)) {
                break;
            }
            a[2 * i] = a[2 * best];
            a[2 * i + 1] = a[2 * best + 1];
            i = best;
        }
        if (n > 0) {
            a[2 * i] = t;
            a[2 * i + 1] = id;
        }
    }

    int size() {
        return size;
    }

    void clear() {
        size = 0;
    }

    long bytes() {
        return 8L * a.length;
    }

    private static boolean less(long t1, long r1, long t2, long r2) {
        return t1 < t2 || t1 == t2 && r1 < r2;
    }
}
