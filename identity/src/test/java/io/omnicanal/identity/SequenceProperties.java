package io.omnicanal.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/**
 * The caller's sequence number as the tie-break of links with equal time and source, and
 * late links that are placed without a replay.
 */
class SequenceProperties {

    /** Rules that bite often on the small universe; cookies have a windowed limit. */
    private static IdentityGraph ruled() {
        return IdentityGraph.builder().unique(IdentifierType.ACCOUNT).limit(IdentifierType.EMAIL, 2)
                .limit(IdentifierType.COOKIE, 2, Duration.ofHours(5)).maxProfileSize(7).build();
    }

    /** Short windows on two types, so that a sighting's time often decides a later refusal. */
    private static IdentityGraph windowed() {
        return IdentityGraph.builder().unique(IdentifierType.ACCOUNT).limit(IdentifierType.EMAIL, 2)
                .limit(IdentifierType.COOKIE, 1, Duration.ofMinutes(90)).limit(IdentifierType.DEVICE, 1, Duration.ofHours(2))
                .maxProfileSize(9).build();
    }

    private static IdentityGraph unruled() {
        return IdentityGraph.builder().noLimit(IdentifierType.ACCOUNT).maxProfileSize(1_000_000)
                .defaultBlockList(false).build();
    }

    private static final Comparator<Link> LOG_ORDER = Comparator.comparing(Link::time).thenComparing(Link::source)
            .thenComparingLong(Link::sequence);

    private static void feed(IdentityGraph g, List<Link> links) {
        links.forEach(l -> g.link(l.time(), l.source(), l.sequence(), l.identifiers().toArray(new Identifier[0])));
    }

    /** The same links with distinct sequences, numbered in a random order. */
    private static List<Link> withDistinctSequences(List<Link> links, Random r) {
        List<Long> seqs = new ArrayList<>();
        for (long i = 0; i < links.size(); i++) {
            seqs.add(i * 3 + r.nextInt(3));
        }
        Collections.shuffle(seqs, r);
        List<Link> out = new ArrayList<>();
        for (int i = 0; i < links.size(); i++) {
            Link l = links.get(i);
            out.add(new Link(l.time(), l.source(), seqs.get(i), l.identifiers()));
        }
        return out;
    }

    @Property(tries = 60)
    void linksTiedOnTimeAndSourceGiveByteIdenticalGraphsInAnyOrderWhenSequencesDiffer(@ForAll long seed,
            @ForAll @IntRange(min = 1, max = 90) int n, @ForAll boolean batch) {
        Random r = new Random(seed);
        // two instants and four sources: most links tie on (time, source) with several others
        List<Link> links = withDistinctSequences(RandomLinks.generate(seed, n, 12, 2), r);
        List<Link> sorted = new ArrayList<>(links);
        sorted.sort(LOG_ORDER);
        List<Link> shuffled = new ArrayList<>(links);
        Collections.shuffle(shuffled, r);
        IdentityGraph inOrder = ruled();
        feed(inOrder, sorted);
        assertThat(inOrder.replayCount()).isZero();
        IdentityGraph anyOrder = ruled();
        if (batch) {
            anyOrder.linkAll(shuffled);
        } else {
            feed(anyOrder, shuffled);
        }
        assertThat(anyOrder.profiles()).isEqualTo(inOrder.profiles());
        assertThat(anyOrder.conflicts()).isEqualTo(inOrder.conflicts());
        assertThat(anyOrder.snapshotBytes()).isEqualTo(inOrder.snapshotBytes());
    }

    @Property(tries = 20)
    void aSourceReadInFileOrderWithLineNumbersIsNeverReplayed(@ForAll long seed) {
        Random r = new Random(seed);
        Instant second = RandomLinks.T0;
        List<Identifier[]> rows = new ArrayList<>();
        for (int line = 0; line < 300; line++) {
            if (line % 100 == 0) {
                second = second.plusSeconds(1);
            }
            rows.add(new Identifier[] {RandomLinks.identifier(r, 200), RandomLinks.identifier(r, 200)});
        }
        IdentityGraph numbered = unruled();
        IdentityGraph unnumbered = unruled();
        Instant t = RandomLinks.T0;
        for (int line = 0; line < rows.size(); line++) {
            if (line % 100 == 0) {
                t = t.plusSeconds(1);
            }
            numbered.link(t, "file.csv", line + 1, rows.get(line));
            unnumbered.link(t, "file.csv", rows.get(line));
        }
        assertThat(numbered.replayCount()).isZero();
        assertThat(numbered.lateSightingCount()).isZero();
        // the defect this guards against: without a sequence, file order is not log order
        assertThat(unnumbered.replayCount()).isGreaterThan(10);
        assertThat(numbered.profiles()).isEqualTo(unnumbered.profiles());
    }

