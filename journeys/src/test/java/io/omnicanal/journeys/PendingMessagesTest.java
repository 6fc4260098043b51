package io.omnicanal.journeys;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

/**
 * What becomes of a stay's pending messages (queued for quiet hours, deferred by a cap or arbitration, waiting
 * for a retry) when the stay ends: a goal or an exit rule releases them as {@link SkipReason#JOURNEY_LEFT}
 * skips; the end of the path, or an Exit step, lets them go out.
 */
class PendingMessagesTest {
    static final Instant START = Instant.parse("2026-03-01T00:00:00Z");
    static final Instant EVENING = Instant.parse("2026-03-02T21:30:00Z");
    static final Instant MORNING = Instant.parse("2026-03-03T07:00:00Z");
    static final Instant NOON = Instant.parse("2026-03-03T12:00:00Z");

    /** Wait 1h, send a reminder, wait two days: the reviewer's scenario. */
    static Journey cart(Step last) {
        Journey.Builder b = Journey.builder("cart").entry(Trigger.event("add_to_cart")).goal(Trigger.event("purchase"))
                .exit(Trigger.event("unsubscribe"))
                .step(new Step.Wait("w", Duration.ofHours(1), null, null))
                .step(new Step.Send("remind", "cart_reminder", null, Delivery.marketing(Channel.PUSH), null));
        return (last == null ? b : b.step(last)).build();
    }

    static JourneyEngine quietEngine(Recorder r, Journey j) {
        JourneyEngine e = r.engine().start(START)
                .quietHours(LocalTime.of(21, 0), LocalTime.of(8, 0)).build();
        e.deploy(j);
        Recorder.reachable(e, 1, Channel.PUSH);
        e.onEvent(JourneyEvent.of(1, "add_to_cart", EVENING));
        e.advanceTo(EVENING.plus(Duration.ofHours(2)));
        assertThat(r.delivered).as("queued at 22:30 until 08:00").isEmpty();
        return e;
    }

    @Test
    void aGoalReachedWhileTheReminderIsQueuedReleasesIt() {
        Recorder r = new Recorder();
        JourneyEngine e = quietEngine(r, cart(new Step.Wait("w2", Duration.ofDays(2), null, null)));
        e.onEvent(new JourneyEvent(1, "purchase", MORNING, Map.of()));
        e.advanceTo(NOON);
        assertThat(r.delivered).isEmpty();
        assertThat(r.skips).extracting(Skip::message, Skip::reason, Skip::time)
                .containsExactly(tuple("cart_reminder", SkipReason.JOURNEY_LEFT, MORNING));
        assertThat(e.stats().pendingMessages()).isZero();
    }

    @Test
    void anExitRuleReleasesTheQueuedReminderToo() {
        Recorder r = new Recorder();
        JourneyEngine e = quietEngine(r, cart(new Step.Wait("w2", Duration.ofDays(2), null, null)));
        e.onEvent(JourneyEvent.of(1, "unsubscribe", MORNING));
        e.advanceTo(NOON);
        assertThat(r.delivered).isEmpty();
        assertThat(r.skips).extracting(Skip::reason).containsExactly(SkipReason.JOURNEY_LEFT);
        assertThat(r.log).contains("leave 1 cart v1 exit " + MORNING);
    }

    @Test
    void theEndOfThePathOrAnExitStepStillSendsTheLastQueuedMessage() {
        for (Step last : new Step[] {null, new Step.Exit("done")}) {
            Recorder r = new Recorder();
            JourneyEngine e = quietEngine(r, cart(last));
            assertThat(e.positions(1)).as("the stay ended right after requesting").isEmpty();
            e.onEvent(new JourneyEvent(1, "purchase", MORNING, Map.of()));
            e.advanceTo(NOON);
            assertThat(r.delivered).extracting(Action::message, Action::time)
                    .containsExactly(tuple("cart_reminder", Instant.parse("2026-03-03T08:00:00Z")));
            assertThat(r.skips).isEmpty();
        }
    }

    /** On y: send m2 by push, then wait three days (so that the stay is live when the message is held back). */
    static Journey second(Journey.Builder b, Delivery.OnCap onCap) {
        return b.entry(Trigger.event("y")).step(new Step.Send("s", "m2", null, Delivery.marketing(Channel.PUSH).withOnCap(onCap), null))
                .step(new Step.Wait("w", Duration.ofDays(3), null, null)).build();
    }

