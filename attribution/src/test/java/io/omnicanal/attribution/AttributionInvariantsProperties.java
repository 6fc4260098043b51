package io.omnicanal.attribution;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.UnaryOperator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** The invariants every built-in model keeps, checked on random path tables. */
class AttributionInvariantsProperties {
    static final Instant END = Instant.parse("2026-05-01T00:00:00Z");

    record Row(List<String> path, List<Integer> hoursBefore, int conversions, double value, int nulls) {
    }

    static List<AttributionModel> models() {
        return List.of(AttributionModel.firstTouch(), AttributionModel.lastTouch(),
                AttributionModel.lastNonDirectTouch(), AttributionModel.linear(), AttributionModel.linearDistinct(),
                AttributionModel.positionBased(), AttributionModel.timeDecay(Duration.ofHours(30)),
                AttributionModel.markov(1), AttributionModel.markov(2), AttributionModel.markov(3),
                AttributionModel.markov(4), AttributionModel.shapley(),
                ShapleyModel.builder().ordered(true).build(),
                ShapleyModel.builder().game(ShapleyModel.Game.CONVERSION_RATE).build());
    }

    @Provide
    Arbitrary<List<Row>> rows() {
        Arbitrary<List<String>> path = Arbitraries.of("alpha", "beta", "gamma", "direct", "ılık", "Ärger")
                .list().ofMinSize(1).ofMaxSize(6);
        Arbitrary<Row> row = Combinators.combine(path, Arbitraries.integers().between(0, 4),
                Arbitraries.doubles().between(0, 500).ofScale(2), Arbitraries.integers().between(0, 5))
                .as((p, c, v, n) -> {
                    List<Integer> hours = new ArrayList<>();
                    for (int i = 0; i < p.size(); i++) {
                        hours.add((p.size() - i) * 7 + i % 3);
                    }
                    return new Row(p, hours, c, c == 0 ? 0 : v, c + n == 0 ? 1 : n);
                });
        return row.list().ofMinSize(1).ofMaxSize(15).filter(l -> l.stream().anyMatch(r -> r.conversions > 0));
    }

    static PathTable table(List<Row> rows, UnaryOperator<String> rename, int copies) {
        PathTable.Builder b = PathTable.builder().withTimes();
        for (int k = 0; k < copies; k++) {
            for (Row r : rows) {
                List<Instant> times = new ArrayList<>();
                r.hoursBefore.forEach(h -> times.add(END.minus(Duration.ofHours(h))));
                b.addJourney(r.path.stream().map(rename).toList(), times, END, r.conversions, r.value, r.nulls);
            }
        }
        return b.build();
    }

    @Property(tries = 30)
    void creditsAreNonNegativeAndSumToTheTotals(@ForAll("rows") List<Row> rows) {
        PathTable t = table(rows, s -> s, 1);
        for (AttributionModel m : models()) {
            Credits c = m.attribute(t);
            for (int i = 0; i < c.size(); i++) {
                assertThat(c.conversions(i)).as(m.name()).isGreaterThanOrEqualTo(0);
                assertThat(c.value(i)).as(m.name()).isGreaterThanOrEqualTo(0);
            }
            assertThat(c.totalConversions()).as(m.name()).isCloseTo(t.totalConversions(),
                    within(1e-9 * Math.max(1, t.totalConversions())));
            assertThat(c.totalValue()).as(m.name()).isCloseTo(t.totalValue(), within(1e-9 * Math.max(1, t.totalValue())));
        }
    }

    @Property(tries = 30)
    void renamingChannelsPermutesTheResult(@ForAll("rows") List<Row> rows) {
        PathTable t = table(rows, s -> s, 1);
        // reverses the dictionary order, so the renamed table is numbered differently
        Map<String, String> names = Map.of("alpha", "z9", "beta", "y8", "gamma", "x7", "direct", "w6",
                "ılık", "v5", "Ärger", "u4");
        PathTable renamed = table(rows, names::get, 1);
        for (AttributionModel m : models()) {
            if (m.name().equals("last_non_direct_touch")) {
                continue; // renaming "direct" changes what the model is asked
            }
            Credits a = m.attribute(t);
            Credits b = m.attribute(renamed);
            for (String v : t.values()) {
                assertThat(b.conversions(names.get(v))).as(m.name() + " " + v).isCloseTo(a.conversions(v), within(1e-9));
                assertThat(b.value(names.get(v))).as(m.name() + " " + v).isCloseTo(a.value(v), within(1e-7));
            }
        }
    }

    @Property(tries = 30)
    void duplicatingEveryPathLeavesTheSharesUnchanged(@ForAll("rows") List<Row> rows) {
        PathTable t = table(rows, s -> s, 1);
        PathTable twice = table(rows, s -> s, 2);
        for (AttributionModel m : models()) {
            Credits a = m.attribute(t);
            Credits b = m.attribute(twice);
            for (int i = 0; i < a.size(); i++) {
                assertThat(b.conversions(i) / twice.totalConversions()).as(m.name())
                        .isCloseTo(a.conversions(i) / t.totalConversions(), within(1e-9));
            }
        }
    }

    @Property(tries = 20)
    void aValueInNoPathGetsNothing(@ForAll("rows") List<Row> rows) {
        PathTable.Builder b = PathTable.builder();
        rows.forEach(r -> b.add("main", r.path, r.conversions, r.value, r.nulls));
        b.add("other", List.of("outsider"), 3, 30, 1);
        PathTable main = b.build().onlyGroup("main");
        assertThat(main.indexOf("outsider")).isGreaterThanOrEqualTo(0);
        for (AttributionModel m : models()) {
            if (m.name().equals("time_decay")) {
                continue; // this table has no times
            }
            Credits c = m.attribute(main);
            assertThat(c.conversions("outsider")).as(m.name()).isZero();
            assertThat(c.value("outsider")).as(m.name()).isZero();
        }
    }

    /**
     * Built-in models and reports are documented thread-safe: the same model and report objects,
     * shared by four threads, agree on one table with a lone run.
     */
    @Property(tries = 3)
    void modelsAreThreadSafe(@ForAll("rows") List<Row> rows) throws Exception {
        PathTable t = table(rows, s -> s, 50);
        AttributionReport report = AttributionReport.builder().models(models()).build();
        List<AttributionModel> shared = new ArrayList<>(models());
        // and the rate game sampled, whose generator is made per call
        shared.add(ShapleyModel.builder().game(ShapleyModel.Game.CONVERSION_RATE).maxExactValues(2)
                .permutations(200).build());
        List<Credits> expected = shared.stream().map(m -> m.attribute(t)).toList();
        String expectedReport = json(report.run(t));
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<Boolean>> results = new ArrayList<>();
            for (int k = 0; k < 16; k++) {
                results.add(pool.submit(() -> {
                    for (int i = 0; i < shared.size(); i++) {
                        if (!shared.get(i).attribute(t).equals(expected.get(i))) {
                            return false;
                        }
                    }
                    return json(report.run(t)).equals(expectedReport);
                }));
            }
            for (Future<Boolean> f : results) {
                assertThat(f.get()).isTrue();
            }
        } finally {
            pool.shutdown();
        }
    }

    private static String json(ResultTable result) {
        java.io.StringWriter out = new java.io.StringWriter();
        result.writeJson(out);
        return out.toString();
    }
}
