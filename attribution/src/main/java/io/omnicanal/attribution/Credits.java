package io.omnicanal.attribution;

import io.omnicanal.attribution.internal.KahanSum;

import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/**
 * Credit per step value from one model: conversions and conversion value (revenue) earned.
 *
 * <p>Indexes follow the dictionary of the {@link PathTable} the model ran on. Immutable and
 * thread-safe.
 */
public final class Credits {
    private final List<String> values;
    private final double[] conversions;
    private final double[] value;

    private Credits(List<String> values, double[] conversions, double[] value) {
        this.values = values;
        this.conversions = conversions;
        this.value = value;
    }

    /**
     * Creates credits; the arrays are copied.
     *
     * @param values the step values, as {@link PathTable#values()}
     * @param conversions credited conversions per value, finite
     * @param value credited conversion value per value, finite
     * @return the credits
     * @throws IllegalArgumentException naming the index and figure when lengths differ or a figure
     *     is not finite
     */
    public static Credits of(List<String> values, double[] conversions, double[] value) {
        Objects.requireNonNull(values, "values");
        Objects.requireNonNull(conversions, "conversions");
        Objects.requireNonNull(value, "value");
        if (conversions.length != values.size() || value.length != values.size()) {
            throw new IllegalArgumentException("conversions and value must have one entry per value (" + values.size()
                    + "), were " + conversions.length + " and " + value.length);
        }
        for (int i = 0; i < conversions.length; i++) {
            if (!Double.isFinite(conversions[i]) || !Double.isFinite(value[i])) {
                throw new IllegalArgumentException("credits of \"" + values.get(i) + "\" must be finite, were "
                        + conversions[i] + " conversions and " + value[i] + " value");
            }
        }
        return new Credits(List.copyOf(values), conversions.clone(), value.clone());
    }

    /** @return the step values in dictionary order */
    public List<String> values() {
        return Collections.unmodifiableList(values);
    }

    /** @return the number of step values */
    public int size() {
        return values.size();
    }

    /**
     * @param index a dictionary index
     * @return conversions credited to it
     */
    public double conversions(int index) {
        return conversions[index];
    }

    /**
     * @param index a dictionary index
     * @return conversion value credited to it
     */
    public double value(int index) {
        return value[index];
    }

    /**
     * @param name a step value
     * @return conversions credited to it, 0 when it is not in the dictionary
     */
    public double conversions(String name) {
        int i = values.indexOf(name);
        return i < 0 ? 0 : conversions[i];
    }

    /**
     * @param name a step value
     * @return value credited to it, 0 when it is not in the dictionary
     */
    public double value(String name) {
        int i = values.indexOf(name);
        return i < 0 ? 0 : value[i];
    }

    /** @return the sum of credited conversions (compensated summation) */
    public double totalConversions() {
        return KahanSum.of(conversions);
    }

    /** @return the sum of credited value (compensated summation) */
    public double totalValue() {
        return KahanSum.of(value);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Credits c && values.equals(c.values) && Arrays.equals(conversions, c.conversions)
                && Arrays.equals(value, c.value);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * values.hashCode() + Arrays.hashCode(conversions)) + Arrays.hashCode(value);
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("Credits{");
        for (int i = 0; i < values.size(); i++) {
            sb.append(i == 0 ? "" : ", ").append(values.get(i)).append('=').append(conversions[i]).append('/')
                    .append(value[i]);
        }
        return sb.append('}').toString();
    }
}
