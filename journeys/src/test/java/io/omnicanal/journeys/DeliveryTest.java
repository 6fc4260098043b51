package io.omnicanal.journeys;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static io.omnicanal.journeys.Recorder.at;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

/** Channel choice, senders, idempotency keys, retries and dead letters. */
class DeliveryTest {

    static Journey any(Channel... candidates) {
        return PressureScenarioTest.instant("j", "x", "m", Delivery.marketing(candidates));
    }

    @Test
    void channelChoiceNeedsIdentifierAndConsentThenPrefersPreferenceEngagementAndCost() {
        Recorder r = new Recorder();
        JourneyEngine e = r.engine().duplicateWindow(Duration.ZERO).channelCost(Channel.EMAIL, 0.5).channelCost(Channel.SMS, 0.1)
                .channelCost(Channel.PUSH, 0.3).build();
        e.deploy(any(Channel.PUSH, Channel.EMAIL, Channel.SMS));
        // 1: push without consent, email without identifier, sms ok -> sms
        e.setReachable(1, Channel.PUSH, true);
        e.setConsent(1, Channel.EMAIL, "marketing", true);
        Recorder.reachable(e, 1, Channel.SMS);
        // 2: all usable, no preference, no engagement -> cheapest (sms 0.1)
        Recorder.reachable(e, 2, Channel.PUSH, Channel.EMAIL, Channel.SMS);
        // 3: all usable, prefers email
        Recorder.reachable(e, 3, Channel.PUSH, Channel.EMAIL, Channel.SMS);
        e.setPreferredChannel(3, Channel.EMAIL);
        // 4: all usable, engaged twice by push
        Recorder.reachable(e, 4, Channel.PUSH, Channel.EMAIL, Channel.SMS);
        e.onEvent(new JourneyEvent(4, "open", at(0), Map.of("channel", "push")));
        e.onEvent(new JourneyEvent(4, "click", at(0), Map.of("channel", "push")));
        e.onEvent(new JourneyEvent(4, "open", at(0), Map.of("channel", "email")));
        // 5: prefers display, which is not a candidate -> falls through to cost among usable (push only)
        Recorder.reachable(e, 5, Channel.PUSH, Channel.DISPLAY);
        e.setPreferredChannel(5, Channel.DISPLAY);
        // 6: consent withdrawn -> unreachable
        Recorder.reachable(e, 6, Channel.EMAIL);
        e.setConsent(6, Channel.EMAIL, "marketing", false);
        for (long p = 1; p <= 6; p++) {
            e.onEvent(JourneyEvent.of(p, "x", at(1)));
        }
        assertThat(r.delivered).extracting(Action::profile, Action::channel).containsExactly(
                tuple(1L, Channel.SMS), tuple(2L, Channel.SMS), tuple(3L, Channel.EMAIL), tuple(4L, Channel.PUSH),
                tuple(5L, Channel.PUSH));
        assertThat(r.skips).extracting(Skip::profile, Skip::reason).containsExactly(tuple(6L, SkipReason.UNREACHABLE));
    }

    @Test
    void equalCostsFallBackInCandidateOrder() {
        Recorder r = new Recorder();
        JourneyEngine e = r.engine().channelCost(Channel.EMAIL, 1).channelCost(Channel.SMS, 1).channelCost(Channel.PUSH, 1).build();
        e.deploy(any()); // engine default fallback order: push, email, sms, ...
        Recorder.reachable(e, 1, Channel.SMS, Channel.EMAIL);
        Recorder.reachable(e, 2, Channel.SMS, Channel.EMAIL, Channel.PUSH);
        e.onEvent(JourneyEvent.of(1, "x", at(0)));
        e.onEvent(JourneyEvent.of(2, "x", at(0)));
        assertThat(r.delivered).extracting(Action::channel).containsExactly(Channel.EMAIL, Channel.PUSH);
    }

