package io.omnicanal.segmentation.internal;

import io.omnicanal.segmentation.LifecycleStage;
import io.omnicanal.segmentation.RfmScore;
import io.omnicanal.segmentation.SegmentCatalog;
import io.omnicanal.segmentation.SegmentChangeListener;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.roaringbitmap.RoaringBitmap;
import org.roaringbitmap.RoaringBitmapWriter;

/**
 * The engine behind {@code SegmentEngine}: the profile store, the compiled catalog with its incremental
 * slot state, one membership bitmap per segment (keyed by store row), and a timer heap holding each
 * profile's next state change.
 *
 * <p>Design note. An event first advances the clock to its time (firing every due timer, in time order,
 * each at its own instant), then is inserted into its profile's history; the slots that listen to its
 * type update in O(1) and mark the segments depending on them dirty; only those segments are
 * re-evaluated, in topological order, and compared with the membership bitmaps. Every time-dependent
 * slot of every profile has its own timer (a window's oldest event leaving, an age threshold being
 * crossed, a sequence outcome becoming known), re-armed whenever that slot changes, in one primitive heap
 * with lazy deletion; timers of one profile due at the same instant fire together and re-evaluate only
 * the segments depending on those slots. An event older than its
 * profile's latest event is inserted in order and the profile's slots are rebuilt from its history.
 * Batch evaluation computes the same slots from scratch per profile with {@code now} fixed, a separate
 * code path that the property tests compare with the incremental one. Not thread-safe.
 */
public final class EngineCore {
    private static final SegmentChangeListener NOOP = (p, s, e, t) -> { };
    private static final int[] NO_PAIRS = new int[0];

    final ProfileStore st;
    Compiled c;
    long now;
    RoaringBitmap[] members;
    RfmReference rfm;
    final TimerQueue heap = new TimerQueue();
    /** Per (row, timed slot): the deadline of its live heap entry, or NEVER. */
    long[] due = new long[0];
    private int timedSlots;
    private int[] fired = new int[0];
    private final Node.Ctx ctx = new Node.Ctx();
    private boolean[] val;
    private boolean[] known;
    private long[] dirty;

    /** A fresh engine with an empty store at {@code now}. */
    public EngineCore(SegmentCatalog catalog, long now) {
        this(new ProfileStore(), catalog, now, null);
    }

    /** An engine over an existing store (restore); {@code rfm == null} computes a fresh reference. */
    EngineCore(ProfileStore st, SegmentCatalog catalog, long now, RfmReference rfm) {
        this.st = st;
        this.now = now;
        Compiled nc = new Compiled(st, catalog, st.capacity());
        rebuildAll(nc);
        this.rfm = rfm != null ? rfm : reference(nc);
        this.members = evaluateRows(nc, this.rfm);
        adopt(nc);
    }

    private void adopt(Compiled nc) {
        c = nc;
        int n = nc.ids.length;
        val = new boolean[n];
        known = new boolean[n];
        dirty = new long[nc.words];
        ctx.st = st;
        ctx.val = val;
        ctx.known = known;
        ctx.members = members;
        ctx.compiled = nc;
        ctx.rfm = rfm;
        timedSlots = nc.timed.length;
        fired = new int[timedSlots];
        due = new long[dueLength(st.capacity())];
        Arrays.fill(due, Slot.NEVER);
        heap.clear();
        for (int p = 0; p < st.rows; p++) {
            if (st.alive[p]) {
                scheduleAll(p);
            }
        }
    }

    /** The clock, in epoch milliseconds. */
    public long now() {
        return now;
    }

    /** The installed catalog. */
    public SegmentCatalog catalog() {
        return c.catalog;
    }

    // ---- real time ------------------------------------------------------------------------------------

