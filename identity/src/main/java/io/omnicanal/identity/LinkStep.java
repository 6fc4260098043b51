package io.omnicanal.identity;

import java.time.Instant;
import java.util.Objects;

/**
 * One hop of an explanation: the link that put two identifiers together.
 *
 * @param time the link's time
 * @param source the link's source
 * @param sequence the link's sequence number (0 when the caller gave none)
 * @param from the identifier the hop starts from, in stored form
 * @param to the identifier the hop reaches, in stored form
 */
public record LinkStep(Instant time, String source, long sequence, Identifier from, Identifier to) {

    /** Checks that no component is null. */
    public LinkStep {
        Objects.requireNonNull(time, "time");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
    }
}
