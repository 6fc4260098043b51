package io.omnicanal.attribution;

import io.omnicanal.attribution.internal.ShapleyEngine;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.ToDoubleFunction;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/**
 * The sampled Shapley error bounds hold for what is returned: {@link ShapleyResult}'s bounds for
 * the credits after clipping and rescaling, {@link ShapleyEstimate}'s for the raw values. Checked
 * over 200 fixed seeds against exact values from a brute force over every ordering, and, for the
 * step from raw estimates to credits, over every estimate within the raw bound (worst corners
 * included) against credits made here from the documented rule.
 */
class ShapleyBoundTest {
    static final int SEEDS = 200;
    /** 5% of the seeds: the bounds claim at least 95%. Hoeffding's bound is loose, so the count is near 0. */
    static final int MOST_VIOLATIONS = SEEDS / 20;

    /** Credits from Shapley values as documented: clipped at zero, rescaled to {@code total}. */
    static double[] credits(double[] phi, double total) {
        double positive = 0;
        for (double p : phi) {
            positive += Math.max(0, p);
        }
        double[] out = new double[phi.length];
        for (int i = 0; i < phi.length; i++) {
            out[i] = positive > 0 ? Math.max(0, phi[i]) / positive * total : 0;
        }
        return out;
    }

    static double maxDistance(double[] a, double[] b) {
        double d = 0;
        for (int i = 0; i < a.length; i++) {
            d = Math.max(d, Math.abs(a[i] - b[i]));
        }
        return d;
    }

    /**
     * Worked by hand: exact values (0.6, 0, 0, 0, 0), so the rate is 0.6 and, with 6 conversions,
     * the exact credits are (6, 0, 0, 0, 0). Estimates (0.6, 0.1, 0.1, -0.1, -0.1) are each within
     * 0.1 of them and sum to the rate, as sampled values do. Clipped and rescaled they give
     * 6 * (0.6, 0.1, 0.1, 0, 0) / 0.8 = (4.5, 0.75, 0.75, 0, 0): the first credit is 1.5 off. The
     * bound used until session 8, 0.1 * 6 / 0.6 = 1.0, did not cover that; the bound on the credits
     * gives 1.5 (value 0: its share can be anywhere from 0.5 / 0.9 to 1, and 1 - 0.75 = 0.25).
     */
    @Example
    void clippingMovesCreditsFurtherThanTheRawBoundScaled() {
        double[] exact = {0.6, 0, 0, 0, 0};
        double[] estimate = {0.6, 0.1, 0.1, -0.1, -0.1};
        double[] returned = credits(estimate, 6);
        assertThat(returned).containsExactly(new double[] {4.5, 0.75, 0.75, 0, 0}, within(1e-12));
        double error = maxDistance(returned, credits(exact, 6));
        assertThat(error).isCloseTo(1.5, within(1e-12));
        double sessionSevenBound = 0.1 * 6 / 0.6;
        assertThat(error).isGreaterThan(sessionSevenBound);
        assertThat(ShapleyEngine.creditBound(estimate, 0.1, 0.6, 6)).isCloseTo(1.5, within(1e-12));
    }

