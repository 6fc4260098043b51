package io.omnicanal.attribution;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/**
 * Heuristic models against tables worked out by hand. The data set:
 * <pre>
 *   path                          conv  value  nulls
 *   search > email > direct         2    100     0
 *   social > search                 1     30     1
 *   direct                          1     10     0
 *   email > email > social          1     60     0
 *   search                          0      0     5
 * </pre>
 */
class HeuristicModelsTest {
    private static final double EPS = 1e-12;

    static PathTable table() {
        return PathTable.builder()
                .add(List.of("search", "email", "direct"), 2, 100, 0)
                .add(List.of("social", "search"), 1, 30, 1)
                .add(List.of("direct"), 1, 10, 0)
                .add(List.of("email", "email", "social"), 1, 60, 0)
                .add(List.of("search"), 0, 0, 5)
                .build();
    }

    private static void expect(Credits c, String value, double conv, double val) {
        assertThat(c.conversions(value)).as(value + " conversions").isCloseTo(conv, within(EPS));
        assertThat(c.value(value)).as(value + " value").isCloseTo(val, within(EPS));
    }

    @Test
    void firstTouch() {
        Credits c = AttributionModel.firstTouch().attribute(table());
        expect(c, "search", 2, 100);
        expect(c, "social", 1, 30);
        expect(c, "direct", 1, 10);
        expect(c, "email", 1, 60);
    }

    @Test
    void lastTouch() {
        Credits c = AttributionModel.lastTouch().attribute(table());
        expect(c, "direct", 3, 110);
        expect(c, "search", 1, 30);
        expect(c, "social", 1, 60);
        expect(c, "email", 0, 0);
    }

    @Test
    void lastNonDirectSkipsDirectUnlessAlone() {
        Credits c = AttributionModel.lastNonDirectTouch().attribute(table());
        expect(c, "email", 2, 100);
        expect(c, "search", 1, 30);
        expect(c, "direct", 1, 10);
        expect(c, "social", 1, 60);
    }

    @Test
    void linearCountsOccurrences() {
        // path 1: each 2/3 conv, 100/3 value; path 2: 1/2, 15; path 3: 1, 10;
        // path 4: email 2/3 conv 40 value, social 1/3 conv 20 value.
        Credits c = AttributionModel.linear().attribute(table());
        expect(c, "search", 2.0 / 3 + 0.5, 100.0 / 3 + 15);
        expect(c, "email", 2.0 / 3 + 2.0 / 3, 100.0 / 3 + 40);
        expect(c, "direct", 2.0 / 3 + 1, 100.0 / 3 + 10);
        expect(c, "social", 0.5 + 1.0 / 3, 15 + 20);
    }

    @Test
    void linearDistinctCountsEachValueOnce() {
        Credits c = AttributionModel.linearDistinct().attribute(table());
        expect(c, "email", 2.0 / 3 + 0.5, 100.0 / 3 + 30);
        expect(c, "social", 0.5 + 0.5, 15 + 30);
    }

    @Test
    void positionBasedDefault() {
        // path 1 (3 steps): 0.4 / 0.2 / 0.4; path 2 (2 steps): 0.5 / 0.5; path 4: email .4+.2, social .4
        Credits c = AttributionModel.positionBased().attribute(table());
        expect(c, "search", 0.8 + 0.5, 40 + 15);
        expect(c, "email", 0.4 + 0.6, 20 + 36);
        expect(c, "direct", 0.8 + 1, 40 + 10);
        expect(c, "social", 0.5 + 0.4, 15 + 24);
    }

    @Test
    void positionBasedCustomWeightsSplitTwoStepPathsByRatio() {
        Credits c = AttributionModel.positionBased(0.3, 0.6).attribute(PathTable.builder()
                .add(List.of("a", "b"), 3, 90, 0).add(List.of("a", "b", "c", "d"), 1, 10, 0).build());
        // two steps: a 1/3, b 2/3; four steps: a .3, d .6, b and c .05 each
        expect(c, "a", 1 + 0.3, 30 + 3);
        expect(c, "b", 2 + 0.05, 60 + 0.5);
        expect(c, "c", 0.05, 0.5);
        expect(c, "d", 0.6, 6);
    }

    @Test
    void timeDecayHalvesPerHalfLife() {
        Instant end = Instant.parse("2026-03-10T00:00:00Z");
        PathTable t = PathTable.builder()
                .addJourney(List.of("a", "b", "c"),
                        List.of(end.minus(Duration.ofDays(14)), end.minus(Duration.ofDays(7)), end), end, 1, 70, 0)
                .build();
        // weights 1/4, 1/2, 1 -> normalised 1/7, 2/7, 4/7
        Credits c = AttributionModel.timeDecay().attribute(t);
        expect(c, "a", 1.0 / 7, 10);
        expect(c, "b", 2.0 / 7, 20);
        expect(c, "c", 4.0 / 7, 40);
        Credits oneDay = AttributionModel.timeDecay(Duration.ofDays(14)).attribute(t);
        double s = 0.5 + Math.sqrt(0.5) + 1;
        expect(oneDay, "a", 0.5 / s, 70 * 0.5 / s);
    }

    @Test
    void timeDecayNeedsAges() {
        assertThatThrownBy(() -> AttributionModel.timeDecay().attribute(table()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("time_decay");
    }

    @Test
    void settingsAreValidated() {
        assertThatThrownBy(() -> AttributionModel.positionBased(0.7, 0.5))
                .hasMessageContaining("firstWeight + lastWeight").hasMessageContaining("1.2");
        assertThatThrownBy(() -> AttributionModel.positionBased(-0.1, 0.5)).hasMessageContaining("firstWeight")
                .hasMessageContaining("-0.1");
        assertThatThrownBy(() -> AttributionModel.timeDecay(Duration.ZERO)).hasMessageContaining("halfLife")
                .hasMessageContaining("PT0S");
    }
}