    @Test
    void retriesWithBackoffUnderTheSameKeyThenDeadLetters() {
        Recorder r = new Recorder();
        JourneyEngine e = r.engine().retryPolicy(new RetryPolicy(3, Duration.ofMinutes(1))).build();
        e.deploy(any(Channel.EMAIL));
        Recorder.reachable(e, 1, Channel.EMAIL);
        Recorder.reachable(e, 2, Channel.EMAIL);
        r.script.add(SendOutcome.RETRY);
        r.script.add(SendOutcome.RETRY);
        e.onEvent(JourneyEvent.of(1, "x", at(0)));
        e.advanceTo(at(10));
        assertThat(r.attempts).extracting(Action::attempt, Action::time)
                .containsExactly(tuple(1, at(0)), tuple(2, at(1)), tuple(3, at(3)));
        assertThat(r.attempts).extracting(Action::idempotencyKey).containsOnly("j/1/1/1/s");
        assertThat(r.delivered).hasSize(1);
        // three failures exhaust the policy; a thrown exception counts as a failure
        r.script.add(SendOutcome.RETRY);
        r.script.add(SendOutcome.RETRY);
        r.script.add(SendOutcome.RETRY);
        e.onEvent(JourneyEvent.of(2, "x", at(20)));
        e.advanceTo(at(60));
        assertThat(e.deadLetters()).singleElement().satisfies(d -> {
            assertThat(d.action().profile()).isEqualTo(2);
            assertThat(d.action().attempt()).isEqualTo(3);
            assertThat(d.reason()).startsWith("gave up after 3 attempts");
        });
        assertThat(e.stats().pendingMessages()).isZero();
    }

    /**
     * The sender asks to retry profile 1's message; 1 is merged into 2 (which has an entry of its own in the
     * journey, so the stay's entry number changes too) before the retry: the retry goes to profile 2 under the
     * key of the first attempt, also from a snapshot taken between the two, and so does a dead letter.
     */
    @Test
    void aRetryAfterAMergeKeepsTheKeyOfTheFirstAttempt(@TempDir Path dir) throws IOException {
        for (boolean viaSnapshot : new boolean[] {false, true}) {
            Recorder r = new Recorder();
            JourneyEngine e = r.engine().retryPolicy(new RetryPolicy(3, Duration.ofMinutes(10))).duplicateWindow(Duration.ZERO).build();
            e.deploy(any(Channel.EMAIL));
            Recorder.reachable(e, 1, Channel.EMAIL);
            Recorder.reachable(e, 2, Channel.EMAIL);
            e.onEvent(JourneyEvent.of(2, "x", at(0)));
            r.script.add(SendOutcome.RETRY);
            e.onEvent(JourneyEvent.of(1, "x", at(1)));
            e.merge(1, 2, at(5));
            Recorder after = r;
            if (viaSnapshot) {
                Path file = dir.resolve("retry.snap");
                e.snapshot(file);
                after = new Recorder();
                e = after.engine().retryPolicy(new RetryPolicy(3, Duration.ofMinutes(10))).duplicateWindow(Duration.ZERO).build();
                e.restore(file);
            }
            e.advanceTo(at(60));
            java.util.List<Action> attempts = new java.util.ArrayList<>(r.attempts);
            if (viaSnapshot) {
                attempts.addAll(after.attempts);
            }
            assertThat(attempts).as("via snapshot: %s", viaSnapshot)
                    .extracting(Action::profile, Action::entry, Action::attempt, Action::time, Action::idempotencyKey)
                    .containsExactly(tuple(2L, 1, 1, at(0), "j/1/2/1/s"), tuple(1L, 1, 1, at(1), "j/1/1/1/s"),
                            tuple(2L, 2, 2, at(11), "j/1/1/1/s"));
            assertThat(after.delivered).extracting(Action::idempotencyKey).endsWith("j/1/1/1/s");
        }

        // a message that gives up after the merge is dead-lettered under the first attempt's key, kept by snapshots
        Recorder d = new Recorder();
        JourneyEngine e = d.engine().retryPolicy(new RetryPolicy(2, Duration.ofMinutes(10))).duplicateWindow(Duration.ZERO).build();
        e.deploy(any(Channel.EMAIL));
        Recorder.reachable(e, 1, Channel.EMAIL);
        Recorder.reachable(e, 2, Channel.EMAIL);
        e.onEvent(JourneyEvent.of(2, "x", at(0)));
        d.script.add(SendOutcome.RETRY);
        d.script.add(SendOutcome.RETRY);
        e.onEvent(JourneyEvent.of(1, "x", at(1)));
        e.merge(1, 2, at(5));
        e.advanceTo(at(60));
        assertThat(e.deadLetters()).extracting(dl -> dl.action().profile(), dl -> dl.action().idempotencyKey())
                .containsExactly(tuple(2L, "j/1/1/1/s"));
        Path file = dir.resolve("dead.snap");
        e.snapshot(file);
        JourneyEngine back = new Recorder().engine().retryPolicy(new RetryPolicy(2, Duration.ofMinutes(10)))
                .duplicateWindow(Duration.ZERO).build();
        back.restore(file);
        assertThat(back.deadLetters()).isEqualTo(e.deadLetters());
    }

