package io.omnicanal.segmentation;

import java.time.Duration;
import java.util.Objects;

/**
 * Thresholds of the lifecycle stages. With {@code first}, {@code last} the first and latest qualifying
 * events, {@code return} the latest qualifying event at least {@code lapsedAfter} after its predecessor,
 * and ages measured as {@code now - time}, the stage is, in this order of precedence:
 * {@code PROSPECT} if none; {@code NEW} if {@code age(first) < newFor}; {@code REACTIVATED} if a return
 * exists with {@code age(return) < reactivatedFor}; {@code ACTIVE} if {@code age(last) < activeFor};
 * {@code AT_RISK} if {@code age(last) < lapsedAfter}; else {@code LAPSED}.
 *
 * @param qualifying     which events count (default: type {@code purchase})
 * @param newFor         how long a first-time customer is new (default 30 days)
 * @param activeFor      how long after its last qualifying event a customer is active (default 90 days)
 * @param lapsedAfter    after how long without one a customer has lapsed (default 180 days)
 * @param reactivatedFor how long a returning customer is reactivated (default 30 days)
 */
public record LifecycleSettings(EventFilter qualifying, Duration newFor, Duration activeFor, Duration lapsedAfter,
                                Duration reactivatedFor) {

    /** Validates: non-null filter, positive durations, {@code activeFor < lapsedAfter}. */
    public LifecycleSettings {
        Objects.requireNonNull(qualifying, "qualifying");
        Checks.window("newFor", newFor);
        Checks.window("activeFor", activeFor);
        Checks.window("lapsedAfter", lapsedAfter);
        Checks.window("reactivatedFor", reactivatedFor);
        if (activeFor.compareTo(lapsedAfter) >= 0) {
            throw new IllegalArgumentException("activeFor must be shorter than lapsedAfter, was activeFor="
                    + activeFor + " lapsedAfter=" + lapsedAfter);
        }
    }

    /** The defaults: purchases; 30, 90, 180 and 30 days. */
    public static LifecycleSettings defaults() {
        return builder().build();
    }

    /** A builder starting from the defaults. */
    public static Builder builder() {
        return new Builder();
    }

    /** Builds {@link LifecycleSettings}; each setter validates its argument. Not thread-safe. */
    public static final class Builder {
        private EventFilter qualifying = EventFilter.type("purchase");
        private Duration newFor = Duration.ofDays(30);
        private Duration activeFor = Duration.ofDays(90);
        private Duration lapsedAfter = Duration.ofDays(180);
        private Duration reactivatedFor = Duration.ofDays(30);

        private Builder() {
        }

        /** Which events qualify (non-null). */
        public Builder qualifying(EventFilter filter) {
            this.qualifying = Objects.requireNonNull(filter, "qualifying");
            return this;
        }

        /** How long a first-time customer is new (positive). */
        public Builder newFor(Duration d) {
            this.newFor = Checks.window("newFor", d);
            return this;
        }

        /** How long a customer stays active after a qualifying event (positive). */
        public Builder activeFor(Duration d) {
            this.activeFor = Checks.window("activeFor", d);
            return this;
        }

        /** After how long without a qualifying event a customer has lapsed (positive). */
        public Builder lapsedAfter(Duration d) {
            this.lapsedAfter = Checks.window("lapsedAfter", d);
            return this;
        }

        /** How long a returning customer is reactivated (positive). */
        public Builder reactivatedFor(Duration d) {
            this.reactivatedFor = Checks.window("reactivatedFor", d);
            return this;
        }

        /**
         * The settings.
         *
         * @throws IllegalArgumentException if {@code activeFor >= lapsedAfter}
         */
        public LifecycleSettings build() {
            return new LifecycleSettings(qualifying, newFor, activeFor, lapsedAfter, reactivatedFor);
        }
    }
}
