package io.omnicanal.attribution.internal;

import it.unimi.dsi.fastutil.HashCommon;

import java.util.Arrays;

/**
 * Row-level transformations of {@link PathData}: merging identical paths and selecting a group.
 *
 * <p>Design note: aggregation hashes each row's (group, steps) with an open-addressing table of
 * row indexes (linear probing, load factor at most 1/2) and compares candidate rows step by step,
 * so no per-row key object is created; it runs in O(total steps) expected time. Rows whose steps
 * carry direct flags ({@link PathData#stepDirect}) are the same only when those flags are too, so
 * that last non-direct touch credits the aggregated table as it does the rows.
 */
public final class PathAggregation {
    private PathAggregation() {
    }

    public static PathData aggregate(PathData d) {
        int rows = d.rows();
        int cap = HashCommon.arraySize(Math.max(2, rows), 0.5f);
        int mask = cap - 1;
        int[] slots = new int[cap];
        Arrays.fill(slots, -1);
        int[] firstOf = new int[rows];
        int[] outIndex = new int[rows];
        int distinct = 0;
        for (int r = 0; r < rows; r++) {
            int h = HashCommon.mix(hash(d, r));
            int pos = h & mask;
            while (true) {
                int o = slots[pos];
                if (o < 0) {
                    slots[pos] = r;
                    outIndex[r] = distinct;
                    firstOf[distinct++] = r;
                    break;
                }
                if (sameRow(d, o, r)) {
                    outIndex[r] = outIndex[o];
                    break;
                }
                pos = (pos + 1) & mask;
            }
        }
        if (distinct == rows && d.ages == null) {
            return d;
        }
        double[] conv = new double[distinct];
        double[] val = new double[distinct];
        double[] nul = new double[distinct];
        int[] go = new int[distinct];
        for (int r = 0; r < rows; r++) {
            int o = outIndex[r];
            conv[o] += d.conversions[r];
            val[o] += d.value[r];
            nul[o] += d.nulls[r];
        }
        int total = 0;
        for (int i = 0; i < distinct; i++) {
            int r = firstOf[i];
            total += d.offsets[r + 1] - d.offsets[r];
            go[i] = d.groupOf[r];
        }
        int[] offsets = new int[distinct + 1];
        int[] steps = new int[total];
        boolean[] stepDirect = d.stepDirect == null ? null : new boolean[total];
        int w = 0;
        for (int i = 0; i < distinct; i++) {
            int r = firstOf[i];
            int len = d.offsets[r + 1] - d.offsets[r];
            System.arraycopy(d.steps, d.offsets[r], steps, w, len);
            if (stepDirect != null) {
                System.arraycopy(d.stepDirect, d.offsets[r], stepDirect, w, len);
            }
            w += len;
            offsets[i + 1] = w;
        }
        return new PathData(d.dimensions, d.values, d.components, d.direct, offsets, steps, conv, val, nul, null,
                stepDirect, d.groups, go, d.unattributedConversions, d.unattributedValue);
    }

    public static PathData filterGroup(PathData d, int group) {
        int rows = 0;
        int total = 0;
        for (int r = 0; r < d.rows(); r++) {
            if (d.groupOf[r] == group) {
                rows++;
                total += d.offsets[r + 1] - d.offsets[r];
            }
        }
        int[] offsets = new int[rows + 1];
        int[] steps = new int[total];
        long[] ages = d.ages == null ? null : new long[total];
        boolean[] stepDirect = d.stepDirect == null ? null : new boolean[total];
        double[] conv = new double[rows];
        double[] val = new double[rows];
        double[] nul = new double[rows];
        int[] go = new int[rows];
        int i = 0;
        int w = 0;
        for (int r = 0; r < d.rows(); r++) {
            if (d.groupOf[r] != group) {
                continue;
            }
            int len = d.offsets[r + 1] - d.offsets[r];
            System.arraycopy(d.steps, d.offsets[r], steps, w, len);
            if (ages != null) {
                System.arraycopy(d.ages, d.offsets[r], ages, w, len);
            }
            if (stepDirect != null) {
                System.arraycopy(d.stepDirect, d.offsets[r], stepDirect, w, len);
            }
            w += len;
            offsets[i + 1] = w;
            conv[i] = d.conversions[r];
            val[i] = d.value[r];
            nul[i] = d.nulls[r];
            go[i] = group;
            i++;
        }
        return new PathData(d.dimensions, d.values, d.components, d.direct, offsets, steps, conv, val, nul, ages,
                stepDirect, d.groups, go, 0, 0);
    }

    private static int hash(PathData d, int r) {
        int h = d.groupOf[r];
        for (int p = d.offsets[r]; p < d.offsets[r + 1]; p++) {
            h = 31 * h + d.steps[p];
        }
        return h;
    }

    private static boolean sameRow(PathData d, int a, int b) {
        if (d.groupOf[a] != d.groupOf[b]) {
            return false;
        }
        int la = d.offsets[a + 1] - d.offsets[a];
        if (la != d.offsets[b + 1] - d.offsets[b]) {
            return false;
        }
        return Arrays.equals(d.steps, d.offsets[a], d.offsets[a + 1], d.steps, d.offsets[b], d.offsets[b + 1])
                && (d.stepDirect == null || Arrays.equals(d.stepDirect, d.offsets[a], d.offsets[a + 1],
                        d.stepDirect, d.offsets[b], d.offsets[b + 1]));
    }
}
