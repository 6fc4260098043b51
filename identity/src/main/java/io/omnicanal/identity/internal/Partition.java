package io.omnicanal.identity.internal;

import java.util.Arrays;

/**
 * Union-find over node ids with per-profile extras: parent (path halving), size (union by
 * size; the size of a profile at its root), a circular "next member" list per profile (spliced
 * in O(1) on union, walked to list or count a profile's members), the canonical node of each
 * profile at its root, and first/last sighting per node in epoch nanoseconds ({@link #UNSEEN}
 * before the first). Not thread-safe; {@link #root(int)} does not write, so concurrent readers
 * are safe while no writer runs.
 *
 * <p>Design note. The fields of a node sit side by side in one {@code long[]}, four words per
 * node (first seen, last seen, parent and next, size and canonical node), rather than in one
 * array per field: a link touches first, last and parent of each of its identifiers and parent,
 * size and canonical node of their roots, so one cache line now serves what took up to five
 * (the separate arrays' loads were a fifth of ingest time in a JFR profile). The bit mask
 * of limited types present, read only where limits are checked, stays in its own array. 36 bytes
 * per identifier.
 */
final class Partition {

    static final long UNSEEN = Long.MIN_VALUE;
    private static final int W = 4;
    private static final long LOW = 0xFFFFFFFFL;

    /** Per node n: [4n] first, [4n+1] last, [4n+2] parent | next << 32, [4n+3] size | canon << 32. */
    private long[] rec = new long[0];
    int[] mask = new int[0];
    int capacity;

    Partition(int nodes) {
        ensure(nodes);
    }

    void ensure(int nodes) {
        if (nodes <= capacity) {
            return;
        }
        int cap = Math.max(nodes, capacity + (capacity >> 1) + 16);
        rec = Arrays.copyOf(rec, W * cap);
        mask = Arrays.copyOf(mask, cap);
        for (int i = capacity; i < cap; i++) {
            rec[W * i] = UNSEEN;
            rec[W * i + 1] = UNSEEN;
            rec[W * i + 2] = i | ((long) i << 32);
            rec[W * i + 3] = 1 | ((long) i << 32);
        }
        capacity = cap;
    }

    boolean seen(int x) {
        return x < capacity && rec[W * x] != UNSEEN;
    }

    long first(int x) {
        return rec[W * x];
    }

    void first(int x, long t) {
        rec[W * x] = t;
    }

    long last(int x) {
        return rec[W * x + 1];
    }

    void last(int x, long t) {
        rec[W * x + 1] = t;
    }

    int parent(int x) {
        return (int) rec[W * x + 2];
    }

    private void parent(int x, int p) {
        rec[W * x + 2] = (rec[W * x + 2] & ~LOW) | (p & LOW);
    }

    int next(int x) {
        return (int) (rec[W * x + 2] >>> 32);
    }

    private void next(int x, int n) {
        rec[W * x + 2] = (rec[W * x + 2] & LOW) | ((long) n << 32);
    }

    int size(int x) {
        return (int) rec[W * x + 3];
    }

    int canon(int x) {
        return (int) (rec[W * x + 3] >>> 32);
    }

    void canon(int x, int c) {
        rec[W * x + 3] = (rec[W * x + 3] & LOW) | ((long) c << 32);
    }

    /**
     * Makes root {@code b} a child of root {@code a}: sizes added, masks united, member lists
     * spliced. The canonical node is the caller's to update.
     */
    void link(int a, int b) {
        parent(b, a);
        rec[W * a + 3] = (rec[W * a + 3] & ~LOW) | ((size(a) + size(b)) & LOW);
        mask[a] |= mask[b];
        int na = next(a);
        next(a, next(b));
        next(b, na);
    }

    /**
     * Loads the records of the given nodes (stored as {@code ~node} when refused) and of their
     * parents, one independent load per node and stage, so that the misses of a link's
     * identifiers overlap. Reads only.
     */
    void prefetch(int[] nodes, int from, int k) {
        long acc = 0;
        for (int i = from; i < from + k; i++) {
            int x = nodes[i] < 0 ? ~nodes[i] : nodes[i];
            if (x < capacity) {
                parents[i - from] = (int) rec[W * x + 2];
            } else {
                parents[i - from] = -1;
            }
        }
        for (int i = 0; i < k; i++) {
            if (parents[i] >= 0) {
                acc += rec[W * parents[i] + 3];
            }
        }
        touched += acc;
    }

    private final int[] parents = new int[Engine.MAX_IDS_PER_LINK];
    private long touched;

    /** Root with path halving (writes). */
    int find(int x) {
        long[] r = rec;
        int p = (int) r[W * x + 2];
        while (p != x) {
            int gp = (int) r[W * p + 2];
            r[W * x + 2] = (r[W * x + 2] & ~LOW) | (gp & LOW);
            x = gp;
            p = (int) r[W * x + 2];
        }
        return x;
    }

    /** Root without writing. */
    int root(int x) {
        int p = parent(x);
        while (p != x) {
            x = p;
            p = parent(x);
        }
        return x;
    }
}
