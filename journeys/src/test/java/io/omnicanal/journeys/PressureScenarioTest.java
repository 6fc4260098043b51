package io.omnicanal.journeys;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.Map;

import static io.omnicanal.journeys.Recorder.at;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

/** Caps, quiet hours, rate limits, arbitration, redundancy and suppression with a driven clock. */
class PressureScenarioTest {

    /** Sends message {@code msg} on each {@code type} event (re-entry always). */
    static Journey instant(String id, String type, String msg, Delivery d) {
        return Journey.builder(id).entry(Trigger.event(type)).reEntry(ReEntry.always())
                .step(new Step.Send("s", msg, null, d, null)).build();
    }

    static Journey instantAbout(String id, String type, String msg, String topic, Delivery d) {
        return Journey.builder(id).entry(Trigger.event(type)).reEntry(ReEntry.always())
                .step(new Step.Send("s", msg, topic, d, null)).build();
    }

    @Test
    void totalCapSkipsTheFourthMessageOfTheWeek() {
        Recorder r = new Recorder();
        JourneyEngine e = r.engine().cap(FrequencyCap.total(3, Duration.ofDays(7))).duplicateWindow(Duration.ZERO).build();
        e.deploy(instant("promo", "visit", "promo", Delivery.marketing(Channel.EMAIL)));
        Recorder.reachable(e, 1, Channel.EMAIL);
        for (int day = 0; day < 8; day++) {
            e.onEvent(JourneyEvent.of(1, "visit", at(day * 24 * 60)));
        }
        // days 0,1,2 sent; 3..6 capped (3 in the last 7 days); day 7: the day-0 send left the window
        assertThat(r.delivered).extracting(Action::time).containsExactly(at(0), at(24 * 60), at(2 * 24 * 60), at(7 * 24 * 60));
        assertThat(r.skips).extracting(Skip::reason).containsOnly(SkipReason.CAPPED).hasSize(4);
    }

    @Test
    void perChannelCapDefersToWhenTheWindowFrees() {
        Recorder r = new Recorder();
        JourneyEngine e = r.engine().cap(FrequencyCap.perChannel(Channel.SMS, 1, Duration.ofDays(1))).duplicateWindow(Duration.ZERO)
                .arbitrationWindow(Duration.ofMillis(1)).build();
        e.deploy(instant("a", "x", "m1", Delivery.marketing(Channel.SMS).withOnCap(Delivery.OnCap.DEFER)));
        e.deploy(instant("b", "y", "m2", Delivery.marketing(Channel.EMAIL)));
        Recorder.reachable(e, 1, Channel.SMS, Channel.EMAIL);
        e.onEvent(JourneyEvent.of(1, "x", at(0)));
        e.onEvent(JourneyEvent.of(1, "x", at(60)));
        e.onEvent(JourneyEvent.of(1, "y", at(61)));
        e.advanceTo(at(3 * 24 * 60));
        assertThat(r.delivered).extracting(Action::message, Action::time)
                .containsExactly(tuple("m1", at(0)), tuple("m2", at(61)), tuple("m1", at(24 * 60)));
        assertThat(e.positions(1)).as("the profile moved on while its message waited").isEmpty();
    }

    @Test
    void aChannelHeldByItsOwnCapFallsBackToTheNextCandidate() {
        Recorder r = new Recorder();
        JourneyEngine e = r.engine().cap(FrequencyCap.perChannel(Channel.SMS, 1, Duration.ofDays(1)))
                .cap(FrequencyCap.perChannel(Channel.EMAIL, 1, Duration.ofDays(2)))
                .arbitrationWindow(Duration.ofMillis(1)).duplicateWindow(Duration.ZERO).build();
        Delivery smsThenEmail = Delivery.marketing(Channel.SMS, Channel.EMAIL).withOnCap(Delivery.OnCap.DEFER);
        for (String id : java.util.List.of("a", "b", "c")) {
            e.deploy(instant(id, "ev_" + id, "m_" + id, smsThenEmail));
        }
        Recorder.reachable(e, 1, Channel.SMS, Channel.EMAIL);
        e.setPreferredChannel(1, Channel.SMS);
        e.onEvent(JourneyEvent.of(1, "ev_a", at(0)));   // SMS, its preferred channel
        e.onEvent(JourneyEvent.of(1, "ev_b", at(60)));  // SMS is held for a day: e-mail
        e.onEvent(JourneyEvent.of(1, "ev_c", at(120))); // both held: deferred to the earliest release, SMS's
        e.advanceTo(at(3 * 24 * 60));
        assertThat(r.delivered).extracting(Action::message, Action::channel, Action::time).containsExactly(
                tuple("m_a", Channel.SMS, at(0)), tuple("m_b", Channel.EMAIL, at(60)), tuple("m_c", Channel.SMS, at(24 * 60)));
        assertThat(r.skips).isEmpty();
    }

