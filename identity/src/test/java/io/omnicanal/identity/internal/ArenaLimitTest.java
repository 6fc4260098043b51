package io.omnicanal.identity.internal;

import io.omnicanal.identity.Identifier;
import io.omnicanal.identity.IdentityGraph;
import io.omnicanal.identity.Link;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A link whose new values would not fit the value arena fails whole, before any change: it used to
 * intern its first values, then throw on the one that did not fit, leaving identifiers with no link
 * in the graph and its snapshots. The package-private limit stands in for the 2 GiB one.
 */
class ArenaLimitTest {
    private static final Instant T = Instant.parse("2026-03-01T10:00:00Z");

    /** Runs {@code body} with the arena limited to {@code limit} bytes, then restores the limit. */
    private static void withArenaLimit(long limit, Runnable body) {
        long saved = IdentifierTable.arenaLimit;
        try {
            IdentifierTable.arenaLimit = limit;
            body.run();
        } finally {
            IdentifierTable.arenaLimit = saved;
        }
    }

    /** A graph holding 18 bytes of values (an email and an account). */
    private static IdentityGraph holding18Bytes() {
        IdentityGraph g = IdentityGraph.builder().build();
        g.link(T, "web", Identifier.email("ada@example.com"), Identifier.account("A-1"));
        return g;
    }

    @Test
    void aLinkWhoseValuesDoNotFitChangesNothing() {
        IdentityGraph g = holding18Bytes();
        byte[] before = g.snapshotBytes();
        int identifiers = g.identifierCount();
        // room for the cookie (16 bytes stored, 36 staged) but not for the cookie and the email
        withArenaLimit(20 + 36 + 10, () -> {
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
        });
    }

    /** Two links that each fit the arena but not together: a linkAll batch fails whole, before any change. */
    @Test
    void aBatchWhoseLinksFitOneByOneButNotTogetherChangesNothing() {
        IdentityGraph g = holding18Bytes();
        byte[] before = g.snapshotBytes();
        List<Link> batch = List.of(
                new Link(T.plusSeconds(1), "shop", 0, List.of(Identifier.email("first.new.address@example.com"),
                        Identifier.account("A-1"))),
                new Link(T.plusSeconds(2), "shop", 0, List.of(Identifier.email("other.new.address@example.com"),
                        Identifier.account("A-1"))));
        withArenaLimit(18 + 29 + 10, () -> { // each new email takes 29 bytes
            assertThatThrownBy(() -> g.linkAll(batch)).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("links[1]").hasMessageContaining("arena full");
            assertThat(g.snapshotBytes()).isEqualTo(before);
            g.linkAll(batch.subList(0, 1)); // one of them fits
            assertThat(g.identifierCount()).isEqualTo(3);
        });
    }
}