    @Test
    void rejectionsThrowingSendersAndMissingSendersAreNeverSilent() {
        Recorder r = new Recorder();
        JourneyEngine e = JourneyEngine.builder().listener(r).start(Recorder.T0).retryPolicy(new RetryPolicy(2, Duration.ofSeconds(30)))
                .sender(Channel.EMAIL, a -> SendOutcome.REJECTED)
                .sender(Channel.PUSH, a -> {
                    throw new IllegalStateException("gateway down");
                })
                .build();
        e.deploy(any(Channel.EMAIL));
        e.deploy(PressureScenarioTest.instant("p", "y", "mp", Delivery.marketing(Channel.PUSH)));
        e.deploy(PressureScenarioTest.instant("s", "z", "ms", Delivery.marketing(Channel.SMS)));
        Recorder.reachable(e, 1, Channel.EMAIL, Channel.PUSH, Channel.SMS);
        e.onEvent(JourneyEvent.of(1, "x", at(0)));
        e.onEvent(JourneyEvent.of(1, "y", at(100)));
        e.onEvent(JourneyEvent.of(1, "z", at(200)));
        e.advanceTo(at(400));
        assertThat(e.deadLetters()).extracting(d -> d.action().channel(), DeadLetter::reason).containsExactly(
                tuple(Channel.EMAIL, "rejected by sender"),
                tuple(Channel.PUSH, "gave up after 2 attempts: sender threw java.lang.IllegalStateException: gateway down"),
                tuple(Channel.SMS, "no sender configured for channel sms"));
        assertThat(r.deadLetters).hasSize(3);
        // erasure leaves nothing of the profile behind, its dead letters included
        Recorder.reachable(e, 2, Channel.SMS);
        e.onEvent(JourneyEvent.of(2, "z", at(500)));
        e.erase(1);
        assertThat(e.deadLetters()).extracting(d -> d.action().profile()).containsExactly(2L);
    }

    @Test
    void idempotencyKeysAreStableAndDistinctPerStay() {
        Recorder r = new Recorder();
        JourneyEngine e = r.engine().duplicateWindow(Duration.ZERO).build();
        e.deploy(StepScenarioTest.withReEntry(any(Channel.EMAIL), ReEntry.always()));
        Recorder.reachable(e, 7, Channel.EMAIL);
        e.onEvent(JourneyEvent.of(7, "x", at(0)));
        e.onEvent(JourneyEvent.of(7, "x", at(1)));
        assertThat(r.delivered).extracting(Action::idempotencyKey).containsExactly("j/1/7/1/s", "j/1/7/2/s");
        assertThat(r.duplicatesRefused).isZero();
    }

    static final long DAY = 24 * 60;

