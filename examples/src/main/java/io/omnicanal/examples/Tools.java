package io.omnicanal.examples;

import io.omnicanal.attribution.AttributionReaders;
import io.omnicanal.attribution.AttributionReport;
import io.omnicanal.attribution.PathBuilder;
import io.omnicanal.attribution.PathSettings;
import io.omnicanal.attribution.PathTable;
import io.omnicanal.attribution.PathTableFormat;
import io.omnicanal.attribution.ResultTable;
import io.omnicanal.examples.data.BadInputException;
import io.omnicanal.examples.pipeline.Pipeline;
import io.omnicanal.identity.Identifier;
import io.omnicanal.identity.IdentifierType;
import io.omnicanal.identity.IdentityGraph;
import io.omnicanal.identity.InvalidIdentifierException;
import io.omnicanal.identity.LinkStep;
import io.omnicanal.segmentation.Event;
import io.omnicanal.segmentation.SegmentCatalog;
import io.omnicanal.segmentation.SegmentEngine;
import io.omnicanal.segmentation.BatchResult;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.Reader;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** The command line's tools besides {@code run} and {@code generate}: their logic, testable without a process. */
final class Tools {
    private Tools() {}

    /**
     * Parses {@code type:value}, e.g. {@code email:ann@example.com}.
     *
     * @throws BadInputException if there is no colon or the type is unknown to the graph
     */
    static Identifier identifier(String text) {
        int colon = text.indexOf(':');
        if (colon <= 0) {
            throw new BadInputException("identifier must be written type:value (e.g. email:ann@example.com), was \""
                    + text + "\"");
        }
        String name = text.substring(0, colon).strip().toLowerCase(Locale.ROOT);
        IdentifierType type;
        try {
            type = IdentifierType.of(name);
        } catch (IllegalArgumentException e) {
            throw new BadInputException("identifier type \"" + name + "\" in \"" + text + "\": " + e.getMessage());
        }
        try {
            return Identifier.of(type, text.substring(colon + 1));
        } catch (IllegalArgumentException e) {
            throw new BadInputException("identifier \"" + type.name() + ":...\": " + e.getMessage());
        }
    }

    /** The identity graph of the last run in {@code out}. */
    static IdentityGraph lastGraph(Path out) {
        Path snap = Pipeline.identitySnapshot(out);
        if (!Files.exists(snap)) {
            throw new BadInputException(snap + ": no identity snapshot; run `omnicanal run --out " + out + "` first");
        }
        IdentityGraph g = Pipeline.newIdentityGraph();
        try {
            g.restore(snap);
        } catch (IOException e) {
            throw new BadInputException(snap + ": cannot restore: " + e.getMessage(), e);
        }
        return g;
    }

    /** Normalises an identifier for a graph, turning a refusal into bad input. */
    static Identifier stored(IdentityGraph g, Identifier id) {
        try {
            return g.normalize(id);
        } catch (InvalidIdentifierException e) {
            throw new BadInputException(e.getMessage(), e);
        }
    }

    /** {@code explain}: the chain of links that joined two identifiers, or why they are apart. */
    static List<String> explain(Path out, String a, String b) {
        IdentityGraph g = lastGraph(out);
        Identifier x = stored(g, identifier(a));
        Identifier y = stored(g, identifier(b));
        List<String> lines = new ArrayList<>();
        Optional<List<LinkStep>> chain = g.explain(x, y);
        if (chain.isEmpty()) {
            lines.add(x + " and " + y + " are not in one profile ("
                    + g.profileKey(x).stream().mapToObj(Long::toUnsignedString).findFirst().orElse("unknown") + " / "
                    + g.profileKey(y).stream().mapToObj(Long::toUnsignedString).findFirst().orElse("unknown") + ")");
            return lines;
        }
        lines.add(x + " and " + y + " are one profile (" + Long.toUnsignedString(g.profileKey(x).getAsLong())
                + "), joined by " + chain.get().size() + " link(s):");
        for (LinkStep s : chain.get()) {
            lines.add("  " + s.time() + "  " + s.source() + ":" + s.sequence() + "  " + s.from() + " -- " + s.to());
        }
        return lines;
    }

    /**
     * {@code erase}: erases the whole profile holding an identifier: every identifier of it goes
     * into the output folder's erasure list, so that the rerun refuses the person's rows.
     *
     * @return the number of identifiers erased
     */
    static int erase(Path out, String identifier) {
        IdentityGraph g = lastGraph(out);
        Identifier id = stored(g, identifier(identifier));
        long key = g.profileKey(id).orElseThrow(() -> new BadInputException("no profile holds " + id));
        List<Identifier> ids = g.profile(key).orElseThrow().identifiers().stream().map(s -> s.identifier()).toList();
        Pipeline.addErasures(out, ids);
        return ids.size();
    }

