package io.omnicanal.examples.pipeline;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.omnicanal.attribution.AttributionModel;
import io.omnicanal.attribution.AttributionReport;
import io.omnicanal.attribution.Conversion;
import io.omnicanal.attribution.Dimension;
import io.omnicanal.attribution.PathBuilder;
import io.omnicanal.attribution.PathSettings;
import io.omnicanal.attribution.PathTable;
import io.omnicanal.attribution.ResultTable;
import io.omnicanal.attribution.Spend;
import io.omnicanal.attribution.Touchpoint;
import io.omnicanal.examples.data.BadInputException;
import io.omnicanal.examples.data.DataReader;
import io.omnicanal.examples.data.Schema;
import io.omnicanal.examples.report.Report;
import io.omnicanal.examples.report.ReportData;
import io.omnicanal.identity.Identifier;
import io.omnicanal.identity.IdentifierType;
import io.omnicanal.identity.IdentityGraph;
import io.omnicanal.identity.Profile;
import io.omnicanal.journeys.Action;
import io.omnicanal.journeys.Channel;
import io.omnicanal.journeys.JourneyEngine;
import io.omnicanal.journeys.JourneyEvent;
import io.omnicanal.segmentation.BatchResult;
import io.omnicanal.segmentation.SegmentChange;
import io.omnicanal.segmentation.SegmentEngine;
import it.unimi.dsi.fastutil.longs.LongOpenHashSet;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.MonthDay;
import java.time.Period;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.BiConsumer;

/**
 * The end-to-end run: raw multi-channel files in, one profile per person, segments, journey
 * actions, attribution with ROMI, a graded report and snapshots out.
 *
 * <h2>How the modules are wired</h2>
 * All rows are read, then replayed in time order (ties by file, then line), as a live system
 * would have seen them. For each row the identity graph links its identifiers and names the
 * profile (source: the file; sequence: the line, so that {@code explain} points at the very row
 * and the graph's log order (time, source, sequence) is the replay order: no link is late); the row's behaviour goes to the segment engine and the journey engine under that key;
 * segment entries and exits go on to the journey engine; merges reported by identity are passed
 * to both engines, so per-profile state follows a visitor who logs in. Time is the data's own:
 * both engines are advanced to each row's time before it is applied, so windows expire and
 * journey timers fire exactly when they are due. Attribution runs last, on touchpoints and
 * conversions re-keyed through the final identity graph.
 *
 * <h2>Outputs</h2>
 * {@code report.html}, {@code summary.json}, {@code profiles.csv}, {@code segments.csv},
 * {@code actions.csv}, {@code attribution-credits.csv}, {@code attribution-returns.csv},
 * {@code rejects.csv} (if anything was refused), and {@code state/} with the snapshots of the
 * identity graph, the segment engine and the journey engine and the erasure list. Everything is
 * sorted and free of timings: two runs on the same data write the same bytes.
 */
public final class Pipeline {

    /**
     * What to run.
     *
     * @param data      the data folder (the files of {@link Schema})
     * @param out       the output folder, created if missing
     * @param onError   what to do with a malformed row
     * @param sortChunk bytes of parsed rows held in memory before a sorted chunk spills to a temp
     *                  folder in {@code out} (at least 1024), or 0 for a sixteenth of the heap, at
     *                  most 256 MiB; the outputs do not depend on it
     */
    public record Options(Path data, Path out, DataReader.OnError onError, int sortChunk) {
        /** Validates the options. */
        public Options {
            Objects.requireNonNull(data, "data");
            Objects.requireNonNull(out, "out");
            Objects.requireNonNull(onError, "onError");
            if (sortChunk != 0 && sortChunk < 1024) {
                throw new IllegalArgumentException("sortChunk must be 0 (automatic) or at least 1024 bytes, was "
                        + sortChunk);
            }
        }

        /** Options with the automatic sort chunk. */
        public Options(Path data, Path out, DataReader.OnError onError) {
            this(data, out, onError, 0);
        }
    }

    /** Observes the run's progress: a step starts, moves on, ends. */
    public interface Progress {
        /**
         * A step starts.
         *
         * @param step  its name
         * @param total its amount of work, in its own units
         * @return a consumer of the work done so far, closed when the step ends
         */
        Step start(String step, long total);

