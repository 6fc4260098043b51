package io.omnicanal.attribution.internal;

import io.omnicanal.attribution.AttributionModel;
import io.omnicanal.attribution.Credits;
import io.omnicanal.attribution.PathSettings;
import io.omnicanal.attribution.PathTable;

import java.time.Duration;
import java.util.Arrays;
import java.util.Objects;

/**
 * The rule-based models: first, last and last non-direct touch, linear (per occurrence or per
 * distinct value), position-based and time decay. One pass over the table's arrays, no allocation
 * per row. Immutable and thread-safe.
 *
 * @param rule which rule
 * @param first first-step share (position-based)
 * @param last last-step share (position-based)
 * @param halfLifeMillis half-life in milliseconds (time decay)
 */
public record HeuristicModel(Rule rule, double first, double last, long halfLifeMillis) implements AttributionModel {

    /** The built-in rules. */
    public enum Rule {
        FIRST_TOUCH("first_touch"), LAST_TOUCH("last_touch"), LAST_NON_DIRECT("last_non_direct_touch"),
        LINEAR("linear"), LINEAR_DISTINCT("linear_distinct"), POSITION_BASED("position_based"),
        TIME_DECAY("time_decay");

        public final String label;

        Rule(String label) {
            this.label = label;
        }
    }

    public static HeuristicModel firstTouch() {
        return new HeuristicModel(Rule.FIRST_TOUCH, 0, 0, 0);
    }

    public static HeuristicModel lastTouch() {
        return new HeuristicModel(Rule.LAST_TOUCH, 0, 0, 0);
    }

    public static HeuristicModel lastNonDirect() {
        return new HeuristicModel(Rule.LAST_NON_DIRECT, 0, 0, 0);
    }

    public static HeuristicModel linear(boolean perDistinct) {
        return new HeuristicModel(perDistinct ? Rule.LINEAR_DISTINCT : Rule.LINEAR, 0, 0, 0);
    }

    public static HeuristicModel positionBased(double first, double last) {
        if (!(first >= 0 && first <= 1)) {
            throw new IllegalArgumentException("firstWeight must be in [0, 1], was " + first);
        }
        if (!(last >= 0 && last <= 1)) {
            throw new IllegalArgumentException("lastWeight must be in [0, 1], was " + last);
        }
        if (!(first + last > 0 && first + last <= 1 + 1e-12)) {
            throw new IllegalArgumentException("firstWeight + lastWeight must be in (0, 1], was " + (first + last));
        }
        return new HeuristicModel(Rule.POSITION_BASED, first, last, 0);
    }

    public static HeuristicModel timeDecay(Duration halfLife) {
        Objects.requireNonNull(halfLife, "halfLife");
        if (halfLife.isNegative() || halfLife.compareTo(Duration.ofMillis(1)) < 0) {
            throw new IllegalArgumentException("halfLife must be at least 1 ms, was " + halfLife);
        }
        if (halfLife.compareTo(PathSettings.MAX_LOOKBACK) > 0) {
            throw new IllegalArgumentException("halfLife must be at most " + PathSettings.MAX_LOOKBACK
                    + " (200 years), was " + halfLife);
        }
        return new HeuristicModel(Rule.TIME_DECAY, 0, 0, halfLife.toMillis());
    }

    @Override
    public String name() {
        return rule.label;
    }

