package io.omnicanal.segmentation;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.TreeSet;

/**
 * A rule over one profile: on traits, on event aggregates over a time window, on sequences, on RFM and
 * lifecycle scores, on membership of other segments, combined with and / or / not.
 *
 * <p>All conditions are immutable records validated on construction ({@link IllegalArgumentException}
 * naming the field and value). They are evaluated at the engine's current time {@code now}; an event at
 * time {@code t} is "within window {@code w}" when {@code now - w < t <= now}, so it leaves the window
 * exactly at {@code t + w}. Windows are positive and kept to the millisecond.
 */
public sealed interface Condition {

    /** Trait {@code trait} is present with exactly {@code value}. */
    record TraitEquals(String trait, String value) implements Condition {
        /** Validates: both non-null, trait non-blank. */
        public TraitEquals {
            Checks.name("trait", trait);
            Objects.requireNonNull(value, "value");
        }
    }

    /** Trait {@code trait} is present with one of {@code values} (stored sorted and distinct). */
    record TraitIn(String trait, List<String> values) implements Condition {
        /** Validates: trait non-blank, values non-empty without nulls. */
        public TraitIn {
            Checks.name("trait", trait);
            if (values == null || values.isEmpty()) {
                throw new IllegalArgumentException("values must not be empty, was " + values);
            }
            TreeSet<String> sorted = new TreeSet<>();
            for (String v : values) {
                sorted.add(Objects.requireNonNull(v, "values element"));
            }
            values = List.copyOf(sorted);
        }
    }

    /**
     * Trait {@code trait} is present, parses as a number, and lies in {@code [min, max]} (either bound may
     * be infinite). A bound of {@code -0.0} is stored as {@code 0.0}: it compares the same, and the record,
     * its hash code and its JSON form are those of the {@code 0} bound.
     */
    record TraitRange(String trait, double min, double max) implements Condition {
        /** Validates: trait non-blank, bounds not NaN, {@code min <= max}; {@code -0.0} becomes {@code 0.0}. */
        public TraitRange {
            Checks.name("trait", trait);
            Checks.check(min, max);
            min = Checks.positiveZero(min);
            max = Checks.positiveZero(max);
        }
    }

    /** Trait {@code trait} is present (any value). */
    record TraitExists(String trait) implements Condition {
        /** Validates: trait non-blank. */
        public TraitExists {
            Checks.name("trait", trait);
        }
    }

    /** What an {@link Aggregate} measures over the matching events. */
    enum Measure {
        /** Number of matching events. */
        COUNT,
        /** Sum of the matching events' values, exact in micro-units (values rounded to 6 decimals). */
        SUM,
        /** Number of distinct known channels among the matching events. */
        DISTINCT_CHANNELS,
        /** Number of distinct known devices among the matching events. */
        DISTINCT_DEVICES
    }

    /**
     * A measure over the events matching {@code filter} within {@code window} (or over the whole history
     * when {@code window} is {@code null}) lies in {@code [min, max]}. "No purchase ever" is
     * {@code COUNT} of {@code purchase} with {@code max = 0}. A bound of {@code -0.0} is stored as
     * {@code 0.0} (it compares the same; the record, its hash code and its JSON form are the {@code 0} one's).
     */
    record Aggregate(Measure measure, EventFilter filter, Duration window, double min, double max)
            implements Condition {
        /** Validates: measure and filter non-null, window null or positive, bounds ordered; -0.0 becomes 0.0. */
        public Aggregate {
            Objects.requireNonNull(measure, "measure");
            Objects.requireNonNull(filter, "filter");
            if (window != null) {
                Checks.window("window", window);
            }
            Checks.check(min, max);
            min = Checks.positiveZero(min);
            max = Checks.positiveZero(max);
        }
    }

    /**
     * The profile has at least one event matching {@code filter} and the latest one happened at least
     * {@code age} ago ({@code now - last >= age}). "Last store visit more than 90 days ago."
     */
    record LastEventAgo(EventFilter filter, Duration age) implements Condition {
        /** Validates: filter non-null, age positive. */
        public LastEventAgo {
            Objects.requireNonNull(filter, "filter");
            Checks.window("age", age);
        }
    }

