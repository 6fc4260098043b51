package io.omnicanal.segmentation;

import io.omnicanal.segmentation.internal.EngineCore;
import io.omnicanal.segmentation.internal.SnapshotCodec;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.LongConsumer;

/**
 * Keeps every profile's segments current as events and traits arrive, and evaluates them in batch.
 *
 * <p><b>Time.</b> The engine has a clock {@link #now()}, an input: it starts at the instant given to
 * {@link #create} and moves forward only through {@link #advanceTo} and events. An event later than
 * {@code now} first advances the clock to its time; an earlier one is applied at the current clock (it can
 * still enter windows) and inserted in order into its profile's history. When the clock passes the instant
 * at which an event leaves a window, an age threshold is crossed or a sequence's outcome becomes known,
 * the profile's segments change at exactly that instant (to the millisecond), and the change carries that
 * instant. Times are kept to the millisecond; sub-millisecond digits are truncated.
 *
 * <p><b>Changes.</b> Every mutating method returns the segment changes it caused, in time order; at one
 * instant, per profile in the order processed, and per profile in catalog order. A method given a
 * {@link SegmentChangeListener} reports the same changes without allocating them.
 *
 * <p><b>Identity.</b> {@link #merge} combines the loser's history and traits into the winner (the
 * winner's traits win) and forgets the loser; {@link #erase} forgets a profile entirely (history, traits,
 * property values, memberships). A <em>split</em> (identity removing the identifier that held two people
 * together) is handled by the caller: {@code erase(old)}, then re-feed the events and traits of each new
 * key, oldest first; the re-fed events are older than {@code now} and enter windows correctly.
 *
 * <p><b>Values.</b> Sums are exact: each event value is rounded to 6 decimals (micro-units) and summed
 * as a {@code long}, so incremental and batch results agree bit for bit. They cannot overflow: the values
 * of magnitude 2147.483648 or more of one profile may total at most {@link Event#MAX_ABS_LARGE_TOTAL} in
 * absolute value (see {@link Event}); {@link #onEvent} refuses an event, and {@link #merge} a merge, that
 * would pass that bound, before any change.
 *
 * <p><b>Thread-safety.</b> Thread-safe: every method takes the engine's lock, so calls are serialised and
 * each sees the effects of the ones before it. Listeners run under the lock and must not call back. A
 * listener that throws never leaves a call half done: the call completes, then rethrows
 * (see {@link SegmentChangeListener}).
 * Batch evaluation may use several threads internally ({@link #evaluate(int)}).
 *
 * <p><b>Bad input</b> (null, blank, out-of-range values, clock moved backwards, unknown segment) throws
 * {@link IllegalArgumentException} naming the field and the value, before any state is changed.
 *
 * <p><b>Capacity.</b> The real-time state of every profile lives in one {@code long[]}: a block of longs
 * per profile row whose size depends on the catalog (membership words, one deadline per time-dependent
 * condition state, the states themselves: 80 longs for a 50-segment catalog of mixed windowed counts). An
 * engine therefore holds at most {@code (2^31 - 17) / block} profile rows (26.8 million at 80 longs), and
 * never more than 2^28. Rows of erased and merged-away profiles still count (they are not reused) until the
 * engine is restored from a snapshot, which drops them. When the limit is reached, a call that would add a
 * new profile ({@link #onEvent}, {@link #setTrait}, {@link #merge} into a new winner) throws
 * {@link IllegalStateException} naming the limit, the block size and the row count, before any state is
 * changed (no timer fires, the clock does not move); calls on existing profiles go on. {@link #install} of a
 * catalog whose blocks would not fit the rows in use is refused the same way, the old catalog staying
 * installed.
 */
public final class SegmentEngine {
    private final EngineCore core;

    private SegmentEngine(EngineCore core) {
        this.core = core;
    }

    /**
     * A new, empty engine.
     *
     * @param catalog the segments (non-null)
     * @param start   the initial clock (non-null)
     * @throws IllegalArgumentException on a null argument or an instant outside the millisecond range
     */
    public static SegmentEngine create(SegmentCatalog catalog, Instant start) {
        if (catalog == null) {
            throw new IllegalArgumentException("catalog must not be null");
        }
        return new SegmentEngine(new EngineCore(catalog, Checks.epochMillis("start", start)));
    }

