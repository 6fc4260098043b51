package io.omnicanal.segmentation.internal;

/**
 * Profile key to dense row: an open-addressing hash map from {@code long} to non-negative {@code int}.
 *
 * <p>Design note. Every event starts with this lookup, usually for a profile not seen for days, whose
 * entry is therefore not in cache. A map with separate key and value arrays (fastutil's) costs two cache
 * misses per lookup (the key, then the value); here each entry is two adjacent longs, {@code [key, row]}, in
 * one array, so the row is found in the same cache line as the key (a line holds four entries; one entry in
 * four may straddle two lines, depending on the array's alignment). Linear probing over a table kept at most
 * half full; a slot is empty when its row long is negative, so every {@code long} key is allowed; removal
 * shifts the following entries of the probe run back (no tombstones). Not thread-safe.
 */
final class KeyIndex {
    private static final int MIN_CAPACITY = 16;

    /** {@code [key0, row0, key1, row1, ...]}; a row of -1 marks an empty slot. */
    private long[] t;
    private int mask;
    private int size;

    KeyIndex() {
        allocate(MIN_CAPACITY);
    }

    private void allocate(int capacity) {
        t = new long[2 * capacity];
        for (int i = 1; i < t.length; i += 2) {
            t[i] = -1;
        }
        mask = capacity - 1;
    }

    private static int hash(long key) {
        long h = key * 0x9E37_79B9_7F4A_7C15L;
        return (int) (h ^ (h >>> 32) ^ (h >>> 17));
    }

    /** The row of {@code key}, or -1. */
    int get(long key) {
        long[] a = t;
        for (int i = hash(key) & mask; ; i = (i + 1) & mask) {
            long row = a[2 * i + 1];
            if (row < 0) {
                return -1;
            }
            if (a[2 * i] == key) {
                return (int) row;
            }
        }
    }

    /** Maps {@code key} to {@code row} ({@code >= 0}), replacing any previous row. */
    void put(long key, int row) {
        if (row < 0) {
            throw new IllegalArgumentException("row must be >= 0: " + row);
        }
        long[] a = t;
        int i = hash(key) & mask;
        for (; a[2 * i + 1] >= 0; i = (i + 1) & mask) {
            if (a[2 * i] == key) {
                a[2 * i + 1] = row;
                return;
            }
        }
        a[2 * i] = key;
        a[2 * i + 1] = row;
        if (++size > (mask + 1) / 2) {
            rehash(2 * (mask + 1));
        }
    }

    /** Removes {@code key}; no-op if absent. */
    void remove(long key) {
        long[] a = t;
        int i = hash(key) & mask;
        for (; ; i = (i + 1) & mask) {
            if (a[2 * i + 1] < 0) {
                return;
            }
            if (a[2 * i] == key) {
                break;
            }
        }
        // Backward-shift deletion: move later entries of the run into the hole when their home allows it.
        int hole = i;
        for (int j = (hole + 1) & mask; a[2 * j + 1] >= 0; j = (j + 1) & mask) {
            int home = hash(a[2 * j]) & mask;
            boolean movable = hole <= j ? home <= hole || home > j : home <= hole && home > j;
            if (movable) {
                a[2 * hole] = a[2 * j];
                a[2 * hole + 1] = a[2 * j + 1];
                hole = j;
            }
        }
        a[2 * hole] = 0; // an erased profile's key does not linger in the table
        a[2 * hole + 1] = -1;
        size--;
    }

    private void rehash(int capacity) {
        long[] old = t;
        allocate(capacity);
        long[] a = t;
        for (int i = 0; i < old.length; i += 2) {
            if (old[i + 1] >= 0) {
                int j = hash(old[i]) & mask;
                while (a[2 * j + 1] >= 0) {
                    j = (j + 1) & mask;
                }
                a[2 * j] = old[i];
                a[2 * j + 1] = old[i + 1];
            }
        }
    }

    int size() {
        return size;
    }

    long bytes() {
        return 16L + 8L * t.length;
    }
}
