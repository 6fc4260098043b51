package io.omnicanal.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * What an erasure leaves behind (review of session 8, findings 5, 6 and 9): under the default
 * settings a salted tombstone (of a public salt) let anyone check a guessed address against a
 * snapshot; a blocked value's masked refusal and a source used only by the erased person's links
 * outlived the erasure; null identifiers failed without saying which.
 */
class ErasureTraceTest {
    private static final Instant T = Instant.parse("2025-01-01T00:00:00Z");

    private static String text(IdentityGraph g) {
        return new String(g.snapshotBytes(), StandardCharsets.ISO_8859_1);
    }

    @Test
    void noTombstoneIsKeptUnlessErasedValuesAreRefused() {
        IdentityGraph g = IdentityGraph.builder().build();
        IdentityGraph never = IdentityGraph.builder().build();
        Identifier jane = Identifier.email("jane.roe@example.org");
        Identifier cookie = Identifier.cookie("11111111-2222-3333-4444-555555555555");
        g.link(T, "web", jane, cookie);
        never.link(T, "web", cookie);
        g.erase(T.plusSeconds(5), jane);
        assertThat(g.snapshotBytes()).isEqualTo(never.snapshotBytes());
    }

    @Test
    void theRefusalOfAnErasedBlockedValueAndItsOnlySourceGo() {
        IdentityGraph g = IdentityGraph.builder().blockPattern(IdentifierType.EMAIL, ".*@competitor\\.com").build();
        Identifier jane = Identifier.email("jane@competitor.com");
        Identifier phone = Identifier.phone("+33612345678");
        g.link(T, "kiosk-berlin-jane", jane, phone);
        g.link(T, "crm", Identifier.email("bob@example.org"));
        assertThat(g.conflicts()).extracting(Conflict::rule).containsExactly("blocked");
        assertThat(text(g)).contains("j***@competitor.com").contains("kiosk-berlin-jane");
        g.erase(T.plusSeconds(5), jane, phone);
        assertThat(g.conflicts()).isEmpty();
        assertThat(text(g)).doesNotContain("competitor").doesNotContain("kiosk-berlin-jane");
        assertThat(g.profileCount()).isEqualTo(1);
    }

    @Test
    void nullIdentifiersAreNamedAndChangeNothing() {
        IdentityGraph g = IdentityGraph.builder().build();
        Identifier a = Identifier.email("a@example.org");
        g.link(T, "web", a);
        byte[] before = g.snapshotBytes();
        assertThatThrownBy(() -> g.link(T, "web", a, null)).isInstanceOf(NullPointerException.class)
                .hasMessage("identifiers[1] is null");
        assertThatThrownBy(() -> g.erase(T, a, null)).isInstanceOf(NullPointerException.class)
                .hasMessage("ids[1] is null");
        assertThatThrownBy(() -> Link.of(T, "web", a, null))
                .isInstanceOf(NullPointerException.class).hasMessage("identifiers[1] is null");
        assertThat(g.snapshotBytes()).isEqualTo(before);
        assertThat(g.profileKey(a)).isPresent();
        assertThat(List.of(g.identifierCount(), g.linkCount())).containsExactly(1, 1);
    }
}
