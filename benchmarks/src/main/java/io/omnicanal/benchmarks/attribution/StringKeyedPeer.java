package io.omnicanal.benchmarks.attribution;

import io.omnicanal.attribution.Conversion;
import io.omnicanal.attribution.Touchpoint;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The way attribution code is usually written, as the peer of the library: paths are strings
 * ({@code "search > email"}) in a {@code Map<String, double[]>} of {conversions, value, nulls},
 * transitions are counted per state string in nested hash maps, and the chain is solved by
 * iterating the transition matrix until it stops changing.
 */
public final class StringKeyedPeer {
    private StringKeyedPeer() {
    }

    /** Reads a path,conversions,value,nulls CSV (no quoting) into the path map. */
    public static Map<String, double[]> pathsFromCsv(String csv) {
        Map<String, double[]> paths = new HashMap<>();
        String[] lines = csv.split("\n");
        for (int i = 1; i < lines.length; i++) {
            String[] f = lines[i].split(",");
            double[] r = paths.computeIfAbsent(f[0], k -> new double[3]);
            r[0] += Double.parseDouble(f[1]);
            r[1] += Double.parseDouble(f[2]);
            r[2] += Double.parseDouble(f[3]);
        }
        return paths;
    }

    /** One journey the usual way: its touches in time order, its end, and what it produced. */
    public record Journey(List<Touchpoint> touches, Instant end, double conversions, double value, double nulls) {
    }

    /** Raw touches to the path map: the {@link #journeys}, keyed by their path strings. */
    public static Map<String, double[]> buildPaths(List<Touchpoint> touches, List<Conversion> conversions,
                                                   Duration lookback) {
        Map<String, double[]> paths = new HashMap<>();
        for (Journey j : journeys(touches, conversions, lookback)) {
            List<String> channels = new ArrayList<>(j.touches().size());
            for (Touchpoint t : j.touches()) {
                channels.add(t.channel());
            }
            double[] r = paths.computeIfAbsent(String.join(" > ", channels), k -> new double[3]);
            r[0] += j.conversions();
            r[1] += j.value();
            r[2] += j.nulls();
        }
        return paths;
    }

    /**
     * Raw touches to journeys: group by profile in hash maps, sort by time, cut at each conversion
     * instant (the touches after the previous one, at or before it, within the lookback); the
     * conversions of a profile at one instant make one journey with their count and summed value,
     * and an instant with no touch makes none. The touches after the last conversion make one
     * non-converting journey, cut by the lookback from its last touch.
     */
    public static List<Journey> journeys(List<Touchpoint> touches, List<Conversion> conversions, Duration lookback) {
        Map<Long, List<Touchpoint>> byProfile = new HashMap<>();
        for (Touchpoint t : touches) {
            byProfile.computeIfAbsent(t.profile(), k -> new ArrayList<>()).add(t);
        }
        Map<Long, List<Conversion>> convByProfile = new HashMap<>();
        for (Conversion c : conversions) {
            convByProfile.computeIfAbsent(c.profile(), k -> new ArrayList<>()).add(c);
        }
        List<Journey> out = new ArrayList<>();
        for (Map.Entry<Long, List<Touchpoint>> e : byProfile.entrySet()) {
            List<Touchpoint> ts = e.getValue();
            ts.sort(Comparator.comparing(Touchpoint::time));
            List<Conversion> cs = convByProfile.getOrDefault(e.getKey(), new ArrayList<>());
            cs.sort(Comparator.comparing(Conversion::time));
            int cursor = 0;
            Instant previous = null;
            for (int ci = 0; ci < cs.size(); ) {
                Conversion c = cs.get(ci);
                // the conversions at one instant are one journey: their count, their values summed
                List<Double> values = new ArrayList<>();
                while (ci < cs.size() && cs.get(ci).time().equals(c.time())) {
                    values.add(cs.get(ci++).value());
                }
                List<Touchpoint> path = new ArrayList<>();
                while (cursor < ts.size() && !ts.get(cursor).time().isAfter(c.time())) {
                    Touchpoint t = ts.get(cursor++);
                    if (!t.time().isBefore(c.time().minus(lookback)) && (previous == null || t.time().isAfter(previous))) {
                        path.add(t);
                    }
                }
                if (!path.isEmpty()) {
                    out.add(new Journey(path, c.time(), values.size(), ascendingSum(values), 0));
                }
                previous = c.time();
            }
            if (cursor < ts.size()) {
                Instant end = ts.get(ts.size() - 1).time();
                List<Touchpoint> path = new ArrayList<>();
                for (int i = cursor; i < ts.size(); i++) {
                    if (!ts.get(i).time().isBefore(end.minus(lookback))) {
                        path.add(ts.get(i));
                    }
                }
                out.add(new Journey(path, end, 0, 0, 1));
            }
        }
        return out;
    }

