package io.omnicanal.benchmarks.attribution;

import io.omnicanal.attribution.AttributionModel;
import io.omnicanal.attribution.AttributionReaders;
import io.omnicanal.attribution.Conversion;
import io.omnicanal.attribution.Credits;
import io.omnicanal.attribution.PathBuilder;
import io.omnicanal.attribution.PathSettings;
import io.omnicanal.attribution.PathTable;
import io.omnicanal.attribution.PathTableFormat;
import io.omnicanal.attribution.PositionCredits;
import io.omnicanal.attribution.ShapleyModel;
import io.omnicanal.attribution.TouchColumns;
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
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Attribution over a seeded data set of {@code size} profiles (1M by default) across 12 channels,
 * 1 to 20 touches each, about 5% converting, 4% of converters converting again
 * ({@link AttributionData}), single-threaded.
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
 * <p>Raw touches come three ways: as {@code Touchpoint} objects ({@link Raw}), as the caller's
 * column arrays ({@link Columnar}: ours through {@link TouchColumns#wrap}, the peer reading the same
 * arrays), and the aggregated table as text in memory (through a {@code Reader}, ours encoding it to
 * UTF-8 in chunks for its byte parser) or as a UTF-8 file (ours streaming and parsing its bytes, the
 * peer {@code Files.readString} and {@code split}). End to end, ours uses
 * {@link AttributionReaders#attribute}, which for Markov order 1 counts while it reads (no table);
 * the {@code *ViaTable} forms read the table first.
 *
 * <p>Run (from {@code /work/main}, after {@code ./mvnw -pl attribution install} and
 * {@code ./mvnw -pl benchmarks package -DskipTests}); the README's figures come from these, each run
 * alone on the machine:
 * <pre>
 * B=benchmarks/target/benchmarks.jar
 * java -jar $B 'AttributionBenchmark\.(readAggregatedFile|peerReadAggregatedFile|markov1FromAggregatedFileEndToEnd|markov1FromAggregatedFileViaTable|peerMarkov1FromAggregatedFileEndToEnd)$' -f 2 -wi 3 -i 5 -w 1 -r 1 -prof gc
 * java -jar $B 'AttributionBenchmark\.(readAggregatedTable|peerReadAggregatedTable|markov1FromAggregatedCsvEndToEnd|markov1FromAggregatedCsvViaTable|peerMarkov1FromAggregatedCsvEndToEnd)$' -f 2 -wi 3 -i 5 -w 1 -r 1 -prof gc
 * java -jar $B 'AttributionBenchmark\.(markov1FromRawTouchesEndToEnd|markov1FromRawTouchesViaTable|peerMarkov1FromRawTouchesEndToEnd|markov1FromColumnsEndToEnd)$' -f 2 -wi 3 -i 5 -w 2 -r 2 -prof gc
 * # the end-to-end targets with 3 forks (session 6; the peers of these rows with -f 2 -wi 2 -i 4 -w 2 -r 2)
 * java -jar $B 'AttributionBenchmark\.(markov1FromAggregatedFileEndToEnd|markov1FromAggregatedCsvEndToEnd)$' -f 3 -wi 3 -i 8 -w 2 -r 3 -prof gc
 * java -jar $B 'AttributionBenchmark\.markov1FromRawTouchesEndToEnd$' -f 3 -wi 3 -i 8 -w 2 -r 2 -prof gc
 * java -jar $B AttributionBenchmark -f 2 -wi 3 -i 5 -prof gc    # everything (long)
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
        /** The same CSV as a UTF-8 file (a temporary file, deleted at the end of the trial). */
        public Path csvFile;
        public PathTable table;
        public Map<String, double[]> peerPaths;
        public AttributionModel markov1;
        public AttributionModel markov2;
        public AttributionModel markov3;
        public AttributionModel shapley;
        public AttributionModel shapleyRate;
        public ShapleyModel shapleyOrdered;

        @Setup(Level.Trial)
        public void setUp() {
            load(new AttributionData(size, SEED, false));
        }

        /** Fills the state from a data set's rows (the tests load other data sets too). */
        public void load(AttributionData data) {
            csv = data.aggregatedCsv();
            try {
                csvFile = Files.createTempFile("attribution-paths", ".csv");
                Files.writeString(csvFile, csv);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            table = AttributionReaders.pathTable(new StringReader(csv), PathTableFormat.defaults());
            peerPaths = StringKeyedPeer.pathsFromCsv(csv);
            markov1 = AttributionModel.markov(1);
            markov2 = AttributionModel.markov(2);
            markov3 = AttributionModel.markov(3);
            shapley = AttributionModel.shapley();
            shapleyRate = ShapleyModel.builder().game(ShapleyModel.Game.CONVERSION_RATE).build();
            shapleyOrdered = ShapleyModel.builder().ordered(true).build();
        }

        @TearDown(Level.Trial)
        public void tearDown() throws IOException {
            Files.deleteIfExists(csvFile);
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
            load(new AttributionData(size, SEED, true));
        }

        /** Fills the state from a data set's touches and conversions. */
        public void load(AttributionData data) {
            touchpoints = data.touchpoints;
            conversions = data.conversions;
            builder = new PathBuilder(PathSettings.builder().lookback(LOOKBACK).build());
            journeys = builder.build(touchpoints, conversions);
            markov1 = AttributionModel.markov(1);
            timeDecay = AttributionModel.timeDecay();
        }
    }

    /**
     * The same touches as a reader that makes new objects per field would give them: every touch
     * its own {@code Instant} and its own copy of each string (channel included, so that no two
     * touches share a channel instance), allocated touch by touch as a parser would. The state
     * {@link Raw} shares one instance per channel name, as constants, an enum's names or this
     * library's readers give them.
     */
    @State(Scope.Benchmark)
    public static class RawPerTouchStrings {
        @Param({"1000000"})
        public int size;

        public List<Touchpoint> touchpoints;
        public List<Conversion> conversions;
        public PathBuilder builder;
        public AttributionModel markov1;

        @Setup(Level.Trial)
        public void setUp() {
            load(new AttributionData(size, SEED, true));
        }

        /** Fills the state from a data set's touches (copied) and conversions. */
        public void load(AttributionData data) {
            List<Touchpoint> copies = new ArrayList<>(data.touchpoints.size());
            for (Touchpoint t : data.touchpoints) {
                copies.add(new Touchpoint(t.profile(), Instant.ofEpochSecond(t.time().getEpochSecond(), t.time().getNano()),
                        copy(t.channel()), copy(t.campaign()), copy(t.device()), copy(t.kind()), t.cost()));
            }
            touchpoints = copies;
            conversions = data.conversions;
            builder = new PathBuilder(PathSettings.builder().lookback(LOOKBACK).build());
            markov1 = AttributionModel.markov(1);
        }

        private static String copy(String s) {
            return new String(s.toCharArray()); // a new array too, as a parser makes
        }
    }

    /**
     * The same raw touches held in columns, as a columnar export (Parquet, Arrow) delivers them:
     * profile keys, epoch milliseconds and dictionary-encoded channels in plain arrays
     * ({@code profile}, {@code epochMillis}, {@code channel}, {@code channelNames}). No touch
     * objects are kept. {@code columns} wraps the arrays once, for the benchmarks that start from
     * our columns.
     */
    @State(Scope.Benchmark)
    public static class Columnar {
        @Param({"1000000"})
        public int size;

        public long[] profile;
        public long[] epochMillis;
        public int[] channel;
        public String[] channelNames;
        public TouchColumns columns;
        public List<Conversion> conversions;
        public PathBuilder builder;
        public AttributionModel markov1;

        @Setup(Level.Trial)
        public void setUp() {
            load(new AttributionData(size, SEED, true));
        }

        /** Fills the state from a data set's touches and conversions. */
        public void load(AttributionData data) {
            int n = data.touchpoints.size();
            profile = new long[n];
            epochMillis = new long[n];
            channel = new int[n];
            channelNames = AttributionData.CHANNELS.toArray(new String[0]);
            for (int i = 0; i < n; i++) {
                Touchpoint t = data.touchpoints.get(i);
                profile[i] = t.profile();
                epochMillis[i] = t.time().toEpochMilli();
                channel[i] = AttributionData.CHANNELS.indexOf(t.channel());
            }
            conversions = data.conversions;
            columns = wrap(this);
            builder = new PathBuilder(PathSettings.builder().lookback(LOOKBACK).build());
            markov1 = AttributionModel.markov(1);
        }
    }

    /** Our columns over the caller's arrays: one validating pass, no copy (they are sorted). */
    static TouchColumns wrap(Columnar s) {
        return TouchColumns.wrap(s.profile, s.epochMillis, TimeUnit.MILLISECONDS, s.channel,
                Arrays.asList(s.channelNames));
    }

    /** Our columns filled from the caller's arrays through the builder: names interned once, then ids. */
    static TouchColumns fill(Columnar s) {
        TouchColumns.Builder b = TouchColumns.builder().expectedSize(s.profile.length);
        int[] ids = new int[s.channelNames.length];
        for (int c = 0; c < ids.length; c++) {
            ids[c] = b.channel(s.channelNames[c]);
        }
        for (int i = 0; i < s.profile.length; i++) {
            b.add(s.profile[i], s.epochMillis[i], ids[s.channel[i]]);
        }
        return b.build();
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
            load(new AttributionData(size, SEED, true));
        }

        /** Fills the state from a data set's touches and conversions. */
        public void load(AttributionData data) {
            journeys = StringKeyedPeer.journeys(data.touchpoints, data.conversions, LOOKBACK);
        }
    }

    /** Reading the aggregated CSV table (about 800,000 rows, 90 MB of text) into a path table. */
    @Benchmark
    public PathTable readAggregatedTable(Aggregated s) {
        return AttributionReaders.pathTable(new StringReader(s.csv), PathTableFormat.defaults());
    }

    @Benchmark
    public Map<String, double[]> peerReadAggregatedTable(Aggregated s) {
        return StringKeyedPeer.pathsFromCsv(s.csv);
    }

    /**
     * From the aggregated CSV text to Markov order-1 credits: {@link AttributionReaders#attribute}
     * counts the transitions while it reads (the chars encoded to UTF-8 in chunks), no table.
     */
    @Benchmark
    public Credits markov1FromAggregatedCsvEndToEnd(Aggregated s) {
        return AttributionReaders.attribute(s.markov1, new StringReader(s.csv), PathTableFormat.defaults());
    }

    /** The same credits by way of the table: the text read into a {@link PathTable}, then the model. */
    @Benchmark
    public Credits markov1FromAggregatedCsvViaTable(Aggregated s) {
        return s.markov1.attribute(AttributionReaders.pathTable(new StringReader(s.csv), PathTableFormat.defaults()));
    }

    /** The peer from the aggregated CSV text to Markov order-1 credits: its read plus its chain. */
    @Benchmark
    public Map<String, double[]> peerMarkov1FromAggregatedCsvEndToEnd(Aggregated s) {
        return StringKeyedPeer.markov(StringKeyedPeer.pathsFromCsv(s.csv), 1);
    }

    /** Reading the aggregated table from its UTF-8 file (90 MB), streamed and parsed as bytes. */
    @Benchmark
    public PathTable readAggregatedFile(Aggregated s) {
        return AttributionReaders.pathTable(s.csvFile, PathTableFormat.defaults());
    }

    /** The peer reading the same file: {@code Files.readString}, then its {@code split} parse. */
    @Benchmark
    public Map<String, double[]> peerReadAggregatedFile(Aggregated s) throws IOException {
        return StringKeyedPeer.pathsFromCsv(Files.readString(s.csvFile));
    }

    /**
     * From the aggregated table's file to Markov order-1 credits: {@link AttributionReaders#attribute}
     * streams the file and counts the transitions while it reads, no table; then the chain.
     */
    @Benchmark
    public Credits markov1FromAggregatedFileEndToEnd(Aggregated s) {
        return AttributionReaders.attribute(s.markov1, s.csvFile, PathTableFormat.defaults());
    }

    /** The same credits by way of the table: the file read into a {@link PathTable}, then the model. */
    @Benchmark
    public Credits markov1FromAggregatedFileViaTable(Aggregated s) {
        return s.markov1.attribute(AttributionReaders.pathTable(s.csvFile, PathTableFormat.defaults()));
    }

    /** The peer from the same file to Markov order-1 credits: its read plus its chain. */
    @Benchmark
    public Map<String, double[]> peerMarkov1FromAggregatedFileEndToEnd(Aggregated s) throws IOException {
        return StringKeyedPeer.markov(StringKeyedPeer.pathsFromCsv(Files.readString(s.csvFile)), 1);
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

    /** The ordered variant: Shapley credit per channel and position of its first appearance. */
    @Benchmark
    public PositionCredits shapleyOrdered12(Aggregated s) {
        return s.shapleyOrdered.positionCredits(s.table);
    }

    @Benchmark
    public Map<String, double[]> peerShapleyOrdered12(Aggregated s) {
        return StringKeyedPeer.shapleyOrdered(s.peerPaths);
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

    /** Linear credit per distinct value (the per-distinct-channel option of linear). */
    @Benchmark
    public Credits linearDistinct(Aggregated s) {
        return AttributionModel.linearDistinct().attribute(s.table);
    }

    @Benchmark
    public Map<String, double[]> peerLinearDistinct(Aggregated s) {
        return StringKeyedPeer.linearDistinct(s.peerPaths);
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

    /** As {@link #markov1FromRawTouchesEndToEnd}, every touch with strings of its own (see {@link RawPerTouchStrings}). */
    @Benchmark
    public Credits markov1FromRawTouchesPerTouchStrings(RawPerTouchStrings s) {
        return s.builder.attribute(s.markov1, s.touchpoints, s.conversions);
    }

    /** The peer on {@link RawPerTouchStrings}: its path building plus its chain. */
    @Benchmark
    public Map<String, double[]> peerMarkov1FromRawTouchesPerTouchStrings(RawPerTouchStrings s) {
        return StringKeyedPeer.markov(StringKeyedPeer.buildPaths(s.touchpoints, s.conversions, LOOKBACK), 1);
    }

    /** The same credits by way of the path table: {@link PathBuilder#build}, then Markov order 1 on it. */
    @Benchmark
    public Credits markov1FromRawTouchesViaTable(Raw s) {
        return s.markov1.attribute(s.builder.build(s.touchpoints, s.conversions));
    }

    /**
     * From raw touches held in columns (the caller's arrays) to Markov order-1 credits:
     * {@link TouchColumns#wrap} checks the arrays in one pass, then the transitions are counted as
     * the paths are cut ({@link PathBuilder#attribute}, no path table), then the chain.
     */
    @Benchmark
    public Credits markov1FromColumnsEndToEnd(Columnar s) {
        return s.builder.attribute(s.markov1, wrap(s), s.conversions);
    }

    /**
     * As {@link #markov1FromColumnsEndToEnd}, our columns filled touch by touch through
     * {@link TouchColumns.Builder} (a batch of 10.5M {@code add} calls, copying the arrays).
     */
    @Benchmark
    public Credits markov1FromColumnsFilledEndToEnd(Columnar s) {
        return s.builder.attribute(s.markov1, fill(s), s.conversions);
    }

    /** The peer from the same arrays to Markov order-1 credits: its path building plus its chain. */
    @Benchmark
    public Map<String, double[]> peerMarkov1FromColumnsEndToEnd(Columnar s) {
        return StringKeyedPeer.markov(StringKeyedPeer.buildPathsFromColumns(s.profile, s.epochMillis, s.channel,
                s.channelNames, s.conversions, LOOKBACK), 1);
    }

    /** The per-journey table (with step ages) from {@link TouchColumns}. */
    @Benchmark
    public PathTable buildPathsFromTouchColumns(Columnar s) {
        return s.builder.build(s.columns, s.conversions);
    }

    /** The peer's path map from the same arrays. */
    @Benchmark
    public Map<String, double[]> peerBuildPathsFromColumns(Columnar s) {
        return StringKeyedPeer.buildPathsFromColumns(s.profile, s.epochMillis, s.channel, s.channelNames,
                s.conversions, LOOKBACK);
    }

    /** What a caller holding touch objects pays to make {@link TouchColumns} of them. */
    @Benchmark
    public TouchColumns touchColumnsFromTouchpoints(Raw s) {
        return TouchColumns.of(s.touchpoints);
    }

    /** The peer from raw touches to Markov order-1 credits: its path building plus its chain. */
    @Benchmark
    public Map<String, double[]> peerMarkov1FromRawTouchesEndToEnd(Raw s) {
        return StringKeyedPeer.markov(StringKeyedPeer.buildPaths(s.touchpoints, s.conversions, LOOKBACK), 1);
    }
}
