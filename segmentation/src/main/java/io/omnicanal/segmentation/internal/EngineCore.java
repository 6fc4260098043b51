package io.omnicanal.segmentation.internal;

import io.omnicanal.segmentation.LifecycleStage;
import io.omnicanal.segmentation.RfmScore;
import io.omnicanal.segmentation.SegmentCatalog;
import io.omnicanal.segmentation.SegmentChangeListener;
import it.unimi.dsi.fastutil.longs.Long2LongOpenHashMap;
import it.unimi.dsi.fastutil.longs.LongOpenHashSet;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.roaringbitmap.RoaringBitmap;
import org.roaringbitmap.RoaringBitmapWriter;

/**
 * The engine behind {@code SegmentEngine}: the profile store, the compiled catalog with its incremental
 * slot state, membership (a bit per segment in each profile's state block, mirrored in one bitmap per
 * segment keyed by store row), and a timer queue holding at most one live entry per profile.
 *
 * <p>Design note. An event first advances the clock to its time (firing every due timer, in time order,
 * each at its own instant), then is inserted into its profile's history; only the slots that listen to
 * its type, channel and device (a dispatch table per dimension combination) update, in O(1), and mark the
 * segments depending on them dirty, unless the slot can tell that the event leaves what its conditions
 * see as it was ({@link Slot#keeps}); only those segments are re-evaluated, in topological order, and
 * compared with the membership bits in the same state block. Each time-dependent slot keeps, in the
 * profile's block, the instant at which a condition reading it can next change its truth value with no
 * event (a threshold crossed as events leave a window, an age reached, a sequence outcome becoming known;
 * see {@link AggSlot}); the profile has one entry in the timer queue, at the earliest of those instants.
 * The row's armed instant and earliest deadline live in a dense array beside the blocks
 * ({@link Compiled#timers}): a deadline that moves earlier adds an entry, and the old one is skipped when
 * it surfaces; one that moves later leaves the entry where it is, and when it surfaces it is moved to the
 * row's earliest deadline; neither touches the row's block. When the
 * entry fires, every slot of the profile due at that instant is brought up to date together and the
 * segments depending on them are evaluated once. An event older than its profile's latest event is
 * inserted in order and the profile's slots are rebuilt from its history. Batch evaluation computes the
 * same slots from scratch per profile with {@code now} fixed, a separate code path that the property
 * tests compare with the incremental one. Not thread-safe.
 */
public final class EngineCore {
    private static final SegmentChangeListener NOOP = (p, s, e, t) -> { };
    private static final int[] NO_PAIRS = new int[0];

    final ProfileStore st;
    Compiled c;
    long now;
    Memberships members;
    RfmReference rfm;
    /** Merged-away keys of reference pairs and the key each was merged into, since the reference was built. */
    private final Long2LongOpenHashMap rfmAlias = new Long2LongOpenHashMap();
    /** Per profile row: (deadline, row) entries; the live one is at the row's {@link Compiled#timers} "armed" instant. */
    final TimerQueue heap = new TimerQueue();
    private int[] fired = new int[0];
    /** Timers popped and warmed together (see {@link #advanceTo(long, SegmentChangeListener, int)}). */
    static final int BATCH = 4;
    private final long[] batchTime = new long[BATCH];
    private final int[] batchRow = new int[BATCH];
    private final Node.Ctx ctx = new Node.Ctx();
    /** Wraps the caller's listener for the duration of one call; see {@link Guard}. */
    private final Guard guard = new Guard();
    private boolean[] val;
    private boolean[] known;
    private long[] dirty;
    /** Written by {@link #warm}, never read. */
    private long warmed;
    /** During one event's {@link #apply} calls: the row's wake instant before, whether a slot holding it moved, the least new deadline. */
    private long wakeBefore;
    private boolean wakeMoved;
    private long wakeLow;

    /** A fresh engine with an empty store at {@code now}. */
    public EngineCore(SegmentCatalog catalog, long now) {
        this(new ProfileStore(), catalog, now, null);
    }

