package io.omnicanal.benchmarks.attribution;

import io.omnicanal.attribution.Credits;
import io.omnicanal.attribution.PathTable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** Ours and the string-keyed peer give the same answers on the benchmark's data, at a small size. */
class AttributionBenchmarkTest {
    static AttributionBenchmark.Aggregated aggregated;
    static AttributionBenchmark.Raw raw;
    static AttributionBenchmark.PeerJourneys peerJourneys;
    static AttributionBenchmark.Columnar columnar;
    static final AttributionBenchmark BENCH = new AttributionBenchmark();

    @BeforeAll
    static void setUp() {
        aggregated = new AttributionBenchmark.Aggregated();
        aggregated.size = 20_000;
        aggregated.setUp();
        raw = new AttributionBenchmark.Raw();
        raw.size = 20_000;
        raw.setUp();
        peerJourneys = new AttributionBenchmark.PeerJourneys();
        peerJourneys.size = 20_000;
        peerJourneys.setUp();
        columnar = new AttributionBenchmark.Columnar();
        columnar.size = 20_000;
        columnar.setUp();
    }

    @AfterAll
    static void tearDown() throws Exception {
        aggregated.tearDown();
    }

    static void same(Credits ours, Map<String, double[]> peer, double tolerance) {
        assertThat(peer.keySet()).isSubsetOf(ours.values());
        for (int i = 0; i < ours.size(); i++) {
            double[] p = peer.getOrDefault(ours.values().get(i), new double[2]);
            assertThat(ours.conversions(i)).as(ours.values().get(i)).isCloseTo(p[0], within(tolerance));
            assertThat(ours.value(i)).as(ours.values().get(i)).isCloseTo(p[1], within(tolerance * 100));
        }
    }

    @Test
    void dataSetHasTheAdvertisedShape() {
        PathTable t = aggregated.table;
        assertThat(t.valueCount()).isEqualTo(12);
        double rate = t.totalConversions() / (t.totalConversions() + sumNulls(t));
        assertThat(rate).isBetween(0.04, 0.06);
        assertThat(raw.journeys.size()).isEqualTo(20_000);
    }

    private static double sumNulls(PathTable t) {
        double s = 0;
        for (int r = 0; r < t.size(); r++) {
            s += t.nulls(r);
        }
        return s;
    }

    @Test
    void markovAgrees() throws Exception {
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

    @Test
    void heuristicsAndShapleyAgree() {
        same(BENCH.linear(aggregated), BENCH.peerLinear(aggregated), 1e-9);
        same(BENCH.lastTouch(aggregated), BENCH.peerLastTouch(aggregated), 1e-9);
        same(BENCH.shapley12(aggregated), BENCH.peerShapley12(aggregated), 1e-9);
        same(BENCH.firstTouch(aggregated), BENCH.peerFirstTouch(aggregated), 1e-9);
        same(BENCH.lastNonDirectTouch(aggregated), BENCH.peerLastNonDirectTouch(aggregated), 1e-9);
        same(BENCH.positionBased(aggregated), BENCH.peerPositionBased(aggregated), 1e-9);
        same(BENCH.timeDecay(raw), BENCH.peerTimeDecay(peerJourneys), 1e-9);
    }

    @Test
    void endToEndFromRawTouchesAgrees() {
        same(BENCH.markov1FromRawTouchesEndToEnd(raw), BENCH.peerMarkov1FromRawTouchesEndToEnd(raw), 1e-9);
        Credits endToEnd = BENCH.markov1FromRawTouchesEndToEnd(raw);
        assertThat(endToEnd).isEqualTo(BENCH.markov1FromRawTouchesViaTable(raw)); // bit for bit
        Credits fromTable = BENCH.markov1(aggregated);
        assertThat(endToEnd.values()).isEqualTo(fromTable.values());
        for (int i = 0; i < endToEnd.size(); i++) {
            assertThat(endToEnd.conversions(i)).isCloseTo(fromTable.conversions(i), within(1e-9));
            assertThat(endToEnd.value(i)).isCloseTo(fromTable.value(i), within(1e-7));
        }
    }

    @Test
    void endToEndFromColumnsAgrees() {
        Credits ours = BENCH.markov1FromColumnsEndToEnd(columnar);
        same(ours, BENCH.peerMarkov1FromColumnsEndToEnd(columnar), 1e-9);
        assertThat(ours).isEqualTo(BENCH.markov1FromColumnsFilledEndToEnd(columnar));
        assertThat(ours).isEqualTo(BENCH.markov1FromRawTouchesEndToEnd(raw)); // same data as objects: bit for bit
        assertThat(BENCH.peerBuildPathsFromColumns(columnar)).containsOnlyKeys(BENCH.peerBuildPaths(raw).keySet());
        PathTable fromColumns = BENCH.buildPathsFromTouchColumns(columnar);
        PathTable fromObjects = BENCH.buildPaths(raw);
        assertThat(fromColumns.size()).isEqualTo(fromObjects.size());
        for (int r = 0; r < fromColumns.size(); r += 97) {
            assertThat(fromColumns.pathString(r, ">")).isEqualTo(fromObjects.pathString(r, ">"));
            assertThat(fromColumns.age(r, 0)).isEqualTo(fromObjects.age(r, 0));
        }
        assertThat(BENCH.touchColumnsFromTouchpoints(raw).size()).isEqualTo(raw.touchpoints.size());
    }

    @Test
    void pathBuildingAgreesAndMarkovFromTouchpointsMatchesTheAggregatedTable() {
        PathTable ours = BENCH.buildPaths(raw);
        Map<String, double[]> peer = BENCH.peerBuildPaths(raw);
        PathTable agg = ours.aggregate();
        assertThat(agg.size()).isEqualTo(peer.size());
        for (int r = 0; r < agg.size(); r++) {
            double[] p = peer.get(agg.pathString(r, " > "));
            assertThat(p).isNotNull();
            assertThat(agg.conversions(r)).isEqualTo(p[0]);
            assertThat(agg.conversionValue(r)).isCloseTo(p[1], within(1e-9));
            assertThat(agg.nulls(r)).isEqualTo(p[2]);
        }
        same(BENCH.markov1FromTouchpoints(raw), StringKeyedPeer.markov(peer, 1), 1e-9);
    }
}
