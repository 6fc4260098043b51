package io.omnicanal.attribution;

import java.util.List;

/**
 * Shapley values of a game, exact or estimated by sampling orderings.
 *
 * @param values the value of each player, in player order
 * @param exact whether the values are exact (every coalition evaluated)
 * @param permutations the orderings sampled, 0 when exact
 * @param errorBound a bound that holds for every player at once with probability at least 95%
 *     (Hoeffding's inequality with a union bound over players): {@code |estimate - value| <=
 *     errorBound}; 0 when exact
 */
public record ShapleyEstimate(List<Double> values, boolean exact, int permutations, double errorBound) {
    /** Copies {@code values}. */
    public ShapleyEstimate {
        values = List.copyOf(values);
    }
}
