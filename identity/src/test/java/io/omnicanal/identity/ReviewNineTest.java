package io.omnicanal.identity;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Defects found by session 9's review of the module, each checked against what the issue and README
 * promise: a block that another spelling got round, a sharp s the address key did not fold, tombstones
 * taken in by a graph that keeps none, and masks that showed most of a short value.
 */
class ReviewNineTest {
    private static final Instant T = Instant.parse("2026-03-01T10:00:00Z");
    private static final String C1 = "3f2504e0-4f89-11d3-9a0c-0305e82c3301";
    private static final String C2 = "3f2504e0-4f89-11d3-9a0c-0305e82c3302";

    @TempDir
    Path dir;

    /**
     * Stored as Google's hash, an email is first put in Google's form, which drops a Gmail address's
     * dots and +tag: any spelling of a blocked Gmail address reaches the blocked digest and is refused,
     * as the blocked spelling is, and the graph restores its own snapshot (it used to store the other
     * spellings, glue strangers through them, and then refuse its own snapshot as holding a blocked value).
     */
    @Test
    void everySpellingOfABlockedAddressIsRefusedWhenStoredAsADestinationsHash() throws IOException {
        IdentityGraph.Builder b = IdentityGraph.builder().storeHashed(IdentifierType.EMAIL, Destination.GOOGLE)
                .block(IdentifierType.EMAIL, "shop.counter@gmail.com");
        IdentityGraph g = b.build();
        g.link(T, "pos", Identifier.email("shopcounter@gmail.com"), Identifier.cookie(C1));
        g.link(T.plusSeconds(1), "pos", Identifier.email("Shop.Counter+x@gmail.com"), Identifier.cookie(C2));
        assertThat(g.profileKey(Identifier.cookie(C1))).isNotEqualTo(g.profileKey(Identifier.cookie(C2)));
        assertThat(g.conflicts()).extracting(Conflict::rule).containsExactly("blocked", "blocked");
        Path file = dir.resolve("g.snap");
        g.snapshot(file);
        IdentityGraph back = b.build();
        back.restore(file);
        assertThat(back.snapshotBytes()).isEqualTo(g.snapshotBytes());
    }

    /** The capital sharp s folds to "ss" as the small one does (NFKD leaves it alone). */
    @Test
    void capitalSharpSFoldsLikeTheSmallOne() {
        Normalizer n = Normalizers.nameAddress();
        IdentifierType t = IdentifierType.NAME_ADDRESS;
        String upper = n.normalize(t, Identifier.nameAddress("Hans", "GROẞ", "HAUPTSTRAẞE 1", "10115").value());
        String lower = n.normalize(t, Identifier.nameAddress("Hans", "Groß", "Hauptstraße 1", "10115").value());
        String plain = n.normalize(t, Identifier.nameAddress("hans", "gross", "hauptstrasse 1", "10115").value());
        assertThat(upper).isEqualTo(lower).isEqualTo(plain);
    }

    /**
     * A graph that does not refuse erased values keeps no tombstones (isErased is always false there);
     * absorbing or restoring data that holds some is refused naming the setting, and changes nothing,
     * rather than taking them in (they used to make isErased true while the value was still accepted).
     */
    @Test
    void tombstonesAreRefusedByAGraphThatKeepsNone() throws IOException {
        byte[] salt = "a salt of our own, sixteen+ bytes".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        IdentityGraph a = IdentityGraph.builder().tombstoneSalt(salt).refuseErased(true).build();
        Identifier x = Identifier.email("x@example.com");
        a.link(T, "crm", Identifier.account("A-1"), x);
        a.erase(T.plusSeconds(60), x);
        IdentityGraph b = IdentityGraph.builder().tombstoneSalt(salt).build();
        b.link(T, "web", Identifier.account("B-9"), Identifier.email("carol@example.com"));
        byte[] before = b.snapshotBytes();
        assertThatThrownBy(() -> b.absorb(a)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("refuseErased").hasMessageContaining("1 tombstones");
        assertThat(b.snapshotBytes()).isEqualTo(before);
        assertThat(b.isErased(x)).isFalse();
        Path file = dir.resolve("a.snap");
        a.snapshot(file);
        assertThatThrownBy(() -> b.restore(file)).hasMessageContaining("refuseErased");
        assertThat(b.snapshotBytes()).isEqualTo(before);
    }

    /** A value of 5 to 8 characters shows its first and last character only. */
    @Test
    void shortValuesShowOneCharacterAtEachEnd() {
        assertThat(Identifier.of(IdentifierType.ACCOUNT, "12345").toString()).isEqualTo("account:1***5");
        assertThat(Identifier.of(IdentifierType.ACCOUNT, "ABCDEFGH").toString()).isEqualTo("account:A******H");
        assertThat(Identifier.of(IdentifierType.ACCOUNT, "ABCDEFGHI").toString()).isEqualTo("account:AB*****HI");
        assertThat(Identifier.of(IdentifierType.ACCOUNT, "1234").toString()).isEqualTo("account:****");
    }
}