    /**
     * Validates, then applies one event; arguments are assumed non-null/validated except the interning
     * limits, which are checked before any mutation.
     */
    public void onEvent(long key, long t, String type, String channel, String device, double value,
                        Map<String, String> properties, SegmentChangeListener out) {
        checkRoom(st.types, type, "event.type");
        checkRoom(st.channels, channel, "event.channel");
        checkRoom(st.devices, device, "event.device");
        int[] pairs = NO_PAIRS;
        if (properties != null && !properties.isEmpty()) {
            pairs = new int[2 * properties.size()];
            int i = 0;
            for (Map.Entry<String, String> e : properties.entrySet()) {
                pairs[i++] = st.strings.intern(e.getKey());
                pairs[i++] = st.strings.intern(e.getValue());
            }
        }
        if (t > now) {
            advanceTo(t, out);
        }
        int type1 = st.types.intern(type);
        int ch = channel == null ? -1 : st.channels.intern(channel);
        int dev = device == null ? -1 : st.devices.intern(device);
        int rowsBefore = st.rows;
        int p = row(key);
        boolean fresh = st.rows > rowsBefore;
        // Older than the profile's latest event, or (with sequence conditions) older than the clock: a
        // sequence outcome already resolved by a timer may change retroactively, so rebuild the profile.
        boolean late = t < st.lastTime(p) || t < now && c.hasSequences;
        long dims = ProfileStore.dims(type1, ch, dev);
        int ref = st.addProperties(pairs);
        int pos = st.insert(p, t, dims, value, ref);
        if (late || fresh) {
            rebuild(c, p, p);
            evaluate(p, c.allMask, out);
            scheduleAll(p);
            return;
        }
        long[] d = dirty;
        Arrays.fill(d, 0);
        Slot[] cand = c.candidates(type1);
        if (cand != null) {
            apply(cand, p, pos, t, dims, ref, value);
        }
        apply(c.untyped, p, pos, t, dims, ref, value);
        evaluate(p, d, out);
    }

    private void apply(Slot[] slots, int p, int pos, long t, long dims, int ref, double value) {
        for (Slot s : slots) {
            if (s.matches(st, dims, ref)) {
                s.add(st, p, p, pos, t, dims, ref, value, now);
                s.expire(st, p, p, now);
                long[] m = s.mask;
                for (int w = 0; w < m.length; w++) {
                    dirty[w] |= m[w];
                }
                if (s.tix >= 0) {
                    schedule(p, s);
                }
            }
        }
    }

    private int dueLength(int capacity) {
        long n = (long) capacity * timedSlots;
        if (n > Integer.MAX_VALUE - 16) {
            throw new IllegalStateException("too many profiles x timed conditions for one engine: " + capacity
                    + " x " + timedSlots);
        }
        return (int) n;
    }

    /** Re-arms the timer of one timed slot of row {@code p} at its current deadline. */
    private void schedule(int p, Slot s) {
        int k = p * timedSlots + s.tix;
        long d = s.deadline(st, p, p, now);
        if (d != due[k]) {
            due[k] = d;
            if (d != Slot.NEVER) {
                heap.push(d, k);
            }
        }
    }

    private void scheduleAll(int p) {
        for (Slot s : c.timed) {
            schedule(p, s);
        }
    }

    private void clearTimers(int p) {
        Arrays.fill(due, p * timedSlots, (p + 1) * timedSlots, Slot.NEVER);
    }

    private static void checkRoom(Interner in, String s, String field) {
        if (s != null && in.id(s) < 0 && in.size() >= ProfileStore.ID_MAX) {
            throw new IllegalStateException(field + ": more than " + ProfileStore.ID_MAX
                    + " distinct values; cannot add \"" + s + "\"");
        }
    }

    private int row(long key) {
        int p = st.rowOrCreate(key);
        if (st.capacity() > c.capacity) {
            c.grow(st.capacity());
            int old = due.length;
            due = Arrays.copyOf(due, dueLength(st.capacity()));
            Arrays.fill(due, old, due.length, Slot.NEVER);
        }
        return p;
    }

