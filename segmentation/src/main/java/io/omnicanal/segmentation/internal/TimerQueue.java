package io.omnicanal.segmentation.internal;

import java.util.Arrays;

/**
 * The engine's timers: (deadline, id) pairs popped in (deadline, id) order, with O(1) pushes.
 *
 * <p>Design note. A single heap of tens of millions of timers costs a cache miss per level on every push
 * and pop, which dominated real-time throughput. This is a calendar queue: time is cut into buckets of
 * {@code 2^20} ms (about 17.5 minutes); a ring of {@code 2^16} buckets (about 2.2 years ahead) holds
 * unsorted (deadline, id) pairs appended in O(1); only the current bucket is ordered, in a small
 * {@link TimerHeap} that stays in cache; deadlines beyond the ring's horizon wait in an overflow heap.
 * When the current bucket is exhausted the next non-empty one (found through an occupancy bitmap) is
 * poured into the small heap together with any overflow entries that belong to it. Every entry of an
 * earlier bucket is popped before any entry of a later one, so the order is exactly that of one heap.
 *
 * <p>Bucket arrays are recycled: a poured bucket's array goes to a pool of spare arrays (capped at
 * {@link #POOL_LONGS} longs in all; beyond that it is dropped) and a push into an empty bucket takes one
 * from the pool before allocating. A long-running engine sweeps tens of thousands of buckets (one per
 * 17.5 minutes of event time); keeping each bucket's array after pouring held hundreds of MB of empty
 * arrays, while the pool bounds what is held to the live entries plus a few MB, and in a steady state
 * pushes allocate nothing. Not thread-safe.
 */
final class TimerQueue {
    private static final int SHIFT = 20;
    private static final int BUCKETS = 1 << 16;
    private static final int MASK = BUCKETS - 1;
    /** Cap on the longs held by spare bucket arrays (8 MB). */
    static final int POOL_LONGS = 1 << 20;
    private static final int MIN_BUCKET = 8;

    private final TimerHeap near = new TimerHeap();
    private final TimerHeap far = new TimerHeap();
    private final long[][] ring = new long[BUCKETS][];
    private final int[] fill = new int[BUCKETS];
    private final long[] occupied = new long[BUCKETS / 64];
    private long current = Long.MIN_VALUE;
    private long inRing;
    private long[][] spare = new long[64][];
    private int spares;
    private long spareLongs;
    /** Entries for later buckets, not yet placed: {@code [t0, id0, t1, id1, ...]}; see {@link #push}. */
    private final long[] staged = new long[2 * STAGE];
    private int stagedSize;
    /** Entries staged before they are placed in their buckets together. */
    private static final int STAGE = 64;

    private static long bucket(long time) {
        return time >> SHIFT;
    }

    /**
     * Adds an entry. One for the current bucket goes into the small heap; one for a later bucket is staged
     * and placed with the next {@link #STAGE} - 1 others ({@link #place}), or before the current bucket
     * moves on, which is the first time a later bucket can be read.
     *
     * <p>Design note. Placing an entry loads its bucket's array and writes at its end, a cache miss for
     * almost every entry (its deadline is hours to a month ahead, in one of thousands of buckets), and each
     * placement waited for its miss (7% of the real-time profile at 100k profiles, session 10). Placed
     * together, the entries' misses overlap: nothing in one placement waits for another.
     */
    void push(long time, long id) {
        long b = bucket(time);
        if (current == Long.MIN_VALUE) {
            current = b;
        }
        if (b <= current) {
            near.push(time, id);
        } else {
            int n = stagedSize;
            staged[n] = time;
            staged[n + 1] = id;
            stagedSize = n + 2;
            if (n + 2 == staged.length) {
                placeStaged();
            }
        }
    }

    /** Places the staged entries in their buckets (or the overflow heap); they all lie beyond the current bucket. */
    private void placeStaged() {
        long[] s = staged;
        for (int i = 0, n = stagedSize; i < n; i += 2) {
            place(s[i], s[i + 1]);
        }
        stagedSize = 0;
    }

