package io.omnicanal.segmentation.internal;

import io.omnicanal.segmentation.Condition;
import io.omnicanal.segmentation.EventFilter;
import io.omnicanal.segmentation.LifecycleSettings;
import io.omnicanal.segmentation.LifecycleStage;
import io.omnicanal.segmentation.RfmSettings;
import io.omnicanal.segmentation.Segment;
import io.omnicanal.segmentation.SegmentCatalog;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A catalog compiled against a store's interned ids: deduplicated slots (one per distinct filter and
 * window, shared by every condition that needs it), one node tree per segment, a topological order
 * (referenced segments first), event-type dispatch tables and dirty masks (which segments depend, through
 * any chain of segment references, on a slot or a trait). Holds the slot state arrays for its rows.
 * Not thread-safe.
 */
final class Compiled {
    final SegmentCatalog catalog;
    final String[] ids;
    final Node[] roots;
    final int[] topo;
    final int words;
    final List<Slot> slots = new ArrayList<>();
    Slot[][] byType;
    Slot[] untyped;
    /** Slots whose state or conditions change with time alone; {@link Slot#tix} indexes this array. */
    Slot[] timed;
    private Slot[][] sure = new Slot[0][];
    private Slot[][] maybe = new Slot[0][];
    /** Whether any slot is a sequence (events older than the clock then need a rebuild). */
    boolean hasSequences;
    final long[] allMask;
    long[][] traitMasks;
    final long[] rfmMask;
    final AggSlot rfmAgg;
    final TimeSlot rfmLast;
    final TimeSlot life;
    final long newFor;
    final long activeFor;
    final long lapsedAfter;
    final long reactivatedFor;
    final List<RfmSettings.Cell> cells;
    /** Every profile's real-time state: membership words, slot deadlines and slot state, one block per row. */
    final Slab slab = new Slab();
    /**
     * Per row, two longs: at {@code 2 * row} the instant of the row's live timer-queue entry ("armed"), at
     * {@code 2 * row + 1} the earliest of its slot deadlines ("wake"), each {@link Slot#NEVER} when none;
     * {@code armed <= wake}. Dense, apart from the blocks, so that a queue entry that is superseded, or
     * armed earlier than the row now needs, is dealt with without touching the row's block.
     */
    long[] timers = new long[0];
    /** Offset of the first slot deadline in a row's block. */
    final int dueBase;
    /** Whether {@link #topo} is the catalog order (no segment references another). */
    final boolean topoIsIdentity;
    int capacity;
    /** See {@link #maxRows()}. */
    private int maxRows;
    private static final int MAX_ROWS = 1 << 28;

    private final ProfileStore st;
    private final Map<Object, Slot> slotByKey = new LinkedHashMap<>();
    private final Map<String, Integer> segIndex = new HashMap<>();

    private record AggKey(EventFilter f, long window) {
    }

    private record TimeKey(EventFilter f, long gap) {
    }

    private record SeqKey(EventFilter a, EventFilter b, long within) {
    }

    /** Per segment while compiling: direct slot, trait and segment dependencies. */
    private final List<BitSet> slotDeps = new ArrayList<>();
    private final List<BitSet> traitDeps = new ArrayList<>();
    private final List<BitSet> segDeps = new ArrayList<>();
    private final BitSet rfmDeps = new BitSet();