    /** Cookie or device (the windowed types of {@link #windowed()}) from small universes. */
    private static Identifier windowedIdentifier(Random r) {
        return r.nextBoolean() ? Identifier.normalized(IdentifierType.COOKIE,
                String.format(java.util.Locale.ROOT, "00000000-0000-4000-8000-%012d", 1 + r.nextInt(6)))
                : Identifier.normalized(IdentifierType.DEVICE, "dev-" + r.nextInt(3));
    }

    @Property(tries = 150)
    void latePureSightingsEqualAFullReplay(@ForAll long seed, @ForAll @IntRange(min = 1, max = 60) int n,
            @ForAll @IntRange(min = 1, max = 40) int sightings, @ForAll boolean shortWindows) {
        Random r = new Random(seed);
        java.util.function.Supplier<IdentityGraph> config = shortWindows ? SequenceProperties::windowed : SequenceProperties::ruled;
        List<Link> base = new ArrayList<>();
        if (shortWindows) {
            // windowed identifiers glued by a few emails, at minute times, so that windows open
            // and close between links and a sighting's time often decides a later refusal
            for (int i = 0; i < n; i++) {
                Identifier glue = Identifier.normalized(IdentifierType.EMAIL, "user" + r.nextInt(3) + "@example.com");
                base.add(new Link(RandomLinks.T0.plusSeconds(60L * r.nextInt(360)), "web", i,
                        r.nextInt(4) == 0 ? List.of(windowedIdentifier(r)) : List.of(windowedIdentifier(r), glue)));
            }
        } else {
            base.addAll(withDistinctSequences(RandomLinks.generate(seed, n, 8, 6), r));
        }
        Instant end = RandomLinks.T0.plusSeconds(3600L * 6);
        base.add(new Link(end, "web", 0, List.of(RandomLinks.identifier(r, 8))));
        base.sort(LOG_ORDER);
        List<Link> late = new ArrayList<>();
        for (int i = 0; i < sightings; i++) {
            Instant t = RandomLinks.T0.plusSeconds(3600L * r.nextInt(6) + (r.nextBoolean() ? 0 : r.nextInt(3600)));
            Identifier id = shortWindows && r.nextInt(3) > 0 ? windowedIdentifier(r) : RandomLinks.identifier(r, 8);
            late.add(new Link(t, r.nextBoolean() ? "web" : "pos", r.nextInt(1000), List.of(id)));
        }
        IdentityGraph g = config.get();
        feed(g, base);
        assertThat(g.replayCount()).isZero();
        // independent prediction of the links that may skip the replay: known before their time,
        // of a type without a windowed limit, and late (before `end`)
        Map<Identifier, Instant> first = new HashMap<>();
        for (Link l : base) {
            for (Identifier id : l.identifiers()) {
                first.merge(id, l.time(), (a, b) -> a.isBefore(b) ? a : b);
            }
        }
        int inert = 0;
        for (Link l : late) {
            Identifier id = l.identifiers().get(0);
            Instant f = first.get(id);
            boolean windowedType = id.type() == IdentifierType.COOKIE || shortWindows && id.type() == IdentifierType.DEVICE;
            if (f != null && f.isBefore(l.time()) && !windowedType) {
                inert++;
            }
            first.merge(id, l.time(), (a, b) -> a.isBefore(b) ? a : b);
            feed(g, List.of(l));
        }
        assertThat(g.lateSightingCount()).isEqualTo(inert);
        assertThat(g.replayCount()).isEqualTo(sightings - inert);

        List<Link> all = new ArrayList<>(base);
        all.addAll(late);
        Collections.shuffle(all, r);
        IdentityGraph replayed = config.get();
        replayed.linkAll(all);
        all.sort(LOG_ORDER);
        IdentityGraph inOrder = config.get();
        feed(inOrder, all);
        for (IdentityGraph oracle : List.of(replayed, inOrder)) {
            assertThat(g.profiles()).isEqualTo(oracle.profiles());
            assertThat(g.conflicts()).isEqualTo(oracle.conflicts());
            assertThat(g.snapshotBytes()).isEqualTo(oracle.snapshotBytes());
        }
        for (int h = 0; h <= 6; h++) {
            Instant asOf = RandomLinks.T0.plusSeconds(3600L * h + 1800);
            assertThat(g.profilesAsOf(asOf)).isEqualTo(inOrder.profilesAsOf(asOf));
        }
    }

