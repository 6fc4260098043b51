package io.omnicanal.identity;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.jgrapht.Graph;
import org.jgrapht.alg.connectivity.ConnectivityInspector;
import org.jgrapht.graph.DefaultEdge;
import org.jgrapht.graph.SimpleGraph;

/**
 * Invariants of the identity graph on random link sequences, against JGraphT's
 * {@link ConnectivityInspector} and against re-orderings and splits of the same links.
 */
class IdentityGraphProperties {

    /** No rule can refuse anything: profiles must be exactly the connected components. */
    private static IdentityGraph unruled() {
        return IdentityGraph.builder().noLimit(IdentifierType.ACCOUNT).maxProfileSize(1_000_000)
                .defaultBlockList(false).build();
    }

    /** Rules that bite often on the small universe. */
    private static IdentityGraph ruled() {
        return IdentityGraph.builder().unique(IdentifierType.ACCOUNT).limit(IdentifierType.EMAIL, 2)
                .limit(IdentifierType.COOKIE, 2, java.time.Duration.ofHours(5)).maxProfileSize(7).build();
    }

    private static String label(Identifier id) {
        return id.type().name() + ":" + id.value();
    }

    private static Set<Set<String>> components(IdentityGraph g) {
        return g.profiles().stream()
                .map(p -> p.identifiers().stream().map(s -> label(s.identifier())).collect(Collectors.toSet()))
                .collect(Collectors.toSet());
    }

    @Property(tries = 80)
    void profilesAreTheConnectedComponentsOfTheLinks(@ForAll long seed, @ForAll @IntRange(min = 1, max = 120) int n) {
        List<Link> links = RandomLinks.generate(seed, n, 25, 10);
        IdentityGraph g = unruled();
        Graph<String, DefaultEdge> oracle = new SimpleGraph<>(DefaultEdge.class);
        Map<String, Instant> firstSeen = new HashMap<>();
        Map<String, Instant> lastSeen = new HashMap<>();
        for (Link l : links) {
            long key = g.link(l.time(), l.source(), l.identifiers().toArray(new Identifier[0]));
            String hub = null;
            for (Identifier id : l.identifiers()) {
                String v = label(id);
                oracle.addVertex(v);
                firstSeen.merge(v, l.time(), (a, b) -> a.isBefore(b) ? a : b);
                lastSeen.merge(v, l.time(), (a, b) -> a.isAfter(b) ? a : b);
                if (hub == null) {
                    hub = v;
                } else if (!hub.equals(v)) {
                    oracle.addEdge(hub, v);
                }
            }
            assertThat(g.profileKey(l.identifiers().get(0))).hasValue(key);
        }
        Set<Set<String>> expected = new HashSet<>(new ConnectivityInspector<>(oracle).connectedSets());
        assertThat(components(g)).isEqualTo(expected);
        assertThat(g.identifierCount()).isEqualTo(oracle.vertexSet().size());
        assertThat(g.conflicts()).isEmpty();
        Map<String, Integer> priority = Map.of("account", 100, "email", 60, "phone", 50, "device", 30, "cookie", 20);
        for (Profile p : g.profiles()) {
            // canonical rule, recomputed independently: priority desc, first seen asc, value asc (UTF-8 = ASCII here)
            String want = p.identifiers().stream().map(s -> label(s.identifier()))
                    .min(Comparator.<String>comparingInt(v -> -priority.get(v.substring(0, v.indexOf(':'))))
                            .thenComparing(firstSeen::get)
                            .thenComparing(v -> v.substring(v.indexOf(':') + 1))
                            .thenComparing(v -> v.substring(0, v.indexOf(':'))))
                    .orElseThrow();
            assertThat(label(p.canonical())).isEqualTo(want);
            assertThat(g.profileKey(p.canonical())).hasValue(p.key());
            for (SeenIdentifier s : p.identifiers()) {
                assertThat(s.firstSeen()).isEqualTo(firstSeen.get(label(s.identifier())));
                assertThat(s.lastSeen()).isEqualTo(lastSeen.get(label(s.identifier())));
                assertThat(g.profileKey(s.identifier())).hasValue(p.key());
            }
        }
    }

