package io.omnicanal.benchmarks.segmentation;

import io.omnicanal.segmentation.SegmentChangeListener;
import io.omnicanal.segmentation.SegmentEngine;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Locale;

/**
 * A diagnostic companion to {@code SegmentationBenchmark.realtimeOurs}, not a benchmark: the same loaded
 * engine and the same continuing stream, timed by the thread's CPU time as well as the wall clock. On a
 * machine shared with other jobs the wall-clock rate mostly measures how often the thread was descheduled;
 * CPU time per event does not, which makes it usable for before/after comparisons of the same code path
 * while a quiet machine is unavailable (cache and memory-bandwidth contention from the other jobs remain).
 * The published figures are JMH's, on a quiet machine.
 *
 * <pre>
 * java -Xmx3g -cp benchmarks/target/benchmarks.jar io.omnicanal.benchmarks.segmentation.RealtimeCpuProbe 100000 5000000 500000 6
 * </pre>
 * Arguments: profiles, loaded events, events per round, rounds (the first round is warm-up), and optionally
 * {@code floor} to run {@link FloorEngine} instead of the engine.
 */
public final class RealtimeCpuProbe {
    private RealtimeCpuProbe() {
    }

    /**
     * Runs the probe; prints one line per round.
     *
     * @param args profiles, loaded events, events per round, rounds, optionally {@code floor}
     */
    public static void main(String[] args) {
        int profiles = Integer.parseInt(args[0]);
        long events = Long.parseLong(args[1]);
        int perRound = Integer.parseInt(args[2]);
        int rounds = Integer.parseInt(args[3]);
        boolean floor = args.length > 4 && args[4].equals("floor");
        SegmentationData d = new SegmentationData(SegmentationBenchmark.SEED, profiles, events);
        long before = SegmentationBenchmark.usedHeap();
        SegmentEngine engine = floor ? null
                : SegmentationBenchmark.load(d, SegmentationData.catalog(SegmentationData.realtimeRules()));
        FloorEngine f = floor ? SegmentationBenchmark.loadFloor(d) : null;
        long after = SegmentationBenchmark.usedHeap();
        System.out.printf(Locale.ROOT, "heap %.1f bytes/profile%n", (after - before) / (double) profiles);
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        long[] changes = {0};
        SegmentChangeListener counter = (p, s, en, t) -> changes[0]++;
        long next = events;
        for (int r = 0; r < rounds; r++) {
            long cpu0 = mx.getCurrentThreadCpuTime();
            long wall0 = System.nanoTime();
            for (int k = 0; k < perRound; k++) {
                long i = next++;
                if (floor) {
                    f.onEvent(d.profile(i), d.time(i), d.type(i), d.channel(i), d.device(i), d.value(i), counter);
                } else {
                    engine.onEvent(d.profile(i), d.time(i), d.type(i), d.channel(i), d.device(i), d.value(i), counter);
                }
            }
            long cpu = mx.getCurrentThreadCpuTime() - cpu0;
            long wall = System.nanoTime() - wall0;
            System.out.printf(Locale.ROOT, "round %d: %.0f ns/event cpu (%.0f events/s), %.0f ns/event wall, %d changes%n",
                    r, cpu / (double) perRound, 1e9 * perRound / cpu, wall / (double) perRound, changes[0]);
        }
    }
}
