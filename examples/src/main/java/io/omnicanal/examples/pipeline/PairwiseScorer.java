package io.omnicanal.examples.pipeline;

import io.omnicanal.examples.report.ReportData.PairwiseScore;
import it.unimi.dsi.fastutil.ints.Int2LongOpenHashMap;
import it.unimi.dsi.fastutil.longs.Long2LongOpenHashMap;
import java.util.Arrays;

/**
 * Pairwise precision, recall and F1 of a clustering of rows against the true clustering, as
 * entity-resolution tools report them: a pair of rows is predicted when both rows got the same
 * profile, true when both belong to the same person, and correct when both. Counts come from the
 * contingency table (sort the (predicted, true) pairs, count runs), in O(n log n) rather than
 * over the n^2 pairs.
 */
public final class PairwiseScorer {
    /** In {@link #score(int[], int[], int[])}: every row of the group is a cluster of its own. */
    public static final int SINGLETONS = Integer.MIN_VALUE;

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
        return score(predictedPairs, truePairs, correct);
    }

    /**
     * Scores a clustering given as groups of rows rather than rows: group {@code g} stands for
     * {@code rows[g]} rows that all have predicted label {@code predicted[g]} and true label
     * {@code truth[g]}; several groups may share labels. A label of {@link #SINGLETONS} makes each
     * of the group's rows a cluster of its own. Hash-aggregated, O(groups), so that a run over
     * tens of millions of rows needs memory per distinct (predicted, true) pair, not per row.
     *
     * @param predicted the predicted label of each group
     * @param truth     the true label of each group, same length
     * @param rows      the rows in each group, non-negative, same length
     * @return the score, as {@link #score(int[], int[])} gives for the rows spelled out
     * @throws IllegalArgumentException if the lengths differ or a count is negative
     */
    public static PairwiseScore score(int[] predicted, int[] truth, int[] rows) {
        if (predicted.length != truth.length || predicted.length != rows.length) {
            throw new IllegalArgumentException("predicted, truth and rows must have one entry per group, had "
                    + predicted.length + ", " + truth.length + " and " + rows.length);
        }
        Int2LongOpenHashMap byPredicted = new Int2LongOpenHashMap();
        Int2LongOpenHashMap byTruth = new Int2LongOpenHashMap();
        Long2LongOpenHashMap byBoth = new Long2LongOpenHashMap();
        for (int g = 0; g < rows.length; g++) {
            if (rows[g] < 0) {
                throw new IllegalArgumentException("rows[" + g + "] must not be negative, was " + rows[g]);
            }
            if (predicted[g] != SINGLETONS) {
                byPredicted.addTo(predicted[g], rows[g]);
            }
            if (truth[g] != SINGLETONS) {
                byTruth.addTo(truth[g], rows[g]);
            }
            if (predicted[g] != SINGLETONS && truth[g] != SINGLETONS) {
                byBoth.addTo(((long) predicted[g] << 32) | (truth[g] & 0xFFFFFFFFL), rows[g]);
            }
        }
        return score(sumPairs(byPredicted.values().toLongArray()), sumPairs(byTruth.values().toLongArray()),
                sumPairs(byBoth.values().toLongArray()));
    }

    private static long sumPairs(long[] sizes) {
        long total = 0;
        for (long n : sizes) {
            total += choose2(n);
        }
        return total;
    }

    private static PairwiseScore score(long predictedPairs, long truePairs, long correct) {
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
