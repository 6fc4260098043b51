package io.omnicanal.journeys;

/**
 * Scores an eligible offer for a profile; the highest score wins (ties: offer id ascending). Plug in a
 * propensity model here. Called on the engine's thread; must be deterministic for replay to be.
 */
@FunctionalInterface
public interface OfferScorer {
    /**
     * The score of {@code offer} for {@code profile}; must be finite.
     *
     * @param profile the profile key
     * @param offer an offer that passed eligibility and cool-down
     */
    double score(long profile, Offer offer);

    /** Scores by {@link Offer#priority()}. */
    static OfferScorer byPriority() {
        return (profile, offer) -> offer.priority();
    }
}
