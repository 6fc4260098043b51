package io.omnicanal.journeys;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** What an erased profile leaves behind in a snapshot: nothing of its own, only what others or definitions hold. */
class EraseTraceTest {
    static final Instant T = Instant.parse("2026-01-01T00:00:00Z");

    static String snapshotText(JourneyEngine e, Path file) throws IOException {
        e.snapshot(file);
        return new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1);
    }

    /** The reviewer's scenario: a trait value, a segment and a purchased item of one profile. */
    static JourneyEngine withProfile42(Recorder r) {
        JourneyEngine e = r.engine().start(T).build();
        e.deploy(Journey.builder("j").entry(Trigger.event("signup"))
                .goal(Trigger.event("purchase", Condition.property("item", "gift-card")))
                .step(new Step.DecisionSplit("d", new Condition.InSegment("vip"), null, null))
                .step(new Step.UpdateTrait("u", "tier", "gold", null))
                .step(new Step.Send("s", "m", null, Delivery.marketing(Channel.EMAIL), null)).build());
        e.setTrait(42, "first_name", "Jules-Martin-Unique");
        e.setTrait(42, "nickname", "Jules-Martin-Earlier");
        e.setTrait(42, "nickname", "JM-nick");
        e.onSegmentChange(42, "pregnant_customers_42", true, T);
        e.onSegmentChange(42, "vip", true, T);
        e.onEvent(new JourneyEvent(42, "purchase", T.plusSeconds(60), Map.of("item", "prenatal-vitamins-sku-42")));
        e.onEvent(JourneyEvent.of(42, "signup", T.plusSeconds(120)));
        return e;
    }

    @Test
    void anErasedProfilesTraitValuesSegmentsAndItemsLeaveTheSnapshot(@TempDir Path dir) throws IOException {
        Recorder r = new Recorder();
        JourneyEngine e = withProfile42(r);
        String before = snapshotText(e, dir.resolve("before"));
        assertThat(before).contains("Jules-Martin-Unique", "pregnant_customers_42", "prenatal-vitamins-sku-42", "JM-nick");
        assertThat(before).as("an overwritten value no profile holds is gone already").doesNotContain("Jules-Martin-Earlier");
        e.erase(42);
        String after = snapshotText(e, dir.resolve("after"));
        for (String w : List.of("Jules-Martin-Unique", "Jules-Martin-Earlier", "JM-nick", "pregnant_customers_42",
                "prenatal-vitamins-sku-42")) {
            assertThat(after).as(w).doesNotContain(w);
        }
        // what the definition names stays: the segment it tests, the value it sets, the item of its goal
        assertThat(after).contains("\"vip\"", "gold", "gift-card");
    }

    @Test
    void aValueAnotherProfileHoldsStaysAndIdsAreReusedTheSameWayAfterARestore(@TempDir Path dir) throws IOException {
        Recorder r = new Recorder();
        JourneyEngine e = withProfile42(r);
        e.setTrait(7, "first_name", "Jules-Martin-Unique");
        e.onSegmentChange(7, "pregnant_customers_42", true, T.plusSeconds(180));
        e.erase(42);
        assertThat(snapshotText(e, dir.resolve("a"))).contains("Jules-Martin-Unique", "pregnant_customers_42")
                .doesNotContain("prenatal-vitamins-sku-42");
        // a restored engine continues exactly (forgotten ids are reused lowest first, on both)
        Recorder r2 = new Recorder();
        JourneyEngine back = r2.engine().start(T).build();
        back.restore(dir.resolve("a"));
        for (JourneyEngine x : List.of(e, back)) {
            x.setTrait(8, "first_name", "Anna");
            x.setTrait(8, "city", "Ístanbul");
            x.onSegmentChange(8, "vip", true, T.plusSeconds(240));
            x.onEvent(JourneyEvent.of(8, "signup", T.plusSeconds(240)));
            x.setTrait(7, "first_name", null);
        }
        byte[] one = Files.readAllBytes(snapshotPath(e, dir.resolve("b")));
        byte[] two = Files.readAllBytes(snapshotPath(back, dir.resolve("c")));
        assertThat(two).isEqualTo(one);
        assertThat(new String(one, StandardCharsets.ISO_8859_1)).doesNotContain("Jules-Martin-Unique");
        assertThat(r2.log).isEqualTo(r.log.subList(r.log.size() - r2.log.size(), r.log.size()));
    }

    static Path snapshotPath(JourneyEngine e, Path file) throws IOException {
        e.snapshot(file);
        return file;
    }

    /**
     * A dead letter of profile 1, merged into 2, then 2 erased: the person's dead letter goes with it (it stayed
     * filed under the merged-away key 1), in memory and in a snapshot taken after.
     */
    @Test
    void erasingTheWinnerOfAMergeRemovesTheLosersDeadLetters(@TempDir Path dir) throws IOException {
        Recorder r = new Recorder();
        JourneyEngine e = r.engine().start(T).build();
        e.deploy(PressureScenarioTest.instant("cart", "add_to_cart", "cart_reminder", Delivery.marketing(Channel.PUSH)));
        Recorder.reachable(e, 1, Channel.PUSH);
        r.script.add(SendOutcome.REJECTED);
        e.onEvent(JourneyEvent.of(1, "add_to_cart", T));
        e.advanceTo(T.plusSeconds(3600));
        assertThat(e.deadLetters()).extracting(d -> d.action().profile()).containsExactly(1L);
        e.merge(1, 2, T.plusSeconds(7200));
        assertThat(e.deadLetters()).as("filed under the winner, with the key of the attempt")
                .extracting(d -> d.action().profile(), d -> d.action().idempotencyKey())
                .containsExactly(org.assertj.core.groups.Tuple.tuple(2L, "cart/1/1/1/s"));
        e.erase(2);
        assertThat(e.deadLetters()).isEmpty();
        Path file = dir.resolve("after.snap");
        e.snapshot(file);
        JourneyEngine back = new Recorder().engine().start(T).build();
        back.restore(file);
        assertThat(back.deadLetters()).isEmpty();
        assertThat(snapshotText(e, dir.resolve("again.snap"))).as("no dead letter's reason in the file")
                .doesNotContain("rejected by sender");
    }
}
