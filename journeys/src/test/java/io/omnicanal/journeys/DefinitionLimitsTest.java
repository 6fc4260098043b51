package io.omnicanal.journeys;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The limits a definition or a deploy is checked against, at their edges. */
class DefinitionLimitsTest {

    static Delivery purpose(String purpose) {
        return new Delivery(List.of(Channel.EMAIL), 0, purpose, false, Delivery.OnCap.SKIP, Delivery.OnQuietHours.QUEUE,
                Delivery.OnConflict.WAIT);
    }

    @Test
    void aNewConsentPurposeNamedByTwoStepsCountsOnce() {
        JourneyEngine e = JourneyEngine.builder().build();
        // "marketing" and "transactional" are known from the start: 2 + 9 = 11 of the 12 purposes
        for (int i = 0; i < 9; i++) {
            e.setConsent(1, Channel.EMAIL, "p" + i, true);
        }
        e.deploy(Journey.builder("j").entry(Trigger.event("x"))
                .step(new Step.Send("s1", "m1", null, purpose("newsletter"), null))
                .step(new Step.Send("s2", "m2", null, purpose("newsletter"), null)).build());
        assertThat(e.journeys()).extracting(Journey::id).containsExactly("j");
        // the thirteenth is refused, at the first step that names it
        assertThatThrownBy(() -> e.deploy(Journey.builder("k").entry(Trigger.event("x"))
                .step(new Step.Send("s1", "m1", null, purpose("newsletter"), null))
                .step(new Step.Send("s2", "m2", null, purpose("surveys"), null)).build()))
                .isInstanceOf(JourneyDefinitionException.class)
                .hasMessageContaining("steps[1].delivery.purpose").hasMessageContaining("\"surveys\" is one too many");
    }

    static final Duration MAX = Duration.ofDays(73_050);
    static final Duration OVER = MAX.plusMillis(1);

    @Test
    void everyDurationIsCappedAt200YearsNamingTheFieldAndTheValue() {
        java.util.Map<String, Consumer<Duration>> settings = new java.util.LinkedHashMap<>();
        settings.put("duration", d -> new Step.Wait("w", d, null, null));
        settings.put("timeout", d -> new Step.WaitForEvent("w", Trigger.event("x"), d, null, "a", "b"));
        settings.put("coolDown", d -> ReEntry.afterCoolDown(d));
        settings.put("window", d -> FrequencyCap.total(1, d));
        settings.put("backoff", d -> new RetryPolicy(2, d));
        settings.put("arbitrationWindow", d -> JourneyEngine.builder().arbitrationWindow(d));
        settings.put("convertedWindow", d -> JourneyEngine.builder().convertedWindow(d));
        settings.put("duplicateWindow", d -> JourneyEngine.builder().duplicateWindow(d));
        settings.put("per", d -> JourneyEngine.builder().rateLimit(Channel.SMS, 10, d));
        settings.put("offer coolDown", d -> new Offer("o", "m", null, null, 1, d));
        settings.forEach((field, set) -> {
            set.accept(MAX);
            String name = field.startsWith("offer ") ? field.substring(6) : field;
            assertThatThrownBy(() -> set.accept(OVER)).as(field).isInstanceOf(IllegalArgumentException.class)
                    .hasMessage(name + " must be at most PT1753200H (200 years), was " + OVER);
            assertThatThrownBy(() -> set.accept(Duration.ofSeconds(Long.MAX_VALUE))).as(field)
                    .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith(name + " must be at most");
        });
    }

    @Test
    void aTwoHundredYearWaitWaitsInsteadOfFiringAtOnce() {
        Recorder r = new Recorder();
        JourneyEngine e = r.engine().build();
        e.deploy(Journey.builder("j").entry(Trigger.event("signup"))
                .step(new Step.Wait("w", MAX, null, null))
                .step(new Step.Send("s", "m", null, Delivery.marketing(Channel.EMAIL), null)).build());
        Recorder.reachable(e, 1, Channel.EMAIL);
        Instant t = Recorder.T0.plusSeconds(60);
        e.onEvent(JourneyEvent.of(1, "signup", t));
        e.advanceTo(t.plusSeconds(1));
        assertThat(r.delivered).isEmpty();
        assertThat(e.positions(1)).extracting(Position::wakeUp).containsExactly(t.plus(MAX));
    }

