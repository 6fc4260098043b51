package io.omnicanal.attribution;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class MarkovModelTest {

    /**
     * Sergey Bryl', "Marketing Multi-Channel Attribution model with R (part 1: Markov chains
     * concept)", http://analyzecore.com/2016/08/03/attribution-model-r-part-1/ : journeys
     * C1 > C2 > C3 > conversion, C1 > null, C2 > C3 > null. Published: total conversion probability
     * 0.333, removal effects C1 0.5, C2 1, C3 1, so C1 earns 0.2 of the conversion and C2, C3 0.4 each.
     */
    @Test
    void brylThreeChannelExample() {
        PathTable t = PathTable.builder()
                .add(List.of("C1", "C2", "C3"), 1, 1, 0)
                .add(List.of("C1"), 0, 0, 1)
                .add(List.of("C2", "C3"), 0, 0, 1)
                .build();
        RemovalEffects re = AttributionModel.markov(1).removalEffects(t);
        assertThat(re.conversionProbability()).isCloseTo(1.0 / 3, within(1e-15));
        assertThat(re.conversionEffect("C1")).isCloseTo(0.5, within(1e-15));
        assertThat(re.conversionEffect("C2")).isCloseTo(1, within(1e-15));
        assertThat(re.conversionEffect("C3")).isCloseTo(1, within(1e-15));
        assertThat(re.credits().conversions("C1")).isCloseTo(0.2, within(1e-15));
        assertThat(re.credits().conversions("C2")).isCloseTo(0.4, within(1e-15));
        assertThat(re.credits().conversions("C3")).isCloseTo(0.4, within(1e-15));
    }

    /**
     * Serhii Puzyrov, "Markov Chain Attribution – Simple Explanation Of Removal Effect",
     * https://serhiipuzyrov.com/2019/07/markov-chain-attribution-simple-explanation-of-removal-effect/ :
     * google ads (2 conv), mailing (1), google ads > mailing (1), google ads (0 conv, 1 null).
     * Published: conversion probability 0.8, removal effects google ads 0.75 and mailing 0.5,
     * credits 2.4 and 1.6 of the 4 conversions.
     */
    @Test
    void puzyrovTwoChannelExample() {
        PathTable t = PathTable.builder()
                .add(List.of("google ads"), 2, 0, 1)
                .add(List.of("mailing"), 1, 0, 0)
                .add(List.of("google ads", "mailing"), 1, 0, 0)
                .build();
        RemovalEffects re = AttributionModel.markov(1).removalEffects(t);
        assertThat(re.conversionProbability()).isCloseTo(0.8, within(1e-15));
        assertThat(re.conversionEffect("google ads")).isCloseTo(0.75, within(1e-15));
        assertThat(re.conversionEffect("mailing")).isCloseTo(0.5, within(1e-15));
        assertThat(re.credits().conversions("google ads")).isCloseTo(2.4, within(1e-14));
        assertThat(re.credits().conversions("mailing")).isCloseTo(1.6, within(1e-14));
    }

    static PathTable randomTable(long seed, int channels, int rows, int maxLength, double convRate) {
        SplittableRandom random = new SplittableRandom(seed);
        PathTable.Builder b = PathTable.builder();
        for (int r = 0; r < rows; r++) {
            int len = 1 + random.nextInt(maxLength);
            List<String> path = new ArrayList<>();
            for (int i = 0; i < len; i++) {
                // a skewed channel mix so removal effects differ
                int c = (int) Math.floor(channels * Math.pow(random.nextDouble(), 1.5));
                path.add("ch" + (char) ('A' + c));
            }
            boolean converted = random.nextDouble() < convRate * (1 + path.indexOf("chA") * 0.0 + (path.contains("chB") ? 1 : 0));
            b.add(path, converted ? 1 : 0, converted ? 10 + random.nextInt(90) : 0, converted ? 0 : 1);
        }
        return b.build();
    }

    @Test
    void orderOneAgreesWithMonteCarloSimulation() {
        PathTable t = randomTable(11, 4, 400, 6, 0.15);
        ReferenceMarkov ref = new ReferenceMarkov(t, 1);
        RemovalEffects re = AttributionModel.markov(1).removalEffects(t);
        int walks = 200_000;
        double p = ref.simulate(null, walks, 1);
        // 4.5 standard errors: the chance of a false alarm over the five checks is below 1e-4
        assertThat(re.conversionProbability()).isCloseTo(p, within(4.5 * Math.sqrt(p * (1 - p) / walks)));
        for (String c : t.values()) {
            double pc = ref.simulate(c, walks, 2 + c.hashCode());
            double exactWithout = re.conversionProbability() * (1 - re.conversionEffect(c));
            assertThat(exactWithout).as(c).isCloseTo(pc, within(4.5 * Math.sqrt(pc * (1 - pc) / walks) + 1e-12));
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 3, 4})
    void everyOrderAgreesWithTheReferenceImplementation(int order) {
        PathTable t = randomTable(order * 101L, 5, 300, 7, 0.2);
        Map<String, double[]> expected = new ReferenceMarkov(t, order)
                .credits(t.values(), t.totalConversions(), t.totalValue());
        Credits c = AttributionModel.markov(order).attribute(t);
        for (String v : t.values()) {
            assertThat(c.conversions(v)).as(v + " conversions, order " + order).isCloseTo(expected.get(v)[0], within(1e-9));
            assertThat(c.value(v)).as(v + " value, order " + order).isCloseTo(expected.get(v)[1], within(1e-7));
        }
        assertThat(c.totalConversions()).isCloseTo(t.totalConversions(), within(1e-9));
        assertThat(c.totalValue()).isCloseTo(t.totalValue(), within(1e-9));
    }

    @Test
    void largeChainsUseTheIterativeSolverAndStillMatchTheReference() {
        // order 3 over 9 channels gives far more than 400 window states
        PathTable t = randomTable(77, 9, 1500, 9, 0.25);
        Map<String, double[]> expected = new ReferenceMarkov(t, 3).credits(t.values(), t.totalConversions(), t.totalValue());
        Credits c = AttributionModel.markov(3).attribute(t);
        for (String v : t.values()) {
            assertThat(c.conversions(v)).as(v).isCloseTo(expected.get(v)[0], within(1e-9));
            assertThat(c.value(v)).as(v).isCloseTo(expected.get(v)[1], within(1e-7));
        }
    }

    @Test
    void repeatsAreCollapsedSoTheyDoNotChangeOrderOne() {
        PathTable a = PathTable.builder().add(List.of("x", "y"), 1, 5, 0).add(List.of("y"), 0, 0, 2).build();
        PathTable b = PathTable.builder().add(List.of("x", "x", "y", "y", "y"), 1, 5, 0).add(List.of("y", "y"), 0, 0, 2)
                .build();
        assertThat(AttributionModel.markov(1).attribute(b)).isEqualTo(AttributionModel.markov(1).attribute(a));
    }

    @Test
    void deterministicToTheLastBit() {
        PathTable t = randomTable(5, 6, 2000, 10, 0.1);
        for (int order = 1; order <= 3; order++) {
            assertThat(AttributionModel.markov(order).attribute(t)).isEqualTo(AttributionModel.markov(order).attribute(t));
        }
    }

    @Test
    void badOrder() {
        assertThatThrownBy(() -> AttributionModel.markov(0)).hasMessageContaining("order").hasMessageContaining("0");
        assertThatThrownBy(() -> AttributionModel.markov(5)).hasMessageContaining("order").hasMessageContaining("5");
    }
}
