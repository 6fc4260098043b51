package io.omnicanal.attribution.internal;

import io.omnicanal.attribution.Conversion;
import io.omnicanal.attribution.ResultTable;
import io.omnicanal.attribution.Touchpoint;
import it.unimi.dsi.fastutil.longs.Long2DoubleOpenHashMap;
import it.unimi.dsi.fastutil.longs.Long2IntOpenHashMap;
import it.unimi.dsi.fastutil.longs.Long2LongOpenHashMap;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.function.LongFunction;

/**
 * Quality of customers per first-touch channel: for each profile, the channel of its earliest touch
 * (ties: the first in input order), and the sum of its conversion values at or after that touch.
 */
public final class CustomerQuality {
    private CustomerQuality() {
    }

    public static List<ResultTable.QualityRow> rows(Collection<Touchpoint> touches, Collection<Conversion> conversions,
                                                    LongFunction<String> grouping) {
        Long2LongOpenHashMap firstTime = new Long2LongOpenHashMap();
        Long2IntOpenHashMap firstIndex = new Long2IntOpenHashMap();
        List<String> channels = new ArrayList<>();
        int i = 0;
        for (Touchpoint t : touches) {
            Objects.requireNonNull(t, "touchpoints[" + i + "]");
            long time = PathConstruction.nanos(t.time(), "touchpoints", i);
            if (!firstTime.containsKey(t.profile()) || time < firstTime.get(t.profile())) {
                firstTime.put(t.profile(), time);
                firstIndex.put(t.profile(), channels.size());
                channels.add(t.channel());
            }
            i++;
        }
        Long2DoubleOpenHashMap later = new Long2DoubleOpenHashMap();
        i = 0;
        for (Conversion c : conversions) {
            Objects.requireNonNull(c, "conversions[" + i + "]");
            long time = PathConstruction.nanos(c.time(), "conversions", i);
            if (firstTime.containsKey(c.profile()) && time >= firstTime.get(c.profile())) {
                later.addTo(c.profile(), c.value());
            }
            i++;
        }
        Map<String, Map<String, double[]>> sums = new TreeMap<>();
        String all = grouping == null ? "" : ResultTable.ALL;
        long[] profiles = firstTime.keySet().toLongArray();
        java.util.Arrays.sort(profiles);
        for (long p : profiles) {
            String channel = channels.get(firstIndex.get(p));
            double v = later.get(p);
            accumulate(sums, all, channel, v);
            if (grouping != null) {
                accumulate(sums, Objects.requireNonNull(grouping.apply(p), "group of profile " + p), channel, v);
            }
        }
        List<ResultTable.QualityRow> out = new ArrayList<>();
        emit(out, sums.remove(all), all);
        sums.forEach((g, m) -> emit(out, m, g));
        return out;
    }

    private static void accumulate(Map<String, Map<String, double[]>> sums, String group, String channel, double v) {
        double[] s = sums.computeIfAbsent(group, k -> new TreeMap<>()).computeIfAbsent(channel, k -> new double[2]);
        s[0]++;
        s[1] += v;
    }

    private static void emit(List<ResultTable.QualityRow> out, Map<String, double[]> m, String group) {
        if (m == null) {
            return;
        }
        m.forEach((channel, s) -> out.add(new ResultTable.QualityRow(group, channel, (long) s[0], s[1], s[1] / s[0])));
    }
}
