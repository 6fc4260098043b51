package io.omnicanal.attribution.internal;

import java.util.Arrays;

/**
 * Counts the first-order Markov transitions of paths as they are built, so that Markov order 1
 * from raw touchpoints needs no path table.
 *
 * <p>Design note: paths arrive with the provisional ids of the {@link PathAssembler} that interns
 * their steps (first-seen order). Counts go into a dense {@code (capacity + 1) x capacity} array
 * over those ids ({@code (start)} is row 0, value {@code v} row {@code v + 1}), exactly as
 * {@link MarkovChain} counts a table's rows: consecutive repeats collapsed, weight
 * {@code conversions + nulls} a transition, rows of zero weight skipped, and the same row order.
 * {@link #chain} then moves every cell to the sorted dictionary's ids, so each cell holds the same
 * sum of the same terms in the same order as when counted from the built table, and the chain and
 * its removal effects are identical to the last bit. Not thread-safe.
 */
public final class FirstOrderCounts implements RowSink {
    private int capacity = 16;
    private double[] count = new double[(capacity + 1) * capacity];
    private boolean[] seen = new boolean[(capacity + 1) * capacity];
    private double[] convW = new double[capacity + 1];
    private double[] nullW = new double[capacity + 1];
    private double[] valueW = new double[capacity + 1];
    private final KahanSum conversions = new KahanSum();
    private final KahanSum value = new KahanSum();
    private int rows;

    @Override
    public void add(int[] stepIds, long[] ages, boolean[] direct, int length, double c, double v, double n,
                    int group) {
        if (length == 0) {
            return; // unattributed: not a row of the table
        }
        rows++;
        conversions.add(c);
        value.add(v);
        double w = c + n;
        if (w == 0) {
            return;
        }
        int s = 0;
        int last = -1;
        for (int i = 0; i < length; i++) {
            int x = stepIds[i];
            if (x != last) {
                last = x;
                if (x >= capacity) {
                    grow(x + 1);
                }
                int cell = s * capacity + x;
                count[cell] += w;
                seen[cell] = true;
                s = x + 1;
            }
        }
        convW[s] += c;
        nullW[s] += n;
        valueW[s] += v;
    }

    private void grow(int atLeast) {
        int next = Math.max(atLeast, capacity * 2);
        MarkovChain.checkFirstOrderCells(next);
        double[] c = new double[(next + 1) * next];
        boolean[] m = new boolean[(next + 1) * next];
        for (int s = 0; s <= capacity; s++) {
            System.arraycopy(count, s * capacity, c, s * next, capacity);
            System.arraycopy(seen, s * capacity, m, s * next, capacity);
        }
        count = c;
        seen = m;
        convW = Arrays.copyOf(convW, next + 1);
        nullW = Arrays.copyOf(nullW, next + 1);
        valueW = Arrays.copyOf(valueW, next + 1);
        capacity = next;
    }

    /** The counted chain over the sorted dictionary of {@code names}, with the table's totals. */
    public record Chain(MarkovChain chain, String[] values, double totalConversions, double totalValue, int rows) {
    }

    /**
     * @param names the assembler that interned the steps
     * @return the chain, its values in dictionary order and the totals of the rows counted
     */
    public Chain chain(PathAssembler names) {
        PathAssembler.Dictionary dict = names.dictionary();
        int n = dict.shown().length;
        int[] to = dict.sortedIndex();
        String[] values = new String[n];
        for (int p = 0; p < n; p++) {
            values[to[p]] = dict.shown()[p];
        }
        MarkovChain.checkFirstOrderCells(n);
        double[] c = new double[(n + 1) * n];
        int[] next = new int[(n + 1) * n];
        Arrays.fill(next, -1);
        double[] cw = new double[n + 1];
        double[] nw = new double[n + 1];
        double[] vw = new double[n + 1];
        int known = Math.min(n, capacity);
        for (int s = 0; s <= known; s++) {
            int ts = s == 0 ? 0 : to[s - 1] + 1;
            for (int x = 0; x < known; x++) {
                if (seen[s * capacity + x]) {
                    c[ts * n + to[x]] = count[s * capacity + x];
                    next[ts * n + to[x]] = to[x] + 1;
                }
            }
            cw[ts] = convW[s];
            nw[ts] = nullW[s];
            vw[ts] = valueW[s];
        }
        return new Chain(MarkovChain.firstOrder(n, c, next, cw, nw, vw), values, conversions.sum(), value.sum(), rows);
    }
}
