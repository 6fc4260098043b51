package io.omnicanal.identity.internal;

import java.util.Arrays;

/**
 * Union-find over node ids with per-profile extras: parent (path halving), a circular "next
 * member" list per profile (spliced in O(1) on union, walked to list or count a profile's
 * members), first/last sighting per node in epoch nanoseconds ({@link #UNSEEN} before the
 * first), and, per profile only, its size (union by size), canonical node, the canonical node's
 * key and the bit mask of limited types present. Not thread-safe; {@link #root(int)} does not write, so concurrent
 * readers are safe while no writer runs.
 *
 * <p>Design note: bytes per identifier. A node's parent and next member share one {@code long};
 * its first and last sightings share a second one as two {@code int}s of whole seconds since
 * 2000-01-01 ({@link CompactTime}), which is what event streams carry; the first sighting that
 * is not a whole second in 1932-2068 widens the record once to three {@code long}s (sightings in
 * epoch nanoseconds), so that every time stays exact. Size, canonical node and type mask matter
 * only for roots, so they live in a per-profile slot table (24 bytes a profile) and a root's
 * parent field holds {@code ~slot} instead of itself; slots of profiles absorbed by a union are
 * reused. So 16 bytes per identifier plus 24 per profile (was 36 per identifier), and a link
 * still touches one cache line per identifier: parent, next and sightings sit side by side.
 *
 * <p>The slot keeps the canonical node's key beside the node (a copy of the identifier table's,
 * set wherever the canonical node is): the profile key every link returns is then the root's
 * slot, not one more dependent cache miss into the table's node words (measured on the 1M-event
 * benchmark: root, slot and key loads in a row were a quarter of ingest time).
 */
final class Partition {

    static final long UNSEEN = Long.MIN_VALUE;
    private static final long LOW = 0xFFFFFFFFL;

    /** Record width in longs: 2 (sightings as int seconds) or 3 (sightings in nanoseconds). */
    private int w = 2;
    /**
     * Per node n: [w*n] parent (or ~slot for a root) | next << 32; then first | last << 32 in
     * int seconds ({@link CompactTime#NONE} when unseen), or first and last in nanoseconds.
     */
    private long[] rec = new long[0];
    /**
     * Per profile slot s: [3s] size | canon << 32, [3s+1] limited-type mask, [3s+2] the canonical node's key;
     * free slots chained through [3s].
     */
    private long[] prof = new long[0];
    private int slots;
    private int freeSlot = -1;
    int capacity;

    Partition(int nodes) {
        ensure(nodes);
    }

    void ensure(int nodes) {
        if (nodes <= capacity) {
            return;
        }
        int cap = Math.max(nodes, capacity + (capacity >> 2) + 16);
        int old = capacity;
        rec = Arrays.copyOf(rec, w * cap);
        for (int i = old; i < cap; i++) {
            clearSightings(i);
        }
        capacity = cap;
    }

    private void clearSightings(int i) {
        if (w == 2) {
            rec[2 * i + 1] = (CompactTime.NONE & LOW) | ((long) CompactTime.NONE << 32);
        } else {
            rec[3 * i + 1] = UNSEEN;
            rec[3 * i + 2] = UNSEEN;
        }
    }

    /** Widens every record to nanosecond sightings (once, when a time is not whole seconds). */
    private void widen() {
        long[] r = new long[3 * capacity];
        for (int i = 0; i < capacity; i++) {
            long s = rec[2 * i + 1];
            r[3 * i] = rec[2 * i];
            r[3 * i + 1] = CompactTime.decode((int) s);
            r[3 * i + 2] = CompactTime.decode((int) (s >>> 32));
        }
        rec = r;
        w = 3;
    }

    boolean seen(int x) {
        return x < capacity && first(x) != UNSEEN;
    }

    long first(int x) {
        return w == 2 ? CompactTime.decode((int) rec[2 * x + 1]) : rec[3 * x + 1];
    }

    void first(int x, long t) {
        if (w == 2 && !CompactTime.fits(t)) {
            widen();
        }
        if (w == 2) {
            rec[2 * x + 1] = (rec[2 * x + 1] & ~LOW) | (CompactTime.encode(t) & LOW);
        } else {
            rec[3 * x + 1] = t;
        }
    }