    /** An engine over an existing store (restore); {@code rfm == null} computes a fresh reference. */
    EngineCore(ProfileStore st, SegmentCatalog catalog, long now, RfmReference rfm) {
        this.st = st;
        this.now = now;
        Compiled nc = new Compiled(st, catalog, st.capacity()).requireAllRows();
        rebuildAll(nc);
        this.rfm = rfm != null ? rfm : reference(nc);
        this.members = new Memberships(evaluateRows(nc, this.rfm));
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
        ctx.compiled = nc;
        ctx.rfm = rfm;
        fired = new int[nc.timed.length];
        long[] a = nc.slab.a;
        int stride = nc.slab.stride;
        for (int s = 0; s < members.segments(); s++) {
            int word = Slab.MEMBERS + (s >>> 6);
            long bit = 1L << s;
            members.bitmap(s).forEach((int p) -> a[p * stride + word] |= bit);
        }
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
        event(key, t, type, channel, device, value, properties, guard.arm(out));
        guard.finish();
    }

    private void event(long key, long t, String type, String channel, String device, double value,
                       Map<String, String> properties, SegmentChangeListener out) {
        long micros = ProfileStore.micros(value);
        if (ProfileStore.isLarge(micros)) {
            checkLarge(key, value, micros);
        }
        int type1 = checkRoom(st.types, type, "event.type");
        int ch = channel == null ? -1 : checkRoom(st.channels, channel, "event.channel");
        int dev = device == null ? -1 : checkRoom(st.devices, device, "event.device");
        int[] pairs = NO_PAIRS;
        if (properties != null && !properties.isEmpty()) {
            pairs = new int[2 * properties.size()];
            int i = 0;
            for (Map.Entry<String, String> e : properties.entrySet()) {
                pairs[i++] = st.strings.intern(e.getKey());
                pairs[i++] = st.strings.intern(e.getValue());
            }
        }
        roomFor(key);
        if (st.historySize(st.row(key)) >= st.maxProfileEvents) {
            throw new IllegalStateException("profile " + key + " holds " + st.maxProfileEvents
                    + " events, the most one profile's history can hold; nothing was changed");
        }
        if (t > now) {
            advanceTo(t, out, st.row(key)); // an existing profile's block is warmed with the first timers
        }
        if (type1 < 0) {
            type1 = st.types.intern(type);
        }
        if (ch < 0 && channel != null) {
            ch = st.channels.intern(channel);
        }
        if (dev < 0 && device != null) {
            dev = st.devices.intern(device);
        }
        int rowsBefore = st.rows;
        int p = row(key);
        boolean fresh = st.rows > rowsBefore;
        warm(p);
        // Older than the profile's latest event, or (with sequence conditions) older than the clock: a
        // sequence outcome already resolved by a timer may change retroactively, so rebuild the profile.
        boolean late = t < st.lastTime(p) || t < now && c.hasSequences;
        long dims = ProfileStore.dims(type1, ch, dev);
        int combo = st.comboId(dims);
        int ref = st.addProperties(pairs);
        int pos = st.insertCombo(p, t, combo, micros, ref);
        if (late || fresh) {
            rebuild(c, p, p);
            evaluate(p, c.allMask, out);
            scheduleAll(p);
            return;
        }
        long[] d = dirty;
        Slot[] sure = c.byCombo(combo);
        wakeBefore = c.timers[2 * p + 1];
        wakeMoved = false;
        wakeLow = Slot.NEVER;
        // Only the segments reading a slot that the event may move are evaluated: before the event every
        // membership bit is the truth at now (each deadline due by now has fired), so a segment whose
        // inputs all look the same to its conditions keeps its truth value. Asked before any slot is
        // updated: a shared ring's followers read the owner's ring, which the owner updates first.
        Arrays.fill(d, 0);
        for (Slot s : sure) {
            if (!s.keeps(p, t, dims, now)) {
                long[] m = s.mask;
                for (int w = 0; w < m.length; w++) {
                    d[w] |= m[w];
                }
            }
        }
        for (Slot s : sure) {
            apply(s, p, pos, t, dims, ref, micros);
        }
        for (Slot s : c.byProperties(combo)) {
            if (s.matches(st, dims, ref)) {
                apply(s, p, pos, t, dims, ref, micros);
                long[] m = s.mask;
                for (int w = 0; w < m.length; w++) {
                    d[w] |= m[w];
                }
            }
        }
        if (wakeMoved) {
            rearm(p);
        } else {
            arm(p, Math.min(wakeBefore, wakeLow));
        }
        evaluate(p, d, out);
    }