    Compiled(ProfileStore st, SegmentCatalog catalog, int initialCapacity) {
        this.st = st;
        this.catalog = catalog;
        List<Segment> segs = catalog.segments();
        int n = segs.size();
        ids = new String[n];
        roots = new Node[n];
        words = Math.max(1, (n + 63) >>> 6);
        for (int i = 0; i < n; i++) {
            ids[i] = segs.get(i).id();
            segIndex.put(ids[i], i);
        }
        RfmSettings rfm = catalog.rfm();
        rfmAgg = agg(rfm.qualifying(), rfm.window() == null ? 0 : rfm.window().toMillis());
        rfmLast = time(rfm.qualifying(), 0);
        cells = rfm.cells();
        LifecycleSettings lc = catalog.lifecycle();
        newFor = lc.newFor().toMillis();
        activeFor = lc.activeFor().toMillis();
        lapsedAfter = lc.lapsedAfter().toMillis();
        reactivatedFor = lc.reactivatedFor().toMillis();
        life = time(lc.qualifying(), lapsedAfter);
        for (int i = 0; i < n; i++) {
            slotDeps.add(new BitSet());
            traitDeps.add(new BitSet());
            segDeps.add(new BitSet());
            roots[i] = compile(segs.get(i).condition(), i);
        }
        topo = topoOrder(n);
        allMask = new long[words];
        for (int i = 0; i < n; i++) {
            allMask[i >>> 6] |= 1L << i;
        }
        // Transitive closure: segment s depends on everything its referenced segments depend on.
        BitSet[] closure = new BitSet[n];
        for (int s : topo) {
            BitSet c = new BitSet();
            c.set(s);
            segDeps.get(s).stream().forEach(d -> c.or(closure[d]));
            closure[s] = c;
        }
        for (Slot slot : slots) {
            slot.mask = new long[words];
        }
        traitMasks = new long[st.traitNames.size()][words];
        rfmMask = new long[words];
        for (int s = 0; s < n; s++) {
            final int seg = s;
            closure[s].stream().forEach(d -> {
                slotDeps.get(d).stream().forEach(k -> slots.get(k).mask[seg >>> 6] |= 1L << seg);
                traitDeps.get(d).stream().forEach(t -> traitMasks[t][seg >>> 6] |= 1L << seg);
                if (rfmDeps.get(d)) {
                    rfmMask[seg >>> 6] |= 1L << seg;
                }
            });
        }
        // RFM nodes read the RFM slots: make them dirty those segments.
        for (int w = 0; w < words; w++) {
            rfmAgg.mask[w] |= rfmMask[w];
            rfmLast.mask[w] |= rfmMask[w];
        }
        List<Slot> t = new ArrayList<>();
        for (Slot slot : slots) {
            if (slot.timed()) {
                slot.tix = t.size();
                t.add(slot);
            }
        }
        timed = t.toArray(new Slot[0]);
        hasSequences = slots.stream().anyMatch(x -> x instanceof SeqSlot);
        // RFM scores rank the count and sum themselves: every departure from the window can change them.
        rfmAgg.exact = !rfmDeps.isEmpty();
        // RFM monetary ranks the sum (the reference reads it even when no segment does).
        rfmAgg.keepSum = true;
        boolean identity = true;
        for (int i = 0; i < n; i++) {
            identity &= topo[i] == i;
        }
        topoIsIdentity = identity;
        buildDispatch();
        dueBase = Slab.MEMBERS + words;
        layout();
        maxRows = (int) Math.min(st.maxSlabLongs / slab.stride, MAX_ROWS);
        grow(Math.max(1, initialCapacity));
    }

    /**
     * Places the slots in a row's block: deadlines of timed slots first, then {@link Slot#width()} longs per slot, the
     * slots of one event type next to each other (an event touches a few adjacent cache lines).
     */
    private void layout() {
        for (Slot s : timed) {
            s.dueOff = dueBase + s.tix;
        }
        int next = dueBase + timed.length;
        for (Slot s : slots) {
            s.settle();
        }
        List<AggSlot> followers = shareRings();
        java.util.Set<Slot> placed = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
        List<Slot> order = new ArrayList<>();
        for (Slot[] group : byType) {
            order.addAll(Arrays.asList(group));
        }
        order.addAll(Arrays.asList(untyped));
        order.addAll(slots);
        for (Slot s : order) {
            if (placed.add(s)) {
                s.slab = slab;
                s.off = next;
                next += s.width();
            }
        }
        for (AggSlot f : followers) {
            f.off = f.ringOwner().off;
        }
        slab.stride = next;
    }

