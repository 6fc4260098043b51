package io.omnicanal.journeys;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

/** Next best action against the redundancy rules and offer cool-downs. */
class NextBestActionTest {
    static final Instant T = Instant.parse("2026-03-01T10:00:00Z");
    static final Offer SHOES = new Offer("shoes_promo", "shoes_banner", "shoes", null, 10, Duration.ZERO);
    static final Offer HATS = new Offer("hats_promo", "hats_banner", "hats", null, 5, Duration.ZERO);

    /** On visit: the next best action among {@code offers}, to "sent" or, with none, to "none" (an UpdateTrait). */
    static Journey xsell(List<String> offers) {
        return Journey.builder("xsell").entry(Trigger.event("visit")).reEntry(ReEntry.always())
                .step(new Step.NextBestAction("nba", offers, Delivery.marketing(Channel.EMAIL), "sent", "none"))
                .step(new Step.Exit("sent"))
                .step(new Step.UpdateTrait("none", "nba_outcome", "nothing", null))
                .build();
    }

    @Test
    void anOfferOnATopicJustBoughtGivesWayToTheNextEligibleOne() {
        Recorder r = new Recorder();
        JourneyEngine e = r.engine().start(T).offer(SHOES).offer(HATS).build();
        e.deploy(xsell(List.of()));
        Recorder.reachable(e, 1, Channel.EMAIL);
        e.onEvent(new JourneyEvent(1, "purchase", T.plusSeconds(60), Map.of("item", "shoes")));
        e.onEvent(JourneyEvent.of(1, "visit", T.plusSeconds(120)));
        assertThat(r.delivered).extracting(Action::message).containsExactly("hats_banner");
        assertThat(r.skips).isEmpty();
    }

    @Test
    void whenEveryOfferIsRedundantTheStepTakesItsIfNoneBranch() {
        Recorder r = new Recorder();
        JourneyEngine e = r.engine().start(T).offer(SHOES).offer(HATS).build();
        e.deploy(xsell(List.of("shoes_promo")));
        Recorder.reachable(e, 1, Channel.EMAIL);
        e.onEvent(new JourneyEvent(1, "purchase", T.plusSeconds(60), Map.of("item", "shoes")));
        e.onEvent(JourneyEvent.of(1, "visit", T.plusSeconds(120)));
        assertThat(r.delivered).isEmpty();
        assertThat(r.skips).extracting(Skip::reason).containsExactly(SkipReason.NO_ELIGIBLE_OFFER);
        assertThat(r.log).contains("leave 1 xsell v1 end " + T.plusSeconds(120));
    }

    @Test
    void anOfferWhoseMessageWentOutWithinTheDuplicateWindowGivesWay() {
        Recorder r = new Recorder();
        JourneyEngine e = r.engine().start(T).offer(SHOES).offer(HATS).duplicateWindow(Duration.ofDays(1)).build();
        e.deploy(xsell(List.of()));
        Recorder.reachable(e, 1, Channel.EMAIL);
        e.onEvent(JourneyEvent.of(1, "visit", T.plusSeconds(60)));
        e.onEvent(JourneyEvent.of(1, "visit", T.plusSeconds(120)));
        e.onEvent(JourneyEvent.of(1, "visit", T.plusSeconds(180)));
        // shoes (priority 10), then hats, then nothing left within the day
        assertThat(r.delivered).extracting(Action::message).containsExactly("shoes_banner", "hats_banner");
        assertThat(r.skips).extracting(Skip::reason, Skip::time).containsExactly(tuple(SkipReason.NO_ELIGIBLE_OFFER, T.plusSeconds(180)));
    }

    @Test
    void anOfferChosenByTwoJourneysInQuietHoursGoesOutOnceWithinItsCoolDown() {
        Recorder r = new Recorder();
        JourneyEngine e = r.engine().start(T).quietHours(java.time.LocalTime.of(21, 0), java.time.LocalTime.of(8, 0))
                .duplicateWindow(Duration.ZERO).arbitrationWindow(Duration.ofMillis(1))
                .offer(new Offer("spring_sale", "spring_sale_msg", null, null, 10, Duration.ofDays(7))).build();
        for (String id : List.of("browse", "winback")) {
            e.deploy(Journey.builder(id).entry(Trigger.event("visit"))
                    .step(new Step.NextBestAction("nba", List.of(), Delivery.marketing(Channel.EMAIL), null, null)).build());
        }
        Recorder.reachable(e, 1, Channel.EMAIL);
        e.onEvent(JourneyEvent.of(1, "visit", Instant.parse("2026-03-01T22:00:00Z")));
        e.advanceTo(Instant.parse("2026-03-02T12:00:00Z"));
        // both queued until 08:00, released in journey order: browse's goes out, winback's is in the cool-down
        Instant eight = Instant.parse("2026-03-02T08:00:00Z");
        assertThat(r.delivered).extracting(Action::journey, Action::offer, Action::time).containsExactly(tuple("browse", "spring_sale", eight));
        assertThat(r.skips).extracting(Skip::journey, Skip::reason, Skip::time).containsExactly(tuple("winback", SkipReason.COOL_DOWN, eight));
    }
}