    /**
     * Applies an event to one slot and records its new deadline. Each slot is applied at most once per
     * event (the dispatch lists are disjoint), so the row's new wake instant is the least of the old one
     * and the new deadlines, unless a slot that held the old wake instant was moved: only then
     * ({@link #wakeMoved}) are all the row's deadlines read again.
     */
    private void apply(Slot s, int p, int pos, long t, long dims, int ref, long micros) {
        s.add(st, p, p, pos, t, dims, ref, micros, now);
        if (s.tix >= 0) {
            s.expire(st, p, p, now);
            long[] a = c.slab.a;
            int i = p * c.slab.stride + s.dueOff;
            long before = a[i];
            long due = s.deadline(st, p, p, now);
            a[i] = due;
            if (before == wakeBefore && before != Slot.NEVER) {
                wakeMoved = true;
            }
            if (due < wakeLow) {
                wakeLow = due;
            }
        }
    }

    /**
     * Loads every cache line of row {@code p}'s state block, its history's newest event and its key, in one
     * burst. (Leaving the history out for timer firings, whose ring and last-seen slots do not read it,
     * measured slower on the quiet machine: 282k events/s against 316k with it, 100k profiles.)
     *
     * <p>Design note. An event or a timer firing usually lands on a profile whose block and history are
     * not in cache. The work then reaches the block's lines one after another (the history tail for the
     * late-event check, the slots of the event's type, the timer instant, the slots the dirty segments
     * read), and each miss stalls the core before the next load is even issued: JFR (with
     * {@code -XX:+DebugNonSafepoints}) put 40% of the real-time samples on those first touches. The
     * loads here are independent of one another, so the core issues them together and the misses
     * overlap; the work that follows finds the lines in cache. Their result goes to a field nothing reads,
     * so the JIT keeps them.
     */
    private void warm(int p) {
        long[] a = c.slab.a;
        int stride = c.slab.stride;
        int o = p * stride;
        long x = a[o + stride - 1] ^ st.keys[p]; // the key: every change reported names it
        for (int i = o, end = o + stride; i < end; i += 8) {
            x ^= a[i];
        }
        int n = st.size[p];
        if (n > 0) {
            x ^= st.hist[p][(n - 1) * ProfileStore.STRIDE];
        }
        warmed = x;
    }

    /** Records the deadline of one timed slot of row {@code p} (state brought to now); see {@link #rearm}. */
    private void schedule(int p, Slot s) {
        c.slab.a[p * c.slab.stride + s.dueOff] = s.deadline(st, p, p, now);
    }

    /** Recomputes every deadline of row {@code p} (its slots already brought to now) and re-arms the row. */
    private void scheduleAll(int p) {
        for (Slot s : c.timed) {
            s.expire(st, p, p, now);
            schedule(p, s);
        }
        rearm(p);
    }

    /**
     * Records the earliest of row {@code p}'s slot deadlines as its wake instant, and pushes a queue entry
     * when that is earlier than the armed one (the old entry becomes stale). A wake instant that moved later
     * pushes nothing: when the armed entry surfaces, {@link #advanceTo} finds the row's wake instant later
     * and moves the entry there, from the dense timer array alone. (Before, such an entry loaded the cold
     * block to find nothing due: 0.17 times per event of the real-time benchmark.)
     */
    private void rearm(int p) {
        long[] a = c.slab.a;
        int o = p * c.slab.stride;
        long best = Slot.NEVER;
        for (int i = o + c.dueBase, end = i + c.timed.length; i < end; i++) {
            best = Math.min(best, a[i]);
        }
        arm(p, best);
    }

