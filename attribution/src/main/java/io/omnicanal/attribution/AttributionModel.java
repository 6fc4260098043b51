package io.omnicanal.attribution;

import io.omnicanal.attribution.internal.HeuristicModel;

import java.time.Duration;

/**
 * A rule that shares each path's conversions and conversion value among its steps.
 *
 * <p>Users may implement it; the contract every model here keeps, and that a user's model should
 * keep: credits are finite and non-negative, the credits of all values sum to the table's
 * conversions and value (within rounding), a value that occurs in no converting path gets
 * nothing, and the result depends only on the table (not on wall-clock time or unseeded
 * randomness). Built-in models are immutable and thread-safe: one instance may attribute several
 * tables concurrently.
 */
public interface AttributionModel {

    /**
     * @return a short stable name used as the model column in result tables, for example
     *     {@code markov_2}
     */
    String name();

    /**
     * Attributes the table's conversions and value.
     *
     * @param paths the paths, not null
     * @return credit per value of {@code paths}' dictionary
     * @throws IllegalArgumentException when the table is empty, or lacks what the model needs
     *     (step ages for time decay)
     */
    Credits attribute(PathTable paths);

    /** @return full credit to the first step of each path; O(rows) */
    static AttributionModel firstTouch() {
        return HeuristicModel.firstTouch();
    }

    /** @return full credit to the last step of each path; O(rows) */
    static AttributionModel lastTouch() {
        return HeuristicModel.lastTouch();
    }

    /**
     * @return full credit to the last step whose channel is not the direct channel (the table's
     *     {@link PathTable#isDirect(int)}), or to the last step when every step is direct; O(steps)
     */
    static AttributionModel lastNonDirectTouch() {
        return HeuristicModel.lastNonDirect();
    }

    /**
     * Linear credit as the ChannelAttribution package defines it: each occurrence of a value gets
     * {@code 1 / path length}, so a value appearing twice gets twice the share. O(steps).
     *
     * @return the model
     */
    static AttributionModel linear() {
        return HeuristicModel.linear(false);
    }

    /**
     * Linear credit per distinct value: each distinct value of a path gets {@code 1 / distinct
     * values}. O(steps).
     *
     * @return the model
     */
    static AttributionModel linearDistinct() {
        return HeuristicModel.linear(true);
    }

    /** @return position-based credit with the default 40/20/40 split; see {@link #positionBased(double, double)} */
    static AttributionModel positionBased() {
        return HeuristicModel.positionBased(0.4, 0.4);
    }

    /**
     * Position-based ("U-shaped") credit: {@code first} to the first step, {@code last} to the last,
     * the rest shared equally by the steps between. A one-step path gives its step everything; a
     * two-step path splits in the ratio {@code first : last}.
     *
     * @param first the first step's share, in {@code [0, 1]}
     * @param last the last step's share, in {@code [0, 1]}, with {@code 0 < first + last <= 1}
     * @return the model
     * @throws IllegalArgumentException naming the weight when out of range
     */
    static AttributionModel positionBased(double first, double last) {
        return HeuristicModel.positionBased(first, last);
    }

    /** @return time-decay credit with the default half-life of 7 days */
    static AttributionModel timeDecay() {
        return HeuristicModel.timeDecay(Duration.ofDays(7));
    }

    /**
     * Time-decay credit: a step of age {@code a} before its path's end weighs {@code 2^(-a / halfLife)},
     * weights normalised per path. Needs a table with step ages ({@link PathTable#hasAges()}).
     *
     * @param halfLife the half-life, at least one millisecond and at most
     *     {@link PathSettings#MAX_LOOKBACK} (200 years)
     * @return the model
     * @throws IllegalArgumentException naming the value when out of that range
     */
    static AttributionModel timeDecay(Duration halfLife) {
        return HeuristicModel.timeDecay(halfLife);
    }

    /**
     * @param order the chain's order, 1 to 4
     * @return the exact Markov-chain removal-effect model of that order
     * @throws IllegalArgumentException naming the order when outside 1 to 4
     */
    static MarkovModel markov(int order) {
        return MarkovModel.ofOrder(order);
    }

    /** @return the Shapley model with default settings (Zhao et al.'s conversions game, exact) */
    static ShapleyModel shapley() {
        return ShapleyModel.builder().build();
    }
}
