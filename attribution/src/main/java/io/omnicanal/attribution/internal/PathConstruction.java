package io.omnicanal.attribution.internal;

import io.omnicanal.attribution.Conversion;
import io.omnicanal.attribution.Dimension;
import io.omnicanal.attribution.PathSettings;
import io.omnicanal.attribution.TouchColumns;
import io.omnicanal.attribution.Touchpoint;
import it.unimi.dsi.fastutil.HashCommon;
import it.unimi.dsi.fastutil.booleans.BooleanArrayList;
import it.unimi.dsi.fastutil.ints.IntArrays;
import it.unimi.dsi.fastutil.ints.IntComparator;
import it.unimi.dsi.fastutil.longs.Long2IntOpenHashMap;
import it.unimi.dsi.fastutil.longs.LongArrayList;
import it.unimi.dsi.fastutil.longs.LongArrays;
import it.unimi.dsi.fastutil.objects.Object2IntOpenHashMap;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.function.IntFunction;
import java.util.function.LongFunction;

/**
 * Splits raw touchpoints into paths, one per conversion plus one non-converting tail per profile.
 *
 * <p>Design note: two ways through, same rows.
 *
 * <p><b>Streamed</b> (touches grouped by ascending profile key, as an export sorted by profile
 * comes): the conversions (few) are put in (profile key, time) order first; then the touches are
 * read once and each profile's run is cut into paths as soon as the next profile starts. The run
 * sits in two small reused buffers (time, step id), sorted by time in place where it is not
 * already (stable, so ties keep input order), so the only memory that grows with the input is the
 * output table: no per-touch working column, no profile interning, no permutation. Profiles that
 * only have conversions are merged in by key order. The first touch whose key is smaller than the
 * previous one abandons the stream (nothing a caller can see has changed) and the general way
 * runs instead.
 *
 * <p><b>General</b> (any order): the inputs are interned once into primitive columns (time in
 * epoch nanoseconds, step id, profile id), grouped by profile with a counting sort (O(n)), and
 * each profile's run is sorted by time with a stable sort. {@link ProfileIndex} still avoids
 * hashing while the touches arrive grouped by ascending key.
 *
 * <p>Both: a conversion's path holds the touches after the previous counted conversion of the
 * profile and no older than the lookback before it (a touch at the conversion instant belongs to
 * it). Conversions of a profile at the same instant make one row together: their count and their
 * value summed in ascending order of value, on the path the first of them would get, so neither
 * the rows nor the sums depend on the order the conversions came in (each touch still lands in at
 * most one path, which the reserved step columns rely on). The touches after a profile's last
 * conversion form a non-converting path that ends at its last touch. Profiles are visited in ascending key order so the rows do not depend on the input
 * order of profiles. Each path goes to a {@link RowSink}: the {@link PathAssembler} (a table; its
 * step columns are reserved once at their upper bound, every kept touch landing in at most one
 * path, so they never regrow and are handed over without a copy when full) or a
 * {@link FirstOrderCounts} that only counts Markov transitions, so that no table is made at all.
 */
public final class PathConstruction {
    private final PathSettings settings;
    private final List<Dimension> dims;

    private final long lookback;
    private final int lookbackSteps;
    private final boolean includeNonConverting;

    public PathConstruction(PathSettings settings) {
        this.settings = settings;
        this.dims = settings.dimensions();
        this.lookback = settings.lookback().toNanos();
        this.lookbackSteps = settings.lookbackSteps();
        this.includeNonConverting = settings.includeNonConverting();
    }

    public PathData build(Collection<Touchpoint> touches, Collection<Conversion> conversions,
                          LongFunction<String> grouping) {
        SortedConversions sorted = prepare(touches, conversions);
        PathAssembler out = assembler();
        GroupMemo memo = grouping == null ? null : new GroupMemo(grouping);
        if (!streamed(touches, sorted, memo, out, out)) {
            out = assembler();
            if (memo != null) {
                memo.replay();
            }
            general(touches, conversions, memo, out, out);
        }
        return out.build();
    }

