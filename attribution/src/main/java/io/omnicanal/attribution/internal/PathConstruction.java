package io.omnicanal.attribution.internal;

import io.omnicanal.attribution.Conversion;
import io.omnicanal.attribution.Dimension;
import io.omnicanal.attribution.PathSettings;
import io.omnicanal.attribution.Touchpoint;
import it.unimi.dsi.fastutil.booleans.BooleanArrayList;
import it.unimi.dsi.fastutil.ints.IntArrays;
import it.unimi.dsi.fastutil.ints.IntComparator;
import it.unimi.dsi.fastutil.longs.Long2IntOpenHashMap;
import it.unimi.dsi.fastutil.longs.LongArrays;
import it.unimi.dsi.fastutil.objects.Object2IntOpenHashMap;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.function.LongFunction;

/**
 * Splits raw touchpoints into paths, one per conversion plus one non-converting tail per profile.
 *
 * <p>Design note: the inputs are interned once into primitive columns (time in epoch nanoseconds,
 * step id, and profile id only when needed), grouped by profile with a counting sort (O(n)), and
 * each profile's small run is sorted by time with a stable sort, so ties keep input order. Input
 * that arrives grouped by ascending profile key (an export sorted by profile) takes a faster,
 * leaner path ({@link ProfileIndex}): no hashing of profile keys, no profile column and no
 * permutation; runs are checked for time order and sorted in place only where needed. Output
 * columns are reserved once at their upper bound (every kept touch in at most one path), so they
 * never regrow and are handed to the table without a copy when full. A conversion's path
 * holds the touches after the previous counted conversion of the profile and no older than the
 * lookback before it (a touch at the conversion instant belongs to it). The touches after a
 * profile's last conversion form a non-converting path that ends at its last touch. Profiles are
 * visited in ascending key order so the rows do not depend on the input order of profiles.
 */
public final class PathConstruction {
    private final PathSettings settings;
    private final List<Dimension> dims;

    public PathConstruction(PathSettings settings) {
        this.settings = settings;
        this.dims = settings.dimensions();
    }