    @Test
    void aTotalCapHoldsEveryChannel() {
        Recorder r = new Recorder();
        JourneyEngine e = r.engine().cap(FrequencyCap.total(1, Duration.ofDays(1))).arbitrationWindow(Duration.ofMillis(1))
                .duplicateWindow(Duration.ZERO).build();
        e.deploy(instant("a", "x", "m", Delivery.marketing(Channel.SMS, Channel.EMAIL)));
        Recorder.reachable(e, 1, Channel.SMS, Channel.EMAIL);
        e.onEvent(JourneyEvent.of(1, "x", at(0)));
        e.onEvent(JourneyEvent.of(1, "x", at(60)));
        assertThat(r.delivered).hasSize(1);
        assertThat(r.skips).extracting(Skip::reason).containsExactly(SkipReason.CAPPED);
    }

    @Test
    void transactionalMessagesAreExemptAndDoNotCount() {
        Recorder r = new Recorder();
        JourneyEngine e = r.engine().cap(FrequencyCap.total(1, Duration.ofDays(7))).quietHours(LocalTime.of(0, 0), LocalTime.of(23, 0))
                .duplicateWindow(Duration.ZERO).build();
        e.deploy(instant("order", "purchase", "order_confirmation", Delivery.transactional(Channel.EMAIL)));
        e.setReachable(1, Channel.EMAIL, true); // no consent at all: transactional does not need marketing consent
        for (int i = 0; i < 5; i++) {
            e.onEvent(JourneyEvent.of(1, "purchase", at(i)));
        }
        assertThat(r.delivered).hasSize(5);
    }

    @Test
    void quietHoursQueueInTheProfilesZoneAndDiscardByRule() {
        Recorder r = new Recorder();
        JourneyEngine e = r.engine().quietHours(LocalTime.of(21, 0), LocalTime.of(8, 0)).brandZone(ZoneId.of("Europe/Paris"))
                .build();
        e.deploy(instant("q", "x", "queued", Delivery.marketing(Channel.EMAIL)));
        e.deploy(instant("d", "y", "discarded", Delivery.marketing(Channel.EMAIL).withOnQuietHours(Delivery.OnQuietHours.DISCARD)));
        Recorder.reachable(e, 1, Channel.EMAIL);
        Recorder.reachable(e, 2, Channel.EMAIL);
        e.setTimeZone(2, ZoneId.of("America/New_York"));
        // 2026-03-02T22:00Z = 23:00 in Paris (quiet) = 17:00 in New York (not quiet)
        java.time.Instant late = java.time.Instant.parse("2026-03-02T22:00:00Z");
        e.onEvent(JourneyEvent.of(1, "x", late));
        e.onEvent(JourneyEvent.of(2, "x", late));
        e.onEvent(JourneyEvent.of(1, "y", late));
        e.advanceTo(java.time.Instant.parse("2026-03-04T00:00:00Z"));
        assertThat(r.delivered).extracting(Action::profile, Action::message, Action::time).containsExactly(
                tuple(2L, "queued", late),
                tuple(1L, "queued", java.time.Instant.parse("2026-03-03T07:00:00Z"))); // 08:00 Paris
        assertThat(r.skips).extracting(Skip::profile, Skip::reason).containsExactly(tuple(1L, SkipReason.QUIET_HOURS));
    }