    @Test
    void capDeferredArbitrationDeferredAndRetryingMessagesAreReleasedByTheGoal() {
        // cap: one push a day, deferred; the first journey sends, the second's message waits for the window
        Recorder r = new Recorder();
        JourneyEngine e = r.engine().cap(FrequencyCap.perChannel(Channel.PUSH, 1, Duration.ofDays(1)))
                .arbitrationWindow(Duration.ofMillis(1)).duplicateWindow(Duration.ZERO).build();
        e.deploy(PressureScenarioTest.instant("first", "x", "m1", Delivery.marketing(Channel.PUSH)));
        e.deploy(second(Journey.builder("second").goal(Trigger.event("purchase")), Delivery.OnCap.DEFER));
        Recorder.reachable(e, 1, Channel.PUSH);
        e.onEvent(JourneyEvent.of(1, "x", Recorder.at(0)));
        e.onEvent(JourneyEvent.of(1, "y", Recorder.at(1)));
        e.onEvent(JourneyEvent.of(1, "purchase", Recorder.at(60)));
        e.advanceTo(Recorder.at(3 * 24 * 60));
        assertThat(r.delivered).extracting(Action::message).containsExactly("m1");
        assertThat(r.skips).extracting(Skip::message, Skip::reason).containsExactly(tuple("m2", SkipReason.JOURNEY_LEFT));

        // arbitration: a one-hour window, the second journey's message waits for it
        Recorder a = new Recorder();
        JourneyEngine ea = a.engine().arbitrationWindow(Duration.ofHours(1)).duplicateWindow(Duration.ZERO).build();
        ea.deploy(PressureScenarioTest.instant("first", "x", "m1", Delivery.marketing(Channel.PUSH)));
        ea.deploy(second(Journey.builder("second").exit(Trigger.event("stop")), Delivery.OnCap.SKIP));
        Recorder.reachable(ea, 1, Channel.PUSH);
        ea.onEvent(JourneyEvent.of(1, "x", Recorder.at(0)));
        ea.onEvent(JourneyEvent.of(1, "y", Recorder.at(1)));
        ea.onEvent(JourneyEvent.of(1, "stop", Recorder.at(30)));
        ea.advanceTo(Recorder.at(24 * 60));
        assertThat(a.delivered).extracting(Action::message).containsExactly("m1");
        assertThat(a.skips).extracting(Skip::message, Skip::reason).containsExactly(tuple("m2", SkipReason.JOURNEY_LEFT));

        // retry: the sender asks to retry, the goal comes before the second attempt
        Recorder t = new Recorder();
        t.script.add(SendOutcome.RETRY);
        JourneyEngine et = t.engine().retryPolicy(new RetryPolicy(3, Duration.ofMinutes(10))).build();
        et.deploy(second(Journey.builder("second").goal(Trigger.event("purchase")), Delivery.OnCap.SKIP));
        Recorder.reachable(et, 1, Channel.PUSH);
        et.onEvent(JourneyEvent.of(1, "y", Recorder.at(0)));
        et.onEvent(JourneyEvent.of(1, "purchase", Recorder.at(5)));
        et.advanceTo(Recorder.at(24 * 60));
        assertThat(t.attempts).hasSize(1);
        assertThat(t.delivered).isEmpty();
        assertThat(t.deadLetters).isEmpty();
        assertThat(t.skips).extracting(Skip::message, Skip::reason).containsExactly(tuple("m2", SkipReason.JOURNEY_LEFT));
    }

