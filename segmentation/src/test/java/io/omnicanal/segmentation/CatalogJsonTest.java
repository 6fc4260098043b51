package io.omnicanal.segmentation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CatalogJsonTest {

    @Test
    void richCatalogRoundTripsExactlyAndCanonically() {
        SegmentCatalog c = TestCatalogs.rich(RfmSettings.TieRule.SPLIT_BY_KEY);
        String json = c.toJson();
        SegmentCatalog back = SegmentCatalog.fromJson(json);
        assertThat(back).isEqualTo(c);
        assertThat(back.toJson()).isEqualTo(json);
        assertThat(json).contains("\"op\" : \"lifecycle\"", "\"stage\" : \"reactivated\"", "İstanbul");
    }

    @Property(tries = 200)
    void randomCatalogsRoundTrip(@ForAll long seed) {
        SegmentCatalog c = randomCatalog(new Random(seed));
        SegmentCatalog back = SegmentCatalog.fromJson(c.toJson());
        assertThat(back).isEqualTo(c);
        assertThat(back.toJson()).isEqualTo(c.toJson());
    }

    static SegmentCatalog randomCatalog(Random rnd) {
        SegmentCatalog.Builder b = SegmentCatalog.builder();
        int n = 1 + rnd.nextInt(6);
        for (int i = 0; i < n; i++) {
            b.add(new Segment("s" + i, rnd.nextBoolean() ? "" : "segment ñ " + i, randomCondition(rnd, i, 3)));
        }
        if (rnd.nextBoolean()) {
            b.rfm(new RfmSettings(EventFilter.type("purchase").withChannel("web"), Duration.ofDays(1 + rnd.nextInt(400)),
                    RfmSettings.TieRule.values()[rnd.nextInt(2)], RfmSettings.defaultCells()));
        }
        return b.build();
    }

    private static EventFilter randomFilter(Random rnd) {
        EventFilter f = rnd.nextBoolean() ? EventFilter.any()
                : EventFilter.type(SegmentCatalog.DEFAULT_EVENT_TYPES.get(rnd.nextInt(6)));
        if (rnd.nextInt(3) == 0) {
            f = f.withChannel("web");
        }
        if (rnd.nextInt(4) == 0) {
            f = f.withDevice("ıphone");
        }
        if (rnd.nextInt(4) == 0) {
            f = f.withProperty("campaign", "x\"y");
        }
        return f;
    }

    private static Duration randomDuration(Random rnd) {
        return Duration.ofMillis(1 + rnd.nextInt(1_000_000_000));
    }

    /** A sequence that can hold: thenNo names another type than first, lookback is longer than within. */
    private static Condition randomSequence(Random rnd) {
        int a = rnd.nextInt(6);
        int b = (a + 1 + rnd.nextInt(5)) % 6;
        EventFilter first = EventFilter.type(SegmentCatalog.DEFAULT_EVENT_TYPES.get(a));
        EventFilter thenNo = EventFilter.type(SegmentCatalog.DEFAULT_EVENT_TYPES.get(b));
        if (rnd.nextBoolean()) {
            first = first.withChannel("web");
        }
        if (rnd.nextBoolean()) {
            thenNo = thenNo.withProperty("campaign", "x\"y");
        }
        Duration within = randomDuration(rnd);
        return new Condition.Sequence(first, thenNo, within, rnd.nextBoolean() ? null : within.plus(randomDuration(rnd)));
    }

    private static Condition randomCondition(Random rnd, int segment, int depth) {
        int k = rnd.nextInt(depth > 0 ? 14 : 11);
        return switch (k) {
            case 0 -> new Condition.TraitEquals("city", "İzmir");
            case 1 -> new Condition.TraitIn("tier", List.of("gold", "silver"));
            case 2 -> new Condition.TraitRange("age", rnd.nextBoolean() ? Double.NEGATIVE_INFINITY : 18.5, 99);
            case 3 -> new Condition.TraitExists("email");
            case 4 -> new Condition.Aggregate(Condition.Measure.values()[rnd.nextInt(4)], randomFilter(rnd),
                    rnd.nextBoolean() ? null : randomDuration(rnd), rnd.nextInt(3), rnd.nextBoolean() ? 1e9 : Double.POSITIVE_INFINITY);
            case 5 -> new Condition.LastEventAgo(randomFilter(rnd), randomDuration(rnd));
            case 6 -> randomSequence(rnd);
            case 7 -> new Condition.RfmScores(1, 1 + rnd.nextInt(5), 2, 5, 5, 5);
            case 8 -> new Condition.RfmCell("Champions");
            case 9 -> new Condition.Lifecycle(LifecycleStage.values()[rnd.nextInt(6)]);
            case 10 -> segment > 0 ? new Condition.InSegment("s" + rnd.nextInt(segment)) : new Condition.TraitExists("x");
            case 11 -> new Condition.And(children(rnd, segment, depth));
            case 12 -> new Condition.Or(children(rnd, segment, depth));
            default -> new Condition.Not(randomCondition(rnd, segment, depth - 1));
        };
    }

    private static List<Condition> children(Random rnd, int segment, int depth) {
        List<Condition> out = new ArrayList<>();
        int n = 1 + rnd.nextInt(3);
        for (int i = 0; i < n; i++) {
            out.add(randomCondition(rnd, segment, depth - 1));
        }
        return out;
    }

    private static String wrap(String condition) {
        return "{\"segments\": [{\"id\": \"a\", \"condition\": {\"op\": \"traitExists\", \"trait\": \"t\"}},"
                + " {\"id\": \"b\", \"condition\": " + condition + "}]}";
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "{\"op\": \"traitExists\", \"trait\": \"t\", \"colour\": 1}|$.segments[1].condition.colour|unknown field",
        "{\"op\": \"fuzzy\"}|$.segments[1].condition.op|unknown operator \"fuzzy\"",
        "{\"op\": \"aggregate\", \"measure\": \"count\", \"filter\": {\"type\": \"fax\"}}|$.segments[1].condition.filter.type|unknown event type \"fax\"",
        "{\"op\": \"aggregate\", \"measure\": \"count\", \"window\": \"PT0S\"}|$.segments[1].condition.window|positive",
        "{\"op\": \"aggregate\", \"measure\": \"count\", \"window\": 30}|$.segments[1].condition.window|expected a string",
        "{\"op\": \"aggregate\", \"measure\": \"median\"}|$.segments[1].condition.measure|unknown value \"median\"",
        "{\"op\": \"aggregate\", \"measure\": \"count\", \"min\": \"3\"}|$.segments[1].condition.min|expected a number",
        "{\"op\": \"aggregate\", \"measure\": \"count\", \"min\": 5, \"max\": 1}|$.segments[1].condition|min <= max",
        "{\"op\": \"and\", \"of\": [{\"op\": \"inSegment\", \"segment\": \"zzz\"}]}|$.segments[1].condition.of[0].segment|unknown segment \"zzz\"",
        "{\"op\": \"and\", \"of\": []}|$.segments[1].condition.of|at least one operand",
        "{\"op\": \"not\", \"of\": [1]}|$.segments[1].condition.of|expected a condition object",
        "{\"op\": \"inSegment\", \"segment\": \"b\"}|$.segments[1].condition.segment|cycle",
        "{\"op\": \"rfmCell\", \"cell\": \"Whales\"}|$.segments[1].condition.cell|unknown RFM cell \"Whales\"",
        "{\"op\": \"rfmScores\", \"recency\": [0, 5], \"frequency\": [1, 5], \"monetary\": [1, 5]}|$.segments[1].condition.recency[0]|integer score in 1..5, was number 0",
        "{\"op\": \"sequence\", \"first\": {\"type\": \"add_to_cart\"}, \"thenNo\": {\"type\": \"purchase\"}}|$.segments[1].condition.within|missing required field",
        "{\"op\": \"lifecycle\", \"stage\": \"dormant\"}|$.segments[1].condition.stage|unknown value \"dormant\"",
        "{\"op\": \"lastEventAgo\", \"age\": \"P1X\"}|$.segments[1].condition.age|ISO-8601",
        "{\"op\": \"traitIn\", \"trait\": \"t\", \"values\": [\"a\", 2]}|$.segments[1].condition.values[1]|expected a string",
    })
    void faultsCarryTheirJsonPath(String condition, String path, String message) {
        assertThatThrownBy(() -> SegmentCatalog.fromJson(wrap(condition)))
                .isInstanceOfSatisfying(SegmentDefinitionException.class, e -> {
                    assertThat(e.path()).isEqualTo(path);
                    assertThat(e.getMessage()).startsWith(path + ": ").contains(message);
                });
    }

    @Test
    void topLevelFaults() {
        assertThatThrownBy(() -> SegmentCatalog.fromJson("{\"segments\": [")).isInstanceOfSatisfying(
                SegmentDefinitionException.class, e -> assertThat(e.path()).isEqualTo("$"));
        assertThatThrownBy(() -> SegmentCatalog.fromJson("{\"segmentz\": []}")).isInstanceOfSatisfying(
                SegmentDefinitionException.class, e -> assertThat(e.path()).isEqualTo("$.segmentz"));
        assertThatThrownBy(() -> SegmentCatalog.fromJson(
                "{\"segments\": [{\"id\": \"a\", \"condition\": {\"op\": \"traitExists\", \"trait\": \"t\"}},"
                        + "{\"id\": \"a\", \"condition\": {\"op\": \"traitExists\", \"trait\": \"t\"}}]}"))
                .isInstanceOfSatisfying(SegmentDefinitionException.class,
                        e -> assertThat(e.path()).isEqualTo("$.segments[1].id"));
        assertThatThrownBy(() -> SegmentCatalog.fromJson("{\"lifecycle\": {\"activeFor\": \"P200D\"}}"))
                .isInstanceOfSatisfying(SegmentDefinitionException.class,
                        e -> assertThat(e.path()).isEqualTo("$.lifecycle"));
        assertThatThrownBy(() -> SegmentCatalog.fromJson("{\"rfm\": {\"ties\": \"random\"}}"))
                .isInstanceOfSatisfying(SegmentDefinitionException.class,
                        e -> assertThat(e.path()).isEqualTo("$.rfm.ties"));
        assertThatThrownBy(() -> SegmentCatalog.fromJson("{\"segments\": [{\"id\": \"bad id\", \"condition\":"
                + " {\"op\": \"traitExists\", \"trait\": \"t\"}}]}"))
                .isInstanceOfSatisfying(SegmentDefinitionException.class,
                        e -> assertThat(e.path()).isEqualTo("$.segments[0].id"));
    }

    @Test
    void builderReportsTheSamePaths() {
        SegmentCatalog.Builder b = SegmentCatalog.builder()
                .add("a", Condition.inSegment("b"))
                .add("b", Condition.and(Condition.traitEquals("x", "y"), Condition.inSegment("c")))
                .add("c", Condition.or(Condition.traitEquals("x", "z"), Condition.inSegment("a")));
        assertThatThrownBy(b::build).isInstanceOfSatisfying(SegmentDefinitionException.class,
                e -> assertThat(e.path()).isEqualTo("$.segments[2].condition.of[1].segment"));
        assertThatThrownBy(() -> SegmentCatalog.builder().eventTypes("view", "purchase")
                .add("a", Condition.atLeast(1, EventFilter.type("add_to_cart"), null)).build())
                .isInstanceOfSatisfying(SegmentDefinitionException.class,
                        e -> assertThat(e.path()).isEqualTo("$.segments[0].condition.filter.type"));
        assertThatThrownBy(() -> Condition.atLeast(1, EventFilter.any(), Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("PT0S");
        assertThatThrownBy(() -> LifecycleSettings.builder().newFor(Duration.ofDays(-1)))
                .hasMessageContaining("newFor").hasMessageContaining("PT-24H");
    }

    @Test
    void installReportsOnlyTheChangesOfTheNewCatalog() {
        // A JSON update that does not parse never reaches the engine (fromJson throws first), so it cannot
        // half-install anything; an install the engine itself refuses (blocks that do not fit) is checked
        // to leave the old catalog in place by internal.SlabLimitTest.
        SegmentCatalog first = SegmentCatalog.builder().add("app", Condition.atLeast(1, EventFilter.type("app_open"), null)).build();
        SegmentEngine engine = SegmentEngine.create(first, java.time.Instant.EPOCH);
        engine.onEvent(Event.of(1, java.time.Instant.EPOCH, "app_open", "app", "d1", 0));
        assertThatThrownBy(() -> SegmentCatalog.fromJson(wrap("{\"op\": \"inSegment\", \"segment\": \"b\"}")))
                .isInstanceOf(SegmentDefinitionException.class).hasMessageContaining("$.segments[1]");
        List<SegmentChange> changes = engine.install(SegmentCatalog.builder()
                .add("web", Condition.atLeast(1, new EventFilter(null, "web", null, null), null))
                .add("app", Condition.atLeast(1, EventFilter.type("app_open"), null)).build());
        assertThat(changes).isEmpty();
        List<SegmentChange> removal = engine.install(SegmentCatalog.builder()
                .add("web", Condition.atLeast(1, new EventFilter(null, "web", null, null), null)).build());
        assertThat(removal).containsExactly(new SegmentChange(1, "app", false, java.time.Instant.EPOCH));
    }
}