    /**
     * Touches held in columns (profile key, epoch milliseconds, dictionary-encoded channel, as a
     * columnar export delivers them) to the path map, the usual way: row indices grouped by
     * profile in a hash map, sorted by time, cut at each conversion instant within the lookback
     * (the rule of {@link #journeys}), channel names joined into the path string.
     */
    public static Map<String, double[]> buildPathsFromColumns(long[] profile, long[] epochMillis, int[] channel,
                                                              String[] channelNames, List<Conversion> conversions,
                                                              Duration lookback) {
        Map<Long, List<Integer>> byProfile = new HashMap<>();
        for (int i = 0; i < profile.length; i++) {
            byProfile.computeIfAbsent(profile[i], k -> new ArrayList<>()).add(i);
        }
        Map<Long, List<Conversion>> convByProfile = new HashMap<>();
        for (Conversion c : conversions) {
            convByProfile.computeIfAbsent(c.profile(), k -> new ArrayList<>()).add(c);
        }
        long window = lookback.toMillis();
        Map<String, double[]> paths = new HashMap<>();
        for (Map.Entry<Long, List<Integer>> e : byProfile.entrySet()) {
            List<Integer> ts = e.getValue();
            ts.sort(Comparator.comparingLong(i -> epochMillis[i]));
            List<Conversion> cs = convByProfile.getOrDefault(e.getKey(), new ArrayList<>());
            cs.sort(Comparator.comparing(Conversion::time));
            int cursor = 0;
            long previous = Long.MIN_VALUE;
            for (int ci = 0; ci < cs.size(); ) {
                long at = cs.get(ci).time().toEpochMilli();
                List<Double> values = new ArrayList<>();
                while (ci < cs.size() && cs.get(ci).time().toEpochMilli() == at) {
                    values.add(cs.get(ci++).value());
                }
                List<String> path = new ArrayList<>();
                while (cursor < ts.size() && epochMillis[ts.get(cursor)] <= at) {
                    int t = ts.get(cursor++);
                    if (epochMillis[t] >= at - window && epochMillis[t] > previous) {
                        path.add(channelNames[channel[t]]);
                    }
                }
                if (!path.isEmpty()) {
                    double[] r = paths.computeIfAbsent(String.join(" > ", path), k -> new double[3]);
                    r[0] += values.size();
                    r[1] += ascendingSum(values);
                }
                previous = at;
            }
            if (cursor < ts.size()) {
                long end = epochMillis[ts.get(ts.size() - 1)];
                List<String> path = new ArrayList<>();
                for (int i = cursor; i < ts.size(); i++) {
                    if (epochMillis[ts.get(i)] >= end - window) {
                        path.add(channelNames[channel[ts.get(i)]]);
                    }
                }
                paths.computeIfAbsent(String.join(" > ", path), k -> new double[3])[2] += 1;
            }
        }
        return paths;
    }

    /** The values summed smallest first, as the library sums the conversions of one instant. */
    private static double ascendingSum(List<Double> values) {
        values.sort(null);
        double sum = 0;
        for (double v : values) {
            sum += v;
        }
        return sum;
    }