    @Test
    void aQuietPeriodsEndReleasesItsQueueInKeyPriorityJourneyOrder() {
        // hundreds of messages meet at 08:00 (the large-batch sort of one instant) and arbitration then spaces
        // each profile's three journeys a millisecond apart; the oracle is the documented order written out:
        // the k-th message of each profile (by priority descending, then journey id) at 08:00 + k ms, by key
        Recorder r = new Recorder();
        JourneyEngine e = r.engine().quietHours(LocalTime.of(21, 0), LocalTime.of(8, 0)).brandZone(ZoneId.of("UTC"))
                .arbitrationWindow(Duration.ofMillis(1)).build();
        e.deploy(instant("b_high", "visit", "m_b", Delivery.marketing(Channel.EMAIL).withPriority(9)));
        e.deploy(instant("c_mid", "visit", "m_c", Delivery.marketing(Channel.EMAIL).withPriority(5)));
        e.deploy(instant("a_mid", "visit", "m_a", Delivery.marketing(Channel.EMAIL).withPriority(5)));
        java.util.List<Long> keys = new java.util.ArrayList<>();
        java.util.SplittableRandom rnd = new java.util.SplittableRandom(7);
        for (int i = 0; i < 120; i++) {
            keys.add(rnd.nextLong(-1_000_000_000_000L, 1_000_000_000_000L));
        }
        for (long k : keys) {
            Recorder.reachable(e, k, Channel.EMAIL);
        }
        java.time.Instant night = java.time.Instant.parse("2026-03-02T22:00:00Z");
        for (int i = 0; i < keys.size(); i++) {
            e.onEvent(JourneyEvent.of(keys.get(i), "visit", night.plusSeconds(i)));
        }
        java.time.Instant eight = java.time.Instant.parse("2026-03-03T08:00:00Z");
        e.advanceTo(eight.plusSeconds(60));
        java.util.List<org.assertj.core.groups.Tuple> expected = new java.util.ArrayList<>();
        java.util.List<Long> sorted = keys.stream().sorted().toList();
        String[] byRule = {"m_b", "m_a", "m_c"};
        for (int k = 0; k < byRule.length; k++) {
            for (long key : sorted) {
                expected.add(tuple(key, byRule[k], eight.plusMillis(k)));
            }
        }
        assertThat(r.delivered).extracting(Action::profile, Action::message, Action::time).containsExactlyElementsOf(expected);
    }

    @Test
    void rateLimitDefersExcessToTheNextPeriodInKeyOrder() {
        Recorder r = new Recorder();
        JourneyEngine e = r.engine().rateLimit(Channel.SMS, 2, Duration.ofMinutes(1)).build();
        e.deploy(instant("a", "x", "m", Delivery.marketing(Channel.SMS)));
        for (long p = 1; p <= 5; p++) {
            Recorder.reachable(e, p, Channel.SMS);
        }
        e.advanceTo(at(0));
        for (long p = 5; p >= 1; p--) {
            e.onEvent(JourneyEvent.of(p, "x", at(0)));
        }
        e.advanceTo(at(10));
        assertThat(r.delivered).extracting(Action::profile, Action::time).containsExactly(
                tuple(5L, at(0)), tuple(4L, at(0)), tuple(1L, at(1)), tuple(2L, at(1)), tuple(3L, at(2)));
        // each event is its own instant (5 and 4 take the two permits); the three deferred messages meet at
        // the next period and are arbitrated together in profile-key order
    }

    @Test
    void arbitrationLetsTheHigherPriorityWinAndTheOthersWaitOrDrop() {
        Recorder r = new Recorder();
        JourneyEngine e = r.engine().arbitrationWindow(Duration.ofHours(4)).build();
        e.deploy(instant("low", "visit", "low_msg", Delivery.marketing(Channel.EMAIL).withPriority(1)));
        e.deploy(instant("high", "visit", "high_msg", Delivery.marketing(Channel.EMAIL).withPriority(9)));
        e.deploy(instant("drop", "visit", "drop_msg", Delivery.marketing(Channel.EMAIL).withPriority(5)
                .withOnConflict(Delivery.OnConflict.DROP)));
        Recorder.reachable(e, 1, Channel.EMAIL);
        e.onEvent(JourneyEvent.of(1, "visit", at(0)));
        e.advanceTo(at(24 * 60));
        assertThat(r.delivered).extracting(Action::message, Action::time)
                .containsExactly(tuple("high_msg", at(0)), tuple("low_msg", at(4 * 60)));
        assertThat(r.skips).extracting(Skip::message, Skip::reason).containsExactly(tuple("drop_msg", SkipReason.ARBITRATION_LOST));
    }

