package io.omnicanal.attribution.internal;

import io.omnicanal.attribution.Dimension;
import io.omnicanal.attribution.Spend;
import io.omnicanal.attribution.Touchpoint;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Spend per channel and campaign: spend rows prorated to a window plus touch costs. Not thread-safe. */
public final class SpendTotals {
    private final Map<Dimension, Map<String, KahanSum>> totals = new HashMap<>();

    public SpendTotals(List<Spend> spend, List<Touchpoint> costs, Instant from, Instant to) {
        for (Spend s : spend) {
            double amount = s.amount();
            if (from != null) {
                Instant a = s.from().isAfter(from) ? s.from() : from;
                Instant b = s.to().isBefore(to) ? s.to() : to;
                double overlap = b.isAfter(a) ? seconds(Duration.between(a, b)) : 0;
                amount = amount * overlap / seconds(Duration.between(s.from(), s.to()));
            }
            add(s.dimension(), s.key(), amount);
        }
        for (Touchpoint t : costs) {
            if (t.cost() == 0 || (from != null && (t.time().isBefore(from) || !t.time().isBefore(to)))) {
                continue;
            }
            add(Dimension.CHANNEL, t.channel(), t.cost());
            if (!t.campaign().isEmpty()) {
                add(Dimension.CAMPAIGN, t.campaign(), t.cost());
            }
        }
    }

    private static double seconds(Duration d) {
        return d.getSeconds() + d.getNano() / 1e9;
    }

    private void add(Dimension d, String key, double amount) {
        totals.computeIfAbsent(d, k -> new HashMap<>()).computeIfAbsent(key, k -> new KahanSum()).add(amount);
    }

    public Set<String> keys(Dimension d) {
        return totals.getOrDefault(d, Map.of()).keySet();
    }

    public double amount(Dimension d, String key) {
        KahanSum s = totals.getOrDefault(d, Map.of()).get(key);
        return s == null ? 0 : s.sum();
    }
}
