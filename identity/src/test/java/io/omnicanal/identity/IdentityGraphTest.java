package io.omnicanal.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Example-based behaviour of {@link IdentityGraph}. */
class IdentityGraphTest {

    private static final Instant T = Instant.parse("2024-05-01T10:00:00Z");
    private static final Identifier COOKIE = Identifier.cookie("3F2504E0-4F89-11D3-9A0C-0305E82C3301");
    private static final Identifier COOKIE2 = Identifier.cookie("6d92078a-8246-418b-a6b1-d6e0d6a1a1b2");
    private static final Identifier EMAIL = Identifier.email(" Ada.Lovelace@Example.com");
    private static final Identifier PHONE = Identifier.phone("+44 20 7031 3000");
    private static final Identifier ACCOUNT = Identifier.account("A-1");

    @TempDir
    Path dir;

    private static Instant t(int minutes) {
        return T.plusSeconds(60L * minutes);
    }

    @Test
    void anonymousVisitorMergesIntoTheCustomerWhenTheyLogIn() {
        RecordingListener rec = new RecordingListener();
        IdentityGraph g = IdentityGraph.builder().listener(rec).build();
        long visitor = g.link(t(0), "web", COOKIE);
        long customer = g.link(t(1), "crm", ACCOUNT, EMAIL);
        assertThat(visitor).isNotEqualTo(customer);
        long after = g.link(t(2), "web", COOKIE, EMAIL);
        assertThat(after).isEqualTo(customer);
        assertThat(g.profileKey(COOKIE)).hasValue(customer);
        assertThat(g.profileKey(Identifier.normalized(IdentifierType.EMAIL, "ada.lovelace@example.com"))).hasValue(customer);
        assertThat(rec.events).containsExactly("merged " + visitor + " -> " + customer + " @" + t(2));
        Profile p = g.profile(customer).orElseThrow();
        assertThat(p.canonical()).isEqualTo(Identifier.normalized(IdentifierType.ACCOUNT, "A-1"));
        assertThat(p.byType().keySet()).extracting(IdentifierType::name).containsExactly("account", "cookie", "email");
        SeenIdentifier cookie = p.byType().get(IdentifierType.COOKIE).get(0);
        assertThat(cookie.firstSeen()).isEqualTo(t(0));
        assertThat(cookie.lastSeen()).isEqualTo(t(2));
        assertThat(g.profile(visitor)).isEmpty();
        assertThat(g.profileCount()).isEqualTo(1);
    }

    @Test
    void aGraphCannotBeModifiedFromInsideForEachProfileAndStaysUsable() {
        IdentityGraph g = IdentityGraph.builder().build();
        g.link(t(0), "web", COOKIE);
        g.link(t(1), "crm", ACCOUNT, EMAIL);
        byte[] before = g.snapshotBytes();
        assertThatThrownBy(() -> g.forEachProfile(p -> g.link(t(2), "web", COOKIE, EMAIL)))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("forEachProfile");
        assertThatThrownBy(() -> g.forEachProfile(null)).isInstanceOf(NullPointerException.class)
                .hasMessageContaining("action");
        assertThat(g.snapshotBytes()).isEqualTo(before);
        // The shared lock was released: a writer proceeds, and the visit sees its merge.
        g.link(t(2), "web", COOKIE, EMAIL);
        List<Profile> visited = new java.util.ArrayList<>();
        g.forEachProfile(visited::add);
        assertThat(visited).hasSize(1);
        assertThat(visited.get(0).identifiers()).hasSize(3);
    }

    @Test
    void aHigherPriorityIdentifierJoiningRekeysTheProfile() {
        RecordingListener rec = new RecordingListener();
        IdentityGraph g = IdentityGraph.builder().listener(rec).build();
        long byEmail = g.link(t(0), "newsletter", EMAIL, COOKIE);
        long byAccount = g.link(t(5), "web", EMAIL, ACCOUNT);
        assertThat(g.profileKey(ACCOUNT)).hasValue(byAccount);
        assertThat(rec.events).containsExactly("merged " + byEmail + " -> " + byAccount + " @" + t(5));
    }

