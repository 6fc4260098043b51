package io.omnicanal.identity;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * A record that some identifiers were seen together, for batch ingestion with
 * {@link IdentityGraph#linkAll(java.util.Collection)}.
 *
 * @param time when they were seen together, never null
 * @param source where (a system, a channel, a shop), never null or blank
 * @param sequence the caller's tie-break among links of one source at one instant, 0 or more
 *     (for example the line number of the record in its file; see
 *     {@link IdentityGraph#link(Instant, String, long, Identifier...)})
 * @param identifiers one or more identifiers; copied, unmodifiable
 */
public record Link(Instant time, String source, long sequence, List<Identifier> identifiers) {

    /**
     * Checks for nulls and a negative sequence, and copies the list.
     *
     * @throws IllegalArgumentException if {@code sequence} is negative
     */
    public Link {
        Objects.requireNonNull(time, "time");
        Objects.requireNonNull(source, "source");
        if (sequence < 0) {
            throw new IllegalArgumentException("sequence must be 0 or more, was " + sequence);
        }
        Objects.requireNonNull(identifiers, "identifiers");
        for (int i = 0; i < identifiers.size(); i++) {
            if (identifiers.get(i) == null) {
                throw new NullPointerException("identifiers[" + i + "] is null");
            }
        }
        identifiers = List.copyOf(identifiers);
    }

    /**
     * A link with sequence 0.
     *
     * @param time the time
     * @param source the source
     * @param identifiers the identifiers
     */
    public Link(Instant time, String source, List<Identifier> identifiers) {
        this(time, source, 0L, identifiers);
    }

    /**
     * Convenience factory, sequence 0.
     *
     * @param time the time
     * @param source the source
     * @param identifiers the identifiers
     * @return the link
     */
    public static Link of(Instant time, String source, Identifier... identifiers) {
        return new Link(time, source, 0L, java.util.Arrays.asList(Objects.requireNonNull(identifiers, "identifiers")));
    }

    /**
     * Convenience factory with a sequence number.
     *
     * @param time the time
     * @param source the source
     * @param sequence the tie-break within (time, source), 0 or more
     * @param identifiers the identifiers
     * @return the link
     */
    public static Link of(Instant time, String source, long sequence, Identifier... identifiers) {
        return new Link(time, source, sequence, java.util.Arrays.asList(Objects.requireNonNull(identifiers, "identifiers")));
    }
}