    /** Fires every timer due at or before {@code t}, each at its own instant, then sets the clock to {@code t}. */
    public void advanceTo(long t, SegmentChangeListener out) {
        while (!heap.isEmpty() && heap.peekTime() <= t) {
            long d = heap.peekTime();
            long k = heap.peekId();
            heap.pop();
            if (due[(int) k] != d) {
                continue;
            }
            int p = (int) (k / timedSlots);
            now = d;
            Arrays.fill(dirty, 0);
            int n = fire(p, (int) k, 0);
            // Every timer of this profile due at the same instant is adjacent in the heap order
            // (deadline, row * timed + slot): fire them together, then evaluate once.
            while (!heap.isEmpty() && heap.peekTime() == d && heap.peekId() / timedSlots == p) {
                long k2 = heap.peekId();
                heap.pop();
                if (due[(int) k2] == d) {
                    n = fire(p, (int) k2, n);
                }
            }
            evaluate(p, dirty, out);
            for (int i = 0; i < n; i++) {
                schedule(p, c.timed[fired[i]]);
            }
        }
        if (t > now) {
            now = t;
        }
    }

    /** Sets (value non-null) or removes a trait; re-evaluates the segments depending on it. */
    private int fire(int p, int k, int n) {
        due[k] = Slot.NEVER;
        int tix = k - p * timedSlots;
        Slot s = c.timed[tix];
        s.expire(st, p, p, now);
        long[] m = s.mask;
        for (int w = 0; w < m.length; w++) {
            dirty[w] |= m[w];
        }
        fired[n] = tix;
        return n + 1;
    }

    public void setTrait(long key, String trait, String value, SegmentChangeListener out) {
        boolean fresh = st.row(key) < 0;
        int p = row(key);
        int t = st.traitIdOrCreate(trait);
        st.setTrait(t, p, value);
        long[] m = fresh ? c.allMask : c.traitMask(t);
        if (m != null) {
            evaluate(p, m, out);
        }
    }

    /** Moves the loser's history and missing traits into the winner; the loser leaves everything. No-op if unknown. */
    public void merge(long loser, long winner, SegmentChangeListener out) {
        int l = st.row(loser);
        if (l < 0) {
            return;
        }
        leaveAll(l, out);
        int w = row(winner);
        st.mergeInto(l, w);
        for (Slot s : c.slots) {
            s.reset(l);
        }
        clearTimers(l);
        rebuild(c, w, w);
        evaluate(w, c.allMask, out);
        scheduleAll(w);
    }

    /** Forgets a profile: exits reported, history, traits and property values cleared. No-op if unknown. */
    public void erase(long key, SegmentChangeListener out) {
        int p = st.row(key);
        if (p < 0) {
            return;
        }
        leaveAll(p, out);
        st.erase(p);
        for (Slot s : c.slots) {
            s.reset(p);
        }
        clearTimers(p);
    }

    private void leaveAll(int p, SegmentChangeListener out) {
        long key = st.keys[p];
        for (int s = 0; s < members.length; s++) {
            if (members[s].contains(p)) {
                members[s].remove(p);
                out.onChange(key, c.ids[s], false, now);
            }
        }
    }

    /** Replaces the catalog atomically: everything new is built aside, then swapped in; reports the differences. */
    public void install(SegmentCatalog catalog, SegmentChangeListener out) {
        Compiled nc = new Compiled(st, catalog, st.capacity());
        rebuildAll(nc);
        RfmReference ref = reference(nc);
        RoaringBitmap[] nm = evaluateRows(nc, ref);
        List<String> oldIds = Arrays.asList(c.ids);
        List<String> newIds = Arrays.asList(nc.ids);
        for (int s = 0; s < c.ids.length; s++) {
            if (!newIds.contains(c.ids[s])) {
                report(members[s], new RoaringBitmap(), c.ids[s], out);
            }
        }
        for (int s = 0; s < nc.ids.length; s++) {
            int o = oldIds.indexOf(nc.ids[s]);
            report(o < 0 ? new RoaringBitmap() : members[o], nm[s], nc.ids[s], out);
        }
        members = nm;
        rfm = ref;
        adopt(nc);
    }