    @Test
    void twoAccountsNeverMergeAndTheRefusalIsAConflict() {
        RecordingListener rec = new RecordingListener();
        IdentityGraph g = IdentityGraph.builder().listener(rec).build();
        long first = g.link(t(0), "web", ACCOUNT, EMAIL);
        long second = g.link(t(1), "web", Identifier.account("A-2"), EMAIL);
        assertThat(second).isNotEqualTo(first);
        assertThat(g.profileKey(EMAIL)).hasValue(first);
        assertThat(g.conflicts()).singleElement().satisfies(c -> {
            assertThat(c.rule()).isEqualTo("unique:account");
            assertThat(c.type()).isEqualTo(IdentifierType.EMAIL);
            assertThat(c.value()).isEqualTo("ada.lovelace@example.com");
            assertThat(c.refusedProfileKey()).isEqualTo(first);
            assertThat(c.profileKey()).isEqualTo(second);
            assertThat(c.time()).isEqualTo(t(1));
            assertThat(c.toString()).doesNotContain("lovelace");
        });
        assertThat(rec.conflicts).isEqualTo(g.conflicts());
        assertThat(rec.events).isEmpty();
    }

    @Test
    void windowedLimitCountsOnlyRecentIdentifiers() {
        IdentityGraph g = IdentityGraph.builder().limit(IdentifierType.COOKIE, 2, Duration.ofDays(7)).build();
        Instant day = T;
        long p = g.link(day, "web", EMAIL, cookie(1));
        g.link(day.plus(Duration.ofDays(1)), "web", EMAIL, cookie(2));
        g.link(day.plus(Duration.ofDays(2)), "web", EMAIL, cookie(3));
        assertThat(g.profileKey(cookie(3))).isNotEqualTo(g.profileKey(EMAIL));
        assertThat(g.conflicts()).extracting(Conflict::rule).containsExactly("limit:cookie");
        // ten days later cookies 1 and 2 are out of the window: a new cookie is accepted
        g.link(day.plus(Duration.ofDays(10)), "web", EMAIL, cookie(4));
        assertThat(g.profileKey(cookie(4))).hasValue(p);
        // ... but not a third recent one
        g.link(day.plus(Duration.ofDays(10)), "web", EMAIL, cookie(5));
        g.link(day.plus(Duration.ofDays(11)), "web", EMAIL, cookie(6));
        assertThat(g.profileKey(cookie(6))).isNotEqualTo(g.profileKey(EMAIL));
    }

    private static Identifier cookie(int i) {
        return Identifier.cookie(String.format(java.util.Locale.ROOT, "00000000-0000-4000-8000-%012d", i));
    }

    @Test
    void hubGuardStopsABotCookieFromGluingStrangersTogether() {
        IdentityGraph g = IdentityGraph.builder().maxProfileSize(3).build();
        Identifier bot = cookie(99);
        for (int i = 0; i < 10; i++) {
            g.link(t(i), "web", bot, Identifier.email("user" + i + "@example.com"));
        }
        assertThat(g.profile(g.profileKey(bot).getAsLong()).orElseThrow().identifiers()).hasSize(3);
        assertThat(g.conflicts()).hasSize(8).allSatisfy(c -> assertThat(c.rule()).isEqualTo("max_profile_size"));
        assertThat(g.profileCount()).isEqualTo(9);
    }

