package io.omnicanal.benchmarks.attribution;

import io.omnicanal.attribution.AttributionModel;
import io.omnicanal.attribution.Credits;
import io.omnicanal.attribution.PathTable;
import io.omnicanal.attribution.PositionCredits;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.time.Duration;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * Ours and the string-keyed peer give the same answers, on two data sets: the benchmark's own, at
 * 20,000 profiles, and one of 3,000 profiles most of which convert several times
 * ({@link AttributionData#multiConversion}: conversions at one instant, touches before, between and
 * after, lookback cuts), whose rows the data set works out itself from the documented rule, so that
 * both path builders are also checked against it.
 */
class AttributionBenchmarkTest {
    static final AttributionBenchmark BENCH = new AttributionBenchmark();
    private static Fixture benchmarkData;
    private static Fixture multiConversionData;

    /** The benchmark's four states over one data set. */
    record Fixture(String name, AttributionData data, AttributionBenchmark.Aggregated aggregated,
                   AttributionBenchmark.Raw raw, AttributionBenchmark.PeerJourneys peerJourneys,
                   AttributionBenchmark.Columnar columnar) {
        static Fixture of(String name, AttributionData data) {
            AttributionBenchmark.Aggregated aggregated = new AttributionBenchmark.Aggregated();
            aggregated.load(data);
            AttributionBenchmark.Raw raw = new AttributionBenchmark.Raw();
            raw.load(data);
            AttributionBenchmark.PeerJourneys peerJourneys = new AttributionBenchmark.PeerJourneys();
            peerJourneys.load(data);
            AttributionBenchmark.Columnar columnar = new AttributionBenchmark.Columnar();
            columnar.load(data);
            return new Fixture(name, data, aggregated, raw, peerJourneys, columnar);
        }

        @Override
        public String toString() {
            return name;
        }
    }

    static synchronized Fixture benchmarkData() {
        if (benchmarkData == null) {
            benchmarkData = Fixture.of("benchmark data", new AttributionData(20_000, AttributionBenchmark.SEED, true));
        }
        return benchmarkData;
    }

    static synchronized Fixture multiConversionData() {
        if (multiConversionData == null) {
            multiConversionData = Fixture.of("multi-conversion data",
                    AttributionData.multiConversion(3_000, 7L, AttributionBenchmark.LOOKBACK));
        }
        return multiConversionData;
    }

    static Stream<Fixture> fixtures() {
        return Stream.of(benchmarkData(), multiConversionData());
    }

    @AfterAll
    static void tearDown() throws Exception {
        for (Fixture f : new Fixture[] {benchmarkData, multiConversionData}) {
            if (f != null) {
                f.aggregated().tearDown();
            }
        }
    }

    static void same(Credits ours, Map<String, double[]> peer, double tolerance) {
        assertThat(peer.keySet()).isSubsetOf(ours.values());
        for (int i = 0; i < ours.size(); i++) {
            double[] p = peer.getOrDefault(ours.values().get(i), new double[2]);
            assertThat(ours.conversions(i)).as(ours.values().get(i)).isCloseTo(p[0], within(tolerance));
            assertThat(ours.value(i)).as(ours.values().get(i)).isCloseTo(p[1], within(tolerance * 100));
        }
    }

    /** Ordered Shapley: every (channel, position) credit of ours equals the peer's, and the peer has no other. */
    static void samePositions(PositionCredits ours, Map<String, double[]> peer, double tolerance) {
        int nonZero = 0;
        for (int i = 0; i < ours.values().size(); i++) {
            for (int p = 0; p < ours.positions(); p++) {
                String key = ours.values().get(i) + "#" + p;
                double[] q = peer.getOrDefault(key, new double[2]);
                assertThat(ours.conversions(i, p)).as(key).isCloseTo(q[0], within(tolerance));
                assertThat(ours.value(i, p)).as(key).isCloseTo(q[1], within(tolerance * 100));
                nonZero += ours.conversions(i, p) != 0 ? 1 : 0;
            }
        }
        assertThat(peer).hasSize(nonZero);
    }

    @Test
    void benchmarkDataHasTheAdvertisedShape() {
        Fixture f = benchmarkData();
        PathTable t = f.aggregated().table;
        assertThat(t.valueCount()).isEqualTo(12);
        double rate = t.totalConversions() / (t.totalConversions() + sumNulls(t));
        assertThat(rate).isBetween(0.04, 0.06);
        // one row per profile, plus one per repeat conversion; a few percent of converters convert again
        AttributionData d = f.data();
        long converters = d.conversions.stream().mapToLong(c -> c.profile()).distinct().count();
        assertThat(f.raw().journeys.size()).isEqualTo(20_000 + d.conversions.size() - converters);
        assertThat((double) d.repeatConverters / converters).isBetween(0.01, 0.10);
        assertThat(d.unattributedConversions).isZero();
        assertThat(d.touchesCutByLookback).isZero();
    }

    @Test
    void multiConversionDataExercisesEveryCut() {
        AttributionData d = multiConversionData().data();
        long converters = d.conversions.stream().mapToLong(c -> c.profile()).distinct().count();
        assertThat((double) d.repeatConverters / 3_000).as("profiles converting at 2 to 4 instants").isGreaterThan(0.4);
        assertThat(converters - d.repeatConverters).as("profiles converting once").isGreaterThan(300);
        assertThat(d.sharedInstants).as("instants with several conversions").isGreaterThan(300);
        assertThat(d.touchesCutByLookback).as("touches older than the lookback").isGreaterThan(300);
        assertThat(d.unattributedConversions).as("conversions with no touch in their window").isGreaterThan(100);
        long tails = d.counts.stream().filter(c -> c[2] > 0).count();
        assertThat(tails).as("non-converting rows, after conversions or without any").isGreaterThan(1_000);
        PathTable ours = multiConversionData().raw().journeys;
        assertThat(ours.unattributedConversions()).isEqualTo(d.unattributedConversions);
        assertThat(ours.unattributedValue()).isEqualTo(d.unattributedValue);
    }

    private static double sumNulls(PathTable t) {
        double s = 0;
        for (int r = 0; r < t.size(); r++) {
            s += t.nulls(r);
        }
        return s;
    }

    @ParameterizedTest
    @MethodSource("fixtures")
    void markovAgrees(Fixture f) throws Exception {
        AttributionBenchmark.Aggregated aggregated = f.aggregated();
        same(BENCH.markov1(aggregated), BENCH.peerMarkov1(aggregated), 1e-9);
        same(BENCH.markov1FromAggregatedCsvEndToEnd(aggregated), BENCH.peerMarkov1FromAggregatedCsvEndToEnd(aggregated),
                1e-9);
        assertThat(BENCH.markov1FromAggregatedCsvEndToEnd(aggregated)).isEqualTo(BENCH.markov1(aggregated));
        assertThat(BENCH.markov1FromAggregatedCsvViaTable(aggregated))
                .isEqualTo(BENCH.markov1FromAggregatedCsvEndToEnd(aggregated)); // bit for bit
        assertThat(BENCH.markov1FromAggregatedFileViaTable(aggregated))
                .isEqualTo(BENCH.markov1FromAggregatedFileEndToEnd(aggregated));
        Credits fromFile = BENCH.markov1FromAggregatedFileEndToEnd(aggregated);
        same(fromFile, BENCH.peerMarkov1FromAggregatedFileEndToEnd(aggregated), 1e-9);
        assertThat(fromFile).isEqualTo(BENCH.markov1(aggregated)); // the byte reader gives the same table
        assertThat(BENCH.readAggregatedFile(aggregated).size()).isEqualTo(aggregated.table.size());
        assertThat(BENCH.peerReadAggregatedFile(aggregated)).hasSameSizeAs(aggregated.peerPaths);
        same(BENCH.markov2(aggregated), BENCH.peerMarkov2(aggregated), 1e-9);
        same(BENCH.markov3(aggregated), BENCH.peerMarkov3(aggregated), 1e-9);
    }

    @ParameterizedTest
    @MethodSource("fixtures")
    void heuristicsAndShapleyAgree(Fixture f) {
        AttributionBenchmark.Aggregated aggregated = f.aggregated();
        same(BENCH.linear(aggregated), BENCH.peerLinear(aggregated), 1e-9);
        same(BENCH.linearDistinct(aggregated), BENCH.peerLinearDistinct(aggregated), 1e-9);
        same(BENCH.lastTouch(aggregated), BENCH.peerLastTouch(aggregated), 1e-9);
        same(BENCH.shapley12(aggregated), BENCH.peerShapley12(aggregated), 1e-9);
        PositionCredits ordered = BENCH.shapleyOrdered12(aggregated);
        assertThat(ordered.positions()).isGreaterThan(1);
        samePositions(ordered, BENCH.peerShapleyOrdered12(aggregated), 1e-9);
        same(BENCH.firstTouch(aggregated), BENCH.peerFirstTouch(aggregated), 1e-9);
        same(BENCH.lastNonDirectTouch(aggregated), BENCH.peerLastNonDirectTouch(aggregated), 1e-9);
        same(BENCH.positionBased(aggregated), BENCH.peerPositionBased(aggregated), 1e-9);
        same(BENCH.timeDecay(f.raw()), BENCH.peerTimeDecay(f.peerJourneys()), 1e-9);
    }

    /**
     * Every model the benchmark compares, each side from the raw touches through its own path
     * building: ours on the table {@code PathBuilder} made, the peer on its own path map.
     */
    @ParameterizedTest
    @MethodSource("fixtures")
    void everyModelAgreesFromRawTouches(Fixture f) {
        PathTable ours = f.raw().journeys;
        Map<String, double[]> peer = BENCH.peerBuildPaths(f.raw());
        for (int order = 1; order <= 3; order++) {
            same(AttributionModel.markov(order).attribute(ours), StringKeyedPeer.markov(peer, order), 1e-9);
        }
        same(AttributionModel.shapley().attribute(ours), StringKeyedPeer.shapley(peer), 1e-9);
        same(AttributionModel.firstTouch().attribute(ours), StringKeyedPeer.firstTouch(peer), 1e-9);
        same(AttributionModel.lastTouch().attribute(ours), StringKeyedPeer.lastTouch(peer), 1e-9);
        same(AttributionModel.lastNonDirectTouch().attribute(ours), StringKeyedPeer.lastNonDirectTouch(peer), 1e-9);
        same(AttributionModel.linear().attribute(ours), StringKeyedPeer.linear(peer), 1e-9);
        same(AttributionModel.positionBased().attribute(ours), StringKeyedPeer.positionBased(peer), 1e-9);
        same(AttributionModel.timeDecay().attribute(ours),
                StringKeyedPeer.timeDecay(f.peerJourneys().journeys, Duration.ofDays(7)), 1e-9);
    }

    @ParameterizedTest
    @MethodSource("fixtures")
    void endToEndFromRawTouchesAgrees(Fixture f) {
        same(BENCH.markov1FromRawTouchesEndToEnd(f.raw()), BENCH.peerMarkov1FromRawTouchesEndToEnd(f.raw()), 1e-9);
        Credits endToEnd = BENCH.markov1FromRawTouchesEndToEnd(f.raw());
        assertThat(endToEnd).isEqualTo(BENCH.markov1FromRawTouchesViaTable(f.raw())); // bit for bit
        AttributionBenchmark.RawPerTouchStrings perTouch = new AttributionBenchmark.RawPerTouchStrings();
        perTouch.load(f.data());
        assertThat(perTouch.touchpoints.get(0).channel()).isNotSameAs(f.raw().touchpoints.get(0).channel());
        assertThat(BENCH.markov1FromRawTouchesPerTouchStrings(perTouch)).isEqualTo(endToEnd); // bit for bit
        same(endToEnd, BENCH.peerMarkov1FromRawTouchesPerTouchStrings(perTouch), 1e-9);
        Credits fromTable = BENCH.markov1(f.aggregated());
        assertThat(endToEnd.values()).isEqualTo(fromTable.values());
        for (int i = 0; i < endToEnd.size(); i++) {
            assertThat(endToEnd.conversions(i)).isCloseTo(fromTable.conversions(i), within(1e-9));
            assertThat(endToEnd.value(i)).isCloseTo(fromTable.value(i), within(1e-7));
        }
    }

    @ParameterizedTest
    @MethodSource("fixtures")
    void endToEndFromColumnsAgrees(Fixture f) {
        AttributionBenchmark.Columnar columnar = f.columnar();
        Credits ours = BENCH.markov1FromColumnsEndToEnd(columnar);
        same(ours, BENCH.peerMarkov1FromColumnsEndToEnd(columnar), 1e-9);
        assertThat(ours).isEqualTo(BENCH.markov1FromColumnsFilledEndToEnd(columnar));
        assertThat(ours).isEqualTo(BENCH.markov1FromRawTouchesEndToEnd(f.raw())); // same data as objects: bit for bit
        assertThat(BENCH.peerBuildPathsFromColumns(columnar)).containsOnlyKeys(BENCH.peerBuildPaths(f.raw()).keySet());
        PathTable fromColumns = BENCH.buildPathsFromTouchColumns(columnar);
        PathTable fromObjects = BENCH.buildPaths(f.raw());
        assertThat(fromColumns.size()).isEqualTo(fromObjects.size());
        for (int r = 0; r < fromColumns.size(); r += 97) {
            assertThat(fromColumns.pathString(r, ">")).isEqualTo(fromObjects.pathString(r, ">"));
            assertThat(fromColumns.age(r, 0)).isEqualTo(fromObjects.age(r, 0));
        }
        assertThat(BENCH.touchColumnsFromTouchpoints(f.raw()).size()).isEqualTo(f.raw().touchpoints.size());
    }

    /**
     * Ours and the peer (from objects and from columns) cut the same paths, and both give the rows
     * the data set worked out from the documented rule as it drew the touches.
     */
    @ParameterizedTest
    @MethodSource("fixtures")
    void pathBuildingGivesTheDataSetsOwnRows(Fixture f) {
        PathTable ours = BENCH.buildPaths(f.raw());
        Map<String, double[]> peer = BENCH.peerBuildPaths(f.raw());
        Map<String, double[]> expected = f.aggregated().peerPaths; // the data set's rows, as its CSV
        PathTable agg = ours.aggregate();
        assertThat(agg.size()).isEqualTo(peer.size()).isEqualTo(expected.size());
        for (int r = 0; r < agg.size(); r++) {
            String path = agg.pathString(r, " > ");
            double[] p = peer.get(path);
            double[] e = expected.get(path);
            assertThat(p).as(path).isNotNull();
            assertThat(e).as(path).isNotNull();
            assertThat(new double[] {agg.conversions(r), agg.conversionValue(r), agg.nulls(r)}).as(path)
                    .containsExactly(e, within(1e-9)).containsExactly(p, within(1e-9));
        }
        Map<String, double[]> fromColumns = BENCH.peerBuildPathsFromColumns(f.columnar());
        assertThat(fromColumns).hasSameSizeAs(expected);
        expected.forEach((path, e) -> assertThat(fromColumns.get(path)).as(path).containsExactly(e, within(1e-9)));
        same(BENCH.markov1FromTouchpoints(f.raw()), StringKeyedPeer.markov(peer, 1), 1e-9);
    }
}
