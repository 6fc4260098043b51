package io.omnicanal.segmentation;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/**
 * After every event, trait change, clock advance, merge, erase and RFM refresh of a random stream: the
 * real-time membership equals a batch recomputation, and both equal the naive {@link Oracle}. Every change
 * reported by a clock advance happens exactly at its instant: the oracle disagrees one millisecond earlier.
 */
class RealtimeBatchOracleProperties {
    private static final String[] TYPES = {"view", "add_to_cart", "purchase", "email_open", "app_open", "store_visit"};
    private static final String[] CHANNELS = {"web", "app", "store", "email", null};
    private static final String[] DEVICES = {"d1", "d2", "d3", "d4", "d5", "d6", "d7", null};
    private static final long MIN = 60_000L;

    @Property(tries = 60)
    void realtimeEqualsBatchEqualsOracle(@ForAll long seed, @ForAll @IntRange(min = 0, max = 1) int tieRule) {
        run(seed, tieRule == 0 ? RfmSettings.TieRule.SHARE : RfmSettings.TieRule.SPLIT_BY_KEY, 160);
    }

    /**
     * The same without sequence segments, so that an event older than the clock but not older than its
     * profile's latest event takes the incremental path (with sequences it is late and rebuilds), and with
     * one stream shape in five putting the event within a millisecond of a window's edge before the clock:
     * the cases where an event may leave a slot's visible state unchanged and its segments unevaluated.
     */
    @Property(tries = 60)
    void olderThanTheClockButNotLateWithoutSequences(@ForAll long seed, @ForAll @IntRange(min = 0, max = 1) int tieRule) {
        run(seed, tieRule == 0 ? RfmSettings.TieRule.SHARE : RfmSettings.TieRule.SPLIT_BY_KEY, 160, false);
    }

    /** Mostly small amounts, some refunds, and some beyond what the history stores inline (|v| > 2 147.48). */
    private static double value(Random rnd) {
        int k = rnd.nextInt(16);
        if (k == 0) {
            return (rnd.nextBoolean() ? 1 : -1) * (214_748L + rnd.nextInt(1_000_000_000)) / 100.0;
        }
        return (k < 3 ? -rnd.nextInt(9000) : rnd.nextInt(12000)) / 100.0;
    }

    static void run(long seed, RfmSettings.TieRule ties, int steps) {
        run(seed, ties, steps, true);
    }

    static void run(long seed, RfmSettings.TieRule ties, int steps, boolean sequences) {
        Random rnd = new Random(seed);
        SegmentCatalog catalog = TestCatalogs.rich(ties, sequences);
        long now = 1_700_000_000_000L;
        SegmentEngine engine = SegmentEngine.create(catalog, Instant.ofEpochMilli(now));
        Oracle oracle = new Oracle(catalog);
        Map<Long, Set<String>> realtime = new HashMap<>();
        int keys = 2 + rnd.nextInt(7);
        for (int step = 0; step < steps; step++) {
            int op = rnd.nextInt(100);
            String what;
            List<SegmentChange> changes;
            if (op < 60) {
                long key = 1 + rnd.nextInt(keys);
                long t;
                int shape = rnd.nextInt(10);
                if (!sequences && shape >= 8) {
                    // at a window's edge before the clock: 10 or 60 minutes back, give or take a millisecond
                    t = now - (rnd.nextBoolean() ? 10 : 60) * MIN + rnd.nextInt(3) - 1;
                } else if (shape == 0) {
                    t = now - rnd.nextInt(90) * MIN - rnd.nextInt(1000);
                } else if (shape == 1) {
                    t = now;
                } else {
                    t = now + rnd.nextInt(6) * MIN + (rnd.nextBoolean() ? 0 : rnd.nextInt(60_000));
                }
                Map<String, String> props = rnd.nextInt(4) == 0 ? Map.of("campaign", rnd.nextBoolean() ? "spring" : "fall")
                        : Map.of();
                Event e = new Event(key, Instant.ofEpochMilli(t), TYPES[rnd.nextInt(TYPES.length)],
                        CHANNELS[rnd.nextInt(CHANNELS.length)], DEVICES[rnd.nextInt(DEVICES.length)],
                        value(rnd), props);
                what = "event " + e;
                long before = Math.max(now, t);
                changes = engine.onEvent(e);
                // Timer-caused changes (before the event's own time) are exact to the millisecond.
                checkExact(oracle, changes, Math.min(before, t), realtime);
                oracle.event(e);
                now = Math.max(now, t);
            } else if (op < 75) {
                long target = now + (rnd.nextInt(3) == 0 ? rnd.nextInt(5000) : rnd.nextInt(70) * MIN + rnd.nextInt(3));
                what = "advance to " + target;
                changes = engine.advanceTo(Instant.ofEpochMilli(target));
                checkExact(oracle, changes, Long.MAX_VALUE, realtime);
                now = target;
            } else if (op < 87) {
                long key = 1 + rnd.nextInt(keys);
                String[] names = {"city", "age", "consent", "email"};
                String name = names[rnd.nextInt(names.length)];
                String[][] values = {{"Paris", "İstanbul", "istanbul", "Lyon", null}, {"17", "18", "25", "40", "41", "x", null},
                    {"yes", "no", null}, {"a@b.c", null}};
                String[] vs = values[java.util.Arrays.asList(names).indexOf(name)];
                String v = vs[rnd.nextInt(vs.length)];
                what = "trait " + key + " " + name + "=" + v;
                changes = engine.setTrait(key, name, v);
                oracle.trait(key, name, v);
            } else if (op < 92) {
                long loser = 1 + rnd.nextInt(keys);
                long winner = 1 + rnd.nextInt(keys + 1);
                if (loser == winner) {
                    continue;
                }
                what = "merge " + loser + " into " + winner;
                changes = engine.merge(loser, winner);
                oracle.merge(loser, winner);
            } else if (op < 95) {
                long key = 1 + rnd.nextInt(keys);
                what = "erase " + key;
                changes = engine.erase(key);
                oracle.erase(key);
            } else {
                what = "refresh RFM";
                changes = engine.refreshRfm();
                oracle.refreshRfm(now);
            }
            apply(realtime, changes, what);
            verify(engine, oracle, realtime, now, seed + " step " + step + " after " + what);
        }
    }