        /**
         * A timed stage of the run begins (read, stitch+segment+act, attribute, report+snapshots);
         * the previous one, if any, has ended. Does nothing by default.
         *
         * @param name the stage, as in {@link Result#seconds()}
         */
        default void stage(String name) {
        }

        /** One step's progress. */
        interface Step extends AutoCloseable {
            /** Work done so far. */
            void update(long done);

            @Override
            void close();
        }

        /** No progress reporting. */
        Progress NONE = (step, total) -> new Step() {
            @Override
            public void update(long done) {
            }

            @Override
            public void close() {
            }
        };
    }

    /**
     * The result of a run.
     *
     * @param report  what the report shows
     * @param inputs  rows per input file
     * @param seconds wall time per stage, in stage order (not written to any output)
     */
    public record Result(ReportData report, List<DataReader.Counts> inputs, Map<String, Double> seconds) {}

    /** The state folder of an output folder. */
    public static Path stateDir(Path out) {
        return out.resolve("state");
    }

    /** Where a run records the data folder it read, so that {@code erase} reruns on the same data. */
    public static Path dataFolderFile(Path out) {
        return stateDir(out).resolve("data-folder.txt");
    }

    /**
     * The data folder the last run in {@code out} read, or null when no run recorded one.
     *
     * @throws UncheckedIOException if the record exists but cannot be read
     */
    public static Path recordedDataFolder(Path out) {
        Path f = dataFolderFile(out);
        if (!Files.exists(f)) {
            return null;
        }
        try {
            return Path.of(Files.readString(f, java.nio.charset.StandardCharsets.UTF_8).strip());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + f, e);
        }
    }

    /** The identity snapshot of an output folder. */
    public static Path identitySnapshot(Path out) {
        return stateDir(out).resolve("identity.snap");
    }

    /** The erasure list of an output folder. */
    static Path erasureFile(Path out) {
        return stateDir(out).resolve("erasures.txt");
    }

    /** A graph configured as the pipeline configures it (for restoring its snapshot). */
    public static IdentityGraph newIdentityGraph() {
        return IdentityStage.newGraph(null);
    }

    /**
     * Adds the salted tombstones of stored identifiers to an output folder's erasure list: the
     * next run refuses every row that carries one of them.
     *
     * @param out the output folder
     * @param storedIds identifiers in the graph's stored form
     */
    public static void addErasures(Path out, List<Identifier> storedIds) {
        ErasureList list = ErasureList.load(erasureFile(out));
        list.addAll(storedIds);
        list.save(erasureFile(out));
    }

    /** The attribution models the pipeline runs, in report order. */
    public static List<AttributionModel> attributionModels() {
        return models();
    }

    private final Options options;
    private final Progress progress;
    private final Map<String, Double> seconds = new LinkedHashMap<>();

    private Pipeline(Options options, Progress progress) {
        this.options = options;
        this.progress = progress;
    }

    /**
     * Runs the pipeline.
     *
     * @param options  what to run
     * @param progress progress observer
     * @return the result
     * @throws BadInputException for missing or malformed input
     */
    public static Result run(Options options, Progress progress) {
        return new Pipeline(options, progress).run();
    }

    private Result run() {
        Path out = options.out();
        // Nothing in the output folder changes until the input has been read and the run has
        // succeeded: a run that fails on its input leaves the last run's rejects.csv, outputs and
        // state (the data folder that erase reruns on) as they were.
        checkDataFolder();
        boolean outExisted = Files.isDirectory(out);
        Path rejectsPart = out.resolve(".rejects.csv.part");
        Result result;
        try {
            Files.createDirectories(out);
            Files.deleteIfExists(rejectsPart);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create output folder " + out, e);
        }
        try {
            ErasureList erasures = ErasureList.load(erasureFile(out));
            try (DataReader reader = new DataReader(options.data(), options.onError(), rejectsPart);
                 RowStore store = new RowStore(out, options.sortChunk() == 0 ? chunkBytes() : options.sortChunk());
                 RowOutcomes outcomes = new RowOutcomes(out)) {
                progress.stage("read");
                long t0 = System.nanoTime();
                Inputs in;
                try (Progress.Step p = progress.start("read", estimateRows())) {
                    in = Inputs.read(reader, store, p::update);
                }
                seconds.put("read", (System.nanoTime() - t0) / 1e9);
                result = process(in, store, outcomes, reader, erasures);
            }
        } catch (RuntimeException | Error e) {
            try {
                Files.deleteIfExists(rejectsPart);
                if (!outExisted) {
                    try (var left = Files.list(out)) {
                        if (left.findAny().isEmpty()) {
                            Files.delete(out);
                        }
                    }
                }
            } catch (IOException x) {
                e.addSuppressed(x);
            }
            throw e;
        }
        try {
            Path rejects = out.resolve("rejects.csv");
            if (Files.exists(rejectsPart)) {
                AtomicFile.replace(rejectsPart, rejects);
            } else {
                Files.deleteIfExists(rejects);
            }
            AtomicFile.write(dataFolderFile(out), options.data().toAbsolutePath().normalize() + "\n");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write outputs to " + out, e);
        }
        return result;
    }

    /**
     * Fails before anything is written when the data folder or one of its files is missing.
     *
     * @throws BadInputException naming the folder or the file
     */
    private void checkDataFolder() {
        Path data = options.data();
        if (!Files.isDirectory(data)) {
            throw new BadInputException("data folder " + data + ": " + (Files.exists(data) ? "not a folder"
                    : "not found"));
        }
        for (Schema s : Schema.values()) {
            Path f = data.resolve(s.fileName());
            if (!Files.isRegularFile(f)) {
                throw new BadInputException(s.fileName() + ": file not found in " + data);
            }
            if (!Files.isReadable(f)) {
                throw new BadInputException(s.fileName() + ": cannot read: permission denied in " + data);
            }
        }
    }

    /** Rows held in memory before a sorted chunk spills: a sixteenth of the heap, at most 256 MiB. */
    private static int chunkBytes() {
        return (int) Math.max(1 << 20, Math.min(256L << 20, Runtime.getRuntime().maxMemory() / 16));
    }

    private long estimateRows() {
        long bytes = 0;
        for (Schema s : Schema.values()) {
            try {
                bytes += Files.size(options.data().resolve(s.fileName()));
            } catch (IOException e) {
                // a missing file is reported by the reader
            }
        }
        return Math.max(1, bytes / 110);
    }

    // ------------------------------------------------------------------------------------------

    private Result process(Inputs in, RowStore store, RowOutcomes outcomes, DataReader reader,
            ErasureList erasures) {
        Instant start = in.first == null ? Instant.EPOCH : in.first;
        SegmentEngine segments = SegmentEngine.create(Definitions.segments(), start);
        JourneySink sink = new JourneySink();
        JourneyEngine journeys = Definitions.journeys(start, sink, sink);
        EngineFollower follow = new EngineFollower(segments, journeys, outcomes);
        BiConsumer<List<SegmentChange>, Instant> toJourneys = (changes, t) -> follow.toJourneys(changes);
        IdentityStage identity = new IdentityStage(reader, erasures, follow);

        progress.stage("stitch+segment+act");
        long t0 = System.nanoTime();
        Bytes.Reader bytes = new Bytes.Reader();
        Instant[] now = {start};
        long[] done = {0};
        long[] withIdentifier = {0};
        try (Progress.Step p = progress.start("stitch+segment+act", store.size())) {
            store.replay((data, off, len) -> {
                Inputs.Parsed row = Inputs.decode(bytes.set(data, off, len));
                Inputs.Source s = row.source();
                Instant t = s.time() == null ? start : s.time();
                if (t.isAfter(now[0])) {
                    if (!day(t).equals(day(now[0]))) {
                        // RFM quintiles follow the population: rescored once a day.
                        toJourneys.accept(segments.refreshRfm(), now[0]);
                    }
                    now[0] = t;
                    toJourneys.accept(segments.advanceTo(t), t);
                    journeys.advanceTo(t);
                }
                List<Identifier> ids = identity.identifiers(s);
                if (ids != null && !ids.isEmpty()) {
                    withIdentifier[0]++;
                }
                long key = ids == null ? IdentityGraph.NO_PROFILE : identity.link(t, s.schema().fileName(), s.line(), ids);
                if (key != IdentityGraph.NO_PROFILE) {
                    reach(journeys, key, ids);
                    apply(row.payload(), key, t, segments, journeys, toJourneys);
                }
                record(outcomes, in, row, t, key, ids);
                if ((++done[0] & 1023) == 0) {
                    p.update(done[0]);
                }
            });
            Instant end = now[0].plus(Duration.ofDays(1));
            toJourneys.accept(segments.advanceTo(end), end);
            toJourneys.accept(segments.refreshRfm(), end);
            journeys.advanceTo(end);
        }
        seconds.put("stitch+segment+act", (System.nanoTime() - t0) / 1e9);

        // Every recorded key follows its profile's moves to the final graph.
        // Keys only: the profiles themselves are built one at a time where an output needs them.
        outcomes.resolve(new LongOpenHashSet(identity.graph.profileKeys()));

        progress.stage("attribute");
        t0 = System.nanoTime();
        Attribution attribution;
        try (Progress.Step p = progress.start("attribute", ATTRIBUTE_PARTS)) {
            attribution = attribute(in, outcomes, p);
        }
        seconds.put("attribute", (System.nanoTime() - t0) / 1e9);

        progress.stage("report+snapshots");
        t0 = System.nanoTime();
        ReportData report;
        try (Progress.Step p = progress.start("report+snapshots", 2 + OUTPUT_FILES)) {
            BatchResult batch = segments.evaluate();
            p.update(1);
            report = report(in, reader, identity, outcomes, withIdentifier[0], follow.merges, batch, sink,
                    attribution);
            p.update(2);
            writeOutputs(report, identity, segments, batch, journeys, sink, attribution, erasures, p, 2);
        }
        seconds.put("report+snapshots", (System.nanoTime() - t0) / 1e9);
        return new Result(report, reader.counts(), seconds);
    }

    /** Keeps what grading, the link rate and attribution need of one replayed row. */
    private static void record(RowOutcomes outcomes, Inputs in, Inputs.Parsed row, Instant t, long key,
            List<Identifier> ids) {
        // Bots are graded apart: keeping them out of customer profiles is the goal, not stitching them.
        if (row.truth() >= 0 && !in.isBot(row.truth())) {
            outcomes.graded(row.truth(), key, ids);
        }
        Object payload = row.payload();
        if (payload instanceof Inputs.Touch touch) {
            outcomes.touch(key, t, touch);
        } else if (payload instanceof Inputs.WebEvent e) {
            outcomes.online(key);
            if (e.type().equals("purchase")) {
                outcomes.conversion(key, t, e.value(), "online");
            }
        } else if (payload instanceof Inputs.ShopPurchase p) {
            outcomes.shop(key);
            outcomes.conversion(key, t, p.amount(), "shop");
        }
    }

    private static LocalDate day(Instant t) {
        return LocalDate.ofInstant(t, ZoneOffset.UTC);
    }

    /** Channels a profile can be reached on, from the identifiers it was just seen with. */
    private static void reach(JourneyEngine journeys, long key, List<Identifier> ids) {
        for (Identifier id : ids) {
            IdentifierType t = id.type();
            if (t.equals(IdentifierType.EMAIL)) {
                journeys.setReachable(key, Channel.EMAIL, true);
            } else if (t.equals(IdentifierType.PHONE)) {
                journeys.setReachable(key, Channel.SMS, true);
            } else if (t.equals(IdentifierType.MAID)) {
                journeys.setReachable(key, Channel.PUSH, true);
                journeys.setReachable(key, Channel.IN_APP, true);
                journeys.setConsent(key, Channel.PUSH, "marketing", true); // app push opt-in
            } else if (t.equals(IdentifierType.COOKIE)) {
                journeys.setReachable(key, Channel.DISPLAY, true);
            }
        }
    }

    private static void apply(Object payload, long key, Instant t, SegmentEngine segments, JourneyEngine journeys,
            BiConsumer<List<SegmentChange>, Instant> toJourneys) {
        if (payload instanceof Inputs.WebEvent e) {
            toJourneys.accept(segments.onEvent(key, t, e.type(), e.channel(), e.device().isEmpty() ? "unknown" : e.device(), e.value(),
                    Map.of()), t);
            journeys.onEvent(new JourneyEvent(key, e.type(), t, props(e.product(), e.channel())));
            if (e.type().equals("signup")) {
                journeys.setConsent(key, Channel.EMAIL, "marketing", true);
            }
        } else if (payload instanceof Inputs.ShopPurchase p) {
            toJourneys.accept(segments.onEvent(key, t, "purchase", "store", "pos", p.amount(), Map.of()), t);
            journeys.onEvent(new JourneyEvent(key, "purchase", t, props(p.product(), "store")));
        } else if (payload instanceof Inputs.Touch touch) {
            String type = switch (touch.kind()) {
                case "open" -> touch.channel() + "_open";
                case "click" -> "ad_click";
                default -> null;
            };
            if (type != null && Definitions.EVENT_TYPE_SET.contains(type)) {
                toJourneys.accept(segments.onEvent(key, t, type, touch.channel(), touch.device().isEmpty() ? "unknown" : touch.device(), 0,
                        Map.of()), t);
                journeys.onEvent(new JourneyEvent(key, type, t, Map.of("channel", touch.channel())));
            }
        } else if (payload instanceof Inputs.Call c) {
            toJourneys.accept(segments.onEvent(key, t, "call", "call_centre", "phone", 0, Map.of()), t);
        } else if (payload instanceof Inputs.Crm c) {
            Map<String, String> traits = new TreeMap<>();
            traits.put("consent_email", Boolean.toString(c.consentEmail()));
            traits.put("consent_sms", Boolean.toString(c.consentSms()));
            if (!c.gender().isEmpty()) {
                traits.put("gender", c.gender());
            }
            if (!c.city().isEmpty()) {
                traits.put("city", c.city());
            }
            if (c.birthDate() != null) {
                LocalDate asOf = LocalDate.ofInstant(t, ZoneOffset.UTC);
                traits.put("age", Integer.toString(Period.between(c.birthDate(), asOf).getYears()));
                journeys.setDate(key, "birthday", MonthDay.from(c.birthDate()));
            }
            toJourneys.accept(segments.setTraits(key, traits), t);
            journeys.setConsent(key, Channel.EMAIL, "marketing", c.consentEmail());
            journeys.setConsent(key, Channel.SMS, "marketing", c.consentSms());
            traits.forEach((name, value) -> journeys.setTrait(key, name, value));
        } else if (payload instanceof Inputs.Demographic d) {
            Map<String, String> traits = new TreeMap<>();
            if (!d.ageBand().isEmpty()) {
                traits.put("age_band", d.ageBand());
            }
            if (!d.incomeBand().isEmpty()) {
                traits.put("income_band", d.incomeBand());
            }
            toJourneys.accept(segments.setTraits(key, traits), t);
        }
    }

    private static Map<String, String> props(String product, String channel) {
        return product.isEmpty() ? Map.of("channel", channel) : Map.of("product", product, "channel", channel);
    }

    // ------------------------------------------------------------------------------------------
    // Attribution

    /** Attribution results: per channel over every model, and ROMI per campaign under Markov. */
    record Attribution(ResultTable channels, ResultTable campaigns, List<String> models, long touches,
            long conversions, double value, long unlinkedTouches, ReportData.Unattributed unattributed) {}

    static List<AttributionModel> models() {
        return List.of(AttributionModel.firstTouch(), AttributionModel.lastTouch(), AttributionModel.linear(),
                AttributionModel.positionBased(), AttributionModel.timeDecay(), AttributionModel.markov(1),
                AttributionModel.markov(2), AttributionModel.shapley());
    }

    /** Parts of the attribute step, for its progress: two path tables and two reports. */
    private static final int ATTRIBUTE_PARTS = 4;

    private Attribution attribute(Inputs in, RowOutcomes outcomes, Progress.Step p) {
        Collection<Touchpoint> touches = outcomes.touches();
        List<Conversion> conversions = outcomes.conversions();
        double value = 0;
        for (Conversion c : conversions) {
            value += c.value();
        }
        List<Spend> channelSpend = new ArrayList<>();
        List<Spend> campaignSpend = new ArrayList<>();
        for (Inputs.SpendRow s : in.spend) {
            Instant from = s.month().atDay(1).atStartOfDay(ZoneOffset.UTC).toInstant();
            Instant to = s.month().plusMonths(1).atDay(1).atStartOfDay(ZoneOffset.UTC).toInstant();
            channelSpend.add(new Spend(Dimension.CHANNEL, s.channel(), from, to, s.amount()));
            campaignSpend.add(new Spend(Dimension.CAMPAIGN, s.campaign(), from, to, s.amount()));
        }
        List<AttributionModel> models = models();
        PathTable byChannel = new PathBuilder(PathSettings.builder().dimensions(Dimension.CHANNEL).build())
                .build(touches, conversions);
        p.update(1);
        ResultTable channels = AttributionReport.builder().models(models).spend(channelSpend).build()
                .run(byChannel, touches, conversions, null);
        p.update(2);
        PathTable byCampaign = new PathBuilder(PathSettings.builder().dimensions(Dimension.CAMPAIGN).build())
                .build(touches, conversions);
        p.update(3);
        ResultTable campaigns = AttributionReport.builder().model(AttributionModel.markov(1)).spend(campaignSpend)
                .build().run(byCampaign);
        p.update(4);
        return new Attribution(channels, campaigns, models.stream().map(AttributionModel::name).toList(),
                touches.size(), conversions.size(), value, outcomes.unlinkedTouches,
                new ReportData.Unattributed(byChannel.unattributedConversions(), byChannel.unattributedValue(),
                        outcomes.conversionsWithoutProfile, outcomes.valueWithoutProfile));
    }

    // ------------------------------------------------------------------------------------------
    // Report

    private ReportData report(Inputs in, DataReader reader, IdentityStage identity, RowOutcomes outcomes,
            long rowsWithIdentifier, long merges, BatchResult batch, JourneySink sink, Attribution a) {
        List<ReportData.InputCount> inputs = reader.counts().stream()
                .map(c -> new ReportData.InputCount(c.file(), c.read(), c.accepted(), c.rejected())).toList();
        IdentityGraph g = identity.graph;
        long[] known = new long[1];
        g.forEachProfile(p -> {
            if (p.identifiers().stream().anyMatch(s -> isKnown(s.identifier().type()))) {
                known[0]++;
            }
        });
        // Pairwise grading over rows that carry the truth (bots left out when the rows were kept);
        // the rows with an identifier are counted whatever the grading (real data has no truth).
        RowOutcomes.Grading grading = outcomes.grade();
        ReportData.Stitching stitching = new ReportData.Stitching(rowsWithIdentifier, g.identifierCount(),
                g.profileCount(), known[0], merges, g.conflicts().size(), in.truePeople(), grading.persons(),
                grading.linkable());
        long[] shop = outcomes.shopLinks();
        List<ReportData.Count> segs = new ArrayList<>();
        for (String s : batch.segments()) {
            segs.add(new ReportData.Count(s, batch.count(s)));
        }
        ReportData.Journeys j = new ReportData.Journeys(counts(sink.sentPerChannel), counts(sink.skipped),
                counts(sink.entered));
        return new ReportData("Omnicanal: one year of a brand's customers, end to end",
                "Data folder \"" + options.data().toAbsolutePath().normalize().getFileName() + "\": "
                        + in.rows + " rows with identifiers, " + in.spend.size() + " spend rows", inputs,
                reader.refusedValues(), stitching, new ReportData.LinkRate(in.shopPurchases, shop[0], shop[1]),
                segs, j, attributionData(a), roi(a));
    }

    private static boolean isKnown(IdentifierType t) {
        return t.equals(IdentifierType.EMAIL) || t.equals(IdentifierType.PHONE) || t.equals(IdentifierType.ACCOUNT)
                || t.equals(IdentifierType.CRM) || t.equals(IdentifierType.LOYALTY);
    }

    private static List<ReportData.Count> counts(Map<String, Long> m) {
        List<ReportData.Count> c = new ArrayList<>();
        m.forEach((k, v) -> c.add(new ReportData.Count(k, v)));
        return c;
    }

    private ReportData.Attribution attributionData(Attribution a) {
        TreeSet<String> channels = new TreeSet<>();
        for (ResultTable.CreditRow r : a.channels().credits()) {
            channels.add(r.components().get(0));
        }
        List<String> ch = new ArrayList<>(channels);
        double[][] credit = new double[a.models().size()][ch.size()];
        double[][] revenue = new double[a.models().size()][ch.size()];
        double attributed = 0;
        double attributedValue = 0;
        for (ResultTable.CreditRow r : a.channels().credits()) {
            int m = a.models().indexOf(r.model());
            int c = ch.indexOf(r.components().get(0));
            credit[m][c] += r.conversions();
            revenue[m][c] += r.revenue();
            if (m == 0) {
                attributed += r.conversions();
                attributedValue += r.revenue();
            }
        }
        double[] truth = trueShares(ch);
        return new ReportData.Attribution(a.models(), ch, credit, revenue, truth, attributed, attributedValue,
                a.unattributed());
    }

    private double[] trueShares(List<String> channels) {
        Path file = options.data().resolve("truth.json");
        if (!Files.exists(file)) {
            return null;
        }
        try {
            JsonNode root = new ObjectMapper().readTree(file.toFile());
            double[] share = new double[channels.size()];
            for (int c = 0; c < channels.size(); c++) {
                share[c] = root.path("channels").path(channels.get(c)).path("shareOfIncremental").asDouble(0);
            }
            return share;
        } catch (IOException e) {
            throw new BadInputException("truth.json: cannot read: " + e.getMessage(), e);
        }
    }

    private static List<ReportData.Roi> roi(Attribution a) {
        List<ReportData.Roi> rows = new ArrayList<>();
        String markov = AttributionModel.markov(1).name();
        for (ResultTable.ReturnRow r : a.channels().returns()) {
            if (r.model().equals(markov)) {
                rows.add(new ReportData.Roi("channel", r.key(), r.spend(), r.revenue(), r.conversions()));
            }
        }
        for (ResultTable.ReturnRow r : a.campaigns().returns()) {
            rows.add(new ReportData.Roi("campaign", r.key(), r.spend(), r.revenue(), r.conversions()));
        }
        return rows;
    }

    // ------------------------------------------------------------------------------------------
    // Outputs

    /** Files {@link #writeOutputs} writes, for its progress. */
    private static final int OUTPUT_FILES = 12;

    /**
     * Writes the outputs and snapshots; {@code step} is told {@code done + 1} after the first file,
     * up to {@code done + }{@link #OUTPUT_FILES} after the last.
     */
    private void writeOutputs(ReportData report, IdentityStage identity, SegmentEngine segments, BatchResult batch,
            JourneyEngine journeys, JourneySink sink, Attribution a, ErasureList erasures, Progress.Step step,
            long done) {
        Path out = options.out();
        long[] files = {done};
        Runnable written = () -> step.update(++files[0]);
        try {
            AtomicFile.write(out.resolve("report.html"), Report.render(report));
            written.run();
            AtomicFile.write(out.resolve("summary.json"), summary(report, identity, a));
            written.run();
            AtomicFile.write(out.resolve("segments.json"), segments.catalog().toJson() + "\n");
            written.run();
            AtomicFile.write(out.resolve("profiles.csv"), w -> {
                w.write("profile_key,identifiers,types\n");
                // One profile built at a time: at millions of profiles a list of them all would hold
                // every identifier as objects at once.
                for (long key : identity.graph.profileKeys()) {
                    Profile p = identity.graph.profile(key).orElseThrow();
                    TreeSet<String> types = new TreeSet<>();
                    p.identifiers().forEach(s -> types.add(s.identifier().type().name()));
                    w.write(Long.toUnsignedString(p.key()) + ',' + p.identifiers().size() + ',' + String.join("|", types)
                            + '\n');
                }
            });
            written.run();
            AtomicFile.write(out.resolve("segments.csv"), w -> {
                w.write("segment,profile_key\n");
                for (String s : batch.segments()) {
                    long[] members = batch.members(s).clone();
                    Arrays.sort(members);
                    for (long m : members) {
                        w.write(s + ',' + Long.toUnsignedString(m) + '\n');
                    }
                }
            });
            written.run();
            AtomicFile.write(out.resolve("actions.csv"), w -> {
                w.write("time,journey,step,profile_key,channel,message\n");
                for (Action act : sink.sent) {
                    w.write(act.time() + "," + act.journey() + ',' + act.step() + ',' + Long.toUnsignedString(act.profile())
                            + ',' + act.channel().jsonName() + ',' + act.message() + '\n');
                }
            });
            written.run();
            StringWriter credits = new StringWriter();
            a.channels().writeCreditsCsv(credits);
            AtomicFile.write(out.resolve("attribution-credits.csv"), credits.toString());
            written.run();
            StringWriter returns = new StringWriter();
            a.channels().writeReturnsCsv(returns);
            a.campaigns().writeReturnsCsv(returns);
            AtomicFile.write(out.resolve("attribution-returns.csv"), returns.toString());
            written.run();
            Path state = stateDir(out);
            Files.createDirectories(state);
            identity.graph.snapshot(state.resolve("identity.snap"));
            written.run();
            segments.snapshot(state.resolve("segments.snap"));
            written.run();
            journeys.snapshot(state.resolve("journeys.snap"));
            written.run();
            erasures.save(erasureFile(out));
            written.run();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write outputs to " + out, e);
        }
    }

    private static String summary(ReportData r, IdentityStage identity, Attribution a) throws IOException {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("inputs", r.inputs());
        doc.put("refusedValues", r.refusedValues());
        doc.put("refusedIdentifiers", identity.refusedIdentifiers);
        doc.put("erasedRowsRefused", identity.erasedRows);
        doc.put("erasedRowsKeptWithoutTheErasedIdentifiers", identity.partlyErasedRows);
        doc.put("stitching", r.stitching());
        Map<String, Long> byRule = new TreeMap<>();
        identity.graph.conflicts().forEach(c -> byRule.merge(c.rule() + " " + c.type().name(), 1L, Long::sum));
        doc.put("conflictsByRuleAndType", byRule);
        Map<String, Object> linkRate = new LinkedHashMap<>(); // Map.of would iterate in a per-JVM order
        linkRate.put("shopPurchases", r.linkRate().shopPurchases());
        linkRate.put("identified", r.linkRate().identified());
        linkRate.put("matchedOnline", r.linkRate().matchedOnline());
        linkRate.put("rate", r.linkRate().rate());
        doc.put("linkRate", linkRate);
        Map<String, Long> segs = new LinkedHashMap<>();
        r.segments().forEach(c -> segs.put(c.name(), c.value()));
        doc.put("segments", segs);
        Map<String, Object> j = new LinkedHashMap<>();
        j.put("sentPerChannel", toMap(r.journeys().sentPerChannel()));
        j.put("skipped", toMap(r.journeys().outcomes()));
        j.put("entered", toMap(r.journeys().perJourney()));
        doc.put("journeys", j);
        Map<String, Object> att = new LinkedHashMap<>();
        att.put("touchpoints", a.touches());
        att.put("touchpointsWithoutProfile", a.unlinkedTouches());
        att.put("conversions", a.conversions());
        att.put("conversionValue", a.value());
        att.put("conversionsWithoutTouchInLookback", a.unattributed().noTouch());
        att.put("conversionValueWithoutTouchInLookback", a.unattributed().noTouchValue());
        att.put("conversionsWithoutProfile", a.unattributed().noProfile());
        att.put("conversionValueWithoutProfile", a.unattributed().noProfileValue());
        Map<String, double[]> totals = new LinkedHashMap<>();
        for (int m = 0; m < r.attribution().models().size(); m++) {
            double conv = 0;
            double val = 0;
            for (int c = 0; c < r.attribution().channels().size(); c++) {
                conv += r.attribution().credit()[m][c];
                val += r.attribution().revenue()[m][c];
            }
            totals.put(r.attribution().models().get(m), new double[] {conv, val});
        }
        att.put("creditTotalsPerModel", totals);
        doc.put("attribution", att);
        ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        return mapper.writeValueAsString(doc) + "\n";
    }

    private static Map<String, Long> toMap(List<ReportData.Count> counts) {
        Map<String, Long> m = new LinkedHashMap<>();
        counts.forEach(c -> m.put(c.name(), c.value()));
        return m;
    }
}
