package io.omnicanal.journeys;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.MonthDay;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;

import static io.omnicanal.journeys.Recorder.at;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

/** Each step kind, entry kind, re-entry rule, goal and exit with a driven clock. */
class StepScenarioTest {

    static Delivery email() {
        return Delivery.marketing(Channel.EMAIL);
    }

    @Test
    void waitUntilTimeOfDayUsesTheProfilesZone() {
        Recorder r = new Recorder();
        JourneyEngine e = r.engine().build();
        e.deploy(Journey.builder("morning").entry(Trigger.event("signup"))
                .step(new Step.Wait("w", null, LocalTime.of(9, 0), null))
                .step(new Step.Send("s", "hello", null, email(), null)).build());
        Recorder.reachable(e, 1, Channel.EMAIL);
        Recorder.reachable(e, 2, Channel.EMAIL);
        e.setTimeZone(2, ZoneId.of("Asia/Tokyo"));
        // T0 = 10:00Z: UTC profile waits until tomorrow 09:00Z; Tokyo (19:00 local) until 09:00 JST = 00:00Z next day
        e.onEvent(JourneyEvent.of(1, "signup", at(0)));
        e.onEvent(JourneyEvent.of(2, "signup", at(0)));
        e.advanceTo(at(3 * 24 * 60));
        assertThat(r.delivered).extracting(Action::profile, Action::time).containsExactly(
                tuple(2L, Instant.parse("2026-03-03T00:00:00Z")), tuple(1L, Instant.parse("2026-03-03T09:00:00Z")));
    }

    @Test
    void decisionSplitOnTraitAndSegment() {
        Recorder r = new Recorder();
        JourneyEngine e = r.engine().build();
        e.deploy(Journey.builder("winback").entry(new Trigger.OnSegment("lapsed", true))
                .step(new Step.DecisionSplit("d", new Condition.Any(List.of(Condition.trait("tier", "gold"), Condition.inSegment("vip"))),
                        "premium", "basic"))
                .step(new Step.Send("premium", "premium_offer", null, email(), "end"))
                .step(new Step.Send("basic", "basic_offer", null, email(), "end"))
                .step(new Step.Exit("end")).build());
        for (long p = 1; p <= 3; p++) {
            Recorder.reachable(e, p, Channel.EMAIL);
        }
        e.setTrait(1, "tier", "gold");
        e.onSegmentChange(2, "vip", true, at(0));
        e.onSegmentChange(1, "lapsed", true, at(1));
        e.onSegmentChange(2, "lapsed", true, at(1));
        e.onSegmentChange(3, "lapsed", true, at(1));
        e.onSegmentChange(3, "lapsed", true, at(2)); // repeated report: no second entry attempt
        assertThat(r.delivered).extracting(Action::profile, Action::message)
                .containsExactly(tuple(1L, "premium_offer"), tuple(2L, "premium_offer"), tuple(3L, "basic_offer"));
    }

    @Test
    void eventConditionsAndRanges() {
        Recorder r = new Recorder();
        JourneyEngine e = r.engine().duplicateWindow(Duration.ZERO).arbitrationWindow(Duration.ofMillis(1)).build();
        e.deploy(Journey.builder("big_cart").reEntry(ReEntry.always())
                .entry(Trigger.event("add_to_cart", new Condition.All(List.of(
                        new Condition.Range(Condition.Source.EVENT, "price", 100, 500),
                        new Condition.In(Condition.Source.EVENT, "category", List.of("shoes", "bags"))))))
                .step(new Step.Send("s", "big", null, email(), null)).build());
        Recorder.reachable(e, 1, Channel.EMAIL);
        e.onEvent(new JourneyEvent(1, "add_to_cart", at(0), Map.of("price", "99.99", "category", "shoes")));
        e.onEvent(new JourneyEvent(1, "add_to_cart", at(1), Map.of("price", "100", "category", "shoes")));
        e.onEvent(new JourneyEvent(1, "add_to_cart", at(2), Map.of("price", "500", "category", "hats")));
        e.onEvent(new JourneyEvent(1, "add_to_cart", at(3), Map.of("price", "cheap", "category", "bags")));
        e.onEvent(new JourneyEvent(1, "add_to_cart", at(4), Map.of("price", "500.0", "category", "bags")));
        assertThat(r.delivered).extracting(Action::time).containsExactly(at(1), at(4));
    }