    /**
     * Makes the ring-kept counts of one filter that differ only in window share one ring (see
     * {@link AggSlot}): the first such slot in slot order keeps it, long enough for every reader; the others
     * follow it and hold no state of their own. Returns the followers.
     */
    private List<AggSlot> shareRings() {
        Map<EventFilter, AggSlot> owners = new HashMap<>();
        List<AggSlot> followers = new ArrayList<>();
        for (Map.Entry<Object, Slot> e : slotByKey.entrySet()) {
            if (e.getKey() instanceof AggKey k && e.getValue() instanceof AggSlot a && a.pureRing()) {
                AggSlot owner = owners.putIfAbsent(k.f(), a);
                if (owner != null) {
                    owner.lead(a);
                    followers.add(a);
                }
            }
        }
        return followers;
    }

    /** Whether state row {@code row} is recorded as a member of segment {@code seg}. */
    boolean isMember(int row, int seg) {
        return (slab.a[row * slab.stride + Slab.MEMBERS + (seg >>> 6)] & (1L << seg)) != 0;
    }

    private void buildDispatch() {
        int types = st.types.size();
        List<List<Slot>> by = new ArrayList<>();
        for (int t = 0; t < types; t++) {
            by.add(new ArrayList<>());
        }
        List<Slot> any = new ArrayList<>();
        for (Slot s : slots) {
            int[] ts = s.types();
            if (ts.length == 0) {
                any.add(s);
            } else {
                for (int t : ts) {
                    by.get(t).add(s);
                }
            }
        }
        byType = new Slot[types][];
        for (int t = 0; t < types; t++) {
            byType[t] = by.get(t).toArray(new Slot[0]);
        }
        untyped = any.toArray(new Slot[0]);
    }

    /**
     * The most profile rows this catalog's state can hold: the slab is one {@code long[]} of at most
     * {@link ProfileStore#maxSlabLongs} longs and each row takes {@code slab.stride}; at most 2^28 in any
     * case (the key index doubles past that). Rows of erased and merged-away profiles count: they are not
     * reused.
     */
    int maxRows() {
        return maxRows;
    }

    /** The message of a refused row, or of a catalog whose blocks do not fit the rows in use. */
    String limitMessage() {
        return "the engine holds at most " + maxRows + " profile rows with this catalog (its real-time state is one"
                + " long[] of at most " + st.maxSlabLongs + " longs and each profile's block is " + slab.stride
                + " longs; " + st.rows + " rows are in use, " + st.live + " of them live: rows of erased or"
                + " merged-away profiles are not reused)";
    }

    /** Throws unless this state holds a block for every row of the store (a catalog about to be adopted). */
    Compiled requireAllRows() {
        if (capacity < st.rows) {
            throw new IllegalStateException("cannot hold " + st.rows + " profile rows: " + limitMessage());
        }
        return this;
    }

    /** Grows the state to {@code cap} rows, or to {@link #maxRows()} if less. */
    void grow(int cap) {
        cap = Math.min(cap, maxRows);
        if (cap <= capacity) {
            return;
        }
        long total = (long) cap * slab.stride;
        slab.a = Arrays.copyOf(slab.a, (int) total);
        timers = Arrays.copyOf(timers, 2 * cap);
        Arrays.fill(timers, 2 * capacity, 2 * cap, Slot.NEVER);
        for (Slot s : slots) {
            s.grow(cap);
        }
        for (int r = capacity; r < cap; r++) {
            int o = r * slab.stride;
            Arrays.fill(slab.a, o + dueBase, o + dueBase + timed.length, Slot.NEVER);
            for (Slot s : slots) {
                s.reset(r);
            }
        }
        slab.rows = cap;
        capacity = cap;
    }

    long[] traitMask(int trait) {
        return trait < traitMasks.length ? traitMasks[trait] : null;
    }

    private AggSlot agg(EventFilter f, long window) {
        return (AggSlot) slotByKey.computeIfAbsent(new AggKey(f, window), k -> add(new AggSlot(new Filter(st, f), window)));
    }

    private TimeSlot time(EventFilter f, long gap) {
        return (TimeSlot) slotByKey.computeIfAbsent(new TimeKey(f, gap), k -> add(new TimeSlot(new Filter(st, f), gap)));
    }

