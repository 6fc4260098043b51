package io.omnicanal.attribution.internal;

/**
 * Where path building puts each path once it is cut and transformed: a {@link PathAssembler}
 * (which keeps it in a table) or a counter that only needs the transitions
 * ({@link FirstOrderCounts}).
 */
interface RowSink {
    /**
     * One path; {@code stepIds[0..length)} are provisional ids of the {@link PathAssembler} that
     * interned them, {@code ages} the milliseconds from each step to the path's end. An empty path
     * is a conversion with no touch in its window (unattributed). {@code direct}, when not null,
     * tells whether each step's touch was of the direct channel (given when the steps are not over
     * the channel, so a step's value cannot tell). The arrays are reused after the call.
     */
    void add(int[] stepIds, long[] ages, boolean[] direct, int length, double conversions, double value,
             double nulls, int group);
}