    private void report(RoaringBitmap before, RoaringBitmap after, String id, SegmentChangeListener out) {
        RoaringBitmap left = RoaringBitmap.andNot(before, after);
        RoaringBitmap entered = RoaringBitmap.andNot(after, before);
        RoaringBitmap all = RoaringBitmap.or(left, entered);
        all.forEach((int p) -> out.onChange(st.keys[p], id, entered.contains(p), now));
    }

    /** Recomputes the RFM reference from the current population and reports the resulting changes. */
    public void refreshRfm(SegmentChangeListener out) {
        rfm = reference(c);
        ctx.rfm = rfm;
        boolean any = false;
        for (long w : c.rfmMask) {
            any |= w != 0;
        }
        if (!any) {
            return;
        }
        for (int p = 0; p < st.rows; p++) {
            if (st.alive[p]) {
                evaluate(p, c.rfmMask, out);
            }
        }
    }

    private RfmReference reference(Compiled cc) {
        int n = 0;
        for (int p = 0; p < st.rows; p++) {
            if (st.alive[p] && cc.rfmAgg.count(p) > 0) {
                n++;
            }
        }
        long[] keys = new long[n];
        long[] r = new long[n];
        long[] f = new long[n];
        long[] m = new long[n];
        int i = 0;
        for (int p = 0; p < st.rows; p++) {
            if (st.alive[p] && cc.rfmAgg.count(p) > 0) {
                keys[i] = st.keys[p];
                r[i] = cc.rfmLast.last(p);
                f[i] = cc.rfmAgg.count(p);
                m[i] = cc.rfmAgg.sumMicros(p);
                i++;
            }
        }
        return RfmReference.of(cc.catalog.rfm().ties(), keys, r, f, m);
    }

    // ---- evaluation helpers ------------------------------------------------------------------------

    private void evaluate(int p, long[] mask, SegmentChangeListener out) {
        Node.Ctx x = ctx;
        x.p = p;
        x.row = p;
        x.now = now;
        Node[] roots = c.roots;
        for (int s : c.topo) {
            if ((mask[s >>> 6] & (1L << s)) != 0) {
                val[s] = roots[s].eval(x);
                known[s] = true;
            }
        }
        for (int s = 0; s < roots.length; s++) {
            if ((mask[s >>> 6] & (1L << s)) != 0) {
                known[s] = false;
                RoaringBitmap b = members[s];
                boolean in = val[s];
                if (b.contains(p) != in) {
                    if (in) {
                        b.add(p);
                    } else {
                        b.remove(p);
                    }
                    out.onChange(st.keys[p], c.ids[s], in, now);
                }
            }
        }
    }

    private void rebuildAll(Compiled cc) {
        for (int p = 0; p < st.rows; p++) {
            if (st.alive[p]) {
                rebuild(cc, p, p);
            }
        }
    }

    /** Computes every slot of {@code cc} for profile {@code p} into state row {@code row} from its history. */
    private void rebuild(Compiled cc, int p, int row) {
        List<Slot> slots = cc.slots;
        for (int i = 0; i < slots.size(); i++) {
            slots.get(i).reset(row);
        }
        long[] h = st.hist[p];
        int n = st.size[p];
        Slot[] untyped = cc.untyped;
        for (int i = 0; i < n; i++) {
            int o = i * ProfileStore.STRIDE;
            long t = h[o];
            long dims = h[o + 1];
            double v = Double.longBitsToDouble(h[o + 2]);
            int ref = (int) h[o + 3];
            Slot[] cand = cc.candidates(ProfileStore.type(dims));
            if (cand != null) {
                for (Slot s : cand) {
                    if (s.matches(st, dims, ref)) {
                        s.add(st, p, row, i, t, dims, ref, v, now);
                    }
                }
            }
            for (Slot s : untyped) {
                if (s.matches(st, dims, ref)) {
                    s.add(st, p, row, i, t, dims, ref, v, now);
                }
            }
        }
        for (int i = 0; i < slots.size(); i++) {
            slots.get(i).expire(st, p, row, now);
        }
    }

