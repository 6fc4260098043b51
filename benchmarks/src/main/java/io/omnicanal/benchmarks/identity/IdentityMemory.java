package io.omnicanal.benchmarks.identity;

import io.omnicanal.identity.Identifier;
import io.omnicanal.identity.IdentifierType;
import io.omnicanal.identity.IdentityGraph;
import java.lang.management.ManagementFactory;
import java.time.Instant;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * Retained heap per identifier of the identity graph and of the two peers.
 *
 * <p>Method: one structure per JVM run. Link events are generated on the fly (never stored),
 * so that the only thing left reachable after ingestion is the structure itself, including the
 * identifier strings it keeps (the peers keep the {@code String}s; the graph copies the UTF-8
 * bytes into its arena and keeps its link log). Used heap is read after five
 * {@code System.gc()} calls before and after ingestion; the difference divided by the number of
 * distinct identifiers is the retained heap per identifier.
 *
 * <p>Run: {@code java -Xmx8g -XX:+UseParallelGC -cp benchmarks.jar io.omnicanal.benchmarks.identity.IdentityMemory omnicanal 10000000}
 * (or {@code jgrapht} / {@code hashmap} instead of {@code omnicanal}, or {@code floorHashOnly} /
 * {@code floorExact} for the floors of {@code IdentityBenchmark}; the last argument is the number of
 * distinct identifiers).
 */
public final class IdentityMemory {

    private IdentityMemory() {
    }

    /**
     * @param args structure name, number of identifiers
     */
    public static void main(String[] args) {
        String which = args[0];
        int identifiers = Integer.parseInt(args[1]);
        long before = usedAfterGc();
        long start = System.nanoTime();
        Object kept = ingest(which, identifiers);
        long seconds = (System.nanoTime() - start) / 1_000_000_000L;
        long after = usedAfterGc();
        double perId = (after - before) / (double) identifiers;
        System.out.printf(Locale.ROOT, "%s identifiers=%d retained=%.1f MiB perIdentifier=%.1f bytes ingest=%ds%n",
                which, identifiers, (after - before) / 1048576.0, perId, seconds);
        if (kept.hashCode() == 42) {
            System.out.println();
        }
    }

    private static long usedAfterGc() {
        for (int i = 0; i < 5; i++) {
            System.gc();
        }
        var heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage();
        return heap.getUsed();
    }

    /**
     * Ingests events that together hold exactly {@code identifiers} distinct values: each event
     * links a new cookie to one person's email (people have an email, a phone and cookies).
     */
    static Object ingest(String which, int identifiers) {
        SplittableRandom r = new SplittableRandom(42);
        IdentityGraph graph = which.equals("omnicanal") ? IdentityGraph.builder().maxProfileSize(1_000_000).build() : null;
        Peers.JGraphTUnionFind jg = which.equals("jgrapht") ? new Peers.JGraphTUnionFind() : null;
        Peers.MapUnionFind map = which.equals("hashmap") ? new Peers.MapUnionFind() : null;
        Peers.FloorUnionFind floor = which.equals("floorHashOnly") || which.equals("floorExact")
                ? new Peers.FloorUnionFind(which.equals("floorExact")) : null;
        if (graph == null && jg == null && map == null && floor == null) {
            throw new IllegalArgumentException(
                    "structure must be omnicanal, jgrapht, hashmap, floorHashOnly or floorExact, was " + which);
        }
        Instant t0 = Instant.parse("2025-01-01T00:00:00Z");
        int people = identifiers / 4;
        int made = 0;
        for (int e = 0; made < identifiers; e++) {
            int p = e % people;
            String email = LinkData.email(p);
            String other;
            if (e < people) {
                other = String.format(Locale.ROOT, "+336%08d", p);
                made += 2;
            } else {
                other = LinkData.uuid(r);
                made += 1;
            }
            if (graph != null) {
                graph.link(t0.plusSeconds(e), "web", Identifier.normalized(IdentifierType.EMAIL, email),
                        Identifier.normalized(other.startsWith("+") ? IdentifierType.PHONE : IdentifierType.COOKIE, other));
            } else if (jg != null) {
                jg.link(new String[] {email, other});
            } else if (map != null) {
                map.link(new String[] {email, other});
            } else {
                floor.link(new String[] {email, other});
            }
        }
        return graph != null ? graph : jg != null ? jg : map != null ? map : floor;
    }
}
