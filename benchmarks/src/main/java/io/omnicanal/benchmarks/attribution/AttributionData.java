package io.omnicanal.benchmarks.attribution;

import io.omnicanal.attribution.Conversion;
import io.omnicanal.attribution.Touchpoint;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The seeded benchmark data set: one journey per profile over 12 channels, 1 to 20 touches each,
 * about 5% converting. Channels are drawn from a skewed mix, and the conversion chance rises with
 * the number of distinct "strong" channels (email, search, store) on the journey, so that models
 * disagree. Touches are 1 to 48 hours apart and a conversion comes one hour after the last touch.
 */
public final class AttributionData {
    public static final List<String> CHANNELS = List.of("search", "display", "social", "email", "sms", "push", "web",
            "app", "call_centre", "kiosk", "store", "direct");
    private static final double[] MIX = {0.16, 0.12, 0.12, 0.10, 0.05, 0.06, 0.12, 0.08, 0.03, 0.02, 0.04, 0.10};
    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    public final List<List<String>> paths = new ArrayList<>();
    public final List<Instant> endTimes = new ArrayList<>();
    public final double[] values;
    public final List<Touchpoint> touchpoints = new ArrayList<>();
    public final List<Conversion> conversions = new ArrayList<>();

    /**
     * @param size the number of journeys (profiles)
     * @param seed the seed
     * @param withTouchpoints whether to materialise raw touchpoints and conversions too
     */
    public AttributionData(int size, long seed, boolean withTouchpoints) {
        SplittableRandom random = new SplittableRandom(seed);
        values = new double[size];
        double[] cumulative = new double[MIX.length];
        double s = 0;
        for (int i = 0; i < MIX.length; i++) {
            s += MIX[i];
            cumulative[i] = s;
        }
        for (int p = 0; p < size; p++) {
            int length = 1 + random.nextInt(20);
            List<String> path = new ArrayList<>(length);
            boolean email = false;
            boolean search = false;
            boolean store = false;
            Instant t = T0.plus(Duration.ofMinutes(random.nextInt(60 * 24 * 60)));
            for (int i = 0; i < length; i++) {
                double u = random.nextDouble() * s;
                int c = 0;
                while (cumulative[c] < u) {
                    c++;
                }
                String channel = CHANNELS.get(c);
                path.add(channel);
                email |= c == 3;
                search |= c == 0;
                store |= c == 10;
                if (i > 0) {
                    t = t.plus(Duration.ofMinutes(60 + random.nextInt(47 * 60)));
                }
                if (withTouchpoints) {
                    touchpoints.add(new Touchpoint(p, t, channel, "cmp" + (c % 4), i % 3 == 0 ? "mobile" : "desktop",
                            "visit", 0));
                }
            }
            double chance = 0.015 + 0.021 * ((email ? 1 : 0) + (search ? 1 : 0) + (store ? 1 : 0));
            boolean converted = random.nextDouble() < chance;
            values[p] = converted ? 20 + random.nextInt(200) : 0;
            Instant end = t.plus(Duration.ofHours(1));
            endTimes.add(end);
            paths.add(path);
            if (withTouchpoints && converted) {
                conversions.add(new Conversion(p, end, values[p], "order"));
            }
        }
    }

    /** @return the rows as a ChannelAttribution-style CSV path table (path, total_conversions, ...) */
    public String aggregatedCsv() {
        StringBuilder sb = new StringBuilder("path,total_conversions,total_conversion_value,total_null\n");
        java.util.Map<String, double[]> rows = new java.util.LinkedHashMap<>();
        for (int p = 0; p < paths.size(); p++) {
            double[] r = rows.computeIfAbsent(String.join(" > ", paths.get(p)), k -> new double[3]);
            if (values[p] > 0) {
                r[0]++;
                r[1] += values[p];
            } else {
                r[2]++;
            }
        }
        rows.forEach((k, r) -> sb.append(k).append(',').append(r[0]).append(',').append(r[1]).append(',').append(r[2])
                .append('\n'));
        return sb.toString();
    }
}
