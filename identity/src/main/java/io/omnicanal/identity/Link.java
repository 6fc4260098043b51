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
 * @param identifiers one or more identifiers; copied, unmodifiable
 */
public record Link(Instant time, String source, List<Identifier> identifiers) {

    /** Checks for nulls and copies the list. */
    public Link {
        Objects.requireNonNull(time, "time");
        Objects.requireNonNull(source, "source");
        identifiers = List.copyOf(Objects.requireNonNull(identifiers, "identifiers"));
    }

    /**
     * Convenience factory.
     *
     * @param time the time
     * @param source the source
     * @param identifiers the identifiers
     * @return the link
     */
    public static Link of(Instant time, String source, Identifier... identifiers) {
        return new Link(time, source, List.of(identifiers));
    }
}