    @Property(tries = 60)
    void anyOrderOfTheSameLinksGivesByteIdenticalGraphs(@ForAll long seed, @ForAll @IntRange(min = 1, max = 90) int n,
            @ForAll boolean batch) {
        List<Link> links = RandomLinks.generate(seed, n, 12, 6);
        List<Link> sorted = new ArrayList<>(links);
        sorted.sort(Comparator.comparing(Link::time));
        List<Link> shuffled = new ArrayList<>(links);
        Collections.shuffle(shuffled, new Random(seed ^ 0x5DEECE66DL));
        IdentityGraph inOrder = ruled();
        sorted.forEach(l -> inOrder.link(l.time(), l.source(), l.identifiers().toArray(new Identifier[0])));
        IdentityGraph anyOrder = ruled();
        if (batch) {
            anyOrder.linkAll(shuffled);
        } else {
            shuffled.forEach(l -> anyOrder.link(l.time(), l.source(), l.identifiers().toArray(new Identifier[0])));
        }
        assertThat(anyOrder.profiles()).isEqualTo(inOrder.profiles());
        assertThat(anyOrder.conflicts()).isEqualTo(inOrder.conflicts());
        assertThat(anyOrder.snapshotBytes()).isEqualTo(inOrder.snapshotBytes());
    }

    @Property(tries = 50)
    void absorbingTwoShardsEqualsOneGraphOfAllLinks(@ForAll long seed, @ForAll @IntRange(min = 0, max = 80) int n) {
        List<Link> links = RandomLinks.generate(seed, n, 12, 6);
        IdentityGraph all = ruled();
        IdentityGraph shardA = ruled();
        IdentityGraph shardB = ruled();
        Random r = new Random(seed);
        for (Link l : links) {
            all.link(l.time(), l.source(), l.identifiers().toArray(new Identifier[0]));
            (r.nextBoolean() ? shardA : shardB).link(l.time(), l.source(), l.identifiers().toArray(new Identifier[0]));
        }
        shardA.absorb(shardB);
        assertThat(shardA.profiles()).isEqualTo(all.profiles());
        assertThat(shardA.snapshotBytes()).isEqualTo(all.snapshotBytes());
    }

    @Property(tries = 50)
    void eraseThenRebuildEqualsAGraphThatNeverSawTheIdentifier(@ForAll long seed, @ForAll @IntRange(min = 1, max = 80) int n) {
        List<Link> links = RandomLinks.generate(seed, n, 10, 6);
        Identifier victim = links.get(new Random(seed).nextInt(links.size())).identifiers().get(0);
        IdentityGraph erased = ruled();
        links.forEach(l -> erased.link(l.time(), l.source(), l.identifiers().toArray(new Identifier[0])));
        assertThat(erased.erase(RandomLinks.T0, victim)).isEqualTo(1);
        IdentityGraph never = ruled();
        for (Link l : links) {
            Identifier[] rest = l.identifiers().stream().filter(id -> !id.equals(victim)).toArray(Identifier[]::new);
            if (rest.length > 0) {
                never.link(l.time(), l.source(), rest);
            }
        }
        assertThat(erased.profiles()).isEqualTo(never.profiles());
        assertThat(erased.conflicts()).isEqualTo(never.conflicts());
        assertThat(erased.profileKey(victim)).isEmpty();
        // nothing of the victim is kept: no tombstone (erased values are not refused here), and the
        // snapshot is byte for byte that of the graph that never saw it (sources used only by the
        // victim's links included)
        assertThat(erased.isErased(victim)).isFalse();
        assertThat(erased.snapshotBytes()).isEqualTo(never.snapshotBytes());
    }

