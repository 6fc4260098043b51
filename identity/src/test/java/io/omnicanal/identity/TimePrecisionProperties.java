package io.omnicanal.identity;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/**
 * Sightings and link times stay exact to the nanosecond and across the whole supported range,
 * whether the graph still holds them compactly (whole seconds, 1932-2068) or has widened its
 * columns because one time did not fit: checked against per-identifier minima and maxima
 * computed here, and across arrival orders, snapshots and time travel.
 */
class TimePrecisionProperties {

    private static Instant time(Random r, int odd) {
        Instant t = RandomLinks.T0.plusSeconds(3600L * r.nextInt(6));
        switch (r.nextInt(100) < odd ? r.nextInt(4) : -1) {
            case 0: return t.plusNanos(1 + r.nextInt(999_999_999));
            case 1: return Instant.parse("2100-01-01T00:00:00Z").plusSeconds(r.nextInt(1000));
            case 2: return Instant.parse("1900-06-01T00:00:00Z").plusSeconds(r.nextInt(1000));
            case 3: return t.plusMillis(1 + r.nextInt(999));
            default: return t;
        }
    }

    @Property(tries = 60)
    void sightingsAreExactWhateverTheTimes(@ForAll long seed, @ForAll @IntRange(min = 1, max = 80) int n,
            @ForAll @IntRange(min = 0, max = 20) int oddPercent) throws Exception {
        Random r = new Random(seed);
        List<Link> links = new ArrayList<>();
        for (Link l : RandomLinks.generate(seed, n, 12, 6)) {
            links.add(new Link(time(r, oddPercent), l.source(), r.nextInt(3) == 0 ? 5_000_000_000L + r.nextInt(9) : r.nextInt(9),
                    l.identifiers()));
        }
        IdentityGraph inOrder = IdentityGraph.builder().build();
        List<Link> sorted = new ArrayList<>(links);
        sorted.sort(java.util.Comparator.comparing(Link::time).thenComparing(Link::source).thenComparingLong(Link::sequence));
        sorted.forEach(l -> inOrder.link(l.time(), l.source(), l.sequence(), l.identifiers().toArray(new Identifier[0])));
        List<Link> shuffled = new ArrayList<>(links);
        Collections.shuffle(shuffled, r);
        IdentityGraph anyOrder = IdentityGraph.builder().build();
        shuffled.forEach(l -> anyOrder.link(l.time(), l.source(), l.sequence(), l.identifiers().toArray(new Identifier[0])));
        assertThat(anyOrder.snapshotBytes()).isEqualTo(inOrder.snapshotBytes());

        Map<String, Instant> first = new HashMap<>();
        Map<String, Instant> last = new HashMap<>();
        for (Link l : links) {
            for (Identifier id : l.identifiers()) {
                String key = id.type().name() + ":" + id.value();
                first.merge(key, l.time(), (a, b) -> a.isBefore(b) ? a : b);
                last.merge(key, l.time(), (a, b) -> a.isAfter(b) ? a : b);
            }
        }
        int seenCount = 0;
        for (Profile p : anyOrder.profiles()) {
            for (SeenIdentifier s : p.identifiers()) {
                String key = s.identifier().type().name() + ":" + s.identifier().value();
                assertThat(s.firstSeen()).isEqualTo(first.get(key));
                assertThat(s.lastSeen()).isEqualTo(last.get(key));
                seenCount++;
            }
        }
        assertThat(seenCount).isEqualTo(first.size());

        java.nio.file.Path file = java.nio.file.Files.createTempDirectory("times").resolve("g.snap");
        anyOrder.snapshot(file);
        IdentityGraph back = IdentityGraph.builder().build();
        back.restore(file);
        assertThat(back.profiles()).isEqualTo(anyOrder.profiles());
        Instant asOf = RandomLinks.T0.plusSeconds(3600L * r.nextInt(6)).plusNanos(r.nextInt(1_000_000_000));
        IdentityGraph early = IdentityGraph.builder().build();
        sorted.stream().filter(l -> !l.time().isAfter(asOf))
                .forEach(l -> early.link(l.time(), l.source(), l.sequence(), l.identifiers().toArray(new Identifier[0])));
        assertThat(anyOrder.profilesAsOf(asOf)).isEqualTo(early.profiles());
    }
}