    /**
     * Why a late sighting of a type with a windowed limit needs the replay: it brings the
     * identifier back into the window of a later link, which then refuses a newcomer.
     */
    @Example
    void aLateSightingInsideAWindowChangesALaterDecision() {
        Identifier c1 = Identifier.cookie("00000000-0000-4000-8000-000000000001");
        Identifier c2 = Identifier.cookie("00000000-0000-4000-8000-000000000002");
        Identifier email = Identifier.email("ada@example.com");
        Instant t0 = RandomLinks.T0;
        IdentityGraph late = windowed();
        late.link(t0, "web", 1, c1, email);
        late.link(t0.plusSeconds(7200), "web", 2, c2, email);
        assertThat(late.profileKey(c2)).isEqualTo(late.profileKey(email));
        late.link(t0.plusSeconds(3600), "web", 3, c1);
        // c1 seen at 1h is inside the 90-minute window of the 2h link: c2 is refused
        assertThat(late.profileKey(c2)).isNotEqualTo(late.profileKey(email));
        assertThat(late.conflicts()).extracting(Conflict::rule).containsExactly("limit:cookie");
        IdentityGraph inOrder = windowed();
        inOrder.link(t0, "web", 1, c1, email);
        inOrder.link(t0.plusSeconds(3600), "web", 3, c1);
        inOrder.link(t0.plusSeconds(7200), "web", 2, c2, email);
        assertThat(late.snapshotBytes()).isEqualTo(inOrder.snapshotBytes());
        assertThat(late.replayCount()).isEqualTo(1);
        assertThat(late.lateSightingCount()).isZero();
    }

    /** More than 256 sources (the log widens its source column), some arriving late. */
    @Example
    void manySourcesKeepTheirNamesAndOrder() {
        Random r = new Random(7);
        List<Link> links = new ArrayList<>();
        for (int i = 0; i < 900; i++) {
            links.add(new Link(RandomLinks.T0.plusSeconds(r.nextInt(5)), String.format(java.util.Locale.ROOT, "shop-%03d", r.nextInt(400)),
                    i, List.of(RandomLinks.identifier(r, 300), RandomLinks.identifier(r, 300))));
        }
        List<Link> sorted = new ArrayList<>(links);
        sorted.sort(LOG_ORDER);
        IdentityGraph inOrder = unruled();
        feed(inOrder, sorted);
        IdentityGraph arrival = unruled();
        feed(arrival, links);
        assertThat(arrival.snapshotBytes()).isEqualTo(inOrder.snapshotBytes());
        Link last = links.get(links.size() - 1);
        assertThat(arrival.explain(last.identifiers().get(0), last.identifiers().get(1)).orElseThrow())
                .anySatisfy(step -> assertThat(step.source()).startsWith("shop-"));
        Link probe = sorted.get(450);
        IdentityGraph single = unruled();
        single.link(probe.time(), probe.source(), probe.sequence(), probe.identifiers().toArray(new Identifier[0]));
        assertThat(single.explain(probe.identifiers().get(0), probe.identifiers().get(1)))
                .hasValueSatisfying(steps -> assertThat(steps.get(0).source()).isEqualTo(probe.source()));
    }

