package io.omnicanal.attribution;

import io.omnicanal.attribution.internal.Bridge;
import io.omnicanal.attribution.internal.PathData;
import io.omnicanal.attribution.internal.ShapleyEngine;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * Shapley-value attribution over step values as players.
 *
 * <p>Two games are offered. {@link Game#CONVERSIONS} (the default) is Zhao et al. 2018's: a
 * coalition is worth the conversions (resp. value) of the paths whose set of values lies inside
 * it, which makes the Shapley value exact in one pass by their simplified formula: each path's
 * conversions are shared equally by its distinct values. The {@linkplain Builder#ordered ordered}
 * variant also reports how that credit splits by position of first appearance.
 * {@link Game#CONVERSION_RATE} makes a coalition worth the conversion rate (resp. value per path)
 * of the paths inside it; its Shapley values are computed exactly over all coalitions when at most
 * {@code maxExactValues} values occur in paths (default 20, at most 25), otherwise estimated from
 * seeded random orderings with a 95% error bound on the credits as returned ({@link ShapleyResult}).
 * The rate game's values sum to the overall rate and can be negative (a value whose paths convert
 * worse than average); credits clip negatives to zero and rescale so that they sum to the table's
 * totals.
 *
 * <p>Immutable and thread-safe.
 */
public final class ShapleyModel implements AttributionModel {

    /** The characteristic function. */
    public enum Game {
        /** Worth = conversions of the paths inside the coalition (Zhao et al.'s simplified formula). */
        CONVERSIONS,
        /** Worth = conversion rate of the paths inside the coalition (exact up to a size, then sampled). */
        CONVERSION_RATE
    }

    /** Default most values for the exact rate game. */
    public static final int DEFAULT_MAX_EXACT = 20;
    /** Default orderings sampled beyond it. */
    public static final int DEFAULT_PERMUTATIONS = 20_000;
    /** Default seed of the sampler. */
    public static final long DEFAULT_SEED = 0x5EED_0F_A77L;

    private final Game game;
    private final boolean ordered;
    private final int maxExactValues;
    private final int permutations;
    private final long seed;

    private ShapleyModel(Builder b) {
        this.game = b.game;
        this.ordered = b.ordered;
        this.maxExactValues = b.maxExactValues;
        this.permutations = b.permutations;
        this.seed = b.seed;
    }

    /** @return a builder with the defaults: conversions game, unordered, exact up to 20, 20000 orderings */
    public static Builder builder() {
        return new Builder();
    }

    /** @return the game */
    public Game game() {
        return game;
    }

    /** @return whether this is the ordered variant */
    public boolean ordered() {
        return ordered;
    }

    /** @return the most values for which the rate game is solved exactly */
    public int maxExactValues() {
        return maxExactValues;
    }

    /** @return orderings sampled when the rate game is too large to solve exactly */
    public int permutations() {
        return permutations;
    }

    /** @return the sampler's seed */
    public long seed() {
        return seed;
    }

    /** @return {@code shapley}, {@code shapley_ordered} or {@code shapley_rate} */
    @Override
    public String name() {
        return game == Game.CONVERSION_RATE ? "shapley_rate" : ordered ? "shapley_ordered" : "shapley";
    }

    @Override
    public Credits attribute(PathTable paths) {
        return estimate(paths).credits();
    }

    /**
     * Computes the credits and says whether they are exact, and if not, how close: beyond
     * {@code maxExactValues}, the {@linkplain ShapleyResult#conversionErrorBound() bounds} hold for
     * the credits as returned (clipped and rescaled), against the credits the exact computation
     * would return, for every value at once with probability at least 95% over the orderings drawn.
     *
     * @param paths the paths, not empty
     * @return credits with their error bound
     * @throws IllegalArgumentException when the table is empty, or more than 63 values occur in the
     *     paths of the rate game
     */
    public ShapleyResult estimate(PathTable paths) {
        PathData d = data(paths);
        int n = d.values.length;
        List<String> values = Arrays.asList(d.values);
        if (game == Game.CONVERSIONS) {
            double[] conv = new double[n];
            double[] val = new double[n];
            ShapleyEngine.simplified(d, conv, val, null, null);
            return new ShapleyResult(Credits.of(values, conv, val), true, 0, 0, 0);
        }
        ShapleyEngine.Sets sets = ShapleyEngine.sets(d);
        boolean exact = sets.players <= maxExactValues;
        double[][] phi = exact ? ShapleyEngine.exactRate(sets) : ShapleyEngine.sampleRate(sets, permutations, seed);
        double totalC = d.totalConversions();
        double totalV = d.totalValue();
        double rateC = 0;
        double rateV = 0;
        double maxRateC = 0;
        double maxRateV = 0;
        double all = 0;
        for (int i = 0; i < sets.masks.length; i++) {
            rateC += sets.conv[i];
            rateV += sets.value[i];
            all += sets.total[i];
            maxRateC = Math.max(maxRateC, sets.conv[i] / sets.total[i]);
            maxRateV = Math.max(maxRateV, sets.value[i] / sets.total[i]);
        }
        rateC = all > 0 ? rateC / all : 0;
        rateV = all > 0 ? rateV / all : 0;
        double boundC = 0;
        double boundV = 0;
        if (!exact) {
            // A coalition's worth is a weighted mean of its sets' rates, so it lies in [0, max rate]
            // and a marginal contribution in [-max rate, max rate]: Hoeffding over that width bounds
            // every raw estimate at once (95%); creditBound carries that through the clipping and
            // rescaling below, so the bound is on the credits as returned.
            double epsC = ShapleyEngine.hoeffding(2 * maxRateC, sets.players, permutations);
            double epsV = ShapleyEngine.hoeffding(2 * maxRateV, sets.players, permutations);
            boundC = ShapleyEngine.creditBound(phi[0], epsC, rateC, totalC);
            boundV = ShapleyEngine.creditBound(phi[1], epsV, rateV, totalV);
        }
        double[] conv = new double[n];
        double[] val = new double[n];
        clipAndScale(phi[0], sets.playerToValue, totalC, conv);
        clipAndScale(phi[1], sets.playerToValue, totalV, val);
        return new ShapleyResult(Credits.of(values, conv, val), exact, exact ? 0 : permutations, boundC, boundV);
    }

    /**
     * Ordered Shapley credit of the conversions game: each path's share per distinct value, split
     * by the position of the value's first appearance. O(steps).
     *
     * @param paths the paths, not empty
     * @return credit per value and position
     * @throws IllegalArgumentException when the table is empty
     */
    public PositionCredits positionCredits(PathTable paths) {
        PathData d = data(paths);
        int n = d.values.length;
        int positions = ShapleyEngine.maxDistinct(d);
        double[][] pc = new double[n][positions];
        double[][] pv = new double[n][positions];
        ShapleyEngine.simplified(d, new double[n], new double[n], pc, pv);
        return new PositionCredits(List.copyOf(Arrays.asList(d.values)), pc, pv);
    }

    private static PathData data(PathTable paths) {
        PathData d = Bridge.data(Objects.requireNonNull(paths, "paths"));
        if (d.rows() == 0) {
            throw new IllegalArgumentException("paths: empty data set, no path to attribute");
        }
        return d;
    }

    private static void clipAndScale(double[] phi, int[] toValue, double total, double[] out) {
        double sum = 0;
        for (double p : phi) {
            sum += Math.max(0, p);
        }
        if (sum <= 0) {
            return;
        }
        for (int i = 0; i < phi.length; i++) {
            out[toValue[i]] = Math.max(0, phi[i]) / sum * total;
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ShapleyModel m && m.game == game && m.ordered == ordered
                && m.maxExactValues == maxExactValues && m.permutations == permutations && m.seed == seed;
    }

    @Override
    public int hashCode() {
        return Objects.hash(game, ordered, maxExactValues, permutations, seed);
    }

    @Override
    public String toString() {
        return name() + "{game=" + game + ", ordered=" + ordered + ", maxExactValues=" + maxExactValues
                + ", permutations=" + permutations + ", seed=" + seed + "}";
    }

    /** Collects the settings of a {@link ShapleyModel}; not thread-safe; each setter validates. */
    public static final class Builder {
        private Game game = Game.CONVERSIONS;
        private boolean ordered;
        private int maxExactValues = DEFAULT_MAX_EXACT;
        private int permutations = DEFAULT_PERMUTATIONS;
        private long seed = DEFAULT_SEED;

        private Builder() {
        }

        /**
         * @param value the characteristic function, not null
         * @return this builder
         */
        public Builder game(Game value) {
            this.game = Objects.requireNonNull(value, "game");
            return this;
        }

        /**
         * @param value whether to build the ordered variant (conversions game only)
         * @return this builder
         */
        public Builder ordered(boolean value) {
            this.ordered = value;
            return this;
        }

        /**
         * @param value the most values for the exact rate game, 1 to {@value Shapley#MAX_EXACT_PLAYERS}
         * @return this builder
         * @throws IllegalArgumentException naming the value when out of range
         */
        public Builder maxExactValues(int value) {
            if (value < 1 || value > Shapley.MAX_EXACT_PLAYERS) {
                throw new IllegalArgumentException("maxExactValues must be between 1 and "
                        + Shapley.MAX_EXACT_PLAYERS + ", was " + value);
            }
            this.maxExactValues = value;
            return this;
        }

        /**
         * @param value orderings sampled beyond the exact limit, at least 100
         * @return this builder
         * @throws IllegalArgumentException naming the value when below 100
         */
        public Builder permutations(int value) {
            if (value < 100) {
                throw new IllegalArgumentException("permutations must be >= 100, was " + value);
            }
            this.permutations = value;
            return this;
        }

        /**
         * @param value the sampler's seed
         * @return this builder
         */
        public Builder seed(long value) {
            this.seed = value;
            return this;
        }

        /**
         * @return the model
         * @throws IllegalArgumentException when ordered is combined with the rate game
         */
        public ShapleyModel build() {
            if (ordered && game != Game.CONVERSIONS) {
                throw new IllegalArgumentException("ordered: the ordered variant needs game CONVERSIONS, was " + game);
            }
            return new ShapleyModel(this);
        }
    }
}