    /** Time-decay credit over journeys: weight {@code 2^(-age / halfLife)} per touch, normalised per journey. */
    public static Map<String, double[]> timeDecay(List<Journey> journeys, Duration halfLife) {
        Map<String, double[]> credits = new TreeMap<>();
        double half = halfLife.toMillis();
        for (Journey j : journeys) {
            if (j.conversions() == 0) {
                continue;
            }
            double total = 0;
            for (Touchpoint t : j.touches()) {
                total += Math.pow(2, -Duration.between(t.time(), j.end()).toMillis() / half);
            }
            for (Touchpoint t : j.touches()) {
                double w = Math.pow(2, -Duration.between(t.time(), j.end()).toMillis() / half) / total;
                double[] c = credits.computeIfAbsent(t.channel(), k -> new double[2]);
                c[0] += j.conversions() * w;
                c[1] += j.value() * w;
            }
        }
        return credits;
    }

    /** Markov removal-effect credits {channel: {conversions, value}} of the given order. */
    public static Map<String, double[]> markov(Map<String, double[]> paths, int order) {
        Map<String, Map<String, Double>> transitions = new HashMap<>();
        Map<String, Double> convAt = new HashMap<>();
        Map<String, Double> nullAt = new HashMap<>();
        Map<String, Double> valueAt = new HashMap<>();
        TreeSet<String> channels = new TreeSet<>();
        double totalConv = 0;
        double totalValue = 0;
        for (Map.Entry<String, double[]> e : paths.entrySet()) {
            double[] r = e.getValue();
            totalConv += r[0];
            totalValue += r[1];
            List<String> steps = new ArrayList<>();
            for (String s : e.getKey().split(" > ")) {
                if (steps.isEmpty() || !steps.get(steps.size() - 1).equals(s)) {
                    steps.add(s);
                }
            }
            channels.addAll(steps);
            String prev = "(start)";
            for (int i = 0; i < steps.size(); i++) {
                String state = String.join(",", steps.subList(Math.max(0, i - order + 1), i + 1));
                transitions.computeIfAbsent(prev, k -> new HashMap<>()).merge(state, r[0] + r[2], Double::sum);
                prev = state;
            }
            convAt.merge(prev, r[0], Double::sum);
            nullAt.merge(prev, r[2], Double::sum);
            valueAt.merge(prev, r[1], Double::sum);
        }
        double[] base = solve(transitions, convAt, nullAt, valueAt, null);
        Map<String, double[]> effects = new TreeMap<>();
        double sumC = 0;
        double sumV = 0;
        for (String c : channels) {
            double[] without = solve(transitions, convAt, nullAt, valueAt, c);
            double[] e = {1 - without[0] / base[0], 1 - without[1] / base[1]};
            effects.put(c, e);
            sumC += e[0];
            sumV += e[1];
        }
        Map<String, double[]> credits = new TreeMap<>();
        for (Map.Entry<String, double[]> e : effects.entrySet()) {
            credits.put(e.getKey(), new double[] {e.getValue()[0] / sumC * totalConv, e.getValue()[1] / sumV * totalValue});
        }
        return credits;
    }

    private static java.util.Set<String> statesWith(java.util.Set<String> states, String channel) {
        java.util.Set<String> out = new java.util.HashSet<>();
        if (channel != null) {
            for (String s : states) {
                if (Arrays.asList(s.split(",")).contains(channel)) {
                    out.add(s);
                }
            }
        }
        return out;
    }

