package io.omnicanal.attribution;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

import static io.omnicanal.attribution.PathBuilderTest.day;
import static io.omnicanal.attribution.PathBuilderTest.rows;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Paths built from {@link TouchColumns} against the reference builder of
 * {@link PathBuildingProperties} (per profile a stable sort by time, cut at each conversion,
 * lookback, tail), whatever order the columns were filled in; and, over random settings and
 * dimensions, the same table (step ages included) and the same credits, bit for bit, as from the
 * touches as objects.
 */
class TouchColumnsProperties {

    @Property(tries = 60)
    void columnsGiveTheReferencePaths(@ForAll long seed, @ForAll @IntRange(min = 1, max = 40) int lookbackDays) {
        SplittableRandom rnd = new SplittableRandom(seed);
        List<Touchpoint> touches = new ArrayList<>();
        List<Conversion> conversions = new ArrayList<>();
        randomData(rnd, touches, conversions, 25, 5, false);
        if (touches.isEmpty() && conversions.isEmpty()) {
            return;
        }
        Duration lookback = Duration.ofDays(lookbackDays);
        PathBuilder builder = new PathBuilder(PathSettings.builder().lookback(lookback).build());

        List<Touchpoint> ascending = new ArrayList<>(touches);
        ascending.sort(Comparator.comparingLong(Touchpoint::profile).thenComparing(Touchpoint::time));
        List<Touchpoint> shuffled = new ArrayList<>(touches);
        Collections.shuffle(shuffled, new Random(seed));
        // each input's reference is taken on it: time ties keep the order the touches were added in
        for (List<Touchpoint> input : List.of(touches, ascending, shuffled)) {
            List<String> expected = PathBuildingProperties.reference(input, conversions, lookback);
            assertThat(rows(builder.build(TouchColumns.of(input), conversions))).isEqualTo(expected);
            assertThat(rows(builder.build(byIds(input), conversions))).isEqualTo(expected);
            assertThat(rows(builder.build(wrapped(input), conversions))).isEqualTo(expected);
        }
    }

