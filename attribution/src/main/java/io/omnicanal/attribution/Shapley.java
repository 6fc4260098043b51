package io.omnicanal.attribution;

import io.omnicanal.attribution.internal.ShapleyEngine;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Shapley values of a general {@link CoalitionGame}: exact over all coalitions, or a seeded
 * estimate from random orderings with a stated error bound. Stateless and thread-safe.
 */
public final class Shapley {
    /** The most players {@link #exact} accepts: 2^25 coalitions, 256 MiB of worths. */
    public static final int MAX_EXACT_PLAYERS = 25;

    private Shapley() {
    }

    /**
     * Exact Shapley values: every coalition's worth is evaluated once and each player's value is
     * {@code sum over S without i of |S|! (n-|S|-1)! / n! * (v(S + i) - v(S))}. O(n 2^n) time,
     * O(2^n) memory.
     *
     * @param players the number of players, 1 to {@value #MAX_EXACT_PLAYERS}
     * @param game the game, not null
     * @return the exact values
     * @throws IllegalArgumentException naming the count when out of range
     */
    public static ShapleyEstimate exact(int players, CoalitionGame game) {
        Objects.requireNonNull(game, "game");
        if (players < 1 || players > MAX_EXACT_PLAYERS) {
            throw new IllegalArgumentException("players must be between 1 and " + MAX_EXACT_PLAYERS + ", was " + players);
        }
        double[] worth = new double[1 << players];
        for (int m = 0; m < worth.length; m++) {
            worth[m] = game.worth(m);
        }
        return new ShapleyEstimate(list(ShapleyEngine.exactFromWorths(worth, players)), true, 0, 0);
    }

    /**
     * Estimates Shapley values from {@code permutations} orderings drawn with a seeded generator:
     * each player's average marginal contribution over the orderings. O(permutations * n) calls to
     * the game. The error bound holds when every marginal contribution lies in
     * {@code [-marginalRange, marginalRange]}; a contribution met while sampling that does not is
     * refused, naming it (one that no sampled ordering meets cannot be seen, so the range remains
     * the caller's promise).
     *
     * @param players the number of players, 1 to 63
     * @param game the game, not null
     * @param permutations orderings to sample, at least 1
     * @param seed the seed; the same seed gives the same estimate
     * @param marginalRange a bound on the absolute marginal contribution, positive
     * @return the estimate with its 95% simultaneous error bound
     * @throws IllegalArgumentException naming the argument when out of range, or naming the
     *     player and the contribution when a sampled marginal contribution exceeds
     *     {@code marginalRange}
     */
    public static ShapleyEstimate sampled(int players, CoalitionGame game, int permutations, long seed,
                                          double marginalRange) {
        Objects.requireNonNull(game, "game");
        if (players < 1 || players > 63) {
            throw new IllegalArgumentException("players must be between 1 and 63, was " + players);
        }
        if (permutations < 1) {
            throw new IllegalArgumentException("permutations must be >= 1, was " + permutations);
        }
        if (!(marginalRange > 0) || Double.isInfinite(marginalRange)) {
            throw new IllegalArgumentException("marginalRange must be positive and finite, was " + marginalRange);
        }
        double[] values = ShapleyEngine.sampleGame(players, game, permutations, seed, marginalRange);
        return new ShapleyEstimate(list(values), false, permutations,
                ShapleyEngine.hoeffding(2 * marginalRange, players, permutations));
    }

    private static List<Double> list(double[] a) {
        List<Double> out = new ArrayList<>(a.length);
        for (double v : a) {
            out.add(v);
        }
        return out;
    }
}
