package io.omnicanal.attribution;

import io.omnicanal.attribution.internal.Bridge;
import io.omnicanal.attribution.internal.MarkovChain;
import io.omnicanal.attribution.internal.PathData;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * Markov-chain attribution by removal effect, of order 1 to 4, computed exactly.
 *
 * <p>Definitions follow the ChannelAttribution package: a {@code (start)} state, transient states
 * that are the last {@code order} step values (consecutive identical values collapsed first;
 * windows are shorter at the start of a path), and absorbing {@code (conversion)} and
 * {@code (null)} states weighted by each row's conversions and nulls. The removal effect of a
 * value is the relative drop of the probability of reaching {@code (conversion)} from
 * {@code (start)} when every state containing that value leads to {@code (null)}; the value's
 * credit is its removal effect over the sum of all removal effects, times the table's total
 * conversions. Value credit does the same with the expected conversion value.
 *
 * <p>ChannelAttribution estimates these probabilities by simulating random walks, so its figures
 * vary from run to run by the simulation's sampling error; this class solves the absorbing chain's
 * linear system instead, so its figures are the limit those simulations converge to, and the same
 * input gives the same output to the last bit.
 *
 * <p>Cost: one pass over the steps (two array reads a step once a window is known), then
 * {@code values + 1} solves of the chain: dense LU (O(s^3)) up to 400 states, sparse Gauss-Seidel
 * beyond. Immutable and thread-safe.
 */
public final class MarkovModel implements AttributionModel {
    private final int order;

    private MarkovModel(int order) {
        this.order = order;
    }

    /**
     * @param order 1 to 4
     * @return the model
     * @throws IllegalArgumentException naming the order when outside 1 to 4
     */
    public static MarkovModel ofOrder(int order) {
        if (order < 1 || order > 4) {
            throw new IllegalArgumentException("order must be between 1 and 4, was " + order);
        }
        return new MarkovModel(order);
    }

    /** @return the order, 1 to 4 */
    public int order() {
        return order;
    }

    /** @return {@code markov_<order>} */
    @Override
    public String name() {
        return "markov_" + order;
    }

    @Override
    public Credits attribute(PathTable paths) {
        return removalEffects(paths).credits();
    }

    /**
     * Computes the chain's conversion probability, expected value and every removal effect.
     *
     * @param paths the paths, not null, not empty
     * @return the removal effects and the credits they give
     * @throws IllegalArgumentException when the table is empty, or the chain would exceed 2^27
     *     state-value cells
     */
    public RemovalEffects removalEffects(PathTable paths) {
        PathData d = Bridge.data(Objects.requireNonNull(paths, "paths"));
        if (d.rows() == 0) {
            throw new IllegalArgumentException("paths: empty data set, no path to attribute");
        }
        return removalEffects(new MarkovChain(d, order), d.values, d.totalConversions(), d.totalValue());
    }

    /** Removal effects and credits of a counted chain over {@code values} (in dictionary order). */
    static RemovalEffects removalEffects(MarkovChain chain, String[] values, double totalConversions,
                                         double totalValue) {
        double[] base = chain.solve(-1);
        int n = values.length;
        double[] reConv = new double[n];
        double[] reValue = new double[n];
        for (int v = 0; v < n; v++) {
            double[] without = chain.solve(v);
            reConv[v] = effect(base[0], without[0]);
            reValue[v] = effect(base[1], without[1]);
        }
        List<String> names = Arrays.asList(values);
        Credits credits = Credits.of(names, share(reConv, totalConversions), share(reValue, totalValue));
        return new RemovalEffects(List.copyOf(names), base[0], base[1], reConv, reValue, credits);
    }

    private static double effect(double base, double without) {
        if (base <= 0) {
            return 0;
        }
        return Math.min(1, Math.max(0, 1 - without / base));
    }

    private static double[] share(double[] effects, double total) {
        double sum = 0;
        for (double e : effects) {
            sum += e;
        }
        double[] out = new double[effects.length];
        if (sum > 0) {
            for (int i = 0; i < effects.length; i++) {
                out[i] = effects[i] / sum * total;
            }
        }
        return out;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof MarkovModel m && m.order == order;
    }

    @Override
    public int hashCode() {
        return order;
    }

    @Override
    public String toString() {
        return name();
    }
}
