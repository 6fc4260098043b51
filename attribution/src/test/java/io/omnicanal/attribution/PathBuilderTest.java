package io.omnicanal.attribution;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PathBuilderTest {
    static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    static Instant day(double d) {
        return T0.plus(Duration.ofSeconds((long) (d * 86_400)));
    }

    static Touchpoint touch(long profile, double day, String channel) {
        return Touchpoint.of(profile, day(day), channel);
    }

    static List<String> rows(PathTable t) {
        List<String> out = new ArrayList<>();
        for (int r = 0; r < t.size(); r++) {
            out.add(t.group(r) + "|" + t.pathString(r, ">") + "|" + t.conversions(r) + "|" + t.conversionValue(r)
                    + "|" + t.nulls(r));
        }
        return out;
    }

    /**
     * A run of per-touch channel strings long enough to turn the builder's identity cache off (more
     * than 1,024 misses), then shared strings again, with a direct channel whose trailing touches
     * are dropped: the same table and Markov credits as the columns way, which has no such cache.
     */
    @Test
    void perTouchChannelStringsThenSharedOnesGiveTheColumnsTable() {
        String[] shared = {"search", "email", "direct", "social", "display"};
        List<Touchpoint> touches = new ArrayList<>();
        List<Conversion> conversions = new ArrayList<>();
        for (int p = 0; p < 1_000; p++) {
            for (int i = 0; i < 5; i++) {
                String name = shared[(p + i * 3) % shared.length];
                touches.add(Touchpoint.of(p, day(i), p < 600 ? new String(name.toCharArray()) : name));
            }
            if (p % 3 == 0) {
                conversions.add(new Conversion(p, day(3.5), 10, "order"));
            }
        }
        PathBuilder builder = new PathBuilder(PathSettings.builder().dropTrailingDirect(true).build());
        PathTable fromColumns = builder.build(TouchColumns.of(touches), conversions);
        assertThat(rows(builder.build(touches, conversions))).isEqualTo(rows(fromColumns)).hasSize(1_334);
        AttributionModel markov = AttributionModel.markov(1);
        assertThat(builder.attribute(markov, touches, conversions)).isEqualTo(markov.attribute(fromColumns));
    }

    @Test
    void splitsPathsAtConversionsAndKeepsTheNonConvertingTail() {
        List<Touchpoint> touches = List.of(
                touch(1, 1, "search"), touch(1, 2, "email"), touch(1, 3, "direct"),
                touch(1, 5, "social"), touch(1, 6, "email"),
                touch(1, 9, "display"),
                touch(2, 1, "display"), touch(2, 4, "search"));
        List<Conversion> conversions = List.of(
                new Conversion(1, day(3), 50, "order"), // touch at the same instant belongs to it
                new Conversion(1, day(7), 20, "order"),
                new Conversion(3, day(1), 5, "order")); // no touches at all
        PathTable t = new PathBuilder(PathSettings.defaults()).build(touches, conversions);
        assertThat(rows(t)).containsExactly(
                "|search>email>direct|1.0|50.0|0.0",
                "|social>email|1.0|20.0|0.0",
                "|display|0.0|0.0|1.0",
                "|display>search|0.0|0.0|1.0");
        assertThat(t.unattributedConversions()).isEqualTo(1);
        assertThat(t.unattributedValue()).isEqualTo(5);
        assertThat(t.values()).containsExactly("direct", "display", "email", "search", "social");
        assertThat(t.age(0, 0)).isEqualTo(Duration.ofDays(2));
        assertThat(t.age(0, 2)).isEqualTo(Duration.ZERO);
    }

    @Test
    void inputOrderDoesNotMatter() {
        List<Touchpoint> touches = new ArrayList<>();
        for (int p = 0; p < 50; p++) {
            for (int i = 0; i < 6; i++) {
                touches.add(touch(p * 7919L % 101, i + p % 3, List.of("a", "b", "c").get((p + i) % 3)));
            }
        }
        List<Conversion> conversions = new ArrayList<>();
        for (int p = 0; p < 50; p += 3) {
            conversions.add(new Conversion(p * 7919L % 101, day(3.5), p, ""));
        }
        PathBuilder b = new PathBuilder(PathSettings.defaults());
        List<String> first = rows(b.build(touches, conversions));
        List<Touchpoint> shuffled = new ArrayList<>(touches);
        Collections.shuffle(shuffled, new java.util.Random(7));
        List<Conversion> shuffledC = new ArrayList<>(conversions);
        Collections.shuffle(shuffledC, new java.util.Random(8));
        assertThat(rows(b.build(shuffled, shuffledC))).isEqualTo(first);
    }

    @Test
    void lookbackInTimeAndSteps() {
        List<Touchpoint> touches = List.of(touch(1, 0, "a"), touch(1, 20, "b"), touch(1, 25, "c"), touch(1, 29, "d"));
        List<Conversion> conv = List.of(new Conversion(1, day(31), 1, ""));
        assertThat(rows(new PathBuilder(PathSettings.defaults()).build(touches, conv)))
                .containsExactly("|b>c>d|1.0|1.0|0.0");
        assertThat(rows(new PathBuilder(PathSettings.builder().lookback(Duration.ofDays(7)).build()).build(touches, conv)))
                .containsExactly("|c>d|1.0|1.0|0.0");
        assertThat(rows(new PathBuilder(PathSettings.builder().lookback(Duration.ofDays(365)).lookbackSteps(2).build())
                .build(touches, conv))).containsExactly("|c>d|1.0|1.0|0.0");
    }

    @Test
    void transforms() {
        List<Touchpoint> touches = List.of(touch(1, 1, "b"), touch(1, 2, "b"), touch(1, 3, "a"), touch(1, 4, "b"),
                touch(1, 5, "c"), touch(1, 6, "direct"), touch(1, 6.5, "direct"));
        List<Conversion> conv = List.of(new Conversion(1, day(7), 1, ""));
        assertThat(path(PathSettings.builder().collapseRepeats(true), touches, conv)).isEqualTo("b>a>b>c>direct");
        assertThat(path(PathSettings.builder().firstOccurrenceOnly(true), touches, conv)).isEqualTo("b>a>c>direct");
        assertThat(path(PathSettings.builder().uniqueChannels(true), touches, conv)).isEqualTo("a>b>c>direct");
        assertThat(path(PathSettings.builder().maxLength(3), touches, conv)).isEqualTo("c>direct>direct");
        assertThat(path(PathSettings.builder().dropTrailingDirect(true), touches, conv)).isEqualTo("b>b>a>b>c");
        assertThat(path(PathSettings.builder().excludedChannels(Set.of("b")), touches, conv))
                .isEqualTo("a>c>direct>direct");
        List<Touchpoint> onlyDirect = List.of(touch(2, 1, "direct"));
        assertThat(path(PathSettings.builder().dropTrailingDirect(true), onlyDirect,
                List.of(new Conversion(2, day(2), 1, "")))).isEqualTo("direct");
    }

    @Test
    void conversionTypeFilterAndCombinedDimensions() {
        List<Touchpoint> touches = List.of(
                new Touchpoint(1, day(1), "search", "spring", "mobile", "click", 0.5),
                new Touchpoint(1, day(2), "email", "", "desktop", "open", 0));
        List<Conversion> conv = List.of(new Conversion(1, day(1.5), 10, "signup"), new Conversion(1, day(3), 99, "order"));
        PathTable t = new PathBuilder(PathSettings.builder().conversionTypes(List.of("order"))
                .dimensions(Dimension.CHANNEL, Dimension.DEVICE).build()).build(touches, conv);
        assertThat(rows(t)).containsExactly("|search|mobile>email|desktop|1.0|99.0|0.0");
        assertThat(t.component(t.indexOf("search|mobile"), Dimension.DEVICE)).isEqualTo("mobile");
        assertThatThrownBy(() -> t.component(0, Dimension.CAMPAIGN)).hasMessageContaining("CAMPAIGN");
    }

    @Test
    void groupingTagsRows() {
        List<Touchpoint> touches = List.of(touch(1, 1, "a"), touch(2, 1, "b"), touch(3, 1, "a"));
        List<Conversion> conv = List.of(new Conversion(1, day(2), 1, ""));
        PathTable t = new PathBuilder(PathSettings.defaults()).build(touches, conv, p -> p == 2 ? "vip" : "regular");
        assertThat(rows(t)).containsExactly("regular|a|1.0|1.0|0.0", "vip|b|0.0|0.0|1.0", "regular|a|0.0|0.0|1.0");
        assertThat(t.groups()).containsExactly("regular", "vip");
        assertThat(rows(t.onlyGroup("vip"))).containsExactly("vip|b|0.0|0.0|1.0");
        assertThat(rows(t.aggregate())).containsExactly("regular|a|1.0|1.0|1.0", "vip|b|0.0|0.0|1.0");
        assertThatThrownBy(() -> t.onlyGroup("gold")).hasMessageContaining("\"gold\"");
    }

    @Test
    void badInput() {
        PathBuilder b = new PathBuilder(PathSettings.defaults());
        assertThatThrownBy(() -> b.build(List.of(), List.of())).hasMessageContaining("empty data set");
        List<Touchpoint> withNull = new ArrayList<>();
        withNull.add(touch(1, 1, "a"));
        withNull.add(null);
        assertThatThrownBy(() -> b.build(withNull, List.of())).hasMessageContaining("touchpoints[1]");
        assertThatThrownBy(() -> new Conversion(1, T0, -1, "")).hasMessageContaining("value").hasMessageContaining("-1");
        assertThatThrownBy(() -> new Conversion(1, T0, Double.NaN, "")).hasMessageContaining("NaN");
        assertThatThrownBy(() -> Touchpoint.of(1, T0, " ")).hasMessageContaining("channel");
        assertThatThrownBy(() -> PathSettings.builder().lookback(Duration.ofDays(-1)))
                .hasMessageContaining("lookback").hasMessageContaining("PT-24H");
        assertThatThrownBy(() -> PathSettings.builder().maxLength(-2)).hasMessageContaining("maxLength")
                .hasMessageContaining("-2");
        assertThatThrownBy(() -> Dimension.parse("region")).hasMessageContaining("\"region\"");
        assertThatThrownBy(() -> b.build(List.of(Touchpoint.of(1, Instant.parse("3000-01-01T00:00:00Z"), "a")),
                List.of())).hasMessageContaining("touchpoints[0].time");
        assertThatThrownBy(() -> PathTable.builder().addJourney(List.of("a"), List.of(day(3)), day(2), 1, 1, 0))
                .hasMessageContaining("times[0]").hasMessageContaining("after its path end");
        assertThatThrownBy(() -> PathTable.builder().add(List.of("a"), 0, 5, 1)).hasMessageContaining("value");
        assertThatThrownBy(() -> PathTable.builder().build()).hasMessageContaining("empty data set");
    }

    /** PathBuilder is documented thread-safe: concurrent builds from one instance agree with a lone build. */
    @Test
    void concurrentBuildsAgree() throws Exception {
        List<Touchpoint> touches = new ArrayList<>();
        List<Conversion> conversions = new ArrayList<>();
        java.util.SplittableRandom random = new java.util.SplittableRandom(5);
        for (int i = 0; i < 20_000; i++) {
            touches.add(touch(random.nextInt(2_000), random.nextInt(60_000) / 1000.0, "c" + random.nextInt(7)));
        }
        for (int i = 0; i < 500; i++) {
            conversions.add(new Conversion(random.nextInt(2_000), day(random.nextInt(60)), random.nextInt(100), ""));
        }
        PathBuilder b = new PathBuilder(PathSettings.builder().collapseRepeats(true).build());
        List<String> expected = rows(b.build(touches, conversions));
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(4);
        try {
            List<java.util.concurrent.Future<List<String>>> futures = new ArrayList<>();
            for (int k = 0; k < 12; k++) {
                futures.add(pool.submit(() -> rows(b.build(touches, conversions))));
            }
            for (java.util.concurrent.Future<List<String>> f : futures) {
                assertThat(f.get()).isEqualTo(expected);
            }
        } finally {
            pool.shutdown();
        }
    }

    /**
     * Many profiles with long runs (the merge-sort path) and time ties: each path must list its
     * touches in time order, ties in input order, and the build must stay linear (a quadratic
     * per-profile sort would blow the timeout).
     */
    @Test
    @org.junit.jupiter.api.Timeout(30)
    void longRunsAndManyProfilesSortStablyAndFast() {
        java.util.SplittableRandom random = new java.util.SplittableRandom(17);
        List<Touchpoint> touches = new ArrayList<>();
        int profiles = 20_000;
        for (int i = 0; i < profiles * 32; i++) {
            int p = random.nextInt(profiles);
            // few distinct times per profile, so ties are common; channel encodes the input index
            touches.add(Touchpoint.of(p, day(random.nextInt(20)), "t" + i));
        }
        PathTable t = new PathBuilder(PathSettings.builder().lookback(Duration.ofDays(400)).build())
                .build(touches, List.of());
        assertThat(t.size()).isEqualTo(profiles);
        java.util.Map<Long, List<Touchpoint>> expected = new java.util.TreeMap<>();
        for (Touchpoint x : touches) {
            expected.computeIfAbsent(x.profile(), k -> new ArrayList<>()).add(x);
        }
        int row = 0;
        for (List<Touchpoint> run : expected.values()) {
            List<Touchpoint> sorted = new ArrayList<>(run);
            sorted.sort(java.util.Comparator.comparing(Touchpoint::time)); // List.sort is stable
            if (row % 997 == 0) {
                assertThat(t.pathString(row, ">"))
                        .isEqualTo(String.join(">", sorted.stream().map(Touchpoint::channel).toList()));
            }
            row++;
        }
    }

    @Test
    void dimensionParsingIgnoresLocale() {
        assertThat(Dimension.parse("CAMPAIGN")).isEqualTo(Dimension.CAMPAIGN);
        assertThat(Dimension.parse("device")).isEqualTo(Dimension.DEVICE);
        assertThat(Dimension.CAMPAIGN.label()).isEqualTo("campaign");
    }

    /**
     * Times are held in epoch nanoseconds, so instants outside the years 1678 to 2262 are refused,
     * naming the element and its time, whichever way the touches come.
     */
    @Test
    void timesOutsideTheSupportedYearsNameTheElementAndTime() {
        PathBuilder builder = new PathBuilder(PathSettings.defaults());
        Instant late = Instant.parse("2263-01-01T00:00:00Z");
        Instant early = Instant.parse("1600-06-01T00:00:00Z");
        List<Touchpoint> lateTouch = List.of(touch(1, 1, "a"), Touchpoint.of(1, late, "b"));
        List<Conversion> none = List.of();
        for (List<Touchpoint> touches : List.of(lateTouch, List.of(lateTouch.get(1), lateTouch.get(0)))) {
            int at = touches.indexOf(lateTouch.get(1));
            assertThatThrownBy(() -> builder.build(touches, none)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("touchpoints[" + at + "].time").hasMessageContaining("2263-01-01T00:00:00Z")
                    .hasMessageContaining("1678 to 2262");
        }
        List<Conversion> earlyConversion = List.of(new Conversion(1, day(2), 1, ""), new Conversion(1, early, 1, ""));
        assertThatThrownBy(() -> builder.build(List.of(touch(1, 1, "a")), earlyConversion))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("conversions[1].time")
                .hasMessageContaining("1600-06-01T00:00:00Z");
        assertThatThrownBy(() -> builder.attribute(AttributionModel.markov(1), List.of(touch(1, 1, "a")), earlyConversion))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("conversions[1].time");
        assertThatThrownBy(() -> TouchColumns.of(lateTouch)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("2263-01-01T00:00:00Z");
    }

    private static String path(PathSettings.Builder s, List<Touchpoint> touches, List<Conversion> conv) {
        PathTable t = new PathBuilder(s.build()).build(touches, conv);
        return t.pathString(0, ">");
    }
}
