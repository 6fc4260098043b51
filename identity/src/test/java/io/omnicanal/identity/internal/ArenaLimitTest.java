package io.omnicanal.identity.internal;

import io.omnicanal.identity.Identifier;
import io.omnicanal.identity.IdentityGraph;
import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A link whose new values would not fit the value arena fails whole, before any change: it used to
 * intern its first values, then throw on the one that did not fit, leaving identifiers with no link
 * in the graph and its snapshots. The package-private limit stands in for the 2 GiB one.
 */
class ArenaLimitTest {
    private static final Instant T = Instant.parse("2026-03-01T10:00:00Z");

    @Test
    void aLinkWhoseValuesDoNotFitChangesNothing() {
        long saved = IdentifierTable.arenaLimit;
        try {
            IdentityGraph g = IdentityGraph.builder().build();
            g.link(T, "web", Identifier.email("ada@example.com"), Identifier.account("A-1"));
            byte[] before = g.snapshotBytes();
            int identifiers = g.identifierCount();
            // room for the cookie (16 bytes stored, 36 staged) but not for the cookie and the email
            IdentifierTable.arenaLimit = 20 + 36 + 10;
            Identifier cookie = Identifier.cookie("3f2504e0-4f89-11d3-9a0c-0305e82c3301");
            Identifier email = Identifier.email("a.rather.long.address.that.does.not.fit@example.com");
            assertThatThrownBy(() -> g.link(T.plusSeconds(1), "shop", cookie, email))
                    .isInstanceOf(IllegalStateException.class).hasMessageContaining("arena full")
                    .hasMessageContaining("nothing was changed");
            assertThat(g.identifierCount()).isEqualTo(identifiers);
            assertThat(g.snapshotBytes()).isEqualTo(before);
            assertThat(g.profileKey(cookie)).isEmpty();
            // values that fit still go in, and known values need no room at all
            g.link(T.plusSeconds(2), "shop", cookie, Identifier.account("A-1"));
            assertThat(g.profileKey(cookie)).isEqualTo(g.profileKey(Identifier.account("A-1")));
        } finally {
            IdentifierTable.arenaLimit = saved;
        }
    }
}
