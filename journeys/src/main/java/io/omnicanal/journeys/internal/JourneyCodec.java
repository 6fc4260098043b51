package io.omnicanal.journeys.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.omnicanal.journeys.Channel;
import io.omnicanal.journeys.Condition;
import io.omnicanal.journeys.Delivery;
import io.omnicanal.journeys.Journey;
import io.omnicanal.journeys.JourneyDefinitionException;
import io.omnicanal.journeys.Migration;
import io.omnicanal.journeys.ReEntry;
import io.omnicanal.journeys.Step;
import io.omnicanal.journeys.Trigger;

import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeMap;

/**
 * The JSON form of {@link Journey}: a strict tree reader (unknown fields and wrong types rejected with
 * the JSON path) and a canonical writer (fixed field order, optional nulls omitted). Thread-safe.
 */
public final class JourneyCodec {
    private static final JsonNodeFactory F = JsonNodeFactory.instance;

    private JourneyCodec() {}

    /** Parses a journey; see {@link Journey#fromJson(String)}. */
    public static Journey parse(String json) {
        JsonNode root = JsonReader.readTree(json);
        return journey(root, "");
    }

    /** Writes the canonical form; see {@link Journey#toJson()}. */
    public static String write(Journey j) {
        return JsonReader.write(journeyNode(j));
    }

    // ---------------------------------------------------------------- reading

    static Journey journey(JsonNode n, String path) {
        JsonReader r = new JsonReader(n, path, Set.of("id", "version", "entry", "reEntry", "goals", "exits", "steps", "migration"));
        String id = r.string("id");
        int version = r.integer("version", 1);
        Trigger entry = trigger(r.required("entry"), r.at("entry"));
        ReEntry reEntry = r.has("reEntry") ? reEntry(r.node.get("reEntry"), r.at("reEntry")) : ReEntry.never();
        List<Trigger.OnEvent> goals = r.list("goals", true, (e, p) -> eventTrigger(e, p));
        List<Trigger> exits = r.list("exits", true, JourneyCodec::trigger);
        List<Step> steps = r.list("steps", false, JourneyCodec::step);
        Migration migration = r.has("migration") ? migration(r.node.get("migration"), r.at("migration")) : Migration.finish();
        return r.build(() -> new Journey(id, version, entry, reEntry, goals, exits, steps, migration));
    }

    static Trigger trigger(JsonNode n, String path) {
        if (n != null && n.isObject()) {
            if (n.has("segment")) {
                JsonReader r = new JsonReader(n, path, Set.of("segment", "entered"));
                String segment = r.string("segment");
                boolean entered = r.bool("entered", true);
                return r.build(() -> new Trigger.OnSegment(segment, entered));
            }
            if (n.has("date")) {
                JsonReader r = new JsonReader(n, path, Set.of("date", "at"));
                String attribute = r.string("date");
                java.time.LocalTime at = r.time("at");
                return r.build(() -> new Trigger.OnDate(attribute, at));
            }
        }
        return eventTrigger(n, path);
    }

    static Trigger.OnEvent eventTrigger(JsonNode n, String path) {
        JsonReader r = new JsonReader(n, path, Set.of("event", "where"));
        String type = r.string("event");
        Condition where = r.has("where") ? condition(r.node.get("where"), r.at("where")) : null;
        return r.build(() -> new Trigger.OnEvent(type, where));
    }

    static Condition condition(JsonNode n, String path) {
        String type = new JsonReader(n, path, Set.of("type", "source", "key", "value", "values", "min", "max", "segment", "of"))
                .string("type");
        switch (type) {
            case "equals": {
                JsonReader r = new JsonReader(n, path, Set.of("type", "source", "key", "value"));
                Condition.Source source = r.enumValue("source", Condition.Source.class, null);
                String key = r.string("key");
                String value = r.string("value");
                return r.build(() -> new Condition.Equals(source, key, value));
            }
            case "in": {
                JsonReader r = new JsonReader(n, path, Set.of("type", "source", "key", "values"));
                Condition.Source source = r.enumValue("source", Condition.Source.class, null);
                String key = r.string("key");
                List<String> values = r.list("values", false, JourneyCodec::text);
                return r.build(() -> new Condition.In(source, key, values));
            }
            case "range": {
                JsonReader r = new JsonReader(n, path, Set.of("type", "source", "key", "min", "max"));
                Condition.Source source = r.enumValue("source", Condition.Source.class, null);
                String key = r.string("key");
                double min = r.number("min", Double.NEGATIVE_INFINITY);
                double max = r.number("max", Double.POSITIVE_INFINITY);
                return r.build(() -> new Condition.Range(source, key, min, max));
            }
            case "segment": {
                JsonReader r = new JsonReader(n, path, Set.of("type", "segment"));
                String segment = r.string("segment");
                return r.build(() -> new Condition.InSegment(segment));
            }
            case "all":
            case "any": {
                JsonReader r = new JsonReader(n, path, Set.of("type", "of"));
                List<Condition> of = r.list("of", false, JourneyCodec::condition);
                return r.build(() -> type.equals("all") ? new Condition.All(of) : new Condition.Any(of));
            }
            case "not": {
                JsonReader r = new JsonReader(n, path, Set.of("type", "of"));
                Condition of = condition(r.required("of"), r.at("of"));
                return r.build(() -> new Condition.Not(of));
            }
            default:
                throw JsonReader.fail(JsonReader.child(path, "type"),
                        "unknown condition type \"" + type + "\" (expected one of [all, any, equals, in, not, range, segment])");
        }
    }

