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

    /**
     * This reference without the pairs whose key {@code gone} accepts (the scored population minus those
     * profiles), or this one when it holds none. The others keep their values and keys; only the ranks
     * above the removed pairs and {@code n} change, by the pairs removed.
     */
    RfmReference without(java.util.function.LongPredicate gone) {
        int k = 0;
        for (long x : rKeys) {
            if (gone.test(x)) {
                k++;
            }
        }
        if (k == 0) {
            return this;
        }
        int m = n - k;
        long[][] out = new long[6][m];
        long[][] in = {rVals, rKeys, fVals, fKeys, mVals, mKeys};
        for (int d = 0; d < 3; d++) {
            long[] vals = in[2 * d];
            long[] keys = in[2 * d + 1];
            int j = 0;
            for (int i = 0; i < n; i++) {
                if (!gone.test(keys[i])) {
                    out[2 * d][j] = vals[i];
                    out[2 * d + 1][j++] = keys[i];
                }
            }
        }
        return new RfmReference(split, out[0], out[1], out[2], out[3], out[4], out[5]);
    }

    /**
     * This reference with the pairs of profile {@code from} relabelled as {@code to} (identity merged them),
     * re-sorted by (value, key); this one when {@code from} holds none.
     */
    RfmReference rekeyed(long from, long to) {
        return rekeyed(x -> x == from ? to : x);
    }

    /**
     * This reference with every key {@code k} relabelled {@code to.applyAsLong(k)}, re-sorted by (value,
     * key); this one when no key changes.
     */
    RfmReference rekeyed(java.util.function.LongUnaryOperator to) {
        boolean any = false;
        for (long x : rKeys) {
            any |= to.applyAsLong(x) != x;
        }
        if (!any) {
            return this;
        }
        long[][] in = {rVals, rKeys, fVals, fKeys, mVals, mKeys};
        long[][] out = new long[6][];
        for (int d = 0; d < 3; d++) {
            long[] keys = in[2 * d + 1].clone();
            for (int i = 0; i < n; i++) {
                keys[i] = to.applyAsLong(keys[i]);
            }
            long[][] sorted = sorted(keys, in[2 * d]);
            out[2 * d] = sorted[0];
            out[2 * d + 1] = sorted[1];
        }
        return new RfmReference(split, out[0], out[1], out[2], out[3], out[4], out[5]);
    }

    /**
     * Whether this reference and {@code o} give every (value, key) the same score in all three dimensions.
     *
     * <p>Design note. With {@code n > 0}, {@code score >= j + 1} (j = 1..4) exactly when the rank reaches
     * {@code ceil(j * n / 5)}, that is when the query is above the reference's entry at index
     * {@code ceil(j * n / 5) - 1}: its value ({@code SHARE}), or its (value, key) pair ({@code SPLIT_BY_KEY}).
     * A score is therefore 1 plus the number of these four cut entries below the query, and two references
     * with the same cuts score everything alike, however many pairs each holds.
     */
    boolean scoresLike(RfmReference o) {
        if (split != o.split || (n == 0) != (o.n == 0)) {
            return false;
        }
        if (n == 0) {
            return true;
        }
        return sameCuts(rVals, rKeys, o.rVals, o.rKeys, o.n) && sameCuts(fVals, fKeys, o.fVals, o.fKeys, o.n)
                && sameCuts(mVals, mKeys, o.mVals, o.mKeys, o.n);
    }

    private boolean sameCuts(long[] vals, long[] keys, long[] oVals, long[] oKeys, int on) {
        for (int j = 1; j <= 4; j++) {
            int a = (int) ((j * (long) n + 4) / 5) - 1;
            int b = (int) ((j * (long) on + 4) / 5) - 1;
            if (vals[a] != oVals[b] || split && keys[a] != oKeys[b]) {
                return false;
            }
        }
        return true;
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
