package io.omnicanal.segmentation;

import java.util.Map;
import java.util.TreeMap;

/**
 * Which events a condition looks at: an event type, a channel, a device and required properties, each
 * optional ({@code null} or empty means "any").
 *
 * <p>An event matches when every given part is equal (case-sensitive, no normalisation: callers pass
 * canonical names) and the event carries every required property with exactly the given value. An event
 * whose channel or device is unknown ({@code null}) never matches a filter that names one.
 * Immutable; the properties map is copied and sorted by key.
 *
 * @param type       event type, or {@code null} for any type
 * @param channel    channel, or {@code null} for any channel
 * @param device     device, or {@code null} for any device
 * @param properties required properties (never {@code null} after construction)
 */
public record EventFilter(String type, String channel, String device, Map<String, String> properties) {

    private static final EventFilter ANY = new EventFilter(null, null, null, Map.of());

    /** Validates the parts: each given name is non-blank; property keys and values are non-null. */
    public EventFilter {
        if (type != null) {
            Checks.name("filter.type", type);
        }
        if (channel != null) {
            Checks.name("filter.channel", channel);
        }
        if (device != null) {
            Checks.name("filter.device", device);
        }
        properties = Checks.stringMap("filter.properties", properties);
    }

    /** A filter matching every event. */
    public static EventFilter any() {
        return ANY;
    }

    /**
     * A filter on the event type only.
     *
     * @throws IllegalArgumentException if {@code type} is null or blank
     */
    public static EventFilter type(String type) {
        return new EventFilter(Checks.name("filter.type", type), null, null, Map.of());
    }

    /** This filter restricted to {@code channel} (non-blank). */
    public EventFilter withChannel(String channel) {
        return new EventFilter(type, Checks.name("filter.channel", channel), device, properties);
    }

    /** This filter restricted to {@code device} (non-blank). */
    public EventFilter withDevice(String device) {
        return new EventFilter(type, channel, Checks.name("filter.device", device), properties);
    }

    /** This filter also requiring property {@code key} to equal {@code value}. */
    public EventFilter withProperty(String key, String value) {
        TreeMap<String, String> copy = new TreeMap<>(properties);
        copy.put(Checks.name("filter.properties key", key),
                java.util.Objects.requireNonNull(value, "filter.properties value"));
        return new EventFilter(type, channel, device, copy);
    }

    /**
     * Whether every event {@code other} matches, this filter matches too: each part this filter names,
     * {@code other} names with the same value (an event matching {@code other} then has it).
     */
    boolean covers(EventFilter other) {
        if (type != null && !type.equals(other.type) || channel != null && !channel.equals(other.channel)
                || device != null && !device.equals(other.device)) {
            return false;
        }
        for (Map.Entry<String, String> p : properties.entrySet()) {
            if (!p.getValue().equals(other.properties.get(p.getKey()))) {
                return false;
            }
        }
        return true;
    }

    /** Whether this filter matches {@code e}; the reference semantics the engine implements on interned ids. */
    public boolean matches(Event e) {
        if (type != null && !type.equals(e.type())) {
            return false;
        }
        if (channel != null && !channel.equals(e.channel())) {
            return false;
        }
        if (device != null && !device.equals(e.device())) {
            return false;
        }
        for (Map.Entry<String, String> p : properties.entrySet()) {
            if (!p.getValue().equals(e.properties().get(p.getKey()))) {
                return false;
            }
        }
        return true;
    }
}
