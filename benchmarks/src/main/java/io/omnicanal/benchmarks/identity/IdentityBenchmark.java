package io.omnicanal.benchmarks.identity;

import io.omnicanal.identity.IdentityGraph;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.infra.BenchmarkParams;

/**
 * Ingesting link events: the identity graph against JGraphT's {@code UnionFind} and a plain
 * {@code HashMap<String, String>} union-find, on the same seeded events ({@link LinkData}),
 * all three fed already-normalised values. One operation ingests the whole data set into an
 * empty structure (a batch, hence the loop); the score is time per link event
 * ({@code @OperationsPerInvocation} is not usable with a {@code @Param} size, so divide the
 * score by {@code events}). The graph runs with its default rules (account unique, hub guard
 * at 1000, default block list) and keeps its link log, which the peers do not have.
 *
 * <p>Fairness. Before every operation ({@code @Setup(Level.Invocation)}, not timed) the structure
 * under test gets fresh copies of the same values: new {@code String} instances (and, for the
 * graph, new {@code Identifier}s around them), as parsing an event stream would hand over. Without
 * it the peers' {@code HashMap}s would find every string's hash code cached from the previous
 * iteration, a saving a real pipeline never sees (the graph hashes the UTF-8 bytes itself and
 * gains nothing from it). Every structure is fed the same already-normalised values;
 * normalisation is measured by {@link NormalizationBenchmark}. {@code -prof gc} counts the copy
 * too: its size is printed once per fork ({@code fresh input copy: N bytes per operation}) and
 * must be subtracted from {@code gc.alloc.rate.norm}. The setup then calls {@code System.gc()},
 * so that each operation starts on an empty young generation and no collection inside it copies
 * the input; {@code gc.count} and {@code gc.time} include that collection.
 *
 * <p>Run: {@code java -Xmx8g -jar benchmarks.jar IdentityBenchmark -p events=1000000 -f 2 -wi 3 -i 5 -prof gc}
 * and, for the heavy point (the data set and its fresh copy need more than the default 8 GiB heap),
 * {@code java -jar benchmarks.jar 'IdentityBenchmark.(omnicanal|jgraphtUnionFind|hashMapUnionFind)$' -p events=10000000 -f 1 -wi 1 -i 3 -prof gc -jvmArgsAppend "-Xms14g -Xmx14g -XX:+UseParallelGC"}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = 2, jvmArgsAppend = {"-Xms8g", "-Xmx8g", "-XX:+UseParallelGC"})
public class IdentityBenchmark {

    /** Number of link events. */
    @Param({"1000000", "10000000"})
    public int events;

    /** Generator seed. */
    @Param({"42"})
    public long seed;

    LinkData data;

    /** Builds the data set once per trial. */
    @Setup(Level.Trial)
    public void setUp() {
        data = new LinkData(events, seed);
    }

    private boolean copyReported;

    /**
     * Gives the structure under test fresh copies of every value (see the class comment).
     *
     * @param params which benchmark runs
     */
    @Setup(Level.Invocation)
    public void freshInput(BenchmarkParams params) {
        long before = allocated();
        String method = params.getBenchmark().substring(params.getBenchmark().lastIndexOf('.') + 1);
        if (method.startsWith("omnicanal")) {
            data.refreshIdentifiers();
        } else {
            data.refreshValues();
        }
        if (!copyReported) {
            copyReported = true;
            System.out.println("fresh input copy: " + (allocated() - before) + " bytes per operation");
        }
        // start every operation on an empty young generation: otherwise the first collection
        // inside the timed operation would copy the fresh input (hundreds of MB) and charge it to
        // whichever structure happens to trigger it
        System.gc();
    }

    private static long allocated() {
        return ((com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean())
                .getCurrentThreadAllocatedBytes();
    }

    /** @return the graph after ingesting every event */
    @Benchmark
    public IdentityGraph omnicanal() {
        return ingestOmnicanal(data);
    }

    /** @return the graph, pre-sized with {@code expectedSize}, after ingesting every event */
    @Benchmark
    public IdentityGraph omnicanalPresized() {
        return ingestOmnicanal(data, IdentityGraph.builder().expectedSize(events / 2, events).build());
    }

    /** @return JGraphT's union-find after ingesting every event */
    @Benchmark
    public Object jgraphtUnionFind() {
        return ingestJGraphT(data);
    }

    /** @return the HashMap union-find after ingesting every event */
    @Benchmark
    public Object hashMapUnionFind() {
        return ingestHashMap(data);
    }

    /** @return the unsound floor (64-bit hashes trusted, nothing kept but the sets) after ingesting every event */
    @Benchmark
    public Object floorHashOnly() {
        return ingestFloor(data, false);
    }

    /** @return the exact floor (values kept and compared, nothing else) after ingesting every event */
    @Benchmark
    public Object floorExact() {
        return ingestFloor(data, true);
    }

    static IdentityGraph ingestOmnicanal(LinkData d) {
        return ingestOmnicanal(d, IdentityGraph.builder().build());
    }

    static IdentityGraph ingestOmnicanal(LinkData d, IdentityGraph g) {
        for (int e = 0; e < d.ids.length; e++) {
            g.link(d.time[e], d.source[e], d.ids[e]);
        }
        return g;
    }

    static Peers.JGraphTUnionFind ingestJGraphT(LinkData d) {
        Peers.JGraphTUnionFind uf = new Peers.JGraphTUnionFind();
        for (String[] ids : d.values) {
            uf.link(ids);
        }
        return uf;
    }

    static Peers.FloorUnionFind ingestFloor(LinkData d, boolean exact) {
        Peers.FloorUnionFind uf = new Peers.FloorUnionFind(exact);
        for (String[] ids : d.values) {
            uf.link(ids);
        }
        return uf;
    }

    static Peers.MapUnionFind ingestHashMap(LinkData d) {
        Peers.MapUnionFind uf = new Peers.MapUnionFind();
        for (String[] ids : d.values) {
            uf.link(ids);
        }
        return uf;
    }
}
