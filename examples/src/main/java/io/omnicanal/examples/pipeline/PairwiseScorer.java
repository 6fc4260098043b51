package io.omnicanal.examples.pipeline;

import io.omnicanal.examples.report.ReportData.PairwiseScore;
import java.util.Arrays;

/**
 * Pairwise precision, recall and F1 of a clustering of rows against the true clustering, as
 * entity-resolution tools report them: a pair of rows is predicted when both rows got the same
 * profile, true when both belong to the same person, and correct when both. Counts come from the
 * contingency table (sort the (predicted, true) pairs, count runs), in O(n log n) rather than
 * over the n^2 pairs.
 */
public final class PairwiseScorer {
    private PairwiseScorer() {}

    /**
     * Scores a clustering.
     *
     * @param predicted the predicted cluster of each row (any int labels)
     * @param truth     the true cluster of each row (any int labels), same length
     * @return the score; precision (recall) is 1 when no pair is predicted (true)
     * @throws IllegalArgumentException if the lengths differ
     */
    public static PairwiseScore score(int[] predicted, int[] truth) {
        if (predicted.length != truth.length) {
            throw new IllegalArgumentException("predicted has " + predicted.length + " rows but truth has "
                    + truth.length);
        }
        long predictedPairs = pairs(predicted.clone());
        long truePairs = pairs(truth.clone());
        long[] both = new long[predicted.length];
        for (int i = 0; i < both.length; i++) {
            both[i] = ((long) predicted[i] << 32) | (truth[i] & 0xFFFFFFFFL);
        }
        Arrays.sort(both);
        long correct = 0;
        for (int i = 0, j; i < both.length; i = j) {
            j = i + 1;
            while (j < both.length && both[j] == both[i]) {
                j++;
            }
            correct += choose2(j - i);
        }
        double precision = predictedPairs == 0 ? 1 : (double) correct / predictedPairs;
        double recall = truePairs == 0 ? 1 : (double) correct / truePairs;
        double f1 = precision + recall == 0 ? 0 : 2 * precision * recall / (precision + recall);
        return new PairwiseScore(truePairs, predictedPairs, correct, precision, recall, f1);
    }

    private static long pairs(int[] labels) {
        Arrays.sort(labels);
        long total = 0;
        for (int i = 0, j; i < labels.length; i = j) {
            j = i + 1;
            while (j < labels.length && labels[j] == labels[i]) {
                j++;
            }
            total += choose2(j - i);
        }
        return total;
    }

    private static long choose2(long n) {
        return n * (n - 1) / 2;
    }
}
