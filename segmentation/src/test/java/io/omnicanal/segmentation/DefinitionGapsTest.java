package io.omnicanal.segmentation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Review finding 10: a negative zero bound is the zero bound (records, hash codes, JSON, evaluation); every
 * RFM score in JSON is checked where it stands, with its path and value (a number beyond the int range used
 * to be truncated: 4294967300 read as 4); a sequence that could never hold is refused when it is defined.
 */
class DefinitionGapsTest {
    private static final EventFilter PURCHASE = EventFilter.type("purchase");
    private static final EventFilter CART = EventFilter.type("add_to_cart");

    // ---- (a) negative zero ---------------------------------------------------------------------------

    @Test
    void aNegativeZeroBoundIsTheZeroBound() {
        Condition.Aggregate neg = new Condition.Aggregate(Condition.Measure.SUM, PURCHASE, null, -0.0, -0.0);
        Condition.Aggregate pos = new Condition.Aggregate(Condition.Measure.SUM, PURCHASE, null, 0.0, 0.0);
        assertThat(neg).isEqualTo(pos).hasSameHashCodeAs(pos);
        assertThat(Double.doubleToRawLongBits(neg.min())).isZero();
        assertThat(Double.doubleToRawLongBits(neg.max())).isZero();
        Condition.TraitRange negRange = new Condition.TraitRange("age", -0.0, 10);
        assertThat(negRange).isEqualTo(new Condition.TraitRange("age", 0, 10))
                .hasSameHashCodeAs(new Condition.TraitRange("age", 0, 10));
    }

    @Test
    void aNegativeZeroInJsonReadsAndWritesAsZero() {
        String json = "{\"segments\": [{\"id\": \"a\", \"condition\": {\"op\": \"aggregate\", \"measure\": \"sum\","
                + " \"filter\": {\"type\": \"purchase\"}, \"min\": -0.0, \"max\": -0e0}},"
                + " {\"id\": \"b\", \"condition\": {\"op\": \"traitRange\", \"trait\": \"age\", \"min\": -0.0,"
                + " \"max\": 5}}]}";
        SegmentCatalog read = SegmentCatalog.fromJson(json);
        SegmentCatalog zero = SegmentCatalog.builder()
                .add("a", new Condition.Aggregate(Condition.Measure.SUM, PURCHASE, null, 0, 0))
                .add("b", new Condition.TraitRange("age", 0, 5))
                .build();
        assertThat(read).isEqualTo(zero).hasSameHashCodeAs(zero);
        assertThat(read.toJson()).isEqualTo(zero.toJson()).doesNotContain("-0");
        assertThat(SegmentCatalog.fromJson(read.toJson())).isEqualTo(read);
        // It behaves as 0: a refund and a purchase that cancel out are in "sum in [0, 0]", "-0" is age 0.
        SegmentEngine e = SegmentEngine.create(read, Instant.EPOCH);
        e.onEvent(Event.of(1, Instant.ofEpochSecond(1), "purchase", null, null, 10));
        e.onEvent(Event.of(1, Instant.ofEpochSecond(2), "purchase", null, null, -10));
        e.setTrait(1, "age", "-0");
        assertThat(e.segmentsOf(1)).containsExactly("a", "b");
    }

    // ---- (b) RFM scores in JSON ----------------------------------------------------------------------

