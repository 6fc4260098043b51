package io.omnicanal.attribution;

import java.util.List;

/**
 * Shapley values of a game, exact or estimated by sampling orderings.
 *
 * @param values the value of each player, in player order
 * @param exact whether the values are exact (every coalition evaluated)
 * @param permutations the orderings sampled, 0 when exact
 * @param errorBound 0 when exact; otherwise {@code |values[i] - exact value of i| <= errorBound}
 *     for every player at once, with probability at least 95% over the orderings drawn (a seed
 *     chosen without looking at the result), provided every marginal contribution of the game lies
 *     within the {@code marginalRange} given to {@link Shapley#sampled} (Hoeffding's inequality
 *     with a union bound over the players). The values are returned as estimated, with no
 *     clipping or rescaling, so the bound is on them as they are.
 */
public record ShapleyEstimate(List<Double> values, boolean exact, int permutations, double errorBound) {
    /** Copies {@code values}. */
    public ShapleyEstimate {
        values = List.copyOf(values);
    }
}
