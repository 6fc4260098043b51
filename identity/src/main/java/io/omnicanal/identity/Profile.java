package io.omnicanal.identity;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * One person as the graph sees them: a key, the canonical identifier the key comes from, and
 * every identifier in the profile.
 *
 * @param key the profile key: the key of the canonical identifier
 * @param canonical the canonical identifier (see {@link IdentityGraph} for the rule)
 * @param identifiers the identifiers, sorted by type name then stored value; unmodifiable
 */
public record Profile(long key, Identifier canonical, List<SeenIdentifier> identifiers) {

    /** Copies the list and checks that no component is null. */
    public Profile {
        Objects.requireNonNull(canonical, "canonical");
        identifiers = List.copyOf(identifiers);
    }

    /**
     * Groups the identifiers by type.
     *
     * @return an unmodifiable map sorted by type name, each list sorted by stored value
     */
    public Map<IdentifierType, List<SeenIdentifier>> byType() {
        Map<IdentifierType, List<SeenIdentifier>> m = new TreeMap<>();
        for (SeenIdentifier s : identifiers) {
            m.computeIfAbsent(s.identifier().type(), t -> new java.util.ArrayList<>()).add(s);
        }
        m.replaceAll((t, l) -> List.copyOf(l));
        return Collections.unmodifiableMap(m);
    }
}