    /** Iterates x = P x + b (and the value twin) over the string-keyed matrix until it settles. */
    private static double[] solve(Map<String, Map<String, Double>> transitions, Map<String, Double> convAt,
                                  Map<String, Double> nullAt, Map<String, Double> valueAt, String removed) {
        Map<String, Double> x = new HashMap<>();
        Map<String, Double> y = new HashMap<>();
        Map<String, Double> out = new HashMap<>();
        for (Map.Entry<String, Map<String, Double>> e : transitions.entrySet()) {
            double o = convAt.getOrDefault(e.getKey(), 0.0) + nullAt.getOrDefault(e.getKey(), 0.0);
            for (double w : e.getValue().values()) {
                o += w;
            }
            out.put(e.getKey(), o);
        }
        for (String s : convAt.keySet()) {
            out.putIfAbsent(s, convAt.get(s) + nullAt.getOrDefault(s, 0.0));
        }
        java.util.Set<String> gone = statesWith(out.keySet(), removed);
        for (int iter = 0; iter < 100_000; iter++) {
            double change = 0;
            for (Map.Entry<String, Double> e : out.entrySet()) {
                String s = e.getKey();
                if (gone.contains(s) || e.getValue() == 0) {
                    continue;
                }
                double o = e.getValue();
                double nx = convAt.getOrDefault(s, 0.0) / o;
                double ny = valueAt.getOrDefault(s, 0.0) / o;
                Map<String, Double> row = transitions.get(s);
                if (row != null) {
                    for (Map.Entry<String, Double> t : row.entrySet()) {
                        if (!gone.contains(t.getKey())) {
                            nx += t.getValue() / o * x.getOrDefault(t.getKey(), 0.0);
                            ny += t.getValue() / o * y.getOrDefault(t.getKey(), 0.0);
                        }
                    }
                }
                change = Math.max(change, Math.abs(nx - x.getOrDefault(s, 0.0)));
                change = Math.max(change, Math.abs(ny - y.getOrDefault(s, 0.0)) / Math.max(1, Math.abs(ny)));
                x.put(s, nx);
                y.put(s, ny);
            }
            if (change < 1e-15) {
                break;
            }
        }
        return new double[] {x.getOrDefault("(start)", 0.0), y.getOrDefault("(start)", 0.0)};
    }

    /** Linear credit per occurrence. */
    public static Map<String, double[]> linear(Map<String, double[]> paths) {
        return linear(paths, false);
    }

    /** Linear credit per distinct value: each distinct step of a path gets {@code 1 / distinct steps}. */
    public static Map<String, double[]> linearDistinct(Map<String, double[]> paths) {
        return linear(paths, true);
    }

    private static Map<String, double[]> linear(Map<String, double[]> paths, boolean distinct) {
        Map<String, double[]> credits = new TreeMap<>();
        for (Map.Entry<String, double[]> e : paths.entrySet()) {
            double[] r = e.getValue();
            if (r[0] == 0) {
                continue;
            }
            List<String> steps = Arrays.asList(e.getKey().split(" > "));
            if (distinct) {
                steps = new ArrayList<>(new java.util.LinkedHashSet<>(steps));
            }
            for (String s : steps) {
                double[] c = credits.computeIfAbsent(s, k -> new double[2]);
                c[0] += r[0] / steps.size();
                c[1] += r[1] / steps.size();
            }
        }
        return credits;
    }

    /** Last-touch credit. */
    public static Map<String, double[]> lastTouch(Map<String, double[]> paths) {
        Map<String, double[]> credits = new TreeMap<>();
        for (Map.Entry<String, double[]> e : paths.entrySet()) {
            double[] r = e.getValue();
            if (r[0] == 0) {
                continue;
            }
            String key = e.getKey();
            int cut = key.lastIndexOf(" > ");
            add(credits, cut < 0 ? key : key.substring(cut + 3), r, 1);
        }
        return credits;
    }

    /** First-touch credit. */
    public static Map<String, double[]> firstTouch(Map<String, double[]> paths) {
        Map<String, double[]> credits = new TreeMap<>();
        for (Map.Entry<String, double[]> e : paths.entrySet()) {
            double[] r = e.getValue();
            if (r[0] == 0) {
                continue;
            }
            String key = e.getKey();
            int cut = key.indexOf(" > ");
            add(credits, cut < 0 ? key : key.substring(0, cut), r, 1);
        }
        return credits;
    }

