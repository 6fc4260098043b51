package io.omnicanal.attribution;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static io.omnicanal.attribution.PathBuilderTest.day;
import static io.omnicanal.attribution.PathBuilderTest.rows;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TouchColumnsTest {

    @Test
    void keepsTouchesSortedByProfileAndTimeTiesInTheOrderAdded() {
        TouchColumns.Builder b = TouchColumns.builder();
        int search = b.channel("search");
        int email = b.channel("email");
        int mobile = b.device("mobile");
        b.add(2, 5_000, email).add(1, 9_000, search).add(2, 1_000, search, 0, mobile, 0).add(2, 5_000, search);
        TouchColumns c = b.build();
        assertThat(c.size()).isEqualTo(4);
        long[] keys = new long[4];
        long[] times = new long[4];
        String[] channels = new String[4];
        for (int i = 0; i < 4; i++) {
            keys[i] = c.profile(i);
            times[i] = c.epochNanos(i) / 1_000_000;
            channels[i] = c.channels().get(c.channelId(i));
        }
        assertThat(keys).containsExactly(1, 2, 2, 2);
        assertThat(times).containsExactly(9_000, 1_000, 5_000, 5_000);
        assertThat(channels).containsExactly("search", "search", "email", "search");
        assertThat(c.devices().get(c.deviceId(1))).isEqualTo("mobile");
        assertThat(c.touchpoint(1)).isEqualTo(new Touchpoint(2, Instant.ofEpochMilli(1_000), "search", "", "mobile", "", 0));
        assertThat(c.time(0)).isEqualTo(Instant.ofEpochSecond(9));
    }

    @Test
    void sortsLargeUnsortedInputStablyWithNegativeKeysAndTimes() {
        TouchColumns.Builder b = TouchColumns.builder().timeUnit(TimeUnit.NANOSECONDS);
        int[] ids = {b.channel("a"), b.channel("b"), b.channel("c")};
        java.util.SplittableRandom rnd = new java.util.SplittableRandom(7);
        List<long[]> added = new ArrayList<>();
        for (int i = 0; i < 50_000; i++) {
            long key = rnd.nextLong(-50, 50);
            long time = rnd.nextLong(-20, 20) * 1_000_000_000L;
            int ch = ids[rnd.nextInt(3)];
            b.add(key, time, ch);
            added.add(new long[] {key, time, ch, i});
        }
        TouchColumns c = b.build();
        added.sort((x, y) -> x[0] != y[0] ? Long.compare(x[0], y[0]) : Long.compare(x[1], y[1])); // stable
        for (int i = 0; i < added.size(); i++) {
            long[] e = added.get(i);
            assertThat(new long[] {c.profile(i), c.epochNanos(i), c.channelId(i)}).as("row " + i)
                    .containsExactly(e[0], e[1], e[2]);
        }
    }

    @Test
    void wrapsTheCallersArraysSortingCopiesWhenUnsorted() {
        long[] profile = {5, 5, 2, 9};
        long[] seconds = {30, 10, 20, 0};
        int[] channel = {1, 0, 1, 0};
        TouchColumns c = TouchColumns.wrap(profile, seconds, TimeUnit.SECONDS, channel, List.of("email", "search"));
        assertThat(c.size()).isEqualTo(4);
        assertThat(c.touchpoint(0)).isEqualTo(Touchpoint.of(2, Instant.ofEpochSecond(20), "search"));
        assertThat(c.touchpoint(1)).isEqualTo(Touchpoint.of(5, Instant.ofEpochSecond(10), "email"));
        assertThat(c.touchpoint(2)).isEqualTo(Touchpoint.of(5, Instant.ofEpochSecond(30), "search"));
        assertThat(c.epochTime(3)).isZero();
        assertThat(c.timeUnit()).isEqualTo(TimeUnit.SECONDS);
        assertThat(profile).containsExactly(5, 5, 2, 9); // the caller's arrays are not sorted in place
        assertThat(c.campaigns()).containsExactly("");
        assertThat(c.id(Dimension.DEVICE, 2)).isZero();
    }

    @Test
    void wrapRefusesBadArraysNamingTheArrayIndexAndValue() {
        List<String> names = List.of("a", "b");
        assertThatThrownBy(() -> TouchColumns.wrap(new long[2], new long[1], TimeUnit.SECONDS, new int[2], names))
                .hasMessage("time.length must equal profile.length 2, was 1");
        assertThatThrownBy(() -> TouchColumns.wrap(new long[2], new long[2], TimeUnit.SECONDS, new int[3], names))
                .hasMessage("channel.length must equal profile.length 2, was 3");
        assertThatThrownBy(() -> TouchColumns.wrap(new long[2], new long[2], TimeUnit.SECONDS, new int[] {0, 2}, names))
                .hasMessage("channel[1]: unknown channel id 2 (2 names)");
        assertThatThrownBy(() -> TouchColumns.wrap(new long[2], new long[] {0, Long.MAX_VALUE / 100},
                TimeUnit.SECONDS, new int[2], names))
                .hasMessageStartingWith("time[1]: 92233720368547758 SECONDS since the epoch is outside");
        assertThatThrownBy(() -> TouchColumns.wrap(new long[1], new long[1], TimeUnit.SECONDS, new int[1],
                List.of("a", "a"))).hasMessage("channelNames[1]: \"a\" is repeated");
        assertThatThrownBy(() -> TouchColumns.wrap(new long[1], new long[1], TimeUnit.SECONDS, new int[1],
                List.of(""))).hasMessage("channelNames[0] must not be blank, was \"\"");
        assertThatThrownBy(() -> TouchColumns.wrap(new long[1], new long[1], TimeUnit.DAYS, new int[1], names))
                .hasMessageContaining("was DAYS");
    }

    @Test
    void ofKeepsEveryFieldButCost() {
        List<Touchpoint> touches = List.of(
                new Touchpoint(3, day(1), "search", "spring", "mobile", "click", 2.5),
                new Touchpoint(1, day(2), "email", "", "", "open", 0));
        TouchColumns c = TouchColumns.of(touches);
        assertThat(c.touchpoint(0)).isEqualTo(touches.get(1));
        assertThat(c.touchpoint(1)).isEqualTo(new Touchpoint(3, day(1), "search", "spring", "mobile", "click", 0));
        assertThat(c.names(Dimension.CAMPAIGN)).containsExactly("", "spring");
        assertThat(c.kinds()).containsExactly("", "click", "open");
    }

    @Test
    void refusesBadInputNamingTheFieldAndValueAndKeepsWhatWasAdded() {
        TouchColumns.Builder b = TouchColumns.builder();
        int search = b.channel("search");
        b.add(1, 1_000, search);
        assertThatThrownBy(() -> b.add(1, 2_000, 7)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("touches[1].channel: unknown channel id 7 (1 interned)");
        assertThatThrownBy(() -> b.add(1, 2_000, search, 3, 0, 0))
                .hasMessage("touches[1].campaign: unknown campaign id 3 (1 interned)");
        assertThatThrownBy(() -> b.add(1, -1, search, 0, -1, 0))
                .hasMessage("touches[1].device: unknown device id -1 (1 interned)");
        assertThatThrownBy(() -> b.add(1, Long.MAX_VALUE / 1000, search))
                .hasMessageStartingWith("touches[1].time: 9223372036854775 MILLISECONDS since the epoch is outside");
        assertThatThrownBy(() -> b.channel(" ")).hasMessage("channel must not be blank, was \" \"");
        assertThatThrownBy(() -> b.channel(null)).isInstanceOf(NullPointerException.class).hasMessage("channel");
        assertThatThrownBy(() -> b.timeUnit(TimeUnit.SECONDS)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("1 touches were added already");
        assertThatThrownBy(() -> TouchColumns.builder().timeUnit(TimeUnit.HOURS))
                .hasMessage("timeUnit must be NANOSECONDS, MICROSECONDS, MILLISECONDS or SECONDS, was HOURS");
        assertThatThrownBy(() -> TouchColumns.builder().expectedSize(-2)).hasMessage("expectedSize must be >= 0, was -2");
        assertThatThrownBy(() -> TouchColumns.builder().add(Touchpoint.of(1, Instant.parse("2026-01-01T00:00:00.000000001Z"),
                "a"))).hasMessageContaining("is finer than the builder's unit MILLISECONDS");
        assertThatThrownBy(() -> TouchColumns.of(Arrays.asList(Touchpoint.of(1, day(1), "a"), null)))
                .isInstanceOf(NullPointerException.class).hasMessage("touchpoints[1] is null");
        TouchColumns c = b.build();
        assertThat(c.size()).isEqualTo(1);
        assertThat(c.channels()).containsExactly("search");
        assertThatThrownBy(b::build).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> b.add(2, 1, search)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void buildsTheWorkedExampleOfPathBuilderTest() {
        List<Touchpoint> touches = List.of(
                Touchpoint.of(1, day(1), "search"), Touchpoint.of(1, day(2), "email"), Touchpoint.of(1, day(3), "direct"),
                Touchpoint.of(1, day(5), "social"), Touchpoint.of(1, day(6), "email"),
                Touchpoint.of(1, day(9), "display"),
                Touchpoint.of(2, day(1), "display"), Touchpoint.of(2, day(4), "search"));
        List<Conversion> conversions = List.of(new Conversion(1, day(3), 50, "order"),
                new Conversion(1, day(7), 20, "order"), new Conversion(3, day(2), 5, "order"));
        PathBuilder builder = new PathBuilder(PathSettings.builder().lookback(Duration.ofDays(30)).build());
        PathTable t = builder.build(TouchColumns.of(touches), conversions);
        // worked out by hand: profile 1 converts at day 3 (search, email, direct) and day 7
        // (social, email), then a tail (display); profile 2 never converts; profile 3 has no touch
        assertThat(rows(t)).containsExactly(
                "|search>email>direct|1.0|50.0|0.0",
                "|social>email|1.0|20.0|0.0",
                "|display|0.0|0.0|1.0",
                "|display>search|0.0|0.0|1.0");
        assertThat(t.unattributedConversions()).isEqualTo(1.0);
        assertThat(t.unattributedValue()).isEqualTo(5.0);
        assertThat(t.age(0, 0)).isEqualTo(Duration.ofDays(2));
    }

    @Test
    void emptyInputsAreRefused() {
        PathBuilder builder = new PathBuilder(PathSettings.builder().build());
        assertThatThrownBy(() -> builder.build(TouchColumns.builder().build(), List.of()))
                .hasMessageContaining("empty data set");
        assertThatThrownBy(() -> builder.attribute(AttributionModel.markov(1), (TouchColumns) null, List.of()))
                .isInstanceOf(NullPointerException.class).hasMessage("touchpoints");
    }
}
