package io.omnicanal.benchmarks.identity;

import static org.assertj.core.api.Assertions.assertThat;

import io.omnicanal.identity.IdentifierType;
import io.omnicanal.identity.IdentityGraph;
import io.omnicanal.identity.Normalizers;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The benchmarked structures give the same answer on the benchmark's data, at a small size. */
class IdentityBenchmarkTest {

    @Test
    void graphAndPeersFindTheSameProfiles() {
        LinkData d = new LinkData(20_000, 42);
        IdentityGraph g = IdentityBenchmark.ingestOmnicanal(d);
        Set<Set<String>> ours = g.profiles().stream()
                .map(p -> p.identifiers().stream().map(s -> s.identifier().value()).collect(Collectors.toSet()))
                .collect(Collectors.toSet());
        Peers.JGraphTUnionFind jg = IdentityBenchmark.ingestJGraphT(d);
        Peers.MapUnionFind map = IdentityBenchmark.ingestHashMap(d);
        Peers.FloorUnionFind hashOnly = IdentityBenchmark.ingestFloor(d, false);
        Peers.FloorUnionFind exact = IdentityBenchmark.ingestFloor(d, true);
        Map<String, Set<String>> byJg = new HashMap<>();
        Map<String, Set<String>> byMap = new HashMap<>();
        Map<Integer, Set<String>> byHashOnly = new HashMap<>();
        Map<Integer, Set<String>> byExact = new HashMap<>();
        for (String[] ids : d.values) {
            for (String id : ids) {
                byJg.computeIfAbsent(jg.find(id), k -> new HashSet<>()).add(id);
                byMap.computeIfAbsent(map.find(id), k -> new HashSet<>()).add(id);
                byHashOnly.computeIfAbsent(hashOnly.find(id), k -> new HashSet<>()).add(id);
                byExact.computeIfAbsent(exact.find(id), k -> new HashSet<>()).add(id);
            }
        }
        assertThat(new HashSet<>(byJg.values())).isEqualTo(ours);
        assertThat(new HashSet<>(byMap.values())).isEqualTo(ours);
        assertThat(new HashSet<>(byHashOnly.values())).isEqualTo(ours);
        assertThat(new HashSet<>(byExact.values())).isEqualTo(ours);
        assertThat(hashOnly.numberOfSets()).isEqualTo(g.profileCount());
        assertThat(exact.numberOfSets()).isEqualTo(g.profileCount());
        assertThat(g.conflicts()).isEmpty();
        assertThat(jg.numberOfSets()).isEqualTo(g.profileCount());
        // about 0.35 identifiers per event; a few percent of events join two existing profiles
        assertThat(g.identifierCount()).isBetween(6_000, 8_500);
        MergeCounter merges = new MergeCounter();
        IdentityGraph counted = IdentityGraph.builder().listener(merges).build();
        for (int e = 0; e < d.ids.length; e++) {
            counted.link(d.time[e], d.source[e], d.ids[e]);
        }
        assertThat(merges.merges).isBetween(600, 1_600);
    }

    /** Counts merges of two existing profiles. */
    static final class MergeCounter implements io.omnicanal.identity.IdentityListener {
        int merges;

        @Override
        public void merged(long loser, long winner, java.time.Instant time) {
            merges++;
        }
    }

    @Test
    void normalizationBenchmarkInputsAreValid() {
        for (String type : new String[] {"email", "phone", "cookie", "maid", "account", "loyalty", "name_address"}) {
            IdentifierType t = IdentifierType.of(type);
            for (String raw : NormalizationBenchmark.rawValues(type, 200, 7)) {
                assertThat(Normalizers.defaultFor(t, "FR", false).normalize(t, raw)).isNotBlank();
            }
        }
    }

    @Test
    void memoryProbeIngestsExactlyTheAskedIdentifiers() {
        IdentityGraph g = (IdentityGraph) IdentityMemory.ingest("omnicanal", 4_000);
        assertThat(g.identifierCount()).isEqualTo(4_000);
        Peers.JGraphTUnionFind jg = (Peers.JGraphTUnionFind) IdentityMemory.ingest("jgrapht", 4_000);
        assertThat(jg.size()).isEqualTo(4_000);
        assertThat(jg.numberOfSets()).isEqualTo(g.profileCount());
        for (String floor : new String[] {"floorHashOnly", "floorExact"}) {
            Peers.FloorUnionFind f = (Peers.FloorUnionFind) IdentityMemory.ingest(floor, 4_000);
            assertThat(f.numberOfSets()).as(floor).isEqualTo(g.profileCount());
        }
    }
}