    private static void apply(Map<Long, Set<String>> realtime, List<SegmentChange> changes, String what) {
        long last = Long.MIN_VALUE;
        for (SegmentChange c : changes) {
            assertThat(c.time().toEpochMilli()).as("changes in time order after %s", what).isGreaterThanOrEqualTo(last);
            last = c.time().toEpochMilli();
            Set<String> s = realtime.computeIfAbsent(c.profile(), k -> new HashSet<>());
            if (c.entered()) {
                assertThat(s.add(c.segment())).as("enter of a non-member %s after %s", c, what).isTrue();
            } else {
                assertThat(s.remove(c.segment())).as("exit of a member %s after %s", c, what).isTrue();
            }
        }
    }

    private static void checkExact(Oracle oracle, List<SegmentChange> changes, long before, Map<Long, Set<String>> rt) {
        for (SegmentChange c : changes) {
            long tc = c.time().toEpochMilli();
            if (tc >= before || !oracle.profiles().contains(c.profile())) {
                continue;
            }
            Set<String> at = oracle.segmentsOf(c.profile(), tc);
            Set<String> justBefore = oracle.segmentsOf(c.profile(), tc - 1);
            assertThat(at.contains(c.segment())).as("oracle at change time of %s", c).isEqualTo(c.entered());
            assertThat(justBefore.contains(c.segment())).as("oracle 1 ms before %s", c).isEqualTo(!c.entered());
        }
    }

    private static void verify(SegmentEngine engine, Oracle oracle, Map<Long, Set<String>> realtime, long now, String ctx) {
        assertThat(engine.now().toEpochMilli()).isEqualTo(now);
        assertThat(engine.profileCount()).as(ctx).isEqualTo(oracle.profiles().size());
        BatchResult batch = engine.evaluate();
        Set<Long> all = new HashSet<>(oracle.profiles());
        all.addAll(realtime.keySet());
        for (long key : all) {
            Set<String> expected = oracle.profiles().contains(key) ? oracle.segmentsOf(key, now) : Set.of();
            Set<String> rt = new HashSet<>(engine.segmentsOf(key));
            Set<String> fromChanges = realtime.getOrDefault(key, Set.of());
            Set<String> b = new HashSet<>(batch.segmentsOf(key));
            assertThat(rt).as("real time vs oracle, profile %d, %s", key, ctx).isEqualTo(expected);
            assertThat(b).as("batch vs oracle, profile %d, %s", key, ctx).isEqualTo(expected);
            assertThat(fromChanges).as("reported changes vs oracle, profile %d, %s", key, ctx).isEqualTo(expected);
            if (oracle.profiles().contains(key)) {
                assertThat(engine.lifecycleStage(key)).as(ctx).isEqualTo(oracle.stage(key, now));
                int[] s = oracle.rfmScores(key, now);
                var score = engine.rfmScore(key);
                if (s == null) {
                    assertThat(score).as(ctx).isEmpty();
                } else {
                    assertThat(score).as(ctx).contains(new RfmScore(s[0], s[1], s[2], oracle.cell(key, now)));
                }
            }
        }
        List<String> ids = new ArrayList<>();
        catalogIds(engine, ids);
        for (String id : ids) {
            assertThat(batch.members(id)).as(ctx).containsExactly(engine.members(id));
        }
    }

    private static void catalogIds(SegmentEngine engine, List<String> out) {
        for (Segment s : engine.catalog().segments()) {
            out.add(s.id());
        }
    }
}