    /**
     * Whenever every estimate is within {@code eps} of its exact value (the event the raw bound
     * holds on), the credits made from the estimates are within {@code creditBound} of those made
     * from the exact values; and when no estimate is within {@code eps} of zero nothing is clipped
     * and the bound is the raw one in credit units, {@code eps * total / rate}.
     */
    @Property(tries = 400)
    void theCreditBoundCoversEveryEstimateWithinTheRawBound(@ForAll long seed, @ForAll @IntRange(min = 1, max = 9) int n) {
        SplittableRandom rnd = new SplittableRandom(seed);
        double[] exact = new double[n];
        double rate;
        do {
            rate = 0;
            for (int i = 0; i < n; i++) {
                // some values well clear of zero, some near it, some negative
                exact[i] = switch (rnd.nextInt(4)) {
                    case 0 -> rnd.nextDouble(0.05, 0.5);
                    case 1 -> rnd.nextDouble(-0.02, 0.02);
                    case 2 -> rnd.nextDouble(-0.2, 0);
                    default -> rnd.nextInt(3) == 0 ? 0 : rnd.nextDouble(0, 0.1);
                };
                rate += exact[i];
            }
        } while (!(rate > 1e-3));
        double eps = rnd.nextDouble(0.001, 0.15);
        double total = 1 + rnd.nextInt(1000);
        double[] wanted = credits(exact, total);
        for (int trial = 0; trial < 20; trial++) {
            // sampled estimates always sum to the rate (each ordering's contributions add up to the
            // grand coalition's worth); half the trials keep that, half move each value freely
            boolean keepsTheSum = trial % 2 == 0;
            double[] estimate = new double[n];
            double shift = 0;
            for (int i = 0; i < n; i++) {
                double d = switch (rnd.nextInt(3)) {
                    case 0 -> eps;
                    case 1 -> -eps;
                    default -> rnd.nextDouble(-eps, eps);
                };
                estimate[i] = exact[i] + (keepsTheSum ? d / 2 : d);
                shift += d / 2;
            }
            if (keepsTheSum) {
                for (int i = 0; i < n; i++) {
                    estimate[i] -= shift / n; // each still within eps of its exact value
                }
            }
            double bound = ShapleyEngine.creditBound(estimate, eps, rate, total);
            assertThat(maxDistance(credits(estimate, total), wanted)).isLessThanOrEqualTo(bound + 1e-9 * total);
            boolean clearOfZero = true;
            for (double e : estimate) {
                clearOfZero &= e >= eps;
            }
            if (keepsTheSum && clearOfZero && n >= 2) {
                assertThat(bound).isCloseTo(eps * total / rate, within(1e-9 * total));
            }
        }
    }

    /** Paths of six channels whose rate-game values include a negative one and ones near zero. */
    static List<ShapleyProperties.Row> sixChannels() {
        List<ShapleyProperties.Row> rows = new ArrayList<>();
        rows.add(new ShapleyProperties.Row(List.of("a"), 6, 60, 4));
        rows.add(new ShapleyProperties.Row(List.of("a", "b"), 3, 30, 1));
        rows.add(new ShapleyProperties.Row(List.of("b", "c"), 1, 10, 3));
        rows.add(new ShapleyProperties.Row(List.of("c"), 0, 0, 6)); // c converts worse than average
        rows.add(new ShapleyProperties.Row(List.of("d"), 2, 40, 4));
        rows.add(new ShapleyProperties.Row(List.of("d", "e"), 1, 10, 1));
        rows.add(new ShapleyProperties.Row(List.of("e", "f"), 1, 5, 2));
        rows.add(new ShapleyProperties.Row(List.of("f"), 1, 5, 3));
        return rows;
    }

    /** How many of the 200 seeds give credits further from the exact ones than {@code bound} says. */
    static int creditViolations(ToDoubleFunction<ShapleyResult> bound, boolean value) {
        List<ShapleyProperties.Row> rows = sixChannels();
        PathTable t = ShapleyProperties.table(rows);
        double[] phi = ShapleyProperties.bruteForce(rows, t.values(), true, value);
        double[] exact = credits(phi, value ? t.totalValue() : t.totalConversions());
        int violations = 0;
        for (int seed = 1; seed <= SEEDS; seed++) {
            ShapleyResult r = ShapleyModel.builder().game(ShapleyModel.Game.CONVERSION_RATE).maxExactValues(2)
                    .permutations(100).seed(seed).build().estimate(t);
            assertThat(r.exact()).isFalse();
            double[] got = new double[t.valueCount()];
            for (int i = 0; i < got.length; i++) {
                got[i] = value ? r.credits().value(i) : r.credits().conversions(i);
            }
            if (maxDistance(got, exact) > bound.applyAsDouble(r)) {
                violations++;
            }
        }
        return violations;
    }