    private RoaringBitmap[] evaluateRows(Compiled cc, RfmReference ref) {
        int n = cc.ids.length;
        boolean[] v = new boolean[n];
        boolean[] k = new boolean[n];
        Arrays.fill(k, true);
        Node.Ctx x = new Node.Ctx();
        x.st = st;
        x.val = v;
        x.known = k;
        x.compiled = cc;
        x.rfm = ref;
        x.now = now;
        List<RoaringBitmapWriter<RoaringBitmap>> writers = new ArrayList<>();
        for (int s = 0; s < n; s++) {
            writers.add(RoaringBitmapWriter.writer().get());
        }
        for (int p = 0; p < st.rows; p++) {
            if (!st.alive[p]) {
                continue;
            }
            x.p = p;
            x.row = p;
            for (int s : cc.topo) {
                v[s] = cc.roots[s].eval(x);
            }
            for (int s = 0; s < n; s++) {
                if (v[s]) {
                    writers.get(s).add(p);
                }
            }
        }
        RoaringBitmap[] out = new RoaringBitmap[n];
        for (int s = 0; s < n; s++) {
            out[s] = writers.get(s).get();
        }
        return out;
    }

    // ---- batch --------------------------------------------------------------------------------------

    /**
     * Evaluates every segment over every profile from the stored histories at the current time, without
     * touching the real-time state, on {@code threads} threads (each scanning a contiguous range of rows).
     */
    public BatchData batch(int threads) {
        int n = c.ids.length;
        int rows = st.rows;
        int parts = Math.max(1, Math.min(threads, rows / 1024 + 1));
        RoaringBitmap[][] partial = new RoaringBitmap[parts][];
        Compiled[] copies = new Compiled[parts];
        for (int i = 0; i < parts; i++) {
            copies[i] = new Compiled(st, c.catalog, 1);
        }
        if (parts == 1) {
            partial[0] = scan(copies[0], 0, rows);
        } else {
            Thread[] ts = new Thread[parts];
            RuntimeException[] failure = new RuntimeException[1];
            for (int i = 0; i < parts; i++) {
                final int part = i;
                ts[i] = new Thread(() -> {
                    try {
                        partial[part] = scan(copies[part], (int) ((long) rows * part / parts),
                                (int) ((long) rows * (part + 1) / parts));
                    } catch (RuntimeException e) {
                        synchronized (failure) {
                            failure[0] = e;
                        }
                    }
                }, "omnicanal-segmentation-batch-" + i);
                ts[i].start();
            }
            for (Thread t : ts) {
                try {
                    t.join();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted during batch evaluation", e);
                }
            }
            if (failure[0] != null) {
                throw failure[0];
            }
        }
        RoaringBitmap[] out = new RoaringBitmap[n];
        for (int s = 0; s < n; s++) {
            out[s] = partial[0][s];
            for (int i = 1; i < parts; i++) {
                out[s].or(partial[i][s]);
            }
        }
        return new BatchData(c.ids.clone(), out, Arrays.copyOf(st.keys, st.rows), now);
    }

