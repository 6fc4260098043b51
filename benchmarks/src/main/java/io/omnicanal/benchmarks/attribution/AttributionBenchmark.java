package io.omnicanal.benchmarks.attribution;

import io.omnicanal.attribution.AttributionModel;
import io.omnicanal.attribution.AttributionReaders;
import io.omnicanal.attribution.Conversion;
import io.omnicanal.attribution.Credits;
import io.omnicanal.attribution.PathBuilder;
import io.omnicanal.attribution.PathSettings;
import io.omnicanal.attribution.PathTable;
import io.omnicanal.attribution.PathTableFormat;
import io.omnicanal.attribution.ShapleyModel;
import io.omnicanal.attribution.Touchpoint;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.io.StringReader;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Attribution over a seeded data set of {@code size} journeys (1M by default) across 12 channels,
 * 1 to 20 touches each, about 5% converting ({@link AttributionData}), single-threaded.
 *
 * <p>Ours: the library's primitive path table and models. Peer ({@code peer*}): the string-keyed
 * way ({@link StringKeyedPeer}): a {@code Map<String, double[]>} keyed by path strings,
 * transitions counted per state string, the chain solved by iterating the matrix. Both run on the
 * same state; {@code AttributionBenchmarkTest} checks that they give the same credits.
 *
 * <p>Markov "from the aggregated table" runs on the table read with
 * {@link AttributionReaders#pathTable}; "from touchpoints" on the table {@link PathBuilder} made
 * from the raw touches (one row per journey, with step times); {@code buildPaths} measures that
 * build on its own.
 *
 * <p>Every model has its peer in this class except {@code shapleyRateExact12} (the conversion-rate
 * game, an extra of the library with no usual string-keyed counterpart). The peer's time decay runs
 * over its own journeys (lists of touches), as the aggregated path strings carry no times.
 *
 * <p>Run (from {@code /work/main}, after {@code ./mvnw -pl attribution install} and
 * {@code ./mvnw -pl benchmarks package -DskipTests}):
 * <pre>
 * java -Xmx8g -jar benchmarks/target/benchmarks.jar AttributionBenchmark -f 2 -wi 3 -i 5 -prof gc
 * </pre>
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 2, jvmArgsAppend = {"-Xms8g", "-Xmx8g", "-XX:+UseParallelGC"})
public class AttributionBenchmark {

    static final long SEED = 20_261_122L;
    static final Duration LOOKBACK = Duration.ofDays(90);

    /** The aggregated table, as ours reads it and as the peer keeps it. */
    @State(Scope.Benchmark)
    public static class Aggregated {
        @Param({"1000000"})
        public int size;

        public String csv;
        public PathTable table;
        public Map<String, double[]> peerPaths;
        public AttributionModel markov1;
        public AttributionModel markov2;
        public AttributionModel markov3;
        public AttributionModel shapley;
        public AttributionModel shapleyRate;

        @Setup(Level.Trial)
        public void setUp() {
            AttributionData data = new AttributionData(size, SEED, false);
            csv = data.aggregatedCsv();
            table = AttributionReaders.pathTable(new StringReader(csv), PathTableFormat.defaults());
            peerPaths = StringKeyedPeer.pathsFromCsv(csv);
            markov1 = AttributionModel.markov(1);
            markov2 = AttributionModel.markov(2);
            markov3 = AttributionModel.markov(3);
            shapley = AttributionModel.shapley();
            shapleyRate = ShapleyModel.builder().game(ShapleyModel.Game.CONVERSION_RATE).build();
        }
    }

    /** Raw touchpoints and conversions, and the per-journey table built from them. */
    @State(Scope.Benchmark)
    public static class Raw {
        @Param({"1000000"})
        public int size;

        public List<Touchpoint> touchpoints;
        public List<Conversion> conversions;
        public PathBuilder builder;
        public PathTable journeys;
        public AttributionModel markov1;
        public AttributionModel timeDecay;

        @Setup(Level.Trial)
        public void setUp() {
            AttributionData data = new AttributionData(size, SEED, true);
            touchpoints = data.touchpoints;
            conversions = data.conversions;
            builder = new PathBuilder(PathSettings.builder().lookback(LOOKBACK).build());
            journeys = builder.build(touchpoints, conversions);
            markov1 = AttributionModel.markov(1);
            timeDecay = AttributionModel.timeDecay();
        }
    }

    /**
     * The peer's journeys (touch lists) from the same raw data, in a state of their own so that the
     * other raw-data benchmarks do not carry them on the heap.
     */
    @State(Scope.Benchmark)
    public static class PeerJourneys {
        @Param({"1000000"})
        public int size;

        public List<StringKeyedPeer.Journey> journeys;

        @Setup(Level.Trial)
        public void setUp() {
            AttributionData data = new AttributionData(size, SEED, true);
            journeys = StringKeyedPeer.journeys(data.touchpoints, data.conversions, LOOKBACK);
        }
    }

    /** Reading the aggregated CSV table (1M rows, about 60 MB of text) into a path table. */
    @Benchmark
    public PathTable readAggregatedTable(Aggregated s) {
        return AttributionReaders.pathTable(new StringReader(s.csv), PathTableFormat.defaults());
    }

    @Benchmark
    public Map<String, double[]> peerReadAggregatedTable(Aggregated s) {
        return StringKeyedPeer.pathsFromCsv(s.csv);
    }

