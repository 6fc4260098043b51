package io.omnicanal.journeys;

import io.omnicanal.journeys.internal.Checks;

import java.time.Duration;
import java.time.LocalTime;
import java.util.List;

/**
 * One step of a journey. Every step has an id unique within its journey. A {@code next} of
 * {@code null} means "the following step in the list" (or leaving the journey after the last one).
 * Steps that branch name each branch's target step id explicitly, or {@code null} for "the following
 * step". Goals and exits of the journey are checked before every step on each event.
 */
public sealed interface Step {

    /** The step id, unique within the journey. */
    String id();

    /** Sends {@code message} (about {@code offer}, may be null) by {@code delivery}, then moves on at once. */
    record Send(String id, String message, String offer, Delivery delivery, String next) implements Step {
        /** Validates: id and message not blank, offer null or not blank, delivery not null. */
        public Send {
            Checks.keyPart("id", id);
            Checks.name("message", message);
            if (offer != null) {
                Checks.name("offer", offer);
            }
            Checks.notNull("delivery", delivery);
        }
    }

    /**
     * Waits for {@code duration}, or until the next {@code untilTimeOfDay} in the profile's time zone
     * (strictly after now); exactly one of the two is set.
     */
    record Wait(String id, Duration duration, LocalTime untilTimeOfDay, String next) implements Step {
        /** Validates: exactly one of duration (at least 1ms) and untilTimeOfDay. */
        public Wait {
            Checks.keyPart("id", id);
            if ((duration == null) == (untilTimeOfDay == null)) {
                throw new IllegalArgumentException("exactly one of duration and untilTimeOfDay must be set, was duration="
                        + duration + ", untilTimeOfDay=" + untilTimeOfDay);
            }
            if (duration != null) {
                Checks.atLeastOneMilli("duration", duration);
            }
        }
    }

    /**
     * Waits for an event matching {@code awaited}: if it comes within {@code timeout} the profile goes to
     * {@code onEvent}, otherwise to {@code onTimeout}. When {@code restartOn} is not null, an event matching
     * it (for example a second {@code add_to_cart}) restarts the timeout from that event's time.
     */
    record WaitForEvent(String id, Trigger.OnEvent awaited, Duration timeout, Trigger.OnEvent restartOn,
                        String onEvent, String onTimeout) implements Step {
        /** Validates: awaited not null, timeout at least 1ms. */
        public WaitForEvent {
            Checks.keyPart("id", id);
            Checks.notNull("awaited", awaited);
            Checks.atLeastOneMilli("timeout", timeout);
        }
    }

    /** Goes to {@code ifTrue} when {@code condition} holds for the profile now, else to {@code ifFalse}. */
    record DecisionSplit(String id, Condition condition, String ifTrue, String ifFalse) implements Step {
        /** Validates: condition not null. */
        public DecisionSplit {
            Checks.keyPart("id", id);
            Checks.notNull("condition", condition);
        }
    }

    /** One weighted branch of a {@link RandomSplit}. */
    record Branch(int weight, String next) {
        /** Validates: weight in [1, 1_000_000]. */
        public Branch {
            Checks.range("weight", weight, 1, 1_000_000);
        }
    }

    /**
     * Sends each profile down one branch with probability proportional to its weight, or into the holdout
     * control group with weight {@code holdoutWeight} (0 for none). The draw is a seeded hash of the profile
     * key, journey id and step id: deterministic, the same on every run and after restore. Holdout profiles
     * continue along {@code holdoutNext} (null: the first branch) but never receive a message of this
     * journey; their goal conversions are still reported (flagged as control) to measure lift.
     */
    record RandomSplit(String id, List<Branch> branches, int holdoutWeight, String holdoutNext) implements Step {
        /**
         * Validates: at least one branch, holdout weight in [0, 1_000_000], the weights of the branches and the
         * holdout adding up to at most {@link Integer#MAX_VALUE} (the draw is an int in [0, total)).
         */
        public RandomSplit {
            Checks.keyPart("id", id);
            branches = Checks.list("branches", branches);
            if (branches.isEmpty()) {
                throw new IllegalArgumentException("branches must not be empty");
            }
            Checks.range("holdoutWeight", holdoutWeight, 0, 1_000_000);
            long total = holdoutWeight;
            for (Branch b : branches) {
                total += b.weight();
            }
            if (total > Integer.MAX_VALUE) {
                throw new IllegalArgumentException("branches: the weights of " + branches.size() + " branches and holdoutWeight "
                        + holdoutWeight + " add up to " + total + ", more than " + Integer.MAX_VALUE);
            }
        }
    }

    /**
     * Picks the best eligible offer among {@code offers} (ids from the engine's catalogue; empty means all)
     * by the engine's {@link OfferScorer}, skipping offers in their cool-down for this profile, and sends its
     * message by {@code delivery}; goes to {@code ifNone} when no offer is eligible.
     */
    record NextBestAction(String id, List<String> offers, Delivery delivery, String next, String ifNone) implements Step {
        /** Validates: offers not null (ids not blank), delivery not null. */
        public NextBestAction {
            Checks.keyPart("id", id);
            offers = Checks.list("offers", offers);
            for (String o : offers) {
                Checks.name("offers[]", o);
            }
            Checks.notNull("delivery", delivery);
        }
    }

    /** Sets the profile's trait {@code trait} to {@code value}, then moves on. */
    record UpdateTrait(String id, String trait, String value, String next) implements Step {
        /** Validates: trait not blank, value not null. */
        public UpdateTrait {
            Checks.keyPart("id", id);
            Checks.name("trait", trait);
            Checks.notNull("value", value);
        }
    }

    /** Leaves the journey. */
    record Exit(String id) implements Step {
        /** Validates the id. */
        public Exit {
            Checks.keyPart("id", id);
        }
    }
}
