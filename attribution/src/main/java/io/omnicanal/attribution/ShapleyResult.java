package io.omnicanal.attribution;

import java.util.Objects;

/**
 * Shapley credits with how they were obtained.
 *
 * @param credits the credits, summing to the table's totals
 * @param exact whether every coalition was evaluated (always true for the conversions game)
 * @param permutations orderings sampled, 0 when exact
 * @param conversionErrorBound with probability at least 95%, every value's conversion credit is
 *     within this of its exact Shapley credit (before negative credits are clipped); 0 when exact
 * @param valueErrorBound the same bound for value credit
 */
public record ShapleyResult(Credits credits, boolean exact, int permutations, double conversionErrorBound,
                            double valueErrorBound) {
    /** Checks that credits are present. */
    public ShapleyResult {
        Objects.requireNonNull(credits, "credits");
    }
}
