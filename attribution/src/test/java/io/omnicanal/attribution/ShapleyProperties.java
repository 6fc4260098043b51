package io.omnicanal.attribution;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/** Shapley credits against a brute-force oracle that enumerates every ordering of the players. */
class ShapleyProperties {

    record Row(List<String> path, int conversions, int value, int nulls) {
    }

    @Provide
    Arbitrary<List<Row>> rows() {
        Arbitrary<List<String>> path = Arbitraries.of("a", "b", "c", "d", "e", "f").list().ofMinSize(1).ofMaxSize(5);
        Arbitrary<Row> row = Combinators.combine(path, Arbitraries.integers().between(0, 3),
                Arbitraries.integers().between(1, 50), Arbitraries.integers().between(0, 4))
                .as((p, c, v, n) -> new Row(p, c, c == 0 ? 0 : v, c == 0 && n == 0 ? 1 : n));
        return row.list().ofMinSize(1).ofMaxSize(12).filter(l -> l.stream().anyMatch(r -> r.conversions > 0));
    }

    static PathTable table(List<Row> rows) {
        PathTable.Builder b = PathTable.builder();
        rows.forEach(r -> b.add(r.path, r.conversions, r.value, r.nulls));
        return b.build();
    }

    /** Worth of a coalition straight from the rows: conversions (or rate) of rows whose set is inside. */
    static double worth(List<Row> rows, List<String> coalition, boolean rate, boolean value) {
        double num = 0;
        double den = 0;
        for (Row r : rows) {
            if (coalition.containsAll(r.path)) {
                num += value ? r.value : r.conversions;
                den += r.conversions + r.nulls;
            }
        }
        return rate ? (den > 0 ? num / den : 0) : num;
    }

    /** Average marginal contribution over all n! orderings. */
    static double[] bruteForce(List<Row> rows, List<String> players, boolean rate, boolean value) {
        double[] phi = new double[players.size()];
        int[] count = {0};
        permute(new ArrayList<>(players), 0, order -> {
            count[0]++;
            List<String> coalition = new ArrayList<>();
            double prev = worth(rows, coalition, rate, value);
            for (String p : order) {
                coalition.add(p);
                double w = worth(rows, coalition, rate, value);
                phi[players.indexOf(p)] += w - prev;
                prev = w;
            }
        });
        for (int i = 0; i < phi.length; i++) {
            phi[i] /= count[0];
        }
        return phi;
    }

    static void permute(List<String> a, int k, java.util.function.Consumer<List<String>> out) {
        if (k == a.size()) {
            out.accept(a);
            return;
        }
        for (int i = k; i < a.size(); i++) {
            java.util.Collections.swap(a, k, i);
            permute(a, k + 1, out);
            java.util.Collections.swap(a, k, i);
        }
    }

    @Property(tries = 60)
    void conversionsGameMatchesBruteForce(@ForAll("rows") List<Row> rows) {
        PathTable t = table(rows);
        List<String> players = t.values();
        double[] conv = bruteForce(rows, players, false, false);
        double[] val = bruteForce(rows, players, false, true);
        ShapleyResult r = AttributionModel.shapley().estimate(t);
        assertThat(r.exact()).isTrue();
        for (int i = 0; i < players.size(); i++) {
            assertThat(r.credits().conversions(i)).isCloseTo(conv[i], within(1e-9));
            assertThat(r.credits().value(i)).isCloseTo(val[i], within(1e-9));
        }
    }

    @Property(tries = 40)
    void rateGameMatchesBruteForceBeforeClipping(@ForAll("rows") List<Row> rows) {
        PathTable t = table(rows);
        List<String> players = t.values();
        double[] conv = bruteForce(rows, players, true, false);
        double positive = 0;
        for (double c : conv) {
            positive += Math.max(0, c);
        }
        Credits credits = ShapleyModel.builder().game(ShapleyModel.Game.CONVERSION_RATE).build().attribute(t);
        for (int i = 0; i < players.size(); i++) {
            double expected = positive > 0 ? Math.max(0, conv[i]) / positive * t.totalConversions() : 0;
            assertThat(credits.conversions(i)).isCloseTo(expected, within(1e-9));
        }
    }

    @Property(tries = 40)
    void orderedCreditsSumToUnorderedAndFollowFirstAppearance(@ForAll("rows") List<Row> rows) {
        PathTable t = table(rows);
        ShapleyModel ordered = ShapleyModel.builder().ordered(true).build();
        PositionCredits pc = ordered.positionCredits(t);
        Credits c = ordered.attribute(t);
        // oracle: share c/|distinct| to (channel, index of first appearance)
        int positions = pc.positions();
        // the most distinct values in one converting path (the contract of positions())
        assertThat(positions).isEqualTo(rows.stream().filter(r -> r.conversions > 0 || r.value > 0)
                .mapToInt(r -> (int) r.path.stream().distinct().count()).max().orElse(0));
        double[][] expected = new double[t.valueCount()][positions];
        for (Row r : rows) {
            if (r.conversions == 0 && r.value == 0) {
                continue; // no credit to share
            }
            List<String> distinct = r.path.stream().distinct().toList();
            for (int j = 0; j < distinct.size(); j++) {
                expected[t.indexOf(distinct.get(j))][j] += (double) r.conversions / distinct.size();
            }
        }
        for (int v = 0; v < t.valueCount(); v++) {
            double sum = 0;
            for (int p = 0; p < positions; p++) {
                assertThat(pc.conversions(v, p)).isCloseTo(expected[v][p], within(1e-9));
                sum += pc.conversions(v, p);
            }
            assertThat(sum).isCloseTo(c.conversions(v), within(1e-9));
        }
    }

