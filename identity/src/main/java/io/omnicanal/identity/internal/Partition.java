package io.omnicanal.identity.internal;

import java.util.Arrays;

/**
 * Union-find over node ids with per-profile extras, in primitive arrays: parent (path halving),
 * size (union by size; the size of a profile at its root), a circular "next member" list per
 * profile (spliced in O(1) on union, walked to list or count a profile's members), the
 * canonical node of each profile at its root, and first/last sighting per node in epoch
 * nanoseconds ({@link #UNSEEN} before the first). About 28 bytes per identifier. Not
 * thread-safe; {@link #root(int)} does not write, so concurrent readers are safe while no
 * writer runs.
 */
final class Partition {

    static final long UNSEEN = Long.MIN_VALUE;

    int[] parent = new int[0];
    int[] size = new int[0];
    int[] next = new int[0];
    int[] canon = new int[0];
    int[] mask = new int[0];
    long[] first = new long[0];
    long[] last = new long[0];
    int capacity;

    Partition(int nodes) {
        ensure(nodes);
    }

    void ensure(int nodes) {
        if (nodes <= capacity) {
            return;
        }
        int cap = Math.max(nodes, capacity + (capacity >> 1) + 16);
        parent = Arrays.copyOf(parent, cap);
        size = Arrays.copyOf(size, cap);
        next = Arrays.copyOf(next, cap);
        canon = Arrays.copyOf(canon, cap);
        mask = Arrays.copyOf(mask, cap);
        first = Arrays.copyOf(first, cap);
        last = Arrays.copyOf(last, cap);
        for (int i = capacity; i < cap; i++) {
            parent[i] = i;
            size[i] = 1;
            next[i] = i;
            canon[i] = i;
            first[i] = UNSEEN;
            last[i] = UNSEEN;
        }
        capacity = cap;
    }

    boolean seen(int x) {
        return x < capacity && first[x] != UNSEEN;
    }

    /** Root with path halving (writes). */
    int find(int x) {
        int[] p = parent;
        while (p[x] != x) {
            p[x] = p[p[x]];
            x = p[x];
        }
        return x;
    }

    /** Root without writing. */
    int root(int x) {
        int[] p = parent;
        while (p[x] != x) {
            x = p[x];
        }
        return x;
    }
}