    @Test
    void randomSplitIsSeededAndHoldoutNeverReceivesButConverts() {
        Recorder r = new Recorder();
        JourneyEngine e = r.engine().build();
        e.deploy(Journey.builder("test").entry(Trigger.event("signup")).goal(Trigger.event("purchase"))
                .step(new Step.RandomSplit("split", List.of(new Step.Branch(1, "a"), new Step.Branch(1, "b")), 2, null))
                .step(new Step.Send("a", "variant_a", null, email(), "wait"))
                .step(new Step.Send("b", "variant_b", null, email(), "wait"))
                .step(new Step.Wait("wait", Duration.ofDays(1), null, null)).build());
        int n = 4000;
        for (long p = 0; p < n; p++) {
            Recorder.reachable(e, p, Channel.EMAIL);
            e.onEvent(JourneyEvent.of(p, "signup", at(0)));
        }
        long a = r.delivered.stream().filter(x -> x.message().equals("variant_a")).count();
        long b = r.delivered.stream().filter(x -> x.message().equals("variant_b")).count();
        long holdout = r.skips.stream().filter(s -> s.reason() == SkipReason.HOLDOUT).count();
        assertThat(a + b + holdout).isEqualTo(n);
        // weights 1:1:2 -> expected 1000/1000/2000; 5 standard deviations of a binomial(4000, 1/4) is ~137
        assertThat(a).isBetween(1000L - 137, 1000L + 137);
        assertThat(b).isBetween(1000L - 137, 1000L + 137);
        assertThat(holdout).isBetween(2000L - 160, 2000L + 160);
        // holdout profiles are flagged and still report conversions as control
        long control = r.skips.stream().filter(s -> s.reason() == SkipReason.HOLDOUT).findFirst().orElseThrow().profile();
        assertThat(e.positions(control)).singleElement().extracting(Position::control).isEqualTo(true);
        e.onEvent(JourneyEvent.of(control, "purchase", at(10)));
        assertThat(r.conversions).singleElement().satisfies(c -> {
            assertThat(c.control()).isTrue();
            assertThat(c.touches()).isEmpty();
        });
        assertThat(r.delivered).noneMatch(x -> x.profile() == control);
        // determinism: an independent engine assigns every profile to the same arm
        Recorder r2 = new Recorder();
        JourneyEngine e2 = r2.engine().build();
        e2.deploy(e.journeys().get(0));
        for (long p = n - 1; p >= 0; p--) {
            Recorder.reachable(e2, p, Channel.EMAIL);
            e2.onEvent(JourneyEvent.of(p, "signup", at(0)));
        }
        assertThat(r2.delivered).extracting(Action::profile, Action::message)
                .containsExactlyInAnyOrderElementsOf(r.delivered.stream().map(x -> tuple(x.profile(), x.message())).toList());
    }

    @Test
    void nextBestActionHonoursEligibilityScoreAndCoolDown() {
        Recorder r = new Recorder();
        JourneyEngine e = r.engine().duplicateWindow(Duration.ZERO)
                .offer(new Offer("shoes", "shoes_msg", "sku-shoes", null, 1.0, Duration.ofDays(2)))
                .offer(new Offer("vip", "vip_msg", null, Condition.trait("tier", "gold"), 5.0, Duration.ofDays(2)))
                .offer(new Offer("bags", "bags_msg", null, null, 1.0, Duration.ofDays(2)))
                .build();
        e.deploy(Journey.builder("nba").reEntry(ReEntry.always()).entry(Trigger.event("visit"))
                .step(new Step.NextBestAction("pick", List.of(), email(), null, "none"))
                .step(new Step.Exit("done"))
                .step(new Step.UpdateTrait("none", "starved", "yes", null)).build());
        Recorder.reachable(e, 1, Channel.EMAIL);
        e.setTrait(1, "tier", "gold");
        for (int day = 0; day < 4; day++) {
            e.onEvent(JourneyEvent.of(1, "visit", at(day * 24 * 60)));
        }
        // vip scores highest; then ties 1.0 break by id (bags < shoes); then all three cool down
        assertThat(r.delivered).extracting(Action::offer, Action::message, Action::time).containsExactly(
                tuple("vip", "vip_msg", at(0)), tuple("bags", "bags_msg", at(24 * 60)),
                tuple("vip", "vip_msg", at(2 * 24 * 60)), tuple("bags", "bags_msg", at(3 * 24 * 60)));
        // a user scorer overrides priorities; with nothing eligible the step takes its ifNone branch
        Recorder r2 = new Recorder();
        JourneyEngine e2 = r2.engine().scorer((profile, offer) -> offer.id().equals("shoes") ? 10 : 0)
                .offer(new Offer("shoes", "shoes_msg", null, Condition.trait("size", "42"), 1.0, Duration.ZERO))
                .offer(new Offer("bags", "bags_msg", null, null, 1.0, Duration.ofDays(30))).build();
        e2.deploy(e.journeys().get(0));
        Recorder.reachable(e2, 1, Channel.EMAIL);
        e2.setTrait(1, "size", "42");
        e2.onEvent(JourneyEvent.of(1, "visit", at(0)));
        e2.setTrait(1, "size", null);
        e2.onEvent(JourneyEvent.of(1, "visit", at(10)));
        e2.onEvent(JourneyEvent.of(1, "visit", at(20)));
        assertThat(r2.delivered).extracting(Action::offer).containsExactly("shoes", "bags");
        assertThat(r2.skips).extracting(Skip::reason).containsExactly(SkipReason.NO_ELIGIBLE_OFFER);
    }