    /** The engine's clock. */
    public synchronized Instant now() {
        return Instant.ofEpochMilli(core.now());
    }

    /** The installed catalog. */
    public synchronized SegmentCatalog catalog() {
        return core.catalog();
    }

    /**
     * Records one event and returns the changes it caused (including those of timers fired while the
     * clock advanced to its time). Amortised O(1) plus the dependent segments' evaluation when the event
     * is not older than its profile's latest event; O(history of the profile) otherwise.
     *
     * @throws IllegalArgumentException if {@code event} is null, or (before any change) if its value would
     *                                  take its profile's sums beyond their exact range (see {@link Event})
     * @throws IllegalStateException    if the event's profile is new and the engine is full (see "Capacity"
     *                                  above), before any change
     */
    public List<SegmentChange> onEvent(Event event) {
        if (event == null) {
            throw new IllegalArgumentException("event must not be null");
        }
        Collector out = new Collector();
        synchronized (this) {
            core.onEvent(event.profile(), event.time().toEpochMilli(), event.type(), event.channel(),
                    event.device(), event.value(), event.properties(), out);
        }
        return out.list();
    }

    /**
     * Records one event given as its parts (the cross-module form), see {@link Event} for the contract.
     *
     * @throws IllegalArgumentException on an invalid part, before any change
     */
    public List<SegmentChange> onEvent(long profile, Instant time, String type, String channel, String device,
                                       double value, Map<String, String> properties) {
        return onEvent(new Event(profile, time, type, channel, device, value, properties));
    }

    /**
     * The allocation-free hot path: records an event without properties, reporting changes to
     * {@code listener} (called under the engine's lock, see {@link SegmentChangeListener}).
     *
     * @param epochMillis the event time in milliseconds since the epoch, within {@link Event#MAX_EPOCH_MILLIS} either way
     * @throws IllegalArgumentException on an invalid part, or if the value would take its profile's values
     *                                  beyond {@link Event#MAX_ABS_LARGE_TOTAL} (see {@link Event}), before any
     *                                  change
     * @throws RuntimeException         the first exception (or {@code Error}) thrown by {@code listener},
     *                                  rethrown after the event has been fully applied; see
     *                                  {@link SegmentChangeListener} for what was and was not reported
     */
    public void onEvent(long profile, long epochMillis, String type, String channel, String device, double value,
                        SegmentChangeListener listener) {
        Checks.epochMillis("event.time", epochMillis);
        Checks.name("event.type", type);
        if (channel != null) {
            Checks.name("event.channel", channel);
        }
        if (device != null) {
            Checks.name("event.device", device);
        }
        if (!Double.isFinite(value) || Math.abs(value) > Event.MAX_ABS_VALUE) {
            throw new IllegalArgumentException("event.value must be finite with |value| <= 1e12, was " + value);
        }
        Objects.requireNonNull(listener, "listener");
        synchronized (this) {
            core.onEvent(profile, epochMillis, type, channel, device, value, null, listener);
        }
    }

    /**
     * Advances the clock to {@code time} and returns the changes caused by windows expiring, age thresholds
     * being crossed and sequence outcomes becoming known, each at its exact instant.
     *
     * @throws IllegalArgumentException if {@code time} is null or before {@link #now()}
     */
    public List<SegmentChange> advanceTo(Instant time) {
        long t = Checks.epochMillis("time", time);
        Collector out = new Collector();
        synchronized (this) {
            if (t < core.now()) {
                throw new IllegalArgumentException("time must not be before now (" + now() + "), was " + time);
            }
            core.advanceTo(t, out);
        }
        return out.list();
    }

    /**
     * Sets (or, with a {@code null} value, removes) a CRM or third-party trait and returns the changes.
     * Numeric traits are strings that parse as finite decimal numbers ({@code "42"}, {@code "-1.5e3"}).
     *
     * @throws IllegalArgumentException if {@code trait} is null or blank
     */
    public List<SegmentChange> setTrait(long profile, String trait, String value) {
        Checks.name("trait", trait);
        Collector out = new Collector();
        synchronized (this) {
            core.setTrait(profile, trait, value, out);
        }
        return out.list();
    }