    private void place(long time, long id) {
        long b = bucket(time);
        if (b - current < BUCKETS) {
            int i = (int) (b & MASK);
            long[] a = ring[i];
            int n = fill[i];
            if (a == null) {
                a = takeSpare();
                ring[i] = a;
            } else if (n + 2 > a.length) {
                a = Arrays.copyOf(a, a.length * 2);
                ring[i] = a;
            }
            a[n] = time;
            a[n + 1] = id;
            fill[i] = n + 2;
            occupied[i >>> 6] |= 1L << i;
            inRing++;
        } else {
            far.push(time, id);
        }
    }

    boolean isEmpty() {
        return near.isEmpty() && inRing == 0 && far.isEmpty() && stagedSize == 0;
    }

    /** The earliest deadline; the queue must not be empty. */
    long peekTime() {
        refill();
        return near.peekTime();
    }

    long peekId() {
        refill();
        return near.peekId();
    }

    void pop() {
        refill();
        near.pop();
    }

    /** Makes the current bucket the earliest non-empty one and pours it into the small heap. */
    private void refill() {
        if (!near.isEmpty()) {
            return;
        }
        placeStaged();
        long next = Long.MAX_VALUE;
        if (inRing > 0) {
            next = current + 1 + distanceToOccupied((int) ((current + 1) & MASK));
        }
        if (!far.isEmpty()) {
            next = Math.min(next, bucket(far.peekTime()));
        }
        if (next == Long.MAX_VALUE) {
            return;
        }
        current = next;
        int i = (int) (current & MASK);
        if ((occupied[i >>> 6] & (1L << i)) != 0) {
            long[] a = ring[i];
            int n = fill[i];
            for (int j = 0; j < n; j += 2) {
                near.push(a[j], a[j + 1]);
            }
            inRing -= n / 2;
            fill[i] = 0;
            occupied[i >>> 6] &= ~(1L << i);
            ring[i] = null;
            giveSpare(a);
        }
        while (!far.isEmpty() && bucket(far.peekTime()) <= current) {
            near.push(far.peekTime(), far.peekId());
            far.pop();
        }
    }

    private long[] takeSpare() {
        if (spares == 0) {
            return new long[MIN_BUCKET];
        }
        long[] a = spare[--spares];
        spare[spares] = null;
        spareLongs -= a.length;
        return a;
    }

    private void giveSpare(long[] a) {
        if (spareLongs + a.length > POOL_LONGS) {
            return;
        }
        if (spares == spare.length) {
            spare = Arrays.copyOf(spare, 2 * spares);
        }
        spare[spares++] = a;
        spareLongs += a.length;
    }

    /** Buckets from ring index {@code from} (inclusive) to the first occupied one, wrapping around. */
    private int distanceToOccupied(int from) {
        int words = occupied.length;
        int w = from >>> 6;
        long word = occupied[w] & (-1L << (from & 63));
        for (int k = 0; k <= words; k++) {
            if (word != 0) {
                int idx = ((w << 6) + Long.numberOfTrailingZeros(word));
                return (idx - from) & MASK;
            }
            w = (w + 1) % words;
            word = occupied[w];
        }
        throw new IllegalStateException("ring count " + inRing + " but no occupied bucket");
    }

    /** Longs held by spare bucket arrays (at most {@link #POOL_LONGS}). */
    long spareLongs() {
        return spareLongs;
    }

    /** Bucket arrays currently attached to the ring (each holds at least one entry). */
    int attachedBuckets() {
        int n = 0;
        for (long[] a : ring) {
            n += a == null ? 0 : 1;
        }
        return n;
    }

    int size() {
        return (int) Math.min(Integer.MAX_VALUE, near.size() + inRing + far.size() + stagedSize / 2);
    }

    void clear() {
        near.clear();
        far.clear();
        Arrays.fill(fill, 0);
        Arrays.fill(occupied, 0);
        inRing = 0;
        stagedSize = 0;
        current = Long.MIN_VALUE;
        for (int i = 0; i < BUCKETS; i++) {
            if (ring[i] != null) {
                giveSpare(ring[i]);
                ring[i] = null;
            }
        }
    }

    long bytes() {
        long b = near.bytes() + far.bytes() + 8L * BUCKETS + 4L * BUCKETS + 8L * staged.length + 8L * spare.length
                + 16L * spares + 8L * spareLongs;
        for (long[] a : ring) {
            b += a == null ? 0 : 16 + 8L * a.length;
        }
        return b;
    }
}