    /** {@code attribute}: every model over touchpoints and conversions, or over a path table. */
    static String attribute(Path touchpoints, Path conversions, Path paths, char separator, String format) {
        PathTable table;
        if (paths != null) {
            if (touchpoints != null || conversions != null) {
                throw new BadInputException("give either --paths or --touchpoints with --conversions, not both: --paths "
                        + paths + " was given with" + (touchpoints != null ? " --touchpoints " + touchpoints : "")
                        + (conversions != null ? " --conversions " + conversions : ""));
            }
            table = read(paths, r -> AttributionReaders.pathTable(r,
                    PathTableFormat.builder().separator(separator).build()));
        } else {
            if (touchpoints == null || conversions == null) {
                throw new BadInputException("give --paths, or both --touchpoints and --conversions");
            }
            var t = read(touchpoints, r -> jsonLines(touchpoints) ? AttributionReaders.touchpointsJsonLines(r)
                    : AttributionReaders.touchpointsCsv(r));
            var c = read(conversions, r -> jsonLines(conversions) ? AttributionReaders.conversionsJsonLines(r)
                    : AttributionReaders.conversionsCsv(r));
            table = new PathBuilder(PathSettings.defaults()).build(t, c);
        }
        List<io.omnicanal.attribution.AttributionModel> models = new ArrayList<>(Pipeline.attributionModels());
        if (paths != null) {
            // An aggregated path table carries no touch times, so time decay has nothing to weigh.
            String decay = io.omnicanal.attribution.AttributionModel.timeDecay().name();
            models.removeIf(m -> m.name().equals(decay));
        }
        ResultTable result = AttributionReport.builder().models(models).build().run(table);
        StringWriter w = new StringWriter();
        switch (format.toLowerCase(Locale.ROOT)) {
            case "csv" -> result.writeCreditsCsv(w);
            case "json" -> result.writeJson(w);
            case "table" -> creditTable(result, new PrintWriter(w));
            default -> throw new BadInputException("--format must be table, csv or json, was \"" + format + "\"");
        }
        return w.toString();
    }

    private static void creditTable(ResultTable result, PrintWriter out) {
        List<String> models = new ArrayList<>();
        List<String> keys = new ArrayList<>();
        for (ResultTable.CreditRow r : result.credits()) {
            if (!models.contains(r.model())) {
                models.add(r.model());
            }
            String k = String.join(" > ", r.components());
            if (!keys.contains(k)) {
                keys.add(k);
            }
        }
        keys.sort(null);
        double[][] v = new double[keys.size()][models.size()];
        for (ResultTable.CreditRow r : result.credits()) {
            v[keys.indexOf(String.join(" > ", r.components()))][models.indexOf(r.model())] += r.conversions();
        }
        out.printf(Locale.ROOT, "%-16s", "conversions");
        for (String m : models) {
            out.printf(Locale.ROOT, " %14s", m.length() > 14 ? m.substring(0, 14) : m);
        }
        out.println();
        for (int k = 0; k < keys.size(); k++) {
            out.printf(Locale.ROOT, "%-16s", keys.get(k));
            for (int m = 0; m < models.size(); m++) {
                out.printf(Locale.ROOT, " %14.4f", v[k][m]);
            }
            out.println();
        }
        out.flush();
    }

    private interface ReaderFunction<T> {
        T apply(Reader r);
    }

