package io.omnicanal.identity;

import io.omnicanal.identity.internal.Masking;
import java.time.Instant;
import java.util.Objects;

/**
 * A refusal: an identifier of a link that was left out because it would have broken a merge
 * rule, was on the block list, or was erased earlier and the graph refuses re-ingest.
 *
 * <p>Rule names: {@code "unique:<type>"} (a second identifier of a unique type),
 * {@code "limit:<type>"} (more identifiers of a type than allowed, optionally within a window),
 * {@code "max_profile_size"} (the hub guard), {@code "blocked"} (block list) and
 * {@code "erased"} (a tombstoned value re-ingested).
 *
 * @param time the link's time
 * @param source the link's source
 * @param rule the rule that refused the identifier, as above
 * @param type the refused identifier's type
 * @param value the refused identifier's stored value; masked for {@code blocked} refusals, and
 *     {@value #ERASED_VALUE} for {@code erased} ones (nothing of an erased value is kept), which
 *     never enter the graph
 * @param refusedProfileKey the profile the refused identifier belongs to after the link, or
 *     {@link IdentityGraph#NO_PROFILE} when it never entered the graph
 * @param profileKey the profile the rest of the link resolved to, or
 *     {@link IdentityGraph#NO_PROFILE} when nothing of the link was accepted; always
 *     {@link IdentityGraph#NO_PROFILE} for {@code blocked} and {@code erased} refusals, which are
 *     decided before the link is applied and are kept as they were decided (a profile key there
 *     would change with the order links arrive in)
 */
public record Conflict(Instant time, String source, String rule, IdentifierType type, String value,
        long refusedProfileKey, long profileKey) {

    /** The value of every {@code erased} conflict: no character of the erased value is kept. */
    public static final String ERASED_VALUE = "[erased]";

    /** Checks that no component is null. */
    public Conflict {
        Objects.requireNonNull(time, "time");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(rule, "rule");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(value, "value");
    }

    /** Returns a description with the value masked. */
    @Override
    public String toString() {
        return "Conflict[" + time + " " + source + " " + rule + " " + type + ":" + Masking.mask(type, value)
                + " refusedProfile=" + Long.toUnsignedString(refusedProfileKey, 16)
                + " profile=" + Long.toUnsignedString(profileKey, 16) + "]";
    }
}