    /** Records {@code best}, the earliest of row {@code p}'s slot deadlines, as its wake instant; see {@link #rearm}. */
    private void arm(int p, long best) {
        long[] tm = c.timers;
        tm[2 * p + 1] = best;
        if (best < tm[2 * p]) {
            tm[2 * p] = best;
            heap.push(best, p);
        }
    }

    private void clearTimers(int p) {
        long[] a = c.slab.a;
        int o = p * c.slab.stride;
        c.timers[2 * p] = Slot.NEVER;
        c.timers[2 * p + 1] = Slot.NEVER;
        Arrays.fill(a, o + c.dueBase, o + c.dueBase + c.timed.length, Slot.NEVER);
    }

    /**
     * Refuses, before any change, a large value that would take its profile's large values beyond
     * {@link ProfileStore#LARGE_BUDGET} (its sums could then leave the exact {@code long} range).
     */
    private void checkLarge(long key, double value, long micros) {
        long total = st.largeTotal(st.row(key));
        if (Math.abs(micros) > ProfileStore.LARGE_BUDGET - total) {
            throw new IllegalArgumentException("event.value " + value + " of profile " + key
                    + " refused: the profile's values of magnitude 2147.483648 or more would total "
                    + BigDecimal.valueOf(total).add(BigDecimal.valueOf(Math.abs(micros)))
                    .movePointLeft(6).toPlainString()
                    + " in absolute value, beyond " + budget() + ", and its sums could leave the exact long range;"
                    + " nothing was changed");
        }
    }

    private static String budget() {
        return BigDecimal.valueOf(ProfileStore.LARGE_BUDGET).movePointLeft(6).toPlainString();
    }

    /** The id of {@code s} in {@code in}, or -1 if new and there is room for it; throws if there is none. */
    private static int checkRoom(Interner in, String s, String field) {
        int id = in.id(s);
        if (id < 0 && in.size() >= ProfileStore.ID_MAX) {
            throw new IllegalStateException(field + ": more than " + ProfileStore.ID_MAX
                    + " distinct values; cannot add \"" + s + "\"");
        }
        return id;
    }

    private int row(long key) {
        int p = st.rowOrCreate(key);
        if (st.rows > c.capacity) {
            c.grow(st.capacity());
        }
        return p;
    }

    /**
     * Refuses, before any change, a call that would add profile {@code key} when the slab has no row left
     * for it (see {@link Compiled#maxRows()}). One comparison unless the engine is full.
     */
    private void roomFor(long key) {
        if (st.rows >= c.maxRows() && st.row(key) < 0) {
            throw new IllegalStateException("cannot add profile " + key + ": " + c.limitMessage()
                    + "; nothing was changed");
        }
    }

    /** Fires every timer due at or before {@code t}, each at its own instant, then sets the clock to {@code t}. */
    public void advanceTo(long t, SegmentChangeListener out) {
        advanceTo(t, guard.arm(out), -1);
        guard.finish();
    }

    /**
     * As {@link #advanceTo(long, SegmentChangeListener)}; row {@code next} (or -1), which the caller is about
     * to work on, is warmed together with the first timers.
     *
     * <p>Design note. Firing a timer lands on a profile whose block is not in cache, and the block's loads
     * cannot start before the timer is popped. The live entries due next (up to {@link #BATCH}) are therefore
     * popped together and their blocks warmed in one burst, so that their misses overlap, then fired one by
     * one in queue order. A firing arms its profile again, possibly before the batch's next entry; the rest
     * of the batch then goes back to the queue (still armed, and warm) so that the order of firings is
     * exactly the queue's.
     */
    void advanceTo(long t, SegmentChangeListener out, int next) {
        long[] bt = batchTime;
        int[] bp = batchRow;
        int extra = next;
        while (true) {
            int k = 0;
            while (k < BATCH && !heap.isEmpty() && heap.peekTime() <= t) {
                long d = heap.peekTime();
                int p = (int) heap.peekId();
                heap.pop();
                long[] tm = c.timers;
                if (tm[2 * p] != d) {
                    continue; // superseded, or the row was cleared: the row's block is not touched
                }
                long wake = tm[2 * p + 1];
                if (wake > d) {
                    // The row's deadlines moved later since it was armed: re-arm there, without the block.
                    tm[2 * p] = wake;
                    if (wake != Slot.NEVER) {
                        heap.push(wake, p);
                    }
                    continue;
                }
                bt[k] = d;
                bp[k] = p;
                k++;
            }
            if (k == 0) {
                break;
            }
            for (int i = 0; i < k; i++) {
                warm(bp[i]);
            }
            if (extra >= 0) {
                warm(extra);
                extra = -1;
            }
            for (int i = 0; i < k; i++) {
                if (i > 0 && !heap.isEmpty() && (heap.peekTime() < bt[i]
                        || heap.peekTime() == bt[i] && heap.peekId() < bp[i])) {
                    for (int j = i; j < k; j++) {
                        heap.push(bt[j], bp[j]);
                    }
                    break;
                }
                fire(bp[i], bt[i], out);
            }
        }
        if (t > now) {
            now = t;
        }
    }