    /**
     * The profile did an event matching {@code first} at some time {@code t} and no event matching
     * {@code thenNo} in {@code [t, t + within)}, where {@code t + within <= now} (the outcome is known),
     * and, when {@code lookback} is given, {@code t > now - lookback}. "Added to cart and did not buy within
     * one hour."
     */
    record Sequence(EventFilter first, EventFilter thenNo, Duration within, Duration lookback)
            implements Condition {
        /**
         * Validates: filters non-null, within positive, lookback null or positive; and refuses a sequence
         * that can never hold: a {@code lookback} not longer than {@code within} (a first event is judged
         * only once {@code within} has passed, by then it is out of the lookback), or a {@code thenNo} that
         * every {@code first} event matches (the first event itself, at {@code t}, is in {@code [t, t +
         * within)}).
         */
        public Sequence {
            Objects.requireNonNull(first, "first");
            Objects.requireNonNull(thenNo, "thenNo");
            Checks.window("within", within);
            if (lookback != null) {
                Checks.window("lookback", lookback);
                if (lookback.compareTo(within) <= 0) {
                    throw new IllegalArgumentException("lookback must be longer than within (" + within
                            + "): a first event is judged only once within has passed, and is then older than the"
                            + " lookback, so the sequence could never hold; was lookback=" + lookback);
                }
            }
            if (thenNo.covers(first)) {
                throw new IllegalArgumentException("thenNo matches every event that first matches, so the first"
                        + " event itself ends every sequence and it could never hold; was thenNo=" + thenNo
                        + " first=" + first);
            }
        }
    }

    /** The profile is a member of the segment with id {@code segment} (cycles are rejected by the catalog). */
    record InSegment(String segment) implements Condition {
        /** Validates: non-blank id. */
        public InSegment {
            Checks.name("segment", segment);
        }
    }

    /**
     * The profile has RFM scores and each lies in its inclusive range of 1..5. See {@link RfmSettings}.
     */
    record RfmScores(int recencyMin, int recencyMax, int frequencyMin, int frequencyMax,
                     int monetaryMin, int monetaryMax) implements Condition {
        /** Validates: every range within 1..5 and ordered. */
        public RfmScores {
            RfmSettings.checkRange("recency", recencyMin, recencyMax);
            RfmSettings.checkRange("frequency", frequencyMin, frequencyMax);
            RfmSettings.checkRange("monetary", monetaryMin, monetaryMax);
        }
    }

    /** The profile's RFM cell (the first configured cell its scores fall into) is {@code cell}. */
    record RfmCell(String cell) implements Condition {
        /** Validates: non-blank name. */
        public RfmCell {
            Checks.name("cell", cell);
        }
    }

    /** The profile is at lifecycle stage {@code stage}; see {@link LifecycleSettings}. */
    record Lifecycle(LifecycleStage stage) implements Condition {
        /** Validates: non-null stage. */
        public Lifecycle {
            Objects.requireNonNull(stage, "stage");
        }
    }

    /** All of {@code of} hold (at least one operand). */
    record And(List<Condition> of) implements Condition {
        /** Validates: non-empty, no nulls; copies. */
        public And {
            of = Checks.operands("and", of);
        }
    }

    /** At least one of {@code of} holds (at least one operand). */
    record Or(List<Condition> of) implements Condition {
        /** Validates: non-empty, no nulls; copies. */
        public Or {
            of = Checks.operands("or", of);
        }
    }

    /** {@code of} does not hold. */
    record Not(Condition of) implements Condition {
        /** Validates: non-null. */
        public Not {
            Objects.requireNonNull(of, "not.of");
        }
    }

    // ---- factories ------------------------------------------------------------------------------

    /** All of the operands. */
    static Condition and(Condition... of) {
        return new And(List.of(of));
    }

    /** Any of the operands. */
    static Condition or(Condition... of) {
        return new Or(List.of(of));
    }

    /** The negation. */
    static Condition not(Condition of) {
        return new Not(of);
    }

    /** Trait equals value. */
    static Condition traitEquals(String trait, String value) {
        return new TraitEquals(trait, value);
    }

    /** At least {@code n} events matching {@code filter} within {@code window} ({@code null}: ever). */
    static Condition atLeast(long n, EventFilter filter, Duration window) {
        return new Aggregate(Measure.COUNT, filter, window, n, Double.POSITIVE_INFINITY);
    }

    /** No event matching {@code filter} within {@code window} ({@code null}: ever). */
    static Condition none(EventFilter filter, Duration window) {
        return new Aggregate(Measure.COUNT, filter, window, Double.NEGATIVE_INFINITY, 0);
    }

    /** Sum of values of events matching {@code filter} within {@code window} is at least {@code amount}. */
    static Condition sumAtLeast(double amount, EventFilter filter, Duration window) {
        return new Aggregate(Measure.SUM, filter, window, amount, Double.POSITIVE_INFINITY);
    }

    /** The member of segment {@code id}. */
    static Condition inSegment(String id) {
        return new InSegment(id);
    }
}
