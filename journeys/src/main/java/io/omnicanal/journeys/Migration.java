package io.omnicanal.journeys;

import io.omnicanal.journeys.internal.Checks;

import java.util.Collections;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * What happens to profiles in flight on the previous version when a new version of a journey is deployed.
 *
 * <p>{@link Mode#FINISH}: they finish on the version they entered. {@link Mode#MIGRATE}: each moves to the
 * step of the new version named by {@code steps} (old step id to new step id), or else to the step with the
 * same id; the target must be of the same kind (a wait stays a wait and keeps its timer). A profile whose
 * step has no target in the new version finishes on its old version.
 *
 * @param mode finish on the old version or migrate
 * @param steps explicit old-to-new step id mapping, sorted by old id; empty for FINISH
 */
public record Migration(Mode mode, SortedMap<String, String> steps) {

    /** Migration modes. */
    public enum Mode {
        /** In-flight profiles finish on the version they entered. */
        FINISH,
        /** In-flight profiles move to the same or mapped step of the new version. */
        MIGRATE
    }

    /** Validates: step mapping only with MIGRATE, ids not blank. */
    public Migration {
        Checks.notNull("mode", mode);
        Checks.notNull("steps", steps);
        TreeMap<String, String> copy = new TreeMap<>();
        for (Map.Entry<String, String> e : steps.entrySet()) {
            copy.put(Checks.name("steps key", e.getKey()), Checks.name("steps[" + e.getKey() + "]", e.getValue()));
        }
        if (mode == Mode.FINISH && !copy.isEmpty()) {
            throw new IllegalArgumentException("steps must be empty when mode is FINISH, was " + copy);
        }
        steps = Collections.unmodifiableSortedMap(copy);
    }

    /** In-flight profiles finish on their version. */
    public static Migration finish() {
        return new Migration(Mode.FINISH, new TreeMap<>());
    }

    /** In-flight profiles move to the same step id (or the mapped one) in the new version. */
    public static Migration migrate(Map<String, String> stepMapping) {
        return new Migration(Mode.MIGRATE, new TreeMap<>(stepMapping));
    }
}