    @Example
    void aNegativeSequenceIsRefusedAndChangesNothing() {
        IdentityGraph g = IdentityGraph.builder().build();
        Identifier email = Identifier.email("ada@example.com");
        g.link(RandomLinks.T0, "crm", 4, email);
        byte[] before = g.snapshotBytes();
        assertThatThrownBy(() -> g.link(RandomLinks.T0, "crm", -1, email, Identifier.account("A-1")))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("sequence must be 0 or more, was -1");
        assertThat(g.snapshotBytes()).isEqualTo(before);
        assertThatThrownBy(() -> Link.of(RandomLinks.T0, "crm", -7L, email))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("sequence must be 0 or more, was -7");
        assertThat(Link.of(RandomLinks.T0, "crm", email)).isEqualTo(new Link(RandomLinks.T0, "crm", 0, List.of(email)));
    }

    @Example
    void explainNamesTheSequenceOfEachLink() {
        IdentityGraph g = IdentityGraph.builder().build();
        Identifier cookie = Identifier.cookie("3f2504e0-4f89-11d3-9a0c-0305e82c3301");
        Identifier email = Identifier.email("ada@example.com");
        Identifier phone = Identifier.phone("+442070313000");
        g.link(RandomLinks.T0, "web.log", 17, cookie, email);
        g.link(RandomLinks.T0, "crm.csv", 3, email, phone);
        assertThat(g.explain(cookie, phone).orElseThrow()).extracting(LinkStep::source, LinkStep::sequence)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("web.log", 17L),
                        org.assertj.core.groups.Tuple.tuple("crm.csv", 3L));
    }

    @Example
    void theSequenceIsPartOfTheSnapshot() throws IOException {
        Identifier a = Identifier.account("A-1");
        Identifier b = Identifier.email("ada@example.com");
        IdentityGraph one = IdentityGraph.builder().build();
        one.link(RandomLinks.T0, "crm", 1, a, b);
        IdentityGraph two = IdentityGraph.builder().build();
        two.link(RandomLinks.T0, "crm", 300, a, b);
        assertThat(one.snapshotBytes()).isNotEqualTo(two.snapshotBytes());
        Path file = Files.createTempDirectory("seq").resolve("g.snap");
        two.snapshot(file);
        IdentityGraph back = IdentityGraph.builder().build();
        back.restore(file);
        assertThat(back.snapshotBytes()).isEqualTo(two.snapshotBytes());
        assertThat(back.explain(a, b).orElseThrow()).extracting(LinkStep::sequence).containsExactly(300L);
    }

    /**
     * A snapshot written by the previous release (format version 1, before sequences) of:
     * 10:00 web {cookie 3F2504E0-..., email Ada.Lovelace@Example.com}; 10:01 crm {account A-1,
     * phone +44 20 7031 3000, the same email}; 10:01 crm {account A-2, cookie 6d92078a-...}.
     */
    @Example
    void aVersionOneSnapshotIsReadWithSequenceZero() throws IOException {
        Path file = Files.createTempDirectory("v1").resolve("v1.snap");
        try (InputStream in = SequenceProperties.class.getResourceAsStream("snapshot-v1.snap")) {
            Files.write(file, in.readAllBytes());
        }
        assertThat(Files.readAllBytes(file)[11]).isEqualTo((byte) 1);
        IdentityGraph restored = IdentityGraph.builder().build();
        restored.restore(file);
        Instant t = Instant.parse("2024-05-01T10:00:00Z");
        IdentityGraph fed = IdentityGraph.builder().build();
        fed.link(t, "web", Identifier.cookie("3F2504E0-4F89-11D3-9A0C-0305E82C3301"), Identifier.email(" Ada.Lovelace@Example.com"));
        fed.link(t.plusSeconds(60), "crm", Identifier.account("A-1"), Identifier.phone("+44 20 7031 3000"),
                Identifier.email(" Ada.Lovelace@Example.com"));
        fed.link(t.plusSeconds(60), "crm", Identifier.account("A-2"), Identifier.cookie("6d92078a-8246-418b-a6b1-d6e0d6a1a1b2"));
        assertThat(restored.profiles()).isEqualTo(fed.profiles()).hasSize(2);
        assertThat(restored.snapshotBytes()).isEqualTo(fed.snapshotBytes());
    }
}
