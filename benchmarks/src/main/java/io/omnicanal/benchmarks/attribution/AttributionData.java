package io.omnicanal.benchmarks.attribution;

import io.omnicanal.attribution.Conversion;
import io.omnicanal.attribution.Touchpoint;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Seeded attribution data: touches and conversions of {@code size} profiles over 12 channels, and
 * the paths they make under the library's documented rule, worked out here as the data is drawn.
 *
 * <p>{@linkplain #AttributionData(int, long, boolean) The benchmark's data}: one journey per
 * profile, 1 to 20 touches, 1 to 48 hours apart; about 5% convert, one hour after their last
 * touch, the chance rising with the number of distinct "strong" channels (email, search, store) on
 * the journey, so that models disagree; a converter converts again with probability 4% each time
 * (1 to 6 more touches, then another conversion an hour after the last), as repeat buyers do. The
 * repeats are drawn from a generator of their own, so the first journeys are those of the data set
 * before repeats were added.
 *
 * <p>{@linkplain #multiConversion(int, long, Duration) The agreement tests' data}: most profiles
 * convert 2 to 4 times, with touches before, between and after the conversions, conversions at the
 * same instant (order lines of one checkout) and at the instant of a touch, conversions with no
 * touch since the one before, and gaps longer than the lookback, which cut the older touches off.
 *
 * <p>Either way {@link #paths} and {@link #counts} hold the rows the rule gives: per profile, each
 * conversion instant takes the touches after the previous conversion instant, at or before it and
 * no older than the lookback, with the count and summed value of the conversions at that instant
 * (no such touch: unattributed); the touches after the last conversion make one non-converting
 * row, cut by the lookback from its last touch.
 */
public final class AttributionData {
    public static final List<String> CHANNELS = List.of("search", "display", "social", "email", "sms", "push", "web",
            "app", "call_centre", "kiosk", "store", "direct");
    private static final double[] MIX = {0.16, 0.12, 0.12, 0.10, 0.05, 0.06, 0.12, 0.08, 0.03, 0.02, 0.04, 0.10};
    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    /** The chance that a converter of the benchmark's data converts again, each time. */
    static final double REPEAT = 0.04;

    /** The rows' paths (channel names, oldest first), one per conversion instant with touches, one per tail. */
    public final List<List<String>> paths = new ArrayList<>();
    /** Per row of {@link #paths}: {conversions, value, nulls}. */
    public final List<double[]> counts = new ArrayList<>();
    public final List<Touchpoint> touchpoints = new ArrayList<>();
    public final List<Conversion> conversions = new ArrayList<>();
    /** Conversions, and their value, with no touch in their window. */
    public double unattributedConversions;
    public double unattributedValue;
    /** Profiles that convert at two or more instants. */
    public int repeatConverters;
    /** Conversion instants holding two or more conversions of a profile. */
    public int sharedInstants;
    /** Touches in no row: older than the lookback of the conversion, or of the tail, they belong to. */
    public int touchesCutByLookback;

    private final double[] cumulative = new double[MIX.length];
    private final Duration lookback;
    private final boolean withTouchpoints;

    /** One profile's touches (epoch milliseconds, channel index) and conversions, in time order. */
    private final List<long[]> touchBuffer = new ArrayList<>();
    private final List<long[]> conversionBuffer = new ArrayList<>();

    /**
     * The benchmark's data set (lookback 90 days, which cuts nothing: a journey spans at most 40 days).
     *
     * @param size the number of profiles
     * @param seed the seed
     * @param withTouchpoints whether to materialise raw touchpoints and conversions too
     */
    public AttributionData(int size, long seed, boolean withTouchpoints) {
        this(Duration.ofDays(90), withTouchpoints);
        SplittableRandom random = new SplittableRandom(seed);
        SplittableRandom repeats = new SplittableRandom(seed ^ 0x5EED_2E9EA7L);
        for (int p = 0; p < size; p++) {
            int length = 1 + random.nextInt(20);
            boolean email = false;
            boolean search = false;
            boolean store = false;
            long t = T0.toEpochMilli() + Duration.ofMinutes(random.nextInt(60 * 24 * 60)).toMillis();
            for (int i = 0; i < length; i++) {
                int c = channel(random);
                email |= c == 3;
                search |= c == 0;
                store |= c == 10;
                if (i > 0) {
                    t += Duration.ofMinutes(60 + random.nextInt(47 * 60)).toMillis();
                }
                touch(t, c);
            }
            double chance = 0.015 + 0.021 * ((email ? 1 : 0) + (search ? 1 : 0) + (store ? 1 : 0));
            if (random.nextDouble() < chance) {
                long end = t + Duration.ofHours(1).toMillis();
                conversion(end, 20 + random.nextInt(200));
                while (repeats.nextDouble() < REPEAT) {
                    t = end;
                    for (int i = 1 + repeats.nextInt(6); i > 0; i--) {
                        t += Duration.ofMinutes(60 + repeats.nextInt(47 * 60)).toMillis();
                        touch(t, channel(repeats));
                    }
                    end = t + Duration.ofHours(1).toMillis();
                    conversion(end, 20 + repeats.nextInt(200));
                }
            }
            endProfile(p);
        }
    }

    private AttributionData(Duration lookback, boolean withTouchpoints) {
        this.lookback = lookback;
        this.withTouchpoints = withTouchpoints;
        double s = 0;
        for (int i = 0; i < MIX.length; i++) {
            s += MIX[i];
            cumulative[i] = s;
        }
    }

    /**
     * The agreement tests' data set: about 55% of profiles convert at 2 to 4 instants, a sixth of
     * the instants hold 2 or 3 conversions, an eighth of the conversions come at the instant of the
     * touch before them, a tenth of the instants have no touch since the conversion before, a
     * tenth of the gaps between touches are longer than the lookback, and half the converters touch
     * again after their last conversion.
     *
     * @param size the number of profiles
     * @param seed the seed
     * @param lookback the lookback the rows are cut with
     * @return the data, with touchpoints and conversions
     */
    public static AttributionData multiConversion(int size, long seed, Duration lookback) {
        AttributionData d = new AttributionData(lookback, true);
        SplittableRandom random = new SplittableRandom(seed);
        long longGap = lookback.toMillis();
        for (int p = 0; p < size; p++) {
            long t = T0.toEpochMilli() + Duration.ofMinutes(random.nextInt(60 * 24 * 60)).toMillis();
            int draw = random.nextInt(20);
            int instants = draw < 4 ? 0 : draw < 9 ? 1 : 2 + random.nextInt(3);
            for (int k = 0; k < instants; k++) {
                int touches = random.nextInt(10) == 0 ? 0 : 1 + random.nextInt(6);
                for (int i = 0; i < touches; i++) {
                    t += d.gap(random, longGap);
                    d.touch(t, d.channel(random));
                }
                long at = touches > 0 && random.nextInt(8) == 0 ? t : t + d.gap(random, longGap);
                for (int n = random.nextInt(6) == 0 ? 2 + random.nextInt(2) : 1; n > 0; n--) {
                    d.conversion(at, 1 + random.nextInt(200));
                }
                t = at;
            }
            int tail = instants == 0 ? 1 + random.nextInt(12) : random.nextBoolean() ? 1 + random.nextInt(6) : 0;
            for (int i = 0; i < tail; i++) {
                t += d.gap(random, longGap);
                d.touch(t, d.channel(random));
            }
            d.endProfile(p);
        }
        return d;
    }

    /** 1 to 48 hours; one in 20 times none (a tie); one in 10 times more than {@code longGap}. */
    private long gap(SplittableRandom random, long longGap) {
        int draw = random.nextInt(20);
        if (draw == 0) {
            return 0;
        }
        if (draw <= 2) {
            return longGap + Duration.ofHours(1 + random.nextInt(24 * 60)).toMillis();
        }
        return Duration.ofMinutes(60 + random.nextInt(47 * 60)).toMillis();
    }

    private int channel(SplittableRandom random) {
        double u = random.nextDouble() * cumulative[cumulative.length - 1];
        int c = 0;
        while (cumulative[c] < u) {
            c++;
        }
        return c;
    }

    private void touch(long millis, int channel) {
        touchBuffer.add(new long[] {millis, channel});
    }

    private void conversion(long millis, double value) {
        conversionBuffer.add(new long[] {millis, Double.doubleToLongBits(value)});
    }

    /** Emits the profile's touchpoints and conversions, and the rows the documented rule cuts from them. */
    private void endProfile(long profile) {
        if (withTouchpoints) {
            for (int i = 0; i < touchBuffer.size(); i++) {
                long[] t = touchBuffer.get(i);
                int c = (int) t[1];
                touchpoints.add(new Touchpoint(profile, Instant.ofEpochMilli(t[0]), CHANNELS.get(c), "cmp" + (c % 4),
                        i % 3 == 0 ? "mobile" : "desktop", "visit", 0));
            }
            for (long[] c : conversionBuffer) {
                conversions.add(new Conversion(profile, Instant.ofEpochMilli(c[0]), Double.longBitsToDouble(c[1]),
                        "order"));
            }
        }
        long window = lookback.toMillis();
        int next = 0;
        long previous = Long.MIN_VALUE;
        int instants = 0;
        for (int c = 0; c < conversionBuffer.size(); ) {
            long at = conversionBuffer.get(c)[0];
            int same = c;
            double count = 0;
            double value = 0; // whole numbers: exact in any order
            while (same < conversionBuffer.size() && conversionBuffer.get(same)[0] == at) {
                count++;
                value += Double.longBitsToDouble(conversionBuffer.get(same)[1]);
                same++;
            }
            sharedInstants += count > 1 ? 1 : 0;
            instants++;
            List<String> path = new ArrayList<>();
            for (; next < touchBuffer.size() && touchBuffer.get(next)[0] <= at; next++) {
                long[] t = touchBuffer.get(next);
                if (t[0] > previous && t[0] >= at - window) {
                    path.add(CHANNELS.get((int) t[1]));
                } else {
                    touchesCutByLookback++;
                }
            }
            if (path.isEmpty()) {
                unattributedConversions += count;
                unattributedValue += value;
            } else {
                paths.add(path);
                counts.add(new double[] {count, value, 0});
            }
            previous = at;
            c = same;
        }
        repeatConverters += instants > 1 ? 1 : 0;
        if (next < touchBuffer.size()) {
            long end = touchBuffer.get(touchBuffer.size() - 1)[0];
            List<String> path = new ArrayList<>();
            for (; next < touchBuffer.size(); next++) {
                long[] t = touchBuffer.get(next);
                if (t[0] >= end - window) {
                    path.add(CHANNELS.get((int) t[1]));
                } else {
                    touchesCutByLookback++;
                }
            }
            paths.add(path);
            counts.add(new double[] {0, 0, 1});
        }
        touchBuffer.clear();
        conversionBuffer.clear();
    }

    /** @return the rows as a ChannelAttribution-style CSV path table (path, total_conversions, ...) */
    public String aggregatedCsv() {
        StringBuilder sb = new StringBuilder("path,total_conversions,total_conversion_value,total_null\n");
        Map<String, double[]> rows = new LinkedHashMap<>();
        for (int i = 0; i < paths.size(); i++) {
            double[] r = rows.computeIfAbsent(String.join(" > ", paths.get(i)), k -> new double[3]);
            double[] c = counts.get(i);
            r[0] += c[0];
            r[1] += c[1];
            r[2] += c[2];
        }
        rows.forEach((k, r) -> sb.append(k).append(',').append(r[0]).append(',').append(r[1]).append(',').append(r[2])
                .append('\n'));
        return sb.toString();
    }
}
