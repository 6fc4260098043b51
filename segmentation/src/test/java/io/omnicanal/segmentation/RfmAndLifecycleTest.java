package io.omnicanal.segmentation;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class RfmAndLifecycleTest {
    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    private static SegmentEngine engine(RfmSettings.TieRule ties) {
        SegmentCatalog c = SegmentCatalog.builder()
                .rfm(new RfmSettings(EventFilter.type("purchase"), null, ties, RfmSettings.defaultCells()))
                .add("champions", new Condition.RfmCell("Champions"))
                .add("f5", new Condition.RfmScores(1, 5, 5, 5, 1, 5)).build();
        return SegmentEngine.create(c, T0);
    }

    @Test
    void tenDistinctCustomersFallIntoQuintilesOfTwo() {
        SegmentEngine e = engine(RfmSettings.TieRule.SHARE);
        // Profile k buys k times, for k euros each, the last time on day k: all three orders agree.
        for (int k = 1; k <= 10; k++) {
            for (int i = 0; i < k; i++) {
                e.onEvent(Event.of(k, T0.plus(Duration.ofDays(k)).minusSeconds(i), "purchase", "web", null, k));
            }
        }
        e.refreshRfm();
        int[] expected = {1, 1, 2, 2, 3, 3, 4, 4, 5, 5};
        for (int k = 1; k <= 10; k++) {
            RfmScore s = e.rfmScore(k).orElseThrow();
            assertThat(List.of(s.recency(), s.frequency(), s.monetary())).as("profile %d", k)
                    .containsOnly(expected[k - 1]);
        }
        assertThat(e.members("champions")).containsExactly(7L, 8L, 9L, 10L);
        assertThat(e.members("f5")).containsExactly(9L, 10L);
        assertThat(e.rfmScore(1).orElseThrow().cell()).isEqualTo("Hibernating");
        assertThat(e.rfmScore(99)).isEmpty();
    }

    @Test
    void tiesShareTheLowerScoreOrSplitByKey() {
        List<Integer> shared = frequencies(RfmSettings.TieRule.SHARE);
        List<Integer> split = frequencies(RfmSettings.TieRule.SPLIT_BY_KEY);
        // Five customers with one purchase, five with two. Shared: ranks 0 and 5 of 10.
        assertThat(shared).containsExactly(1, 1, 1, 1, 1, 3, 3, 3, 3, 3);
        // Split by key: ranks 0..9 in key order.
        assertThat(split).containsExactly(1, 1, 2, 2, 3, 3, 4, 4, 5, 5);
    }

    private static List<Integer> frequencies(RfmSettings.TieRule ties) {
        SegmentEngine e = engine(ties);
        for (int k = 1; k <= 10; k++) {
            for (int i = 0; i < (k <= 5 ? 1 : 2); i++) {
                e.onEvent(Event.of(k, T0.plusSeconds(i), "purchase", "web", null, 10));
            }
        }
        e.refreshRfm();
        List<Integer> out = new ArrayList<>();
        for (int k = 1; k <= 10; k++) {
            out.add(e.rfmScore(k).orElseThrow().frequency());
        }
        return out;
    }

    @Test
    void lifecycleTimelineWithDefaults() {
        SegmentCatalog.Builder b = SegmentCatalog.builder();
        for (LifecycleStage s : LifecycleStage.values()) {
            b.add(s.name().toLowerCase(java.util.Locale.ROOT), new Condition.Lifecycle(s));
        }
        SegmentEngine e = SegmentEngine.create(b.build(), T0);
        assertThat(e.setTrait(1, "x", "y")).extracting(SegmentChange::segment).containsExactly("prospect");
        List<SegmentChange> changes = new ArrayList<>(e.onEvent(Event.of(1, T0, "purchase", "store", null, 5)));
        changes.addAll(e.advanceTo(T0.plus(Duration.ofDays(199))));
        changes.addAll(e.onEvent(Event.of(1, T0.plus(Duration.ofDays(200)), "purchase", "store", null, 5)));
        changes.addAll(e.advanceTo(T0.plus(Duration.ofDays(400))));
        List<String> entered = changes.stream().filter(SegmentChange::entered)
                .map(c -> c.segment() + "@" + Duration.between(T0, c.time()).toDays()).toList();
        // new for 30 days, active until day 90, at risk until 180, lapsed; back on day 200 after a
        // 200-day gap: reactivated for 30 days, then active (last purchase day 200) until 290, at risk until 380.
        assertThat(entered).containsExactly("new@0", "active@30", "at_risk@90", "lapsed@180", "reactivated@200",
                "active@230", "at_risk@290", "lapsed@380");
        assertThat(e.lifecycleStage(1)).isEqualTo(LifecycleStage.LAPSED);
        assertThat(e.lifecycleStage(2)).isEqualTo(LifecycleStage.PROSPECT);
    }
}