    @Test
    void updateTraitFeedsLaterDecisions() {
        Recorder r = new Recorder();
        JourneyEngine e = r.engine().build();
        e.deploy(Journey.builder("onboarding").reEntry(ReEntry.always()).entry(Trigger.event("login"))
                .step(new Step.DecisionSplit("seen", Condition.trait("onboarded", "yes"), "end", "mark"))
                .step(new Step.UpdateTrait("mark", "onboarded", "yes", null))
                .step(new Step.Send("s", "tour", null, email(), null))
                .step(new Step.Exit("end")).build());
        Recorder.reachable(e, 1, Channel.EMAIL);
        e.onEvent(JourneyEvent.of(1, "login", at(0)));
        e.onEvent(JourneyEvent.of(1, "login", at(10)));
        assertThat(r.delivered).hasSize(1);
    }

    @Test
    void birthdayEntryFiresYearlyAtLocalTime() {
        Recorder r = new Recorder();
        JourneyEngine e = r.engine().duplicateWindow(Duration.ZERO).build();
        e.deploy(Journey.builder("birthday").entry(new Trigger.OnDate("birthday", LocalTime.of(9, 0))).reEntry(ReEntry.always())
                .step(new Step.Send("s", "happy_birthday", null, email(), null)).build());
        Recorder.reachable(e, 1, Channel.EMAIL);
        Recorder.reachable(e, 2, Channel.EMAIL);
        e.setTimeZone(1, ZoneId.of("Europe/Madrid"));
        e.setDate(1, "birthday", MonthDay.of(3, 5));
        e.setDate(2, "birthday", MonthDay.of(2, 29));
        e.advanceTo(Instant.parse("2028-03-01T00:00:00Z"));
        assertThat(r.delivered).extracting(Action::profile, Action::time).containsExactly(
                tuple(1L, Instant.parse("2026-03-05T08:00:00Z")),
                tuple(2L, Instant.parse("2027-02-28T09:00:00Z")),
                tuple(1L, Instant.parse("2027-03-05T08:00:00Z")),
                tuple(2L, Instant.parse("2028-02-29T09:00:00Z")));
    }

    @Test
    void reEntryPoliciesAndEntryLimits() {
        Recorder r = new Recorder();
        JourneyEngine e = r.engine().duplicateWindow(Duration.ZERO).arbitrationWindow(Duration.ofMillis(1)).build();
        e.deploy(withReEntry(PressureScenarioTest.instant("never", "x", "n", email()), ReEntry.never()));
        e.deploy(withReEntry(PressureScenarioTest.instant("cool", "y", "c", email()), ReEntry.afterCoolDown(Duration.ofHours(1))));
        e.deploy(withReEntry(PressureScenarioTest.instant("limited", "z", "l", email()), ReEntry.always().withMaxEntries(2)));
        for (long p = 1; p <= 3; p++) {
            Recorder.reachable(e, p, Channel.EMAIL);
        }
        for (int m = 0; m <= 90; m += 30) {
            e.onEvent(JourneyEvent.of(1, "x", at(m)));
            e.onEvent(JourneyEvent.of(2, "y", at(m)));
            e.onEvent(JourneyEvent.of(3, "z", at(m)));
        }
        assertThat(r.delivered).extracting(Action::message, Action::time).containsExactly(
                tuple("n", at(0)), tuple("c", at(0)), tuple("l", at(0)), tuple("l", at(30)), tuple("c", at(60)));
        assertThat(r.delivered).extracting(Action::entry).contains(1, 2);
    }

