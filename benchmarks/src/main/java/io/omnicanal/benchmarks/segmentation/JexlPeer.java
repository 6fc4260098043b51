package io.omnicanal.benchmarks.segmentation;

import it.unimi.dsi.fastutil.longs.Long2ObjectOpenHashMap;
import it.unimi.dsi.fastutil.longs.LongArrayFIFOQueue;
import it.unimi.dsi.fastutil.objects.ObjectArrayFIFOQueue;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.jexl3.JexlBuilder;
import org.apache.commons.jexl3.JexlEngine;
import org.apache.commons.jexl3.JexlExpression;
import org.apache.commons.jexl3.MapContext;

/**
 * The real-time peer: a map-based profile per key (a {@code HashMap<String, Object>} of traits and
 * derived variables, as a rules-engine user would keep it) and the same segments as pre-compiled Apache
 * Commons JEXL expressions, all evaluated on every event of the profile. Windowed variables keep their
 * event times in primitive FIFO queues (fastutil, kinder to the peer than boxed deques) and are pruned to
 * {@code now} before the rules run, so the peer's answers are exact too.
 */
final class JexlPeer {
    final String[] ids;
    private final JexlExpression[] rules;
    private final SegmentationData.Var[] vars;
    private final Long2ObjectOpenHashMap<Profile> profiles = new Long2ObjectOpenHashMap<>();
    private final SegmentationData data;
    private final long lapsed = SegmentationData.LIFECYCLE.lapsedAfter().toMillis();

    /** One profile: the JEXL context map plus the raw material of its windowed variables. */
    static final class Profile {
        final Map<String, Object> map = new HashMap<>();
        final MapContext context = new MapContext(map);
        final LongArrayFIFOQueue[] times;
        final LongArrayFIFOQueue[] values;
        final ObjectArrayFIFOQueue<String>[] labels;
        final java.util.Set<String>[] sets;
        final long[] counts;
        final long[] sums;
        final boolean[] member;
        long first;
        long last;
        long back;

        @SuppressWarnings({"unchecked", "rawtypes"})
        Profile(int vars, int rules) {
            times = new LongArrayFIFOQueue[vars];
            values = new LongArrayFIFOQueue[vars];
            labels = new ObjectArrayFIFOQueue[vars];
            sets = new java.util.Set[vars];
            counts = new long[vars];
            sums = new long[vars];
            member = new boolean[rules];
        }
    }

    JexlPeer(SegmentationData data, List<SegmentationData.Rule> list) {
        this.data = data;
        JexlEngine jexl = new JexlBuilder().cache(512).strict(false).silent(false).create();
        ids = list.stream().map(SegmentationData.Rule::id).toArray(String[]::new);
        rules = list.stream().map(r -> jexl.createExpression(r.expr().jexl())).toArray(JexlExpression[]::new);
        vars = SegmentationData.vars(list).values().toArray(new SegmentationData.Var[0]);
    }

    private Profile profile(long key) {
        Profile p = profiles.get(key);
        if (p == null) {
            p = new Profile(vars.length, rules.length);
            p.map.put("city", data.city(key));
            p.map.put("age", data.age(key));
            p.map.put("consent", data.consent(key));
            profiles.put(key, p);
        }
        return p;
    }

    /** Updates the profile's variables (no rule evaluation): the set-up path. */
    Profile update(long key, long t, String type, String channel, String device, double value) {
        Profile p = profile(key);
        for (int v = 0; v < vars.length; v++) {
            SegmentationData.Var var = vars[v];
            if (!var.matches(type, channel)) {
                continue;
            }
            switch (var.kind()) {
                case LAST -> p.counts[v] = t;
                case COUNT, SUM -> {
                    long micros = Math.round(value * 1e6);
                    p.counts[v]++;
                    p.sums[v] += micros;
                    if (var.window() > 0) {
                        if (p.times[v] == null) {
                            p.times[v] = new LongArrayFIFOQueue();
                            p.values[v] = new LongArrayFIFOQueue();
                        }
                        p.times[v].enqueue(t);
                        p.values[v].enqueue(micros);
                    }
                }
                case DISTINCT_DEVICES, DISTINCT_CHANNELS -> {
                    String label = var.kind() == SegmentationData.Var.Kind.DISTINCT_DEVICES ? device : channel;
                    if (var.window() == 0) {
                        if (p.sets[v] == null) {
                            p.sets[v] = new java.util.HashSet<>();
                        }
                        if (label != null) {
                            p.sets[v].add(label);
                        }
                        continue;
                    }
                    if (p.times[v] == null) {
                        p.times[v] = new LongArrayFIFOQueue();
                        p.labels[v] = new ObjectArrayFIFOQueue<>();
                    }
                    p.times[v].enqueue(t);
                    p.labels[v].enqueue(label);
                }
            }
        }
        if (type.equals("purchase")) {
            if (p.first == 0) {
                p.first = t;
            } else if (t - p.last >= lapsed) {
                p.back = t;
            }
            p.last = t;
        }
        return p;
    }

    /** Applies an event, runs every rule for its profile, and returns how many memberships changed. */
    int onEvent(long key, long t, String type, String channel, String device, double value) {
        Profile p = update(key, t, type, channel, device, value);
        refresh(p, t);
        int changes = 0;
        for (int r = 0; r < rules.length; r++) {
            boolean in = Boolean.TRUE.equals(rules[r].evaluate(p.context));
            if (in != p.member[r]) {
                p.member[r] = in;
                changes++;
            }
        }
        return changes;
    }

    /** Prunes the windows to {@code now} and writes every variable into the profile map. */
    private void refresh(Profile p, long now) {
        for (int v = 0; v < vars.length; v++) {
            SegmentationData.Var var = vars[v];
            long w = var.window();
            LongArrayFIFOQueue q = p.times[v];
            switch (var.kind()) {
                case LAST -> p.map.put(var.name(), p.counts[v]);
                case COUNT, SUM -> {
                    if (w > 0 && q != null) {
                        while (!q.isEmpty() && q.firstLong() <= now - w) {
                            q.dequeueLong();
                            p.counts[v]--;
                            p.sums[v] -= p.values[v].dequeueLong();
                        }
                    }
                    p.map.put(var.name(), var.kind() == SegmentationData.Var.Kind.COUNT ? p.counts[v] : p.sums[v]);
                }
                case DISTINCT_DEVICES, DISTINCT_CHANNELS -> {
                    long distinct = 0;
                    if (w == 0) {
                        distinct = p.sets[v] == null ? 0 : p.sets[v].size();
                    } else if (q != null) {
                        while (!q.isEmpty() && q.firstLong() <= now - w) {
                            q.dequeueLong();
                            p.labels[v].dequeue();
                        }
                        java.util.HashSet<String> seen = new java.util.HashSet<>();
                        int n = q.size();
                        for (int i = 0; i < n; i++) {
                            long tt = q.dequeueLong();
                            String l = p.labels[v].dequeue();
                            if (l != null) {
                                seen.add(l);
                            }
                            q.enqueue(tt);
                            p.labels[v].enqueue(l);
                        }
                        distinct = seen.size();
                    }
                    p.map.put(var.name(), distinct);
                }
            }
        }
        p.map.put("p_first", p.first);
        p.map.put("p_last", p.last);
        p.map.put("p_back", p.back);
        p.map.put("now", now);
    }

    /** Membership of rule {@code r} for profile {@code key} after the last event (agreement tests). */
    boolean member(long key, int r) {
        Profile p = profiles.get(key);
        return p != null && p.member[r];
    }

    int profiles() {
        return profiles.size();
    }
}