    private static <T> T read(Path file, ReaderFunction<T> f) {
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            return f.apply(r);
        } catch (NoSuchFileException e) {
            throw new BadInputException(file + ": file not found");
        } catch (IOException | IllegalArgumentException e) {
            throw new BadInputException(file + ": " + e.getMessage(), e);
        } catch (java.io.UncheckedIOException e) {
            // The attribution readers wrap read errors, such as bytes that are not UTF-8.
            IOException cause = e.getCause();
            String what = cause instanceof java.nio.charset.CharacterCodingException
                    ? "not valid UTF-8 (" + cause + ")" : "cannot read: " + cause.getMessage();
            throw new BadInputException(file + ": " + what, e);
        }
    }

    private static boolean jsonLines(Path p) {
        String n = p.getFileName().toString();
        return n.endsWith(".jsonl") || n.endsWith(".ndjson") || n.endsWith(".json");
    }

    /** A JSON value as it reads in a message: "missing" when absent. */
    private static String shown(com.fasterxml.jackson.databind.JsonNode n) {
        return n.isMissingNode() ? "missing" : n.toString();
    }

    /** An optional text field of an event line, "unknown" when absent. */
    private static String text(com.fasterxml.jackson.databind.JsonNode event, String field) {
        var n = event.path(field);
        if (n.isMissingNode()) {
            return "unknown";
        }
        if (!n.isTextual()) {
            throw new IllegalArgumentException("field " + field + ": expected a string, was " + n);
        }
        return n.asText();
    }

    /**
     * {@code segment}: segment definitions (JSON) over an event file (JSON lines of
     * {@code {"profile":1,"time":"...","type":"...","channel":"...","device":"...","value":0}}).
     */
    static String segment(Path definitions, Path events, boolean members) {
        SegmentCatalog catalog;
        try {
            catalog = SegmentCatalog.fromJson(Files.readString(definitions, StandardCharsets.UTF_8));
        } catch (NoSuchFileException e) {
            throw new BadInputException(definitions + ": file not found");
        } catch (IOException e) {
            throw new BadInputException(definitions + ": " + e.getMessage(), e);
        } catch (IllegalArgumentException e) {
            throw new BadInputException(definitions + ": " + e.getMessage(), e);
        }
        List<Event> list = new ArrayList<>();
        var mapper = new com.fasterxml.jackson.databind.ObjectMapper();
        List<String> lines;
        try {
            lines = Files.readAllLines(events, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new BadInputException(events + ": file not found");
        } catch (IOException e) {
            throw new BadInputException(events + ": " + e.getMessage(), e);
        }
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).isBlank()) {
                continue;
            }
            try {
                var n = mapper.readTree(lines.get(i));
                for (var it = n.fieldNames(); it.hasNext(); ) {
                    String f = it.next();
                    if (!List.of("profile", "time", "type", "channel", "device", "value").contains(f)) {
                        throw new IllegalArgumentException("unknown field \"" + f + "\"");
                    }
                }
                if (!n.isObject()) {
                    throw new IllegalArgumentException("expected a JSON object, was " + n);
                }
                var profile = n.path("profile");
                if (!profile.isIntegralNumber() || !profile.canConvertToLong()) {
                    throw new IllegalArgumentException("field profile: expected an integer, was " + shown(profile));
                }
                var time = n.path("time");
                Instant at;
                try {
                    at = time.isTextual() ? Instant.parse(time.asText()) : null;
                } catch (java.time.format.DateTimeParseException e) {
                    at = null;
                }
                if (at == null) {
                    throw new IllegalArgumentException("field time: expected an ISO-8601 instant, was " + shown(time));
                }
                var type = n.path("type");
                if (!type.isTextual() || type.asText().isBlank()) {
                    throw new IllegalArgumentException("field type: expected an event type, was " + shown(type));
                }
                var value = n.path("value");
                if (!value.isMissingNode() && !value.isNumber()) {
                    throw new IllegalArgumentException("field value: expected a number, was " + shown(value));
                }
                list.add(Event.of(profile.asLong(), at, type.asText(), text(n, "channel"), text(n, "device"),
                        value.asDouble(0)));
            } catch (IOException | RuntimeException e) {
                throw new BadInputException(events.getFileName() + ":" + (i + 1) + ": " + e.getMessage(), e);
            }
        }
        list.sort((x, y) -> x.time().compareTo(y.time()));
        Instant start = list.isEmpty() ? Instant.EPOCH : list.get(0).time();
        SegmentEngine engine = SegmentEngine.create(catalog, start);
        for (Event e : list) {
            engine.onEvent(e);
        }
        if (!list.isEmpty()) {
            engine.advanceTo(list.get(list.size() - 1).time());
        }
        engine.refreshRfm();
        BatchResult batch = engine.evaluate();
        StringBuilder b = new StringBuilder();
        b.append(String.format(Locale.ROOT, "%d events, %d profiles%n", list.size(), engine.profileCount()));
        for (String s : batch.segments()) {
            b.append(String.format(Locale.ROOT, "%-30s %,10d%n", s, batch.count(s)));
            if (members) {
                long[] m = batch.members(s).clone();
                Arrays.sort(m);
                for (long k : m) {
                    b.append("  ").append(Long.toUnsignedString(k)).append('\n');
                }
            }
        }
        return b.toString();
    }
}