    static String text(JsonNode n, String path) {
        if (n == null || !n.isTextual()) {
            throw JsonReader.fail(path, "must be a string, was " + JsonReader.describe(n));
        }
        return n.textValue();
    }

    static ReEntry reEntry(JsonNode n, String path) {
        JsonReader r = new JsonReader(n, path, Set.of("mode", "coolDown", "maxEntries"));
        ReEntry.Mode mode = r.enumValue("mode", ReEntry.Mode.class, null);
        java.time.Duration coolDown = r.has("coolDown") ? r.duration("coolDown") : java.time.Duration.ZERO;
        int max = r.integer("maxEntries", 0);
        return r.build(() -> new ReEntry(mode, coolDown, max));
    }

    static Migration migration(JsonNode n, String path) {
        JsonReader r = new JsonReader(n, path, Set.of("mode", "steps"));
        Migration.Mode mode = r.enumValue("mode", Migration.Mode.class, null);
        TreeMap<String, String> steps = new TreeMap<>();
        if (r.has("steps")) {
            JsonNode s = r.node.get("steps");
            if (!s.isObject()) {
                throw JsonReader.fail(r.at("steps"), "must be an object of old step id to new step id, was " + JsonReader.describe(s));
            }
            s.fields().forEachRemaining(e -> steps.put(e.getKey(), text(e.getValue(), r.at("steps") + "." + e.getKey())));
        }
        return r.build(() -> new Migration(mode, steps));
    }

    static Delivery delivery(JsonNode n, String path) {
        JsonReader r = new JsonReader(n, path, Set.of("channels", "priority", "purpose", "transactional", "onCap", "onQuietHours", "onConflict"));
        List<Channel> channels = r.list("channels", true, (c, p) -> {
            try {
                return Channel.parse(text(c, p));
            } catch (JourneyDefinitionException e) {
                throw e;
            } catch (IllegalArgumentException e) {
                throw JsonReader.fail(p, e.getMessage());
            }
        });
        int priority = r.integer("priority", 0);
        boolean transactional = r.bool("transactional", false);
        String purpose = r.has("purpose") ? r.string("purpose") : (transactional ? "transactional" : "marketing");
        Delivery.OnCap onCap = r.enumValue("onCap", Delivery.OnCap.class, Delivery.OnCap.SKIP);
        Delivery.OnQuietHours onQuiet = r.enumValue("onQuietHours", Delivery.OnQuietHours.class, Delivery.OnQuietHours.QUEUE);
        Delivery.OnConflict onConflict = r.enumValue("onConflict", Delivery.OnConflict.class, Delivery.OnConflict.WAIT);
        return r.build(() -> new Delivery(channels, priority, purpose, transactional, onCap, onQuiet, onConflict));
    }

