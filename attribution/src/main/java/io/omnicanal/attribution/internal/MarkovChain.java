package io.omnicanal.attribution.internal;

import it.unimi.dsi.fastutil.longs.Long2IntOpenHashMap;

import java.util.Arrays;

/**
 * The absorbing Markov chain of a path table, as the ChannelAttribution package defines it, and
 * its exact conversion probabilities and expected values, with and without each step value.
 *
 * <p>Design note. States are {@code (start)}, one transient state per observed window of the last
 * {@code k} step values (shorter windows at the start of a path), and the absorbing
 * {@code (conversion)} and {@code (null)}. Consecutive identical values are collapsed before the
 * windows are formed. A row with {@code c} conversions, {@code n} nulls and value {@code v} adds
 * weight {@code c + n} to each of its transitions, {@code c} to its last state's
 * {@code (conversion)} transition, {@code n} to its {@code (null)} transition and {@code v} to the
 * value absorbed there; probabilities are weights over each state's total out-weight.
 *
 * <p>A window state's successor is determined by the next value, so transitions are counted in a
 * dense {@code states x values} array and a parallel {@code next} array caches the successor
 * state: after the first visit a step costs two array reads, no hashing. Only new windows go
 * through a hash map from packed window code (16 bits a value) to state id.
 *
 * <p>The conversion probability {@code x} solves {@code x = P x + b} over the transient states,
 * with {@code b} the one-step conversion probability; the expected value {@code y} solves
 * {@code y = P y + r} with {@code r} the value absorbed per unit of out-weight. Removing a value
 * sends every transition into a state containing it to {@code (null)}: those states are pinned to
 * zero. The solve is exact: a dense LU factorisation with partial pivoting when the chain has at
 * most {@value #DENSE_LIMIT} transient states, otherwise Gauss-Seidel sweeps in a fixed order over
 * the sparse rows until no entry of either solution changes by more than 1e-15 of that solution's largest entry (the fixed point of
 * the same system, to within a few ulps); both are deterministic to the last bit. The simulation
 * of ChannelAttribution estimates exactly these probabilities; its estimates converge to them as
 * its number of simulations grows.
 */
public final class MarkovChain {
    static final int DENSE_LIMIT = 400;
    private static final long MAX_CELLS = 1L << 27;
    private static final int MAX_SWEEPS = 100_000;
    private static final double TOLERANCE = 1e-15;

    private final int values;
    private final int order;
    private int states;
    private int[] next;
    private double[] count;
    private long[] windowCode;
    private int[] windowLength;
    private double[] convW;
    private double[] nullW;
    private double[] valueW;
    private final Long2IntOpenHashMap ids = new Long2IntOpenHashMap();

    public MarkovChain(PathData d, int order) {
        this.values = d.values.length;
        this.order = order;
        if (order > 1 && values >= 0xFFFF) {
            throw new IllegalArgumentException("order: a chain of order " + order + " supports at most 65534 values, "
                    + "the table has " + values);
        }
        ids.defaultReturnValue(-1);
        int capacity = Math.max(16, Math.min(values + 1, 1 << 16));
        allocate(order == 1 ? values + 1 : capacity);
        states = 1; // (start)
        windowCode[0] = 0;
        if (order == 1) {
            for (int v = 0; v < values; v++) {
                successor(0, v);
            }
        }
        count(d);
    }

    private MarkovChain(int values) {
        this.values = values;
        this.order = 1;
        ids.defaultReturnValue(-1);
        allocate(values + 1);
        states = 1;
        for (int v = 0; v < values; v++) {
            successor(0, v);
        }
    }

    /**
     * A first-order chain from counts already made ({@link FirstOrderCounts}), laid out as this
     * class lays them out: cell {@code s * values + v}, state 0 {@code (start)}, state
     * {@code v + 1} value {@code v}, {@code next} the successor of a visited cell and -1 elsewhere.
     */
    static MarkovChain firstOrder(int values, double[] count, int[] next, double[] convW, double[] nullW,
                                  double[] valueW) {
        MarkovChain m = new MarkovChain(values);
        System.arraycopy(count, 0, m.count, 0, count.length);
        System.arraycopy(next, 0, m.next, 0, next.length);
        System.arraycopy(convW, 0, m.convW, 0, convW.length);
        System.arraycopy(nullW, 0, m.nullW, 0, nullW.length);
        System.arraycopy(valueW, 0, m.valueW, 0, valueW.length);
        return m;
    }

