package io.omnicanal.segmentation.internal;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.omnicanal.segmentation.Condition;
import io.omnicanal.segmentation.EventFilter;
import io.omnicanal.segmentation.LifecycleSettings;
import io.omnicanal.segmentation.LifecycleStage;
import io.omnicanal.segmentation.RfmSettings;
import io.omnicanal.segmentation.Segment;
import io.omnicanal.segmentation.SegmentCatalog;
import io.omnicanal.segmentation.SegmentDefinitionException;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The JSON form of a {@link SegmentCatalog}: a strict reader that names the JSON path of every fault, and a
 * canonical writer (fixed field order, bounds omitted when infinite, durations in ISO-8601).
 *
 * <pre>
 * {"eventTypes": [...], "rfm": {...}, "lifecycle": {...},
 *  "segments": [{"id": "...", "description": "...", "condition": {"op": "and", "of": [...]}}]}
 * </pre>
 * Operators: and, or (of: array), not (of: object), traitEquals (trait, value), traitIn (trait, values),
 * traitRange (trait, min?, max?), traitExists (trait), aggregate (measure, filter?, window?, min?, max?),
 * lastEventAgo (filter?, age), sequence (first, thenNo, within, lookback?), inSegment (segment),
 * rfmScores (recency, frequency, monetary: [min, max]), rfmCell (cell), lifecycle (stage).
 * Filters: {type?, channel?, device?, properties?}.
 */
