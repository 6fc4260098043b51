package io.omnicanal.segmentation;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * An independent reference: keeps the raw events and traits of every profile in plain collections and
 * evaluates each rule naively, straight from its written definition, over the raw event list.
 */
final class Oracle {
    final SegmentCatalog catalog;
    final Map<Long, List<Event>> events = new TreeMap<>();
    final Map<Long, Map<String, String>> traits = new TreeMap<>();
    /**
     * RFM reference: per scored profile of the last refresh, {key, last time, count, sum micros}. An erasure
     * removes the erased key's entries, a merge relabels the loser's entries as the winner's (documented in
     * {@code SegmentEngine.erase} and {@code merge}); nothing else changes it between refreshes.
     */
    List<long[]> reference = new ArrayList<>();

    Oracle(SegmentCatalog catalog) {
        this.catalog = catalog;
    }

    void event(Event e) {
        events.computeIfAbsent(e.profile(), k -> new ArrayList<>()).add(e);
        traits.computeIfAbsent(e.profile(), k -> new TreeMap<>());
    }

    void trait(long key, String name, String value) {
        events.computeIfAbsent(key, k -> new ArrayList<>());
        Map<String, String> t = traits.computeIfAbsent(key, k -> new TreeMap<>());
        if (value == null) {
            t.remove(name);
        } else {
            t.put(name, value);
        }
    }

    void merge(long loser, long winner) {
        if (!events.containsKey(loser)) {
            return;
        }
        List<Event> moved = new ArrayList<>();
        for (Event e : events.remove(loser)) {
            moved.add(new Event(winner, e.time(), e.type(), e.channel(), e.device(), e.value(), e.properties()));
        }
        events.computeIfAbsent(winner, k -> new ArrayList<>()).addAll(moved);
        Map<String, String> lt = traits.remove(loser);
        Map<String, String> wt = traits.computeIfAbsent(winner, k -> new TreeMap<>());
        lt.forEach(wt::putIfAbsent);
        for (long[] e : reference) {
            if (e[0] == loser) {
                e[0] = winner;
            }
        }
    }

    void erase(long key) {
        events.remove(key);
        traits.remove(key);
        reference.removeIf(e -> e[0] == key);
    }

    Set<Long> profiles() {
        return events.keySet();
    }

    void refreshRfm(long now) {
        reference = new ArrayList<>();
        for (long k : profiles()) {
            long[] v = rfmValues(k, now);
            if (v != null) {
                reference.add(new long[] {k, v[0], v[1], v[2]});
            }
        }
    }

    /** {last time, count, sum micros} over the qualifying events, or null if there are none in the window. */
    long[] rfmValues(long key, long now) {
        RfmSettings r = catalog.rfm();
        long count = 0;
        long sum = 0;
        long last = Long.MIN_VALUE;
        for (Event e : events.get(key)) {
            if (!r.qualifying().matches(e)) {
                continue;
            }
            last = Math.max(last, e.time().toEpochMilli());
            if (r.window() == null || e.time().toEpochMilli() > now - r.window().toMillis()) {
                count++;
                sum += Math.round(e.value() * 1e6);
            }
        }
        return count == 0 ? null : new long[] {last, count, sum};
    }

    /** Scores by brute force: the share of reference profiles strictly worse, in fifths. */
    int[] rfmScores(long key, long now) {
        long[] mine = rfmValues(key, now);
        if (mine == null || reference.isEmpty()) {
            return null;
        }
        boolean split = catalog.rfm().ties() == RfmSettings.TieRule.SPLIT_BY_KEY;
        int n = reference.size();
        int[] s = new int[3];
        for (int d = 0; d < 3; d++) {
            int worse = 0;
            for (long[] e : reference) {
                long v = e[1 + d];
                if (v < mine[d] || split && v == mine[d] && e[0] < key) {
                    worse++;
                }
            }
            s[d] = Math.min(5, 1 + (5 * worse) / n);
        }
        return s;
    }

    String cell(long key, long now) {
        int[] s = rfmScores(key, now);
        if (s == null) {
            return null;
        }
        for (RfmSettings.Cell c : catalog.rfm().cells()) {
            if (c.contains(s[0], s[1], s[2])) {
                return c.name();
            }
        }
        return null;
    }

