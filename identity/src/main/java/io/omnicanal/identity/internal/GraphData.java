package io.omnicanal.identity.internal;

import io.omnicanal.identity.Conflict;
import java.util.List;
import java.util.OptionalLong;

/**
 * A self-contained, order-free copy of a graph's durable state: identifiers sorted by key,
 * sources sorted by name, events in the log's canonical order with members as indices into
 * the identifier list, refusals that never entered the graph, and tombstones. It is what a
 * snapshot file holds and what {@code absorb} merges. Immutable by convention.
 *
 * @param compatibility the writer's {@link Config#compatibility()}
 * @param saltFingerprint the writer's {@link Config#saltFingerprint()}; empty when read from a
 *        snapshot of format version 2 or older, which did not record it
 * @param typeNames type name per identifier
 * @param values UTF-8 stored value per identifier
 * @param sources source names, sorted
 * @param eventTime event times in epoch nanoseconds
 * @param eventSource event source indices
 * @param eventSequence the callers' sequence numbers of the events, 0 or more
 * @param eventStart member offsets, one more than events
 * @param eventMembers member identifier indices
 * @param preConflicts blocked and erased refusals, sorted
 * @param tombstones salted tombstone hashes, 32 bytes each, sorted
 */
public record GraphData(String compatibility, OptionalLong saltFingerprint, String[] typeNames, byte[][] values, String[] sources,
        long[] eventTime, int[] eventSource, long[] eventSequence, int[] eventStart, int[] eventMembers,
        List<Conflict> preConflicts, List<byte[]> tombstones) {
}