    /** Brings row {@code p}'s slots due at {@code d} up to date, reports the changes, and re-arms the row. */
    private void fire(int p, long d, SegmentChangeListener out) {
        long[] tm = c.timers;
        if (tm[2 * p] != d) {
            return; // a second entry for the same instant, already fired in this batch
        }
        tm[2 * p] = Slot.NEVER;
        long[] a = c.slab.a;
        int o = p * c.slab.stride;
        now = d;
        long[] dm = dirty;
        Arrays.fill(dm, 0);
        Slot[] timed = c.timed;
        int n = 0;
        // The row's new wake instant is the least of the deadlines not due and the fired slots' new ones:
        // found in this pass and the one below instead of a third pass over every deadline (rearm).
        long rest = Slot.NEVER;
        for (int i = 0; i < timed.length; i++) {
            long due = a[o + c.dueBase + i];
            if (due > d) {
                rest = Math.min(rest, due);
            } else {
                Slot s = timed[i];
                s.expire(st, p, p, now);
                long[] m = s.mask;
                for (int w = 0; w < m.length; w++) {
                    dm[w] |= m[w];
                }
                fired[n++] = i;
            }
        }
        if (n > 0) {
            evaluate(p, dm, out);
            for (int i = 0; i < n; i++) {
                Slot s = timed[fired[i]];
                long due = s.deadline(st, p, p, now);
                a[o + s.dueOff] = due;
                rest = Math.min(rest, due);
            }
        }
        arm(p, rest);
    }

    /** Sets (value non-null) or removes a trait; re-evaluates the segments depending on it. */
    public void setTrait(long key, String trait, String value, SegmentChangeListener out) {
        trait(key, trait, value, guard.arm(out));
        guard.finish();
    }

    private void trait(long key, String trait, String value, SegmentChangeListener out) {
        roomFor(key);
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
        merge0(loser, winner, guard.arm(out));
        guard.finish();
    }

    private void merge0(long loser, long winner, SegmentChangeListener out) {
        int l = st.row(loser);
        if (l < 0) {
            return;
        }
        roomFor(winner);
        long events = (long) st.historySize(l) + st.historySize(st.row(winner));
        if (events > st.maxProfileEvents) {
            throw new IllegalStateException("merge of profile " + loser + " into profile " + winner + " refused: their"
                    + " histories hold " + events + " events together, more than the " + st.maxProfileEvents
                    + " one profile can hold; nothing was changed");
        }
        long lt = st.largeTotal(l);
        long wt = st.largeTotal(st.row(winner));
        if (lt > ProfileStore.LARGE_BUDGET - wt) {
            throw new IllegalArgumentException("merge of profile " + loser + " into profile " + winner
                    + " refused: their values of magnitude 2147.483648 or more would total "
                    + BigDecimal.valueOf(lt).add(BigDecimal.valueOf(wt)).movePointLeft(6)
                    .toPlainString() + " in absolute value, beyond " + budget()
                    + ", and the merged profile's sums could leave the exact long range; nothing was changed");
        }
        leaveAll(l, out);
        int w = row(winner);
        st.mergeInto(l, w);
        for (Slot s : c.slots) {
            s.reset(l);
        }
        clearTimers(l);
        rebuild(c, w, w);
        boolean rescore = false;
        if (rfm.split) {
            rescore = useReference(rfm.rekeyed(loser, winner));
        } else {
            alias(loser, winner);
        }
        evaluate(w, c.allMask, out);
        scheduleAll(w);
        if (rescore) {
            rescoreAll(out);
        }
    }

