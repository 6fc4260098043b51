package io.omnicanal.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Tombstones only work with the salt that made them: a snapshot or shard whose tombstones were
 * salted otherwise is refused, instead of silently letting erased values back in.
 */
class TombstoneSaltTest {
    private static final byte[] SALT_A = "salt-of-graph-a-0123456789".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] SALT_B = "salt-of-graph-b-0123456789".getBytes(StandardCharsets.US_ASCII);
    private static final Instant T = Instant.parse("2024-05-01T10:00:00Z");
    private static final Identifier ADA = Identifier.email("ada@example.com");
    private static final Identifier BOB = Identifier.email("bob@example.com");

    @TempDir
    Path dir;

    private static IdentityGraph graph(byte[] salt) {
        return IdentityGraph.builder().tombstoneSalt(salt).refuseErased(true).build();
    }

    private static IdentityGraph withErasedBob(byte[] salt) {
        IdentityGraph g = graph(salt);
        g.link(T, "crm", Identifier.account("A-1"), ADA);
        g.link(T.plusSeconds(60), "crm", Identifier.account("A-2"), BOB);
        g.erase(T.plusSeconds(120), BOB);
        return g;
    }

    @Test
    void aSnapshotWithTombstonesOfAnotherSaltIsRefusedAndChangesNothing() throws IOException {
        Path file = dir.resolve("a.snap");
        withErasedBob(SALT_A).snapshot(file);
        IdentityGraph b = graph(SALT_B);
        b.link(T, "web", Identifier.account("B-9"), Identifier.email("carol@example.com"));
        byte[] before = b.snapshotBytes();

        assertThatThrownBy(() -> b.restore(file)).isInstanceOf(CorruptSnapshotException.class)
                .hasMessageContaining("tombstoneSalt").hasMessageContaining("1 tombstones");
        assertThat(b.snapshotBytes()).isEqualTo(before);

        IdentityGraph same = graph(SALT_A);
        same.restore(file);
        assertThat(same.isErased(BOB)).isTrue();
        same.link(T.plusSeconds(300), "crm", Identifier.account("A-3"), BOB);
        assertThat(same.profileKey(BOB)).isEmpty();
        assertThat(same.conflicts()).extracting(Conflict::rule).containsExactly("erased");
    }

    @Test
    void absorbingAShardWithTombstonesOfAnotherSaltIsRefusedAndChangesNothing() {
        IdentityGraph b = graph(SALT_B);
        b.link(T, "web", Identifier.account("B-9"), ADA);
        byte[] before = b.snapshotBytes();

        assertThatThrownBy(() -> b.absorb(withErasedBob(SALT_A))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("tombstoneSalt");
        assertThat(b.snapshotBytes()).isEqualTo(before);

        IdentityGraph same = graph(SALT_A);
        same.absorb(withErasedBob(SALT_A));
        assertThat(same.isErased(BOB)).isTrue();
    }

    @Test
    void withoutTombstonesTheSaltDoesNotMatter() throws IOException {
        IdentityGraph a = graph(SALT_A);
        a.link(T, "crm", Identifier.account("A-1"), ADA);
        Path file = dir.resolve("plain.snap");
        a.snapshot(file);
        IdentityGraph b = graph(SALT_B);
        b.restore(file);
        assertThat(b.profiles()).isEqualTo(a.profiles());
        b.absorb(a);
        assertThat(b.profiles()).isEqualTo(a.profiles());
    }

    /**
     * A snapshot written by the previous release (format version 2, no salt fingerprint) with salt
     * "omnicanal-test-salt-0001" of: 10:00 web {cookie 3F2504E0-..., email ada@example.com};
     * 10:01 crm {account A-1, the same email}; 10:02 crm {account A-2, email bob@example.com};
     * 10:03 erase bob@example.com.
     */
    @Test
    void aVersionTwoSnapshotIsStillReadWithItsTombstones() throws IOException {
        Path file = dir.resolve("v2.snap");
        try (InputStream in = TombstoneSaltTest.class.getResourceAsStream("snapshot-v2-salted.snap")) {
            Files.write(file, in.readAllBytes());
        }
        assertThat(Files.readAllBytes(file)[11]).isEqualTo((byte) 2);
        byte[] salt = "omnicanal-test-salt-0001".getBytes(StandardCharsets.US_ASCII);
        IdentityGraph restored = IdentityGraph.builder().tombstoneSalt(salt).refuseErased(true).build();
        restored.restore(file);

        IdentityGraph fed = IdentityGraph.builder().tombstoneSalt(salt).refuseErased(true).build();
        fed.link(T, "web", Identifier.cookie("3F2504E0-4F89-11D3-9A0C-0305E82C3301"), ADA);
        fed.link(T.plusSeconds(60), "crm", Identifier.account("A-1"), ADA);
        fed.link(T.plusSeconds(120), "crm", Identifier.account("A-2"), BOB);
        fed.erase(T.plusSeconds(180), BOB);
        assertThat(restored.isErased(BOB)).isTrue();
        assertThat(restored.profiles()).isEqualTo(fed.profiles()).hasSize(2);
        // written again, it is version 3 with the fingerprint, byte for byte as the fed graph
        assertThat(restored.snapshotBytes()).isEqualTo(fed.snapshotBytes());
        assertThat(restored.snapshotBytes()[11]).isEqualTo((byte) 3);
    }
}
