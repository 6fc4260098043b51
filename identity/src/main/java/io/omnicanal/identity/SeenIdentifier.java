package io.omnicanal.identity;

import java.time.Instant;
import java.util.Objects;

/**
 * An identifier of a profile with the times of its first and last accepted sighting.
 *
 * @param identifier the identifier in stored form ({@link Identifier.Form#NORMALIZED}, or
 *     {@link Identifier.Form#SHA256} for types stored hashed)
 * @param firstSeen time of the earliest link that carried it
 * @param lastSeen time of the latest link that carried it
 */
public record SeenIdentifier(Identifier identifier, Instant firstSeen, Instant lastSeen) {

    /** Checks that no component is null. */
    public SeenIdentifier {
        Objects.requireNonNull(identifier, "identifier");
        Objects.requireNonNull(firstSeen, "firstSeen");
        Objects.requireNonNull(lastSeen, "lastSeen");
    }
}
