package io.omnicanal.examples.pipeline;

import io.omnicanal.identity.IdentityListener;
import io.omnicanal.journeys.JourneyEngine;
import io.omnicanal.segmentation.SegmentChange;
import io.omnicanal.segmentation.SegmentEngine;
import java.time.Instant;
import java.util.List;

/**
 * Keeps the segment and journey engines keyed as identity keys profiles: a merge moves the loser's
 * state to the winner in both, a split or an erasure drops the old key's state. Segment changes go
 * on to the journeys.
 *
 * <p>Order on a merge: journeys merge first, so that the winner has the loser's stays, entry
 * histories, caps, sent messages and memberships before it hears of the merged profile's segment
 * entries. Otherwise a segment entry of the merged profile would start a fresh stay in a journey the
 * loser was already in (a second win-back message, with the caps and redundancy rules blind to the
 * loser's sends), and the loser's stay would then be ended as a duplicate. After the merge the
 * loser's key no longer exists in journeys, so its exits are not passed on (they would re-create
 * it); where the merged profile does not keep a membership that the loser brought, the winner
 * leaves that segment. Not thread-safe: called by the identity graph's writing thread.
 */
final class EngineFollower implements IdentityListener {
    private final SegmentEngine segments;
    private final JourneyEngine journeys;
    private final RowOutcomes outcomes;
    /** Merges reported. */
    long merges;

    EngineFollower(SegmentEngine segments, JourneyEngine journeys, RowOutcomes outcomes) {
        this.segments = segments;
        this.journeys = journeys;
        this.outcomes = outcomes;
    }

    /** Passes segment changes on to the journeys. */
    void toJourneys(List<SegmentChange> changes) {
        for (SegmentChange c : changes) {
            journeys.onSegmentChange(c.profile(), c.segment(), c.entered(), c.time());
        }
    }

    @Override
    public void merged(long loser, long winner, Instant time) {
        merges++;
        if (outcomes != null) {
            outcomes.moved(loser, winner);
        }
        List<SegmentChange> changes = segments.merge(loser, winner);
        journeys.merge(loser, winner, time);
        for (SegmentChange c : changes) {
            if (c.profile() == winner) {
                journeys.onSegmentChange(winner, c.segment(), c.entered(), c.time());
            } else if (!c.entered() && !segments.isMember(winner, c.segment())) {
                journeys.onSegmentChange(winner, c.segment(), false, c.time());
            }
        }
    }

    @Override
    public void split(long old, long[] newKeys, Instant time) {
        // Only an erasure or an out-of-order link splits a profile; this run links in time order and
        // applies erasures before it starts, so the old key's state is dropped rather than guessed
        // apart (the rows of the new profiles arrive under their keys).
        toJourneys(segments.erase(old));
        journeys.erase(old);
    }

    @Override
    public void erased(long key, Instant time) {
        toJourneys(segments.erase(key));
        journeys.erase(key);
    }
}