    static Journey withReEntry(Journey j, ReEntry re) {
        return new Journey(j.id(), j.version(), j.entry(), re, j.goals(), j.exits(), j.steps(), j.migration());
    }

    @Test
    void goalsEndTheStayWithTouchesAndExitsEndItWithout() {
        Recorder r = new Recorder();
        JourneyEngine e = r.engine().build();
        e.deploy(Journey.builder("nurture").entry(Trigger.event("signup"))
                .goal(Trigger.event("purchase", Condition.property("value", "high")))
                .exit(Trigger.event("unsubscribe"))
                .exit(new Trigger.OnSegment("customers", true))
                .step(new Step.Send("s1", "m1", null, email(), null))
                .step(new Step.Wait("w", Duration.ofDays(1), null, null))
                .step(new Step.Send("s2", "m2", null, email(), null))
                .step(new Step.Wait("w2", Duration.ofDays(30), null, null)).build());
        for (long p = 1; p <= 3; p++) {
            Recorder.reachable(e, p, Channel.EMAIL);
            e.onEvent(JourneyEvent.of(p, "signup", at(0)));
        }
        e.advanceTo(at(2 * 24 * 60));
        e.onEvent(new JourneyEvent(1, "purchase", at(3 * 24 * 60), Map.of("value", "low")));
        e.onEvent(new JourneyEvent(1, "purchase", at(3 * 24 * 60 + 1), Map.of("value", "high")));
        e.onEvent(JourneyEvent.of(2, "unsubscribe", at(3 * 24 * 60 + 2)));
        e.onSegmentChange(3, "customers", true, at(3 * 24 * 60 + 3));
        assertThat(r.conversions).singleElement().satisfies(c -> {
            assertThat(c.profile()).isEqualTo(1);
            assertThat(c.touches()).extracting(Action::message).containsExactly("m1", "m2");
            assertThat(c.time()).isEqualTo(at(3 * 24 * 60 + 1));
        });
        assertThat(r.log).contains("leave 2 nurture v1 exit " + at(3 * 24 * 60 + 2), "leave 3 nurture v1 exit " + at(3 * 24 * 60 + 3));
        assertThat(e.stats().stays()).isZero();
    }

    @Test
    void rejectsTimeGoingBackwardsWithoutChangingState() {
        Recorder r = new Recorder();
        JourneyEngine e = r.engine().build();
        e.advanceTo(at(10));
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> e.onEvent(JourneyEvent.of(1, "x", at(5))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("event.time must not be before")
                .hasMessageContaining(at(5).toString());
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> e.onEvent(null)).hasMessage("event must not be null");
        assertThat(e.now()).isEqualTo(at(10));
        assertThat(e.stats().profiles()).isZero();
    }

    @Test
    void rejectsABatchWithAnEventOutOfOrderBeforeProcessingAny() {
        Recorder r = new Recorder();
        JourneyEngine e = r.engine().build();
        e.deploy(CartAbandonmentScenarioTest.cart(false));
        e.advanceTo(at(10));
        List<JourneyEvent> backwards = List.of(JourneyEvent.of(1, "add_to_cart", at(12)), JourneyEvent.of(2, "add_to_cart", at(11)));
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> e.onEvents(backwards))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("events[1].time must not be before events[0].time " + at(12))
                .hasMessageContaining(at(11).toString());
        List<JourneyEvent> early = List.of(JourneyEvent.of(1, "add_to_cart", at(12)), JourneyEvent.of(2, "add_to_cart", at(5)));
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> e.onEvents(early))
                .hasMessageContaining("events[1].time must not be before the engine's time");
        java.util.ArrayList<JourneyEvent> withNull = new java.util.ArrayList<>(List.of(JourneyEvent.of(1, "add_to_cart", at(12))));
        withNull.add(null);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> e.onEvents(withNull)).hasMessage("events[1] must not be null");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> e.onEvents(null)).hasMessage("events must not be null");
        // nothing of the rejected batches was processed
        assertThat(e.now()).isEqualTo(at(10));
        assertThat(e.stats().profiles()).isZero();
        assertThat(r.log).isEmpty();
        e.onEvents(List.of(JourneyEvent.of(1, "add_to_cart", at(12)), JourneyEvent.of(2, "add_to_cart", at(12))));
        assertThat(e.stats().stays()).isEqualTo(2);
    }
}
