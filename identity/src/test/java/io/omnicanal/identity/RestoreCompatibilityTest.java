package io.omnicanal.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Restore and absorb bring in only what a link into this graph could have brought (review of
 * session 8, finding 3): data written under other email rules, a value this graph blocks, or one it
 * erased and refuses, used to come in silently (two profiles where one graph fed every link makes
 * one; a blocked shop card gluing strangers again; an erased person back). Each is refused naming
 * the cause, and the graph is left as it was.
 */
class RestoreCompatibilityTest {
    private static final Instant T = Instant.parse("2025-01-01T00:00:00Z");

    @TempDir
    Path dir;

    @Test
    void graphsWithOtherEmailRulesAreRefusedInBothDirections() throws Exception {
        IdentityGraph gmail = IdentityGraph.builder().gmailRules(true).build();
        IdentityGraph plain = IdentityGraph.builder().build();
        gmail.link(T, "crm", Identifier.email("Jane.Doe@gmail.com"), Identifier.account("C-1"));
        plain.link(T, "web", Identifier.email("jane.doe@gmail.com"), Identifier.cookie("11111111-2222-3333-4444-555555555555"));
        byte[] gmailBefore = gmail.snapshotBytes();
        byte[] plainBefore = plain.snapshotBytes();
        assertThatThrownBy(() -> gmail.absorb(plain)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("email-rules=plain").hasMessageContaining("email-rules=gmail");
        assertThatThrownBy(() -> plain.absorb(gmail)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("incompatible configuration");
        Path file = dir.resolve("gmail.snap");
        gmail.snapshot(file);
        assertThatThrownBy(() -> plain.restore(file)).hasMessageContaining("incompatible configuration");
        assertThat(gmail.snapshotBytes()).isEqualTo(gmailBefore);
        assertThat(plain.snapshotBytes()).isEqualTo(plainBefore);
        // the same rules on both sides: one profile, as one graph fed both links
        IdentityGraph gmail2 = IdentityGraph.builder().gmailRules(true).build();
        gmail2.link(T, "web", Identifier.email("janedoe+news@googlemail.com"), Identifier.cookie("11111111-2222-3333-4444-555555555555"));
        gmail.absorb(gmail2);
        assertThat(gmail.profileCount()).isEqualTo(1);
    }

    @Test
    void aValueThisGraphBlocksIsRefusedOnRestore() throws Exception {
        IdentityGraph writer = IdentityGraph.builder().build();
        writer.link(T, "pos", Identifier.of(IdentifierType.LOYALTY, "SHOP-0001"), Identifier.email("a@example.org"));
        writer.link(T, "pos", Identifier.of(IdentifierType.LOYALTY, "SHOP-0001"), Identifier.email("b@example.org"));
        assertThat(writer.profileCount()).isEqualTo(1);
        Path file = dir.resolve("w.snap");
        writer.snapshot(file);
        IdentityGraph reader = IdentityGraph.builder().block(IdentifierType.LOYALTY, "shop 0001").build();
        reader.link(T, "crm", Identifier.email("c@example.org"));
        byte[] before = reader.snapshotBytes();
        assertThatThrownBy(() -> reader.restore(file)).hasMessageContaining("loyalty").hasMessageContaining("blocked");
        assertThatThrownBy(() -> reader.absorb(writer)).hasMessageContaining("blocked");
        assertThat(reader.snapshotBytes()).isEqualTo(before);
    }

    @Test
    void aValueThisGraphErasedIsRefusedWhenItRefusesErasedValues() {
        byte[] salt = "a secret salt of this brand".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        IdentityGraph a = IdentityGraph.builder().refuseErased(true).tombstoneSalt(salt).build();
        IdentityGraph b = IdentityGraph.builder().refuseErased(true).tombstoneSalt(salt).build();
        // an erased value whose key is not the smallest, so that shard identifiers sort (by key) before it
        Identifier jane = null;
        for (int i = 0; jane == null; i++) {
            Identifier candidate = Identifier.email("jane" + i + "@example.org");
            jane = a.keyOf(candidate) > 0 ? candidate : null;
        }
        a.link(T, "crm", jane, Identifier.account("C-1"));
        a.erase(T.plusSeconds(1), jane);
        b.link(T, "web", jane, Identifier.cookie("11111111-2222-3333-4444-555555555555"));
        for (int i = 0; i < 20; i++) {
            b.link(T, "web", Identifier.email("other" + i + "@example.org"));
        }
        long janeKey = a.keyOf(jane);
        assertThat(java.util.stream.IntStream.range(0, 20)
                .mapToLong(i -> a.keyOf(Identifier.email("other" + i + "@example.org"))).filter(k -> k < janeKey).count())
                .as("shard identifiers sorting before the erased one").isPositive();
        int identifiersBefore = a.identifierCount();
        byte[] before = a.snapshotBytes();
        assertThatThrownBy(() -> a.absorb(b)).hasMessageContaining("email").hasMessageContaining("erased");
        assertThat(a.snapshotBytes()).isEqualTo(before);
        assertThat(a.identifierCount()).isEqualTo(identifiersBefore);
        assertThat(a.profileKey(Identifier.email("other0@example.org"))).isEmpty();
        assertThat(a.profileKey(jane)).isEmpty();
    }

    @Test
    void aBlockedValueTheNormaliserRefusesIsRefusedAtBuild() {
        assertThatThrownBy(() -> IdentityGraph.builder().block(IdentifierType.EMAIL, "shop@counter").build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("block").hasMessageContaining("email");
    }

    @Test
    void theSnapshotOfAGraphWithoutGmailRulesStillHoldsItsRules() throws Exception {
        Path file = dir.resolve("p.snap");
        IdentityGraph.builder().build().snapshot(file);
        assertThat(new String(Files.readAllBytes(file), java.nio.charset.StandardCharsets.ISO_8859_1))
                .contains("email-rules=plain");
    }
}
