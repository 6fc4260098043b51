package io.omnicanal.examples.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.omnicanal.examples.report.ReportData.PairwiseScore;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

class PairwiseScorerProperties {

    /** Oracle: every pair of rows, enumerated. */
    @Property(tries = 300)
    void matchesBruteForceOverAllPairs(@ForAll @Size(max = 60) int[] seedLabels, @ForAll @IntRange(min = 1, max = 6) int k) {
        int n = seedLabels.length;
        int[] predicted = new int[n];
        int[] truth = new int[n];
        for (int i = 0; i < n; i++) {
            predicted[i] = Math.floorMod(seedLabels[i], k);
            truth[i] = Math.floorMod(seedLabels[i] / 7 + i % 2, k + 1) - 3; // negative labels too
        }
        long tp = 0;
        long pp = 0;
        long cp = 0;
        for (int i = 0; i < n; i++) {
            for (int j = i + 1; j < n; j++) {
                boolean p = predicted[i] == predicted[j];
                boolean t = truth[i] == truth[j];
                pp += p ? 1 : 0;
                tp += t ? 1 : 0;
                cp += p && t ? 1 : 0;
            }
        }
        PairwiseScore s = PairwiseScorer.score(predicted, truth);
        assertThat(s.predictedPairs()).isEqualTo(pp);
        assertThat(s.truePairs()).isEqualTo(tp);
        assertThat(s.correctPairs()).isEqualTo(cp);
        assertThat(s.precision()).isEqualTo(pp == 0 ? 1 : (double) cp / pp);
        assertThat(s.recall()).isEqualTo(tp == 0 ? 1 : (double) cp / tp);
    }

    /**
     * Oracle: the groups spelled out as rows (a SINGLETONS label becomes a label of its own per
     * row), every pair enumerated.
     */
    @Property(tries = 300)
    void groupedRowsScoreAsTheRowsSpelledOut(@ForAll @Size(max = 25) int[] seedLabels,
            @ForAll @IntRange(min = 1, max = 5) int k) {
        int n = seedLabels.length;
        int[] predicted = new int[n];
        int[] truth = new int[n];
        int[] rows = new int[n];
        List<int[]> spelled = new ArrayList<>();
        int unique = 1_000_000;
        for (int g = 0; g < n; g++) {
            int s = seedLabels[g];
            predicted[g] = Math.floorMod(s, 7) == 0 ? PairwiseScorer.SINGLETONS : Math.floorMod(s, k);
            truth[g] = Math.floorMod(s, 11) == 0 ? PairwiseScorer.SINGLETONS : Math.floorMod(s / 3, k + 1);
            rows[g] = Math.floorMod(s / 5, 4);
            for (int i = 0; i < rows[g]; i++) {
                spelled.add(new int[] {predicted[g] == PairwiseScorer.SINGLETONS ? unique++ : predicted[g],
                        truth[g] == PairwiseScorer.SINGLETONS ? unique++ : truth[g]});
            }
        }
        long tp = 0;
        long pp = 0;
        long cp = 0;
        for (int i = 0; i < spelled.size(); i++) {
            for (int j = i + 1; j < spelled.size(); j++) {
                boolean p = spelled.get(i)[0] == spelled.get(j)[0];
                boolean t = spelled.get(i)[1] == spelled.get(j)[1];
                pp += p ? 1 : 0;
                tp += t ? 1 : 0;
                cp += p && t ? 1 : 0;
            }
        }
        PairwiseScore s = PairwiseScorer.score(predicted, truth, rows);
        assertThat(s.predictedPairs()).isEqualTo(pp);
        assertThat(s.truePairs()).isEqualTo(tp);
        assertThat(s.correctPairs()).isEqualTo(cp);
    }

    @Test
    void groupedScoringRejectsBadCounts() {
        assertThatThrownBy(() -> PairwiseScorer.score(new int[2], new int[2], new int[] {1, -4}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("rows[1]")
                .hasMessageContaining("-4");
        assertThatThrownBy(() -> PairwiseScorer.score(new int[2], new int[2], new int[3]))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("3");
    }

    @Test
    void workedExample() {
        // Rows a,b,c of person 1 and d of person 2; the clustering splits c off and wrongly joins d to a,b.
        // True pairs: ab, ac, bc = 3. Predicted pairs: ab, ad, bd = 3. Correct: ab = 1.
        PairwiseScore s = PairwiseScorer.score(new int[] {10, 10, 11, 10}, new int[] {1, 1, 1, 2});
        assertThat(s.truePairs()).isEqualTo(3);
        assertThat(s.predictedPairs()).isEqualTo(3);
        assertThat(s.correctPairs()).isEqualTo(1);
        assertThat(s.f1()).isEqualTo(1.0 / 3);
    }

    @Test
    void rejectsMismatchedLengths() {
        assertThatThrownBy(() -> PairwiseScorer.score(new int[2], new int[3]))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("2").hasMessageContaining("3");
    }
}
