package io.omnicanal.attribution.internal;

import io.omnicanal.attribution.Conversion;
import io.omnicanal.attribution.ResultTable;
import io.omnicanal.attribution.Touchpoint;
import it.unimi.dsi.fastutil.doubles.DoubleArrayList;
import it.unimi.dsi.fastutil.ints.IntArrays;
import it.unimi.dsi.fastutil.longs.Long2DoubleOpenHashMap;
import it.unimi.dsi.fastutil.longs.Long2IntOpenHashMap;
import it.unimi.dsi.fastutil.longs.Long2LongOpenHashMap;
import it.unimi.dsi.fastutil.longs.LongArrayList;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.function.LongFunction;

/**
 * Quality of customers per first-touch channel: for each profile, the channel (and device) of its
 * earliest touch (ties: the first in input order), and the sum of its conversion values at or after
 * that touch (in ascending order of value, so that no sum depends on the input order); rows over all
 * devices, then per first-touch device when any touch names a device. Every touch and conversion
 * given counts: path settings (excluded channels, conversion types) do not apply here, so a caller
 * who wants them filters the collections it passes.
 */
public final class CustomerQuality {
    private CustomerQuality() {
    }

    public static List<ResultTable.QualityRow> rows(Collection<Touchpoint> touches, Collection<Conversion> conversions,
                                                    LongFunction<String> grouping) {
        Long2LongOpenHashMap firstTime = new Long2LongOpenHashMap();
        Long2IntOpenHashMap firstIndex = new Long2IntOpenHashMap();
        List<String> channels = new ArrayList<>();
        List<String> devices = new ArrayList<>();
        boolean anyDevice = false;
        int i = 0;
        for (Touchpoint t : touches) {
            Objects.requireNonNull(t, "touchpoints[" + i + "]");
            long time = PathConstruction.nanos(t.time(), "touchpoints", i);
            if (!firstTime.containsKey(t.profile()) || time < firstTime.get(t.profile())) {
                firstTime.put(t.profile(), time);
                firstIndex.put(t.profile(), channels.size());
                channels.add(t.channel());
                devices.add(t.device());
            }
            anyDevice |= !t.device().isEmpty();
            i++;
        }
        // each profile's later values summed in ascending order of value, so that the double does
        // not depend on the order the conversions came in
        LongArrayList laterProfile = new LongArrayList();
        DoubleArrayList laterValue = new DoubleArrayList();
        i = 0;
        for (Conversion c : conversions) {
            Objects.requireNonNull(c, "conversions[" + i + "]");
            long time = PathConstruction.nanos(c.time(), "conversions", i);
            if (firstTime.containsKey(c.profile()) && time >= firstTime.get(c.profile())) {
                laterProfile.add(c.profile());
                laterValue.add(c.value());
            }
            i++;
        }
        long[] lp = laterProfile.elements();
        double[] lv = laterValue.elements();
        int[] order = new int[laterProfile.size()];
        for (int k = 0; k < order.length; k++) {
            order[k] = k;
        }
        IntArrays.quickSort(order, (a, b) -> lp[a] != lp[b] ? Long.compare(lp[a], lp[b]) : Double.compare(lv[a], lv[b]));
        Long2DoubleOpenHashMap later = new Long2DoubleOpenHashMap();
        for (int k : order) {
            later.addTo(lp[k], lv[k]);
        }
        // group -> device -> channel -> {profiles, later value}
        Map<String, Map<String, Map<String, double[]>>> sums = new TreeMap<>();
        String all = grouping == null ? "" : ResultTable.ALL;
        long[] profiles = firstTime.keySet().toLongArray();
        java.util.Arrays.sort(profiles);
        for (long p : profiles) {
            int first = firstIndex.get(p);
            String channel = channels.get(first);
            String device = devices.get(first);
            double v = later.get(p);
            String group = grouping == null ? null
                    : Objects.requireNonNull(grouping.apply(p), "group of profile " + p);
            for (String g : group == null ? List.of(all) : List.of(all, group)) {
                accumulate(sums, g, ResultTable.ALL, channel, v);
                if (anyDevice) {
                    accumulate(sums, g, device, channel, v);
                }
            }
        }
        List<ResultTable.QualityRow> out = new ArrayList<>();
        emit(out, sums.remove(all), all);
        sums.forEach((g, m) -> emit(out, m, g));
        return out;
    }

    private static void accumulate(Map<String, Map<String, Map<String, double[]>>> sums, String group, String device,
                                   String channel, double v) {
        double[] s = sums.computeIfAbsent(group, k -> new TreeMap<>())
                .computeIfAbsent(device, k -> new TreeMap<>()).computeIfAbsent(channel, k -> new double[2]);
        s[0]++;
        s[1] += v;
    }

    private static void emit(List<ResultTable.QualityRow> out, Map<String, Map<String, double[]>> byDevice,
                             String group) {
        if (byDevice == null) {
            return;
        }
        Map<String, double[]> allDevices = byDevice.remove(ResultTable.ALL);
        emit(out, group, ResultTable.ALL, allDevices);
        byDevice.forEach((device, m) -> emit(out, group, device, m));
    }

    private static void emit(List<ResultTable.QualityRow> out, String group, String device, Map<String, double[]> m) {
        m.forEach((channel, s) -> out.add(new ResultTable.QualityRow(group, device, channel, (long) s[0], s[1],
                s[1] / s[0])));
    }
}