    @Property(tries = 60)
    void columnsGiveTheObjectTableAndCreditsBitForBit(@ForAll long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        List<Touchpoint> touches = new ArrayList<>();
        List<Conversion> conversions = new ArrayList<>();
        randomData(rnd, touches, conversions, 40, 2 + rnd.nextInt(20), true);
        PathSettings.Builder settings = PathSettings.builder().lookback(Duration.ofDays(1 + rnd.nextInt(40)))
                .collapseRepeats(rnd.nextBoolean()).dropTrailingDirect(rnd.nextBoolean()).directChannel("c1");
        switch (rnd.nextInt(4)) {
            case 0 -> settings.dimensions(Dimension.CHANNEL, Dimension.DEVICE);
            case 1 -> settings.dimensions(Dimension.CAMPAIGN);
            case 2 -> settings.dimensions(Dimension.DEVICE, Dimension.CHANNEL, Dimension.CAMPAIGN);
            default -> { }
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
        if (rnd.nextBoolean()) {
            settings.maxLength(1 + rnd.nextInt(5));
        }
        PathBuilder builder = new PathBuilder(settings.build());
        // the object builder keeps ties in input order; so do the columns, so the profile-sorted
        // input (stable) is the object input to compare with
        List<Touchpoint> ascending = new ArrayList<>(touches);
        ascending.sort(Comparator.comparingLong(Touchpoint::profile));
        List<Touchpoint> shuffled = new ArrayList<>(touches);
        Collections.shuffle(shuffled, new Random(seed));
        for (List<Touchpoint> input : List.of(ascending, shuffled)) {
            PathTable objects;
            try {
                objects = builder.build(input, conversions);
            } catch (IllegalArgumentException empty) {
                assertThatThrownBy(() -> builder.build(TouchColumns.of(input), conversions))
                        .hasMessage(empty.getMessage());
                continue;
            }
            TouchColumns columns = TouchColumns.of(input);
            PathTable fromColumns = builder.build(columns, conversions);
            assertThat(describe(fromColumns)).isEqualTo(describe(objects));
            PathTable grouped = builder.build(columns, conversions, k -> "g" + Math.floorMod(k, 3));
            assertThat(describe(grouped)).isEqualTo(describe(builder.build(input, conversions,
                    k -> "g" + Math.floorMod(k, 3))));
            AttributionModel markov = AttributionModel.markov(1);
            if (objects.size() == 0) {
                assertThatThrownBy(() -> builder.attribute(markov, columns, conversions))
                        .hasMessageContaining("empty data set");
                continue;
            }
            assertThat(builder.attribute(markov, columns, conversions)).isEqualTo(markov.attribute(objects));
            assertThat(builder.attribute(AttributionModel.timeDecay(), columns, conversions))
                    .isEqualTo(AttributionModel.timeDecay().attribute(objects));
        }
    }

    /**
     * Random profiles (keys may repeat, so a profile's touches may be spread over the input), with
     * runs long enough for the run sorter's merge sort, time ties, and up to two conversions each.
     */
    static void randomData(SplittableRandom rnd, List<Touchpoint> touches, List<Conversion> conversions,
                           int maxProfiles, int channels, boolean typed) {
        int profiles = 1 + rnd.nextInt(maxProfiles);
        for (int p = 0; p < profiles; p++) {
            long key = rnd.nextLong(-1_000, 1_000);
            int n = rnd.nextInt(5) == 0 ? 25 + rnd.nextInt(20) : rnd.nextInt(9);
            for (int i = 0; i < n; i++) {
                touches.add(new Touchpoint(key, day(rnd.nextInt(60) / 2.0), "c" + rnd.nextInt(channels),
                        rnd.nextBoolean() ? "" : "cmp" + rnd.nextInt(3), rnd.nextBoolean() ? "mobile" : "desktop",
                        "visit", 0));
            }
            for (int i = rnd.nextInt(3); i > 0; i--) {
                conversions.add(new Conversion(key, day(rnd.nextInt(60) / 2.0), 1 + rnd.nextInt(50),
                        typed && rnd.nextInt(4) == 0 ? "signup" : "order"));
            }
        }
    }

    /** The columns filled the way a columnar caller does: names interned once, then ids and epoch seconds. */
    static TouchColumns byIds(List<Touchpoint> touches) {
        TouchColumns.Builder b = TouchColumns.builder().timeUnit(TimeUnit.SECONDS);
        for (Touchpoint t : touches) {
            b.add(t.profile(), t.time().getEpochSecond(), b.channel(t.channel()), b.campaign(t.campaign()),
                    b.device(t.device()), b.kind(t.kind()));
        }
        return b.build();
    }

    /** The caller's own arrays (epoch microseconds, channel ids), wrapped. */
    static TouchColumns wrapped(List<Touchpoint> touches) {
        List<String> names = new ArrayList<>();
        long[] profile = new long[touches.size()];
        long[] micros = new long[touches.size()];
        int[] channel = new int[touches.size()];
        for (int i = 0; i < touches.size(); i++) {
            Touchpoint t = touches.get(i);
            profile[i] = t.profile();
            micros[i] = TimeUnit.SECONDS.toMicros(t.time().getEpochSecond()) + t.time().getNano() / 1000;
            if (!names.contains(t.channel())) {
                names.add(t.channel());
            }
            channel[i] = names.indexOf(t.channel());
        }
        return TouchColumns.wrap(profile, micros, TimeUnit.MICROSECONDS, channel, names);
    }

    /** Every row with its group, steps, step ages and counts, and the unattributed totals. */
    static List<String> describe(PathTable t) {
        List<String> out = new ArrayList<>(rows(t));
        for (int r = 0; r < t.size(); r++) {
            StringBuilder ages = new StringBuilder();
            for (int i = 0; i < t.pathLength(r); i++) {
                ages.append(t.age(r, i)).append(' ');
            }
            out.add(ages.toString());
        }
        out.add(t.values().toString());
        out.add(t.unattributedConversions() + " " + t.unattributedValue());
        return out;
    }
}