    /** Forgets a profile: exits reported, history, traits and property values cleared. No-op if unknown. */
    public void erase(long key, SegmentChangeListener out) {
        erase0(key, guard.arm(out));
        guard.finish();
    }

    private void erase0(long key, SegmentChangeListener out) {
        eraseAll0(new long[] {key}, out);
    }

    /**
     * Erases several profiles with one pass over the RFM reference (and at most one re-evaluation of the
     * RFM segments), instead of one each: the same final state as erasing them one after the other; the
     * changes reported are the erased profiles' exits, then the net changes of the others.
     */
    public void eraseAll(long[] keys, SegmentChangeListener out) {
        eraseAll0(keys, guard.arm(out));
        guard.finish();
    }

    private void eraseAll0(long[] keys, SegmentChangeListener out) {
        LongOpenHashSet gone = new LongOpenHashSet();
        for (long key : keys) {
            int p = st.row(key);
            if (p >= 0) {
                leaveAll(p, out);
                st.erase(p);
                for (Slot s : c.slots) {
                    s.reset(p);
                }
                clearTimers(p);
            }
            // a merged-away key holds no pairs of its own: they belong to the profile it was merged into
            if (!rfmAlias.containsKey(key)) {
                gone.add(key);
            }
        }
        if (!rfmAlias.isEmpty()) {
            for (long k : rfmAlias.keySet().toLongArray()) {
                if (gone.contains(resolve(k))) {
                    gone.add(k);
                }
            }
            gone.forEach(k -> rfmAlias.remove(k));
        }
        if (useReference(rfm.without(gone::contains))) {
            rescoreAll(out);
        }
    }

    /**
     * Records that the reference's pairs under {@code loser} now belong to {@code winner} (a merge), in
     * O(1): under the default tie rule (ties share a score) a pair's key plays no part in any score, so
     * the reference is not relabelled and re-sorted (which cost 160 ms a merge at 1M buyers); an erasure
     * of the winner removes the pairs of every key merged into it ({@link #resolve}), and the snapshot
     * writes the reference relabelled ({@link #rfmForSnapshot()}). Under SPLIT_BY_KEY the key breaks ties,
     * so a merge relabels the reference at once. No score changes.
     */
    private void alias(long loser, long winner) {
        if (loser == winner) {
            return;
        }
        if (rfmAlias.containsKey(winner) || rfmAlias.containsKey(loser)) {
            // a merged-away key back as a profile (an event under it after its merge), now merged again as
            // either side: its old pairs stay with the profile they went to, so the recorded merges are
            // applied to the reference for real first (rare). Without it a loser's new alias would replace
            // its old one and hand its old pairs to the new winner (found by RealtimeBatchOracleProperties,
            // seed -14930352: an erasure then left them in the reference and moved other profiles' scores)
            rfm = rfm.rekeyed(this::resolve);
            ctx.rfm = rfm;
            rfmAlias.clear();
        }
        rfmAlias.put(loser, winner);
    }

    /** The key a reference pair's key now stands for, following merges since the reference was built. */
    private long resolve(long key) {
        long k = key;
        for (int guardSteps = 0; rfmAlias.containsKey(k) && guardSteps <= rfmAlias.size(); guardSteps++) {
            k = rfmAlias.get(k);
        }
        return k;
    }

    /** The reference with merged-away keys relabelled as the profiles they were merged into. */
    RfmReference rfmForSnapshot() {
        return rfmAlias.isEmpty() ? rfm : rfm.rekeyed(this::resolve);
    }

