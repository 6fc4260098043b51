package io.omnicanal.examples.pipeline;

import io.omnicanal.attribution.Conversion;
import io.omnicanal.attribution.Touchpoint;
import io.omnicanal.examples.report.ReportData.PairwiseScore;
import io.omnicanal.identity.Identifier;
import io.omnicanal.identity.IdentityGraph;
import it.unimi.dsi.fastutil.ints.IntArrayList;
import it.unimi.dsi.fastutil.longs.Long2IntOpenHashMap;
import it.unimi.dsi.fastutil.longs.Long2LongOpenHashMap;
import it.unimi.dsi.fastutil.longs.LongArrayList;
import it.unimi.dsi.fastutil.longs.LongOpenHashSet;
import it.unimi.dsi.fastutil.longs.LongSet;
import it.unimi.dsi.fastutil.objects.Object2IntOpenHashMap;
import java.nio.file.Path;
import java.time.Instant;
import java.util.AbstractCollection;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;

/**
 * What the replay keeps of each row for grading, the link rate and attribution, in primitive
 * columns, so that memory follows profiles and touches rather than whole rows.
 *
 * <p>A row is recorded under the profile key its link returned. Profiles move on afterwards
 * (identity reports each merge or re-key as {@code loser -> winner}), so every recorded key is
 * resolved at the end by following those moves to the key it has in the final graph; a key whose
 * chain ends at no live profile (its profile was split or erased) resolves to
 * {@link IdentityGraph#NO_PROFILE}. This relies on a key that moved away not naming a profile
 * again during the run (true when nothing splits: the pipeline replays in order and applies
 * erasures before it starts); a re-key back onto an earlier key is handled. Not thread-safe.
 */
final class RowOutcomes implements AutoCloseable {
    private static final long NONE = IdentityGraph.NO_PROFILE;

    /** Where each key that stopped naming a profile went; a live key has no entry. */
    private final Long2LongOpenHashMap movedTo = new Long2LongOpenHashMap();

    // Grading: rows with a true person that is not a bot, counted per (person, identifier
    // class, key); the classes are a union-find over the distinct (person, identifier) hashes.
    private final GradeCounts grades = new GradeCounts();
    private final Long2IntOpenHashMap nodeOf = new Long2IntOpenHashMap();
    private final IntArrayList nodeParent = new IntArrayList();

    // Link rate: keys of profiles with a web or app event, and the key of each shop purchase.
    private final LongOpenHashSet onlineKeys = new LongOpenHashSet();
    private final LongArrayList shopKeys = new LongArrayList();

    // Touches with a profile, spilled to disk; strings interned to codes.
    private final TouchFile touchFile;
    private final Object2IntOpenHashMap<String> codes = new Object2IntOpenHashMap<>();
    private final List<String> names = new ArrayList<>();
    long unlinkedTouches;
    /** Conversions whose row, or whose profile at the end, has no profile: not attributed. */
    long conversionsWithoutProfile;
    /** Their value. */
    double valueWithoutProfile;

    private final List<Conversion> conversions = new ArrayList<>();

    /** @param tmp where the touches spill (a private temp file, deleted by {@link #close}) */
    RowOutcomes(Path tmp) {
        touchFile = new TouchFile(tmp);
        movedTo.defaultReturnValue(NONE);
        nodeOf.defaultReturnValue(-1);
        codes.defaultReturnValue(-1);
    }

    /** Identity moved profile {@code loser} to {@code winner}. */
    void moved(long loser, long winner) {
        movedTo.remove(winner); // a live key goes nowhere; this also keeps the chains free of cycles
        movedTo.put(loser, winner);
    }

    /**
     * A graded row: its true person, its profile key (NO_PROFILE if none) and its normalised
     * identifiers (null for an erased person's row).
     */
    void graded(int truth, long key, List<Identifier> ids) {
        int node = -1;
        if (ids != null) {
            for (Identifier id : ids) {
                long h = hash(truth, id);
                int n = nodeOf.get(h);
                if (n < 0) {
                    n = nodeParent.size();
                    nodeOf.put(h, n);
                    nodeParent.add(n);
                }
                if (node < 0) {
                    node = n;
                } else {
                    int a = find(node);
                    int b = find(n);
                    nodeParent.set(Math.max(a, b), Math.min(a, b));
                }
            }
        }
        grades.add(truth, node, key);
    }

    /** A web or app event of a profile. */
    void online(long key) {
        if (key != NONE) {
            onlineKeys.add(key);
        }
    }

    /** A shop purchase, NO_PROFILE if it linked to none. */
    void shop(long key) {
        shopKeys.add(key);
    }

    /** A marketing touch, NO_PROFILE if it linked to none. */
    void touch(long key, Instant time, Inputs.Touch t) {
        if (key == NONE) {
            unlinkedTouches++;
            return;
        }
        touchFile.append(key, time.getEpochSecond(), time.getNano(), code(t.channel()), code(t.campaign()),
                code(t.device().isEmpty() ? "unknown" : t.device()), code(t.kind()), t.cost());
    }

    /** A conversion (online or in the shop) of a profile. */
    void conversion(long key, Instant time, double value, String type) {
        if (key != NONE) {
            conversions.add(new Conversion(key, time, value, type));
        } else {
            conversionsWithoutProfile++;
            valueWithoutProfile += value;
        }
    }

    private int code(String s) {
        int c = codes.getInt(s);
        if (c < 0) {
            c = names.size();
            codes.put(s, c);
            names.add(s);
        }
        return c;
    }

