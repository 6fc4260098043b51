package io.omnicanal.attribution;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;

/**
 * A deliberately plain reference for Markov attribution, written from the ChannelAttribution
 * definitions and independent of the library code: states are strings (windows joined by ","),
 * transitions live in nested maps, and probabilities are found by repeated substitution (value
 * iteration) or by simulating walks.
 */
final class ReferenceMarkov {
    static final String START = "(start)";
    static final String CONV = "(conversion)";
    static final String NULL = "(null)";

    final Map<String, Map<String, Double>> weights = new TreeMap<>();
    final Map<String, Double> valueAt = new HashMap<>();
    final Map<String, Double> convAt = new HashMap<>();

    ReferenceMarkov(PathTable t, int order) {
        for (int r = 0; r < t.size(); r++) {
            List<String> collapsed = new ArrayList<>();
            for (int p = 0; p < t.pathLength(r); p++) {
                String v = t.value(t.step(r, p));
                if (collapsed.isEmpty() || !collapsed.get(collapsed.size() - 1).equals(v)) {
                    collapsed.add(v);
                }
            }
            double w = t.conversions(r) + t.nulls(r);
            String prev = START;
            for (int i = 0; i < collapsed.size(); i++) {
                String state = String.join(",", collapsed.subList(Math.max(0, i - order + 1), i + 1));
                add(prev, state, w);
                prev = state;
            }
            add(prev, CONV, t.conversions(r));
            add(prev, NULL, t.nulls(r));
            valueAt.merge(prev, t.conversionValue(r), Double::sum);
            convAt.merge(prev, t.conversions(r), Double::sum);
        }
    }

    private void add(String from, String to, double w) {
        weights.computeIfAbsent(from, k -> new TreeMap<>()).merge(to, w, Double::sum);
    }

    private double out(String s) {
        return weights.get(s).values().stream().mapToDouble(Double::doubleValue).sum();
    }

    private static boolean removed(String state, String channel) {
        if (channel == null || state.startsWith("(")) {
            return false;
        }
        for (String part : state.split(",")) {
            if (part.equals(channel)) {
                return true;
            }
        }
        return false;
    }

    /** {conversion probability, expected value} from (start), by value iteration. */
    double[] solve(String removedChannel) {
        Map<String, Double> x = new HashMap<>();
        Map<String, Double> y = new HashMap<>();
        for (int iter = 0; iter < 200_000; iter++) {
            double change = 0;
            for (Map.Entry<String, Map<String, Double>> e : weights.entrySet()) {
                String s = e.getKey();
                if (removed(s, removedChannel)) {
                    continue;
                }
                double total = out(s);
                double nx = 0;
                double ny = 0;
                for (Map.Entry<String, Double> t : e.getValue().entrySet()) {
                    double p = t.getValue() / total;
                    if (t.getKey().equals(CONV)) {
                        nx += p;
                    } else if (!t.getKey().equals(NULL) && !removed(t.getKey(), removedChannel)) {
                        nx += p * x.getOrDefault(t.getKey(), 0.0);
                        ny += p * y.getOrDefault(t.getKey(), 0.0);
                    }
                }
                ny += valueAt.getOrDefault(s, 0.0) / total;
                change = Math.max(change, Math.abs(nx - x.getOrDefault(s, 0.0)) + Math.abs(ny - y.getOrDefault(s, 0.0)));
                x.put(s, nx);
                y.put(s, ny);
            }
            if (change < 1e-14) {
                break;
            }
        }
        return new double[] {x.getOrDefault(START, 0.0), y.getOrDefault(START, 0.0)};
    }

    /** Fraction of {@code walks} simulated walks from (start) that reach (conversion). */
    double simulate(String removedChannel, int walks, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        int converted = 0;
        for (int w = 0; w < walks; w++) {
            String s = START;
            while (true) {
                if (removed(s, removedChannel) || s.equals(NULL)) {
                    break;
                }
                if (s.equals(CONV)) {
                    converted++;
                    break;
                }
                double u = random.nextDouble() * out(s);
                String nextState = null;
                for (Map.Entry<String, Double> t : weights.get(s).entrySet()) {
                    u -= t.getValue();
                    nextState = t.getKey();
                    if (u < 0) {
                        break;
                    }
                }
                s = nextState;
            }
        }
        return (double) converted / walks;
    }

    /** Credits as ChannelAttribution defines them from the removal effects. */
    Map<String, double[]> credits(List<String> channels, double totalConv, double totalValue) {
        double[] base = solve(null);
        Map<String, double[]> effects = new TreeMap<>();
        double sumC = 0;
        double sumV = 0;
        for (String c : channels) {
            double[] without = solve(c);
            double rc = base[0] > 0 ? 1 - without[0] / base[0] : 0;
            double rv = base[1] > 0 ? 1 - without[1] / base[1] : 0;
            effects.put(c, new double[] {rc, rv});
            sumC += rc;
            sumV += rv;
        }
        Map<String, double[]> out = new TreeMap<>();
        for (String c : channels) {
            double[] e = effects.get(c);
            out.put(c, new double[] {sumC > 0 ? e[0] / sumC * totalConv : 0, sumV > 0 ? e[1] / sumV * totalValue : 0});
        }
        return out;
    }
}
