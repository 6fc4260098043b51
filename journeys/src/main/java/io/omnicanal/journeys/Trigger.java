package io.omnicanal.journeys;

import io.omnicanal.journeys.internal.Checks;

import java.time.LocalTime;

/**
 * Something that happens to a profile: an event, a segment change or a date attribute's anniversary.
 * Used for journey entry, goals, exits and wait-for-event steps.
 */
public sealed interface Trigger {

    /**
     * An event of {@code type} whose properties (and the profile's traits/segments) satisfy {@code where};
     * {@code where} may be null for "any event of this type".
     */
    record OnEvent(String type, Condition where) implements Trigger {
        /** Validates the type name. */
        public OnEvent {
            Checks.name("type", type);
        }
    }

    /** The profile entered ({@code entered = true}) or left ({@code false}) {@code segment}. */
    record OnSegment(String segment, boolean entered) implements Trigger {
        /** Validates the segment name. */
        public OnSegment {
            Checks.name("segment", segment);
        }
    }

    /**
     * Every year on the month and day of the profile's date attribute {@code attribute} (for example
     * {@code "birthday"}, set with {@link JourneyEngine#setDate}), at local time {@code at} in the
     * profile's time zone. A 29 February date fires on 28 February in non-leap years.
     */
    record OnDate(String attribute, LocalTime at) implements Trigger {
        /** Validates: attribute not blank, time not null. */
        public OnDate {
            Checks.name("attribute", attribute);
            Checks.notNull("at", at);
        }
    }

    /** Shorthand for an event trigger without a condition. */
    static OnEvent event(String type) {
        return new OnEvent(type, null);
    }

    /** Shorthand for an event trigger with a condition. */
    static OnEvent event(String type, Condition where) {
        return new OnEvent(type, where);
    }
}
