package io.omnicanal.segmentation.internal;

import java.util.Arrays;

/**
 * Count, exact sum (micro-units) and optionally distinct channels/devices of the events matching a filter,
 * over a sliding window or the whole history.
 *
 * <p>Design note. For a window {@code w} the slot keeps, per profile, a cursor on the oldest matching
 * in-window event of the time-sorted history. Adding an event is O(1); expiry pops from the cursor while
 * {@code time + w <= now} and moves the cursor to the next matching event, so each event is popped once:
 * amortised O(1) per event, exact to the millisecond, with no bucketing. Sums are longs of micro-units so
 * that add-then-subtract is exact and the incremental value equals the batch recomputation bit for bit.
 * Distinct channels/devices use a small per-profile multiset {@code [n, id0, count0, id1, count1, ...]}.
 * Count, sum and cursor of a profile are interleaved in one {@code long[]} ({@code [3 * row ...]}) so that
 * an event touches one cache line per slot rather than three.
 */
final class AggSlot extends Slot {
    final Filter filter;
    /** Window in milliseconds, or 0 for the whole history. */
    final long window;
    boolean trackChannels;
    boolean trackDevices;
    /** Per row: count, sum in micro-units, cursor (history position of the oldest in-window event, or -1). */
    long[] a = new long[0];
    int[][] chSet;
    int[][] devSet;

    AggSlot(Filter filter, long window) {
        this.filter = filter;
        this.window = window;
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
    int[] types() {
        return filter.type < 0 ? new int[0] : new int[] {filter.type};
    }

    @Override
    void grow(int capacity) {
        int old = a.length / 3;
        a = Arrays.copyOf(a, 3 * capacity);
        for (int r = old; r < capacity; r++) {
            a[3 * r + 2] = -1;
        }
        if (trackChannels) {
            chSet = chSet == null ? new int[capacity][] : Arrays.copyOf(chSet, capacity);
        }
        if (trackDevices) {
            devSet = devSet == null ? new int[capacity][] : Arrays.copyOf(devSet, capacity);
        }
    }

    @Override
    void reset(int row) {
        a[3 * row] = 0;
        a[3 * row + 1] = 0;
        a[3 * row + 2] = -1;
        if (trackChannels) {
            chSet[row] = null;
        }
        if (trackDevices) {
            devSet[row] = null;
        }
    }

    @Override
    void add(ProfileStore st, int p, int row, int pos, long t, long dims, int propsRef, double value, long now) {
        int o = 3 * row;
        if (window > 0) {
            if (t <= now - window) {
                return;
            }
            if (a[o] == 0) {
                a[o + 2] = pos;
            }
        }
        a[o]++;
        a[o + 1] += ProfileStore.micros(value);
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
        int o = 3 * row;
        int c = (int) a[o + 2];
        while (a[o] > 0 && st.time(p, c) + window <= now) {
            a[o]--;
            a[o + 1] -= ProfileStore.micros(st.value(p, c));
            long dims = st.dimsAt(p, c);
            if (trackChannels && ProfileStore.channel(dims) >= 0) {
                chSet[row] = dec(chSet[row], ProfileStore.channel(dims));
            }
            if (trackDevices && ProfileStore.device(dims) >= 0) {
                devSet[row] = dec(devSet[row], ProfileStore.device(dims));
            }
            if (a[o] == 0) {
                c = -1;
                a[o + 1] = 0;
                break;
            }
            c++;
            while (!filter.matchesAt(st, p, c)) {
                c++;
            }
        }
        a[o + 2] = c;
    }

    @Override
    long deadline(ProfileStore st, int p, int row, long now) {
        if (window == 0 || a[3 * row] == 0) {
            return NEVER;
        }
        return st.time(p, (int) a[3 * row + 2]) + window;
    }

    int count(int row) {
        return (int) a[3 * row];
    }

    long sumMicros(int row) {
        return a[3 * row + 1];
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
        long b = 8L * a.length;
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