    /**
     * Resolves every recorded key to its final profile; call once, after the replay.
     *
     * @param live the keys of the final graph's profiles
     */
    void resolve(LongSet live) {
        grades.rekey(k -> resolve(k, live));
        resolveAll(shopKeys, live);
        LongOpenHashSet online = new LongOpenHashSet(onlineKeys.size());
        onlineKeys.forEach(k -> {
            long r = resolve(k, live);
            if (r != NONE) {
                online.add(r);
            }
        });
        onlineKeys.clear();
        onlineKeys.addAll(online);
        unlinkedTouches += touchFile.rekey(k -> resolve(k, live));
        List<Conversion> resolved = new ArrayList<>(conversions.size());
        for (Conversion c : conversions) {
            long r = resolve(c.profile(), live);
            if (r != NONE) {
                resolved.add(new Conversion(r, c.time(), c.value(), c.type()));
            } else {
                conversionsWithoutProfile++;
                valueWithoutProfile += c.value();
            }
        }
        conversions.clear();
        conversions.addAll(resolved);
        movedTo.clear();
        movedTo.trim();
        nodeOf.clear();
        nodeOf.trim();
    }

    private void resolveAll(LongArrayList keys, LongSet live) {
        for (int i = 0; i < keys.size(); i++) {
            keys.set(i, resolve(keys.getLong(i), live));
        }
    }

    private long resolve(long key, LongSet live) {
        if (key == NONE) {
            return NONE;
        }
        long k = key;
        for (long next = movedTo.get(k); next != NONE; next = movedTo.get(k)) {
            k = next;
        }
        return live.contains(k) ? k : NONE;
    }

    /** Shop purchases with a final profile, and those whose profile also has web or app events. */
    long[] shopLinks() {
        long identified = 0;
        long matched = 0;
        for (int i = 0; i < shopKeys.size(); i++) {
            long k = shopKeys.getLong(i);
            if (k != NONE) {
                identified++;
                if (onlineKeys.contains(k)) {
                    matched++;
                }
            }
        }
        return new long[] {identified, matched};
    }

    /**
     * The grading of the stitching; call after {@link #resolve}.
     *
     * @param rowsWithProfile graded rows that ended in a profile
     * @param persons         pairwise scores against the true persons
     * @param linkable        pairwise scores against the best clustering the data allows: rows
     *                        joined when they share a normalised identifier and belong to the same
     *                        true person, transitively (a plain union-find independent of the
     *                        library's graph and its rules); identifiers are compared by a 64-bit
     *                        hash of (person, type, value): at ten million distinct values the
     *                        chance of any collision is about 3 in a million
     */
    record Grading(long rowsWithProfile, PairwiseScore persons, PairwiseScore linkable) {}

    /** Grades the stitching (null scores when no row was graded); call after {@link #resolve}. */
    Grading grade() {
        int n = grades.size();
        int[] predicted = new int[n];
        int[] truth = new int[n];
        int[] linkable = new int[n];
        int[] rows = new int[n];
        Long2IntOpenHashMap labels = new Long2IntOpenHashMap();
        long[] withProfile = {0};
        int[] g = {0};
        grades.forEach((person, node, key, count) -> {
            int i = g[0]++;
            predicted[i] = key == NONE ? PairwiseScorer.SINGLETONS : labels.computeIfAbsent(key, x -> labels.size());
            truth[i] = person;
            linkable[i] = node < 0 ? PairwiseScorer.SINGLETONS : find(node);
            rows[i] = count;
            withProfile[0] += key == NONE ? 0 : count;
        });
        if (n == 0) {
            return new Grading(0, null, null);
        }
        return new Grading(withProfile[0], PairwiseScorer.score(predicted, truth, rows),
                PairwiseScorer.score(predicted, linkable, rows));
    }

    private int find(int x) {
        while (nodeParent.getInt(x) != x) {
            int grand = nodeParent.getInt(nodeParent.getInt(x));
            nodeParent.set(x, grand);
            x = grand;
        }
        return x;
    }

    private static long hash(int truth, Identifier id) {
        long h = 0x9E3779B97F4A7C15L * (truth + 1L);
        h = mix(h ^ id.type().name().hashCode());
        String v = id.value();
        for (int i = 0; i < v.length(); i++) {
            h = (h ^ v.charAt(i)) * 0x100000001B3L;
        }
        return mix(h ^ v.length());
    }

    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /** Conversions with their final profile. */
    List<Conversion> conversions() {
        return conversions;
    }

    /**
     * The touches with their final profile, as a view that makes each {@link Touchpoint} as it is
     * iterated (so that tens of millions of touches never exist as objects at once).
     */
    Collection<Touchpoint> touches() {
        return new AbstractCollection<>() {
            @Override
            public Iterator<Touchpoint> iterator() {
                TouchFile.Cursor c = touchFile.cursor();
                return new Iterator<>() {
                    @Override
                    public boolean hasNext() {
                        return c != null && c.hasNext();
                    }

                    @Override
                    public Touchpoint next() {
                        if (!hasNext()) {
                            throw new NoSuchElementException();
                        }
                        c.next();
                        return new Touchpoint(c.key, Instant.ofEpochSecond(c.second, c.nano), names.get(c.channel),
                                names.get(c.campaign), names.get(c.device), names.get(c.kind), c.cost);
                    }
                };
            }

            @Override
            public int size() {
                return Math.toIntExact(touchFile.size());
            }
        };
    }

    /** Deletes the spilled touches. */
    @Override
    public void close() {
        touchFile.close();
    }
}