    @Test
    void blockListRefusesJunkAndSharedCardsButKeepsTheRest() {
        RecordingListener rec = new RecordingListener();
        IdentityGraph g = IdentityGraph.builder().listener(rec)
                .block(IdentifierType.LOYALTY, "9999 0000 1111")
                .blockPattern(IdentifierType.EMAIL, ".*@mailinator\\.com").build();
        assertThat(g.link(t(0), "pos", Identifier.email("test@test.com"))).isEqualTo(IdentityGraph.NO_PROFILE);
        long p = g.link(t(1), "pos", Identifier.of(IdentifierType.LOYALTY, "9999-0000-1111"), EMAIL,
                Identifier.email("x@mailinator.com"), Identifier.account("anonymous"), Identifier.cookie("00000000-0000-0000-0000-000000000000"));
        assertThat(g.profileKey(EMAIL)).hasValue(p);
        assertThat(g.identifierCount()).isEqualTo(1);
        assertThat(g.conflicts()).extracting(Conflict::rule).containsOnly("blocked").hasSize(5);
        assertThat(rec.conflicts).hasSize(5);
        assertThat(g.conflicts()).extracting(Conflict::value).doesNotContain("x@mailinator.com");
    }

    @Test
    void badInputIsRefusedAndLeavesTheGraphUnchanged() {
        RecordingListener rec = new RecordingListener();
        IdentityGraph g = IdentityGraph.builder().listener(rec).build();
        g.link(t(0), "crm", EMAIL, ACCOUNT);
        byte[] before = g.snapshotBytes();
        assertThatThrownBy(() -> g.link(null, "web", COOKIE)).isInstanceOf(NullPointerException.class).hasMessageContaining("time");
        assertThatThrownBy(() -> g.link(t(1), null, COOKIE)).isInstanceOf(NullPointerException.class).hasMessageContaining("source");
        assertThatThrownBy(() -> g.link(t(1), " ", COOKIE)).hasMessageContaining("source");
        assertThatThrownBy(() -> g.link(t(1), "web")).hasMessageContaining("had 0");
        assertThatThrownBy(() -> g.link(t(1), "web", COOKIE, null)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> g.link(t(1), "web", COOKIE, Identifier.email("ada@@example.com")))
                .isInstanceOf(InvalidIdentifierException.class).hasMessageContaining("email \"a***@example.com\"");
        assertThatThrownBy(() -> g.link(t(1), "web", COOKIE, Identifier.phone("12")))
                .isInstanceOf(InvalidIdentifierException.class).hasMessageStartingWith("phone");
        assertThatThrownBy(() -> g.link(t(1), "web", COOKIE, Identifier.of(IdentifierType.of("fax"), "1")))
                .isInstanceOf(InvalidIdentifierException.class).hasMessageContaining("fax").hasMessageContaining("not configured");
        assertThatThrownBy(() -> g.link(t(1), "web", COOKIE, Identifier.email("a".repeat(600) + "@x.com")))
                .hasMessageContaining("longer than 512");
        assertThatThrownBy(() -> g.link(Instant.MAX, "web", COOKIE)).hasMessageContaining("time must be between");
        assertThatThrownBy(() -> g.linkAll(List.of(Link.of(t(1), "web", COOKIE), Link.of(t(2), "web", Identifier.email("bad")))))
                .hasMessageContaining("links[1]");
        Identifier[] tooMany = new Identifier[65];
        Arrays.fill(tooMany, COOKIE);
        assertThatThrownBy(() -> g.link(t(1), "web", tooMany)).hasMessageContaining("had 65");
        // a lone surrogate (a string cut inside an emoji) has no UTF-8 form: it would become '?' and merge
        // "AB\uD800CD" with "AB?CD"; refused, raw or normalised, naming the index
        assertThatThrownBy(() -> g.link(t(1), "pos", COOKIE, Identifier.account("AB\uD800CD")))
                .isInstanceOf(InvalidIdentifierException.class).hasMessageContaining("unpaired surrogate at index 2");
        assertThatThrownBy(() -> g.link(t(1), "pos", COOKIE,
                Identifier.normalized(IdentifierType.ACCOUNT, "AB\uDC00")))
                .isInstanceOf(InvalidIdentifierException.class).hasMessageContaining("unpaired surrogate at index 2");
        assertThat(g.snapshotBytes()).isEqualTo(before);
        assertThat(g.profileKey(COOKIE)).isEmpty();
        g.link(t(1), "pos", Identifier.account("AB\uD83D\uDE00CD")); // a whole pair is fine
        assertThat(g.profileKey(Identifier.account("AB\uD83D\uDE00CD"))).isPresent();
        assertThat(g.profileKey(Identifier.account("AB?CD"))).isEmpty();
        assertThat(rec.events).isEmpty();
        assertThat(rec.conflicts).isEmpty();
    }