    /** Refuses a first-order chain over this many values, as the table-based count does. */
    static void checkFirstOrderCells(int values) {
        if ((long) (values + 1) * values > MAX_CELLS) {
            throw new IllegalArgumentException("order: a chain of order 1 over " + values
                    + " values has more than " + (MAX_CELLS / values) + " states; lower the order or the number of values");
        }
    }

    private void allocate(int capacity) {
        long cells = (long) capacity * values;
        if (cells > MAX_CELLS) {
            throw new IllegalArgumentException("order: a chain of order " + order + " over " + values
                    + " values has more than " + (MAX_CELLS / values) + " states; lower the order or the number of values");
        }
        int c = (int) cells;
        if (next == null) {
            next = new int[c];
            Arrays.fill(next, -1);
            count = new double[c];
            windowCode = new long[capacity];
            windowLength = new int[capacity];
            convW = new double[capacity];
            nullW = new double[capacity];
            valueW = new double[capacity];
        } else {
            int old = next.length;
            next = Arrays.copyOf(next, c);
            Arrays.fill(next, old, c, -1);
            count = Arrays.copyOf(count, c);
            windowCode = Arrays.copyOf(windowCode, capacity);
            windowLength = Arrays.copyOf(windowLength, capacity);
            convW = Arrays.copyOf(convW, capacity);
            nullW = Arrays.copyOf(nullW, capacity);
            valueW = Arrays.copyOf(valueW, capacity);
        }
    }

    private void count(PathData d) {
        int[] off = d.offsets;
        int[] steps = d.steps;
        int n = values;
        for (int r = 0; r < d.rows(); r++) {
            double c = d.conversions[r];
            double nul = d.nulls[r];
            double w = c + nul;
            if (w == 0) {
                continue;
            }
            int s = 0;
            int last = -1;
            if (order == 1) {
                // first order: the state of value v is v + 1, so no successor lookup is needed
                int[] nx = next;
                double[] cnt = count;
                for (int p = off[r]; p < off[r + 1]; p++) {
                    int v = steps[p];
                    if (v != last) {
                        last = v;
                        int cell = s * n + v;
                        nx[cell] = v + 1;
                        cnt[cell] += w;
                        s = v + 1;
                    }
                }
                convW[s] += c;
                nullW[s] += nul;
                valueW[s] += d.value[r];
                continue;
            }
            for (int p = off[r]; p < off[r + 1]; p++) {
                int v = steps[p];
                if (v == last) {
                    continue;
                }
                last = v;
                int cell = s * n + v;
                int t = next[cell];
                if (t < 0) {
                    t = successor(s, v);
                    cell = s * n + v; // arrays may have grown; the index is unchanged
                    next[cell] = t;
                }
                count[cell] += w;
                s = t;
            }
            convW[s] += c;
            nullW[s] += nul;
            valueW[s] += d.value[r];
        }
    }

    private int successor(int s, int v) {
        int len = Math.min(order, windowLength[s] + 1);
        long code = (windowCode[s] << 16) | (v + 1);
        if (order < 4) {
            code &= (1L << (16 * order)) - 1;
        }
        if (order == 1) {
            code = v + 1;
        }
        int id = ids.get(code);
        if (id < 0) {
            id = states;
            if (id == windowCode.length) {
                allocate(id * 2);
            }
            states++;
            ids.put(code, id);
            windowCode[id] = code;
            windowLength[id] = len;
        }
        return id;
    }

    /** @return the number of transient states, {@code (start)} included */
    public int states() {
        return states;
    }

    /** @return whether state {@code s} (not start) has value {@code v} in its window */
    boolean contains(int s, int v) {
        long code = windowCode[s];
        for (int i = 0; i < windowLength[s]; i++) {
            if ((int) (code & 0xFFFF) == v + 1) {
                return true;
            }
            code >>>= 16;
        }
        return false;
    }