    private static String rfmCell(String recency) {
        return "{\"rfm\": {\"cells\": [{\"name\": \"Top\", \"recency\": " + recency
                + ", \"frequency\": [1, 5], \"monetary\": [1, 5]}]}}";
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "[4, 4294967300]|$.rfm.cells[0].recency[1]|was number 4294967300",
        "[4, 99999999999999999999]|$.rfm.cells[0].recency[1]|was number 99999999999999999999",
        "[-4294967295, 5]|$.rfm.cells[0].recency[0]|was number -4294967295",
        "[1.5, 5]|$.rfm.cells[0].recency[0]|was number 1.5",
        "[4.0, 5]|$.rfm.cells[0].recency[0]|(not written as an integer)",
        "[\"4\", 5]|$.rfm.cells[0].recency[0]|was string \"4\"",
        "[0, 5]|$.rfm.cells[0].recency[0]|was number 0",
        "[1, 6]|$.rfm.cells[0].recency[1]|was number 6",
        "[5, 4]|$.rfm.cells[0].recency|min <= max, was [5, 4]",
        "[1, 2, 3]|$.rfm.cells[0].recency|expected [min, max] of two integers in 1..5, was array [1,2,3]",
        "3|$.rfm.cells[0].recency|expected [min, max] of two integers in 1..5, was number 3",
    })
    void everyRfmScoreIsCheckedWithItsPathAndValue(String recency, String path, String message) {
        assertThatThrownBy(() -> SegmentCatalog.fromJson(rfmCell(recency)))
                .isInstanceOfSatisfying(SegmentDefinitionException.class, e -> {
                    assertThat(e.path()).isEqualTo(path);
                    assertThat(e.getMessage()).startsWith(path + ": ").contains(message);
                });
    }

    @Test
    void rfmScoresConditionsAreCheckedTheSameWay() {
        String json = "{\"segments\": [{\"id\": \"a\", \"condition\": {\"op\": \"rfmScores\", \"recency\": [1, 5],"
                + " \"frequency\": [1, 5], \"monetary\": [2, 4294967301]}}]}";
        assertThatThrownBy(() -> SegmentCatalog.fromJson(json))
                .isInstanceOfSatisfying(SegmentDefinitionException.class, e -> {
                    assertThat(e.path()).isEqualTo("$.segments[0].condition.monetary[1]");
                    assertThat(e.getMessage()).contains("4294967301");
                });
        assertThat(SegmentCatalog.fromJson(rfmCell("[2, 5]")).rfm().cells().get(0).recencyMin()).isEqualTo(2);
    }

    // ---- (c) sequences that could never hold ---------------------------------------------------------

    @Test
    void aLookbackNotLongerThanWithinIsRefused() {
        Duration hour = Duration.ofHours(1);
        for (Duration lookback : new Duration[] {hour, Duration.ofMinutes(59), Duration.ofMillis(1)}) {
            assertThatThrownBy(() -> new Condition.Sequence(CART, PURCHASE, hour, lookback))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("lookback must be longer than within (PT1H)")
                    .hasMessageContaining("was lookback=" + lookback);
        }
        assertThat(new Condition.Sequence(CART, PURCHASE, hour, hour.plusMillis(1)).lookback())
                .isEqualTo(hour.plusMillis(1));
    }

    @Test
    void aThenNoThatEveryFirstEventMatchesIsRefused() {
        EventFilter webCart = CART.withChannel("web").withProperty("campaign", "spring");
        for (EventFilter thenNo : new EventFilter[] {webCart, CART, CART.withChannel("web"),
            CART.withProperty("campaign", "spring"), EventFilter.any(), new EventFilter(null, "web", null, null)}) {
            assertThatThrownBy(() -> new Condition.Sequence(webCart, thenNo, Duration.ofHours(1), null))
                    .as("thenNo %s", thenNo).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("thenNo matches every event that first matches")
                    .hasMessageContaining("was thenNo=" + thenNo);
        }
        // A thenNo narrower than first, or on another value, can be missed: accepted.
        for (EventFilter thenNo : new EventFilter[] {CART.withDevice("phone"), CART.withChannel("app"),
            CART.withProperty("campaign", "autumn"), PURCHASE, webCart.withProperty("step", "2")}) {
            assertThat(new Condition.Sequence(webCart, thenNo, Duration.ofHours(1), null).thenNo()).isEqualTo(thenNo);
        }
    }

    @Test
    void anImpossibleSequenceInJsonIsRefusedWithItsPath() {
        String json = "{\"segments\": [{\"id\": \"a\", \"condition\": {\"op\": \"sequence\","
                + " \"first\": {\"type\": \"add_to_cart\"}, \"thenNo\": {\"type\": \"purchase\"},"
                + " \"within\": \"PT2H\", \"lookback\": \"PT1H\"}}]}";
        assertThatThrownBy(() -> SegmentCatalog.fromJson(json))
                .isInstanceOfSatisfying(SegmentDefinitionException.class, e -> {
                    assertThat(e.path()).isEqualTo("$.segments[0].condition");
                    assertThat(e.getMessage()).contains("lookback must be longer than within (PT2H)")
                            .contains("was lookback=PT1H");
                });
        String same = json.replace("\"purchase\"", "\"add_to_cart\"").replace("\"PT1H\"", "\"P1D\"");
        assertThatThrownBy(() -> SegmentCatalog.fromJson(same))
                .isInstanceOfSatisfying(SegmentDefinitionException.class,
                        e -> assertThat(e.getMessage()).contains("thenNo matches every event that first matches"));
    }
}