    private SeqSlot seq(EventFilter a, EventFilter b, long within) {
        return (SeqSlot) slotByKey.computeIfAbsent(new SeqKey(a, b, within),
                k -> add(new SeqSlot(new Filter(st, a), new Filter(st, b), within)));
    }

    private Slot add(Slot s) {
        slots.add(s);
        return s;
    }

    private void dep(int seg, Slot s) {
        slotDeps.get(seg).set(slots.indexOf(s));
    }

    private Node compile(Condition c, int seg) {
        if (c instanceof Condition.And a) {
            return new Node.And(a.of().stream().map(x -> compile(x, seg)).toArray(Node[]::new));
        } else if (c instanceof Condition.Or o) {
            return new Node.Or(o.of().stream().map(x -> compile(x, seg)).toArray(Node[]::new));
        } else if (c instanceof Condition.Not n) {
            return new Node.Not(compile(n.of(), seg));
        } else if (c instanceof Condition.TraitEquals t) {
            int trait = st.traitIdOrCreate(t.trait());
            traitDeps.get(seg).set(trait);
            return new Node.TraitIn(trait, new int[] {st.strings.intern(t.value())});
        } else if (c instanceof Condition.TraitIn t) {
            int trait = st.traitIdOrCreate(t.trait());
            traitDeps.get(seg).set(trait);
            return new Node.TraitIn(trait, t.values().stream().mapToInt(st.strings::intern).sorted().toArray());
        } else if (c instanceof Condition.TraitRange t) {
            int trait = st.traitIdOrCreate(t.trait());
            traitDeps.get(seg).set(trait);
            return new Node.TraitRange(trait, t.min(), t.max());
        } else if (c instanceof Condition.TraitExists t) {
            int trait = st.traitIdOrCreate(t.trait());
            traitDeps.get(seg).set(trait);
            return new Node.TraitExists(trait);
        } else if (c instanceof Condition.Aggregate a) {
            AggSlot s = agg(a.filter(), a.window() == null ? 0 : a.window().toMillis());
            if (a.measure() == Condition.Measure.DISTINCT_CHANNELS) {
                s.trackChannels = true;
            }
            if (a.measure() == Condition.Measure.DISTINCT_DEVICES) {
                s.trackDevices = true;
            }
            s.condition(a.measure(), a.min(), a.max());
            dep(seg, s);
            return new Node.Agg(s, a.measure(), a.min(), a.max());
        } else if (c instanceof Condition.LastEventAgo l) {
            TimeSlot s = time(l.filter(), 0);
            s.lastAges = Slot.addAge(s.lastAges, l.age().toMillis());
            dep(seg, s);
            return new Node.LastAgo(s, l.age().toMillis());
        } else if (c instanceof Condition.Sequence q) {
            SeqSlot s = seq(q.first(), q.thenNo(), q.within().toMillis());
            long lookback = q.lookback() == null ? 0 : q.lookback().toMillis();
            if (lookback > 0) {
                s.lookbacks = Slot.addAge(s.lookbacks, lookback);
            }
            dep(seg, s);
            return new Node.Seq(s, lookback);
        } else if (c instanceof Condition.InSegment r) {
            int target = segIndex.get(r.segment());
            segDeps.get(seg).set(target);
            return new Node.InSegment(target);
        } else if (c instanceof Condition.RfmScores r) {
            rfmDeps.set(seg);
            return new Node.Rfm(r.recencyMin(), r.recencyMax(), r.frequencyMin(), r.frequencyMax(),
                    r.monetaryMin(), r.monetaryMax());
        } else if (c instanceof Condition.RfmCell r) {
            rfmDeps.set(seg);
            int cell = 0;
            while (!cells.get(cell).name().equals(r.cell())) {
                cell++;
            }
            return new Node.RfmCell(cell);
        } else if (c instanceof Condition.Lifecycle l) {
            life.firstAges = Slot.addAge(life.firstAges, newFor);
            life.backAges = Slot.addAge(life.backAges, reactivatedFor);
            life.lastAges = Slot.addAge(Slot.addAge(life.lastAges, activeFor), lapsedAfter);
            dep(seg, life);
            return new Node.Lifecycle(l.stage());
        }
        throw new IllegalStateException("unhandled condition " + c);
    }

