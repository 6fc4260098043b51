package io.omnicanal.identity;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A windowed limit on a type stops only joins that add identifiers of that type (review of session 8,
 * finding 1): an old cookie of a profile seen again brings its count inside the window above the limit
 * without any join, and the profile used to refuse every later link, whatever its types, as
 * {@code limit:cookie}. Expected profiles are worked out by hand from the documented rule.
 */
class WindowedLimitTest {
    private static final Instant D0 = Instant.parse("2025-01-01T00:00:00Z");
    private static final Identifier A = Identifier.cookie("11111111-2222-3333-4444-555555555555");
    private static final Identifier B = Identifier.cookie("21111111-2222-3333-4444-555555555555");
    private static final Identifier C = Identifier.cookie("31111111-2222-3333-4444-555555555555");
    private static final Identifier E = Identifier.email("jane@example.org");
    private static final Identifier PHONE = Identifier.phone("+14155552671");
    private static final Identifier ACCOUNT = Identifier.account("C-1");

    private static Instant day(int d) {
        return D0.plus(Duration.ofDays(d));
    }

    /** One cookie a week; A on day 0, B on day 10 (A outside the window), A seen again on day 11. */
    private static IdentityGraph twoCookiesInsideTheWindow() {
        IdentityGraph g = IdentityGraph.builder().limit(IdentifierType.COOKIE, 1, Duration.ofDays(7)).build();
        g.link(day(0), "web", A, E);
        g.link(day(10), "web", B, E);
        g.link(day(11), "web", A, E);
        assertThat(g.conflicts()).isEmpty();
        return g;
    }

    @Test
    void linksWithoutACookieStillJoinAProfileAboveItsCookieWindow() {
        IdentityGraph g = twoCookiesInsideTheWindow();
        g.link(day(12), "crm", E, PHONE);
        g.link(day(12), "crm", E, ACCOUNT);
        assertThat(g.conflicts()).isEmpty();
        assertThat(g.profileCount()).isEqualTo(1);
        assertThat(g.profileKey(ACCOUNT)).isEqualTo(g.profileKey(A));
    }

    @Test
    void aMemberSeenAgainWithANewIdentifierOfAnotherTypeIsNotRefused() {
        IdentityGraph g = twoCookiesInsideTheWindow();
        g.link(day(11).plusSeconds(60), "app", A, PHONE);
        assertThat(g.conflicts()).isEmpty();
        assertThat(g.profileKey(PHONE)).isEqualTo(g.profileKey(E));
    }

    @Test
    void aNewCookieIsStillRefusedWhileTheWindowHoldsOne() {
        IdentityGraph g = IdentityGraph.builder().limit(IdentifierType.COOKIE, 1, Duration.ofDays(7)).build();
        g.link(day(0), "web", A, E);
        g.link(day(3), "web", C, E);
        assertThat(g.conflicts()).extracting(Conflict::rule, Conflict::value)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("limit:cookie", C.value()));
        // and a join of two profiles that each hold a cookie inside the window is refused too
        g.link(day(4), "web", B, PHONE);
        g.link(day(5), "crm", E, PHONE);
        assertThat(g.profileKey(PHONE)).isNotEqualTo(g.profileKey(E));
        assertThat(g.conflicts()).extracting(Conflict::rule).containsExactly("limit:cookie", "limit:cookie");
        // once A has left the window, the same join goes through
        g.link(day(12), "crm", E, PHONE);
        assertThat(g.profileKey(PHONE)).isEqualTo(g.profileKey(E));
        assertThat(List.of(g.profileKey(A), g.profileKey(B), g.profileKey(PHONE))).containsOnly(g.profileKey(E));
        assertThat(g.profileKey(C)).isNotEqualTo(g.profileKey(E));
        assertThat(g.profile(g.profileKey(E).getAsLong()).orElseThrow().identifiers()).hasSize(4);
    }
}
