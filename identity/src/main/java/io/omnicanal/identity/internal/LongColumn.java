package io.omnicanal.identity.internal;

import java.util.Arrays;

/**
 * A growable column of {@code long}s that costs 4 bytes a value while every value fits an
 * {@code int} form and widens itself, once, to 8 bytes when one does not: the link log's times
 * (int form: whole seconds, {@link CompactTime}) and sequence numbers (int form: the value; no
 * array at all while every value is 0). Exact either way. Not thread-safe.
 */
final class LongColumn {

    private final boolean time;
    private int[] small;
    private long[] wide;
    private int capacity;

    /**
     * @param time true for epoch nanoseconds, false for plain values (0 until set)
     * @param capacity initial capacity
     */
    LongColumn(boolean time, int capacity) {
        this.time = time;
        this.capacity = capacity;
        if (time) {
            small = new int[capacity];
        }
    }

    private LongColumn(boolean time, int capacity, int[] small, long[] wide) {
        this.time = time;
        this.capacity = capacity;
        this.small = small;
        this.wide = wide;
    }

    int capacity() {
        return capacity;
    }

    long get(int i) {
        if (wide != null) {
            return wide[i];
        }
        if (small == null) {
            return 0L;
        }
        return time ? CompactTime.decode(small[i]) : small[i];
    }

    void set(int i, long v) {
        if (wide == null) {
            if (time ? CompactTime.fits(v) : v == (int) v) {
                if (small == null) {
                    if (v == 0) {
                        return;
                    }
                    small = new int[capacity];
                }
                small[i] = time ? CompactTime.encode(v) : (int) v;
                return;
            }
            wide = new long[capacity];
            for (int j = 0; small != null && j < capacity; j++) {
                wide[j] = time ? CompactTime.decode(small[j]) : small[j];
            }
            small = null;
        }
        wide[i] = v;
    }

    void grow(int cap) {
        if (small != null) {
            small = Arrays.copyOf(small, cap);
        }
        if (wide != null) {
            wide = Arrays.copyOf(wide, cap);
        }
        capacity = cap;
    }

    /** Moves {@code n} values from {@code from} to {@code to} (ranges may overlap). */
    void move(int from, int to, int n) {
        if (small != null) {
            System.arraycopy(small, from, small, to, n);
        }
        if (wide != null) {
            System.arraycopy(wide, from, wide, to, n);
        }
    }

    /** @return a column of the same capacity whose value i is this one's value perm[i], for i below count */
    LongColumn permuted(int[] perm, int count) {
        int[] s = small == null ? null : new int[capacity];
        long[] l = wide == null ? null : new long[capacity];
        for (int i = 0; i < count; i++) {
            if (s != null) {
                s[i] = small[perm[i]];
            }
            if (l != null) {
                l[i] = wide[perm[i]];
            }
        }
        return new LongColumn(time, capacity, s, l);
    }

    /** @return the first n values */
    long[] toArray(int n) {
        long[] out = new long[n];
        for (int i = 0; i < n; i++) {
            out[i] = get(i);
        }
        return out;
    }
}