    /**
     * The first-order Markov chain of the paths {@link #build} would make (ungrouped), counted
     * while they are cut: no path table is made.
     */
    public FirstOrderCounts.Chain firstOrderChain(Collection<Touchpoint> touches, Collection<Conversion> conversions) {
        SortedConversions sorted = prepare(touches, conversions);
        PathAssembler names = assembler();
        FirstOrderCounts counts = new FirstOrderCounts();
        if (!streamed(touches, sorted, null, names, counts)) {
            names = assembler();
            counts = new FirstOrderCounts();
            general(touches, conversions, null, names, counts);
        }
        return counts.chain(names);
    }

    /** The paths of touches held in columns (sorted by profile and time), streamed in one pass. */
    public PathData build(TouchColumns touches, Collection<Conversion> conversions, LongFunction<String> grouping) {
        SortedConversions sorted = prepare(touches, touches.size() == 0, conversions);
        PathAssembler out = assembler();
        columns(touches, sorted, grouping, out, out);
        return out.build();
    }

    /** As {@link #firstOrderChain(Collection, Collection)}, from touches held in columns. */
    public FirstOrderCounts.Chain firstOrderChain(TouchColumns touches, Collection<Conversion> conversions) {
        SortedConversions sorted = prepare(touches, touches.size() == 0, conversions);
        PathAssembler names = assembler();
        FirstOrderCounts counts = new FirstOrderCounts();
        columns(touches, sorted, null, names, counts);
        return counts.chain(names);
    }

    private SortedConversions prepare(Collection<Touchpoint> touches, Collection<Conversion> conversions) {
        return prepare(touches, Objects.requireNonNull(touches, "touchpoints").isEmpty(), conversions);
    }

    private SortedConversions prepare(Object touches, boolean noTouches, Collection<Conversion> conversions) {
        Objects.requireNonNull(touches, "touchpoints");
        Objects.requireNonNull(conversions, "conversions");
        if (noTouches && conversions.isEmpty()) {
            throw new IllegalArgumentException("touchpoints: empty data set, no touchpoint and no conversion");
        }
        return new SortedConversions(conversions, settings);
    }

    private PathAssembler assembler() {
        return new PathAssembler(dims, settings.directChannel(), true);
    }

    /**
     * One pass over touches grouped by ascending profile key, paths to {@code sink} (which stores
     * them when it is {@code out} itself); false as soon as a touch shows the touches are not
     * grouped so (the caller then takes the general way with fresh state).
     */
    private boolean streamed(Collection<Touchpoint> touches, SortedConversions conv, LongFunction<String> grouping,
                             PathAssembler out, RowSink sink) {
        StepIds stepIds = new StepIds(settings, out);
        Transforms tf = new Transforms(settings, out, sink, sink == out);
        RunSorter sorter = new RunSorter();
        int nT = touches.size();
        boolean storing = sink == out;
        // rows are not known up front: start small and extrapolate from the share of touches read
        int rowCapacity = Math.min(nT + conv.n, 1 << 12);
        if (storing) {
            out.reserve(nT, rowCapacity);
        }
        long[] runTime = new long[64];
        int[] runValue = new int[64];
        int run = 0;
        long key = 0;
        boolean started = false;
        int ci = 0;
        int index = 0;
        boolean excludes = !settings.excludedChannels().isEmpty();
        for (Touchpoint t : touches) {
            long time = admit(t, index++, excludes);
            if (time == EXCLUDED) {
                continue;
            }
            long k = t.profile();
            if (!started || k != key) {
                if (started) {
                    if (k < key) {
                        return false;
                    }
                    ci = cutProfile(key, runTime, runValue, run, sorter, conv, ci, grouping, tf, out);
                    if (storing && out.rows() >= rowCapacity - 64) {
                        rowCapacity = (int) Math.min(Integer.MAX_VALUE - 16,
                                (long) out.rows() * nT / index + out.rows() / 8 + 1024);
                        out.reserve(0, rowCapacity - out.rows());
                    }
                }
                started = true;
                key = k;
                run = 0;
            }
            if (run == runTime.length) {
                runTime = Arrays.copyOf(runTime, run * 2);
                runValue = Arrays.copyOf(runValue, run * 2);
            }
            runTime[run] = time;
            runValue[run] = stepIds.code(t);
            run++;
        }
        if (started) {
            ci = cutProfile(key, runTime, runValue, run, sorter, conv, ci, grouping, tf, out);
        }
        while (ci < conv.n) {
            ci = cutProfile(conv.key(ci), runTime, runValue, 0, sorter, conv, ci, grouping, tf, out);
        }
        return true;
    }

