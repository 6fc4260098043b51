package io.omnicanal.attribution.internal;

import io.omnicanal.attribution.CoalitionGame;
import it.unimi.dsi.fastutil.longs.Long2IntOpenHashMap;

import java.util.SplittableRandom;

/**
 * Shapley computations.
 *
 * <p>Design note. Zhao et al. (2018, "Shapley Value Methods for Attribution Modeling in Online
 * Advertising") show that when a coalition's worth is the conversions of the paths whose set of
 * channels lies inside it, {@code v(S) = sum over T subset of S of R(T)}, the Shapley value
 * simplifies to {@code phi_i = sum over T containing i of R(T) / |T|}: each conversion is shared
 * equally by the distinct channels of its path. That is exact for any number of channels in one
 * pass. Their ordered variant splits the same share by the position at which the channel first
 * appears. For a non-additive game, here the conversion rate of the paths inside a coalition,
 * worths of all 2^n coalitions come from one subset-sum (zeta) transform of the per-set counts, and
 * the exact values from one pass over the coalitions, O(n 2^n); beyond {@code maxExact} players,
 * orderings are sampled: for one ordering, a set T enters the coalition at the position of its
 * last member, so bucketing every distinct set by that position and taking prefix sums gives all n
 * marginal contributions in O(sum |T| + n).
 */
public final class ShapleyEngine {
    private ShapleyEngine() {
    }

    /** Zhao's simplified formula; {@code positions} (value x position) filled when non-null. */
    public static void simplified(PathData d, double[] conv, double[] val, double[][] posConv, double[][] posVal) {
        int[] seen = new int[d.values.length];
        int[] order = new int[16];
        for (int r = 0; r < d.rows(); r++) {
            double c = d.conversions[r];
            double v = d.value[r];
            if (c == 0 && v == 0) {
                continue;
            }
            int distinct = 0;
            int stamp = r + 1;
            for (int p = d.offsets[r]; p < d.offsets[r + 1]; p++) {
                int s = d.steps[p];
                if (seen[s] != stamp) {
                    seen[s] = stamp;
                    if (distinct == order.length) {
                        order = java.util.Arrays.copyOf(order, distinct * 2);
                    }
                    order[distinct++] = s;
                }
            }
            double wc = c / distinct;
            double wv = v / distinct;
            for (int j = 0; j < distinct; j++) {
                conv[order[j]] += wc;
                val[order[j]] += wv;
                if (posConv != null) {
                    posConv[order[j]][j] += wc;
                    posVal[order[j]][j] += wv;
                }
            }
        }
    }

    /**
     * The longest number of distinct values in a converting row (one with conversions or value, the
     * rows {@link #simplified} credits). Non-converting rows were counted too until session 9, which
     * contradicted {@code PositionCredits.positions()}'s contract and read every step of the 95% of
     * rows that carry no credit (ordered Shapley over the benchmark's 1M paths: 52.5 ms, against 10.5
     * for the unordered game).
     */
    public static int maxDistinct(PathData d) {
        int[] seen = new int[d.values.length];
        int max = 0;
        for (int r = 0; r < d.rows(); r++) {
            if (d.conversions[r] == 0 && d.value[r] == 0) {
                continue;
            }
            int distinct = 0;
            for (int p = d.offsets[r]; p < d.offsets[r + 1]; p++) {
                if (seen[d.steps[p]] != r + 1) {
                    seen[d.steps[p]] = r + 1;
                    distinct++;
                }
            }
            max = Math.max(max, distinct);
        }
        return max;
    }

    /** The distinct channel sets of a table with their summed counts, over a compact player numbering. */
    public static final class Sets {
        public final int players;
        public final int[] playerToValue;
        public final long[] masks;
        public final double[] conv;
        public final double[] value;
        public final double[] total;

        Sets(int players, int[] playerToValue, long[] masks, double[] conv, double[] value, double[] total) {
            this.players = players;
            this.playerToValue = playerToValue;
            this.masks = masks;
            this.conv = conv;
            this.value = value;
            this.total = total;
        }
    }

