package io.omnicanal.journeys;

import io.omnicanal.journeys.internal.Checks;

import java.util.List;
import java.util.TreeSet;

/**
 * A predicate over the current event's properties, the profile's traits and its segment membership:
 * the journeys module's own small condition language. Every kind has a JSON form (see
 * {@link Journey#fromJson(String)}). Conditions are immutable values with structural equality.
 *
 * <p>Evaluation: a property or trait that is absent never equals, is never in a set and is never in
 * a range. Ranges compare the value parsed as a decimal number; a value that is not a number is
 * outside every range. A property condition evaluated where there is no event (a decision split
 * reached by a timer) is false.
 */
public sealed interface Condition {

    /** Where a key is looked up. */
    enum Source {
        /** The triggering event's properties. */
        EVENT,
        /** The profile's traits (set with {@link JourneyEngine#setTrait}). */
        TRAIT
    }

    /** {@code source[key]} equals {@code value} exactly (case-sensitive). */
    record Equals(Source source, String key, String value) implements Condition {
        /** Validates: nothing null, key not blank. */
        public Equals {
            Checks.notNull("source", source);
            Checks.name("key", key);
            Checks.notNull("value", value);
        }
    }

    /** {@code source[key]} is one of {@code values}; the values are kept sorted and distinct. */
    record In(Source source, String key, List<String> values) implements Condition {
        /** Validates and normalises {@code values} to sorted distinct order; must not be empty. */
        public In {
            Checks.notNull("source", source);
            Checks.name("key", key);
            values = List.copyOf(new TreeSet<>(Checks.list("values", values)));
            if (values.isEmpty()) {
                throw new IllegalArgumentException("values must not be empty");
            }
        }
    }

    /**
     * {@code min <= number(source[key]) <= max}; an unbounded side is an infinity (omitted in JSON).
     */
    record Range(Source source, String key, double min, double max) implements Condition {
        /** Validates: no NaN, {@code min <= max}. */
        public Range {
            Checks.notNull("source", source);
            Checks.name("key", key);
            if (Double.isNaN(min) || Double.isNaN(max) || min > max) {
                throw new IllegalArgumentException("range must satisfy min <= max, was [" + min + ", " + max + "]");
            }
        }
    }

    /** The profile is currently a member of {@code segment}, as last reported by {@link JourneyEngine#onSegmentChange}. */
    record InSegment(String segment) implements Condition {
        /** Validates the segment name. */
        public InSegment {
            Checks.name("segment", segment);
        }
    }

    /** All of the conditions hold (true when empty is not allowed: at least one). */
    record All(List<Condition> of) implements Condition {
        /** Validates: at least one condition, no nulls. */
        public All {
            of = Checks.list("of", of);
            if (of.isEmpty()) {
                throw new IllegalArgumentException("of must not be empty");
            }
        }
    }

    /** At least one of the conditions holds. */
    record Any(List<Condition> of) implements Condition {
        /** Validates: at least one condition, no nulls. */
        public Any {
            of = Checks.list("of", of);
            if (of.isEmpty()) {
                throw new IllegalArgumentException("of must not be empty");
            }
        }
    }

    /** The condition does not hold. */
    record Not(Condition of) implements Condition {
        /** Validates: not null. */
        public Not {
            Checks.notNull("of", of);
        }
    }

    /** Shorthand for {@code new Equals(Source.EVENT, key, value)}. */
    static Condition property(String key, String value) {
        return new Equals(Source.EVENT, key, value);
    }

    /** Shorthand for {@code new Equals(Source.TRAIT, key, value)}. */
    static Condition trait(String key, String value) {
        return new Equals(Source.TRAIT, key, value);
    }

    /** Shorthand for {@code new InSegment(segment)}. */
    static Condition inSegment(String segment) {
        return new InSegment(segment);
    }
}