    /** Sets several traits of one profile (sorted by name) and returns the changes. */
    public List<SegmentChange> setTraits(long profile, Map<String, String> traits) {
        Map<String, String> sorted = new java.util.TreeMap<>();
        for (Map.Entry<String, String> e : Objects.requireNonNull(traits, "traits").entrySet()) {
            sorted.put(Checks.name("trait", e.getKey()), e.getValue());
        }
        Collector out = new Collector();
        synchronized (this) {
            for (Map.Entry<String, String> e : sorted.entrySet()) {
                core.setTrait(profile, e.getKey(), e.getValue(), out);
            }
        }
        return out.list();
    }

    /** The traits of {@code profile}, sorted by name (empty for an unknown profile). */
    public synchronized Map<String, String> traits(long profile) {
        return Collections.unmodifiableMap(core.traits(profile));
    }

    /**
     * Identity merged {@code loser} into {@code winner}: the loser's history and missing traits move to the
     * winner, the loser leaves all its segments and is forgotten. A loser never seen is a no-op. The loser's
     * pairs in the RFM reference become the winner's (so that erasing the winner removes them); with
     * {@link RfmSettings.TieRule#SPLIT_BY_KEY} that can move a quintile cut, and then, as for {@link #erase},
     * the segments reading RFM scores are evaluated again for every profile and the changes returned.
     *
     * @throws IllegalArgumentException if {@code loser == winner}, or (before any change) if the two profiles'
     *                                  values of magnitude 2147.483648 or more together would total more than
     *                                  {@link Event#MAX_ABS_LARGE_TOTAL} (see {@link Event})
     */
    public List<SegmentChange> merge(long loser, long winner) {
        if (loser == winner) {
            throw new IllegalArgumentException("merge needs two different profiles, was loser=winner=" + loser);
        }
        Collector out = new Collector();
        synchronized (this) {
            core.merge(loser, winner, out);
        }
        return out.list();
    }

    /**
     * Forgets {@code profile} (history, traits, property values, key, and its pairs in the RFM reference) and
     * returns its exits; a snapshot written afterwards holds nothing of it (see the module README, "Known
     * limits", for the interned strings kept in memory until a restore). Unknown: no exits.
     *
     * <p>Taking its pairs out of the RFM reference can move a quintile cut of the reference, and so the RFM
     * scores of other profiles: when it does (and only then), the segments reading RFM scores are evaluated
     * again for every profile, and those changes are returned too, after the erased profile's exits. The
     * reference is otherwise left as it was (no refresh from the current population). O(the profile's
     * history + the reference), plus O(profiles) when a cut moves.
     */
    public List<SegmentChange> erase(long profile) {
        Collector out = new Collector();
        synchronized (this) {
            core.erase(profile, out);
        }
        return out.list();
    }

    /**
     * Forgets several profiles at once: the same final state as {@link #erase(long)} on each in turn, with
     * one pass over the RFM reference (and at most one re-evaluation of the RFM segments) instead of one
     * each, which matters for a batch of GDPR requests against a large population (an erasure is
     * O(reference), 53 ms at 1M buyers). Returns the erased profiles' exits, then the net changes of the
     * others (erasing one at a time may report a change and its reversal in between). Unknown keys are
     * ignored.
     *
     * @param profiles the profiles' keys
     * @return the changes
     * @throws IllegalArgumentException if {@code profiles} is null
     */
    public List<SegmentChange> eraseAll(long[] profiles) {
        if (profiles == null) {
            throw new IllegalArgumentException("profiles must not be null");
        }
        Collector out = new Collector();
        synchronized (this) {
            core.eraseAll(profiles.clone(), out);
        }
        return out.list();
    }

    /**
     * Replaces the catalog atomically and returns the membership differences (segments removed: everyone
     * leaves; added: members enter). The catalog is already validated, so nothing half-installs.
     */
    public List<SegmentChange> install(SegmentCatalog catalog) {
        if (catalog == null) {
            throw new IllegalArgumentException("catalog must not be null");
        }
        Collector out = new Collector();
        synchronized (this) {
            core.install(catalog, out);
        }
        return out.list();
    }

    /**
     * Recomputes the RFM reference population from the current profiles (the quintile boundaries) and
     * returns the changes of segments depending on RFM scores. Until called, real-time RFM scores are ranked
     * against the reference of the last refresh or install.
     */
    public List<SegmentChange> refreshRfm() {
        Collector out = new Collector();
        synchronized (this) {
            core.refreshRfm(out);
        }
        return out.list();
    }