    public static Sets sets(PathData d) {
        int[] player = new int[d.values.length];
        java.util.Arrays.fill(player, -1);
        int players = 0;
        for (int r = 0; r < d.rows(); r++) {
            if (d.conversions[r] + d.nulls[r] == 0) {
                continue;
            }
            for (int p = d.offsets[r]; p < d.offsets[r + 1]; p++) {
                if (player[d.steps[p]] < 0) {
                    player[d.steps[p]] = -2;
                }
            }
        }
        int[] toValue = new int[d.values.length];
        for (int v = 0; v < player.length; v++) {
            if (player[v] == -2) {
                toValue[players] = v;
                player[v] = players++;
            }
        }
        if (players > 63) {
            throw new IllegalArgumentException("paths: the conversion-rate Shapley game supports at most 63 values"
                    + " in paths, the table has " + players);
        }
        Long2IntOpenHashMap index = new Long2IntOpenHashMap();
        index.defaultReturnValue(-1);
        it.unimi.dsi.fastutil.longs.LongArrayList masks = new it.unimi.dsi.fastutil.longs.LongArrayList();
        it.unimi.dsi.fastutil.doubles.DoubleArrayList conv = new it.unimi.dsi.fastutil.doubles.DoubleArrayList();
        it.unimi.dsi.fastutil.doubles.DoubleArrayList value = new it.unimi.dsi.fastutil.doubles.DoubleArrayList();
        it.unimi.dsi.fastutil.doubles.DoubleArrayList total = new it.unimi.dsi.fastutil.doubles.DoubleArrayList();
        for (int r = 0; r < d.rows(); r++) {
            double t = d.conversions[r] + d.nulls[r];
            if (t == 0) {
                continue;
            }
            long mask = 0;
            for (int p = d.offsets[r]; p < d.offsets[r + 1]; p++) {
                mask |= 1L << player[d.steps[p]];
            }
            int i = index.get(mask);
            if (i < 0) {
                i = masks.size();
                index.put(mask, i);
                masks.add(mask);
                conv.add(0);
                value.add(0);
                total.add(0);
            }
            conv.set(i, conv.getDouble(i) + d.conversions[r]);
            value.set(i, value.getDouble(i) + d.value[r]);
            total.set(i, total.getDouble(i) + t);
        }
        return new Sets(players, java.util.Arrays.copyOf(toValue, players), masks.toLongArray(),
                conv.toDoubleArray(), value.toDoubleArray(), total.toDoubleArray());
    }

    /** Exact Shapley values of the rate games (conversions / paths and value / paths): {@code [phiC, phiV]}. */
    public static double[][] exactRate(Sets s) {
        int n = s.players;
        int size = 1 << n;
        double[] c = new double[size];
        double[] v = new double[size];
        double[] t = new double[size];
        for (int i = 0; i < s.masks.length; i++) {
            int m = (int) s.masks[i];
            c[m] += s.conv[i];
            v[m] += s.value[i];
            t[m] += s.total[i];
        }
        for (int i = 0; i < n; i++) {
            int bit = 1 << i;
            for (int m = 0; m < size; m++) {
                if ((m & bit) != 0) {
                    c[m] += c[m ^ bit];
                    v[m] += v[m ^ bit];
                    t[m] += t[m ^ bit];
                }
            }
        }
        for (int m = 0; m < size; m++) {
            c[m] = t[m] > 0 ? c[m] / t[m] : 0;
            v[m] = t[m] > 0 ? v[m] / t[m] : 0;
        }
        return new double[][] {exactFromWorths(c, n), exactFromWorths(v, n)};
    }

    /** Exact Shapley values from the worths of all {@code 2^n} coalitions. O(n 2^n). */
    public static double[] exactFromWorths(double[] worth, int n) {
        double[] weight = new double[n];
        // weight[s] = s! (n - s - 1)! / n! = 1 / (n * C(n - 1, s))
        double binom = 1;
        for (int s = 0; s < n; s++) {
            weight[s] = 1 / (n * binom);
            binom = binom * (n - 1 - s) / (s + 1);
        }
        double[] phi = new double[n];
        for (int m = 0; m < worth.length; m++) {
            double w = weight[Integer.bitCount(m) == n ? n - 1 : Integer.bitCount(m)];
            for (int i = 0; i < n; i++) {
                int bit = 1 << i;
                if ((m & bit) == 0) {
                    phi[i] += w * (worth[m | bit] - worth[m]);
                }
            }
        }
        return phi;
    }

    /** Sampled Shapley values of the rate games over the distinct sets: {@code [phiC, phiV]}. */
    public static double[][] sampleRate(Sets s, int permutations, long seed) {
        int n = s.players;
        SplittableRandom random = new SplittableRandom(seed);
        int[] perm = new int[n];
        int[] pos = new int[n];
        double[] bc = new double[n];
        double[] bv = new double[n];
        double[] bt = new double[n];
        double[] phiC = new double[n];
        double[] phiV = new double[n];
        for (int k = 0; k < permutations; k++) {
            shuffle(perm, random);
            for (int j = 0; j < n; j++) {
                pos[perm[j]] = j;
            }
            java.util.Arrays.fill(bc, 0);
            java.util.Arrays.fill(bv, 0);
            java.util.Arrays.fill(bt, 0);
            for (int i = 0; i < s.masks.length; i++) {
                long m = s.masks[i];
                int last = 0;
                while (m != 0) {
                    last = Math.max(last, pos[Long.numberOfTrailingZeros(m)]);
                    m &= m - 1;
                }
                bc[last] += s.conv[i];
                bv[last] += s.value[i];
                bt[last] += s.total[i];
            }
            double sc = 0;
            double sv = 0;
            double st = 0;
            double prevC = 0;
            double prevV = 0;
            for (int j = 0; j < n; j++) {
                sc += bc[j];
                sv += bv[j];
                st += bt[j];
                double gc = st > 0 ? sc / st : 0;
                double gv = st > 0 ? sv / st : 0;
                phiC[perm[j]] += gc - prevC;
                phiV[perm[j]] += gv - prevV;
                prevC = gc;
                prevV = gv;
            }
        }
        for (int i = 0; i < n; i++) {
            phiC[i] /= permutations;
            phiV[i] /= permutations;
        }
        return new double[][] {phiC, phiV};
    }

