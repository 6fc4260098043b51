package io.omnicanal.attribution.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.omnicanal.attribution.Conversion;
import io.omnicanal.attribution.Dimension;
import io.omnicanal.attribution.Spend;
import io.omnicanal.attribution.Touchpoint;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * Parses touchpoints, conversions and spend from CSV (with a header) and JSON lines, with the same
 * field names in both. Every error names the line, the field and the offending text.
 */
public final class Records {
    /** A field given twice in one object is refused (by default the last would silently win). */
    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build();

    public static final Set<String> TOUCH_FIELDS = Set.of("profile", "time", "channel", "campaign", "device", "kind", "cost");
    public static final Set<String> TOUCH_REQUIRED = Set.of("profile", "time", "channel");
    public static final Set<String> CONVERSION_FIELDS = Set.of("profile", "time", "value", "type");
    public static final Set<String> CONVERSION_REQUIRED = Set.of("profile", "time", "value");
    public static final Set<String> SPEND_FIELDS = Set.of("dimension", "key", "from", "to", "amount");

    private Records() {
    }

    /** One record's fields by name; {@code null} for an absent field. */
    public interface Fields {
        String get(String name);

        String where();
    }

    /**
     * A maker of touchpoints for one read: the channel, campaign, device and kind of every record
     * are shared {@link Shared} strings (a pool per field), so that a file of millions of touches over a few channels
     * holds each name once (not once per touch) and path building matches them by identity.
     */
    public static Function<Fields, Touchpoint> touches() {
        // one pool per field, so that campaign ids unique per touch cannot crowd the channels out
        Shared channels = new Shared();
        Shared campaigns = new Shared();
        Shared devices = new Shared();
        Shared kinds = new Shared();
        return f -> wrap(f, () -> new Touchpoint(profile(f), instant(f, "time"), channels.of(text(f, "channel")),
                campaigns.of(optional(f, "campaign")), devices.of(optional(f, "device")), kinds.of(optional(f, "kind")),
                f.get("cost") == null || f.get("cost").isEmpty() ? 0 : number(f, "cost")));
    }

    /** As {@link #touches()}, for conversions: their types are shared strings. */
    public static Function<Fields, Conversion> conversions() {
        Shared types = new Shared();
        return f -> wrap(f, () -> new Conversion(profile(f), instant(f, "time"), number(f, "value"),
                types.of(optional(f, "type"))));
    }

    /**
     * One instance per distinct string, for the low-cardinality fields of one read. Holds at most
     * {@link #MAX} distinct values: past that (a field unique per record, such as campaign ids
     * made per touch) new values are returned as they are, so the map never outgrows a bounded
     * size. Not thread-safe.
     */
    static final class Shared {
        static final int MAX = 1 << 16;
        private final Map<String, String> seen = new HashMap<>();

        String of(String value) {
            String known = seen.get(value);
            if (known != null) {
                return known;
            }
            if (seen.size() < MAX) {
                seen.put(value, value);
            }
            return value;
        }
    }

    public static Spend spend(Fields f) {
        return wrap(f, () -> {
            Dimension d;
            try {
                d = Dimension.parse(text(f, "dimension"));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(f.where() + ", field \"dimension\": " + e.getMessage(), e);
            }
            return new Spend(d, text(f, "key"), instant(f, "from"), instant(f, "to"), number(f, "amount"));
        });
    }

    private static <T> T wrap(Fields f, java.util.function.Supplier<T> make) {
        try {
            return make.get();
        } catch (IllegalArgumentException | NullPointerException e) {
            String m = e.getMessage();
            if (m != null && m.startsWith(f.where())) {
                throw e;
            }
            throw new IllegalArgumentException(f.where() + ": " + m, e);
        }
    }

    private static String text(Fields f, String name) {
        String v = f.get(name);
        if (v == null) {
            throw new IllegalArgumentException(f.where() + ", field \"" + name + "\": missing");
        }
        return v;
    }

    private static String optional(Fields f, String name) {
        String v = f.get(name);
        return v == null ? "" : v;
    }

