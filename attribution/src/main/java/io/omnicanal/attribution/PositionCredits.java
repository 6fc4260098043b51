package io.omnicanal.attribution;

import java.util.Collections;
import java.util.List;

/**
 * Ordered Shapley credit (Zhao et al. 2018): the credit of each value split by the position, among
 * the distinct values of a path in order of first appearance, at which it occurred. Summing a
 * value's credit over positions gives its unordered Shapley credit. Immutable and thread-safe.
 */
public final class PositionCredits {
    private final List<String> values;
    private final double[][] conversions;
    private final double[][] value;

    PositionCredits(List<String> values, double[][] conversions, double[][] value) {
        this.values = values;
        this.conversions = conversions;
        this.value = value;
    }

    /** @return the step values in dictionary order */
    public List<String> values() {
        return Collections.unmodifiableList(values);
    }

    /** @return the number of positions: the most distinct values in one converting path */
    public int positions() {
        return conversions.length == 0 ? 0 : conversions[0].length;
    }

    /**
     * @param index a dictionary index
     * @param position a position in {@code [0, positions())}, 0 the first
     * @return conversions credited to the value at that position
     */
    public double conversions(int index, int position) {
        return conversions[index][position];
    }

    /**
     * @param index a dictionary index
     * @param position a position
     * @return value credited to the value at that position
     */
    public double value(int index, int position) {
        return value[index][position];
    }
}