    private RoaringBitmap[] scan(Compiled bc, int from, int to) {
        int n = bc.ids.length;
        boolean[] v = new boolean[n];
        boolean[] k = new boolean[n];
        Arrays.fill(k, true);
        Node.Ctx x = new Node.Ctx();
        x.st = st;
        x.val = v;
        x.known = k;
        x.compiled = bc;
        x.rfm = rfm;
        x.now = now;
        x.row = 0;
        List<RoaringBitmapWriter<RoaringBitmap>> writers = new ArrayList<>();
        for (int s = 0; s < n; s++) {
            writers.add(RoaringBitmapWriter.writer().get());
        }
        for (int p = from; p < to; p++) {
            if (!st.alive[p]) {
                continue;
            }
            rebuild(bc, p, 0);
            x.p = p;
            for (int s : bc.topo) {
                v[s] = bc.roots[s].eval(x);
            }
            for (int s = 0; s < n; s++) {
                if (v[s]) {
                    writers.get(s).add(p);
                }
            }
        }
        RoaringBitmap[] out = new RoaringBitmap[n];
        for (int s = 0; s < n; s++) {
            out[s] = writers.get(s).get();
        }
        return out;
    }

    /** A batch outcome: per segment a bitmap of store rows, and the row-to-key table at evaluation time. */
    public record BatchData(String[] ids, RoaringBitmap[] rows, long[] keys, long at) {
    }

    // ---- queries ------------------------------------------------------------------------------------

    /** The catalog index of segment {@code id}, or -1. */
    public int segmentIndex(String id) {
        for (int s = 0; s < c.ids.length; s++) {
            if (c.ids[s].equals(id)) {
                return s;
            }
        }
        return -1;
    }

    /** Whether the profile is currently in the segment at {@code segment}. */
    public boolean isMember(long key, int segment) {
        int p = st.row(key);
        return p >= 0 && members[segment].contains(p);
    }

    /** The profile's current segments in catalog order. */
    public List<String> segmentsOf(long key) {
        int p = st.row(key);
        List<String> out = new ArrayList<>();
        if (p >= 0) {
            for (int s = 0; s < members.length; s++) {
                if (members[s].contains(p)) {
                    out.add(c.ids[s]);
                }
            }
        }
        return out;
    }

    /** The current member keys of a segment, sorted. */
    public long[] members(int segment) {
        return keysOf(members[segment], st.keys);
    }

    /** The current member count of a segment. */
    public int count(int segment) {
        return members[segment].getCardinality();
    }

    /** Maps a bitmap of rows to sorted keys. */
    public static long[] keysOf(RoaringBitmap rows, long[] keys) {
        long[] out = new long[rows.getCardinality()];
        int[] i = {0};
        rows.forEach((int p) -> out[i[0]++] = keys[p]);
        Arrays.sort(out);
        return out;
    }

    /** The profile's RFM scores against the current reference, or {@code null} if not scored. */
    public RfmScore rfmScore(long key) {
        int p = st.row(key);
        if (p < 0) {
            return null;
        }
        int s = c.rfmScores(rfm, st, p, p);
        if (s == 0) {
            return null;
        }
        int cell = c.rfmCell(s);
        return new RfmScore(s / 100, s / 10 % 10, s % 10, cell < 0 ? null : c.cells.get(cell).name());
    }

    /** The profile's lifecycle stage at the current clock. */
    public LifecycleStage stage(long key) {
        int p = st.row(key);
        return p < 0 ? LifecycleStage.PROSPECT : c.stage(p, now);
    }

    /** The profile's traits sorted by name. */
    public Map<String, String> traits(long key) {
        int p = st.row(key);
        return p < 0 ? Map.of() : st.traits(p);
    }

    /** Live profiles. */
    public int profiles() {
        return st.live;
    }

    /** Stored events. */
    public long events() {
        return st.events;
    }

    /** Estimated heap bytes of the store, slot state, timers, bitmaps and RFM reference. */
    public long bytes() {
        long b = st.bytes() + c.bytes() + heap.bytes() + 8L * due.length + rfm.bytes();
        for (RoaringBitmap m : members) {
            b += m.getLongSizeInBytes();
        }
        return b;
    }

    /** A listener that ignores changes. */
    public static SegmentChangeListener noop() {
        return NOOP;
    }
}
