package io.omnicanal.attribution;

import java.util.Objects;

/**
 * Shapley credits with how they were obtained.
 *
 * @param credits the credits, summing to the table's totals
 * @param exact whether every coalition was evaluated (always true for the conversions game)
 * @param permutations orderings sampled, 0 when exact
 * @param conversionErrorBound 0 when exact; otherwise, with probability at least 95% over the
 *     orderings drawn (a seed chosen without looking at the result), every value's conversion
 *     credit as returned lies within this of the credit the exact computation returns (the exact
 *     Shapley values, clipped at zero and rescaled to the total conversions), all values at once.
 *     Hoeffding's inequality with a union bound over the values bounds the raw estimates; the
 *     clipping and rescaling are then carried through exactly (a value whose estimate is near zero
 *     can move every credit, which widens the bound), see {@link ShapleyModel#estimate}.
 *     Conservative: the actual error is usually several times smaller.
 * @param valueErrorBound the same bound for the value credits (rescaled to the total value)
 */
public record ShapleyResult(Credits credits, boolean exact, int permutations, double conversionErrorBound,
                            double valueErrorBound) {
    /** Checks that credits are present. */
    public ShapleyResult {
        Objects.requireNonNull(credits, "credits");
    }
}