    /**
     * One pass over columns sorted by (profile, time): each profile's run is copied into the run
     * buffers with its step ids and cut; no string is hashed per touch (a step id is looked up
     * from the touch's dictionary ids).
     */
    private void columns(TouchColumns touches, SortedConversions conv, LongFunction<String> grouping,
                         PathAssembler out, RowSink sink) {
        StepIds stepIds = new StepIds(settings, out);
        stepIds.prepare(touches);
        Transforms tf = new Transforms(settings, out, sink, sink == out);
        RunSorter sorter = null; // the columns are in (profile, time) order
        int n = touches.size();
        if (sink == out) {
            int profiles = 0;
            for (int i = 0; i < n; i++) {
                if (i == 0 || touches.profile(i) != touches.profile(i - 1)) {
                    profiles++;
                }
            }
            out.reserve(n, (int) Math.min(Integer.MAX_VALUE - 16, (long) conv.n + profiles));
        }
        boolean[] excluded = excluded(touches);
        long[] runTime = new long[64];
        int[] runValue = new int[64];
        int ci = 0;
        int i = 0;
        while (i < n) {
            long key = touches.profile(i);
            int run = 0;
            do {
                if (excluded == null || !excluded[touches.channelId(i)]) {
                    if (run == runTime.length) {
                        runTime = Arrays.copyOf(runTime, run * 2);
                        runValue = Arrays.copyOf(runValue, run * 2);
                    }
                    runTime[run] = touches.epochNanos(i);
                    runValue[run] = stepIds.code(touches, i);
                    run++;
                }
                i++;
            } while (i < n && touches.profile(i) == key);
            ci = cutProfile(key, runTime, runValue, run, sorter, conv, ci, grouping, tf, out);
        }
        while (ci < conv.n) {
            ci = cutProfile(conv.key(ci), runTime, runValue, 0, sorter, conv, ci, grouping, tf, out);
        }
    }

    /** Whether each channel id of the columns is excluded; null when no channel is. */
    private boolean[] excluded(TouchColumns touches) {
        if (settings.excludedChannels().isEmpty()) {
            return null;
        }
        List<String> names = touches.channels();
        boolean[] out = new boolean[names.size()];
        for (int c = 0; c < out.length; c++) {
            out[c] = settings.excludedChannels().contains(names.get(c));
        }
        return out;
    }

    /**
     * Cuts profile {@code key}'s run of {@code run} touches into paths, after the profiles that
     * only have conversions with smaller keys; returns the conversion cursor past this profile.
     */
    private int cutProfile(long key, long[] runTime, int[] runValue, int run, RunSorter sorter,
                           SortedConversions conv, int ci, LongFunction<String> grouping, Transforms tf,
                           PathAssembler out) {
        while (ci < conv.n && conv.key(ci) < key) {
            long only = conv.key(ci);
            int from = ci;
            while (ci < conv.n && conv.key(ci) == only) {
                ci++;
            }
            cut(tf, null, runTime, runValue, 0, 0, conv.order, conv.time, conv.value, from, ci,
                    group(grouping, only, out));
        }
        int from = ci;
        while (ci < conv.n && conv.key(ci) == key) {
            ci++;
        }
        if (run == 0 && from == ci) {
            return ci;
        }
        if (sorter != null) {
            sorter.sort(runTime, runValue, 0, run);
        }
        cut(tf, null, runTime, runValue, 0, run, conv.order, conv.time, conv.value, from, ci,
                group(grouping, key, out));
        return ci;
    }

    private static int group(LongFunction<String> grouping, long key, PathAssembler out) {
        if (grouping == null) {
            return 0;
        }
        String g = grouping.apply(key);
        if (g == null) {
            throw new NullPointerException("group of profile " + key);
        }
        return out.group(g);
    }

