package io.omnicanal.segmentation.internal;

import io.omnicanal.segmentation.RfmSettings;
import it.unimi.dsi.fastutil.ints.IntArrays;

/**
 * The frozen reference population RFM scores are ranked against: per dimension, the sorted
 * (value, profile key) pairs of the scored profiles. Recency is ranked by the time of the latest
 * qualifying event, so a profile's recency score does not drift as the clock advances; it changes only
 * when the reference is refreshed or the profile buys again. Immutable.
 */
final class RfmReference {
    static final RfmReference EMPTY = new RfmReference(false, new long[0], new long[0], new long[0], new long[0],
            new long[0], new long[0]);

    final boolean split;
    final int n;
    final long[] rVals;
    final long[] rKeys;
    final long[] fVals;
    final long[] fKeys;
    final long[] mVals;
    final long[] mKeys;

    RfmReference(boolean split, long[] rVals, long[] rKeys, long[] fVals, long[] fKeys, long[] mVals, long[] mKeys) {
        this.split = split;
        this.n = rVals.length;
        this.rVals = rVals;
        this.rKeys = rKeys;
        this.fVals = fVals;
        this.fKeys = fKeys;
        this.mVals = mVals;
        this.mKeys = mKeys;
    }

    /** Builds from unsorted parallel arrays of the scored population. */
    static RfmReference of(RfmSettings.TieRule ties, long[] keys, long[] r, long[] f, long[] m) {
        boolean split = ties == RfmSettings.TieRule.SPLIT_BY_KEY;
        long[][] rs = sorted(keys, r);
        long[][] fs = sorted(keys, f);
        long[][] ms = sorted(keys, m);
        return new RfmReference(split, rs[0], rs[1], fs[0], fs[1], ms[0], ms[1]);
    }

    private static long[][] sorted(long[] keys, long[] vals) {
        int n = keys.length;
        int[] perm = new int[n];
        for (int i = 0; i < n; i++) {
            perm[i] = i;
        }
        IntArrays.quickSort(perm, (x, y) -> {
            int c = Long.compare(vals[x], vals[y]);
            return c != 0 ? c : Long.compare(keys[x], keys[y]);
        });
        long[] v = new long[n];
        long[] k = new long[n];
        for (int i = 0; i < n; i++) {
            v[i] = vals[perm[i]];
            k[i] = keys[perm[i]];
        }
        return new long[][] {v, k};
    }

    /** The 1..5 score of {@code value} (with tie key {@code key}) in one dimension; 0 if the reference is empty. */
    int score(long[] vals, long[] keys, long value, long key) {
        if (n == 0) {
            return 0;
        }
        int lo = 0;
        int hi = n;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            boolean less = vals[mid] < value || split && vals[mid] == value && keys[mid] < key;
            if (less) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return (int) Math.min(5, 1 + 5L * lo / n);
    }

    long bytes() {
        return 48L * n;
    }
}