    @Test
    void builderNamesTheOffendingSetting() {
        assertThatThrownBy(() -> IdentityGraph.builder().maxProfileSize(1)).hasMessage("maxProfileSize must be at least 2, was 1");
        assertThatThrownBy(() -> IdentityGraph.builder().limit(IdentifierType.EMAIL, 0)).hasMessageContaining("was 0");
        assertThatThrownBy(() -> IdentityGraph.builder().limit(IdentifierType.EMAIL, 2, Duration.ofHours(-1))).hasMessageContaining("PT-1H");
        assertThatThrownBy(() -> IdentityGraph.builder().priority(IdentifierType.EMAIL, 5000)).hasMessageContaining("5000");
        assertThatThrownBy(() -> IdentityGraph.builder().unique(IdentifierType.of("fax"))).hasMessageContaining("\"fax\"");
        assertThatThrownBy(() -> IdentityGraph.builder().defaultRegion("ZZ")).hasMessageContaining("\"ZZ\"");
        assertThatThrownBy(() -> IdentityGraph.builder().blockPattern(IdentifierType.EMAIL, "(")).hasMessageContaining("\"(\"");
        assertThatThrownBy(() -> IdentityGraph.builder().storeHashed(IdentifierType.COOKIE, Destination.META)).hasMessageContaining("cookie");
        assertThatThrownBy(() -> IdentityGraph.builder().tombstoneSalt(new byte[3])).hasMessageContaining("had 3");
        assertThatThrownBy(() -> IdentityGraph.builder().refuseErased(true).build())
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("tombstoneSalt");
    }

    @Test
    void customTypesUseTheirOwnNormalizer() {
        IdentifierType ticket = IdentifierType.of("ticket");
        Normalizer digitsOnly = (type, raw) -> {
            String d = raw.replaceAll("[^0-9]", "");
            if (d.isEmpty()) {
                throw new InvalidIdentifierException(type, raw, "no digits");
            }
            return d;
        };
        IdentityGraph g = IdentityGraph.builder().type(ticket, digitsOnly, 55).build();
        long p = g.link(t(0), "support", Identifier.of(ticket, "T-12-34"), EMAIL);
        assertThat(g.profileKey(Identifier.of(ticket, "#1234"))).hasValue(p);
        assertThatThrownBy(() -> g.link(t(1), "support", Identifier.of(ticket, "none!"))).hasMessageContaining("no digits");
    }

    @Test
    void conflictsDoNotDependOnArrivalOrder() {
        IdentityGraph a = IdentityGraph.builder().build();
        IdentityGraph b = IdentityGraph.builder().build();
        a.link(t(0), "web", COOKIE, Identifier.email("test@test.com"));
        a.link(t(1), "web", COOKIE2, Identifier.email("none@none.com"));
        b.link(t(1), "web", COOKIE2, Identifier.email("none@none.com"));
        b.link(t(0), "web", COOKIE, Identifier.email("test@test.com"));
        assertThat(a.conflicts()).hasSize(2).isEqualTo(b.conflicts());
    }

