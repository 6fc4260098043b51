package io.omnicanal.journeys.internal;

import it.unimi.dsi.fastutil.HashCommon;

import java.util.Arrays;

/**
 * A long-to-long hash map, open addressing with linear probing, whose keys and values sit side by side in one
 * {@code long[]} ({@code [k0, v0, k1, v1, ...]}), so that a hit costs one cache miss where a map with parallel
 * key and value arrays costs two. Key 0 marks a free slot; the entry with key 0, if any, is kept apart.
 * Removal shifts the following cluster back (no tombstones), so lookups stay short after churn. Load factor
 * 3/4, capacities are powers of two. Iteration order is the table order: callers that need a canonical order
 * sort {@link #keys()}. Not thread-safe.
 */
final class LongTable {
    private static final int MIN_CAPACITY = 16;

    private final long missing;
    /** Whether a key's home slot is the hash of its profile part only (bits 24-55, see the class note). */
    private final boolean byProfile;
    private long[] slots;
    private int mask;
    private int size;
    private int maxFill;
    private boolean hasZero;
    private long zeroValue;

    /** An empty table whose {@link #get} answers {@code missing} for absent keys. */
    LongTable(long missing) {
        this(missing, false);
    }

    /**
     * An empty table whose {@link #get} answers {@code missing} for absent keys; with {@code byProfile}, keys are
     * {@code kind << 56 | p << 24 | id} and every key of one profile p hashes to the same home slot, so that a
     * profile's entries sit side by side (one or two cache lines) whatever their kind and id.
     */
    LongTable(long missing, boolean byProfile) {
        this.missing = missing;
        this.byProfile = byProfile;
        allocate(MIN_CAPACITY);
    }

    private int home(long key) {
        return (int) HashCommon.mix(byProfile ? (key >>> 24) & 0xFFFF_FFFFL : key);
    }

    private void allocate(int capacity) {
        slots = new long[2 * capacity];
        mask = capacity - 1;
        maxFill = (int) Math.min(capacity - 1L, (long) capacity * 3 / 4);
    }

    /** Number of entries. */
    int size() {
        return size;
    }

    /** The value of {@code key}, or the missing value. */
    long get(long key) {
        if (key == 0) {
            return hasZero ? zeroValue : missing;
        }
        long[] s = slots;
        int m = mask;
        for (int i = home(key) & m; ; i = (i + 1) & m) {
            long k = s[2 * i];
            if (k == key) {
                return s[2 * i + 1];
            }
            if (k == 0) {
                return missing;
            }
        }
    }

    /** The value of {@code key}, or {@code dflt} when absent. */
    long get(long key, long dflt) {
        if (key == 0) {
            return hasZero ? zeroValue : dflt;
        }
        int i = find(key);
        return i < 0 ? dflt : slots[2 * i + 1];
    }

    /** The first word of {@code key}'s home slot (a read that brings the slot's cache line in). */
    long peekHome(long key) {
        return slots[2 * (home(key) & mask)];
    }

    /** Whether {@code key} is present. */
    boolean containsKey(long key) {
        return key == 0 ? hasZero : find(key) >= 0;
    }

    private int find(long key) {
        long[] s = slots;
        int m = mask;
        for (int i = home(key) & m; ; i = (i + 1) & m) {
            long k = s[2 * i];
            if (k == key) {
                return i;
            }
            if (k == 0) {
                return -1;
            }
        }
    }

    /** Sets {@code key} to {@code value}. */
    void put(long key, long value) {
        if (key == 0) {
            if (!hasZero) {
                hasZero = true;
                size++;
            }
            zeroValue = value;
            return;
        }
        long[] s = slots;
        int m = mask;
        int i = home(key) & m;
        for (; ; i = (i + 1) & m) {
            long k = s[2 * i];
            if (k == key) {
                s[2 * i + 1] = value;
                return;
            }
            if (k == 0) {
                break;
            }
        }
        s[2 * i] = key;
        s[2 * i + 1] = value;
        if (++size > maxFill) {
            rehash(2 * (mask + 1));
        }
    }

    /** Removes {@code key}; returns whether it was present. */
    boolean remove(long key) {
        if (key == 0) {
            if (!hasZero) {
                return false;
            }
            hasZero = false;
            size--;
            return true;
        }
        int i = find(key);
        if (i < 0) {
            return false;
        }
        size--;
        // backward-shift deletion: move later members of the cluster into the hole when their home allows it
        long[] s = slots;
        int m = mask;
        int hole = i;
        for (int j = (hole + 1) & m; s[2 * j] != 0; j = (j + 1) & m) {
            int home = home(s[2 * j]) & m;
            // the entry at j may move to hole unless its home lies cyclically in (hole, j]
            boolean stays = hole <= j ? hole < home && home <= j : hole < home || home <= j;
            if (!stays) {
                s[2 * hole] = s[2 * j];
                s[2 * hole + 1] = s[2 * j + 1];
                hole = j;
            }
        }
        s[2 * hole] = 0;
        s[2 * hole + 1] = 0;
        return true;
    }

    /** Makes room for {@code expected} entries without rehashing. */
    void ensureCapacity(int expected) {
        int needed = HashCommon.arraySize(expected, 0.75f);
        if (needed > mask + 1) {
            rehash(needed);
        }
    }

    private void rehash(int capacity) {
        long[] old = slots;
        allocate(capacity);
        long[] s = slots;
        int m = mask;
        for (int j = 0; j < old.length; j += 2) {
            long k = old[j];
            if (k != 0) {
                int i = home(k) & m;
                while (s[2 * i] != 0) {
                    i = (i + 1) & m;
                }
                s[2 * i] = k;
                s[2 * i + 1] = old[j + 1];
            }
        }
    }

    /** Every key, sorted ascending. */
    long[] keys() {
        long[] out = new long[size];
        int n = 0;
        if (hasZero) {
            out[n++] = 0;
        }
        for (int j = 0; j < slots.length; j += 2) {
            if (slots[j] != 0) {
                out[n++] = slots[j];
            }
        }
        Arrays.sort(out);
        return out;
    }

    /** Removes every entry. */
    void clear() {
        Arrays.fill(slots, 0);
        hasZero = false;
        size = 0;
    }
}