    private static long profile(Fields f) {
        String v = text(f, "profile").trim();
        try {
            return Long.parseLong(v);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(f.where() + ", field \"profile\": not a 64-bit integer: \"" + v + "\"", e);
        }
    }

    private static double number(Fields f, String name) {
        String v = text(f, name).trim();
        try {
            return Double.parseDouble(v);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(f.where() + ", field \"" + name + "\": not a number: \"" + v + "\"", e);
        }
    }

    private static Instant instant(Fields f, String name) {
        String v = text(f, name).trim();
        try {
            return Instant.parse(v);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException(f.where() + ", field \"" + name
                    + "\": not an ISO-8601 instant such as 2026-01-31T12:00:00Z: \"" + v + "\"", e);
        }
    }

    /** Reads a CSV file with a header into records. */
    public static <T> List<T> csv(BufferedReader in, char separator, Set<String> known, Set<String> required,
                                  Function<Fields, T> make) {
        Csv.Reader r = new Csv.Reader(in, separator);
        List<String> header = r.next();
        if (header == null) {
            throw new IllegalArgumentException("line 1: empty input, expected a header with " + required);
        }
        Map<String, Integer> columns = new HashMap<>();
        for (int i = 0; i < header.size(); i++) {
            String name = header.get(i).trim();
            if (i == 0 && name.startsWith("\uFEFF")) {
                name = name.substring(1);
            }
            if (!known.contains(name)) {
                throw new IllegalArgumentException("line 1: unknown column \"" + name + "\", expected some of "
                        + new java.util.TreeSet<>(known));
            }
            if (columns.put(name, i) != null) {
                throw new IllegalArgumentException("line 1: column \"" + name + "\" appears twice");
            }
        }
        for (String name : required) {
            if (!columns.containsKey(name)) {
                throw new IllegalArgumentException("line 1: missing column \"" + name + "\"");
            }
        }
        List<T> out = new ArrayList<>();
        List<String> row;
        while ((row = r.next()) != null) {
            List<String> values = row;
            int line = r.line();
            if (values.size() != header.size()) {
                throw new IllegalArgumentException("line " + line + ": " + values.size() + " fields, the header has "
                        + header.size());
            }
            out.add(make.apply(new Fields() {
                @Override
                public String get(String name) {
                    Integer i = columns.get(name);
                    return i == null ? null : values.get(i);
                }

                @Override
                public String where() {
                    return "line " + line;
                }
            }));
        }
        return out;
    }

    /** Reads JSON lines (one object a line, blank lines skipped) into records. */
    public static <T> List<T> jsonLines(BufferedReader in, Set<String> known, Function<Fields, T> make) {
        List<T> out = new ArrayList<>();
        try {
            String text;
            int line = 0;
            while ((text = in.readLine()) != null) {
                line++;
                if (line == 1 && text.startsWith("\uFEFF")) {
                    text = text.substring(1); // a byte-order mark, as the CSV header may carry
                }
                if (text.isBlank()) {
                    continue;
                }
                JsonNode node;
                try {
                    node = JSON.readTree(text);
                } catch (JsonProcessingException e) {
                    throw new IllegalArgumentException("line " + line + ": malformed JSON: " + e.getOriginalMessage(), e);
                }
                if (node == null || !node.isObject()) {
                    throw new IllegalArgumentException("line " + line + ": expected a JSON object");
                }
                for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
                    String name = it.next();
                    if (!known.contains(name)) {
                        throw new IllegalArgumentException("line " + line + ": unknown field \"" + name
                                + "\", expected some of " + new java.util.TreeSet<>(known));
                    }
                    JsonNode v = node.get(name);
                    if (!v.isValueNode() || v.isNull()) {
                        throw new IllegalArgumentException("line " + line + ", field \"" + name
                                + "\": expected a string or number, was " + v);
                    }
                }
                int at = line;
                out.add(make.apply(new Fields() {
                    @Override
                    public String get(String name) {
                        JsonNode v = node.get(name);
                        return v == null ? null : v.asText();
                    }

                    @Override
                    public String where() {
                        return "line " + at;
                    }
                }));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }
}
