package io.omnicanal.journeys.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.omnicanal.journeys.Channel;
import io.omnicanal.journeys.Condition;
import io.omnicanal.journeys.FrequencyCap;
import io.omnicanal.journeys.JourneyDefinitionException;
import io.omnicanal.journeys.JourneyEngine;
import io.omnicanal.journeys.Offer;
import io.omnicanal.journeys.RetryPolicy;

import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The JSON form of the engine's settings (caps, quiet hours, zones, rate limits, windows, redundancy and
 * engagement events, channel costs and fallback order, the offer catalogue, retry policy, start time).
 * Senders, listener and scorer are code and have no JSON form. Thread-safe.
 */
public final class SettingsCodec {
    private static final JsonNodeFactory F = JsonNodeFactory.instance;
    private static final Set<String> FIELDS = Set.of("caps", "quietHours", "brandZone", "rateLimits", "arbitrationWindow",
            "convertedWindow", "duplicateWindow", "conversionEvents", "itemProperty", "engagementEvents", "channelProperty",
            "channelCosts", "fallbackOrder", "offers", "retry", "start");

    private SettingsCodec() {}

    /**
     * Applies every setting present in the document to {@code b} (caps, rate limits and offers are added); a
     * fault throws {@link JourneyDefinitionException} with the JSON path, possibly after earlier settings were
     * applied: {@code JourneyEngine.Builder.configure} first runs it on a copy of the builder, so that the
     * caller's builder is only changed by a document that applies to it whole.
     */
    public static void apply(JourneyEngine.Builder b, String json) {
        JsonNode root = JsonReader.readTree(json);
        configure(b, new JsonReader(root, "", FIELDS));
    }

    private static void configure(JourneyEngine.Builder b, JsonReader r) {
        List<FrequencyCap> caps = r.list("caps", true, (n, p) -> {
            JsonReader c = new JsonReader(n, p, Set.of("channel", "max", "window"));
            Channel ch = c.has("channel") ? channel(c.string("channel"), c.at("channel")) : null;
            int max = c.integer("max", -1);
            Duration window = c.duration("window");
            return c.build(() -> new FrequencyCap(ch, max, window));
        });
        for (int i = 0; i < caps.size(); i++) {
            FrequencyCap cap = caps.get(i);
            at(r, "caps[" + i + "]", () -> b.cap(cap));
        }
        if (r.has("quietHours")) {
            JsonReader q = new JsonReader(r.node.get("quietHours"), r.at("quietHours"), Set.of("start", "end"));
            LocalTime start = q.time("start");
            LocalTime end = q.time("end");
            q.build(() -> b.quietHours(start, end));
        }
        if (r.has("brandZone")) {
            String zone = r.string("brandZone");
            try {
                b.brandZone(ZoneId.of(zone));
            } catch (DateTimeException e) {
                throw JsonReader.fail(r.at("brandZone"), "unknown time zone \"" + zone + "\"");
            }
        }
        r.list("rateLimits", true, (n, p) -> {
            JsonReader c = new JsonReader(n, p, Set.of("channel", "permits", "per"));
            Channel ch = channel(c.string("channel"), c.at("channel"));
            int permits = c.integer("permits", -1);
            Duration per = c.duration("per");
            return c.build(() -> b.rateLimit(ch, permits, per));
        });
        if (r.has("arbitrationWindow")) {
            Duration d = r.duration("arbitrationWindow");
            at(r, "arbitrationWindow", () -> b.arbitrationWindow(d));
        }
        if (r.has("convertedWindow")) {
            Duration d = r.duration("convertedWindow");
            at(r, "convertedWindow", () -> b.convertedWindow(d));
        }
        if (r.has("duplicateWindow")) {
            Duration d = r.duration("duplicateWindow");
            at(r, "duplicateWindow", () -> b.duplicateWindow(d));
        }
        if (r.has("conversionEvents")) {
            String[] types = r.list("conversionEvents", false, JourneyCodec::text).toArray(new String[0]);
            at(r, "conversionEvents", () -> b.conversionEvents(types));
        }
        if (r.has("itemProperty")) {
            String v = r.string("itemProperty");
            at(r, "itemProperty", () -> b.itemProperty(v));
        }
        if (r.has("engagementEvents")) {
            String[] types = r.list("engagementEvents", false, JourneyCodec::text).toArray(new String[0]);
            at(r, "engagementEvents", () -> b.engagementEvents(types));
        }
        if (r.has("channelProperty")) {
            String v = r.string("channelProperty");
            at(r, "channelProperty", () -> b.channelProperty(v));
        }
        if (r.has("channelCosts")) {
            JsonNode costs = r.node.get("channelCosts");
            if (!costs.isObject()) {
                throw JsonReader.fail(r.at("channelCosts"), "must be an object of channel to cost, was " + JsonReader.describe(costs));
            }
            Iterator<Map.Entry<String, JsonNode>> it = costs.fields();
            while (it.hasNext()) {
                Map.Entry<String, JsonNode> e = it.next();
                String path = r.at("channelCosts") + "." + e.getKey();
                Channel ch = channel(e.getKey(), path);
                if (!e.getValue().isNumber()) {
                    throw JsonReader.fail(path, "must be a number, was " + JsonReader.describe(e.getValue()));
                }
                double cost = e.getValue().doubleValue();
                at(r, "channelCosts." + e.getKey(), () -> b.channelCost(ch, cost));
            }
        }
        if (r.has("fallbackOrder")) {
            Channel[] order = r.list("fallbackOrder", false, (n, p) -> channel(JourneyCodec.text(n, p), p)).toArray(new Channel[0]);
            at(r, "fallbackOrder", () -> b.fallbackOrder(order));
        }
        r.list("offers", true, (n, p) -> {
            JsonReader o = new JsonReader(n, p, Set.of("id", "message", "topic", "eligibility", "priority", "coolDown"));
            String id = o.string("id");
            String message = o.string("message");
            String topic = o.optString("topic");
            Condition eligibility = o.has("eligibility") ? JourneyCodec.condition(o.node.get("eligibility"), o.at("eligibility")) : null;
            double priority = o.number("priority", 0);
            Duration coolDown = o.has("coolDown") ? o.duration("coolDown") : Duration.ZERO;
            Offer offer = o.build(() -> new Offer(id, message, topic, eligibility, priority, coolDown));
            return o.build(() -> b.offer(offer));
        });
        if (r.has("retry")) {
            JsonReader q = new JsonReader(r.node.get("retry"), r.at("retry"), Set.of("maxAttempts", "backoff"));
            int max = q.integer("maxAttempts", -1);
            Duration backoff = q.duration("backoff");
            RetryPolicy policy = q.build(() -> new RetryPolicy(max, backoff));
            b.retryPolicy(policy);
        }
        if (r.has("start")) {
            String s = r.string("start");
            Instant start;
            try {
                start = Instant.parse(s);
            } catch (DateTimeParseException e) {
                throw JsonReader.fail(r.at("start"), "must be an ISO-8601 instant such as \"2026-01-01T00:00:00Z\", was \"" + s + "\"");
            }
            at(r, "start", () -> b.start(start));
        }
    }