    /**
     * Average marginal contributions over seeded random orderings of a general game.
     *
     * @throws IllegalArgumentException naming the player, the contribution and {@code marginalRange}
     *     when a marginal contribution met while sampling is not within {@code [-marginalRange,
     *     marginalRange]} (or not finite): the error bound rests on that range
     */
    public static double[] sampleGame(int n, CoalitionGame game, int permutations, long seed, double marginalRange) {
        SplittableRandom random = new SplittableRandom(seed);
        int[] perm = new int[n];
        double[] phi = new double[n];
        for (int k = 0; k < permutations; k++) {
            shuffle(perm, random);
            long coalition = 0;
            double prev = game.worth(0);
            for (int j = 0; j < n; j++) {
                long before = coalition;
                coalition |= 1L << perm[j];
                double w = game.worth(coalition);
                double marginal = w - prev;
                if (!(Math.abs(marginal) <= marginalRange)) {
                    throw new IllegalArgumentException("marginalRange must bound every marginal contribution, was "
                            + marginalRange + ", but player " + perm[j] + " adds " + marginal + " to coalition 0x"
                            + Long.toHexString(before) + " (worth " + prev + " to " + w + ")");
                }
                phi[perm[j]] += marginal;
                prev = w;
            }
        }
        for (int i = 0; i < n; i++) {
            phi[i] /= permutations;
        }
        return phi;
    }

    private static void shuffle(int[] perm, SplittableRandom random) {
        for (int i = 0; i < perm.length; i++) {
            perm[i] = i;
        }
        for (int i = perm.length - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = perm[i];
            perm[i] = perm[j];
            perm[j] = t;
        }
    }

    /**
     * A bound on how far the credits made from estimated Shapley values can lie from the credits
     * made from the exact ones, given that every estimate lies within {@code eps} of its exact value.
     * Credits are made as {@link io.omnicanal.attribution.ShapleyModel} makes them: each value
     * clipped at zero, then rescaled so that they sum to {@code total}.
     *
     * <p>Design note. Write {@code a_j = max(0, phi_j)} for the exact values, {@code A} their sum,
     * so the exact credit of {@code i} is {@code total * a_i / A}. Clipping moves no value by more
     * than the value itself moved, so {@code a_j} lies in {@code [lo_j, hi_j] = [max(0, est_j - eps),
     * max(0, est_j + eps)]}. The exact values sum to the game's worth {@code v(N) = rate} (Shapley
     * efficiency), so {@code A >= rate}, and {@code A - rate} is the negative mass clipped away,
     * at most {@code sum_j max(0, eps - est_j)}. The share {@code a_i / A} grows with {@code a_i}
     * and shrinks with the other terms, so it lies between {@code lo_i / min(lo_i + sum_{j != i}
     * hi_j, rate + negative mass)} and {@code hi_i / max(hi_i + sum_{j != i} lo_j, rate)}; the bound
     * is the largest distance from the returned share to either end, times {@code total}. When no
     * estimate is within {@code eps} of zero, nothing is clipped, {@code A = rate}, and for two
     * players or more (and estimates summing to the rate, as sampled ones do) the bound is
     * {@code eps * total / rate}, the raw bound in credit units; near zero, clipping can move
     * every credit, and the bound grows accordingly (the raw bound times {@code total / rate}, used
     * until session 8, did not cover that).
     *
     * @param estimate the estimated values of the players
     * @param eps the simultaneous bound on {@code |estimate_j - phi_j|}
     * @param rate the worth of the grand coalition, the sum of the exact values
     * @param total the total the credits are rescaled to
     * @return the bound, 0 when {@code total} or {@code rate} is not positive
     */
    public static double creditBound(double[] estimate, double eps, double rate, double total) {
        if (!(total > 0) || !(rate > 0)) {
            return 0;
        }
        double positive = 0;
        double lo = 0;
        double hi = 0;
        double negative = 0;
        for (double e : estimate) {
            positive += Math.max(0, e);
            lo += Math.max(0, e - eps);
            hi += Math.max(0, e + eps);
            negative += Math.max(0, eps - e);
        }
        double worst = 0;
        for (double e : estimate) {
            double share = positive > 0 ? Math.max(0, e) / positive : 0;
            double loI = Math.max(0, e - eps);
            double hiI = Math.max(0, e + eps);
            double upper = Math.min(1, hiI / Math.max(hiI + Math.max(0, lo - loI), rate));
            double lower = loI > 0 ? Math.min(1, loI / Math.min(loI + Math.max(0, hi - hiI), rate + negative)) : 0;
            worst = Math.max(worst, Math.max(upper - share, share - lower));
        }
        return worst * total;
    }

    /**
     * Hoeffding half-width for the mean of {@code m} samples in an interval of width {@code range},
     * holding for {@code n} estimates at once with probability 95%:
     * {@code range * sqrt(ln(2n / 0.05) / (2m))}.
     */
    public static double hoeffding(double range, int n, int m) {
        return range * Math.sqrt(Math.log(2.0 * n / 0.05) / (2.0 * m));
    }
}