    long last(int x) {
        return w == 2 ? CompactTime.decode((int) (rec[2 * x + 1] >>> 32)) : rec[3 * x + 2];
    }

    void last(int x, long t) {
        if (w == 2 && !CompactTime.fits(t)) {
            widen();
        }
        if (w == 2) {
            rec[2 * x + 1] = (rec[2 * x + 1] & LOW) | ((long) CompactTime.encode(t) << 32);
        } else {
            rec[3 * x + 2] = t;
        }
    }

    /** Whether a seen node is the root of its profile. */
    boolean isRoot(int x) {
        return (int) rec[w * x] < 0;
    }

    int next(int x) {
        return (int) (rec[w * x] >>> 32);
    }

    private void next(int x, int n) {
        rec[w * x] = (rec[w * x] & LOW) | ((long) n << 32);
    }

    private int slot(int root) {
        return ~(int) rec[w * root];
    }

    int size(int root) {
        return (int) prof[3 * slot(root)];
    }

    int canon(int root) {
        return (int) (prof[3 * slot(root)] >>> 32);
    }

    /** @return the key of the canonical node of the profile rooted at {@code root} */
    long canonKey(int root) {
        return prof[3 * slot(root) + 2];
    }

    void canon(int root, int c, long key) {
        int s = slot(root);
        prof[3 * s] = (prof[3 * s] & LOW) | ((long) c << 32);
        prof[3 * s + 2] = key;
    }

    int mask(int root) {
        return (int) prof[3 * slot(root) + 1];
    }

    /**
     * Makes a node seen for the first time a profile of its own.
     *
     * @param x the node
     * @param t its first sighting, epoch nanoseconds
     * @param typeMask its bit in the mask of limited types, or 0
     * @param key its key in the identifier table
     */
    void makeSet(int x, long t, int typeMask, long key) {
        int s = freeSlot;
        if (s >= 0) {
            freeSlot = (int) prof[3 * s];
        } else {
            if (3 * slots + 3 > prof.length) {
                prof = Arrays.copyOf(prof, Math.max(3 * slots + 3, prof.length + (prof.length >> 2) + 48));
            }
            s = slots++;
        }
        prof[3 * s] = 1 | ((long) x << 32);
        prof[3 * s + 1] = typeMask;
        prof[3 * s + 2] = key;
        rec[w * x] = (~s & LOW) | ((long) x << 32);
        first(x, t);
    }

    /**
     * Makes root {@code b} a child of root {@code a}: sizes added, masks united, member lists
     * spliced, b's slot freed. The canonical node is the caller's to update.
     */
    void link(int a, int b) {
        int sa = slot(a);
        int sb = slot(b);
        prof[3 * sa] = (prof[3 * sa] & ~LOW) | ((int) prof[3 * sa] + (int) prof[3 * sb] & LOW);
        prof[3 * sa + 1] |= prof[3 * sb + 1];
        prof[3 * sb] = freeSlot;
        prof[3 * sb + 2] = 0;
        freeSlot = sb;
        int na = next(a);
        int nb = next(b);
        rec[w * b] = ((long) na << 32) | (a & LOW);
        next(a, nb);
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
            parents[i - from] = x < capacity ? (int) rec[w * x] : Integer.MIN_VALUE;
        }
        for (int i = 0; i < k; i++) {
            int p = parents[i];
            acc += p >= 0 ? rec[w * p] : p == Integer.MIN_VALUE ? 0 : prof[3 * ~p];
        }
        touched += acc;
    }

    private final int[] parents = new int[Engine.MAX_IDS_PER_LINK];
    private long touched;

    /** Root with path halving (writes). */
    int find(int x) {
        long[] r = rec;
        int ww = w;
        int p = (int) r[ww * x];
        if (p < 0) {
            return x;
        }
        int gp = (int) r[ww * p];
        while (gp >= 0) {
            r[ww * x] = (r[ww * x] & ~LOW) | (gp & LOW);
            x = gp;
            p = (int) r[ww * x];
            if (p < 0) {
                return x;
            }
            gp = (int) r[ww * p];
        }
        return p;
    }

    /** Root without writing. */
    int root(int x) {
        int p = (int) rec[w * x];
        while (p >= 0) {
            x = p;
            p = (int) rec[w * x];
        }
        return x;
    }
}