    LifecycleStage stage(long key, long now) {
        LifecycleSettings l = catalog.lifecycle();
        TreeSet<Long> times = new TreeSet<>();
        List<Long> all = new ArrayList<>();
        for (Event e : events.get(key)) {
            if (l.qualifying().matches(e)) {
                all.add(e.time().toEpochMilli());
                times.add(e.time().toEpochMilli());
            }
        }
        if (all.isEmpty()) {
            return LifecycleStage.PROSPECT;
        }
        all.sort(null);
        long first = all.get(0);
        long last = all.get(all.size() - 1);
        Long back = null;
        for (int i = 1; i < all.size(); i++) {
            if (all.get(i) - all.get(i - 1) >= l.lapsedAfter().toMillis()) {
                back = all.get(i);
            }
        }
        if (now - first < l.newFor().toMillis()) {
            return LifecycleStage.NEW;
        }
        if (back != null && now - back < l.reactivatedFor().toMillis()) {
            return LifecycleStage.REACTIVATED;
        }
        if (now - last < l.activeFor().toMillis()) {
            return LifecycleStage.ACTIVE;
        }
        return now - last < l.lapsedAfter().toMillis() ? LifecycleStage.AT_RISK : LifecycleStage.LAPSED;
    }

    Set<String> segmentsOf(long key, long now) {
        Set<String> out = new HashSet<>();
        for (Segment s : catalog.segments()) {
            if (holds(s.condition(), key, now)) {
                out.add(s.id());
            }
        }
        return out;
    }

    boolean holds(Condition c, long key, long now) {
        List<Event> es = events.get(key);
        Map<String, String> tr = traits.get(key);
        if (c instanceof Condition.And a) {
            return a.of().stream().allMatch(x -> holds(x, key, now));
        } else if (c instanceof Condition.Or o) {
            return o.of().stream().anyMatch(x -> holds(x, key, now));
        } else if (c instanceof Condition.Not n) {
            return !holds(n.of(), key, now);
        } else if (c instanceof Condition.TraitEquals t) {
            return t.value().equals(tr.get(t.trait()));
        } else if (c instanceof Condition.TraitIn t) {
            return tr.containsKey(t.trait()) && t.values().contains(tr.get(t.trait()));
        } else if (c instanceof Condition.TraitExists t) {
            return tr.containsKey(t.trait());
        } else if (c instanceof Condition.TraitRange t) {
            String v = tr.get(t.trait());
            if (v == null) {
                return false;
            }
            double d;
            try {
                d = new BigDecimal(v.strip()).doubleValue();
            } catch (NumberFormatException e) {
                return false;
            }
            return d >= t.min() && d <= t.max();
        } else if (c instanceof Condition.Aggregate a) {
            long count = 0;
            long micros = 0;
            Set<String> channels = new HashSet<>();
            Set<String> devices = new HashSet<>();
            for (Event e : es) {
                long t = e.time().toEpochMilli();
                if (a.filter().matches(e) && (a.window() == null || t > now - a.window().toMillis())) {
                    count++;
                    micros += Math.round(e.value() * 1e6);
                    if (e.channel() != null) {
                        channels.add(e.channel());
                    }
                    if (e.device() != null) {
                        devices.add(e.device());
                    }
                }
            }
            double v = switch (a.measure()) {
                case COUNT -> count;
                case SUM -> micros / 1e6;
                case DISTINCT_CHANNELS -> channels.size();
                case DISTINCT_DEVICES -> devices.size();
            };
            return v >= a.min() && v <= a.max();
        } else if (c instanceof Condition.LastEventAgo l) {
            long last = Long.MIN_VALUE;
            for (Event e : es) {
                if (l.filter().matches(e)) {
                    last = Math.max(last, e.time().toEpochMilli());
                }
            }
            return last != Long.MIN_VALUE && now - last >= l.age().toMillis();
        } else if (c instanceof Condition.Sequence q) {
            long w = q.within().toMillis();
            for (Event a : es) {
                long t = a.time().toEpochMilli();
                if (!q.first().matches(a) || t + w > now || q.lookback() != null && t <= now - q.lookback().toMillis()) {
                    continue;
                }
                boolean converted = false;
                for (Event b : es) {
                    long tb = b.time().toEpochMilli();
                    if (q.thenNo().matches(b) && tb >= t && tb < t + w) {
                        converted = true;
                        break;
                    }
                }
                if (!converted) {
                    return true;
                }
            }
            return false;
        } else if (c instanceof Condition.InSegment s) {
            return holds(catalog.segment(s.segment()).condition(), key, now);
        } else if (c instanceof Condition.RfmScores r) {
            int[] s = rfmScores(key, now);
            return s != null && s[0] >= r.recencyMin() && s[0] <= r.recencyMax() && s[1] >= r.frequencyMin()
                    && s[1] <= r.frequencyMax() && s[2] >= r.monetaryMin() && s[2] <= r.monetaryMax();
        } else if (c instanceof Condition.RfmCell r) {
            return r.cell().equals(cell(key, now));
        } else if (c instanceof Condition.Lifecycle l) {
            return stage(key, now) == l.stage();
        }
        throw new IllegalStateException("unhandled " + c);
    }
}