    /**
     * Makes {@code next} the RFM reference; returns whether some (value, key) now scores differently, so that
     * segments reading RFM scores must be evaluated again for every profile ({@link #rescoreAll}).
     *
     * <p>Design note. An erasure takes the erased profile's pairs out of the reference (nothing about the
     * person may stay), and a merge relabels the loser's pairs as the winner's (an erasure of the winner
     * then finds them). Either can move a quintile cut, hence the scores of profiles that were not touched;
     * most do not (see {@link RfmReference#scoresLike}), and then nothing else is evaluated.
     */
    private boolean useReference(RfmReference next) {
        if (next == rfm) {
            return false;
        }
        boolean same = rfm.scoresLike(next);
        rfm = next;
        ctx.rfm = next;
        if (same) {
            return false;
        }
        for (long w : c.rfmMask) {
            if (w != 0) {
                return true;
            }
        }
        return false;
    }

    /** Evaluates the segments reading RFM scores for every live profile, reporting the changes. */
    private void rescoreAll(SegmentChangeListener out) {
        for (int p = 0; p < st.rows; p++) {
            if (st.alive[p]) {
                evaluate(p, c.rfmMask, out);
            }
        }
    }

    private void leaveAll(int p, SegmentChangeListener out) {
        long key = st.keys[p];
        long[] a = c.slab.a;
        int o = p * c.slab.stride + Slab.MEMBERS;
        for (int s = 0; s < members.segments(); s++) {
            if ((a[o + (s >>> 6)] & (1L << s)) != 0) {
                a[o + (s >>> 6)] &= ~(1L << s);
                members.toggle(s, p);
                out.onChange(key, c.ids[s], false, now);
            }
        }
    }

    /** Replaces the catalog atomically: everything new is built aside, then swapped in; reports the differences. */
    public void install(SegmentCatalog catalog, SegmentChangeListener out) {
        install0(catalog, guard.arm(out));
        guard.finish();
    }

    private void install0(SegmentCatalog catalog, SegmentChangeListener out) {
        Compiled nc = new Compiled(st, catalog, st.capacity()).requireAllRows();
        rebuildAll(nc);
        RfmReference ref = reference(nc);
        RoaringBitmap[] nm = evaluateRows(nc, ref);
        List<String> oldIds = Arrays.asList(c.ids);
        List<String> newIds = Arrays.asList(nc.ids);
        for (int s = 0; s < c.ids.length; s++) {
            if (!newIds.contains(c.ids[s])) {
                report(members.bitmap(s), new RoaringBitmap(), c.ids[s], out);
            }
        }
        for (int s = 0; s < nc.ids.length; s++) {
            int o = oldIds.indexOf(nc.ids[s]);
            report(o < 0 ? new RoaringBitmap() : members.bitmap(o), nm[s], nc.ids[s], out);
        }
        members = new Memberships(nm);
        rfm = ref;
        rfmAlias.clear();
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
        refreshRfm0(guard.arm(out));
        guard.finish();
    }

    private void refreshRfm0(SegmentChangeListener out) {
        rfm = reference(c);
        rfmAlias.clear();
        ctx.rfm = rfm;
        boolean any = false;
        for (long w : c.rfmMask) {
            any |= w != 0;
        }
        if (any) {
            rescoreAll(out);
        }
    }