    public PathData build(Collection<Touchpoint> touches, Collection<Conversion> conversions,
                          LongFunction<String> grouping) {
        Objects.requireNonNull(touches, "touchpoints");
        Objects.requireNonNull(conversions, "conversions");
        if (touches.isEmpty() && conversions.isEmpty()) {
            throw new IllegalArgumentException("touchpoints: empty data set, no touchpoint and no conversion");
        }
        PathAssembler out = new PathAssembler(dims, settings.directChannel(), true);
        BooleanArrayList directById = new BooleanArrayList();

        int nT = touches.size();
        ProfileIndex profileIndex = new ProfileIndex(nT);
        long[] tTime = new long[nT];
        int[] tValue = new int[nT];
        int kept = 0;
        int index = 0;
        boolean single = dims.size() == 1;
        Dimension first = dims.get(0);
        boolean excludes = !settings.excludedChannels().isEmpty();
        StringBuilder key = new StringBuilder();
        List<Object2IntOpenHashMap<String>> componentIds = new java.util.ArrayList<>();
        for (int d = 0; d < dims.size(); d++) {
            Object2IntOpenHashMap<String> ids = new Object2IntOpenHashMap<>();
            ids.defaultReturnValue(-1);
            componentIds.add(ids);
        }
        Long2IntOpenHashMap tupleIds = new Long2IntOpenHashMap();
        tupleIds.defaultReturnValue(-1);
        for (Touchpoint t : touches) {
            if (t == null) {
                throw new NullPointerException("touchpoints[" + index + "] is null");
            }
            long time = nanos(t.time(), "touchpoints", index);
            index++;
            if (excludes && settings.excludedChannels().contains(t.channel())) {
                continue;
            }
            int id;
            if (single) {
                id = out.intern(first.of(t));
            } else {
                // intern each component to a dense id and the tuple as a packed long, so that a
                // combined key string is built once per distinct tuple, not once per touch
                long code = 0;
                for (int d = 0; d < dims.size(); d++) {
                    code |= (long) componentId(componentIds.get(d), dims.get(d), dims.get(d).of(t)) << (21 * d);
                }
                id = tupleIds.get(code);
                if (id < 0) {
                    key.setLength(0);
                    for (int d = 0; d < dims.size(); d++) {
                        if (d > 0) {
                            key.append('\u001F');
                        }
                        key.append(dims.get(d).of(t));
                    }
                    id = out.intern(key.toString());
                    tupleIds.put(code, id);
                }
            }
            if (id == directById.size()) {
                directById.add(t.channel().equals(settings.directChannel()));
            }
            profileIndex.addTouch(kept, t.profile());
            tTime[kept] = time;
            tValue[kept] = id;
            kept++;
        }
        int touchProfiles = profileIndex.size();
        int nC = conversions.size();
        int[] cProfile = new int[nC];
        long[] cTime = new long[nC];
        double[] cValue = new double[nC];
        int keptC = 0;
        index = 0;
        boolean allTypes = settings.conversionTypes().isEmpty();
        for (Conversion c : conversions) {
            if (c == null) {
                throw new NullPointerException("conversions[" + index + "] is null");
            }
            long time = nanos(c.time(), "conversions", index);
            index++;
            if (!allTypes && !settings.conversionTypes().contains(c.type())) {
                continue;
            }
            cProfile[keptC] = profileIndex.conversion(c.profile());
            cTime[keptC] = time;
            cValue[keptC] = c.value();
            keptC++;
        }
        int profiles = profileIndex.size();
        // Touches: when they came grouped by ascending profile key the runs are already in place
        // and are time-sorted where they lie (no permutation array); otherwise a counting sort.
        int[] tPerm;
        int[] tStart;
        if (profileIndex.ascending()) {
            tPerm = null;
            tStart = profileIndex.runStarts(kept, profiles);
            sortRunsInPlace(tTime, tValue, tStart, touchProfiles);
        } else {
            int[] tProfile = profileIndex.touchProfiles();
            tStart = starts(tProfile, kept, profiles);
            tPerm = groupByProfile(tProfile, tTime, kept, tStart);
        }
        int[] cStart = starts(cProfile, keptC, profiles);
        int[] cPerm = groupByProfile(cProfile, cTime, keptC, cStart);

        long[] sortedKeys = profileIndex.keys();
        int[] visit = profileOrder(sortedKeys);
        // every kept touch lands in at most one path, and each profile with touches gives at most
        // one row per conversion plus its tail
        out.reserve(kept, keptC + touchProfiles);

        Transforms tf = new Transforms(settings, directById, out);
        long lookback = settings.lookback().toNanos();
        int steps = settings.lookbackSteps();
        for (int i = 0; i < profiles; i++) {
            int p = visit == null ? i : visit[i];
            int group = grouping == null ? 0 : out.group(Objects.requireNonNull(grouping.apply(sortedKeys[i]),
                    "group of profile " + sortedKeys[i]));
            int tFrom = tStart[p];
            int tTo = tStart[p + 1];
            int cursor = tFrom;
            long previous = Long.MIN_VALUE;
            for (int ci = cStart[p]; ci < cStart[p + 1]; ci++) {
                int c = cPerm[ci];
                long end = cTime[c];
                int from = cursor;
                while (cursor < tTo && tTime[at(tPerm, cursor)] <= end) {
                    cursor++;
                }
                long earliest = end - lookback;
                while (from < cursor && (tTime[at(tPerm, from)] < earliest || tTime[at(tPerm, from)] <= previous)) {
                    from++;
                }
                if (steps > 0 && cursor - from > steps) {
                    from = cursor - steps;
                }
                tf.load(tPerm, tValue, tTime, from, cursor, end);
                tf.emit(1, cValue[c], 0, group);
                previous = end;
            }
            if (settings.includeNonConverting() && cursor < tTo) {
                long end = tTime[at(tPerm, tTo - 1)];
                long earliest = end - lookback;
                int from = cursor;
                while (from < tTo && tTime[at(tPerm, from)] < earliest) {
                    from++;
                }
                if (steps > 0 && tTo - from > steps) {
                    from = tTo - steps;
                }
                tf.load(tPerm, tValue, tTime, from, tTo, end);
                tf.emit(0, 0, 1, group);
            }
        }
        return out.build();
    }

    /** Position {@code i} through an optional permutation (null: identity). */
    static int at(int[] perm, int i) {
        return perm == null ? i : perm[i];
    }

    /**
     * Sorts {@code keys} in place and returns the profile id at each sorted position, or null when
     * they were sorted already (ids in key order, the common case of input sorted by profile).
     */
    private static int[] profileOrder(long[] keys) {
        boolean sorted = true;
        for (int i = 1; i < keys.length && sorted; i++) {
            sorted = keys[i - 1] < keys[i];
        }
        if (sorted) {
            return null;
        }
        long[] ids = new long[keys.length];
        for (int i = 0; i < keys.length; i++) {
            ids[i] = i;
        }
        LongArrays.radixSort(keys, ids);
        int[] visit = new int[keys.length];
        for (int i = 0; i < keys.length; i++) {
            visit[i] = (int) ids[i];
        }
        return visit;
    }