    private static void at(JsonReader r, String field, Runnable setter) {
        try {
            setter.run();
        } catch (JourneyDefinitionException e) {
            throw e;
        } catch (IllegalArgumentException e) {
            throw JsonReader.fail(r.at(field), e.getMessage());
        }
    }

    private static Channel channel(String name, String path) {
        try {
            return Channel.parse(name);
        } catch (IllegalArgumentException e) {
            throw JsonReader.fail(path, e.getMessage());
        }
    }

    /** The canonical JSON of {@code s}: fixed field order, sets sorted, every setting written. */
    public static String write(Settings s) {
        ObjectNode o = F.objectNode();
        ArrayNode caps = o.putArray("caps");
        for (FrequencyCap c : s.caps()) {
            ObjectNode n = caps.addObject();
            if (c.channel() != null) {
                n.put("channel", c.channel().jsonName());
            }
            n.put("max", c.max()).put("window", c.window().toString());
        }
        if (s.quietStart() >= 0) {
            o.putObject("quietHours").put("start", LocalTime.ofSecondOfDay(s.quietStart()).toString())
                    .put("end", LocalTime.ofSecondOfDay(s.quietEnd()).toString());
        }
        o.put("brandZone", s.brandZone().getId());
        ArrayNode limits = o.putArray("rateLimits");
        for (Channel c : Channel.values()) {
            if (s.ratePermits()[c.ordinal()] > 0) {
                limits.addObject().put("channel", c.jsonName()).put("permits", s.ratePermits()[c.ordinal()])
                        .put("per", Duration.ofMillis(s.ratePeriodMillis()[c.ordinal()]).toString());
            }
        }
        o.put("arbitrationWindow", Duration.ofMillis(s.arbitrationMillis()).toString());
        o.put("convertedWindow", Duration.ofMillis(s.convertedWindowMillis()).toString());
        o.put("duplicateWindow", Duration.ofMillis(s.duplicateWindowMillis()).toString());
        ArrayNode conv = o.putArray("conversionEvents");
        new TreeSet<>(s.conversionTypes()).forEach(conv::add);
        o.put("itemProperty", s.itemProperty());
        ArrayNode eng = o.putArray("engagementEvents");
        new TreeSet<>(s.engagementTypes()).forEach(eng::add);
        o.put("channelProperty", s.channelProperty());
        ObjectNode costs = o.putObject("channelCosts");
        for (Channel c : Channel.values()) {
            costs.put(c.jsonName(), s.channelCost()[c.ordinal()]);
        }
        ArrayNode order = o.putArray("fallbackOrder");
        for (byte c : s.fallback()) {
            order.add(Channel.values()[c].jsonName());
        }
        ArrayNode offers = o.putArray("offers");
        for (Offer of : s.offers()) {
            ObjectNode n = offers.addObject().put("id", of.id()).put("message", of.message());
            if (of.topic() != null) {
                n.put("topic", of.topic());
            }
            if (of.eligibility() != null) {
                n.set("eligibility", JourneyCodec.conditionNode(of.eligibility()));
            }
            n.put("priority", of.priority()).put("coolDown", of.coolDown().toString());
        }
        o.putObject("retry").put("maxAttempts", s.retry().maxAttempts()).put("backoff", s.retry().backoff().toString());
        o.put("start", s.start().toString());
        return JsonReader.write(o);
    }
}
