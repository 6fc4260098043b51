package io.omnicanal.journeys.internal;

import it.unimi.dsi.fastutil.HashCommon;

import java.util.Arrays;

/**
 * Profile key to dense profile index, open addressing with linear probing over one {@code long[]} of 8-byte
 * slots: the high 32 bits of a slot are a fingerprint of the key (the high half of its hash), the low 32 bits
 * the profile index plus one (0 marks a free slot). The key itself is not stored here: a slot whose fingerprint
 * matches is confirmed against the key in the profile's own record of the {@link ProfileTable}, which the
 * caller is about to read anyway. Removal shifts the following cluster back (no tombstones). Load factor 3/4.
 * The slots form a ring of {@code 2^k - 2}, so that with the 16-byte array header the array is exactly
 * {@code 2^k * 8} bytes and fills whole G1 regions (see {@link LongTable}); the two missing slots' hashes start
 * at slots 0 and 1. Not thread-safe.
 *
 * <p>Design note: the previous index stored (key, index) pairs, 16 bytes a slot, and its lookup was a cache miss
 * of its own before the record's. Half-size slots halve the table (16 bytes per profile at a million profiles
 * instead of 32), so more of it stays in cache, and a false fingerprint match (one in 2^32 per probed slot)
 * only costs a look at another record.
 */
final class ProfileIndex {
    private static final long FP = 0xFFFF_FFFF_0000_0000L;
    private static final int MIN_CAPACITY = 16;

    private final ProfileTable prof;
    private long[] slots;
    /** A power of two minus one: hashes are masked with it. */
    private int mask;
    /** Number of slots, mask - 1. */
    private int n;
    private int size;
    private int maxFill;

    /** An empty index whose profiles' keys are read from {@code prof}. */
    ProfileIndex(ProfileTable prof) {
        this.prof = prof;
        allocate(MIN_CAPACITY);
    }

    /** A ring of capacity - 2 slots (capacity a power of two). */
    private void allocate(int capacity) {
        n = capacity - 2;
        slots = new long[n];
        mask = capacity - 1;
        maxFill = (int) Math.min(n - 1L, (long) n * 3 / 4);
    }

    /** The home slot of hash h. */
    private int home(long h) {
        int i = (int) h & mask;
        return i >= n ? i - n : i;
    }

    /** The slot after i on the ring. */
    private int next(int i) {
        return i + 1 == n ? 0 : i + 1;
    }

    /** Number of entries. */
    int size() {
        return size;
    }

    /** The profile index of {@code key}, or -1 when absent. */
    int get(long key) {
        int i = find(key);
        return i < 0 ? -1 : (int) slots[i] - 1;
    }

    /**
     * The profile index in {@code key}'s home slot when that slot's fingerprint matches, else -1; reads the slot
     * only, not the profile's record, so the answer is a likely index (confirmed by {@link #get}), meant for
     * reading ahead: several of these loads can be in flight at once.
     */
    int peek(long key) {
        long h = HashCommon.mix(key);
        long v = slots[home(h)];
        return v != 0 && (v & FP) == (h & FP) ? (int) v - 1 : -1;
    }

    /** The slot holding {@code key}, or -1. */
    private int find(long key) {
        long h = HashCommon.mix(key);
        long fp = h & FP;
        long[] s = slots;
        for (int i = home(h); ; i = next(i)) {
            long v = s[i];
            if (v == 0) {
                return -1;
            }
            if ((v & FP) == fp && prof.key((int) v - 1) == key) {
                return i;
            }
        }
    }

    /** Maps {@code key} to profile {@code p}, whose record must already hold {@code key}. */
    void put(long key, int p) {
        long h = HashCommon.mix(key);
        long entry = (h & FP) | (p + 1L);
        int at = find(key);
        if (at >= 0) {
            slots[at] = entry;
            return;
        }
        long[] s = slots;
        int i = home(h);
        while (s[i] != 0) {
            i = next(i);
        }
        s[i] = entry;
        if (++size > maxFill) {
            rehash(2 * (mask + 1));
        }
    }

    /** Removes {@code key}, whose record must still hold it; returns whether it was present. */
    boolean remove(long key) {
        int i = find(key);
        if (i < 0) {
            return false;
        }
        size--;
        long[] s = slots;
        int hole = i;
        for (int j = next(hole); s[j] != 0; j = next(j)) {
            int home = home(HashCommon.mix(prof.key((int) s[j] - 1)));
            // the entry at j may move to hole unless its home lies cyclically in (hole, j]
            boolean stays = hole <= j ? hole < home && home <= j : hole < home || home <= j;
            if (!stays) {
                s[hole] = s[j];
                hole = j;
            }
        }
        s[hole] = 0;
        return true;
    }

    /** Makes room for {@code expected} entries without rehashing. */
    void ensureCapacity(int expected) {
        int needed = HashCommon.arraySize(expected + 2, 0.75f);
        if (needed > mask + 1) {
            rehash(needed);
        }
    }

    private void rehash(int capacity) {
        long[] old = slots;
        allocate(capacity);
        long[] s = slots;
        for (long v : old) {
            if (v != 0) {
                int i = home(HashCommon.mix(prof.key((int) v - 1)));
                while (s[i] != 0) {
                    i = next(i);
                }
                s[i] = v;
            }
        }
    }

    /** Every key, sorted ascending. */
    long[] keys() {
        long[] out = new long[size];
        int n = 0;
        for (long v : slots) {
            if (v != 0) {
                out[n++] = prof.key((int) v - 1);
            }
        }
        Arrays.sort(out);
        return out;
    }
}
