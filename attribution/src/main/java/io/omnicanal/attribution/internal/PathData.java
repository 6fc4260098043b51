package io.omnicanal.attribution.internal;

import io.omnicanal.attribution.Dimension;

import java.util.List;

/**
 * The arrays behind a {@code PathTable}: a dictionary of step values sorted lexicographically, and
 * the paths in compressed-row form ({@code steps[offsets[r] .. offsets[r + 1])} is row {@code r}).
 *
 * <p>Immutable by convention: nothing writes these arrays after construction. Thread-safe to read.
 */
public final class PathData {
    public final List<Dimension> dimensions;
    /** Display value of each dictionary entry (components joined with {@link #JOIN}), sorted. */
    public final String[] values;
    /** Component strings of each value, aligned with {@link #dimensions}. */
    public final String[][] components;
    /** Whether the value's channel component is the direct channel. */
    public final boolean[] direct;
    public final int[] offsets;
    public final int[] steps;
    public final double[] conversions;
    public final double[] value;
    public final double[] nulls;
    /** Milliseconds from each step to its path's end, or null when the table carries no times. */
    public final long[] ages;
    /**
     * Whether the touch behind each step was of the direct channel, aligned with {@link #steps};
     * null when a step's flag is its value's ({@link #direct}), which is always so for a table over
     * {@code CHANNEL}. A table over other dimensions made by the path builder always has it; one
     * without it (saved by format version 1) cannot tell direct steps apart.
     */
    public final boolean[] stepDirect;
    /** Group names, sorted; {@code [""]} when the table has no grouping. */
    public final String[] groups;
    /** Group index of each row. */
    public final int[] groupOf;
    public final double unattributedConversions;
    public final double unattributedValue;

    /** Separator between the components of a combined value, as displayed. */
    public static final String JOIN = "|";

    public PathData(List<Dimension> dimensions, String[] values, String[][] components, boolean[] direct,
                    int[] offsets, int[] steps, double[] conversions, double[] value, double[] nulls, long[] ages,
                    boolean[] stepDirect, String[] groups, int[] groupOf, double unattributedConversions,
                    double unattributedValue) {
        this.dimensions = dimensions;
        this.values = values;
        this.components = components;
        this.direct = direct;
        this.offsets = offsets;
        this.steps = steps;
        this.conversions = conversions;
        this.value = value;
        this.nulls = nulls;
        this.ages = ages;
        this.stepDirect = stepDirect;
        this.groups = groups;
        this.groupOf = groupOf;
        this.unattributedConversions = unattributedConversions;
        this.unattributedValue = unattributedValue;
    }

    /** Whether step {@code p} (an index into {@link #steps}) was made by a touch of the direct channel. */
    public boolean isDirectStep(int p) {
        return stepDirect != null ? stepDirect[p] : direct[steps[p]];
    }

    /**
     * Whether {@link #isDirectStep} is known: false only for a table over dimensions without
     * {@code CHANNEL} that carries no per-step flags (saved by format version 1).
     */
    public boolean knowsDirectSteps() {
        return stepDirect != null || dimensions.contains(Dimension.CHANNEL);
    }

    public int rows() {
        return conversions.length;
    }

    public double totalConversions() {
        return KahanSum.of(conversions);
    }

    public double totalValue() {
        return KahanSum.of(value);
    }
}
