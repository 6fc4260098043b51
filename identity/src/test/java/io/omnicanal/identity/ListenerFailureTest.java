package io.omnicanal.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * A listener that throws must not keep the change from the other listeners (review of session 8,
 * finding 4): the pending events were cleared before delivery and the first exception ended it, so
 * a second listener never heard of a merge the graph had made, and the caller could not tell that
 * the link was recorded. Expected events are worked out by hand: an anonymous cookie profile, then a
 * link of the cookie with an account merges the cookie's profile into the account's (account has
 * the higher priority) and refuses the blocked value {@code anonymous}.
 */
class ListenerFailureTest {
    private static final Instant T = Instant.parse("2025-01-01T00:00:00Z");
    private static final Identifier COOKIE = Identifier.cookie("11111111-2222-3333-4444-555555555555");
    private static final Identifier ACCOUNT = Identifier.account("C-1");

    @Test
    void everyListenerGetsEveryEventAndTheCallSaysTheChangeStands() {
        RecordingListener before = new RecordingListener();
        RecordingListener after = new RecordingListener();
        IdentityGraph g = IdentityGraph.builder()
                .listener(before)
                .listener(new IdentityListener() {
                    @Override
                    public void conflict(Conflict c) {
                        throw new IllegalStateException("audit log down");
                    }

                    @Override
                    public void merged(long loser, long winner, Instant time) {
                        throw new IllegalArgumentException("segment store down");
                    }
                })
                .listener(after)
                .build();
        long cookieProfile = g.link(T, "web", COOKIE);
        assertThatThrownBy(() -> g.link(T.plusSeconds(1), "web", COOKIE, ACCOUNT, Identifier.account("anonymous")))
                .isInstanceOf(ListenerFailedException.class)
                .hasMessageContaining("do not retry")
                .hasMessageContaining("1 more listener calls threw")
                .hasCauseInstanceOf(IllegalStateException.class)
                .satisfies(e -> assertThat(e.getCause().getSuppressed()).hasSize(1));
        long accountProfile = g.keyOf(ACCOUNT);
        assertThat(g.linkCount()).isEqualTo(2);
        assertThat(g.profileKey(COOKIE)).hasValue(accountProfile);
        for (RecordingListener l : new RecordingListener[] {before, after}) {
            assertThat(l.events).containsExactly("merged " + cookieProfile + " -> " + accountProfile + " @" + T.plusSeconds(1));
            assertThat(l.conflicts).extracting(Conflict::rule).containsExactly("blocked");
        }
    }

    @Test
    void aListenerThatChangesTheGraphIsRefusedAndTheGraphKeepsOnlyTheOriginalChange() {
        IdentityGraph[] graph = new IdentityGraph[1];
        RecordingListener after = new RecordingListener();
        graph[0] = IdentityGraph.builder()
                .listener(new IdentityListener() {
                    @Override
                    public void merged(long loser, long winner, Instant time) {
                        graph[0].link(time, "listener", Identifier.email("echo@example.org"));
                    }
                })
                .listener(after)
                .build();
        IdentityGraph g = graph[0];
        g.link(T, "web", COOKIE);
        assertThatThrownBy(() -> g.link(T.plusSeconds(1), "web", COOKIE, ACCOUNT))
                .isInstanceOf(ListenerFailedException.class)
                .hasCauseInstanceOf(IllegalStateException.class)
                .cause().hasMessageContaining("must not change the graph");
        assertThat(g.linkCount()).isEqualTo(2);
        assertThat(g.identifierCount()).isEqualTo(2);
        assertThat(after.events).hasSize(1);
    }
}
