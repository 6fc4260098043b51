package io.omnicanal.journeys.internal;

import io.omnicanal.journeys.FrequencyCap;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;

/**
 * Frequency caps over sliding windows, per profile. For cap c with limit max_c the ledger keeps the last
 * max_c counted send times of each profile, oldest first, at {@code base + offset[c]} of the profile's
 * record in the {@link ProfileTable} ({@code base} = its cap rings' offset): the cap is
 * reached exactly when that ring is full and its oldest time is still inside the window, and it frees at
 * {@code oldest + window}. Times are int seconds from the engine's start, rounded up, so a cap may hold up
 * to a second longer than its window but never lets a message through early. Not thread-safe.
 */
final class CapLedger {
    /** An empty ring slot. */
    static final int EMPTY = Integer.MIN_VALUE;
    /** Ring times are int seconds from the engine's start: 68 years either side. */
    static final long MAX_OFFSET_SECONDS = Integer.MAX_VALUE - 1L;

    final int count;
    final int[] offset;
    final int[] max;
    final long[] window;
    final int[] channel;
    final int stride;
    final long baseSecond;

    CapLedger(List<FrequencyCap> caps, Instant start) {
        count = caps.size();
        offset = new int[count];
        max = new int[count];
        window = new long[count];
        channel = new int[count];
        int off = 0;
        for (int c = 0; c < count; c++) {
            offset[c] = off;
            max[c] = caps.get(c).max();
            window[c] = caps.get(c).window().toMillis();
            channel[c] = caps.get(c).channel() == null ? -1 : caps.get(c).channel().ordinal();
            off += max[c];
        }
        stride = off;
        baseSecond = Math.floorDiv(start.toEpochMilli(), 1000L);
    }

    /** Whether epoch-millisecond time t can be stored. */
    boolean inRange(long t) {
        return Math.abs(Math.floorDiv(t, 1000L) - baseSecond) <= MAX_OFFSET_SECONDS;
    }

    /** Empties the rings at {@code base}. */
    void reset(int[] ring, int base) {
        Arrays.fill(ring, base, base + stride, EMPTY);
    }

    /** The earliest time at which every cap covering channel {@code ch} has room in the rings at base; {@code <= now} when now. */
    long release(int[] ring, int base, int ch, long now) {
        long release = Long.MIN_VALUE;
        for (int c = 0; c < count; c++) {
            if (channel[c] >= 0 && channel[c] != ch) {
                continue;
            }
            int slot = ring[base + offset[c]];
            long oldest = (slot + baseSecond) * 1000L;
            if (slot != EMPTY && now - oldest < window[c]) {
                release = Math.max(release, oldest + window[c]);
            }
        }
        return release;
    }

    /** Counts a send on channel {@code ch} at {@code now} against every cap covering it. */
    void record(int[] ring, int base, int ch, long now) {
        int second = (int) (Math.floorDiv(now + 999, 1000L) - baseSecond);
        for (int c = 0; c < count; c++) {
            if (channel[c] >= 0 && channel[c] != ch) {
                continue;
            }
            int from = base + offset[c];
            System.arraycopy(ring, from + 1, ring, from, max[c] - 1);
            ring[from + max[c] - 1] = second;
        }
    }

    /** Keeps in the rings at {@code to} the latest sends of both rings. */
    void merge(int[] ring, int from, int to) {
        for (int c = 0; c < count; c++) {
            int n = max[c];
            int[] merged = new int[2 * n];
            System.arraycopy(ring, from + offset[c], merged, 0, n);
            System.arraycopy(ring, to + offset[c], merged, n, n);
            Arrays.sort(merged);
            System.arraycopy(merged, n, ring, to + offset[c], n);
        }
    }
}