    private RfmReference reference(Compiled cc) {
        int n = 0;
        for (int p = 0; p < st.rows; p++) {
            if (st.alive[p]) {
                cc.rfmAgg.expire(st, p, p, now);
                if (cc.rfmAgg.count(p, now) > 0) {
                    n++;
                }
            }
        }
        long[] keys = new long[n];
        long[] r = new long[n];
        long[] f = new long[n];
        long[] m = new long[n];
        int i = 0;
        for (int p = 0; p < st.rows; p++) {
            if (st.alive[p] && cc.rfmAgg.count(p, now) > 0) {
                keys[i] = st.keys[p];
                r[i] = cc.rfmLast.last(p);
                f[i] = cc.rfmAgg.count(p, now);
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
        boolean[] v = val;
        if (c.topoIsIdentity) {
            for (int w = 0; w < mask.length; w++) {
                for (long m = mask[w]; m != 0; m &= m - 1) {
                    int s = (w << 6) + Long.numberOfTrailingZeros(m);
                    v[s] = roots[s].eval(x);
                    known[s] = true;
                }
            }
        } else {
            for (int s : c.topo) {
                if ((mask[s >>> 6] & (1L << s)) != 0) {
                    v[s] = roots[s].eval(x);
                    known[s] = true;
                }
            }
        }
        long[] a = c.slab.a;
        int o = p * c.slab.stride + Slab.MEMBERS;
        for (int w = 0; w < mask.length; w++) {
            for (long m = mask[w]; m != 0; m &= m - 1) {
                int s = (w << 6) + Long.numberOfTrailingZeros(m);
                known[s] = false;
                boolean in = v[s];
                long bit = 1L << s;
                if (((a[o + w] & bit) != 0) != in) {
                    a[o + w] ^= bit;
                    members.toggle(s, p);
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
        for (int i = 0; i < n; i++) {
            int o = i * ProfileStore.STRIDE;
            long t = h[o];
            long word = h[o + 1];
            int combo = ProfileStore.combo(word);
            long dims = st.comboDims(combo);
            long v = st.micros(p, word);
            int ref = st.propsRef(p, word);
            for (Slot s : cc.byCombo(combo)) {
                s.add(st, p, row, i, t, dims, ref, v, now);
            }
            for (Slot s : cc.byProperties(combo)) {
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
        return p >= 0 && c.isMember(p, segment);
    }

    /** The profile's current segments in catalog order. */
    public List<String> segmentsOf(long key) {
        int p = st.row(key);
        List<String> out = new ArrayList<>();
        if (p >= 0) {
            for (int s = 0; s < c.ids.length; s++) {
                if (c.isMember(p, s)) {
                    out.add(c.ids[s]);
                }
            }
        }
        return out;
    }

    /** The current member keys of a segment, sorted. */
    public long[] members(int segment) {
        return keysOf(members.bitmap(segment), st.keys);
    }

    /** The current member count of a segment. */
    public int count(int segment) {
        return members.bitmap(segment).getCardinality();
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
        int s = c.rfmScores(rfm, st, p, p, now);
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
        long b = st.bytes() + c.bytes() + heap.bytes() + rfm.bytes();
        b += members.bytes();
        return b;
    }

    /** A listener that ignores changes. */
    public static SegmentChangeListener noop() {
        return NOOP;
    }

    /**
     * Stands between the engine and the caller's listener for one public call.
     *
     * <p>Design note. The engine reports a change in the middle of its work: between two segments of one
     * evaluation, between two timers of one batch, before the event of {@code onEvent} is applied. A
     * listener exception escaping there would leave that work half done (the rest of an evaluation's
     * scratch marked known with the wrong profile's values, popped timers neither fired nor re-armed, the
     * clock moved but the event not applied). Rather than making every reporting site transactional, the
     * guard catches the first exception, stops calling the listener, lets the call finish all of its work,
     * and rethrows the exception when the call returns ({@link #finish}). So the engine's state is always
     * that of a completed call, and the listener saw exactly the first changes up to the one that threw.
     * (A try block costs nothing while nothing is thrown.)
     */
    private static final class Guard implements SegmentChangeListener {
        private SegmentChangeListener to;
        private Throwable failure;

        SegmentChangeListener arm(SegmentChangeListener out) {
            to = out;
            failure = null;
            return this;
        }

        @Override
        public void onChange(long profile, String segment, boolean entered, long epochMillis) {
            if (failure == null) {
                try {
                    to.onChange(profile, segment, entered, epochMillis);
                } catch (RuntimeException | Error e) {
                    failure = e;
                }
            }
        }

        /** Rethrows the listener's exception, if any, once the call's work is complete. */
        void finish() {
            Throwable f = failure;
            failure = null;
            to = null;
            if (f instanceof RuntimeException r) {
                throw r;
            }
            if (f != null) {
                throw (Error) f;
            }
        }
    }
}