    /** Stable sort by time of each run {@code [start[p], start[p + 1])}, moving times and values together. */
    private static void sortRunsInPlace(long[] time, int[] value, int[] start, int runs) {
        int[] index = null;
        int[] support = null;
        long[] timeCopy = null;
        int[] valueCopy = null;
        for (int p = 0; p < runs; p++) {
            int from = start[p];
            int to = start[p + 1];
            int i = from + 1;
            while (i < to && time[i - 1] <= time[i]) {
                i++;
            }
            if (i >= to) {
                continue; // already in order, the usual case
            }
            if (to - from <= 24) {
                insertionSortPairs(time, value, from, to);
                continue;
            }
            int n = to - from;
            if (index == null || index.length < n) {
                index = new int[n];
                support = new int[n];
                timeCopy = new long[n];
                valueCopy = new int[n];
            }
            for (int k = 0; k < n; k++) {
                index[k] = from + k;
            }
            IntComparator byTime = (a, b) -> Long.compare(time[a], time[b]);
            System.arraycopy(index, 0, support, 0, n);
            IntArrays.mergeSort(index, 0, n, byTime, support);
            for (int k = 0; k < n; k++) {
                timeCopy[k] = time[index[k]];
                valueCopy[k] = value[index[k]];
            }
            System.arraycopy(timeCopy, 0, time, from, n);
            System.arraycopy(valueCopy, 0, value, from, n);
        }
    }

    private static void insertionSortPairs(long[] time, int[] value, int from, int to) {
        for (int i = from + 1; i < to; i++) {
            long t = time[i];
            int v = value[i];
            int j = i - 1;
            while (j >= from && time[j] > t) {
                time[j + 1] = time[j];
                value[j + 1] = value[j];
                j--;
            }
            time[j + 1] = t;
            value[j + 1] = v;
        }
    }

    private static int componentId(Object2IntOpenHashMap<String> ids, Dimension dimension, String value) {
        int id = ids.getInt(value);
        if (id < 0) {
            id = ids.size();
            if (id >= 1 << 21) {
                throw new IllegalArgumentException("dimensions: more than 2097152 distinct " + dimension.label()
                        + " values cannot be combined with another dimension");
            }
            ids.put(value, id);
        }
        return id;
    }

    /** Counting sort by profile, then a stable sort by time inside each profile's run. */
    private static int[] groupByProfile(int[] profile, long[] time, int n, int[] start) {
        int profiles = start.length - 1;
        int[] fill = start.clone();
        int[] perm = new int[n];
        for (int i = 0; i < n; i++) {
            perm[fill[profile[i]]++] = i;
        }
        IntComparator byTime = (a, b) -> Long.compare(time[a], time[b]);
        int[] support = null;
        for (int p = 0; p < profiles; p++) {
            int from = start[p];
            int to = start[p + 1];
            if (to - from <= 1) {
                continue;
            }
            if (to - from <= 24) {
                insertionSort(perm, from, to, time);
            } else {
                // fastutil's mergeSort without a support array clones the whole array on every
                // call, which is quadratic over many profiles; give it a reused one instead
                if (support == null) {
                    support = new int[n];
                }
                System.arraycopy(perm, from, support, from, to - from);
                IntArrays.mergeSort(perm, from, to, byTime, support);
            }
        }
        return perm;
    }

    /** Stable insertion sort of {@code perm[from, to)} by time; runs are short. */
    private static void insertionSort(int[] perm, int from, int to, long[] time) {
        for (int i = from + 1; i < to; i++) {
            int x = perm[i];
            long t = time[x];
            int j = i - 1;
            while (j >= from && time[perm[j]] > t) {
                perm[j + 1] = perm[j];
                j--;
            }
            perm[j + 1] = x;
        }
    }

    private static int[] starts(int[] profile, int n, int profiles) {
        int[] start = new int[profiles + 1];
        for (int i = 0; i < n; i++) {
            start[profile[i] + 1]++;
        }
        for (int p = 0; p < profiles; p++) {
            start[p + 1] += start[p];
        }
        return start;
    }

    /**
     * Epoch nanoseconds of {@code array[index].time}; the field name is only built on failure, as
     * this runs once per touch (building it eagerly cost about 48 bytes a touch).
     */
    static long nanos(Instant t, String array, int index) {
        try {
            return Math.addExact(Math.multiplyExact(t.getEpochSecond(), 1_000_000_000L), t.getNano());
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException(array + "[" + index + "].time: " + t
                    + " is outside the supported range (years 1678 to 2262)", e);
        }
    }
}
