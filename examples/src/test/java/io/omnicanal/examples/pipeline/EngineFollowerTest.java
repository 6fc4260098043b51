package io.omnicanal.examples.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import io.omnicanal.journeys.Action;
import io.omnicanal.journeys.Channel;
import io.omnicanal.journeys.JourneyEngine;
import io.omnicanal.segmentation.SegmentEngine;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Identity merges carried to segments and journeys, on the bundled definitions: a lapsed customer
 * with e-mail consent is in the win-back journey (entered on the segment {@code win-back-target},
 * 90-day cool-down: one "we-miss-you" and, 14 days later, one "win-back-15" per person), and is
 * then merged into another profile. The person must not start the journey over.
 */
class EngineFollowerTest {
    private static final Instant T0 = Instant.parse("2025-01-06T10:00:00Z");
    private static final long LOSER = 1;

    private final SegmentEngine segments = SegmentEngine.create(Definitions.segments(), T0);
    private final JourneySink sink = new JourneySink();
    private final JourneyEngine journeys = Definitions.journeys(T0, sink, sink);
    private final EngineFollower follow = new EngineFollower(segments, journeys, null);

    private void reachableWithConsent(long key) {
        follow.toJourneys(segments.setTraits(key, Map.of("consent_email", "true")));
        journeys.setReachable(key, Channel.EMAIL, true);
        journeys.setConsent(key, Channel.EMAIL, "marketing", true);
    }

    private void advance(Instant t) {
        follow.toJourneys(segments.advanceTo(t));
        journeys.advanceTo(t);
    }

    /** The loser bought once on day 0; on day 121 it is lapsed and gets "we-miss-you". */
    private Instant lapsedLoserInWinBack() {
        reachableWithConsent(LOSER);
        follow.toJourneys(segments.onEvent(LOSER, T0, "purchase", "web", "desktop", 50, Map.of()));
        Instant lapsed = T0.plus(Duration.ofDays(121));
        advance(lapsed);
        assertThat(winBack()).extracting(Action::profile, Action::message).containsExactly(
                org.assertj.core.groups.Tuple.tuple(LOSER, "we-miss-you"));
        return lapsed;
    }

    private List<Action> winBack() {
        return sink.sent.stream().filter(a -> a.journey().equals("win-back")).toList();
    }

    @Test
    void aMergeIntoAReachableProfileDoesNotRestartTheJourney() {
        Instant lapsed = lapsedLoserInWinBack();
        long winner = 2;
        reachableWithConsent(winner);
        follow.toJourneys(segments.onEvent(winner, lapsed.plus(Duration.ofHours(1)), "view", "web", "tablet", 0, Map.of()));
        Instant merge = lapsed.plus(Duration.ofDays(2));
        advance(merge);
        follow.merged(LOSER, winner, merge);
        assertThat(segments.isMember(winner, "win-back-target")).isTrue();
        advance(merge.plus(Duration.ofDays(30)));
        // one run of the journey for the person: the first message under the old key, the second
        // under the new one, 14 days after the first, not a second "we-miss-you" at the merge
        assertThat(winBack()).extracting(Action::profile, Action::message).containsExactly(
                org.assertj.core.groups.Tuple.tuple(LOSER, "we-miss-you"),
                org.assertj.core.groups.Tuple.tuple(winner, "win-back-15"));
        assertThat(winBack().get(1).time()).isBefore(merge.plus(Duration.ofDays(14)));
    }

    @Test
    void aReKeyKeepsTheRunningStayAndItsTimer() {
        Instant lapsed = lapsedLoserInWinBack();
        long newKey = 3;
        Instant merge = lapsed.plus(Duration.ofDays(5));
        advance(merge);
        follow.merged(LOSER, newKey, merge);
        advance(merge.plus(Duration.ofDays(30)));
        assertThat(winBack()).extracting(Action::profile, Action::message).containsExactly(
                org.assertj.core.groups.Tuple.tuple(LOSER, "we-miss-you"),
                org.assertj.core.groups.Tuple.tuple(newKey, "win-back-15"));
        // the stay that started on day 121 goes on: its second message is due 14 days after the first
        assertThat(winBack().get(1).time()).isBefore(merge.plus(Duration.ofDays(14)));
        assertThat(journeys.positions(LOSER)).isEmpty();
    }
}