public final class CatalogJson {
    private static final ObjectMapper MAPPER = new ObjectMapper()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);
    private static final JsonFactory FACTORY = new JsonFactory();

    private CatalogJson() {
    }

    // ---- reading ----------------------------------------------------------------------------------

    /** Parses and validates; see {@link SegmentCatalog#fromJson(String)}. */
    public static SegmentCatalog read(String json) {
        if (json == null) {
            throw new SegmentDefinitionException("$", "JSON text must not be null", null);
        }
        JsonNode root;
        try {
            root = MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            throw new SegmentDefinitionException("$", "malformed JSON: " + e.getOriginalMessage()
                    + (e.getLocation() == null ? "" : " at line " + e.getLocation().getLineNr()
                    + " column " + e.getLocation().getColumnNr()), e);
        }
        if (root == null || root.isMissingNode()) {
            throw new SegmentDefinitionException("$", "empty JSON text", null);
        }
        object(root, "$", Set.of("eventTypes", "rfm", "lifecycle", "segments"));
        SegmentCatalog.Builder b = SegmentCatalog.builder();
        JsonNode types = root.get("eventTypes");
        if (types != null) {
            array(types, "$.eventTypes");
            String[] t = new String[types.size()];
            for (int i = 0; i < t.length; i++) {
                t[i] = string(types.get(i), "$.eventTypes[" + i + "]");
            }
            guard("$.eventTypes", () -> b.eventTypes(t));
        }
        JsonNode rfm = root.get("rfm");
        if (rfm != null) {
            RfmSettings s = rfm(rfm, "$.rfm");
            b.rfm(s);
        }
        JsonNode lc = root.get("lifecycle");
        if (lc != null) {
            b.lifecycle(lifecycle(lc, "$.lifecycle"));
        }
        JsonNode segs = root.get("segments");
        if (segs != null) {
            array(segs, "$.segments");
            for (int i = 0; i < segs.size(); i++) {
                String p = "$.segments[" + i + "]";
                JsonNode s = segs.get(i);
                object(s, p, Set.of("id", "description", "condition"));
                String id = string(required(s, "id", p), p + ".id");
                JsonNode d = s.get("description");
                String description = d == null ? "" : string(d, p + ".description");
                Condition c = condition(required(s, "condition", p), p + ".condition");
                b.add(guard(p + ".id", () -> new Segment(id, description, c)));
            }
        }
        return b.build();
    }

    private static RfmSettings rfm(JsonNode n, String p) {
        object(n, p, Set.of("qualifying", "window", "ties", "cells"));
        RfmSettings d = RfmSettings.defaults();
        EventFilter q = n.has("qualifying") ? filter(n.get("qualifying"), p + ".qualifying") : d.qualifying();
        Duration w = n.has("window") ? duration(n.get("window"), p + ".window") : null;
        RfmSettings.TieRule ties = n.has("ties")
                ? enumValue(RfmSettings.TieRule.class, n.get("ties"), p + ".ties") : d.ties();
        List<RfmSettings.Cell> cells = d.cells();
        if (n.has("cells")) {
            JsonNode cs = n.get("cells");
            array(cs, p + ".cells");
            cells = new ArrayList<>();
            for (int i = 0; i < cs.size(); i++) {
                String cp = p + ".cells[" + i + "]";
                JsonNode c = cs.get(i);
                object(c, cp, Set.of("name", "recency", "frequency", "monetary"));
                String name = string(required(c, "name", cp), cp + ".name");
                int[] r = range(required(c, "recency", cp), cp + ".recency");
                int[] f = range(required(c, "frequency", cp), cp + ".frequency");
                int[] m = range(required(c, "monetary", cp), cp + ".monetary");
                cells.add(guard(cp, () -> new RfmSettings.Cell(name, r[0], r[1], f[0], f[1], m[0], m[1])));
            }
        }
        List<RfmSettings.Cell> fc = cells;
        return guard(p, () -> new RfmSettings(q, w, ties, fc));
    }

    private static LifecycleSettings lifecycle(JsonNode n, String p) {
        object(n, p, Set.of("qualifying", "newFor", "activeFor", "lapsedAfter", "reactivatedFor"));
        LifecycleSettings.Builder b = LifecycleSettings.builder();
        if (n.has("qualifying")) {
            EventFilter q = filter(n.get("qualifying"), p + ".qualifying");
            b.qualifying(q);
        }
        if (n.has("newFor")) {
            b.newFor(duration(n.get("newFor"), p + ".newFor"));
        }
        if (n.has("activeFor")) {
            b.activeFor(duration(n.get("activeFor"), p + ".activeFor"));
        }
        if (n.has("lapsedAfter")) {
            b.lapsedAfter(duration(n.get("lapsedAfter"), p + ".lapsedAfter"));
        }
        if (n.has("reactivatedFor")) {
            b.reactivatedFor(duration(n.get("reactivatedFor"), p + ".reactivatedFor"));
        }
        return guard(p, b::build);
    }

    private static Condition condition(JsonNode n, String p) {
        if (n == null || !n.isObject()) {
            throw new SegmentDefinitionException(p, "expected a condition object, was " + kind(n), null);
        }
        String op = string(required(n, "op", p), p + ".op");
        switch (op) {
            case "and", "or" -> {
                object(n, p, Set.of("op", "of"));
                JsonNode of = required(n, "of", p);
                array(of, p + ".of");
                if (of.size() == 0) {
                    throw new SegmentDefinitionException(p + ".of", op + " needs at least one operand, was []", null);
                }
                List<Condition> cs = new ArrayList<>();
                for (int i = 0; i < of.size(); i++) {
                    cs.add(condition(of.get(i), p + ".of[" + i + "]"));
                }
                return op.equals("and") ? new Condition.And(cs) : new Condition.Or(cs);
            }
            case "not" -> {
                object(n, p, Set.of("op", "of"));
                return new Condition.Not(condition(required(n, "of", p), p + ".of"));
            }
            case "traitEquals" -> {
                object(n, p, Set.of("op", "trait", "value"));
                String t = string(required(n, "trait", p), p + ".trait");
                String v = string(required(n, "value", p), p + ".value");
                return guard(p + ".trait", () -> new Condition.TraitEquals(t, v));
            }
            case "traitIn" -> {
                object(n, p, Set.of("op", "trait", "values"));
                String t = string(required(n, "trait", p), p + ".trait");
                JsonNode vs = required(n, "values", p);
                array(vs, p + ".values");
                List<String> values = new ArrayList<>();
                for (int i = 0; i < vs.size(); i++) {
                    values.add(string(vs.get(i), p + ".values[" + i + "]"));
                }
                return guard(p + ".values", () -> new Condition.TraitIn(t, values));
            }
            case "traitRange" -> {
                object(n, p, Set.of("op", "trait", "min", "max"));
                String t = string(required(n, "trait", p), p + ".trait");
                double min = n.has("min") ? number(n.get("min"), p + ".min") : Double.NEGATIVE_INFINITY;
                double max = n.has("max") ? number(n.get("max"), p + ".max") : Double.POSITIVE_INFINITY;
                return guard(p, () -> new Condition.TraitRange(t, min, max));
            }
            case "traitExists" -> {
                object(n, p, Set.of("op", "trait"));
                String t = string(required(n, "trait", p), p + ".trait");
                return guard(p + ".trait", () -> new Condition.TraitExists(t));
            }
            case "aggregate" -> {
                object(n, p, Set.of("op", "measure", "filter", "window", "min", "max"));
                Condition.Measure m = enumValue(Condition.Measure.class, required(n, "measure", p), p + ".measure");
                EventFilter f = n.has("filter") ? filter(n.get("filter"), p + ".filter") : EventFilter.any();
                Duration w = n.has("window") ? duration(n.get("window"), p + ".window") : null;
                double min = n.has("min") ? number(n.get("min"), p + ".min") : Double.NEGATIVE_INFINITY;
                double max = n.has("max") ? number(n.get("max"), p + ".max") : Double.POSITIVE_INFINITY;
                return guard(p, () -> new Condition.Aggregate(m, f, w, min, max));
            }
            case "lastEventAgo" -> {
                object(n, p, Set.of("op", "filter", "age"));
                EventFilter f = n.has("filter") ? filter(n.get("filter"), p + ".filter") : EventFilter.any();
                Duration age = duration(required(n, "age", p), p + ".age");
                return guard(p, () -> new Condition.LastEventAgo(f, age));
            }
            case "sequence" -> {
                object(n, p, Set.of("op", "first", "thenNo", "within", "lookback"));
                EventFilter first = filter(required(n, "first", p), p + ".first");
                EventFilter thenNo = filter(required(n, "thenNo", p), p + ".thenNo");
                Duration within = duration(required(n, "within", p), p + ".within");
                Duration lookback = n.has("lookback") ? duration(n.get("lookback"), p + ".lookback") : null;
                return guard(p, () -> new Condition.Sequence(first, thenNo, within, lookback));
            }
            case "inSegment" -> {
                object(n, p, Set.of("op", "segment"));
                String s = string(required(n, "segment", p), p + ".segment");
                return guard(p + ".segment", () -> new Condition.InSegment(s));
            }
            case "rfmScores" -> {
                object(n, p, Set.of("op", "recency", "frequency", "monetary"));
                int[] r = range(required(n, "recency", p), p + ".recency");
                int[] f = range(required(n, "frequency", p), p + ".frequency");
                int[] m = range(required(n, "monetary", p), p + ".monetary");
                return guard(p, () -> new Condition.RfmScores(r[0], r[1], f[0], f[1], m[0], m[1]));
            }
            case "rfmCell" -> {
                object(n, p, Set.of("op", "cell"));
                String c = string(required(n, "cell", p), p + ".cell");
                return guard(p + ".cell", () -> new Condition.RfmCell(c));
            }
            case "lifecycle" -> {
                object(n, p, Set.of("op", "stage"));
                return new Condition.Lifecycle(enumValue(LifecycleStage.class, required(n, "stage", p), p + ".stage"));
            }
            default -> throw new SegmentDefinitionException(p + ".op", "unknown operator \"" + op + "\"", null);
        }
    }

    private static EventFilter filter(JsonNode n, String p) {
        object(n, p, Set.of("type", "channel", "device", "properties"));
        String type = n.has("type") ? string(n.get("type"), p + ".type") : null;
        String channel = n.has("channel") ? string(n.get("channel"), p + ".channel") : null;
        String device = n.has("device") ? string(n.get("device"), p + ".device") : null;
        Map<String, String> props = new TreeMap<>();
        if (n.has("properties")) {
            JsonNode ps = n.get("properties");
            if (!ps.isObject()) {
                throw new SegmentDefinitionException(p + ".properties", "expected an object, was " + kind(ps), null);
            }
            for (Iterator<Map.Entry<String, JsonNode>> it = ps.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                props.put(e.getKey(), string(e.getValue(), p + ".properties." + e.getKey()));
            }
        }
        return guard(p, () -> new EventFilter(type, channel, device, props));
    }

    /**
     * An RFM score range {@code [min, max]}: two integers in 1..5, each checked where it stands (a number
     * beyond the int range used to be truncated by {@code asInt()}, {@code 4294967300} reading as 4).
     */
    private static int[] range(JsonNode n, String p) {
        if (n == null || !n.isArray() || n.size() != 2) {
            throw new SegmentDefinitionException(p, "expected [min, max] of two integers in 1..5, was " + kind(n),
                    null);
        }
        int[] out = new int[2];
        for (int i = 0; i < 2; i++) {
            JsonNode x = n.get(i);
            String xp = p + "[" + i + "]";
            if (!x.isIntegralNumber() || !x.canConvertToInt() || x.intValue() < 1 || x.intValue() > 5) {
                throw new SegmentDefinitionException(xp, "expected an integer score in 1..5, was " + kind(x)
                    + (x.isNumber() && !x.isIntegralNumber() ? " (not written as an integer)" : ""), null);
            }
            out[i] = x.intValue();
        }
        if (out[0] > out[1]) {
            throw new SegmentDefinitionException(p, "expected min <= max, was [" + out[0] + ", " + out[1] + "]", null);
        }
        return out;
    }

    private static Duration duration(JsonNode n, String p) {
        String s = string(n, p);
        Duration d;
        try {
            d = Duration.parse(s);
        } catch (DateTimeParseException e) {
            throw new SegmentDefinitionException(p, "expected an ISO-8601 duration such as \"P30D\" or \"PT1H\", was \""
                    + s + "\"", e);
        }
        if (d.isNegative() || d.isZero() || d.getNano() % 1_000_000 != 0 || d.getSeconds() > 100L * 366 * 86_400) {
            throw new SegmentDefinitionException(p, "must be a positive whole number of milliseconds of at most"
                    + " 100 years, was \"" + s + "\"", null);
        }
        return d;
    }

    private static <E extends Enum<E>> E enumValue(Class<E> type, JsonNode n, String p) {
        String s = string(n, p);
        for (E e : type.getEnumConstants()) {
            if (e.name().toLowerCase(Locale.ROOT).equals(s)) {
                return e;
            }
        }
        List<String> allowed = new ArrayList<>();
        for (E e : type.getEnumConstants()) {
            allowed.add(e.name().toLowerCase(Locale.ROOT));
        }
        throw new SegmentDefinitionException(p, "unknown value \"" + s + "\", expected one of " + allowed, null);
    }

    private static double number(JsonNode n, String p) {
        if (n == null || !n.isNumber()) {
            throw new SegmentDefinitionException(p, "expected a number, was " + kind(n), null);
        }
        double d = n.doubleValue();
        if (!Double.isFinite(d)) {
            throw new SegmentDefinitionException(p, "expected a finite number, was " + n, null);
        }
        return d;
    }

    private static String string(JsonNode n, String p) {
        if (n == null || !n.isTextual()) {
            throw new SegmentDefinitionException(p, "expected a string, was " + kind(n), null);
        }
        return n.textValue();
    }

    private static JsonNode required(JsonNode n, String field, String p) {
        JsonNode v = n.get(field);
        if (v == null || v.isNull()) {
            throw new SegmentDefinitionException(p + "." + field, "missing required field \"" + field + "\"", null);
        }
        return v;
    }

    private static void array(JsonNode n, String p) {
        if (!n.isArray()) {
            throw new SegmentDefinitionException(p, "expected an array, was " + kind(n), null);
        }
    }

    private static void object(JsonNode n, String p, Set<String> allowed) {
        if (n == null || !n.isObject()) {
            throw new SegmentDefinitionException(p, "expected an object, was " + kind(n), null);
        }
        for (Iterator<String> it = n.fieldNames(); it.hasNext(); ) {
            String f = it.next();
            if (!allowed.contains(f)) {
                throw new SegmentDefinitionException(p + "." + f, "unknown field \"" + f + "\" (allowed: "
                        + new java.util.TreeSet<>(allowed) + ")", null);
            }
        }
    }

    private static String kind(JsonNode n) {
        if (n == null || n.isMissingNode()) {
            return "missing";
        }
        String text = n.toString();
        return n.getNodeType().name().toLowerCase(Locale.ROOT) + " " + (text.length() > 60 ? text.substring(0, 60) + "..." : text);
    }

    private static <T> T guard(String p, java.util.function.Supplier<T> s) {
        try {
            return s.get();
        } catch (SegmentDefinitionException e) {
            throw e;
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new SegmentDefinitionException(p, e.getMessage(), e);
        }
    }

    private static void guard(String p, Runnable r) {
        guard(p, () -> {
            r.run();
            return null;
        });
    }

    // ---- writing ----------------------------------------------------------------------------------

    /** The canonical text; see {@link SegmentCatalog#toJson()}. */
    public static String write(SegmentCatalog c) {
        StringWriter out = new StringWriter();
        try (JsonGenerator g = FACTORY.createGenerator(out)) {
            DefaultPrettyPrinter pp = new DefaultPrettyPrinter()
                    .withObjectIndenter(new DefaultIndenter("  ", "\n"))
                    .withArrayIndenter(new DefaultIndenter("  ", "\n"));
            g.setPrettyPrinter(pp);
            g.writeStartObject();
            g.writeArrayFieldStart("eventTypes");
            for (String t : c.eventTypes()) {
                g.writeString(t);
            }
            g.writeEndArray();
            writeRfm(g, c.rfm());
            writeLifecycle(g, c.lifecycle());
            g.writeArrayFieldStart("segments");
            for (Segment s : c.segments()) {
                g.writeStartObject();
                g.writeStringField("id", s.id());
                g.writeStringField("description", s.description());
                g.writeFieldName("condition");
                writeCondition(g, s.condition());
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString() + "\n";
    }

    private static void writeRfm(JsonGenerator g, RfmSettings r) throws IOException {
        g.writeObjectFieldStart("rfm");
        g.writeFieldName("qualifying");
        writeFilter(g, r.qualifying());
        if (r.window() != null) {
            g.writeStringField("window", r.window().toString());
        }
        g.writeStringField("ties", r.ties().name().toLowerCase(Locale.ROOT));
        g.writeArrayFieldStart("cells");
        for (RfmSettings.Cell c : r.cells()) {
            g.writeStartObject();
            g.writeStringField("name", c.name());
            writeRange(g, "recency", c.recencyMin(), c.recencyMax());
            writeRange(g, "frequency", c.frequencyMin(), c.frequencyMax());
            writeRange(g, "monetary", c.monetaryMin(), c.monetaryMax());
            g.writeEndObject();
        }
        g.writeEndArray();
        g.writeEndObject();
    }

    private static void writeLifecycle(JsonGenerator g, LifecycleSettings l) throws IOException {
        g.writeObjectFieldStart("lifecycle");
        g.writeFieldName("qualifying");
        writeFilter(g, l.qualifying());
        g.writeStringField("newFor", l.newFor().toString());
        g.writeStringField("activeFor", l.activeFor().toString());
        g.writeStringField("lapsedAfter", l.lapsedAfter().toString());
        g.writeStringField("reactivatedFor", l.reactivatedFor().toString());
        g.writeEndObject();
    }

    private static void writeRange(JsonGenerator g, String field, int min, int max) throws IOException {
        g.writeArrayFieldStart(field);
        g.writeNumber(min);
        g.writeNumber(max);
        g.writeEndArray();
    }

    private static void writeBounds(JsonGenerator g, double min, double max) throws IOException {
        if (min != Double.NEGATIVE_INFINITY) {
            g.writeNumberField("min", min);
        }
        if (max != Double.POSITIVE_INFINITY) {
            g.writeNumberField("max", max);
        }
    }

    private static void writeFilter(JsonGenerator g, EventFilter f) throws IOException {
        g.writeStartObject();
        if (f.type() != null) {
            g.writeStringField("type", f.type());
        }
        if (f.channel() != null) {
            g.writeStringField("channel", f.channel());
        }
        if (f.device() != null) {
            g.writeStringField("device", f.device());
        }
        if (!f.properties().isEmpty()) {
            g.writeObjectFieldStart("properties");
            for (Map.Entry<String, String> e : f.properties().entrySet()) {
                g.writeStringField(e.getKey(), e.getValue());
            }
            g.writeEndObject();
        }
        g.writeEndObject();
    }

    private static void writeCondition(JsonGenerator g, Condition c) throws IOException {
        g.writeStartObject();
        if (c instanceof Condition.And a) {
            g.writeStringField("op", "and");
            writeOperands(g, a.of());
        } else if (c instanceof Condition.Or o) {
            g.writeStringField("op", "or");
            writeOperands(g, o.of());
        } else if (c instanceof Condition.Not n) {
            g.writeStringField("op", "not");
            g.writeFieldName("of");
            writeCondition(g, n.of());
        } else if (c instanceof Condition.TraitEquals t) {
            g.writeStringField("op", "traitEquals");
            g.writeStringField("trait", t.trait());
            g.writeStringField("value", t.value());
        } else if (c instanceof Condition.TraitIn t) {
            g.writeStringField("op", "traitIn");
            g.writeStringField("trait", t.trait());
            g.writeArrayFieldStart("values");
            for (String v : t.values()) {
                g.writeString(v);
            }
            g.writeEndArray();
        } else if (c instanceof Condition.TraitRange t) {
            g.writeStringField("op", "traitRange");
            g.writeStringField("trait", t.trait());
            writeBounds(g, t.min(), t.max());
        } else if (c instanceof Condition.TraitExists t) {
            g.writeStringField("op", "traitExists");
            g.writeStringField("trait", t.trait());
        } else if (c instanceof Condition.Aggregate a) {
            g.writeStringField("op", "aggregate");
            g.writeStringField("measure", a.measure().name().toLowerCase(Locale.ROOT));
            g.writeFieldName("filter");
            writeFilter(g, a.filter());
            if (a.window() != null) {
                g.writeStringField("window", a.window().toString());
            }
            writeBounds(g, a.min(), a.max());
        } else if (c instanceof Condition.LastEventAgo l) {
            g.writeStringField("op", "lastEventAgo");
            g.writeFieldName("filter");
            writeFilter(g, l.filter());
            g.writeStringField("age", l.age().toString());
        } else if (c instanceof Condition.Sequence s) {
            g.writeStringField("op", "sequence");
            g.writeFieldName("first");
            writeFilter(g, s.first());
            g.writeFieldName("thenNo");
            writeFilter(g, s.thenNo());
            g.writeStringField("within", s.within().toString());
            if (s.lookback() != null) {
                g.writeStringField("lookback", s.lookback().toString());
            }
        } else if (c instanceof Condition.InSegment s) {
            g.writeStringField("op", "inSegment");
            g.writeStringField("segment", s.segment());
        } else if (c instanceof Condition.RfmScores r) {
            g.writeStringField("op", "rfmScores");
            writeRange(g, "recency", r.recencyMin(), r.recencyMax());
            writeRange(g, "frequency", r.frequencyMin(), r.frequencyMax());
            writeRange(g, "monetary", r.monetaryMin(), r.monetaryMax());
        } else if (c instanceof Condition.RfmCell r) {
            g.writeStringField("op", "rfmCell");
            g.writeStringField("cell", r.cell());
        } else if (c instanceof Condition.Lifecycle l) {
            g.writeStringField("op", "lifecycle");
            g.writeStringField("stage", l.stage().name().toLowerCase(Locale.ROOT));
        } else {
            throw new IllegalStateException("unhandled condition " + c);
        }
        g.writeEndObject();
    }

    private static void writeOperands(JsonGenerator g, List<Condition> of) throws IOException {
        g.writeArrayFieldStart("of");
        for (Condition c : of) {
            writeCondition(g, c);
        }
        g.writeEndArray();
    }
}
