package io.omnicanal.attribution;

/**
 * A cooperative game in characteristic-function form over at most 63 players: the worth of each
 * coalition, given as a bit mask (bit {@code i} set when player {@code i} is in). Implementations
 * must be pure functions of the mask; {@link Shapley} may call them from one thread many times.
 */
@FunctionalInterface
public interface CoalitionGame {
    /**
     * @param coalition the members as a bit mask, {@code 0} the empty coalition
     * @return the coalition's worth, finite
     */
    double worth(long coalition);
}
