package io.omnicanal.examples.pipeline;

import it.unimi.dsi.fastutil.HashCommon;
import java.util.function.LongUnaryOperator;

/**
 * Counts of graded rows per (true person, identifier class, profile key): what pairwise grading
 * needs of a row, held per distinct triple rather than per row (the rows of one cookie seen
 * hundreds of times under one profile are one entry).
 *
 * <p>An open-addressing table with linear probing over parallel primitive arrays; no object per
 * entry. Keys may be rewritten in place ({@link #rekey}); entries that then coincide stay separate,
 * which the grading sums do not mind. Not thread-safe.
 */
final class GradeCounts {
    private int[] truth;
    private int[] node;
    private long[] key;
    private int[] rows; // 0 = empty slot
    private int size;
    private int mask;

    GradeCounts() {
        allocate(1 << 10);
    }

    /** The number of distinct triples. */
    int size() {
        return size;
    }

    /** Counts one row. */
    void add(int person, int identifierClass, long profileKey) {
        int i = slot(person, identifierClass, profileKey);
        if (rows[i] == 0) {
            truth[i] = person;
            node[i] = identifierClass;
            key[i] = profileKey;
            rows[i] = 1;
            if (++size > (mask + 1) * 3L / 4) {
                grow();
            }
        } else if (rows[i] == Integer.MAX_VALUE) {
            throw new IllegalStateException("more than " + Integer.MAX_VALUE + " rows of person " + person
                    + " under profile " + profileKey);
        } else {
            rows[i]++;
        }
    }

    /** Visits every entry: its person, identifier class, key and row count. */
    void forEach(Visitor v) {
        for (int i = 0; i < rows.length; i++) {
            if (rows[i] != 0) {
                v.accept(truth[i], node[i], key[i], rows[i]);
            }
        }
    }

    /** Rewrites every entry's key through {@code f}; afterwards {@link #add} is not allowed. */
    void rekey(LongUnaryOperator f) {
        for (int i = 0; i < rows.length; i++) {
            if (rows[i] != 0) {
                key[i] = f.applyAsLong(key[i]);
            }
        }
        mask = -1; // the slots no longer match the keys
    }

    /** An entry's fields. */
    interface Visitor {
        void accept(int person, int identifierClass, long profileKey, int rows);
    }

    private int slot(int person, int identifierClass, long profileKey) {
        if (mask < 0) {
            throw new IllegalStateException("rows cannot be added after rekey");
        }
        long h = HashCommon.mix(profileKey ^ HashCommon.mix(((long) person << 32) | (identifierClass & 0xFFFFFFFFL)));
        int i = (int) h & mask;
        while (rows[i] != 0 && (truth[i] != person || node[i] != identifierClass || key[i] != profileKey)) {
            i = (i + 1) & mask;
        }
        return i;
    }

    private void allocate(int capacity) {
        truth = new int[capacity];
        node = new int[capacity];
        key = new long[capacity];
        rows = new int[capacity];
        mask = capacity - 1;
    }

    private void grow() {
        int[] oldTruth = truth;
        int[] oldNode = node;
        long[] oldKey = key;
        int[] oldRows = rows;
        allocate(oldRows.length * 2);
        for (int j = 0; j < oldRows.length; j++) {
            if (oldRows[j] != 0) {
                int i = slot(oldTruth[j], oldNode[j], oldKey[j]);
                truth[i] = oldTruth[j];
                node[i] = oldNode[j];
                key[i] = oldKey[j];
                rows[i] = oldRows[j];
            }
        }
    }
}