    @Property(tries = 30)
    void eraseWithRefusalKeepsOnlyTheTombstone(@ForAll long seed, @ForAll @IntRange(min = 1, max = 60) int n) {
        List<Link> links = RandomLinks.generate(seed, n, 10, 6);
        Identifier victim = links.get(new Random(seed).nextInt(links.size())).identifiers().get(0);
        byte[] salt = "a salt of this property's own".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        IdentityGraph erased = IdentityGraph.builder().refuseErased(true).tombstoneSalt(salt).build();
        links.forEach(l -> erased.link(l.time(), l.source(), l.identifiers().toArray(new Identifier[0])));
        erased.erase(RandomLinks.T0, victim);
        assertThat(erased.isErased(victim)).isTrue();
        String raw = new String(erased.snapshotBytes(), java.nio.charset.StandardCharsets.ISO_8859_1);
        assertThat(raw).doesNotContain(victim.value());
    }

    @Property(tries = 40)
    void snapshotThenRestoreIsIdentical(@ForAll long seed, @ForAll @IntRange(min = 0, max = 80) int n) throws Exception {
        List<Link> links = RandomLinks.generate(seed, n, 12, 6);
        IdentityGraph g = ruled();
        links.forEach(l -> g.link(l.time(), l.source(), l.identifiers().toArray(new Identifier[0])));
        g.link(RandomLinks.T0, "pos", Identifier.normalized(IdentifierType.EMAIL, "test@test.com"));
        java.nio.file.Path dir = java.nio.file.Files.createTempDirectory("idg");
        java.nio.file.Path file = dir.resolve("graph.snap");
        g.snapshot(file);
        IdentityGraph back = ruled();
        back.restore(file);
        assertThat(back.profiles()).isEqualTo(g.profiles());
        assertThat(new TreeSet<>(back.conflicts().stream().map(Conflict::toString).collect(Collectors.toList())))
                .isEqualTo(new TreeSet<>(g.conflicts().stream().map(Conflict::toString).collect(Collectors.toList())));
        assertThat(back.snapshotBytes()).isEqualTo(g.snapshotBytes());
        try (var files = java.nio.file.Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactly("graph.snap");
        }
    }

    @Property(tries = 30)
    void profilesAsOfEqualAGraphFedOnlyTheEarlierLinks(@ForAll long seed, @ForAll @IntRange(min = 1, max = 80) int n,
            @ForAll @IntRange(min = 0, max = 6) int hours) {
        List<Link> links = RandomLinks.generate(seed, n, 12, 6);
        Instant asOf = RandomLinks.T0.plusSeconds(3600L * hours);
        IdentityGraph g = ruled();
        IdentityGraph early = ruled();
        for (Link l : links) {
            g.link(l.time(), l.source(), l.identifiers().toArray(new Identifier[0]));
            if (!l.time().isAfter(asOf)) {
                early.link(l.time(), l.source(), l.identifiers().toArray(new Identifier[0]));
            }
        }
        assertThat(g.profilesAsOf(asOf)).isEqualTo(early.profiles());
    }

    /**
     * The streaming queries see the same profiles as the list: visited one at a time in key order,
     * keys alone in the same order, each equal to the single-profile lookup, under rules that refuse.
     */
    @Property(tries = 40)
    void streamingQueriesAgreeWithTheProfileList(@ForAll long seed, @ForAll @IntRange(min = 1, max = 150) int n) {
        IdentityGraph g = ruled();
        g.linkAll(RandomLinks.generate(seed, n, 30, 12));
        List<Profile> listed = g.profiles();
        List<Profile> visited = new ArrayList<>();
        g.forEachProfile(visited::add);
        assertThat(visited).isEqualTo(listed);
        long[] keys = g.profileKeys();
        assertThat(keys).containsExactly(listed.stream().mapToLong(Profile::key).toArray());
        assertThat(keys).isSorted();
        assertThat(keys).hasSize(g.profileCount());
        for (Profile p : listed) {
            assertThat(g.profile(p.key())).contains(p);
        }
    }
}