    @Override
    public Credits attribute(PathTable paths) {
        PathData d = Bridge.data(Objects.requireNonNull(paths, "paths"));
        if (d.rows() == 0) {
            throw new IllegalArgumentException("paths: empty data set, no path to attribute");
        }
        if (rule == Rule.LAST_NON_DIRECT && !d.knowsDirectSteps()) {
            throw new IllegalArgumentException("paths: last_non_direct_touch needs to know which steps were direct"
                    + " visits, and this table over " + d.dimensions + " does not say (saved by an earlier version,"
                    + " format 1); rebuild it with PathBuilder");
        }
        if (rule == Rule.TIME_DECAY && d.ages == null) {
            throw new IllegalArgumentException("paths: time_decay needs step times, and this table has none"
                    + " (an aggregated table); build it with PathBuilder or PathTable.Builder.addJourney");
        }
        int n = d.values.length;
        double[] conv = new double[n];
        double[] val = new double[n];
        int[] seen = rule == Rule.LINEAR_DISTINCT ? new int[n] : null;
        int[] off = d.offsets;
        int[] steps = d.steps;
        for (int r = 0; r < d.rows(); r++) {
            double c = d.conversions[r];
            double v = d.value[r];
            if (c == 0 && v == 0) {
                continue;
            }
            int from = off[r];
            int to = off[r + 1];
            int len = to - from;
            switch (rule) {
                case FIRST_TOUCH -> credit(conv, val, steps[from], c, v, 1);
                case LAST_TOUCH -> credit(conv, val, steps[to - 1], c, v, 1);
                case LAST_NON_DIRECT -> {
                    // each step's own touch tells whether it was direct (over campaign or device a
                    // value can be reached both ways)
                    int p = to - 1;
                    while (p > from && d.isDirectStep(p)) {
                        p--;
                    }
                    credit(conv, val, d.isDirectStep(p) ? steps[to - 1] : steps[p], c, v, 1);
                }
                case LINEAR -> {
                    double w = 1.0 / len;
                    for (int p = from; p < to; p++) {
                        credit(conv, val, steps[p], c, v, w);
                    }
                }
                case LINEAR_DISTINCT -> {
                    int distinct = 0;
                    int stamp = r + 1;
                    for (int p = from; p < to; p++) {
                        if (seen[steps[p]] != stamp) {
                            seen[steps[p]] = stamp;
                            distinct++;
                        }
                    }
                    double w = 1.0 / distinct;
                    stamp = -stamp;
                    for (int p = from; p < to; p++) {
                        if (seen[steps[p]] != stamp) {
                            seen[steps[p]] = stamp;
                            credit(conv, val, steps[p], c, v, w);
                        }
                    }
                }
                case POSITION_BASED -> positionBased(conv, val, steps, from, len, c, v);
                case TIME_DECAY -> timeDecay(conv, val, steps, d.ages, from, to, c, v);
                default -> throw new AssertionError(rule);
            }
        }
        return Credits.of(Arrays.asList(d.values), conv, val);
    }

    private void positionBased(double[] conv, double[] val, int[] steps, int from, int len, double c, double v) {
        if (len == 1) {
            credit(conv, val, steps[from], c, v, 1);
        } else if (len == 2) {
            credit(conv, val, steps[from], c, v, first / (first + last));
            credit(conv, val, steps[from + 1], c, v, last / (first + last));
        } else {
            credit(conv, val, steps[from], c, v, first);
            credit(conv, val, steps[from + len - 1], c, v, last);
            double middle = Math.max(0, 1 - first - last) / (len - 2);
            if (middle > 0) {
                for (int p = from + 1; p < from + len - 1; p++) {
                    credit(conv, val, steps[p], c, v, middle);
                }
            }
        }
    }

    private void timeDecay(double[] conv, double[] val, int[] steps, long[] ages, int from, int to, double c,
                           double v) {
        // Weights relative to the youngest step, so that old paths do not underflow to zero.
        long youngest = Long.MAX_VALUE;
        for (int p = from; p < to; p++) {
            youngest = Math.min(youngest, ages[p]);
        }
        double total = 0;
        for (int p = from; p < to; p++) {
            total += Math.pow(2, -(double) (ages[p] - youngest) / halfLifeMillis);
        }
        for (int p = from; p < to; p++) {
            double w = Math.pow(2, -(double) (ages[p] - youngest) / halfLifeMillis) / total;
            credit(conv, val, steps[p], c, v, w);
        }
    }

    private static void credit(double[] conv, double[] val, int step, double c, double v, double w) {
        conv[step] += c * w;
        val[step] += v * w;
    }
}