    @Test
    void aCustomNormalizersOutputIsCheckedLikeANormalisedValue() {
        IdentifierType odd = IdentifierType.of("odd");
        Normalizer broken = (type, raw) -> switch (raw) {
            case "empty" -> "";
            case "null" -> null;
            default -> "x".repeat(600);
        };
        IdentityGraph g = IdentityGraph.builder().type(odd, broken, 10).build();
        assertThatThrownBy(() -> g.link(t(0), "s", Identifier.of(odd, "empty"), EMAIL))
                .isInstanceOf(InvalidIdentifierException.class).hasMessageContaining("odd").hasMessageContaining("had 0");
        assertThatThrownBy(() -> g.link(t(0), "s", Identifier.of(odd, "null"), EMAIL))
                .isInstanceOf(InvalidIdentifierException.class).hasMessageContaining("output is null");
        assertThatThrownBy(() -> g.link(t(0), "s", Identifier.of(odd, "long"), EMAIL))
                .isInstanceOf(InvalidIdentifierException.class).hasMessageContaining("had 600");
        assertThat(g.profileKey(EMAIL)).isEmpty();
    }

    @Test
    void explainGivesTheChainOfLinks() {
        IdentityGraph g = IdentityGraph.builder().build();
        g.link(t(0), "web", COOKIE, EMAIL);
        g.link(t(1), "callcentre", EMAIL, PHONE);
        g.link(t(2), "app", PHONE, COOKIE2);
        g.link(t(3), "web", COOKIE2, Identifier.email("someone@else.org"));
        g.link(t(4), "shop", Identifier.email("stranger@else.org"));
        List<LinkStep> steps = g.explain(COOKIE, COOKIE2).orElseThrow();
        assertThat(steps).extracting(LinkStep::source).containsExactly("web", "callcentre", "app");
        assertThat(steps).extracting(LinkStep::time).containsExactly(t(0), t(1), t(2));
        assertThat(steps.get(0).from()).isEqualTo(g.normalize(COOKIE));
        assertThat(steps.get(2).to()).isEqualTo(g.normalize(COOKIE2));
        for (int i = 1; i < steps.size(); i++) {
            assertThat(steps.get(i).from()).isEqualTo(steps.get(i - 1).to());
        }
        assertThat(g.explain(COOKIE, COOKIE)).hasValue(List.of());
        assertThat(g.explain(COOKIE, Identifier.email("stranger@else.org"))).isEmpty();
        assertThat(g.explain(COOKIE, Identifier.email("never@seen.org"))).isEmpty();
    }

    @Test
    void profilesAsOfAPastInstant() {
        IdentityGraph g = IdentityGraph.builder().build();
        g.link(t(0), "web", COOKIE);
        g.link(t(10), "crm", EMAIL, ACCOUNT);
        g.link(t(20), "web", COOKIE, EMAIL);
        assertThat(g.profilesAsOf(t(-1))).isEmpty();
        assertThat(g.profilesAsOf(t(0))).hasSize(1);
        assertThat(g.profilesAsOf(t(19))).hasSize(2);
        assertThat(g.profilesAsOf(t(20))).hasSize(1).isEqualTo(g.profiles());
    }

    @Test
    void lateLinksGiveTheSameProfilesAndAreReported() {
        RecordingListener rec = new RecordingListener();
        IdentityGraph late = IdentityGraph.builder().listener(rec).build();
        late.link(t(10), "web", COOKIE, EMAIL);
        late.link(t(20), "crm", ACCOUNT, PHONE);
        long key = late.link(t(5), "pos", EMAIL, PHONE);
        IdentityGraph inOrder = IdentityGraph.builder().build();
        inOrder.link(t(5), "pos", EMAIL, PHONE);
        inOrder.link(t(10), "web", COOKIE, EMAIL);
        inOrder.link(t(20), "crm", ACCOUNT, PHONE);
        assertThat(late.snapshotBytes()).isEqualTo(inOrder.snapshotBytes());
        assertThat(key).isEqualTo(late.profileKey(ACCOUNT).getAsLong());
        assertThat(rec.events).hasSize(1).first().asString().startsWith("merged ").endsWith(" -> " + key + " @" + t(5));
    }

