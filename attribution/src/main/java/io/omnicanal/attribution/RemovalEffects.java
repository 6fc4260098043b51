package io.omnicanal.attribution;

import java.util.Collections;
import java.util.List;

/**
 * The exact quantities behind a Markov-chain attribution: the conversion probability and expected
 * conversion value from {@code (start)}, and the removal effect of each step value on both.
 *
 * <p>The removal effect of a value is {@code 1 - p(without it) / p}, in {@code [0, 1]}; it is 0 for
 * a value in no path and when the chain never converts. Immutable and thread-safe.
 */
public final class RemovalEffects {
    private final List<String> values;
    private final double conversionProbability;
    private final double expectedValue;
    private final double[] conversionEffects;
    private final double[] valueEffects;
    private final Credits credits;

    RemovalEffects(List<String> values, double conversionProbability, double expectedValue,
                   double[] conversionEffects, double[] valueEffects, Credits credits) {
        this.values = values;
        this.conversionProbability = conversionProbability;
        this.expectedValue = expectedValue;
        this.conversionEffects = conversionEffects;
        this.valueEffects = valueEffects;
        this.credits = credits;
    }

    /** @return the step values in dictionary order */
    public List<String> values() {
        return Collections.unmodifiableList(values);
    }

    /** @return the probability that a path starting at {@code (start)} ends in {@code (conversion)} */
    public double conversionProbability() {
        return conversionProbability;
    }

    /** @return the expected conversion value collected by a path starting at {@code (start)} */
    public double expectedValue() {
        return expectedValue;
    }

    /**
     * @param index a dictionary index
     * @return the removal effect on conversions, in [0, 1]
     */
    public double conversionEffect(int index) {
        return conversionEffects[index];
    }

    /**
     * @param index a dictionary index
     * @return the removal effect on value, in [0, 1]
     */
    public double valueEffect(int index) {
        return valueEffects[index];
    }

    /**
     * @param name a step value
     * @return its removal effect on conversions, 0 when it is not in the dictionary
     */
    public double conversionEffect(String name) {
        int i = values.indexOf(name);
        return i < 0 ? 0 : conversionEffects[i];
    }

    /**
     * @param name a step value
     * @return its removal effect on value, 0 when it is not in the dictionary
     */
    public double valueEffect(String name) {
        int i = values.indexOf(name);
        return i < 0 ? 0 : valueEffects[i];
    }

    /**
     * @return the credits: removal effects normalised to sum to 1, times the table's total
     *     conversions (resp. value)
     */
    public Credits credits() {
        return credits;
    }
}