    private int[] topoOrder(int n) {
        int[] order = new int[n];
        int[] k = {0};
        byte[] state = new byte[n];
        for (int s = 0; s < n; s++) {
            visit(s, state, order, k);
        }
        return order;
    }

    private void visit(int s, byte[] state, int[] order, int[] k) {
        if (state[s] != 0) {
            return;
        }
        state[s] = 1;
        segDeps.get(s).stream().forEach(d -> visit(d, state, order, k));
        state[s] = 2;
        order[k[0]++] = s;
    }

    // ---- built-ins ----------------------------------------------------------------------------------

    /** Packed RFM scores {@code r*100 + f*10 + m} at {@code now}, or 0 when the profile is not scored. */
    int rfmScores(RfmReference ref, ProfileStore store, int p, int row, long now) {
        rfmAgg.expire(store, p, row, now);
        int f = rfmAgg.count(row, now);
        if (f == 0 || ref.n == 0) {
            return 0;
        }
        long key = store.keys[p];
        int r = ref.score(ref.rVals, ref.rKeys, rfmLast.last(row), key);
        int fs = ref.score(ref.fVals, ref.fKeys, f, key);
        int m = ref.score(ref.mVals, ref.mKeys, rfmAgg.sumMicros(row), key);
        return r * 100 + fs * 10 + m;
    }

    /** Index of the first cell containing the packed scores, or -1. */
    int rfmCell(int packed) {
        int r = packed / 100;
        int f = packed / 10 % 10;
        int m = packed % 10;
        for (int i = 0; i < cells.size(); i++) {
            if (cells.get(i).contains(r, f, m)) {
                return i;
            }
        }
        return -1;
    }

    LifecycleStage stage(int row, long now) {
        long first = life.first(row);
        if (first == Slot.NONE) {
            return LifecycleStage.PROSPECT;
        }
        if (now - first < newFor) {
            return LifecycleStage.NEW;
        }
        long back = life.back(row);
        if (back != Slot.NONE && now - back < reactivatedFor) {
            return LifecycleStage.REACTIVATED;
        }
        long last = life.last(row);
        if (now - last < activeFor) {
            return LifecycleStage.ACTIVE;
        }
        return now - last < lapsedAfter ? LifecycleStage.AT_RISK : LifecycleStage.LAPSED;
    }

    /**
     * The slots that every event of dimension combination {@code combo} updates (their filters ask nothing
     * of properties), computed on the combination's first event under this catalog. With
     * {@link #byProperties}, an event's slots are found with no filter test: a store
     * sees a few hundred combinations, where testing every untyped filter per event cost about 4% of the
     * real-time profile.
     */
    Slot[] byCombo(int combo) {
        if (combo >= sure.length || sure[combo] == null) {
            dispatch(combo);
        }
        return sure[combo];
    }

    /** The slots that events of {@code combo} update when their properties match ({@link Slot#matches}). */
    Slot[] byProperties(int combo) {
        return maybe[combo]; // filled with byCombo(combo)
    }

    private void dispatch(int combo) {
        if (combo >= sure.length) {
            int n = Math.max(combo + 1, 2 * sure.length);
            sure = Arrays.copyOf(sure, n);
            maybe = Arrays.copyOf(maybe, n);
        }
        long dims = st.comboDims(combo);
        List<Slot> always = new ArrayList<>();
        List<Slot> props = new ArrayList<>();
        for (Slot slot : slots) {
            int r = slot.relevance(dims);
            if (r == 1) {
                always.add(slot);
            } else if (r == 2) {
                props.add(slot);
            }
        }
        maybe[combo] = props.toArray(new Slot[0]);
        sure[combo] = always.toArray(new Slot[0]);
    }

    long bytes() {
        long b = 8L * slab.a.length + 8L * timers.length;
        for (Slot s : slots) {
            b += s.bytes();
        }
        return b;
    }

    @Override
    public String toString() {
        return "Compiled" + Arrays.toString(ids) + " slots=" + slots.size();
    }
}