    @Test
    void erasingTheBridgeSplitsTheProfile() {
        RecordingListener rec = new RecordingListener();
        IdentityGraph g = IdentityGraph.builder().listener(rec).refuseErased(true)
                .tombstoneSalt("a salt of this test's own".getBytes(java.nio.charset.StandardCharsets.UTF_8)).build();
        g.link(t(0), "web", COOKIE, EMAIL);
        g.link(t(1), "app", EMAIL, COOKIE2);
        long whole = g.profileKey(EMAIL).getAsLong();
        assertThat(g.erase(t(9), EMAIL)).isEqualTo(1);
        long a = g.profileKey(COOKIE).getAsLong();
        long b = g.profileKey(COOKIE2).getAsLong();
        assertThat(a).isNotEqualTo(b);
        long[] keys = a < b ? new long[] {a, b} : new long[] {b, a};
        assertThat(rec.events).containsExactly("split " + whole + " -> " + Arrays.toString(keys) + " @" + t(9));
        assertThat(g.isErased(EMAIL)).isTrue();
        assertThat(g.profileKey(EMAIL)).isEmpty();
        assertThat(new String(g.snapshotBytes(), java.nio.charset.StandardCharsets.ISO_8859_1)).doesNotContain("lovelace");
        // re-ingest is refused on request
        long again = g.link(t(10), "web", EMAIL, COOKIE);
        assertThat(again).isEqualTo(a);
        assertThat(g.profileKey(EMAIL)).isEmpty();
        assertThat(rec.conflicts).last().satisfies(c -> {
            assertThat(c.rule()).isEqualTo("erased");
            assertThat(c.value()).isEqualTo("[erased]"); // not even a masked "a***@example.com"
        });
    }

    @Test
    void erasingAProfileReportsItErased() {
        RecordingListener rec = new RecordingListener();
        IdentityGraph g = IdentityGraph.builder().listener(rec).build();
        long p = g.link(t(0), "web", COOKIE, EMAIL, PHONE);
        g.link(t(1), "web", COOKIE2);
        assertThat(g.eraseProfile(p, t(5))).isEqualTo(3);
        assertThat(rec.events).containsExactly("erased " + p + " @" + t(5));
        assertThat(g.identifierCount()).isEqualTo(1);
        assertThat(g.linkCount()).isEqualTo(1);
        assertThat(g.isErased(PHONE)).isFalse(); // no tombstone is kept unless erased values are refused
        assertThat(g.eraseProfile(p, t(6))).isZero();
    }

    @Test
    void erasingTheCanonicalIdentifierRekeysTheProfile() {
        RecordingListener rec = new RecordingListener();
        IdentityGraph g = IdentityGraph.builder().listener(rec).build();
        long p = g.link(t(0), "crm", ACCOUNT, EMAIL, PHONE);
        g.erase(t(3), ACCOUNT);
        long q = g.profileKey(EMAIL).getAsLong();
        assertThat(q).isNotEqualTo(p);
        assertThat(rec.events).containsExactly("merged " + p + " -> " + q + " @" + t(3));
    }