    /** The glove game (Osborne and Rubinstein's textbook example): one left glove, two right gloves. */
    @Example
    void gloveGame() {
        // player 0 holds the left glove, players 1 and 2 a right one; a pair is worth 1
        CoalitionGame glove = m -> ((m & 1) != 0 && (m & 6) != 0) ? 1 : 0;
        ShapleyEstimate e = Shapley.exact(3, glove);
        assertThat(e.values().get(0)).isCloseTo(2.0 / 3, within(1e-15));
        assertThat(e.values().get(1)).isCloseTo(1.0 / 6, within(1e-15));
        assertThat(e.values().get(2)).isCloseTo(1.0 / 6, within(1e-15));
    }

    /** Airport game (Littlechild and Owen 1973): cost of a runway is the largest need in the coalition. */
    @Example
    void airportGame() {
        double[] need = {8, 11, 13};
        CoalitionGame cost = m -> {
            double max = 0;
            for (int i = 0; i < 3; i++) {
                if ((m & (1L << i)) != 0) {
                    max = Math.max(max, need[i]);
                }
            }
            return max;
        };
        ShapleyEstimate e = Shapley.exact(3, cost);
        // 8/3; 8/3 + 3/2; 8/3 + 3/2 + 2
        assertThat(e.values().get(0)).isCloseTo(8.0 / 3, within(1e-12));
        assertThat(e.values().get(1)).isCloseTo(8.0 / 3 + 1.5, within(1e-12));
        assertThat(e.values().get(2)).isCloseTo(8.0 / 3 + 3.5, within(1e-12));
    }

    @Example
    void samplingStaysWithinItsStatedBound() {
        // 22 players, a majority-like game whose exact values are computable by symmetry
        int n = 22;
        CoalitionGame g = m -> Long.bitCount(m & 0x3FF) >= 5 ? 1 : 0; // only players 0..9 matter, symmetric
        ShapleyEstimate e = Shapley.sampled(n, g, 4000, 42, 1);
        assertThat(e.exact()).isFalse();
        for (int i = 0; i < n; i++) {
            double exact = i < 10 ? 0.1 : 0;
            assertThat(e.values().get(i)).isCloseTo(exact, within(e.errorBound()));
        }
        assertThat(Shapley.sampled(n, g, 4000, 42, 1)).isEqualTo(e);
    }

    @Example
    void rateGameBeyondTheExactLimitIsSampledWithABound() {
        List<Row> rows = new ArrayList<>();
        java.util.SplittableRandom random = new java.util.SplittableRandom(3);
        for (int i = 0; i < 300; i++) {
            List<String> path = new ArrayList<>();
            int len = 1 + random.nextInt(3);
            for (int k = 0; k < len; k++) {
                path.add("c" + random.nextInt(8));
            }
            boolean conv = random.nextInt(4) == 0;
            rows.add(new Row(path, conv ? 1 : 0, conv ? 10 : 0, conv ? 0 : 1));
        }
        PathTable t = table(rows);
        ShapleyResult exact = ShapleyModel.builder().game(ShapleyModel.Game.CONVERSION_RATE).build().estimate(t);
        ShapleyResult sampled = ShapleyModel.builder().game(ShapleyModel.Game.CONVERSION_RATE).maxExactValues(4)
                .permutations(3000).seed(9).build().estimate(t);
        assertThat(exact.exact()).isTrue();
        assertThat(sampled.exact()).isFalse();
        assertThat(sampled.conversionErrorBound()).isPositive();
        for (int i = 0; i < t.valueCount(); i++) {
            // the bound is on the credits as returned, after clipping and rescaling
            assertThat(sampled.credits().conversions(i)).isCloseTo(exact.credits().conversions(i),
                    within(sampled.conversionErrorBound()));
            assertThat(sampled.credits().value(i)).isCloseTo(exact.credits().value(i),
                    within(sampled.valueErrorBound()));
        }
    }

    @Example
    void zhaoFormulaScalesToManyChannels() {
        PathTable.Builder b = PathTable.builder();
        for (int i = 0; i < 40; i++) {
            b.add(List.of("ch" + i, "ch" + ((i + 1) % 40), "ch" + ((i + 7) % 40)), 1, 3, 2);
        }
        ShapleyResult r = AttributionModel.shapley().estimate(b.build());
        assertThat(r.exact()).isTrue();
        assertThat(r.credits().totalConversions()).isCloseTo(40, within(1e-9));
        assertThat(r.credits().conversions("ch0")).isCloseTo(1, within(1e-12));
    }

    @Example
    void settingsAreValidated() {
        assertThatThrownBy(() -> ShapleyModel.builder().maxExactValues(26)).hasMessageContaining("maxExactValues")
                .hasMessageContaining("26");
        assertThatThrownBy(() -> ShapleyModel.builder().permutations(10)).hasMessageContaining("10");
        assertThatThrownBy(() -> ShapleyModel.builder().ordered(true).game(ShapleyModel.Game.CONVERSION_RATE).build())
                .hasMessageContaining("ordered");
        assertThatThrownBy(() -> Shapley.exact(0, m -> 0)).hasMessageContaining("players");
    }
}
