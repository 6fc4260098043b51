package io.omnicanal.segmentation;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A named segment: the profiles for which {@code condition} holds.
 *
 * @param id          1..128 characters of {@code [A-Za-z0-9_.:-]}, starting with a letter or digit
 * @param description free text (non-null, may be empty)
 * @param condition   the rule
 */
public record Segment(String id, String description, Condition condition) {
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.:-]{0,127}");

    /** Validates the id pattern and non-null parts. */
    public Segment {
        if (id == null || !ID.matcher(id).matches()) {
            throw new IllegalArgumentException("segment id must match " + ID.pattern() + ", was \"" + id + "\"");
        }
        Objects.requireNonNull(description, "description");
        Objects.requireNonNull(condition, "condition");
    }

    /** A segment without description. */
    public static Segment of(String id, Condition condition) {
        return new Segment(id, "", condition);
    }
}
