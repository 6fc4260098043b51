package io.omnicanal.attribution;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.SplittableRandom;
import java.util.TreeMap;

import static io.omnicanal.attribution.PathBuilderTest.day;
import static io.omnicanal.attribution.PathBuilderTest.rows;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Path building gives the same table whatever the input order of the touches (sorted by profile,
 * which takes the builder's no-hashing path; reverse profile order; shuffled; columns) and of the
 * conversions (shuffled, with many sharing an instant), and that table matches a plain reference
 * written here from the documented rule: per profile a stable sort by time, then each conversion
 * instant takes the touches after the previous one within the lookback, and the tail after the
 * last one.
 */
class PathBuildingProperties {

    @Property(tries = 60)
    void anyInputOrderGivesTheReferencePaths(@ForAll long seed, @ForAll @IntRange(min = 1, max = 40) int lookbackDays) {
        SplittableRandom rnd = new SplittableRandom(seed);
        List<Touchpoint> touches = new ArrayList<>();
        List<Conversion> conversions = new ArrayList<>();
        int profiles = 1 + rnd.nextInt(25);
        for (int p = 0; p < profiles; p++) {
            long key = rnd.nextLong(-1_000, 1_000);
            int n = rnd.nextInt(4) == 0 ? 25 + rnd.nextInt(20) : rnd.nextInt(8); // some runs take the merge sort
            for (int i = 0; i < n; i++) {
                touches.add(Touchpoint.of(key, day(rnd.nextInt(60) / 2.0), "c" + rnd.nextInt(5)));
            }
            int c = rnd.nextInt(4);
            Instant last = null;
            for (int i = 0; i < c; i++) {
                // a third of them at the instant of the one before (order lines of one checkout),
                // often also the instant of a touch
                Instant at = last != null && rnd.nextInt(3) == 0 ? last : day(rnd.nextInt(60) / 2.0);
                conversions.add(new Conversion(key, at, 1 + rnd.nextInt(50), "order"));
                last = at;
            }
        }
        if (touches.isEmpty() && conversions.isEmpty()) {
            return;
        }
        PathBuilder builder = new PathBuilder(PathSettings.builder().lookback(Duration.ofDays(lookbackDays)).build());
        List<String> expected = reference(touches, conversions, Duration.ofDays(lookbackDays));
        double[] unattributed = unattributed(touches, conversions, Duration.ofDays(lookbackDays));

        List<Touchpoint> ascending = new ArrayList<>(touches);
        ascending.sort(Comparator.comparingLong(Touchpoint::profile)); // stable: ties keep input order
        List<Touchpoint> descending = new ArrayList<>(touches);
        descending.sort(Comparator.comparingLong(Touchpoint::profile).reversed());
        List<Touchpoint> shuffled = new ArrayList<>(touches);
        Collections.shuffle(shuffled, new Random(seed));
        // the profile-sorted orders keep each profile's touches in input order, so time ties come
        // out as in the original; a shuffle reorders ties, so its reference is taken on it
        assertThat(rows(builder.build(ascending, conversions))).isEqualTo(expected);
        assertThat(rows(builder.build(descending, conversions))).isEqualTo(expected);
        assertThat(rows(builder.build(shuffled, conversions)))
                .isEqualTo(reference(shuffled, conversions, Duration.ofDays(lookbackDays)));
        assertThat(rows(builder.build(touches, conversions))).isEqualTo(expected);
        assertThat(rows(builder.build(TouchColumns.of(touches), conversions))).isEqualTo(expected);

        // the conversions in any order too: same-instant ones share one row, so nothing changes
        List<Conversion> shuffledConversions = new ArrayList<>(conversions);
        Collections.shuffle(shuffledConversions, new Random(~seed));
        for (List<Touchpoint> input : List.of(touches, ascending, descending)) {
            PathTable t = builder.build(input, shuffledConversions);
            assertThat(rows(t)).isEqualTo(expected);
            assertThat(new double[] {t.unattributedConversions(), t.unattributedValue()}).containsExactly(unattributed);
        }
        assertThat(rows(builder.build(TouchColumns.of(touches), shuffledConversions))).isEqualTo(expected);
        if (!expected.isEmpty()) {
            AttributionModel markov = AttributionModel.markov(1);
            assertThat(builder.attribute(markov, touches, shuffledConversions))
                    .isEqualTo(builder.attribute(markov, touches, conversions));
        }
    }

    /**
     * Markov order 1 counted while the paths are cut ({@link PathBuilder#attribute}) gives the very
     * credits of Markov order 1 on the built table, bit for bit, whatever the input order, settings
     * and dimensions; other models go through the table.
     */
    @Property(tries = 60)
    void streamedMarkovEqualsMarkovOnTheBuiltTable(@ForAll long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        List<Touchpoint> touches = new ArrayList<>();
        List<Conversion> conversions = new ArrayList<>();
        int profiles = 1 + rnd.nextInt(40);
        for (int p = 0; p < profiles; p++) {
            long key = rnd.nextLong(-1_000, 1_000);
            int n = rnd.nextInt(5) == 0 ? 25 + rnd.nextInt(20) : rnd.nextInt(9);
            for (int i = 0; i < n; i++) {
                touches.add(new Touchpoint(key, day(rnd.nextInt(60) / 2.0), "c" + rnd.nextInt(2 + rnd.nextInt(20)),
                        "", rnd.nextBoolean() ? "mobile" : "desktop", "", 0));
            }
            for (int i = rnd.nextInt(3); i > 0; i--) {
                conversions.add(new Conversion(key, day(rnd.nextInt(60) / 2.0), 1 + rnd.nextInt(50),
                        rnd.nextInt(4) == 0 ? "signup" : "order"));
            }
        }
        PathSettings.Builder settings = PathSettings.builder().lookback(Duration.ofDays(1 + rnd.nextInt(40)))
                .collapseRepeats(rnd.nextBoolean()).dropTrailingDirect(rnd.nextBoolean()).directChannel("c1");
        if (rnd.nextBoolean()) {
            settings.dimensions(Dimension.CHANNEL, Dimension.DEVICE);
        }
        if (rnd.nextBoolean()) {
            settings.excludedChannels(List.of("c0"));
        }
        if (rnd.nextBoolean()) {
            settings.conversionTypes(List.of("order"));
        }
        if (rnd.nextBoolean()) {
            settings.lookbackSteps(1 + rnd.nextInt(6));
        }
        PathBuilder builder = new PathBuilder(settings.build());
        List<Touchpoint> ascending = new ArrayList<>(touches);
        ascending.sort(Comparator.comparingLong(Touchpoint::profile));
        for (List<Touchpoint> input : List.of(ascending, touches)) {
            PathTable table;
            try {
                table = builder.build(input, conversions);
            } catch (IllegalArgumentException empty) {
                continue; // no touch and no conversion at all
            }
            AttributionModel markov = AttributionModel.markov(1);
            if (table.size() == 0) {
                assertThatThrownBy(() -> builder.attribute(markov, input, conversions))
                        .hasMessageContaining("empty data set");
                continue;
            }
            assertThat(builder.attribute(markov, input, conversions)).isEqualTo(markov.attribute(table));
            assertThat(builder.attribute(AttributionModel.linear(), input, conversions))
                    .isEqualTo(AttributionModel.linear().attribute(table));
        }
    }

    /**
     * Channel strings shared between touches (as an enum's names, constants or a reader's interned
     * strings give them), from a pool of up to 600 so that many share a slot of the builder's
     * identity cache and evict each other, mixed with equal strings that are other instances: the
     * objects way gives the reference rows and the columns way's table and Markov credits, with the
     * trailing-direct rule reading the direct flag that comes with each cached code.
     */
    @Property(tries = 40)
    void sharedChannelStringsGiveTheReferencePaths(@ForAll long seed, @ForAll @IntRange(min = 1, max = 600) int pool) {
        SplittableRandom rnd = new SplittableRandom(seed);
        String[] names = new String[pool];
        for (int i = 0; i < pool; i++) {
            names[i] = "ch-" + i;
        }
        List<Touchpoint> touches = new ArrayList<>();
        List<Conversion> conversions = new ArrayList<>();
        int profiles = 1 + rnd.nextInt(60);
        long key = -500;
        for (int p = 0; p < profiles; p++) {
            key += 1 + rnd.nextInt(20); // ascending: the streamed way
            for (int i = rnd.nextInt(12); i > 0; i--) {
                String shared = names[rnd.nextInt(pool)];
                String channel = rnd.nextInt(5) == 0 ? new String(shared.toCharArray()) : shared;
                touches.add(Touchpoint.of(key, day(rnd.nextInt(60) / 2.0), channel));
            }
            for (int i = rnd.nextInt(3); i > 0; i--) {
                conversions.add(new Conversion(key, day(rnd.nextInt(60) / 2.0), 1 + rnd.nextInt(50), "order"));
            }
        }
        if (touches.isEmpty()) {
            return;
        }
        Duration lookback = Duration.ofDays(1 + rnd.nextInt(40));
        PathBuilder plain = new PathBuilder(PathSettings.builder().lookback(lookback).build());
        assertThat(rows(plain.build(touches, conversions))).isEqualTo(reference(touches, conversions, lookback));
        PathBuilder direct = new PathBuilder(PathSettings.builder().lookback(lookback)
                .dropTrailingDirect(true).directChannel(names[0]).build());
        PathTable fromColumns = direct.build(TouchColumns.of(touches), conversions);
        assertThat(rows(direct.build(touches, conversions))).isEqualTo(rows(fromColumns));
        if (fromColumns.size() > 0) {
            AttributionModel markov = AttributionModel.markov(1);
            assertThat(direct.attribute(markov, touches, conversions)).isEqualTo(markov.attribute(fromColumns));
        }
    }

    /**
     * Rows as {@code PathBuilderTest.rows} prints them, ungrouped, written from the documented rule
     * (README, "How paths are built"), not from the code: per profile (ascending key), the
     * conversions grouped by instant; each instant, in time order, makes one row of its
     * conversions' count and summed value, holding the touches after the previous conversion
     * instant, at or before this one and no older than the lookback; an instant with no such touch
     * makes no row (it is unattributed). The touches after the last conversion instant form the
     * tail, cut by the lookback from its last touch.
     */
    static List<String> reference(List<Touchpoint> touches, List<Conversion> conversions, Duration lookback) {
        List<String> out = new ArrayList<>();
        walk(touches, conversions, lookback, out, new double[2]);
        return out;
    }

    /** The unattributed conversions and value of the same rule. */
    static double[] unattributed(List<Touchpoint> touches, List<Conversion> conversions, Duration lookback) {
        double[] un = new double[2];
        walk(touches, conversions, lookback, new ArrayList<>(), un);
        return un;
    }

    private static void walk(List<Touchpoint> touches, List<Conversion> conversions, Duration lookback,
                             List<String> out, double[] unattributed) {
        Map<Long, List<Touchpoint>> byProfile = new TreeMap<>();
        for (Touchpoint t : touches) {
            byProfile.computeIfAbsent(t.profile(), k -> new ArrayList<>()).add(t);
        }
        Map<Long, TreeMap<Instant, List<Double>>> instants = new TreeMap<>();
        for (Conversion c : conversions) {
            instants.computeIfAbsent(c.profile(), k -> new TreeMap<>())
                    .computeIfAbsent(c.time(), k -> new ArrayList<>()).add(c.value());
            byProfile.computeIfAbsent(c.profile(), k -> new ArrayList<>());
        }
        byProfile.forEach((key, ts) -> {
            ts.sort(Comparator.comparing(Touchpoint::time)); // stable: ties keep input order
            Instant previous = null;
            for (Map.Entry<Instant, List<Double>> e : instants.getOrDefault(key, new TreeMap<>()).entrySet()) {
                Instant at = e.getKey();
                List<String> path = new ArrayList<>();
                for (Touchpoint t : ts) {
                    if (!t.time().isAfter(at) && (previous == null || t.time().isAfter(previous))
                            && !t.time().isBefore(at.minus(lookback))) {
                        path.add(t.channel());
                    }
                }
                double sum = 0; // the values are whole numbers: exact in any order
                for (double v : e.getValue()) {
                    sum += v;
                }
                if (path.isEmpty()) {
                    unattributed[0] += e.getValue().size();
                    unattributed[1] += sum;
                } else {
                    out.add("|" + String.join(">", path) + "|" + (double) e.getValue().size() + "|" + sum + "|0.0");
                }
                previous = at;
            }
            List<Touchpoint> tail = new ArrayList<>();
            for (Touchpoint t : ts) {
                if (previous == null || t.time().isAfter(previous)) {
                    tail.add(t);
                }
            }
            if (!tail.isEmpty()) {
                Instant end = tail.get(tail.size() - 1).time();
                List<String> path = new ArrayList<>();
                for (Touchpoint t : tail) {
                    if (!t.time().isBefore(end.minus(lookback))) {
                        path.add(t.channel());
                    }
                }
                out.add("|" + String.join(">", path) + "|0.0|0.0|1.0");
            }
        });
    }
}
