package io.omnicanal.journeys.internal;

import com.fasterxml.jackson.databind.JsonNode;
import io.omnicanal.journeys.JourneyDefinitionException;

import java.time.Duration;
import java.time.LocalTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.BiFunction;

/**
 * A JSON object being read, with its path: typed field access that fails with
 * {@link JourneyDefinitionException} naming the JSON path of the fault. Not thread-safe.
 */
final class JsonReader {
    final JsonNode node;
    final String path;

    JsonReader(JsonNode node, String path, Set<String> allowed) {
        if (node == null || !node.isObject()) {
            throw fail(path, "must be an object, was " + describe(node));
        }
        Iterator<String> names = node.fieldNames();
        while (names.hasNext()) {
            String n = names.next();
            if (!allowed.contains(n)) {
                throw fail(child(path, n), "unknown field (expected one of " + new java.util.TreeSet<>(allowed) + ")");
            }
        }
        this.node = node;
        this.path = path;
    }

    private static final com.fasterxml.jackson.databind.ObjectMapper MAPPER = com.fasterxml.jackson.databind.json.JsonMapper.builder()
            .enable(com.fasterxml.jackson.core.StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(com.fasterxml.jackson.databind.DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    /** Parses a document strictly (duplicate keys and trailing tokens rejected); faults get path "". */
    static JsonNode readTree(String json) {
        if (json == null) {
            throw new JourneyDefinitionException("", "json must not be null");
        }
        try {
            return MAPPER.readTree(json);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new JourneyDefinitionException("", "malformed JSON: " + e.getOriginalMessage()
                    + " at line " + e.getLocation().getLineNr() + " column " + e.getLocation().getColumnNr());
        }
    }

    /** Writes a tree in the canonical pretty form. */
    static String write(JsonNode node) {
        try {
            return MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(node);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("cannot happen for a tree of plain nodes", e);
        }
    }

    static JourneyDefinitionException fail(String path, String problem) {
        return new JourneyDefinitionException(path, problem);
    }

    static String child(String path, String field) {
        return path.isEmpty() ? field : path + "." + field;
    }

    static String describe(JsonNode n) {
        if (n == null || n.isMissingNode()) {
            return "missing";
        }
        return n.getNodeType().name().toLowerCase(Locale.ROOT) + " " + n;
    }

    boolean has(String field) {
        JsonNode v = node.get(field);
        return v != null && !v.isNull();
    }

    String at(String field) {
        return child(path, field);
    }

    JsonNode required(String field) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) {
            throw fail(at(field), "is required");
        }
        return v;
    }

    String string(String field) {
        JsonNode v = required(field);
        if (!v.isTextual()) {
            throw fail(at(field), "must be a string, was " + describe(v));
        }
        return v.textValue();
    }

    String optString(String field) {
        return has(field) ? string(field) : null;
    }

    int integer(String field, int dflt) {
        if (!has(field)) {
            return dflt;
        }
        JsonNode v = node.get(field);
        if (!v.isIntegralNumber() || !v.canConvertToInt()) {
            throw fail(at(field), "must be an integer, was " + describe(v));
        }
        return v.intValue();
    }

    double number(String field, double dflt) {
        if (!has(field)) {
            return dflt;
        }
        JsonNode v = node.get(field);
        if (!v.isNumber()) {
            throw fail(at(field), "must be a number, was " + describe(v));
        }
        return v.doubleValue();
    }

    boolean bool(String field, boolean dflt) {
        if (!has(field)) {
            return dflt;
        }
        JsonNode v = node.get(field);
        if (!v.isBoolean()) {
            throw fail(at(field), "must be true or false, was " + describe(v));
        }
        return v.booleanValue();
    }

    Duration duration(String field) {
        String s = string(field);
        try {
            return Duration.parse(s);
        } catch (DateTimeParseException e) {
            throw fail(at(field), "must be an ISO-8601 duration such as \"PT1H\", was \"" + s + "\"");
        }
    }

    LocalTime time(String field) {
        String s = string(field);
        try {
            return LocalTime.parse(s);
        } catch (DateTimeParseException e) {
            throw fail(at(field), "must be a time of day such as \"09:30\", was \"" + s + "\"");
        }
    }

    <E extends Enum<E>> E enumValue(String field, Class<E> type, E dflt) {
        if (!has(field)) {
            if (dflt == null) {
                throw fail(at(field), "is required");
            }
            return dflt;
        }
        String s = string(field);
        for (E e : type.getEnumConstants()) {
            if (e.name().toLowerCase(Locale.ROOT).equals(s)) {
                return e;
            }
        }
        List<String> names = new ArrayList<>();
        for (E e : type.getEnumConstants()) {
            names.add(e.name().toLowerCase(Locale.ROOT));
        }
        throw fail(at(field), "unknown value \"" + s + "\" (expected one of " + names + ")");
    }

    /** Reads an array field element by element; absent means empty when {@code optional}. */
    <T> List<T> list(String field, boolean optional, BiFunction<JsonNode, String, T> element) {
        if (!has(field)) {
            if (optional) {
                return List.of();
            }
            throw fail(at(field), "is required");
        }
        JsonNode v = node.get(field);
        if (!v.isArray()) {
            throw fail(at(field), "must be an array, was " + describe(v));
        }
        List<T> out = new ArrayList<>(v.size());
        for (int i = 0; i < v.size(); i++) {
            out.add(element.apply(v.get(i), at(field) + "[" + i + "]"));
        }
        return out;
    }

    /** Runs a value constructor, turning its IllegalArgumentException into one with this object's path. */
    <T> T build(java.util.function.Supplier<T> constructor) {
        try {
            return constructor.get();
        } catch (JourneyDefinitionException e) {
            throw e;
        } catch (IllegalArgumentException e) {
            throw fail(path, e.getMessage());
        }
    }
}