    /**
     * Emits one profile's paths: its touches {@code [tFrom, tTo)} (through {@code tPerm}, null for
     * identity) in time order, its conversions {@code cOrder[cFrom, cTo)} in time order.
     */
    private void cut(Transforms tf, int[] tPerm, long[] tTime, int[] tValue, int tFrom, int tTo,
                     int[] cOrder, long[] cTime, double[] cValue, int cFrom, int cTo, int group) {
        int steps = lookbackSteps;
        int cursor = tFrom;
        long previous = Long.MIN_VALUE;
        for (int ci = cFrom; ci < cTo; ) {
            int c = cOrder[ci];
            long end = cTime[c];
            // conversions at the same instant (in time order, so adjacent) make one row together
            int same = ci + 1;
            while (same < cTo && cTime[cOrder[same]] == end) {
                same++;
            }
            double value = same - ci == 1 ? cValue[c] : sumInValueOrder(cOrder, cValue, ci, same);
            int from = cursor;
            while (cursor < tTo && tTime[at(tPerm, cursor)] <= end) {
                cursor++;
            }
            long earliest = windowStart(end);
            while (from < cursor && (tTime[at(tPerm, from)] < earliest || tTime[at(tPerm, from)] <= previous)) {
                from++;
            }
            if (steps > 0 && cursor - from > steps) {
                from = cursor - steps;
            }
            tf.load(tPerm, tValue, tTime, from, cursor, end);
            tf.emit(same - ci, value, 0, group);
            previous = end;
            ci = same;
        }
        if (includeNonConverting && cursor < tTo) {
            long end = tTime[at(tPerm, tTo - 1)];
            long earliest = windowStart(end);
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

    /**
     * The earliest instant of the lookback window ending at {@code end}; the earliest epoch
     * nanosecond when the window starts before it (a lookback of up to 200 years from a path in
     * the 1670s-1870s), instead of wrapping around.
     */
    private long windowStart(long end) {
        long earliest = end - lookback;
        return earliest > end ? Long.MIN_VALUE : earliest;
    }

    /**
     * The value of conversions {@code order[from, to)} (one profile, one instant), summed in
     * ascending order of value so that the double does not depend on the order they came in
     * (floating-point addition is not associative). Rare: allocates.
     */
    private static double sumInValueOrder(int[] order, double[] value, int from, int to) {
        double[] v = new double[to - from];
        for (int i = from; i < to; i++) {
            v[i - from] = value[order[i]];
        }
        Arrays.sort(v);
        double sum = 0;
        for (double x : v) {
            sum += x;
        }
        return sum;
    }

    /** Any input order: primitive columns, profiles interned and grouped by a counting sort. */
    private void general(Collection<Touchpoint> touches, Collection<Conversion> conversions,
                         LongFunction<String> grouping, PathAssembler out, RowSink sink) {
        StepIds stepIds = new StepIds(settings, out);
        int nT = touches.size();
        ProfileIndex profileIndex = new ProfileIndex(nT);
        long[] tTime = new long[nT];
        int[] tValue = new int[nT];
        int kept = 0;
        int index = 0;
        boolean excludes = !settings.excludedChannels().isEmpty();
        for (Touchpoint t : touches) {
            long time = admit(t, index++, excludes);
            if (time == EXCLUDED) {
                continue;
            }
            profileIndex.addTouch(kept, t.profile());
            tTime[kept] = time;
            tValue[kept] = stepIds.code(t);
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
            long time = nanos(c.time(), "conversions", index); // nulls were refused by SortedConversions
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
            RunSorter sorter = new RunSorter();
            for (int p = 0; p < touchProfiles; p++) {
                sorter.sort(tTime, tValue, tStart[p], tStart[p + 1]);
            }
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
        if (sink == out) {
            out.reserve(kept, keptC + touchProfiles);
        }

        Transforms tf = new Transforms(settings, out, sink, sink == out);
        for (int i = 0; i < profiles; i++) {
            int p = visit == null ? i : visit[i];
            cut(tf, tPerm, tTime, tValue, tStart[p], tStart[p + 1], cPerm, cTime, cValue, cStart[p], cStart[p + 1],
                    group(grouping, sortedKeys[i], out));
        }
    }

    /**
     * The caller's grouping, called once per profile even when the streamed pass is abandoned
     * and the general one visits the same profiles again: the streamed pass records each profile's
     * group (it visits keys in ascending order, so two parallel lists sorted by key) and the
     * general pass finds a recorded key by binary search before it calls the grouping. Not
     * thread-safe.
     */
    private static final class GroupMemo implements LongFunction<String> {
        private final LongFunction<String> grouping;
        private final LongArrayList keys = new LongArrayList();
        private final List<String> groups = new ArrayList<>();
        private boolean replaying;

        GroupMemo(LongFunction<String> grouping) {
            this.grouping = grouping;
        }

        /** From now on, answers recorded keys from the record. */
        void replay() {
            replaying = true;
        }

        @Override
        public String apply(long key) {
            if (replaying) {
                int i = LongArrays.binarySearch(keys.elements(), 0, keys.size(), key);
                return i >= 0 ? groups.get(i) : grouping.apply(key);
            }
            String g = grouping.apply(key);
            keys.add(key);
            groups.add(g);
            return g;
        }
    }

    /**
     * Step ids of touches: the value of the single dimension interned, or for combined dimensions
     * each component interned to a dense id and the tuple as a packed long, so that a combined key
     * string is built once per distinct tuple, not once per touch. {@code code} adds whether the
     * touch's channel is the direct channel (from the id when the channel is part of the step,
     * else from the touch), which the trailing-direct rule reads per touch. Not thread-safe.
     */
    private static final class StepIds {
        private static final int RECENT = 256;
        private final List<Dimension> dims;
        private final Dimension first;
        private final boolean single;
        private final String directChannel;
        private final PathAssembler out;
        final BooleanArrayList directById = new BooleanArrayList();
        private final List<Object2IntOpenHashMap<String>> componentIds = new ArrayList<>();
        private final Long2IntOpenHashMap tupleIds = new Long2IntOpenHashMap();
        private final StringBuilder key = new StringBuilder();
        /** Whether the channel is part of a step value (so a step id tells whether its touch is direct). */
        private final boolean channelInStep;
        /** Columns: whether each channel id is the direct channel. */
        private boolean[] directByChannel;
        /** Columns, the channel alone as the step: each channel id's code, -1 until seen; else null. */
        private int[] codeByChannel;
        /**
         * Objects, the channel alone as the step: the last channel string seen in each of
         * {@link #RECENT} slots (by its hash) and its code, so that a channel string the caller
         * reuses (an enum's name, a constant, a string interned by the caller's reader) is matched
         * by identity rather than looked up; other strings take the hash lookup as before.
         * Measured (session 9, Markov order 1 from the benchmark's 10.5M touch objects, 3 forks x
         * 6): 276.7 ± 16.1 ms without it, 230.3 ± 7.9 ms with it; 64 slots without the mix had
         * the benchmark's 12 channel names colliding and gained about half as much.
         */
        private final String[] recentName = new String[RECENT];
        private final int[] recentCode = new int[RECENT];
        /**
         * Whether {@link #code(Touchpoint)} tries the identity cache: the step is the channel alone,
         * and it stays on while at least three quarters of the lookups find their string (checked
         * from the 1,025th miss on). Per-touch strings, such as a reader that makes a new string per
         * field, turn it off for the rest of the pass, so that they pay only the hash lookup.
         */
        private boolean recentOn;
        private long lookups;
        private long misses;
        /** Columns, single dimension: the step id of each dictionary id, -1 until seen. */
        private int[] byComponent = new int[0];

        StepIds(PathSettings settings, PathAssembler out) {
            this.dims = settings.dimensions();
            this.first = dims.get(0);
            this.single = dims.size() == 1;
            this.directChannel = settings.directChannel();
            this.channelInStep = dims.contains(Dimension.CHANNEL);
            this.out = out;
            for (int d = 0; d < dims.size(); d++) {
                Object2IntOpenHashMap<String> ids = new Object2IntOpenHashMap<>();
                ids.defaultReturnValue(-1);
                componentIds.add(ids);
            }
            tupleIds.defaultReturnValue(-1);
            this.recentOn = single && channelInStep;
        }

        /** Touch {@code t}'s step id and whether its channel is the direct channel, as {@code id << 1 | direct}. */
        int code(Touchpoint t) {
            if (recentOn) {
                // the channel alone: its code is a function of the string, remembered by identity
                lookups++;
                String channel = t.channel();
                int slot = HashCommon.mix(channel.hashCode()) & (RECENT - 1);
                if (recentName[slot] == channel) {
                    return recentCode[slot];
                }
                int other = slot ^ 1; // two ways, so that two channels of one slot do not evict each other
                if (recentName[other] == channel) {
                    return recentCode[other];
                }
                if (++misses > 1024 && misses > lookups >> 2) {
                    recentOn = false; // the caller's strings are not reused: identity does not pay
                }
                int code = slowCode(t);
                if (recentName[slot] != null) {
                    recentName[other] = recentName[slot];
                    recentCode[other] = recentCode[slot];
                }
                recentName[slot] = channel;
                recentCode[slot] = code;
                return code;
            }
            return slowCode(t);
        }

        private int slowCode(Touchpoint t) {
            int id = of(t);
            boolean direct = channelInStep ? directById.getBoolean(id) : t.channel().equals(directChannel);
            return id << 1 | (direct ? 1 : 0);
        }

        /**
         * As {@link #code(Touchpoint)} for row {@code i} of columns. When the step is the channel
         * alone, the code of each channel id is kept once known: one array read a touch.
         */
        int code(TouchColumns touches, int i) {
            int channel = touches.channelId(i);
            if (codeByChannel != null) {
                int code = codeByChannel[channel];
                if (code >= 0) {
                    return code;
                }
            }
            int code = of(touches, i) << 1 | (directByChannel[channel] ? 1 : 0);
            if (codeByChannel != null) {
                codeByChannel[channel] = code;
            }
            return code;
        }

        /**
         * Readies the per-channel tables for these columns; refuses columns whose dictionaries are
         * too large to combine (as {@link #componentId} does).
         */
        void prepare(TouchColumns touches) {
            List<String> names = touches.channels();
            directByChannel = new boolean[names.size()];
            for (int c = 0; c < directByChannel.length; c++) {
                directByChannel[c] = names.get(c).equals(directChannel);
            }
            if (single && first == Dimension.CHANNEL) {
                codeByChannel = new int[names.size()];
                Arrays.fill(codeByChannel, -1);
            }
            if (single) {
                return;
            }
            for (Dimension d : dims) {
                if (touches.names(d).size() > 1 << 21) {
                    throw new IllegalArgumentException("dimensions: more than 2097152 distinct " + d.label()
                            + " values cannot be combined with another dimension");
                }
            }
        }

        /** The step id of row {@code i} of columns, from its dictionary ids. */
        int of(TouchColumns touches, int i) {
            int id;
            if (single) {
                int component = first == Dimension.CHANNEL ? touches.channelId(i) : touches.id(first, i);
                if (component < byComponent.length) {
                    id = byComponent[component];
                    if (id >= 0) {
                        return id;
                    }
                } else {
                    int old = byComponent.length;
                    byComponent = Arrays.copyOf(byComponent, Math.max(component + 1, old * 2));
                    Arrays.fill(byComponent, old, byComponent.length, -1);
                }
                id = out.intern(touches.names(first).get(component));
                byComponent[component] = id;
            } else {
                long code = 0;
                for (int d = 0; d < dims.size(); d++) {
                    code |= (long) touches.id(dims.get(d), i) << (21 * d);
                }
                id = tupleIds.get(code);
                if (id < 0) {
                    id = internTuple(code, d -> touches.names(dims.get(d)).get(touches.id(dims.get(d), i)));
                }
            }
            return id;
        }

        /**
         * Interns a combination seen for the first time: its components joined by U+001F, remembered
         * under its packed code. Called on a miss only, so the caller's lambda stays off the hit path.
         */
        private int internTuple(long code, IntFunction<String> component) {
            key.setLength(0);
            for (int d = 0; d < dims.size(); d++) {
                if (d > 0) {
                    key.append('\u001F');
                }
                key.append(component.apply(d));
            }
            int id = out.intern(key.toString());
            tupleIds.put(code, id);
            return id;
        }

        int of(Touchpoint t) {
            int id;
            if (single) {
                id = out.intern(first.of(t));
            } else {
                long code = 0;
                for (int d = 0; d < dims.size(); d++) {
                    code |= (long) componentId(componentIds.get(d), dims.get(d), dims.get(d).of(t)) << (21 * d);
                }
                id = tupleIds.get(code);
                if (id < 0) {
                    id = internTuple(code, d -> dims.get(d).of(t));
                }
            }
            if (id == directById.size()) {
                directById.add(t.channel().equals(directChannel));
            }
            return id;
        }
    }

    /**
     * The counted conversions (type filter applied, times validated) in (profile key, time) order,
     * ties in input order, through {@link #order}. Refuses a null element naming its index.
     */
    private static final class SortedConversions {
        final long[] keys;
        final long[] time;
        final double[] value;
        final int[] order;
        final int n;

        SortedConversions(Collection<Conversion> conversions, PathSettings settings) {
            int size = conversions.size();
            long[] k = new long[size];
            long[] t = new long[size];
            double[] v = new double[size];
            int kept = 0;
            int index = 0;
            boolean allTypes = settings.conversionTypes().isEmpty();
            for (Conversion c : conversions) {
                if (c == null) {
                    throw new NullPointerException("conversions[" + index + "] is null");
                }
                long at = nanos(c.time(), "conversions", index);
                index++;
                if (!allTypes && !settings.conversionTypes().contains(c.type())) {
                    continue;
                }
                k[kept] = c.profile();
                t[kept] = at;
                v[kept] = c.value();
                kept++;
            }
            n = kept;
            keys = k;
            time = t;
            value = v;
            int[] o = new int[n];
            boolean inOrder = true;
            for (int i = 0; i < n; i++) {
                o[i] = i;
                inOrder &= i == 0 || k[i - 1] < k[i] || (k[i - 1] == k[i] && t[i - 1] <= t[i]);
            }
            if (!inOrder) {
                IntArrays.mergeSort(o, (a, b) -> k[a] != k[b] ? Long.compare(k[a], k[b]) : Long.compare(t[a], t[b]));
            }
            order = o;
        }

        /** The profile key of the {@code i}-th conversion in order. */
        long key(int i) {
            return keys[order[i]];
        }
    }

    /**
     * Stable in-place sort by time of a run of (time, step id) pairs, with scratch buffers reused
     * across runs. Not thread-safe.
     */
    private static final class RunSorter {
        private int[] index = new int[0];
        private int[] support = new int[0];
        private long[] timeCopy = new long[0];
        private int[] valueCopy = new int[0];

        void sort(long[] time, int[] value, int from, int to) {
            int i = from + 1;
            while (i < to && time[i - 1] <= time[i]) {
                i++;
            }
            if (i >= to) {
                return; // already in order, the usual case
            }
            if (to - from <= 24) {
                insertionSortPairs(time, value, from, to);
                return;
            }
            int n = to - from;
            if (index.length < n) {
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

    /** What {@link #admit} gives for a touch of an excluded channel (never an epoch-nanosecond value). */
    private static final long EXCLUDED = Long.MIN_VALUE;

    /**
     * Checks touch {@code index} of the input: refuses a null (naming its index) and a time out of
     * range; gives its epoch nanoseconds, or {@link #EXCLUDED} when its channel is excluded.
     *
     * @param excludes whether any channel is excluded (spares the set lookup when none is)
     */
    private long admit(Touchpoint t, int index, boolean excludes) {
        if (t == null) {
            throw new NullPointerException("touchpoints[" + index + "] is null");
        }
        long time = nanos(t.time(), "touchpoints", index);
        return excludes && settings.excludedChannels().contains(t.channel()) ? EXCLUDED : time;
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