    @Test
    void aJourneyOfTheMostStepsThatDoNotWaitBuildsRoundTripsAndRuns() {
        int n = Journey.MAX_STEPS;
        Journey.Builder b = Journey.builder("deep").entry(Trigger.event("x"));
        for (int i = 0; i < n; i++) {
            b.step(new Step.UpdateTrait("s" + i, "t", "v" + i, null));
        }
        Journey deep = b.build();
        assertThat(Journey.fromJson(deep.toJson())).isEqualTo(deep);
        JourneyEngine e = JourneyEngine.builder().start(Recorder.T0).build();
        e.deploy(deep);
        e.onEvent(JourneyEvent.of(1, "x", Recorder.T0));
        assertThat(e.positions(1)).isEmpty(); // ran through every step and ended

        // the same chain closed back to its first step: the last step closes the cycle
        Journey.Builder cyclic = Journey.builder("loop").entry(Trigger.event("x"));
        for (int i = 0; i < n - 1; i++) {
            cyclic.step(new Step.UpdateTrait("s" + i, "t", "v", null));
        }
        cyclic.step(new Step.UpdateTrait("s" + (n - 1), "t", "v", "s0"));
        assertThatThrownBy(cyclic::build).isInstanceOfSatisfying(JourneyDefinitionException.class,
                ex -> assertThat(ex.path()).isEqualTo("steps[" + (n - 1) + "]"))
                .hasMessageContaining("step \"s" + (n - 1) + "\" closes a cycle without a wait through \"s0\"");
    }

    @Test
    void journeyAndStepIdsRefuseTheIdempotencyKeysSeparators() {
        // with them two actions could share a key: journey "a/1" v2, profile 3, entry 4, step "s" and journey "a" v1,
        // profile 2, entry 3, step "4/s" are both a/1/2/3/4/s; step "s#2" on a first pass and "s" on its second, s#2
        for (String bad : List.of("promo/2026", "cart#2")) {
            assertThatThrownBy(() -> Journey.builder(bad)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("id must not contain '" + (bad.contains("/") ? '/' : '#') + "'")
                    .hasMessageContaining("was \"" + bad + "\"");
            assertThatThrownBy(() -> new Step.Exit(bad)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("was \"" + bad + "\"");
        }
        String json = """
                {"id": "j", "entry": {"event": "signup"}, "steps": [{"type": "exit", "id": "done"}]}""";
        assertThatThrownBy(() -> Journey.fromJson(json.replace("\"j\"", "\"a/b\"")))
                .isInstanceOfSatisfying(JourneyDefinitionException.class, e -> assertThat(e.path()).isEqualTo("id"))
                .hasMessageContaining("was \"a/b\"");
        assertThatThrownBy(() -> Journey.fromJson(json.replace("\"done\"", "\"done#2\"")))
                .isInstanceOfSatisfying(JourneyDefinitionException.class, e -> assertThat(e.path()).isEqualTo("steps[0]"))
                .hasMessageContaining("id must not contain '#'");
    }

    static List<Step.Branch> branches(int n) {
        List<Step.Branch> list = new java.util.ArrayList<>();
        for (int k = 0; k < n; k++) {
            list.add(new Step.Branch(1_000_000, "e"));
        }
        return list;
    }

    /**
     * Each weight is at most 1,000,000, and so is the total: 2,148 branches of 1,000,000 overflowed the int sum
     * and sent every profile down the first branch (the holdout never applied). Refused in code and in JSON,
     * naming the total; exactly Integer.MAX_VALUE is accepted.
     */
    @Test
    void aRandomSplitWhoseWeightsAddUpBeyondAnIntIsRefused() {
        assertThatThrownBy(() -> new Step.RandomSplit("r", branches(2_148), 0, null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("branches").hasMessageContaining("2148000000").hasMessageContaining("2147483647");
        assertThatThrownBy(() -> new Step.RandomSplit("r", branches(2_147), 483_648, null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("holdoutWeight 483648")
                .hasMessageContaining("2147483648");

        StringBuilder json = new StringBuilder("{\"id\":\"j\",\"entry\":{\"event\":\"x\"},\"steps\":[")
                .append("{\"type\":\"random_split\",\"id\":\"r\",\"branches\":[");
        for (int k = 0; k < 2_148; k++) {
            json.append(k == 0 ? "" : ",").append("{\"weight\":1000000,\"next\":\"e\"}");
        }
        json.append("]},{\"type\":\"exit\",\"id\":\"e\"}]}");
        assertThatThrownBy(() -> Journey.fromJson(json.toString()))
                .isInstanceOfSatisfying(JourneyDefinitionException.class, x -> assertThat(x.path()).isEqualTo("steps[0]"))
                .hasMessageContaining("steps[0]: branches").hasMessageContaining("2148000000");

        // the largest total is accepted (and round-trips through JSON)
        Journey j = Journey.builder("j").entry(Trigger.event("x"))
                .step(new Step.RandomSplit("r", branches(2_147), 483_647, "e"))
                .step(new Step.Exit("e")).build();
        assertThat(Journey.fromJson(j.toJson())).isEqualTo(j);
    }
}