    /**
     * Evaluates every segment over every profile from the stored histories at {@link #now()}, single
     * threaded, independently of the incremental state. O(total events x filters per event type).
     */
    public BatchResult evaluate() {
        return evaluate(1);
    }

    /**
     * As {@link #evaluate()}, on {@code threads} threads (1..256) that split the profiles into ranges.
     *
     * @throws IllegalArgumentException if {@code threads} is out of range
     */
    public synchronized BatchResult evaluate(int threads) {
        if (threads < 1 || threads > 256) {
            throw new IllegalArgumentException("threads must be in 1..256, was " + threads);
        }
        return new BatchResult(core.batch(threads));
    }

    /** Whether {@code profile} is currently in segment {@code segment}. */
    public synchronized boolean isMember(long profile, String segment) {
        return core.isMember(profile, index(segment));
    }

    /** The segments {@code profile} is in, in catalog order. */
    public synchronized List<String> segmentsOf(long profile) {
        return core.segmentsOf(profile);
    }

    /** The current members of {@code segment}, sorted ascending. */
    public synchronized long[] members(String segment) {
        return core.members(index(segment));
    }

    /** Passes each current member of {@code segment} (sorted ascending) to {@code action}. */
    public void forEachMember(String segment, LongConsumer action) {
        Objects.requireNonNull(action, "action");
        for (long k : members(segment)) {
            action.accept(k);
        }
    }

    /** How many profiles are currently in {@code segment}. */
    public synchronized int count(String segment) {
        return core.count(index(segment));
    }

    /** The profile's RFM scores against the current reference, or empty if it has no qualifying event. */
    public synchronized Optional<RfmScore> rfmScore(long profile) {
        return Optional.ofNullable(core.rfmScore(profile));
    }

    /** The profile's lifecycle stage at {@link #now()} ({@link LifecycleStage#PROSPECT} if unknown). */
    public synchronized LifecycleStage lifecycleStage(long profile) {
        return core.stage(profile);
    }

    /** How many profiles are known (not erased or merged away). */
    public synchronized int profileCount() {
        return core.profiles();
    }

    /** How many events are stored. */
    public synchronized long eventCount() {
        return core.events();
    }

    /** An estimate of the heap bytes held by the engine's arrays, bitmaps and maps. */
    public synchronized long estimatedBytes() {
        return core.bytes();
    }

    /**
     * Writes the engine's state (catalog, clock, profiles, histories, traits, RFM reference) to
     * {@code file} atomically: a temporary file in the same directory, flushed and fsynced, then renamed
     * over {@code file}. Format: versioned, CRC-32 checksummed. Only live profiles are written, with only
     * the strings they reference, so nothing of an erased profile reaches the file (see {@link #erase}).
     *
     * @throws IOException if writing fails (the previous file, if any, is left intact)
     */
    public synchronized void snapshot(Path file) throws IOException {
        SnapshotCodec.write(core, Objects.requireNonNull(file, "file"));
    }

    /**
     * Reads an engine from a snapshot written by {@link #snapshot}. Nothing existing is modified: a new
     * engine is returned.
     *
     * @throws SnapshotFormatException if the file is truncated, corrupt, foreign or of an unknown version
     *                                 (checked over its raw bytes before anything is decoded; the message
     *                                 names the file and the fault), or holds a profile whose values are
     *                                 beyond the bound of {@link Event}
     * @throws IOException             if reading fails
     */
    public static SegmentEngine restore(Path file) throws IOException {
        return new SegmentEngine(SnapshotCodec.read(Objects.requireNonNull(file, "file")));
    }

    private int index(String segment) {
        int s = core.segmentIndex(Objects.requireNonNull(segment, "segment"));
        if (s < 0) {
            throw new IllegalArgumentException("unknown segment \"" + segment + "\"");
        }
        return s;
    }

    private static final class Collector implements SegmentChangeListener {
        private List<SegmentChange> list;

        @Override
        public void onChange(long profile, String segment, boolean entered, long epochMillis) {
            if (list == null) {
                list = new ArrayList<>();
            }
            list.add(new SegmentChange(profile, segment, entered, Instant.ofEpochMilli(epochMillis)));
        }

        List<SegmentChange> list() {
            return list == null ? List.of() : Collections.unmodifiableList(list);
        }
    }
}
