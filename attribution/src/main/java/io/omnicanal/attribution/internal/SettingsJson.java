package io.omnicanal.attribution.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.omnicanal.attribution.AttributionModel;
import io.omnicanal.attribution.AttributionSettings;
import io.omnicanal.attribution.Dimension;
import io.omnicanal.attribution.MarkovModel;
import io.omnicanal.attribution.PathSettings;
import io.omnicanal.attribution.ShapleyModel;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Consumer;

/**
 * The JSON form of {@link AttributionSettings}, walked as a tree so that every error carries its
 * JSON path, and written field by field in a fixed order.
 */
public final class SettingsJson {
    /** A field given twice in one object is refused (by default the last would silently win). */
    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build();

    private SettingsJson() {
    }

    public static AttributionSettings read(String json) {
        JsonNode root;
        try {
            root = MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("$: malformed JSON at line " + e.getLocation().getLineNr() + ", column "
                    + e.getLocation().getColumnNr() + ": " + e.getOriginalMessage(), e);
        }
        ObjectNode o = object(root, "$");
        known(o, "$", Set.of("paths", "models"));
        PathSettings paths = o.has("paths") ? paths(object(o.get("paths"), "paths"), "paths") : PathSettings.defaults();
        JsonNode ms = o.get("models");
        if (ms == null || !ms.isArray()) {
            throw new IllegalArgumentException("models: expected an array of models, was " + describe(ms));
        }
        List<AttributionModel> models = new ArrayList<>();
        for (int i = 0; i < ms.size(); i++) {
            models.add(model(object(ms.get(i), "models[" + i + "]"), "models[" + i + "]"));
        }
        try {
            return new AttributionSettings(paths, models);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
    }

    private static PathSettings paths(ObjectNode o, String at) {
        known(o, at, Set.of("lookback", "lookbackSteps", "dimensions", "excludedChannels", "conversionTypes",
                "collapseRepeats", "firstOccurrenceOnly", "uniqueChannels", "maxLength", "dropTrailingDirect",
                "directChannel", "includeNonConverting"));
        PathSettings.Builder b = PathSettings.builder();
        apply(o, at, "lookback", n -> b.lookback(duration(n, at + ".lookback")));
        apply(o, at, "lookbackSteps", n -> b.lookbackSteps(integer(n, at + ".lookbackSteps")));
        apply(o, at, "dimensions", n -> {
            List<Dimension> dims = new ArrayList<>();
            List<String> names = strings(n, at + ".dimensions");
            for (int i = 0; i < names.size(); i++) {
                try {
                    dims.add(Dimension.parse(names.get(i)));
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException(at + ".dimensions[" + i + "]: " + e.getMessage(), e);
                }
            }
            b.dimensions(dims);
        });
        apply(o, at, "excludedChannels", n -> b.excludedChannels(strings(n, at + ".excludedChannels")));
        apply(o, at, "conversionTypes", n -> b.conversionTypes(strings(n, at + ".conversionTypes")));
        apply(o, at, "collapseRepeats", n -> b.collapseRepeats(bool(n, at + ".collapseRepeats")));
        apply(o, at, "firstOccurrenceOnly", n -> b.firstOccurrenceOnly(bool(n, at + ".firstOccurrenceOnly")));
        apply(o, at, "uniqueChannels", n -> b.uniqueChannels(bool(n, at + ".uniqueChannels")));
        apply(o, at, "maxLength", n -> b.maxLength(integer(n, at + ".maxLength")));
        apply(o, at, "dropTrailingDirect", n -> b.dropTrailingDirect(bool(n, at + ".dropTrailingDirect")));
        apply(o, at, "directChannel", n -> b.directChannel(string(n, at + ".directChannel")));
        apply(o, at, "includeNonConverting", n -> b.includeNonConverting(bool(n, at + ".includeNonConverting")));
        return b.build();
    }

    private static AttributionModel model(ObjectNode o, String at) {
        String type = o.has("type") ? string(o.get("type"), at + ".type") : null;
        if (type == null) {
            throw new IllegalArgumentException(at + ".type: missing model type");
        }
        switch (type) {
            case "first_touch", "last_touch", "last_non_direct_touch", "linear", "linear_distinct" -> {
                known(o, at, Set.of("type"));
                return switch (type) {
                    case "first_touch" -> AttributionModel.firstTouch();
                    case "last_touch" -> AttributionModel.lastTouch();
                    case "last_non_direct_touch" -> AttributionModel.lastNonDirectTouch();
                    case "linear" -> AttributionModel.linear();
                    default -> AttributionModel.linearDistinct();
                };
            }
            case "position_based" -> {
                known(o, at, Set.of("type", "firstWeight", "lastWeight"));
                double first = o.has("firstWeight") ? number(o.get("firstWeight"), at + ".firstWeight") : 0.4;
                double last = o.has("lastWeight") ? number(o.get("lastWeight"), at + ".lastWeight") : 0.4;
                try {
                    return AttributionModel.positionBased(first, last);
                } catch (IllegalArgumentException e) {
                    // a weight out of range is that field's fault; a bad sum is the model's
                    String m = String.valueOf(e.getMessage());
                    String field = m.startsWith("firstWeight must") ? ".firstWeight"
                            : m.startsWith("lastWeight must") ? ".lastWeight" : "";
                    throw new IllegalArgumentException(at + field + ": " + m, e);
                }
            }
            case "time_decay" -> {
                known(o, at, Set.of("type", "halfLife"));
                Duration h = o.has("halfLife") ? duration(o.get("halfLife"), at + ".halfLife") : Duration.ofDays(7);
                return at(at + ".halfLife", () -> AttributionModel.timeDecay(h));
            }
            case "markov" -> {
                known(o, at, Set.of("type", "order"));
                int order = o.has("order") ? integer(o.get("order"), at + ".order") : 1;
                return at(at + ".order", () -> MarkovModel.ofOrder(order));
            }
            case "shapley" -> {
                known(o, at, Set.of("type", "game", "ordered", "maxExactValues", "permutations", "seed"));
                ShapleyModel.Builder b = ShapleyModel.builder();
                apply(o, at, "game", n -> {
                    String g = string(n, at + ".game");
                    try {
                        b.game(ShapleyModel.Game.valueOf(g.toUpperCase(Locale.ROOT)));
                    } catch (IllegalArgumentException e) {
                        throw new IllegalArgumentException(at + ".game: unknown game \"" + g
                                + "\" (expected conversions or conversion_rate)", e);
                    }
                });
                apply(o, at, "ordered", n -> b.ordered(bool(n, at + ".ordered")));
                apply(o, at, "maxExactValues", n -> b.maxExactValues(integer(n, at + ".maxExactValues")));
                apply(o, at, "permutations", n -> b.permutations(integer(n, at + ".permutations")));
                apply(o, at, "seed", n -> {
                    if (!n.isIntegralNumber() || !n.canConvertToLong()) {
                        throw new IllegalArgumentException(at + ".seed: expected a 64-bit integer, was " + describe(n));
                    }
                    b.seed(n.longValue());
                });
                return at(at, b::build);
            }
            default -> throw new IllegalArgumentException(at + ".type: unknown model type \"" + type + "\"");
        }
    }

    public static String write(AttributionSettings s) {
        ObjectNode root = MAPPER.createObjectNode();
        PathSettings p = s.paths();
        ObjectNode paths = root.putObject("paths");
        paths.put("lookback", p.lookback().toString());
        paths.put("lookbackSteps", p.lookbackSteps());
        ArrayNode dims = paths.putArray("dimensions");
        p.dimensions().forEach(d -> dims.add(d.label()));
        ArrayNode excluded = paths.putArray("excludedChannels");
        p.excludedChannels().forEach(excluded::add);
        ArrayNode types = paths.putArray("conversionTypes");
        p.conversionTypes().forEach(types::add);
        paths.put("collapseRepeats", p.collapseRepeats());
        paths.put("firstOccurrenceOnly", p.firstOccurrenceOnly());
        paths.put("uniqueChannels", p.uniqueChannels());
        paths.put("maxLength", p.maxLength());
        paths.put("dropTrailingDirect", p.dropTrailingDirect());
        paths.put("directChannel", p.directChannel());
        paths.put("includeNonConverting", p.includeNonConverting());
        ArrayNode models = root.putArray("models");
        for (int i = 0; i < s.models().size(); i++) {
            AttributionModel m = s.models().get(i);
            ObjectNode o = models.addObject();
            if (m instanceof HeuristicModel h) {
                o.put("type", h.rule().label);
                if (h.rule() == HeuristicModel.Rule.POSITION_BASED) {
                    o.put("firstWeight", h.first());
                    o.put("lastWeight", h.last());
                } else if (h.rule() == HeuristicModel.Rule.TIME_DECAY) {
                    o.put("halfLife", Duration.ofMillis(h.halfLifeMillis()).toString());
                }
            } else if (m instanceof MarkovModel mm) {
                o.put("type", "markov");
                o.put("order", mm.order());
            } else if (m instanceof ShapleyModel sm) {
                o.put("type", "shapley");
                o.put("game", sm.game().name().toLowerCase(Locale.ROOT));
                o.put("ordered", sm.ordered());
                o.put("maxExactValues", sm.maxExactValues());
                o.put("permutations", sm.permutations());
                o.put("seed", sm.seed());
            } else {
                throw new IllegalArgumentException("models[" + i + "]: model \"" + m.name() + "\" ("
                        + m.getClass().getName() + ") is not built in and has no JSON form");
            }
        }
        try {
            return MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(root);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static <T> T at(String at, java.util.function.Supplier<T> make) {
        try {
            return make.get();
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(at + ": " + e.getMessage(), e);
        }
    }

    private static void apply(ObjectNode o, String at, String field, Consumer<JsonNode> set) {
        JsonNode n = o.get(field);
        if (n == null) {
            return;
        }
        try {
            set.accept(n);
        } catch (IllegalArgumentException e) {
            String m = e.getMessage();
            throw m != null && m.startsWith(at + ".") ? e : new IllegalArgumentException(at + "." + field + ": " + m, e);
        }
    }

    private static void known(ObjectNode o, String at, Set<String> fields) {
        for (Iterator<String> it = o.fieldNames(); it.hasNext(); ) {
            String f = it.next();
            if (!fields.contains(f)) {
                throw new IllegalArgumentException(at + "." + f + ": unknown field, expected one of "
                        + new java.util.TreeSet<>(fields));
            }
        }
    }

    private static ObjectNode object(JsonNode n, String at) {
        if (n == null || !n.isObject()) {
            throw new IllegalArgumentException(at + ": expected an object, was " + describe(n));
        }
        return (ObjectNode) n;
    }

    private static String string(JsonNode n, String at) {
        if (!n.isTextual()) {
            throw new IllegalArgumentException(at + ": expected a string, was " + describe(n));
        }
        return n.textValue();
    }

    private static boolean bool(JsonNode n, String at) {
        if (!n.isBoolean()) {
            throw new IllegalArgumentException(at + ": expected true or false, was " + describe(n));
        }
        return n.booleanValue();
    }

    private static int integer(JsonNode n, String at) {
        if (!n.isIntegralNumber() || !n.canConvertToInt()) {
            throw new IllegalArgumentException(at + ": expected an integer, was " + describe(n));
        }
        return n.intValue();
    }

    private static double number(JsonNode n, String at) {
        if (!n.isNumber()) {
            throw new IllegalArgumentException(at + ": expected a number, was " + describe(n));
        }
        return n.doubleValue();
    }

    private static Duration duration(JsonNode n, String at) {
        String s = string(n, at);
        try {
            return Duration.parse(s);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException(at + ": expected an ISO-8601 duration such as P30D, was \"" + s + "\"", e);
        }
    }

    private static List<String> strings(JsonNode n, String at) {
        if (!n.isArray()) {
            throw new IllegalArgumentException(at + ": expected an array of strings, was " + describe(n));
        }
        List<String> out = new ArrayList<>();
        for (int i = 0; i < n.size(); i++) {
            out.add(string(n.get(i), at + "[" + i + "]"));
        }
        return out;
    }

    private static String describe(JsonNode n) {
        return n == null ? "missing" : n.isMissingNode() ? "empty input" : n.toString();
    }
}
