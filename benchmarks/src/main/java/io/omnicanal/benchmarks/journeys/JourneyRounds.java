package io.omnicanal.benchmarks.journeys;

import io.omnicanal.journeys.JourneyEngine;

import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * A diagnostic driver for the spread of {@link JourneyBenchmark}'s ten-journey figures: runs the benchmark's
 * stream several times in one JVM, each round on a fresh engine built as the benchmark's iteration set-up
 * builds it, and prints per round the wall and thread CPU time of the timed part, the collections (count and
 * time per collector) and the process's minor page faults that fell inside it, the huge pages in use, and a
 * memory-latency probe taken just before the round (a dependent random walk over 256 MB, nanoseconds per
 * load), so that a slow round can be told apart as the engine's doing, the collector's, the JIT's or the
 * machine's (another tenant's memory traffic raises the probe too).
 *
 * <p>Run: {@code java -Xmx8g -cp benchmarks.jar io.omnicanal.benchmarks.journeys.JourneyRounds 1000000 8 b}
 * ({@code b}: {@code onEvents} in runs of 256 as {@code tenJourneysBatched}; {@code s}: {@code onEvent} one by one
 * as {@code tenJourneys}).
 */
public final class JourneyRounds {
    private JourneyRounds() {}

    /** Args: profiles, rounds, mode (b or s). */
    public static void main(String[] args) {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 6;
        String mode = args.length > 2 ? args[2] : "b";
        if (!mode.equals("b") && !mode.equals("s")) {
            throw new IllegalArgumentException("mode must be b (batched) or s (one by one), was \"" + mode + "\"");
        }
        boolean batched = mode.equals("b");
        JourneyBenchmark b = new JourneyBenchmark();
        b.profiles = n;
        b.data();
        int[] chase = cycle(1 << 26, 7);
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        List<GarbageCollectorMXBean> gcs = ManagementFactory.getGarbageCollectorMXBeans();
        for (int r = 0; r < rounds; r++) {
            JourneyBenchmark.TenJourneys s = new JourneyBenchmark.TenJourneys();
            s.build(b);
            double probe = probe(chase, 2_000_000);
            long[] gc0 = gcState(gcs);
            long f0 = minorFaults();
            long up = ManagementFactory.getRuntimeMXBean().getUptime();
            long c0 = threads.getCurrentThreadCpuTime();
            long t0 = System.nanoTime();
            JourneyEngine.Stats st = batched ? b.tenJourneysBatched(s) : b.tenJourneys(s);
            long t1 = System.nanoTime();
            long c1 = threads.getCurrentThreadCpuTime();
            long[] gc1 = gcState(gcs);
            long f1 = minorFaults();
            StringBuilder g = new StringBuilder();
            for (int i = 0; i < gcs.size(); i++) {
                g.append(String.format(Locale.ROOT, " %s %d/%d ms", gcs.get(i).getName().replace(' ', '_'),
                        gc1[2 * i] - gc0[2 * i], gc1[2 * i + 1] - gc0[2 * i + 1]));
            }
            long heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getCommitted() >> 20;
            System.out.printf(Locale.ROOT, "round %d %s at %.3f s: wall %d ms, cpu %d ms, %.0fk events/s, probe %.1f ns/load,%s,"
                    + " page faults %d, heap committed %d MB, huge pages %s, delivered %d, timers %d%n", r, batched ? "b" : "s",
                    up / 1e3, (t1 - t0) / 1_000_000, (c1 - c0) / 1_000_000, b.events.length / ((t1 - t0) / 1e6), probe, g,
                    f1 - f0, heap, hugePages(), st.delivered(), st.timersFired());
        }
    }

    /** The process's minor page faults so far (Linux {@code /proc/self/stat} field 10), -1 where unavailable. */
    static long minorFaults() {
        try {
            String stat = java.nio.file.Files.readString(java.nio.file.Path.of("/proc/self/stat"));
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return Long.parseLong(f[7]);
        } catch (java.io.IOException | RuntimeException e) {
            return -1;
        }
    }

    /** The process's anonymous huge pages (Linux {@code /proc/self/smaps_rollup}), "?" where unavailable. */
    static String hugePages() {
        try {
            for (String line : java.nio.file.Files.readAllLines(java.nio.file.Path.of("/proc/self/smaps_rollup"))) {
                if (line.startsWith("AnonHugePages:")) {
                    return line.substring("AnonHugePages:".length()).trim();
                }
            }
            return "?";
        } catch (java.io.IOException | RuntimeException e) {
            return "?";
        }
    }

    private static long[] gcState(List<GarbageCollectorMXBean> gcs) {
        long[] out = new long[2 * gcs.size()];
        for (int i = 0; i < gcs.size(); i++) {
            out[2 * i] = gcs.get(i).getCollectionCount();
            out[2 * i + 1] = gcs.get(i).getCollectionTime();
        }
        return out;
    }

    /** A random single cycle over n ints (Sattolo), seeded. */
    static int[] cycle(int n, long seed) {
        int[] perm = new int[n];
        Arrays.setAll(perm, i -> i);
        SplittableRandom rnd = new SplittableRandom(seed);
        for (int i = n - 1; i > 0; i--) {
            int j = rnd.nextInt(i);
            int x = perm[i];
            perm[i] = perm[j];
            perm[j] = x;
        }
        int[] next = new int[n];
        for (int i = 0; i < n; i++) {
            next[perm[i]] = perm[(i + 1) % n];
        }
        return next;
    }

    /** Nanoseconds per dependent load over {@code steps} steps of the cycle. */
    static double probe(int[] next, int steps) {
        int at = 0;
        long t0 = System.nanoTime();
        for (int i = 0; i < steps; i++) {
            at = next[at];
        }
        long t1 = System.nanoTime();
        if (at == -1) {
            System.out.println();
        }
        return (t1 - t0) / (double) steps;
    }
}