    static Step step(JsonNode n, String path) {
        String type = new JsonReader(n, path, Set.of("type", "id", "message", "offer", "delivery", "next", "duration", "untilTimeOfDay",
                "awaited", "timeout", "restartOn", "onEvent", "onTimeout", "condition", "ifTrue", "ifFalse", "branches",
                "holdoutWeight", "holdoutNext", "offers", "ifNone", "trait", "value")).string("type");
        switch (type) {
            case "send": {
                JsonReader r = new JsonReader(n, path, Set.of("type", "id", "message", "offer", "delivery", "next"));
                String id = r.string("id");
                String message = r.string("message");
                String offer = r.optString("offer");
                Delivery d = delivery(r.required("delivery"), r.at("delivery"));
                String next = r.optString("next");
                return r.build(() -> new Step.Send(id, message, offer, d, next));
            }
            case "wait": {
                JsonReader r = new JsonReader(n, path, Set.of("type", "id", "duration", "untilTimeOfDay", "next"));
                String id = r.string("id");
                java.time.Duration d = r.has("duration") ? r.duration("duration") : null;
                java.time.LocalTime t = r.has("untilTimeOfDay") ? r.time("untilTimeOfDay") : null;
                String next = r.optString("next");
                return r.build(() -> new Step.Wait(id, d, t, next));
            }
            case "wait_for_event": {
                JsonReader r = new JsonReader(n, path, Set.of("type", "id", "awaited", "timeout", "restartOn", "onEvent", "onTimeout"));
                String id = r.string("id");
                Trigger.OnEvent awaited = eventTrigger(r.required("awaited"), r.at("awaited"));
                java.time.Duration timeout = r.duration("timeout");
                Trigger.OnEvent restart = r.has("restartOn") ? eventTrigger(r.node.get("restartOn"), r.at("restartOn")) : null;
                String onEvent = r.optString("onEvent");
                String onTimeout = r.optString("onTimeout");
                return r.build(() -> new Step.WaitForEvent(id, awaited, timeout, restart, onEvent, onTimeout));
            }
            case "decision": {
                JsonReader r = new JsonReader(n, path, Set.of("type", "id", "condition", "ifTrue", "ifFalse"));
                String id = r.string("id");
                Condition c = condition(r.required("condition"), r.at("condition"));
                String ifTrue = r.optString("ifTrue");
                String ifFalse = r.optString("ifFalse");
                return r.build(() -> new Step.DecisionSplit(id, c, ifTrue, ifFalse));
            }
            case "random_split": {
                JsonReader r = new JsonReader(n, path, Set.of("type", "id", "branches", "holdoutWeight", "holdoutNext"));
                String id = r.string("id");
                List<Step.Branch> branches = r.list("branches", false, (b, p) -> {
                    JsonReader br = new JsonReader(b, p, Set.of("weight", "next"));
                    int w = br.integer("weight", -1);
                    String next = br.optString("next");
                    return br.build(() -> new Step.Branch(w, next));
                });
                int holdout = r.integer("holdoutWeight", 0);
                String holdoutNext = r.optString("holdoutNext");
                return r.build(() -> new Step.RandomSplit(id, branches, holdout, holdoutNext));
            }
            case "next_best_action": {
                JsonReader r = new JsonReader(n, path, Set.of("type", "id", "offers", "delivery", "next", "ifNone"));
                String id = r.string("id");
                List<String> offers = r.list("offers", true, JourneyCodec::text);
                Delivery d = delivery(r.required("delivery"), r.at("delivery"));
                String next = r.optString("next");
                String ifNone = r.optString("ifNone");
                return r.build(() -> new Step.NextBestAction(id, offers, d, next, ifNone));
            }
            case "update_trait": {
                JsonReader r = new JsonReader(n, path, Set.of("type", "id", "trait", "value", "next"));
                String id = r.string("id");
                String trait = r.string("trait");
                String value = r.string("value");
                String next = r.optString("next");
                return r.build(() -> new Step.UpdateTrait(id, trait, value, next));
            }
            case "exit": {
                JsonReader r = new JsonReader(n, path, Set.of("type", "id"));
                String id = r.string("id");
                return r.build(() -> new Step.Exit(id));
            }
            default:
                throw JsonReader.fail(JsonReader.child(path, "type"), "unknown step type \"" + type
                        + "\" (expected one of [decision, exit, next_best_action, random_split, send, update_trait, wait, wait_for_event])");
        }
    }

    // ---------------------------------------------------------------- writing

    static ObjectNode journeyNode(Journey j) {
        ObjectNode o = F.objectNode();
        o.put("id", j.id());
        o.put("version", j.version());
        o.set("entry", triggerNode(j.entry()));
        ObjectNode re = o.putObject("reEntry");
        re.put("mode", lower(j.reEntry().mode()));
        re.put("coolDown", j.reEntry().coolDown().toString());
        re.put("maxEntries", j.reEntry().maxEntries());
        ArrayNode goals = o.putArray("goals");
        j.goals().forEach(g -> goals.add(triggerNode(g)));
        ArrayNode exits = o.putArray("exits");
        j.exits().forEach(e -> exits.add(triggerNode(e)));
        ArrayNode steps = o.putArray("steps");
        j.steps().forEach(s -> steps.add(stepNode(s)));
        ObjectNode m = o.putObject("migration");
        m.put("mode", lower(j.migration().mode()));
        ObjectNode ms = m.putObject("steps");
        j.migration().steps().forEach(ms::put);
        return o;
    }

    static String lower(Enum<?> e) {
        return e.name().toLowerCase(Locale.ROOT);
    }

    static ObjectNode triggerNode(Trigger t) {
        ObjectNode o = F.objectNode();
        if (t instanceof Trigger.OnEvent e) {
            o.put("event", e.type());
            if (e.where() != null) {
                o.set("where", conditionNode(e.where()));
            }
        } else if (t instanceof Trigger.OnSegment s) {
            o.put("segment", s.segment());
            o.put("entered", s.entered());
        } else if (t instanceof Trigger.OnDate d) {
            o.put("date", d.attribute());
            o.put("at", d.at().toString());
        }
        return o;
    }

