package io.omnicanal.journeys;

import io.omnicanal.journeys.internal.Checks;

import java.time.Instant;
import java.util.Map;

/**
 * Something a profile did, as seen by the journey engine.
 *
 * @param profile the stitched profile key (from identity)
 * @param type the event type, for example {@code "add_to_cart"}; case-sensitive
 * @param time when it happened; the engine requires events in non-decreasing time order
 * @param properties the event's properties (an immutable copy is kept); {@code "item"} names the product or
 *     offer of a conversion and {@code "channel"} the channel of an engagement by default
 */
public record JourneyEvent(long profile, String type, Instant time, Map<String, String> properties) {
    /** Validates: type not blank, time and properties not null, no null key or value. */
    public JourneyEvent {
        Checks.name("type", type);
        Checks.notNull("time", time);
        Checks.notNull("properties", properties);
        for (Map.Entry<String, String> e : properties.entrySet()) {
            if (e.getKey() == null || e.getValue() == null) {
                throw new IllegalArgumentException("properties must not contain null keys or values, was " + properties);
            }
        }
        properties = Map.copyOf(properties);
    }

    /** An event without properties. */
    public static JourneyEvent of(long profile, String type, Instant time) {
        return new JourneyEvent(profile, type, time, Map.of());
    }
}