    @Test
    void snapshotRestoreRoundTripsAndCorruptFilesLeaveTheGraphAlone() throws IOException {
        IdentityGraph g = IdentityGraph.builder().build();
        g.link(t(0), "web", COOKIE, EMAIL);
        g.link(t(1), "crm", ACCOUNT, PHONE, EMAIL);
        Path file = dir.resolve("ids.snap");
        g.snapshot(file);
        byte[] good = Files.readAllBytes(file);
        // The streamed file, checked against the format as documented: length in the header, and
        // the CRC-32C of everything before the last four bytes.
        java.nio.ByteBuffer head = java.nio.ByteBuffer.wrap(good);
        assertThat(new String(good, 0, 8, java.nio.charset.StandardCharsets.US_ASCII)).isEqualTo("OCIDGRPH");
        assertThat(head.getInt(8)).isEqualTo(3);
        assertThat(head.getLong(12)).isEqualTo(good.length - 24L);
        java.util.zip.CRC32C crc = new java.util.zip.CRC32C();
        crc.update(good, 0, good.length - 4);
        assertThat(head.getInt(good.length - 4)).isEqualTo((int) crc.getValue());
        assertThat(g.snapshotBytes()).isEqualTo(good);

        IdentityGraph target = IdentityGraph.builder().build();
        target.link(t(0), "pos", COOKIE2);
        byte[] untouched = target.snapshotBytes();
        List<byte[]> bad = List.of(
                Arrays.copyOf(good, good.length - 1),
                Arrays.copyOf(good, 10),
                new byte[0],
                "not a snapshot at all, just some text".getBytes(java.nio.charset.StandardCharsets.US_ASCII),
                flip(good, good.length / 2),
                flip(good, 9),
                flip(good, good.length - 1));
        for (byte[] b : bad) {
            Path f = dir.resolve("bad.snap");
            Files.write(f, b);
            assertThatThrownBy(() -> target.restore(f)).isInstanceOf(CorruptSnapshotException.class)
                    .hasMessageContaining("bad.snap");
            assertThat(target.snapshotBytes()).isEqualTo(untouched);
        }
        IdentityGraph otherSeed = IdentityGraph.builder().keySeed(42).build();
        assertThatThrownBy(() -> otherSeed.restore(file)).isInstanceOf(CorruptSnapshotException.class)
                .hasMessageContaining("incompatible");
        assertThatThrownBy(() -> target.restore(dir.resolve("missing.snap"))).isInstanceOf(IOException.class);

        target.restore(file);
        assertThat(target.profiles()).isEqualTo(g.profiles());
        assertThat(target.snapshotBytes()).isEqualTo(good);
    }

    private static byte[] flip(byte[] b, int at) {
        byte[] c = b.clone();
        c[at] ^= 0x40;
        return c;
    }

    @Test
    void absorbRefusesItselfAndIncompatibleGraphs() {
        IdentityGraph g = IdentityGraph.builder().build();
        assertThatThrownBy(() -> g.absorb(g)).hasMessageContaining("itself");
        assertThatThrownBy(() -> g.absorb(IdentityGraph.builder().storeHashed(IdentifierType.EMAIL).build()))
                .hasMessageContaining("incompatible");
    }

    @Test
    void absorbReportsTheMergesItCauses() {
        RecordingListener rec = new RecordingListener();
        IdentityGraph a = IdentityGraph.builder().listener(rec).build();
        IdentityGraph b = IdentityGraph.builder().build();
        long cookieOnly = a.link(t(0), "web", COOKIE);
        long customer = b.link(t(1), "crm", COOKIE, ACCOUNT);
        a.absorb(b);
        assertThat(a.profileKey(COOKIE)).hasValue(customer);
        assertThat(rec.events).containsExactly("merged " + cookieOnly + " -> " + customer + " @" + t(1));
        assertThat(b.profileKey(ACCOUNT)).hasValue(customer);
    }

    @Test
    void keysDoNotDependOnTheGraphOrItsHistory() {
        IdentityGraph a = IdentityGraph.builder().build();
        IdentityGraph b = IdentityGraph.builder().build();
        a.link(t(0), "web", COOKIE2);
        a.link(t(1), "web", COOKIE);
        b.link(t(7), "app", COOKIE);
        assertThat(a.profileKey(COOKIE)).isEqualTo(b.profileKey(COOKIE));
        assertThat(IdentityGraph.builder().keySeed(7).build().link(t(0), "x", COOKIE))
                .isNotEqualTo(a.profileKey(COOKIE).getAsLong());
        Optional<Profile> none = a.profile(12345L);
        assertThat(none).isEmpty();
    }
}