    static ObjectNode conditionNode(Condition c) {
        ObjectNode o = F.objectNode();
        if (c instanceof Condition.Equals e) {
            o.put("type", "equals").put("source", lower(e.source())).put("key", e.key()).put("value", e.value());
        } else if (c instanceof Condition.In in) {
            o.put("type", "in").put("source", lower(in.source())).put("key", in.key());
            ArrayNode a = o.putArray("values");
            in.values().forEach(a::add);
        } else if (c instanceof Condition.Range r) {
            o.put("type", "range").put("source", lower(r.source())).put("key", r.key());
            if (r.min() != Double.NEGATIVE_INFINITY) {
                o.put("min", r.min());
            }
            if (r.max() != Double.POSITIVE_INFINITY) {
                o.put("max", r.max());
            }
        } else if (c instanceof Condition.InSegment s) {
            o.put("type", "segment").put("segment", s.segment());
        } else if (c instanceof Condition.All a) {
            o.put("type", "all");
            ArrayNode arr = o.putArray("of");
            a.of().forEach(x -> arr.add(conditionNode(x)));
        } else if (c instanceof Condition.Any a) {
            o.put("type", "any");
            ArrayNode arr = o.putArray("of");
            a.of().forEach(x -> arr.add(conditionNode(x)));
        } else if (c instanceof Condition.Not n) {
            o.put("type", "not");
            o.set("of", conditionNode(n.of()));
        }
        return o;
    }

    static ObjectNode deliveryNode(Delivery d) {
        ObjectNode o = F.objectNode();
        ArrayNode ch = o.putArray("channels");
        d.channels().forEach(c -> ch.add(c.jsonName()));
        o.put("priority", d.priority());
        o.put("purpose", d.purpose());
        o.put("transactional", d.transactional());
        o.put("onCap", lower(d.onCap()));
        o.put("onQuietHours", lower(d.onQuietHours()));
        o.put("onConflict", lower(d.onConflict()));
        return o;
    }

    static ObjectNode stepNode(Step s) {
        ObjectNode o = F.objectNode();
        if (s instanceof Step.Send x) {
            o.put("type", "send").put("id", x.id()).put("message", x.message());
            putOpt(o, "offer", x.offer());
            o.set("delivery", deliveryNode(x.delivery()));
            putOpt(o, "next", x.next());
        } else if (s instanceof Step.Wait x) {
            o.put("type", "wait").put("id", x.id());
            putOpt(o, "duration", x.duration() == null ? null : x.duration().toString());
            putOpt(o, "untilTimeOfDay", x.untilTimeOfDay() == null ? null : x.untilTimeOfDay().toString());
            putOpt(o, "next", x.next());
        } else if (s instanceof Step.WaitForEvent x) {
            o.put("type", "wait_for_event").put("id", x.id());
            o.set("awaited", triggerNode(x.awaited()));
            o.put("timeout", x.timeout().toString());
            if (x.restartOn() != null) {
                o.set("restartOn", triggerNode(x.restartOn()));
            }
            putOpt(o, "onEvent", x.onEvent());
            putOpt(o, "onTimeout", x.onTimeout());
        } else if (s instanceof Step.DecisionSplit x) {
            o.put("type", "decision").put("id", x.id());
            o.set("condition", conditionNode(x.condition()));
            putOpt(o, "ifTrue", x.ifTrue());
            putOpt(o, "ifFalse", x.ifFalse());
        } else if (s instanceof Step.RandomSplit x) {
            o.put("type", "random_split").put("id", x.id());
            ArrayNode b = o.putArray("branches");
            for (Step.Branch br : x.branches()) {
                ObjectNode bn = b.addObject().put("weight", br.weight());
                putOpt(bn, "next", br.next());
            }
            o.put("holdoutWeight", x.holdoutWeight());
            putOpt(o, "holdoutNext", x.holdoutNext());
        } else if (s instanceof Step.NextBestAction x) {
            o.put("type", "next_best_action").put("id", x.id());
            ArrayNode offers = o.putArray("offers");
            x.offers().forEach(offers::add);
            o.set("delivery", deliveryNode(x.delivery()));
            putOpt(o, "next", x.next());
            putOpt(o, "ifNone", x.ifNone());
        } else if (s instanceof Step.UpdateTrait x) {
            o.put("type", "update_trait").put("id", x.id()).put("trait", x.trait()).put("value", x.value());
            putOpt(o, "next", x.next());
        } else if (s instanceof Step.Exit x) {
            o.put("type", "exit").put("id", x.id());
        }
        return o;
    }

    private static void putOpt(ObjectNode o, String field, String value) {
        if (value != null) {
            o.put(field, value);
        }
    }

}