    /** A weekly reminder: the loop back to the send gives every pass its own key, and a snapshot keeps the count. */
    @Test
    void aLoopingJourneyGivesEachPassThroughASendItsOwnKey(@TempDir Path dir) throws IOException {
        Journey loop = Journey.builder("loop").entry(Trigger.event("visit"))
                .step(new Step.Send("s1", "reminder", null, Delivery.marketing(Channel.EMAIL), "w"))
                .step(new Step.Wait("w", Duration.ofDays(7), null, "s1")).build();
        Recorder r = new Recorder();
        JourneyEngine e = r.engine().build();
        e.deploy(loop);
        Recorder.reachable(e, 7, Channel.EMAIL);
        e.onEvent(JourneyEvent.of(7, "visit", at(0)));
        e.advanceTo(at(7 * DAY + 1));
        Path file = dir.resolve("j.snap");
        e.snapshot(file);
        Recorder r2 = new Recorder();
        JourneyEngine restored = r2.engine().build();
        restored.restore(file);
        restored.advanceTo(at(21 * DAY + 1));
        assertThat(r.delivered).extracting(Action::idempotencyKey).containsExactly("loop/1/7/1/s1", "loop/1/7/1/s1#2");
        assertThat(r2.delivered).extracting(Action::idempotencyKey).containsExactly("loop/1/7/1/s1#3", "loop/1/7/1/s1#4");
        assertThat(r2.delivered).extracting(Action::pass).containsExactly(3, 4);
        assertThat(r.duplicatesRefused + r2.duplicatesRefused).isZero();
    }

    /**
     * The winner finished a journey once; the loser's stay in it moves over at the merge and becomes the winner's
     * second entry, so its next send does not repeat the key of the winner's first stay.
     */
    @Test
    void aStayMovedByAMergeIsNumberedAfterTheWinnersOwnEntries() {
        Journey welcome = Journey.builder("welcome").entry(Trigger.event("visit"))
                .step(new Step.Send("s1", "hello", null, Delivery.marketing(Channel.EMAIL), null))
                .step(new Step.Wait("w", Duration.ofDays(2), null, null))
                .step(new Step.Send("s2", "tips", null, Delivery.marketing(Channel.EMAIL), null)).build();
        Recorder r = new Recorder();
        JourneyEngine e = r.engine().build();
        e.deploy(welcome);
        Recorder.reachable(e, 1, Channel.EMAIL);
        Recorder.reachable(e, 2, Channel.EMAIL);
        e.onEvent(JourneyEvent.of(2, "visit", at(0)));
        e.advanceTo(at(3 * DAY));
        e.onEvent(JourneyEvent.of(1, "visit", at(10 * DAY)));
        e.merge(1, 2, at(11 * DAY));
        e.advanceTo(at(13 * DAY));
        assertThat(r.delivered).extracting(Action::idempotencyKey).containsExactly(
                "welcome/1/2/1/s1", "welcome/1/2/1/s2", "welcome/1/1/1/s1", "welcome/1/2/2/s2");
        assertThat(r.duplicatesRefused).isZero();
    }

    /** Two orders an hour apart get two receipts: transactional messages are never redundant. */
    @Test
    void transactionalMessagesSkipTheRedundancyRules() {
        Recorder r = new Recorder();
        JourneyEngine e = r.engine().build(); // default duplicate window: one day
        e.deploy(PressureScenarioTest.instant("order", "purchase", "receipt", Delivery.transactional(Channel.EMAIL)));
        e.deploy(PressureScenarioTest.instant("promo", "purchase", "promo", Delivery.marketing(Channel.EMAIL)));
        Recorder.reachable(e, 3, Channel.EMAIL);
        e.onEvent(JourneyEvent.of(3, "purchase", at(0)));
        e.onEvent(JourneyEvent.of(3, "purchase", at(60)));
        assertThat(r.delivered).extracting(Action::message).containsExactly("receipt", "promo", "receipt");
        assertThat(r.skips).extracting(Skip::message, Skip::reason).contains(tuple("promo", SkipReason.DUPLICATE_MESSAGE));
    }
}