    /**
     * Conversion probability and expected value from {@code (start)}: {@code [x, y]}, for the whole
     * chain ({@code removed < 0}) or with value {@code removed} taken out.
     */
    public double[] solve(int removed) {
        boolean[] killed = new boolean[states];
        if (removed >= 0) {
            for (int s = 1; s < states; s++) {
                killed[s] = contains(s, removed);
            }
        }
        Sparse m = sparse(killed);
        return states <= DENSE_LIMIT ? m.solveDense() : m.solveIterative();
    }

    private Sparse sparse(boolean[] killed) {
        int n = values;
        int[] rowStart = new int[states + 1];
        int nnz = 0;
        for (int s = 0; s < states; s++) {
            if (!killed[s]) {
                for (int v = 0; v < n; v++) {
                    int t = next[s * n + v];
                    if (t >= 0 && !killed[t]) {
                        nnz++;
                    }
                }
            }
            rowStart[s + 1] = nnz;
        }
        int[] col = new int[nnz];
        double[] p = new double[nnz];
        double[] b = new double[states];
        double[] rv = new double[states];
        int k = 0;
        for (int s = 0; s < states; s++) {
            if (killed[s]) {
                continue;
            }
            double out = convW[s] + nullW[s];
            for (int v = 0; v < n; v++) {
                out += count[s * n + v];
            }
            if (out == 0) {
                k = rowStart[s + 1];
                continue;
            }
            for (int v = 0; v < n; v++) {
                int t = next[s * n + v];
                if (t >= 0 && !killed[t]) {
                    col[k] = t;
                    p[k++] = count[s * n + v] / out;
                }
            }
            b[s] = convW[s] / out;
            rv[s] = valueW[s] / out;
        }
        return new Sparse(states, rowStart, col, p, b, rv, killed);
    }

    /** Row-compressed {@code P} restricted to live states, with the two right-hand sides. */
    private record Sparse(int n, int[] rowStart, int[] col, double[] p, double[] b, double[] r, boolean[] killed) {

        double[] solveDense() {
            double[] a = new double[n * n];
            for (int s = 0; s < n; s++) {
                a[s * n + s] = 1;
                for (int k = rowStart[s]; k < rowStart[s + 1]; k++) {
                    a[s * n + col[k]] -= p[k];
                }
            }
            double[] x = b.clone();
            double[] y = r.clone();
            DenseLu.solveInPlace(a, n, x, y);
            return new double[] {x[0], y[0]};
        }

        double[] solveIterative() {
            double[] x = new double[n];
            double[] y = new double[n];
            for (int sweep = 0; sweep < MAX_SWEEPS; sweep++) {
                double changeX = 0;
                double changeY = 0;
                double sizeX = Double.MIN_NORMAL;
                double sizeY = Double.MIN_NORMAL;
                for (int s = 0; s < n; s++) {
                    if (killed[s]) {
                        continue;
                    }
                    double sx = b[s];
                    double sy = r[s];
                    double self = 0;
                    for (int k = rowStart[s]; k < rowStart[s + 1]; k++) {
                        int t = col[k];
                        if (t == s) {
                            self += p[k];
                        } else {
                            sx += p[k] * x[t];
                            sy += p[k] * y[t];
                        }
                    }
                    double nx = sx / (1 - self);
                    double ny = sy / (1 - self);
                    changeX = Math.max(changeX, Math.abs(nx - x[s]));
                    changeY = Math.max(changeY, Math.abs(ny - y[s]));
                    sizeX = Math.max(sizeX, Math.abs(nx));
                    sizeY = Math.max(sizeY, Math.abs(ny));
                    x[s] = nx;
                    y[s] = ny;
                }
                if (changeX <= TOLERANCE * sizeX && changeY <= TOLERANCE * sizeY) {
                    return new double[] {x[0], y[0]};
                }
            }
            throw new IllegalStateException("markov: Gauss-Seidel did not converge in " + MAX_SWEEPS + " sweeps");
        }
    }
}