    @Test
    void noMessageAboutWhatTheProfileJustBoughtInTheShop() {
        Recorder r = new Recorder();
        JourneyEngine e = r.engine().conversionEvents("purchase", "store_purchase").convertedWindow(Duration.ofDays(3)).build();
        e.deploy(instantAbout("banner", "view", "banner_sku1", "sku-1", Delivery.marketing(Channel.DISPLAY)));
        Recorder.reachable(e, 1, Channel.DISPLAY);
        e.onEvent(new JourneyEvent(1, "store_purchase", at(0), Map.of("item", "sku-1")));
        e.onEvent(JourneyEvent.of(1, "view", at(60)));
        e.onEvent(JourneyEvent.of(1, "view", at(4 * 24 * 60)));
        assertThat(r.skips).extracting(Skip::reason, Skip::time).containsExactly(tuple(SkipReason.ALREADY_CONVERTED, at(60)));
        assertThat(r.delivered).extracting(Action::time).containsExactly(at(4 * 24 * 60));
    }

    @Test
    void noSameMessageOnTwoChannelsWithinTheWindow() {
        Recorder r = new Recorder();
        JourneyEngine e = r.engine().duplicateWindow(Duration.ofDays(1)).arbitrationWindow(Duration.ofMillis(1)).build();
        e.deploy(instant("by_email", "x", "spring_sale", Delivery.marketing(Channel.EMAIL)));
        e.deploy(instant("by_sms", "y", "spring_sale", Delivery.marketing(Channel.SMS)));
        Recorder.reachable(e, 1, Channel.EMAIL, Channel.SMS);
        e.onEvent(JourneyEvent.of(1, "x", at(0)));
        e.onEvent(JourneyEvent.of(1, "y", at(10)));
        e.onEvent(JourneyEvent.of(1, "y", at(25 * 60)));
        assertThat(r.delivered).extracting(Action::channel, Action::time)
                .containsExactly(tuple(Channel.EMAIL, at(0)), tuple(Channel.SMS, at(25 * 60)));
        assertThat(r.skips).extracting(Skip::reason).containsExactly(SkipReason.DUPLICATE_MESSAGE);
    }

    @Test
    void suppressedAndErasedProfilesGetNothingEver() {
        Recorder r = new Recorder();
        JourneyEngine e = r.engine().build();
        e.deploy(Journey.builder("slow").entry(Trigger.event("x"))
                .step(new Step.Wait("w", Duration.ofHours(1), null, null))
                .step(new Step.Send("s", "m", null, Delivery.marketing(Channel.EMAIL), null)).build());
        Recorder.reachable(e, 1, Channel.EMAIL);
        Recorder.reachable(e, 2, Channel.EMAIL);
        e.onEvent(JourneyEvent.of(1, "x", at(0)));
        e.onEvent(JourneyEvent.of(2, "x", at(0)));
        e.suppress(1);
        e.erase(2);
        e.setReachable(2, Channel.EMAIL, true);
        e.onEvent(JourneyEvent.of(2, "x", at(5)));
        e.onSegmentChange(2, "vip", true, at(6));
        e.advanceTo(at(600));
        assertThat(r.delivered).isEmpty();
        assertThat(e.positions(1)).isEmpty();
        assertThat(e.positions(2)).isEmpty();
        assertThat(e.isSuppressed(1)).isTrue();
        assertThat(e.stats().profiles()).isZero();
        assertThat(r.log).contains("leave 1 slow v1 erased " + at(0), "leave 2 slow v1 erased " + at(0));
    }
}