    @Test
    void aRestoredEngineStillKnowsWhichStayAQueuedMessageBelongsTo(@TempDir Path dir) throws IOException {
        Recorder r = new Recorder();
        JourneyEngine e = quietEngine(r, cart(new Step.Wait("w2", Duration.ofDays(2), null, null)));
        Path file = dir.resolve("snap");
        e.snapshot(file);
        Recorder r2 = new Recorder();
        JourneyEngine restored = r2.engine().start(START).quietHours(LocalTime.of(21, 0), LocalTime.of(8, 0)).build();
        restored.restore(file);
        restored.onEvent(new JourneyEvent(1, "purchase", MORNING, Map.of()));
        restored.advanceTo(NOON);
        assertThat(r2.delivered).isEmpty();
        assertThat(r2.skips).extracting(Skip::reason).containsExactly(SkipReason.JOURNEY_LEFT);

        // and after a natural end the restored engine still sends
        Recorder r3 = new Recorder();
        JourneyEngine ended = quietEngine(r3, cart(null));
        ended.snapshot(file);
        Recorder r4 = new Recorder();
        JourneyEngine back = r4.engine().start(START).quietHours(LocalTime.of(21, 0), LocalTime.of(8, 0)).build();
        back.restore(file);
        back.onEvent(new JourneyEvent(1, "purchase", MORNING, Map.of()));
        back.advanceTo(NOON);
        assertThat(r4.delivered).extracting(Action::message).containsExactly("cart_reminder");
    }

    /**
     * Profiles 1 and 2 in {@link #cart} with a two-day wait after the reminder (so both stays are live at the
     * merge), both reminders queued by quiet hours 21:00-08:00 UTC, then merged at 23:00. (With the README's
     * journey, whose reminder is followed by an Exit step, both stays have ended at 21:30 and the queued
     * reminders go out as documented: one, the other being a duplicate.)
     */
    static JourneyEngine twoQueuedCartReminders(Recorder r, Duration duplicateWindow) {
        JourneyEngine e = r.engine().start(START).quietHours(LocalTime.of(21, 0), LocalTime.of(8, 0))
                .duplicateWindow(duplicateWindow).build();
        e.deploy(cart(new Step.Wait("w2", Duration.ofDays(2), null, null)));
        Recorder.reachable(e, 1, Channel.PUSH);
        Recorder.reachable(e, 2, Channel.PUSH);
        Instant cartTime = Instant.parse("2026-03-02T20:30:00Z");
        e.onEvent(JourneyEvent.of(1, "add_to_cart", cartTime));
        e.onEvent(JourneyEvent.of(2, "add_to_cart", cartTime));
        e.advanceTo(Instant.parse("2026-03-02T22:00:00Z"));
        assertThat(e.stats().pendingMessages()).as("both reminders queued until 08:00").isEqualTo(2);
        e.merge(1, 2, Instant.parse("2026-03-02T23:00:00Z"));
        return e;
    }

    @Test
    void aMergeIntoAWinnerInTheSameJourneyReleasesTheLosersQueuedReminder() {
        Instant merged = Instant.parse("2026-03-02T23:00:00Z");
        // the winner buys before 08:00: neither reminder goes out
        Recorder r = new Recorder();
        JourneyEngine e = twoQueuedCartReminders(r, Duration.ofDays(1));
        assertThat(r.log).contains("leave 1 cart v1 merged " + merged);
        assertThat(e.stats().pendingMessages()).as("only the winner's own reminder is left").isEqualTo(1);
        e.onEvent(JourneyEvent.of(2, "purchase", MORNING));
        e.advanceTo(Instant.parse("2026-03-03T09:00:00Z"));
        assertThat(r.attempts).isEmpty();
        assertThat(r.skips).extracting(Skip::profile, Skip::message, Skip::reason, Skip::time).containsExactly(
                tuple(1L, "cart_reminder", SkipReason.JOURNEY_LEFT, merged),
                tuple(2L, "cart_reminder", SkipReason.JOURNEY_LEFT, MORNING));
        assertThat(e.stats().pendingMessages()).isZero();

        // no goal, no duplicate rule: the person gets one reminder, the winner's, not one per merged key
        Recorder n = new Recorder();
        JourneyEngine en = twoQueuedCartReminders(n, Duration.ZERO);
        en.advanceTo(Instant.parse("2026-03-03T09:00:00Z"));
        assertThat(n.attempts).extracting(Action::idempotencyKey, Action::time)
                .containsExactly(tuple("cart/1/2/1/remind", Instant.parse("2026-03-03T08:00:00Z")));
        assertThat(n.skips).extracting(Skip::profile, Skip::reason).containsExactly(tuple(1L, SkipReason.JOURNEY_LEFT));
        assertThat(en.stats().pendingMessages()).isZero();
    }
}
