package io.omnicanal.examples.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import io.omnicanal.identity.Identifier;
import io.omnicanal.identity.IdentifierType;
import it.unimi.dsi.fastutil.longs.LongOpenHashSet;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

class RowOutcomesProperties {
    /** No touch is recorded here, so no file is created in it. */
    private static final Path TMP = Path.of(System.getProperty("java.io.tmpdir"));

    /**
     * Oracle: every recorded key's profile tracked eagerly (on each move, every row whose profile
     * was the loser now has the winner), against the outcomes' lazy chase of the moves at the end.
     * Moves include re-keys back onto a key that moved away earlier, and profiles that end dead.
     * Rows arrive only under keys that are not moved away, as links return them when nothing splits.
     */
    @Property(tries = 200)
    void rowsFollowTheirProfilesMoves(@ForAll long seed, @ForAll @IntRange(min = 1, max = 400) int steps) {
        Random r = new Random(seed);
        RowOutcomes outcomes = new RowOutcomes(TMP);
        List<Long> current = new ArrayList<>(); // oracle: each graded row's profile now
        List<Integer> persons = new ArrayList<>();
        LongOpenHashSet live = new LongOpenHashSet();
        Map<Long, Long> holder = new HashMap<>(); // a key that moved away -> the profile holding it now
        long fresh = 100;
        for (int i = 0; i < steps; i++) {
            long key = 1 + r.nextInt(30);
            if (holder.containsKey(key)) {
                continue; // without splits, a key that moved away never names another profile
            }
            if (r.nextInt(3) == 0 && live.size() > 1) {
                long[] keys = live.toLongArray();
                long loser = keys[r.nextInt(keys.length)];
                long winner = keys[r.nextInt(keys.length)];
                int kind = r.nextInt(4);
                if (kind == 0) {
                    winner = fresh++; // re-key: a higher-priority identifier joined
                } else if (kind == 1) {
                    for (Map.Entry<Long, Long> e : holder.entrySet()) {
                        if (e.getValue() == loser) {
                            winner = e.getKey(); // re-key back onto a key this profile absorbed
                            break;
                        }
                    }
                }
                if (loser == winner) {
                    continue;
                }
                outcomes.moved(loser, winner);
                holder.remove(winner);
                holder.put(loser, winner);
                for (Map.Entry<Long, Long> e : holder.entrySet()) {
                    if (e.getValue() == loser) {
                        e.setValue(winner);
                    }
                }
                live.remove(loser);
                live.add(winner);
                for (int j = 0; j < current.size(); j++) {
                    if (current.get(j) == loser) {
                        current.set(j, winner);
                    }
                }
            } else {
                live.add(key);
                int person = r.nextInt(4);
                outcomes.graded(person, key, List.of());
                current.add(key);
                persons.add(person);
            }
        }
        // Some profiles end erased: their rows resolve to no profile.
        LongOpenHashSet finalLive = new LongOpenHashSet();
        live.forEach(k -> {
            if (r.nextInt(5) != 0) {
                finalLive.add(k);
            }
        });
        outcomes.resolve(finalLive);
        // Per-row labels from the eager oracle, scored by the per-row scorer.
        int n = current.size();
        int[] predicted = new int[n];
        int[] truth = new int[n];
        long withProfile = 0;
        for (int j = 0; j < n; j++) {
            long now = current.get(j);
            predicted[j] = finalLive.contains(now) ? (int) now : -1 - j;
            withProfile += finalLive.contains(now) ? 1 : 0;
            truth[j] = persons.get(j);
        }
        RowOutcomes.Grading got = outcomes.grade();
        assertThat(got.rowsWithProfile()).isEqualTo(withProfile);
        if (n > 0) {
            assertThat(got.persons()).isEqualTo(PairwiseScorer.score(predicted, truth));
        }
    }

    /** Oracle: a union-find over rows written here with plain maps keyed by (person, value). */
    @Property(tries = 200)
    void linkableTruthJoinsRowsSharingAnIdentifierWithinAPerson(@ForAll long seed,
            @ForAll @IntRange(min = 0, max = 200) int rows) {
        Random r = new Random(seed);
        RowOutcomes outcomes = new RowOutcomes(TMP);
        int[] parent = new int[rows];
        int[] predicted = new int[rows];
        Map<String, Integer> first = new HashMap<>();
        for (int row = 0; row < rows; row++) {
            parent[row] = row;
            int person = r.nextInt(6);
            List<Identifier> ids = new ArrayList<>();
            for (int k = r.nextInt(3); k > 0; k--) {
                ids.add(Identifier.of(IdentifierType.ACCOUNT, "A" + r.nextInt(8)));
            }
            outcomes.graded(person, 1 + r.nextInt(3), r.nextInt(10) == 0 ? null : ids);
        }
        // Replay the same draws for the oracle.
        r = new Random(seed);
        for (int row = 0; row < rows; row++) {
            int person = r.nextInt(6);
            List<String> values = new ArrayList<>();
            for (int k = r.nextInt(3); k > 0; k--) {
                values.add("A" + r.nextInt(8));
            }
            predicted[row] = 1 + r.nextInt(3);
            if (r.nextInt(10) == 0) {
                continue;
            }
            for (String v : values) {
                Integer other = first.putIfAbsent(person + "/" + v, row);
                if (other != null) {
                    parent[find(parent, row)] = find(parent, other);
                }
            }
        }
        int[] label = new int[rows];
        for (int row = 0; row < rows; row++) {
            label[row] = find(parent, row);
        }
        outcomes.resolve(LongOpenHashSet.of(1, 2, 3));
        RowOutcomes.Grading got = outcomes.grade();
        if (rows > 0) {
            assertThat(got.linkable()).isEqualTo(PairwiseScorer.score(predicted, label));
        }
    }

    private static int find(int[] parent, int x) {
        while (parent[x] != x) {
            x = parent[x];
        }
        return x;
    }
}