    /** From the aggregated CSV text to Markov order-1 credits: the read plus the chain. */
    @Benchmark
    public Credits markov1FromAggregatedCsvEndToEnd(Aggregated s) {
        return s.markov1.attribute(AttributionReaders.pathTable(new StringReader(s.csv), PathTableFormat.defaults()));
    }

    /** The peer from the aggregated CSV text to Markov order-1 credits: its read plus its chain. */
    @Benchmark
    public Map<String, double[]> peerMarkov1FromAggregatedCsvEndToEnd(Aggregated s) {
        return StringKeyedPeer.markov(StringKeyedPeer.pathsFromCsv(s.csv), 1);
    }

    @Benchmark
    public Credits markov1(Aggregated s) {
        return s.markov1.attribute(s.table);
    }

    @Benchmark
    public Map<String, double[]> peerMarkov1(Aggregated s) {
        return StringKeyedPeer.markov(s.peerPaths, 1);
    }

    @Benchmark
    public Credits markov2(Aggregated s) {
        return s.markov2.attribute(s.table);
    }

    @Benchmark
    public Map<String, double[]> peerMarkov2(Aggregated s) {
        return StringKeyedPeer.markov(s.peerPaths, 2);
    }

    @Benchmark
    public Credits markov3(Aggregated s) {
        return s.markov3.attribute(s.table);
    }

    @Benchmark
    public Map<String, double[]> peerMarkov3(Aggregated s) {
        return StringKeyedPeer.markov(s.peerPaths, 3);
    }

    @Benchmark
    public Credits shapley12(Aggregated s) {
        return s.shapley.attribute(s.table);
    }

    @Benchmark
    public Map<String, double[]> peerShapley12(Aggregated s) {
        return StringKeyedPeer.shapley(s.peerPaths);
    }

    @Benchmark
    public Credits shapleyRateExact12(Aggregated s) {
        return s.shapleyRate.attribute(s.table);
    }

    @Benchmark
    public Credits firstTouch(Aggregated s) {
        return AttributionModel.firstTouch().attribute(s.table);
    }

    @Benchmark
    public Credits lastTouch(Aggregated s) {
        return AttributionModel.lastTouch().attribute(s.table);
    }

    @Benchmark
    public Map<String, double[]> peerLastTouch(Aggregated s) {
        return StringKeyedPeer.lastTouch(s.peerPaths);
    }

    @Benchmark
    public Map<String, double[]> peerFirstTouch(Aggregated s) {
        return StringKeyedPeer.firstTouch(s.peerPaths);
    }

    @Benchmark
    public Credits lastNonDirectTouch(Aggregated s) {
        return AttributionModel.lastNonDirectTouch().attribute(s.table);
    }

    @Benchmark
    public Map<String, double[]> peerLastNonDirectTouch(Aggregated s) {
        return StringKeyedPeer.lastNonDirectTouch(s.peerPaths);
    }

    @Benchmark
    public Credits linear(Aggregated s) {
        return AttributionModel.linear().attribute(s.table);
    }

    @Benchmark
    public Map<String, double[]> peerLinear(Aggregated s) {
        return StringKeyedPeer.linear(s.peerPaths);
    }

    @Benchmark
    public Credits positionBased(Aggregated s) {
        return AttributionModel.positionBased().attribute(s.table);
    }

    @Benchmark
    public Map<String, double[]> peerPositionBased(Aggregated s) {
        return StringKeyedPeer.positionBased(s.peerPaths);
    }

    /** Time decay (half-life 7 days) over the per-journey table, which carries step ages. */
    @Benchmark
    public Credits timeDecay(Raw s) {
        return s.timeDecay.attribute(s.journeys);
    }

    /** The peer's time decay over its journeys (touch lists), ages from {@code Duration.between}. */
    @Benchmark
    public Map<String, double[]> peerTimeDecay(PeerJourneys s) {
        return StringKeyedPeer.timeDecay(s.journeys, Duration.ofDays(7));
    }

    @Benchmark
    public PathTable buildPaths(Raw s) {
        return s.builder.build(s.touchpoints, s.conversions);
    }

    @Benchmark
    public Map<String, double[]> peerBuildPaths(Raw s) {
        return StringKeyedPeer.buildPaths(s.touchpoints, s.conversions, LOOKBACK);
    }

    /** Markov order 1 on the per-journey table already built from the raw touches (1M rows). */
    @Benchmark
    public Credits markov1FromTouchpoints(Raw s) {
        return s.markov1.attribute(s.journeys);
    }

    /**
     * From raw touches to Markov order-1 credits: paths cut from the touches and their transitions
     * counted as they are cut ({@link PathBuilder#attribute}, no path table), then the chain.
     */
    @Benchmark
    public Credits markov1FromRawTouchesEndToEnd(Raw s) {
        return s.builder.attribute(s.markov1, s.touchpoints, s.conversions);
    }

    /** The same credits by way of the path table: {@link PathBuilder#build}, then Markov order 1 on it. */
    @Benchmark
    public Credits markov1FromRawTouchesViaTable(Raw s) {
        return s.markov1.attribute(s.builder.build(s.touchpoints, s.conversions));
    }

    /** The peer from raw touches to Markov order-1 credits: its path building plus its chain. */
    @Benchmark
    public Map<String, double[]> peerMarkov1FromRawTouchesEndToEnd(Raw s) {
        return StringKeyedPeer.markov(StringKeyedPeer.buildPaths(s.touchpoints, s.conversions, LOOKBACK), 1);
    }
}
