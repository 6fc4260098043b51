package io.omnicanal.identity.internal;

import io.omnicanal.identity.Conflict;
import io.omnicanal.identity.Identifier;
import io.omnicanal.identity.IdentifierType;
import io.omnicanal.identity.IdentityGraph;
import org.junit.jupiter.api.Test;

import java.lang.reflect.Field;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Data written before this session's changes, rebuilt from a graph's own export: refusals carrying the
 * older mask of a short value, and tombstones with no salt fingerprint (files from before session 8).
 */
class OlderDataTest {
    private static final Instant T = Instant.parse("2026-03-01T10:00:00Z");

    private static Object field(Object o, String name) throws ReflectiveOperationException {
        Field f = o.getClass().getDeclaredField(name);
        f.setAccessible(true);
        return f.get(o);
    }

    private static GraphData with(GraphData d, OptionalLong fingerprint, List<Conflict> pre) {
        return new GraphData(d.compatibility(), fingerprint, d.typeNames(), d.values(), d.sources(), d.eventTime(),
                d.eventSource(), d.eventSequence(), d.eventStart(), d.eventMembers(), pre, d.tombstones());
    }

    /** An erasure drops a refusal that shows the value's mask as written before session 9 ("12*45"). */
    @Test
    void erasureDropsRefusalsCarryingTheOlderMask() throws ReflectiveOperationException {
        IdentityGraph g = IdentityGraph.builder().block(IdentifierType.ACCOUNT, "12345").build();
        g.link(T, "crm", Identifier.account("12345"), Identifier.email("ada@example.com"));
        Engine live = (Engine) field(g, "engine");
        GraphData d = live.export();
        assertThat(d.preConflicts()).extracting(Conflict::value).containsExactly("1***5");
        List<Conflict> older = new ArrayList<>();
        for (Conflict c : d.preConflicts()) {
            older.add(new Conflict(c.time(), c.source(), c.rule(), c.type(), "12*45", c.refusedProfileKey(), c.profileKey()));
        }
        Engine restored = Engine.fromData((Config) field(g, "cfg"), with(d, d.saltFingerprint(), older));
        assertThat(restored.conflicts()).extracting(Conflict::value).containsExactly("12*45");
        restored.erase(List.of(Identifier.account("12345")), T.plusSeconds(60));
        assertThat(restored.conflicts()).extracting(Conflict::value).doesNotContain("12*45");
    }

    /**
     * Tombstones of files written before session 8 carry no salt fingerprint (they were made under the
     * library's public salt): a graph that does not refuse erased values restores such data and keeps
     * none of them; fingerprinted tombstones are refused by such a graph, naming refuseErased.
     */
    @Test
    void olderTombstonesAreLeftOutByAGraphThatKeepsNone() throws ReflectiveOperationException {
        byte[] salt = "a salt of our own, sixteen+ bytes".getBytes(StandardCharsets.UTF_8);
        IdentityGraph a = IdentityGraph.builder().tombstoneSalt(salt).refuseErased(true).build();
        a.link(T, "crm", Identifier.account("A-1"), Identifier.email("x@example.com"));
        a.erase(T.plusSeconds(60), Identifier.email("x@example.com"));
        GraphData d = ((Engine) field(a, "engine")).export();
        assertThat(d.tombstones()).hasSize(1);
        Config plain = (Config) field(IdentityGraph.builder().tombstoneSalt(salt).build(), "cfg");
        assertThatThrownBy(() -> Engine.fromData(plain, d)).hasMessageContaining("refuseErased");
        Engine restored = Engine.fromData(plain, with(d, OptionalLong.empty(), d.preConflicts()));
        assertThat(restored.export().tombstones()).isEmpty();
        assertThat(restored.isErased(Identifier.email("x@example.com"))).isFalse();
    }
}
