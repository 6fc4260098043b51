package io.omnicanal.identity;

import java.time.Instant;

/**
 * Receives the profile changes of an {@link IdentityGraph}, so that state kept per profile key
 * elsewhere (segments, journeys, attribution paths) can follow. All methods default to doing
 * nothing.
 *
 * <p>Thread role: called synchronously by the thread that changed the graph, while it holds the
 * graph's write lock, after the change is complete and consistent. A listener may read the
 * graph; a call that would change it throws {@link IllegalStateException}. It should return
 * quickly. Events of one change arrive ordered by key. An exception thrown by a listener does not
 * stop the delivery: every listener is given every event of the change, then the call that made
 * the change throws {@link ListenerFailedException} (the change stands).
 */
public interface IdentityListener {

    /**
     * Profile {@code loser} now lives under {@code winner}: two profiles merged, or a profile's
     * canonical identifier changed (a higher-priority identifier joined, or the canonical one was
     * erased). Move state kept under {@code loser} to {@code winner}.
     *
     * @param loser the key that no longer names a profile
     * @param winner the key of the profile that holds the loser's identifiers
     * @param time the time of the link (or of the erasure) that caused it
     */
    default void merged(long loser, long winner, Instant time) {
    }

    /**
     * Profile {@code old} fell apart into several profiles (an erasure or an out-of-order
     * replay removed what held it together).
     *
     * @param old the key of the profile that was split; it may be one of {@code newKeys}
     * @param newKeys the keys of the profiles that hold its remaining identifiers, ascending
     * @param time the time of the change
     */
    default void split(long old, long[] newKeys, Instant time) {
    }

    /**
     * Profile {@code key} no longer exists: every identifier in it was erased.
     *
     * @param key the erased profile's key
     * @param time the time given to the erasure
     */
    default void erased(long key, Instant time) {
    }

    /**
     * An identifier of a link was refused.
     *
     * @param conflict what was refused and why
     */
    default void conflict(Conflict conflict) {
    }
}