    /** Last non-direct touch: the last step that is not {@code direct}, or direct when the path is all direct. */
    public static Map<String, double[]> lastNonDirectTouch(Map<String, double[]> paths) {
        Map<String, double[]> credits = new TreeMap<>();
        for (Map.Entry<String, double[]> e : paths.entrySet()) {
            double[] r = e.getValue();
            if (r[0] == 0) {
                continue;
            }
            String[] steps = e.getKey().split(" > ");
            String chosen = steps[steps.length - 1];
            for (int i = steps.length - 1; i >= 0; i--) {
                if (!steps[i].equals("direct")) {
                    chosen = steps[i];
                    break;
                }
            }
            add(credits, chosen, r, 1);
        }
        return credits;
    }

    /** Position-based credit: 40% first, 40% last, 20% shared by the middle; 50/50 for two steps. */
    public static Map<String, double[]> positionBased(Map<String, double[]> paths) {
        Map<String, double[]> credits = new TreeMap<>();
        for (Map.Entry<String, double[]> e : paths.entrySet()) {
            double[] r = e.getValue();
            if (r[0] == 0) {
                continue;
            }
            String[] steps = e.getKey().split(" > ");
            if (steps.length == 1) {
                add(credits, steps[0], r, 1);
            } else if (steps.length == 2) {
                add(credits, steps[0], r, 0.5);
                add(credits, steps[1], r, 0.5);
            } else {
                add(credits, steps[0], r, 0.4);
                add(credits, steps[steps.length - 1], r, 0.4);
                for (int i = 1; i < steps.length - 1; i++) {
                    add(credits, steps[i], r, 0.2 / (steps.length - 2));
                }
            }
        }
        return credits;
    }

    private static void add(Map<String, double[]> credits, String channel, double[] row, double weight) {
        double[] c = credits.computeIfAbsent(channel, k -> new double[2]);
        c[0] += row[0] * weight;
        c[1] += row[1] * weight;
    }

    /** Shapley by Zhao's formula over coalitions keyed by their sorted channel-set string. */
    public static Map<String, double[]> shapley(Map<String, double[]> paths) {
        Map<String, double[]> coalitions = new HashMap<>();
        for (Map.Entry<String, double[]> e : paths.entrySet()) {
            double[] r = e.getValue();
            if (r[0] == 0) {
                continue;
            }
            String key = String.join(",", new TreeSet<>(Arrays.asList(e.getKey().split(" > "))));
            double[] c = coalitions.computeIfAbsent(key, k -> new double[2]);
            c[0] += r[0];
            c[1] += r[1];
        }
        Map<String, double[]> credits = new TreeMap<>();
        for (Map.Entry<String, double[]> e : coalitions.entrySet()) {
            String[] members = e.getKey().split(",");
            for (String m : members) {
                double[] c = credits.computeIfAbsent(m, k -> new double[2]);
                c[0] += e.getValue()[0] / members.length;
                c[1] += e.getValue()[1] / members.length;
            }
        }
        return credits;
    }

    /**
     * Ordered Shapley credit of the conversions game, as usually written: each converting path's
     * conversions shared equally by its distinct channels, each share credited to the channel at the
     * position of its first appearance; keyed {@code channel#position} (positions from 0).
     */
    public static Map<String, double[]> shapleyOrdered(Map<String, double[]> paths) {
        Map<String, double[]> credits = new TreeMap<>();
        for (Map.Entry<String, double[]> e : paths.entrySet()) {
            double[] r = e.getValue();
            if (r[0] == 0) {
                continue;
            }
            List<String> distinct = new ArrayList<>(new java.util.LinkedHashSet<>(Arrays.asList(e.getKey().split(" > "))));
            for (int p = 0; p < distinct.size(); p++) {
                double[] c = credits.computeIfAbsent(distinct.get(p) + "#" + p, k -> new double[2]);
                c[0] += r[0] / distinct.size();
                c[1] += r[1] / distinct.size();
            }
        }
        return credits;
    }
}