    @Example
    void sampledCreditsStayWithinTheirBoundsInAtLeast95PercentOfSeeds() {
        List<ShapleyProperties.Row> rows = sixChannels();
        double[] phi = ShapleyProperties.bruteForce(rows, ShapleyProperties.table(rows).values(), true, false);
        assertThat(java.util.Arrays.stream(phi).min().orElseThrow()).as("a negative value, so that clipping is exercised")
                .isNegative();
        assertThat(creditViolations(ShapleyResult::conversionErrorBound, false)).isLessThanOrEqualTo(MOST_VIOLATIONS);
        assertThat(creditViolations(ShapleyResult::valueErrorBound, true)).isLessThanOrEqualTo(MOST_VIOLATIONS);
        // the check has teeth: a bound a tenth as wide is broken in far more than 5% of the seeds
        assertThat(creditViolations(r -> r.conversionErrorBound() / 10, false)).isGreaterThan(MOST_VIOLATIONS);
        assertThat(creditViolations(r -> r.valueErrorBound() / 10, true)).isGreaterThan(MOST_VIOLATIONS);
    }

    /** A weighted voting game: quota 5, weights 4, 3, 2, 1, 1; worth 1 when the weights reach the quota. */
    static double vote(long coalition) {
        int[] weight = {4, 3, 2, 1, 1};
        int sum = 0;
        for (int i = 0; i < weight.length; i++) {
            if ((coalition & (1L << i)) != 0) {
                sum += weight[i];
            }
        }
        return sum >= 5 ? 1 : 0;
    }

    /** Exact Shapley values by brute force: the average marginal contribution over all 120 orderings. */
    static double[] voteByOrderings() {
        List<String> players = List.of("0", "1", "2", "3", "4");
        double[] phi = new double[5];
        int[] count = {0};
        ShapleyProperties.permute(new ArrayList<>(players), 0, order -> {
            count[0]++;
            long coalition = 0;
            for (String p : order) {
                int i = Integer.parseInt(p);
                phi[i] += vote(coalition | (1L << i)) - vote(coalition);
                coalition |= 1L << i;
            }
        });
        for (int i = 0; i < 5; i++) {
            phi[i] /= count[0];
        }
        return phi;
    }

    static int estimateViolations(double shrink) {
        double[] exact = voteByOrderings();
        int violations = 0;
        for (int seed = 1; seed <= SEEDS; seed++) {
            ShapleyEstimate e = Shapley.sampled(5, ShapleyBoundTest::vote, 50, seed, 1);
            double[] got = e.values().stream().mapToDouble(Double::doubleValue).toArray();
            if (maxDistance(got, exact) > e.errorBound() * shrink) {
                violations++;
            }
        }
        return violations;
    }

    @Example
    void sampledGameValuesStayWithinTheirBoundInAtLeast95PercentOfSeeds() {
        // textbook check of the oracle: the quota-5 game's values are 5/12, 1/4, 1/6, 1/12, 1/12
        assertThat(voteByOrderings()).containsExactly(new double[] {5.0 / 12, 0.25, 1.0 / 6, 1.0 / 12, 1.0 / 12},
                within(1e-12));
        assertThat(estimateViolations(1)).isLessThanOrEqualTo(MOST_VIOLATIONS);
        assertThat(estimateViolations(0.1)).isGreaterThan(MOST_VIOLATIONS);
    }

    @Example
    void aMarginalContributionBeyondTheStatedRangeIsRefused() {
        // worth = 3 per member: every marginal contribution is 3, outside a stated range of 1
        CoalitionGame three = m -> 3.0 * Long.bitCount(m);
        assertThatThrownBy(() -> Shapley.sampled(4, three, 10, 1, 1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("marginalRange").hasMessageContaining("was 1.0").hasMessageContaining("adds 3.0");
        assertThat(Shapley.sampled(4, three, 10, 1, 3).values()).containsOnly(3.0);
        CoalitionGame notANumber = m -> m == 0b11 ? Double.NaN : 0;
        assertThatThrownBy(() -> Shapley.sampled(2, notANumber, 10, 1, 1)).hasMessageContaining("NaN");
    }
}
