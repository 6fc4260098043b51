package io.omnicanal.journeys.internal;

import io.omnicanal.journeys.Action;
import io.omnicanal.journeys.Channel;
import io.omnicanal.journeys.ChannelSender;
import io.omnicanal.journeys.Conversion;
import io.omnicanal.journeys.DeadLetter;
import io.omnicanal.journeys.Delivery;
import io.omnicanal.journeys.Journey;
import io.omnicanal.journeys.JourneyDefinitionException;
import io.omnicanal.journeys.JourneyEvent;
import io.omnicanal.journeys.JourneyListener;
import io.omnicanal.journeys.Migration;
import io.omnicanal.journeys.Offer;
import io.omnicanal.journeys.Position;
import io.omnicanal.journeys.ReEntry;
import io.omnicanal.journeys.SendOutcome;
import io.omnicanal.journeys.Skip;
import io.omnicanal.journeys.SkipReason;
import io.omnicanal.journeys.Step;
import it.unimi.dsi.fastutil.ints.Int2IntOpenHashMap;
import it.unimi.dsi.fastutil.ints.IntArrayList;
import it.unimi.dsi.fastutil.ints.IntArrays;
import it.unimi.dsi.fastutil.longs.LongArrayList;
import it.unimi.dsi.fastutil.longs.LongArrays;
import it.unimi.dsi.fastutil.longs.LongOpenHashSet;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.MonthDay;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/*
 * Design note: the engine's state on primitives, laid out for cache misses.
 *
 * At a million profiles nearly every first touch of a profile's state is a cache miss (~100 ns, more with a
 * TLB miss), so the layout counts misses per event. Profiles are interned to dense ints through a
 * ProfileIndex (8-byte slots: a fingerprint and the index, the key checked in the record); every per-profile
 * fact the hot path reads - key, head of its stay list, the journey families it is in (a bit mask), consent,
 * reachability, preferred channel, zone, engagement, last marketing send, the frequency-cap rings - is one
 * record of a ProfileTable (64 bytes with two caps, on one cache line). The keyed histories - entry histories,
 * offer cool-downs, converted topics, sent messages - live in one LongTable keyed (kind << 62 | p << 31 | id)
 * and hashed by profile, so that all of a profile's entries share a line or two (and erase and merge find them
 * by walking that one cluster, whatever the number of distinct ids); traits and dates in LongTables keyed
 * (p << 31 | id), segment membership in a fastutil set. Profiles and ids are non-negative ints, so the 31
 * bits each of key(p, id) never overlap. An event no stay can react to does not touch
 * the record at all, and onEvents reads the profiles of sixteen events ahead so that their misses overlap.
 *
 * A profile's stay in a journey is a record in the StayTable (profile, definition, step, next stay of the
 * profile, generation, entry number, flags, entry time, wake-up time). An event walks its profile's stays
 * only when the profile's family mask meets the families whose definitions react to the event's type (goal,
 * exit or awaited event), and entry checks the mask before looking for an existing stay. A pending message
 * is a slot in the MessageTable. Waits and deferred messages live in a calendar queue of (time, payload)
 * with payload = kind | generation | slot, birthdays in a separate 4-ary heap (a year ahead, they would only
 * fill the calendar's overflow); freeing a slot bumps its generation, so a stale entry is recognised and
 * dropped when it surfaces (lazy deletion, no search). Measured on the ten-journey benchmark workload: see
 * the journeys README.
 *
 * Time only moves through advanceTo: timers fire in (time, payload) order; after each distinct
 * instant, the messages requested at that instant are arbitrated together (flush): sorted by profile key,
 * priority (descending), journey family and step, and run through suppression, redundancy, channel choice,
 * quiet hours, caps, arbitration and rate limits, then handed to the sender. Equal input gives equal
 * order, so replay is deterministic.
 */

/**
 * The journey engine's state and logic. Single-threaded: the public {@code JourneyEngine} confines it.
 * Not part of the API.
 */
public final class JourneyRuntime implements Predicate.ProfileFacts {
    static final Channel[] CHANNELS = Channel.values();
    static final int NCH = CHANNELS.length;
    static final long NONE = Long.MIN_VALUE;
    static final int KIND_INSTANCE = 0;
    static final int KIND_MESSAGE = 1;
    static final int KIND_DATE = 2;
    static final int MAX_PURPOSES = 12;
    static final int MAX_ENTRY_COUNT = 0xFFFF;
    static final long TIME_MASK = (1L << 48) - 1;
    static final long MAX_DURATION_MILLIS = Checks.MAX_DURATION.toMillis();

    final Settings s;
    final JourneyListener listener;
    final boolean listening;
    final CompiledJourney.Tables t = new CompiledJourney.Tables();

    // catalogue
    final Names offerIds = new Names();
    final Offer[] offers;
    final Predicate[] offerPred;
    final int[] offerTopic;
    final int[] offerMessage;
    final long[] offerCoolMillis;

    final CapLedger caps;

    // journeys
    final List<CompiledJourney> defs = new ArrayList<>();
    final Names families = new Names();
    int[] currentDef = new int[4];
    int[][] entryByType = new int[0][];
    int[][] entryBySegment = new int[0][];
    int[][] entryByDate = new int[0][];
    /** Per interned event type: the family bits of every definition (any version) whose stays react to it. */
    int[] reactMaskByType = new int[0];

    // profiles
    final ProfileIndex index;
    final LongOpenHashSet suppressed = new LongOpenHashSet();
    final IntArrayList freeProfiles = new IntArrayList();
    int profileCount;
    final ProfileTable prof;
    final ZoneOffsets zones;

    final LongTable traitVals = new LongTable(-1);
    final LongTable dateVals = new LongTable(-1);
    /**
     * Per (profile, date-entry family), {@code key(p, f)}: the local year of the last anniversary entry that fired,
     * so that no later rescheduling (a new zone, a later time of day, a merge) fires that year's again.
     */
    final LongTable dateFired = new LongTable(-1);
    final LongOpenHashSet segs = new LongOpenHashSet();
    /**
     * The keyed histories of every profile in one table, {@code kind | key(p, id)}, hashed by profile so that a
     * profile's entries of every kind sit side by side: entry histories ({@link #HISTORY}, by journey family:
     * count << 48 | last entry time), offer cool-downs ({@link #OFFER_LAST}, by offer: last send), converted
     * topics ({@link #CONVERTED}, by topic: last conversion) and sent messages ({@link #SENT}, by message id:
     * last send). An event that enters three journeys, or a message checked against the redundancy rules,
     * then costs one cache miss for all of them instead of one per lookup.
     */
    final LongTable facts = new LongTable(NONE, true);
    /** Scratch: the fact keys of one profile, collected before they are moved or removed. */
    private final LongArrayList factKeys = new LongArrayList();
    static final long HISTORY = 0L;
    static final long OFFER_LAST = 1L << 62;
    static final long CONVERTED = 2L << 62;
    static final long SENT = 3L << 62;
    /** The kind bits of a {@link #facts} key. */
    static final long KIND_BITS = 3L << 62;
    /** Bits of the id in {@link #key}: a profile index or an interned id is a non-negative int. */
    static final int ID_BITS = 31;
    static final long ID_MASK = (1L << ID_BITS) - 1;
    /** The four kinds of {@link #facts}, in snapshot order. */
    static final long[] FACT_KINDS = {HISTORY, OFFER_LAST, CONVERTED, SENT};

    /** Per interned event type: CONVERSION and/or ENGAGEMENT bits (types interned later have none). */
    final byte[] typeFlags;
    static final byte CONVERSION = 1;
    static final byte ENGAGEMENT = 2;
    final StayTable stays = new StayTable();
    final MessageTable msg = new MessageTable();
    final DateTable dates = new DateTable();

    /** Waits and pending messages: near-term timers. */
    final CalendarQueue heap = new CalendarQueue();
    /**
     * Anniversary entries, up to a year ahead, one per (profile, date journey): kept apart so that they do
     * not fill the calendar queue's overflow heap. At equal times the near-term queue pops first,
     * which is the (time, payload) order of one merged heap since date payloads have the highest kind.
     */
    final TimerHeap dateHeap = new TimerHeap();
    final IntArrayList staged = new IntArrayList();
    /**
     * The deferred messages of each live stay that has any (stay slot -> first message, chained through
     * {@code MessageTable.nextOfStay}): a goal or exit rule releases them. Derived state: a message belongs
     * here exactly when it is alive, deferred, and its stay is live with the generation it was requested by,
     * so {@link #relinkDeferred} rebuilds it after a restore.
     */
    final Int2IntOpenHashMap deferredByStay = new Int2IntOpenHashMap();
    /**
     * The idempotency key of a message as of its first attempt, for the messages a merge moved to another
     * profile after they were attempted (waiting for a retry): slot -> the profile key of the first attempt
     * ({@link #firstEntry}: its entry number). The key of every later attempt is built from these, so that a
     * provider that accepted an attempt recognises the retry. Empty but for such messages; in snapshots.
     */
    final it.unimi.dsi.fastutil.ints.Int2LongOpenHashMap firstKey = new it.unimi.dsi.fastutil.ints.Int2LongOpenHashMap();
    /** The entry number of the first attempt of the messages in {@link #firstKey}. */
    final Int2IntOpenHashMap firstEntry = new Int2IntOpenHashMap();
    /** Scratch: the messages a goal or exit releases. */
    private final IntArrayList endedMessages = new IntArrayList();
    final long[] rlStart = new long[NCH];
    final int[] rlCount = new int[NCH];
    final List<DeadLetter> deadLetters = new ArrayList<>();
    long now;
    long timersFired;
    long delivered;

    private final it.unimi.dsi.fastutil.ints.IntComparator stagedOrder = this::compareStaged;

    /** Creates an empty runtime for these settings. */
    public JourneyRuntime(Settings s) {
        this.s = s;
        this.listener = s.listener();
        this.listening = s.listener() != NO_LISTENER;
        this.zones = new ZoneOffsets(s.brandZone());
        int n = s.offers().size();
        offers = s.offers().toArray(new Offer[0]);
        offerPred = new Predicate[n];
        offerTopic = new int[n];
        offerMessage = new int[n];
        offerCoolMillis = new long[n];
        pinNames(true);
        for (int i = 0; i < n; i++) {
            Offer o = offers[i];
            offerIds.intern(o.id());
            offerPred[i] = Predicate.compile(o.eligibility(), t.traits, t.values, t.segments);
            offerTopic[i] = o.topic() == null ? -1 : t.topics.intern(o.topic());
            offerMessage[i] = t.messages.intern(o.message());
            offerCoolMillis[i] = o.coolDown().toMillis();
        }
        pinNames(false);
        caps = new CapLedger(s.caps(), s.start());
        prof = new ProfileTable(caps, 16);
        index = new ProfileIndex(prof);
        Arrays.fill(rlStart, NONE);
        deferredByStay.defaultReturnValue(-1);
        t.purposes.intern("marketing");
        // conversion and engagement types are interned first, so one lookup per event classifies it
        for (String type : new java.util.TreeSet<>(s.conversionTypes())) {
            t.types.intern(type);
        }
        for (String type : new java.util.TreeSet<>(s.engagementTypes())) {
            t.types.intern(type);
        }
        typeFlags = new byte[t.types.size()];
        for (String type : s.conversionTypes()) {
            typeFlags[t.types.find(type)] |= CONVERSION;
        }
        for (String type : s.engagementTypes()) {
            typeFlags[t.types.find(type)] |= ENGAGEMENT;
        }
        t.purposes.intern("transactional");
        now = s.start().toEpochMilli();
    }

    /** The listener that does nothing; the runtime skips building event objects for it. */
    public static final JourneyListener NO_LISTENER = new JourneyListener() {};

    // ------------------------------------------------------------------ time

    /** {@link #now} as an Instant, kept while the time stays: the messages of one instant share it. */
    private Instant nowInstant = Instant.EPOCH;

    /** The engine's time as an {@link Instant} (one object per distinct time, not per action). */
    private Instant nowInstant() {
        if (nowInstant.toEpochMilli() != now) {
            nowInstant = Instant.ofEpochMilli(now);
        }
        return nowInstant;
    }

    /** The engine's current time in epoch milliseconds. */
    public long now() {
        return now;
    }

    static long millis(String field, Instant time) {
        Checks.notNull(field, time);
        if (time.isBefore(Instant.EPOCH) || time.getEpochSecond() > 253_402_300_799L) {
            throw new IllegalArgumentException(field + " must be between 1970-01-01T00:00:00Z and 9999-12-31T23:59:59Z, was " + time);
        }
        return time.toEpochMilli();
    }

    void checkNotBefore(String field, long t, Instant time) {
        if (!caps.inRange(t)) {
            throw new IllegalArgumentException(field + " must be within 68 years of the engine's start "
                    + Instant.ofEpochSecond(caps.baseSecond) + ", was " + time);
        }
        if (t < now) {
            throw new IllegalArgumentException(field + " must not be before the engine's time " + Instant.ofEpochMilli(now)
                    + ", was " + time);
        }
    }

    /** Fires everything due at or before {@code target}, instant by instant, then sets the time to it. */
    public void advanceTo(Instant time) {
        long target = millis("time", time);
        checkNotBefore("time", target, time);
        advance(target);
    }

    void advance(long target) {
        while (true) {
            readAheadTimers(target + READ_AHEAD_MILLIS);
            long at = Math.min(heap.peekTime(), dateHeap.peekTime());
            if (at > target) {
                break;
            }
            now = Math.max(now, at);
            for (TimerQueue h = due(at); h != null; h = due(at)) {
                long payload = h.peekPayload();
                h.pop();
                fire(at, payload);
                // many timers can share an instant (a quiet period's end, a time of day): refill as they go
                readAheadTimers(target + READ_AHEAD_MILLIS);
            }
            flush();
        }
        now = target;
    }

    /** Most near-term timers {@link #readAheadTimers} reads ahead at once. */
    static final int TIMER_GROUP = 32;
    /**
     * How far past the time it advances to {@link #advance} reads timers ahead: with inputs one at a time the
     * engine cannot see the next input's time, so it reads ahead the timers of the next ten seconds (up to
     * {@value #TIMER_GROUP}); they fire when due, a few inputs later, their state still in cache.
     */
    static final long READ_AHEAD_MILLIS = 10_000;

    /**
     * When no timer is read ahead yet, moves the next near-term timers due at or before {@code until} (at most
     * {@value #TIMER_GROUP}) to the calendar queue's front and touches, for each, the stay or message it will
     * wake, then that profile's record and keyed-history line, so that these cache misses overlap instead of
     * following one another when the timers fire. Reads only: the firing order and results are unchanged.
     */
    private void readAheadTimers(long until) {
        int n = heap.readAhead(until, TIMER_GROUP);
        if (n == 0) {
            return;
        }
        // two passes, so that more loads are in flight at once: the stays and messages, then their profiles
        int[] ps = aheadProfiles;
        long sum = 0;
        for (int k = 0; k < n; k++) {
            long payload = heap.frontPayload(k);
            long time = heap.frontTime(k);
            int kind = (int) (payload >>> 60);
            int gen = (int) ((payload >>> 32) & 0x0FFF_FFFF);
            int slot = (int) payload;
            int p = -1;
            // a stale timer (its stay or message freed or rescheduled: the checks fire makes) wakes no profile
            if (kind == KIND_INSTANCE && slot < stays.count) {
                // the stay's first and last fields: both cache lines when it straddles two
                boolean current = stays.due(slot) == time && stays.gen(slot) == gen;
                p = current ? stays.profile(slot) : -1;
            } else if (kind == KIND_MESSAGE && slot < msg.count) {
                // a pending message is one record (one cache line): fire, the arbitration sort and dispatch read it
                boolean current = msg.due(slot) == time && (msg.gen(slot) & 0x0FFF_FFFF) == gen;
                p = current ? msg.profile(slot) : -1;
            }
            ps[k] = p;
        }
        for (int k = 0; k < n; k++) {
            sum += touch(ps[k]);
        }
        readAhead += sum;
    }

    /** Scratch for the read-ahead passes: the profiles of a group of events or timers. */
    private final int[] aheadProfiles = new int[Math.max(GROUP, TIMER_GROUP)];

    /** The heap whose top is due at {@code at}, near-term first; null when neither. */
    private TimerQueue due(long at) {
        if (heap.size() > 0 && heap.peekTime() == at) {
            return heap;
        }
        return dateHeap.size() > 0 && dateHeap.peekTime() == at ? dateHeap : null;
    }

    static long payload(int kind, int gen, int slot) {
        return ((long) kind << 60) | ((long) (gen & 0x0FFF_FFFF) << 32) | (slot & 0xFFFF_FFFFL);
    }

    private void fire(long at, long payload) {
        int kind = (int) (payload >>> 60);
        int gen = (int) ((payload >>> 32) & 0x0FFF_FFFF);
        int slot = (int) payload;
        if (kind == KIND_INSTANCE) {
            if ((stays.flags(slot) & StayTable.LIVE) == 0 || (stays.gen(slot) & 0x0FFF_FFFF) != gen || stays.due(slot) != at) {
                return;
            }
            timersFired++;
            stays.setDue(slot, NONE);
            CompiledJourney d = defs.get(stays.def(slot));
            int st = stays.step(slot);
            stays.setStep(slot, d.kind[st] == CompiledJourney.WAIT ? d.next[st] : d.alt[st]);
            run(slot, null);
        } else if (kind == KIND_MESSAGE) {
            if (!msg.alive(slot) || (msg.gen(slot) & 0x0FFF_FFFF) != gen || msg.due(slot) != at) {
                return;
            }
            timersFired++;
            staged.add(slot);
        } else {
            if (!dates.alive[slot] || (dates.gen[slot] & 0x0FFF_FFFF) != gen || dates.due[slot] != at) {
                return;
            }
            timersFired++;
            int p = dates.profile[slot];
            int f = dates.family[slot];
            dateFired.put(key(p, f), Instant.ofEpochMilli(at).atZone(zones.zone(prof.zone(p))).getYear());
            scheduleDate(p, f);
            // only a date-entered running version enters on the date (deploy cancels the others' entries)
            if (defs.get(currentDef[f]).entryKind == CompiledJourney.ENTRY_DATE) {
                tryEnter(p, f, null);
            }
        }
    }

    // ------------------------------------------------------------------ profiles

    static long key(int p, int id) {
        return ((long) p << ID_BITS) | id;
    }

    /** The index of profile {@code key}, creating it when {@code create}; -1 when absent or suppressed. */
    int profile(long key, boolean create) {
        int p = index.get(key);
        if (p >= 0 || !create || suppressed.contains(key)) {
            return p;
        }
        if (!freeProfiles.isEmpty()) {
            p = freeProfiles.popInt();
        } else {
            p = profileCount++;
            if (p == prof.capacity()) {
                growProfiles(p * 2);
            }
        }
        prof.reset(p, key);
        index.put(key, p);
        return p;
    }

    void growProfiles(int n) {
        prof.grow(n);
    }

    /** Pre-sizes the profile tables for {@code expected} profiles. */
    public void reserveProfiles(int expected) {
        if (expected > prof.capacity()) {
            growProfiles(expected);
            index.ensureCapacity(expected);
        }
    }

    @Override
    public int trait(int p, int traitId) {
        return (int) traitVals.get(key(p, traitId));
    }

    @Override
    public double number(int valueId) {
        return t.values.number(valueId);
    }

    @Override
    public boolean inSegment(int p, int segmentId) {
        return segs.contains(key(p, segmentId));
    }

    int purposeId(String purpose) {
        int id = t.purposes.find(purpose);
        if (id < 0) {
            if (t.purposes.size() >= MAX_PURPOSES) {
                throw new IllegalArgumentException("purpose \"" + purpose + "\" is one too many: at most " + MAX_PURPOSES
                        + " consent purposes are supported");
            }
            id = t.purposes.intern(purpose);
        }
        return id;
    }

    /** Records whether the profile has an identifier for {@code channel}. */
    public void setReachable(long key, Channel channel, boolean reachable) {
        Checks.notNull("channel", channel);
        int p = profile(key, true);
        if (p < 0) {
            return;
        }
        int bit = 1 << channel.ordinal();
        prof.setReach(p, reachable ? prof.reach(p) | bit : prof.reach(p) & ~bit);
    }

    /** Records consent for (channel, purpose). */
    public void setConsent(long key, Channel channel, String purpose, boolean granted) {
        Checks.notNull("channel", channel);
        Checks.name("purpose", purpose);
        int id = purposeId(purpose);
        int p = profile(key, true);
        if (p < 0) {
            return;
        }
        long bit = 1L << (id * NCH + channel.ordinal());
        prof.setConsent(p, granted ? prof.consent(p) | bit : prof.consent(p) & ~bit);
    }

    /** Records the preferred channel (null clears it). */
    public void setPreferredChannel(long key, Channel channel) {
        int p = profile(key, true);
        if (p >= 0) {
            prof.setPref(p, channel == null ? -1 : channel.ordinal());
        }
    }

    /** Records the profile's zone (null resets it to the brand's). */
    public void setTimeZone(long key, ZoneId zone) {
        int z = zone == null ? 0 : zones.intern(zone);
        if (z > Short.MAX_VALUE) {
            throw new IllegalArgumentException("zone " + zone + " is one too many distinct zones");
        }
        int p = profile(key, true);
        if (p >= 0) {
            prof.setZone(p, z);
            rescheduleDates(p);
        }
    }

    /** Sets a trait; a null value removes it. */
    public void setTrait(long key, String trait, String value) {
        Checks.name("trait", trait);
        int p = profile(key, true);
        if (p < 0) {
            return;
        }
        int id = t.traits.intern(trait);
        setTraitValue(key(p, id), value == null ? -1 : t.values.intern(value));
    }

    /** Sets (or, with -1, removes) the trait value at key k, keeping the values' reference counts. */
    private void setTraitValue(long k, int value) {
        if (value >= 0) {
            t.values.ref(value);
        }
        int old = (int) traitVals.get(k);
        if (value >= 0) {
            traitVals.put(k, value);
        } else {
            traitVals.remove(k);
        }
        if (old >= 0) {
            t.values.unref(old);
        }
    }

    /** Sets a date attribute (only month and day are used); null removes it. */
    public void setDate(long key, String attribute, MonthDay date) {
        Checks.name("attribute", attribute);
        int p = profile(key, true);
        if (p < 0) {
            return;
        }
        int id = t.dates.intern(attribute);
        if (date == null) {
            dateVals.remove(key(p, id));
        } else {
            dateVals.put(key(p, id), date.getMonthValue() * 32 + date.getDayOfMonth());
        }
        rescheduleDates(p);
    }

    /** Adds the profile to the suppression list and erases its state if any. */
    public void suppress(long key) {
        erase(key);
    }

    /** Whether the key is suppressed (erased or opted out). */
    public boolean isSuppressed(long key) {
        return suppressed.contains(key);
    }

    // ------------------------------------------------------------------ deploy

    /** Deploys a journey version; see {@code JourneyEngine.deploy}. */
    public void deploy(Journey j) {
        Checks.notNull("journey", j);
        int f = families.find(j.id());
        CompiledJourney running = f >= 0 ? defs.get(currentDef[f]) : null;
        if (running != null && j.version() <= running.version) {
            throw new JourneyDefinitionException("version", "must be greater than the running version " + running.version
                    + " of journey \"" + j.id() + "\", was " + j.version());
        }
        java.util.Set<String> newPurposes = new java.util.HashSet<>();
        for (int i = 0; i < j.steps().size(); i++) {
            Step st = j.steps().get(i);
            Delivery d = st instanceof Step.Send x ? x.delivery() : st instanceof Step.NextBestAction x ? x.delivery() : null;
            // each distinct new purpose counts once, however many steps name it
            if (d != null && t.purposes.find(d.purpose()) < 0 && newPurposes.add(d.purpose())) {
                if (t.purposes.size() + newPurposes.size() > MAX_PURPOSES) {
                    throw new JourneyDefinitionException("steps[" + i + "].delivery.purpose", "\"" + d.purpose()
                            + "\" is one too many: at most " + MAX_PURPOSES + " consent purposes are supported");
                }
            }
            if (st instanceof Step.NextBestAction x) {
                for (int k = 0; k < x.offers().size(); k++) {
                    if (offerIds.find(x.offers().get(k)) < 0) {
                        throw new JourneyDefinitionException("steps[" + i + "].offers[" + k + "]",
                                "unknown offer \"" + x.offers().get(k) + "\"");
                    }
                }
            }
        }
        if (running != null && j.migration().mode() == Migration.Mode.MIGRATE) {
            for (Map.Entry<String, String> e : j.migration().steps().entrySet()) {
                int from = running.journey.stepIndex(e.getKey());
                int to = j.stepIndex(e.getValue());
                String path = "migration.steps." + e.getKey();
                if (from < 0) {
                    throw new JourneyDefinitionException(path, "no step \"" + e.getKey() + "\" in running version " + running.version);
                }
                if (to < 0) {
                    throw new JourneyDefinitionException(path, "no step \"" + e.getValue() + "\" in version " + j.version());
                }
                if (running.journey.steps().get(from).getClass() != j.steps().get(to).getClass()) {
                    throw new JourneyDefinitionException(path, "step \"" + e.getKey() + "\" is a "
                            + running.journey.steps().get(from).getClass().getSimpleName() + " but \"" + e.getValue() + "\" is a "
                            + j.steps().get(to).getClass().getSimpleName());
                }
            }
        }
        // validated: mutate
        for (Step st : j.steps()) {
            if (st instanceof Step.Send x) {
                purposeId(x.delivery().purpose());
            } else if (st instanceof Step.NextBestAction x) {
                purposeId(x.delivery().purpose());
            }
        }
        if (f < 0) {
            f = families.intern(j.id());
            if (f == currentDef.length) {
                currentDef = Arrays.copyOf(currentDef, f * 2);
            }
        }
        CompiledJourney c = compile(j, f, defs.size());
        defs.add(c);
        currentDef[f] = c.def;
        rebuildEntryIndexes();
        if (running != null && j.migration().mode() == Migration.Mode.MIGRATE) {
            migrate(running, c);
        }
        if (c.entryKind == CompiledJourney.ENTRY_DATE) {
            for (int p = 0; p < profileCount; p++) {
                if (index.get(prof.key(p)) == p) {
                    scheduleDate(p, f);
                }
            }
        } else if (running != null && running.entryKind == CompiledJourney.ENTRY_DATE) {
            // the family no longer enters on a date: cancel its pending anniversaries
            for (int slot = 0; slot < dates.count; slot++) {
                if (dates.alive[slot] && dates.family[slot] == f) {
                    dates.release(key(dates.profile[slot], f));
                }
            }
        }
    }

    /** Compiles a definition, pinning the values, segments and topics it names (see {@link Names}). */
    CompiledJourney compile(Journey j, int family, int def) {
        pinNames(true);
        try {
            return new CompiledJourney(j, family, def, t, offerIds, s.fallback());
        } finally {
            pinNames(false);
        }
    }

    private void pinNames(boolean on) {
        t.values.pinning(on);
        t.segments.pinning(on);
        t.topics.pinning(on);
    }

    /**
     * Recounts the references of the state to trait values, segments and topics (after a restore): each profile's
     * trait values, segment memberships and converted topics.
     */
    void recountNames() {
        t.values.clearRefs();
        t.segments.clearRefs();
        t.topics.clearRefs();
        for (long k : traitVals.keys()) {
            t.values.ref((int) traitVals.get(k));
        }
        for (it.unimi.dsi.fastutil.longs.LongIterator it = segs.iterator(); it.hasNext(); ) {
            t.segments.ref((int) (it.nextLong() & ID_MASK));
        }
        for (int p = 0; p < profileCount; p++) {
            if (index.get(prof.key(p)) != p) {
                continue;
            }
            factKeys.clear();
            facts.keysOfProfile(p, factKeys);
            for (int i = 0; i < factKeys.size(); i++) {
                long k = factKeys.getLong(i);
                if ((k & KIND_BITS) == CONVERTED) {
                    t.topics.ref((int) (k & ID_MASK));
                }
            }
        }
    }

    private void migrate(CompiledJourney from, CompiledJourney to) {
        for (int i = 0; i < stays.count; i++) {
            if ((stays.flags(i) & StayTable.LIVE) == 0 || stays.def(i) != from.def) {
                continue;
            }
            String old = from.stepId[stays.step(i)];
            int target = to.journey.stepIndex(to.journey.migration().steps().getOrDefault(old, old));
            if (target >= 0 && to.kind[target] == from.kind[stays.step(i)]) {
                stays.setDef(i, to.def);
                stays.setStep(i, target);
            }
        }
    }

    void rebuildEntryIndexes() {
        List<IntArrayList> byType = new ArrayList<>();
        List<IntArrayList> bySeg = new ArrayList<>();
        List<IntArrayList> byDate = new ArrayList<>();
        for (int f = 0; f < families.size(); f++) {
            CompiledJourney c = defs.get(currentDef[f]);
            List<IntArrayList> target = c.entryKind == CompiledJourney.ENTRY_EVENT ? byType
                    : c.entryKind == CompiledJourney.ENTRY_SEGMENT ? bySeg : byDate;
            while (target.size() <= c.entryId) {
                target.add(new IntArrayList());
            }
            target.get(c.entryId).add(f);
        }
        reactMaskByType = new int[t.types.size()];
        for (CompiledJourney d : defs) {
            for (int type = 0; type < reactMaskByType.length; type++) {
                if (d.reactsTo(type)) {
                    reactMaskByType[type] |= ProfileTable.famBit(d.family);
                }
            }
        }
        entryByType = toArrays(byType, t.types.size());
        entryBySegment = toArrays(bySeg, t.segments.size());
        entryByDate = toArrays(byDate, t.dates.size());
    }

    private static int[][] toArrays(List<IntArrayList> lists, int size) {
        int[][] out = new int[Math.max(size, lists.size())][];
        for (int i = 0; i < out.length; i++) {
            out[i] = i < lists.size() ? lists.get(i).toIntArray() : new int[0];
        }
        return out;
    }

    // ------------------------------------------------------------------ inputs

    /**
     * Processes one event; see {@code JourneyEngine.onEvent}. It first reads the profile's index slot, then the
     * record and keyed-history lines it names: those two misses then overlap each other and the timers that
     * fall due before the event, instead of following one another.
     */
    public void onEvent(JourneyEvent e) {
        Checks.notNull("event", e);
        readAhead += touch(index.peek(e.profile()));
        process(e);
    }

    /** {@link #onEvent} without the read-ahead ({@link #onEvents} reads ahead for a whole group). */
    private void process(JourneyEvent e) {
        long at = millis("event.time", e.time());
        checkNotBefore("event.time", at, e.time());
        advance(at);
        long key = e.profile();
        if (suppressed.contains(key)) {
            return;
        }
        String typeName = e.type();
        int type = t.types.find(typeName);
        if (type < 0) {
            return;
        }
        int flags = type < typeFlags.length ? typeFlags[type] : 0;
        boolean conversion = (flags & CONVERSION) != 0;
        boolean engagement = (flags & ENGAGEMENT) != 0;
        Map<String, String> props = e.properties();
        int p = profile(key, true);
        if (conversion && s.convertedWindowMillis() > 0) {
            // only the redundancy rule reads converted topics: with no window, nothing to remember
            String item = props.get(s.itemProperty());
            if (item != null) {
                int topic = t.topics.intern(item);
                long k = CONVERTED | key(p, topic);
                if (facts.get(k) == NONE) {
                    t.topics.ref(topic);
                }
                facts.put(k, now);
            }
        }
        if (engagement) {
            String ch = props.get(s.channelProperty());
            int c = ch == null ? -1 : channelOrdinal(ch);
            if (c >= 0 && prof.engage(p, c) != Byte.MAX_VALUE) {
                prof.setEngage(p, c, prof.engage(p, c) + 1);
            }
        }
        if (type >= 0) {
            // walk the stays only when one of the profile's families can react to this type
            // (the type's mask first: an event no stay can react to need not touch the profile's record)
            int reactMask = type < reactMaskByType.length ? reactMaskByType[type] : 0;
            int reacting = reactMask != 0 ? reactMask & prof.fams(p) : 0;
            for (int i = reacting != 0 ? prof.head(p) : -1; i >= 0; ) {
                int nx = stays.next(i);
                if (defs.get(stays.def(i)).reactsTo(type)) {
                    onInstanceEvent(i, type, typeName, props);
                }
                i = nx;
            }
            if (type < entryByType.length) {
                int[] fams = entryByType[type];
                for (int f : fams) {
                    CompiledJourney c = defs.get(currentDef[f]);
                    if (c.entryPred.test(this, p, props)) {
                        tryEnter(p, f, props);
                    }
                }
            }
        }
        flush();
    }

    /** Events per group of {@link #onEvents}: the profiles of a group are looked up together before it runs. */
    static final int GROUP = 16;
    /** Where the read-ahead passes leave what they read, so that the reads are not optimised away. */
    long readAhead;

    /**
     * Processes events in order with the same results as {@link #onEvent} one by one, after checking every
     * event first (nothing is processed when one is null or out of time order). Before each group of
     * {@value #GROUP} events, it reads the group's profile index slots, records and keyed-history lines, so
     * that the cache misses of sixteen profiles overlap instead of following one another.
     */
    public void onEvents(List<JourneyEvent> events) {
        Checks.notNull("events", events);
        int n = events.size();
        long prev = now;
        for (int k = 0; k < n; k++) {
            JourneyEvent e = events.get(k);
            if (e == null) {
                throw new IllegalArgumentException("events[" + k + "] must not be null");
            }
            Instant time = e.time();
            boolean valid = !time.isBefore(Instant.EPOCH) && time.getEpochSecond() <= 253_402_300_799L;
            long at = valid ? time.toEpochMilli() : 0;
            if (!valid || !caps.inRange(at) || at < prev) {
                // the messages are only built here, so that checking a valid batch does not allocate
                String field = "events[" + k + "].time";
                checkNotBefore(field, millis(field, time), time);
                throw new IllegalArgumentException(field + " must not be before events[" + (k - 1) + "].time "
                        + Instant.ofEpochMilli(prev) + ", was " + time);
            }
            prev = at;
        }
        for (int g = 0; g < n; g += GROUP) {
            int end = Math.min(n, g + GROUP);
            // the timers that fall due while this group runs, then the group's own profiles
            readAheadTimers(events.get(end - 1).time().toEpochMilli());
            // passes, so that more loads are in flight at once: the index slots, then the records they name
            int[] ps = aheadProfiles;
            for (int k = g; k < end; k++) {
                ps[k - g] = index.peek(events.get(k).profile());
            }
            long sum = 0;
            for (int k = g; k < end; k++) {
                sum += touch(ps[k - g]);
            }
            // and a third: the first stay of each profile, which an event its journeys react to walks
            for (int k = g; k < end; k++) {
                int p = ps[k - g];
                int h = p >= 0 && p < profileCount ? prof.head(p) : -1;
                if (h >= 0 && h < stays.count) {
                    sum += stays.profile(h) + stays.due(h);
                }
            }
            readAhead += sum;
            for (int k = g; k < end; k++) {
                process(events.get(k));
            }
        }
    }

    private static int channelOrdinal(String name) {
        for (int c = 0; c < NCH; c++) {
            if (CHANNELS[c].jsonName().equals(name)) {
                return c;
            }
        }
        return -1;
    }

    private void onInstanceEvent(int i, int type, String typeName, Map<String, String> props) {
        CompiledJourney d = defs.get(stays.def(i));
        int p = stays.profile(i);
        for (int g = 0; g < d.goalType.length; g++) {
            if (d.goalType[g] == type && d.goalPred[g].test(this, p, props)) {
                convert(i, typeName);
                return;
            }
        }
        for (int x = 0; x < d.exitType.length; x++) {
            if (d.exitType[x] == type && d.exitPred[x].test(this, p, props)) {
                leave(i, "exit", true);
                return;
            }
        }
        int st = stays.step(i);
        if (st >= 0 && d.kind[st] == CompiledJourney.WAIT_EVENT) {
            if (d.awaitType[st] == type && d.awaitPred[st].test(this, p, props)) {
                stays.setDue(i, NONE);
                stays.setStep(i, d.next[st]);
                run(i, props);
            } else if (d.restartType[st] == type && d.restartPred[st].test(this, p, props)) {
                stays.setDue(i, now + d.waitMillis[st]);
                heap.push(stays.due(i), payload(KIND_INSTANCE, stays.gen(i), i));
            }
        }
    }

    /** Records a segment change; see {@code JourneyEngine.onSegmentChange}. */
    public void onSegmentChange(long key, String segment, boolean entered, Instant time) {
        Checks.name("segment", segment);
        long at = millis("time", time);
        checkNotBefore("time", at, time);
        advance(at);
        if (suppressed.contains(key)) {
            return;
        }
        int p = profile(key, true);
        // leaving a segment never entered (nor named by a definition) interns nothing
        int seg = entered ? t.segments.intern(segment) : t.segments.find(segment);
        boolean changed = seg >= 0 && (entered ? segs.add(key(p, seg)) : segs.remove(key(p, seg)));
        if (!changed) {
            return;
        }
        if (entered) {
            t.segments.ref(seg);
        } else {
            t.segments.unref(seg);
        }
        for (int i = prof.head(p); i >= 0; ) {
            int nx = stays.next(i);
            CompiledJourney d = defs.get(stays.def(i));
            for (int x = 0; x < d.exitSegment.length; x++) {
                if (d.exitSegment[x] == seg && d.exitSegmentEntered[x] == entered) {
                    leave(i, "exit", true);
                    break;
                }
            }
            i = nx;
        }
        if (seg < entryBySegment.length) {
            for (int f : entryBySegment[seg]) {
                if (defs.get(currentDef[f]).entrySegmentEntered == entered) {
                    tryEnter(p, f, null);
                }
            }
        }
        flush();
    }

    // ------------------------------------------------------------------ instances

    private void tryEnter(int p, int f, Map<String, String> props) {
        for (int i = (prof.fams(p) & ProfileTable.famBit(f)) != 0 ? prof.head(p) : -1; i >= 0; i = stays.next(i)) {
            if (defs.get(stays.def(i)).family == f) {
                return;
            }
        }
        CompiledJourney d = defs.get(currentDef[f]);
        long hk = key(p, f);
        long h = facts.get(HISTORY | hk, 0L);
        int count = (int) (h >>> 48);
        long last = h & TIME_MASK;
        ReEntry re = d.journey.reEntry();
        if (count > 0) {
            if (re.mode() == ReEntry.Mode.NEVER) {
                return;
            }
            if (re.mode() == ReEntry.Mode.AFTER_COOLDOWN && now - last < re.coolDown().toMillis()) {
                return;
            }
        }
        if ((re.maxEntries() > 0 && count >= re.maxEntries()) || count >= MAX_ENTRY_COUNT) {
            return;
        }
        facts.put(HISTORY | hk, ((long) (count + 1) << 48) | now);
        int i = stays.alloc();
        stays.setProfile(i, p);
        stays.setDef(i, d.def);
        stays.start(i);
        stays.setEntered(i, now);
        stays.setDue(i, NONE);
        stays.setEntry(i, count + 1);
        stays.setFlags(i, StayTable.LIVE);
        stays.setTouches(i, null);
        stays.setNext(i, prof.head(p));
        prof.setHead(p, i);
        prof.setFams(p, prof.fams(p) | ProfileTable.famBit(f));
        stays.live++;
        if (listening) {
            listener.entered(prof.key(p), d.journey.id(), d.version, nowInstant());
        }
        run(i, props);
    }

    /** Pre-sizes the stay table for {@code expected} slots and the keyed histories for as many entries. */
    public void reserveInstances(int expected) {
        stays.reserve(expected);
        facts.ensureCapacity(expected);
    }

    /** Executes steps from the instance's current step until it waits or leaves. */
    private void run(int i, Map<String, String> props) {
        int p = stays.profile(i);
        CompiledJourney d = defs.get(stays.def(i));
        while (true) {
            int st = stays.step(i);
            if (st < 0) {
                leave(i, "end", false);
                return;
            }
            switch (d.kind[st]) {
                case CompiledJourney.SEND:
                    request(i, d, st, -1);
                    stays.setStep(i, d.next[st]);
                    break;
                case CompiledJourney.WAIT:
                    stays.setDue(i, d.waitSecondOfDay[st] >= 0 ? nextTimeOfDay(p, d.waitSecondOfDay[st]) : now + d.waitMillis[st]);
                    heap.push(stays.due(i), payload(KIND_INSTANCE, stays.gen(i), i));
                    return;
                case CompiledJourney.WAIT_EVENT:
                    stays.setDue(i, now + d.waitMillis[st]);
                    heap.push(stays.due(i), payload(KIND_INSTANCE, stays.gen(i), i));
                    return;
                case CompiledJourney.DECISION:
                    stays.setStep(i, d.decision[st].test(this, p, props) ? d.next[st] : d.alt[st]);
                    break;
                case CompiledJourney.RANDOM:
                    stays.setStep(i, randomBranch(i, d, st));
                    break;
                case CompiledJourney.NBA: {
                    int offer = chooseOffer(p, d.offers[st], props, d.delivery[st].transactional());
                    if (offer < 0) {
                        skip(p, d, st, null, SkipReason.NO_ELIGIBLE_OFFER);
                        stays.setStep(i, d.alt[st]);
                    } else {
                        request(i, d, st, offer);
                        stays.setStep(i, d.next[st]);
                    }
                    break;
                }
                case CompiledJourney.TRAIT:
                    setTraitValue(key(p, d.trait[st]), d.traitValue[st]);
                    stays.setStep(i, d.next[st]);
                    break;
                default:
                    // an Exit step ends the path as its end does: what the path requested still goes out
                    leave(i, "exit", false);
                    return;
            }
        }
    }

    private int randomBranch(int i, CompiledJourney d, int st) {
        int[] cum = d.cumulative[st];
        int total = cum[cum.length - 1] + d.holdoutWeight[st];
        int draw = bucket(prof.key(stays.profile(i)), d.journey.id(), d.stepId[st], total);
        for (int b = 0; b < cum.length; b++) {
            if (draw < cum[b]) {
                return d.branchTargets[st][b];
            }
        }
        stays.setFlags(i, stays.flags(i) | StayTable.CONTROL);
        return d.branchTargets[st][cum.length];
    }

    /**
     * The seeded draw of a random split: SplitMix64 finaliser over the profile key mixed with the journey and
     * step ids' String hash codes (specified by the JDK, so stable across runs and machines), reduced to
     * [0, total) by a 64-bit multiply-shift.
     */
    public static int bucket(long profile, String journey, String step, int total) {
        long z = profile * 0x9E3779B97F4A7C15L + journey.hashCode() * 0xBF58476D1CE4E5B9L + step.hashCode();
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        z = z ^ (z >>> 31);
        return (int) (((z >>> 32) * total) >>> 32);
    }

    private long nextTimeOfDay(int p, int secondOfDay) {
        return zones.nextTimeOfDay(prof.zone(p), now, secondOfDay);
    }

    private void convert(int i, String typeName) {
        if (listening) {
            CompiledJourney d = defs.get(stays.def(i));
            @SuppressWarnings("unchecked")
            List<Action> touches = stays.touches(i) == null ? List.of() : (List<Action>) stays.touches(i);
            listener.converted(new Conversion(prof.key(stays.profile(i)), d.journey.id(), d.version, typeName, nowInstant(),
                    (stays.flags(i) & StayTable.CONTROL) != 0, touches));
        }
        leave(i, "goal", true);
    }

    /**
     * Ends stay i. With {@code release} (a goal, an exit rule, or a merge into a winner already in the journey)
     * its deferred messages are released, each reported as a {@link SkipReason#JOURNEY_LEFT} skip in slot order;
     * otherwise they stay pending and go out (the end of the path, an Exit step) or the caller releases them
     * (erase).
     */
    void leave(int i, String reason, boolean release) {
        int p = stays.profile(i);
        if (!deferredByStay.isEmpty()) {
            int m = deferredByStay.remove(i);
            if (m >= 0) {
                endedMessages.clear();
                for (; m >= 0; m = msg.nextOfStay(m)) {
                    endedMessages.add(m);
                }
                for (int k = 0; k < endedMessages.size(); k++) {
                    msg.setNextOfStay(endedMessages.getInt(k), MessageTable.UNLISTED);
                }
                if (release) {
                    IntArrays.quickSort(endedMessages.elements(), 0, endedMessages.size());
                    for (int k = 0; k < endedMessages.size(); k++) {
                        int e = endedMessages.getInt(k);
                        CompiledJourney md = defs.get(msg.def(e));
                        drop(e, md, msg.step(e), SkipReason.JOURNEY_LEFT);
                    }
                    dropReleasedStaged();
                }
            }
        }
        if (prof.head(p) == i) {
            prof.setHead(p, stays.next(i));
        } else {
            int prev = prof.head(p);
            while (stays.next(prev) != i) {
                prev = stays.next(prev);
            }
            stays.setNext(prev, stays.next(i));
        }
        refreshFamilies(p);
        stays.setFlags(i, 0);
        stays.setGen(i, stays.gen(i) + 1);
        stays.setTouches(i, null);
        stays.setDue(i, NONE);
        stays.live--;
        stays.free.add(i);
        if (listening) {
            CompiledJourney d = defs.get(stays.def(i));
            listener.left(prof.key(p), d.journey.id(), d.version, reason, nowInstant());
        }
    }

    /** Recomputes p's family mask from its stays (short lists: a profile has at most one stay per family). */
    void refreshFamilies(int p) {
        int mask = 0;
        for (int i = prof.head(p); i >= 0; i = stays.next(i)) {
            mask |= ProfileTable.famBit(defs.get(stays.def(i)).family);
        }
        prof.setFams(p, mask);
    }

    // ------------------------------------------------------------------ offers and channels

    /**
     * The best offer for p among {@code candidates}: eligible, out of its cool-down and, unless the delivery is
     * transactional, not redundant (its topic converted on within {@code convertedWindow}, its message sent
     * within {@code duplicateWindow}: dispatch would drop it, and a lower-ranked offer should go instead); -1
     * when none.
     */
    private int chooseOffer(int p, int[] candidates, Map<String, String> props, boolean transactional) {
        int best = -1;
        double bestScore = 0;
        for (int o : candidates) {
            if (!offerPred[o].test(this, p, props) || coolingDown(p, o)) {
                continue;
            }
            if (!transactional && redundantOffer(p, o)) {
                continue;
            }
            double score = s.scorer().score(prof.key(p), offers[o]);
            if (!Double.isFinite(score)) {
                throw new IllegalStateException("offer scorer returned " + score + " for offer \"" + offers[o].id()
                        + "\" and profile " + prof.key(p) + "; scores must be finite");
            }
            if (best < 0 || score > bestScore || (score == bestScore && offers[o].id().compareTo(offers[best].id()) < 0)) {
                best = o;
                bestScore = score;
            }
        }
        return best;
    }

    /** Whether offer o went to p within its cool-down. */
    private boolean coolingDown(int p, int o) {
        long last = facts.get(OFFER_LAST | key(p, o));
        return last != NONE && now - last < offerCoolMillis[o];
    }

    /** Whether the redundancy rules would drop offer o for p now (see {@link #redundant}). */
    private boolean redundantOffer(int p, int o) {
        if (offerTopic[o] >= 0) {
            long conv = facts.get(CONVERTED | key(p, offerTopic[o]));
            if (conv != NONE && now - conv < s.convertedWindowMillis()) {
                return true;
            }
        }
        if (s.duplicateWindowMillis() > 0) {
            long sent = facts.get(SENT | key(p, offerMessage[o]));
            return sent != NONE && now - sent < s.duplicateWindowMillis();
        }
        return false;
    }

    /**
     * Channel choice: preferred, then most engaged, then cheapest, ties by the candidate (fallback) order, among
     * the candidates p can be reached on; with {@code skipCapped}, leaving out those a cap holds now (a per-channel
     * cap, or a total cap, which holds them all). -1 when none is left.
     */
    int chooseChannel(int p, byte[] candidates, int purpose, boolean transactional, boolean skipCapped) {
        int pref = prof.pref(p);
        int engaged = -1;
        int engagedCount = 0;
        int cheapest = -1;
        for (byte c : candidates) {
            if (!usable(p, c, purpose, transactional)
                    || (skipCapped && caps.release(prof.rec, prof.capBase(p), c, now) > now)) {
                continue;
            }
            if (c == pref) {
                return c;
            }
            int e = prof.engage(p, c);
            if (e > engagedCount) {
                engaged = c;
                engagedCount = e;
            }
            if (cheapest < 0 || s.channelCost()[c] < s.channelCost()[cheapest]) {
                cheapest = c;
            }
        }
        return engaged >= 0 ? engaged : cheapest;
    }

    /** Whether p has an identifier for channel c and, unless transactional, consent for the purpose on it. */
    private boolean usable(int p, int c, int purpose, boolean transactional) {
        return (prof.reach(p) & (1 << c)) != 0 && (transactional || (prof.consent(p) & (1L << (purpose * NCH + c))) != 0);
    }

    /** The earliest time a cap lets a message through on one of the candidates p can be reached on. */
    private long capRelease(int p, byte[] candidates, int purpose) {
        long release = Long.MAX_VALUE;
        for (byte c : candidates) {
            if (usable(p, c, purpose, false)) {
                release = Math.min(release, caps.release(prof.rec, prof.capBase(p), c, now));
            }
        }
        return release;
    }

    // ------------------------------------------------------------------ messages

    private void request(int i, CompiledJourney d, int st, int offer) {
        int p = stays.profile(i);
        if ((stays.flags(i) & StayTable.CONTROL) != 0) {
            skip(p, d, st, message(d, st, offer), SkipReason.HOLDOUT);
            return;
        }
        int m = msg.alloc();
        msg.setProfile(m, p);
        msg.setKey(m, prof.key(p));
        msg.setDef(m, d.def);
        msg.setStep(m, st);
        msg.setStay(m, i);
        msg.setStayGen(m, stays.gen(i));
        msg.setEntry(m, stays.entry(i));
        msg.setLap(m, stays.lap(i));
        msg.setOffer(m, offer);
        msg.setDue(m, now);
        msg.setAttempt(m, 1);
        msg.setNextOfStay(m, MessageTable.UNLISTED);
        staged.add(m);
    }

    private void defer(int m, long due) {
        msg.setDue(m, due);
        heap.push(due, payload(KIND_MESSAGE, msg.gen(m), m));
        if (msg.nextOfStay(m) == MessageTable.UNLISTED && ofLiveStay(m)) {
            int i = msg.stay(m);
            msg.setNextOfStay(m, deferredByStay.get(i));
            deferredByStay.put(i, m);
        }
    }

    /** Whether message m's stay is still the live stay that requested it. */
    private boolean ofLiveStay(int m) {
        int i = msg.stay(m);
        return i >= 0 && i < stays.count && (stays.flags(i) & StayTable.LIVE) != 0 && stays.gen(i) == msg.stayGen(m);
    }

    /** Frees message m, unlinking it from its stay's deferred list first. */
    private void releaseMessage(int m) {
        if (msg.nextOfStay(m) != MessageTable.UNLISTED) {
            int i = msg.stay(m);
            int head = deferredByStay.get(i);
            int next = msg.nextOfStay(m);
            if (head == m) {
                if (next >= 0) {
                    deferredByStay.put(i, next);
                } else {
                    deferredByStay.remove(i);
                }
            } else {
                int prev = head;
                while (msg.nextOfStay(prev) != m) {
                    prev = msg.nextOfStay(prev);
                }
                msg.setNextOfStay(prev, next);
            }
            msg.setNextOfStay(m, MessageTable.UNLISTED);
        }
        if (!firstKey.isEmpty()) {
            firstKey.remove(m);
            firstEntry.remove(m);
        }
        msg.release(m);
    }

    /** Removes released messages from {@link #staged}. */
    private void dropReleasedStaged() {
        for (int k = staged.size() - 1; k >= 0; k--) {
            if (!msg.alive(staged.getInt(k))) {
                staged.removeInt(k);
            }
        }
    }

    /** Rebuilds {@link #deferredByStay} from the messages (after a restore), in slot order. */
    void relinkDeferred() {
        deferredByStay.clear();
        for (int m = msg.count - 1; m >= 0; m--) {
            if (msg.alive(m)) {
                msg.setNextOfStay(m, MessageTable.UNLISTED);
            }
        }
        for (int m = msg.count - 1; m >= 0; m--) {
            if (msg.alive(m) && ofLiveStay(m)) {
                int i = msg.stay(m);
                msg.setNextOfStay(m, deferredByStay.get(i));
                deferredByStay.put(i, m);
            }
        }
    }

    private int compareStaged(int a, int b) {
        int c = Long.compare(msg.key(a), msg.key(b));
        if (c != 0) {
            return c;
        }
        CompiledJourney da = defs.get(msg.def(a));
        CompiledJourney db = defs.get(msg.def(b));
        c = Integer.compare(db.delivery[msg.step(b)].priority(), da.delivery[msg.step(a)].priority());
        if (c != 0) {
            return c;
        }
        c = da.journey.id().compareTo(db.journey.id());
        if (c != 0) {
            return c;
        }
        c = Integer.compare(msg.step(a), msg.step(b));
        return c != 0 ? c : Integer.compare(a, b);
    }

    /**
     * Touches p's record and keyed-history lines (reads whose cache misses overlap the work before their use);
     * returns what it read, for {@link #readAhead}. Nothing for p out of range.
     */
    private long touch(int p) {
        return p >= 0 && p < profileCount ? prof.fams(p) + facts.peekHome(key(p, 0)) : 0;
    }

    /**
     * Arbitrates and dispatches every message staged at the current instant. A quiet period's end releases
     * thousands of queued messages at one instant, each to a different profile: before each group of
     * {@value #GROUP} it touches their profiles, so that those misses overlap.
     */
    void flush() {
        int n = staged.size();
        if (n == 0) {
            return;
        }
        int[] a = staged.elements();
        if (n > SORT_BY_KEY) {
            sortByKey(a, n);
        } else if (n > 1) {
            IntArrays.quickSort(a, 0, n, stagedOrder);
        }
        for (int k = 0; k < n; k++) {
            if (k % GROUP == 0 && n > 1) {
                long sum = 0;
                for (int j = k, end = Math.min(n, k + GROUP); j < end; j++) {
                    sum += touch(msg.profile(a[j]));
                }
                readAhead += sum;
            }
            dispatch(a[k]);
        }
        staged.removeElements(0, n);
        if (!staged.isEmpty()) {
            flush();
        }
    }

    /** Above this many staged messages, {@link #flush} sorts by a radix sort on the profile keys first. */
    static final int SORT_BY_KEY = 32;
    private long[] sortKeys = new long[0];
    private long[] sortSlots = new long[0];

    /**
     * Sorts the n staged slots of {@code a} into {@link #compareStaged} order for a large batch (a quiet period's
     * end releases thousands at one instant): reads each message's profile key once, in one pass whose loads
     * overlap, radix-sorts (key, slot) pairs, then orders each run of one profile's messages by the full rule.
     * A comparison sort reading the keys from the messages' records took a cache miss per comparison.
     */
    private void sortByKey(int[] a, int n) {
        if (sortKeys.length < n) {
            sortKeys = new long[Math.max(n, 2 * sortKeys.length)];
            sortSlots = new long[sortKeys.length];
        }
        long[] keys = sortKeys;
        long[] slots = sortSlots;
        for (int k = 0; k < n; k++) {
            keys[k] = msg.key(a[k]);
            slots[k] = a[k];
        }
        LongArrays.radixSort(keys, slots, 0, n);
        for (int k = 0; k < n; k++) {
            a[k] = (int) slots[k];
        }
        for (int from = 0, to; from < n; from = to) {
            to = from + 1;
            while (to < n && keys[to] == keys[from]) {
                to++;
            }
            if (to - from > 1) {
                IntArrays.quickSort(a, from, to, stagedOrder);
            }
        }
    }

    private String message(CompiledJourney d, int st, int offer) {
        return t.messages.name(offer >= 0 ? offerMessage[offer] : d.message[st]);
    }

    /** Drops message m and returns true when it is redundant: about a topic just converted on, or a recent duplicate. */
    private boolean redundant(int m, CompiledJourney d, int st, int p, int topic, int messageId) {
        if (topic >= 0) {
            long conv = facts.get(CONVERTED | key(p, topic));
            if (conv != NONE && now - conv < s.convertedWindowMillis()) {
                drop(m, d, st, SkipReason.ALREADY_CONVERTED);
                return true;
            }
        }
        if (s.duplicateWindowMillis() > 0) {
            long sent = facts.get(SENT | key(p, messageId));
            if (sent != NONE && now - sent < s.duplicateWindowMillis()) {
                drop(m, d, st, SkipReason.DUPLICATE_MESSAGE);
                return true;
            }
        }
        return false;
    }

    private void dispatch(int m) {
        int p = msg.profile(m);
        CompiledJourney d = defs.get(msg.def(m));
        int st = msg.step(m);
        int offer = msg.offer(m);
        Delivery dl = d.delivery[st];
        int messageId = offer >= 0 ? offerMessage[offer] : d.message[st];
        int topic = offer >= 0 ? offerTopic[offer] : d.topic[st];
        // an offer chosen out of its cool-down may have gone out since (another journey's, sent first)
        if (offer >= 0 && coolingDown(p, offer)) {
            drop(m, d, st, SkipReason.COOL_DOWN);
            return;
        }
        // transactional messages (a second order's receipt, a receipt about the item just bought) are never redundant
        if (!dl.transactional() && redundant(m, d, st, p, topic, messageId)) {
            return;
        }
        // a channel a per-channel cap holds falls back to the next candidate; only when a cap holds every one
        // (or the total cap is reached) is the message skipped or deferred, below
        boolean capsApply = !dl.transactional() && caps.count > 0;
        int ch = chooseChannel(p, d.channels[st], d.purpose[st], dl.transactional(), capsApply);
        boolean allCapped = false;
        if (ch < 0 && capsApply) {
            ch = chooseChannel(p, d.channels[st], d.purpose[st], false, false);
            allCapped = ch >= 0;
        }
        if (ch < 0) {
            drop(m, d, st, SkipReason.UNREACHABLE);
            return;
        }
        if (!dl.transactional()) {
            if (s.quietStart() >= 0) {
                int sod = zones.secondOfDay(prof.zone(p), now);
                boolean quiet = s.quietStart() < s.quietEnd() ? sod >= s.quietStart() && sod < s.quietEnd()
                        : sod >= s.quietStart() || sod < s.quietEnd();
                if (quiet) {
                    if (dl.onQuietHours() == Delivery.OnQuietHours.DISCARD) {
                        drop(m, d, st, SkipReason.QUIET_HOURS);
                    } else {
                        long wait = Math.floorMod(s.quietEnd() - sod, 86_400);
                        defer(m, (Math.floorDiv(now, 1000L) + wait) * 1000L);
                    }
                    return;
                }
            }
            long release = allCapped ? capRelease(p, d.channels[st], d.purpose[st]) : now;
            if (release > now) {
                if (dl.onCap() == Delivery.OnCap.SKIP) {
                    drop(m, d, st, SkipReason.CAPPED);
                } else {
                    defer(m, release);
                }
                return;
            }
            if (prof.lastFam(p) >= 0 && prof.lastFam(p) != d.family && now - prof.lastMkt(p) < s.arbitrationMillis()) {
                if (dl.onConflict() == Delivery.OnConflict.DROP) {
                    drop(m, d, st, SkipReason.ARBITRATION_LOST);
                } else {
                    defer(m, prof.lastMkt(p) + s.arbitrationMillis());
                }
                return;
            }
        }
        int permits = s.ratePermits()[ch];
        if (permits > 0) {
            long period = s.ratePeriodMillis()[ch];
            long start = now - Math.floorMod(now, period);
            if (rlStart[ch] != start) {
                rlStart[ch] = start;
                rlCount[ch] = 0;
            }
            if (rlCount[ch] >= permits) {
                defer(m, start + period);
                return;
            }
            rlCount[ch]++;
        }
        long keyProfile = prof.key(p);
        int keyEntry = msg.entry(m);
        if (!firstKey.isEmpty() && firstKey.containsKey(m)) {
            // attempted before a merge moved it: every attempt carries the key of the first
            keyProfile = firstKey.get(m);
            keyEntry = firstEntry.get(m);
        }
        int pass = msg.lap(m) + 1;
        Action action = new Action(d.journey.id(), d.version, d.stepId[st], prof.key(p), msg.entry(m), pass,
                CHANNELS[ch], t.messages.name(messageId),
                offer >= 0 ? offers[offer].id() : d.offerName[st], nowInstant(), msg.attempt(m),
                IdempotencyKeys.of(d.journey.id(), d.version, d.stepId[st], keyProfile, keyEntry, pass));
        ChannelSender sender = s.senders()[ch];
        if (sender == null) {
            deadLetter(m, action, "no sender configured for channel " + CHANNELS[ch].jsonName());
            return;
        }
        SendOutcome outcome;
        String failure;
        try {
            outcome = sender.send(action);
            failure = outcome == null ? "sender returned null" : "sender asked to retry";
            if (outcome == null) {
                outcome = SendOutcome.RETRY;
            }
        } catch (RuntimeException e) {
            outcome = SendOutcome.RETRY;
            failure = "sender threw " + e;
        }
        if (outcome == SendOutcome.DELIVERED) {
            delivered++;
            if (!dl.transactional()) {
                caps.record(prof.rec, prof.capBase(p), ch, now);
                prof.setLastMkt(p, now);
                prof.setLastFam(p, d.family);
            }
            if (s.duplicateWindowMillis() > 0) {
                // only the duplicate rule reads it: with no window, nothing to remember
                facts.put(SENT | key(p, messageId), now);
            }
            if (offer >= 0) {
                facts.put(OFFER_LAST | key(p, offer), now);
            }
            int i = msg.stay(m);
            // touches only feed Conversion reports: keep them when someone listens and the journey has goals
            if (listening && d.goalType.length > 0 && (stays.flags(i) & StayTable.LIVE) != 0 && stays.gen(i) == msg.stayGen(m)) {
                if (stays.touches(i) == null) {
                    stays.setTouches(i, new ArrayList<Action>(2));
                }
                @SuppressWarnings("unchecked")
                List<Action> touches = (List<Action>) stays.touches(i);
                touches.add(action);
            }
            releaseMessage(m);
            if (listening) {
                listener.delivered(action);
            }
        } else if (outcome == SendOutcome.RETRY && msg.attempt(m) < s.retry().maxAttempts()) {
            // exponential, saturating at the longest duration (a backoff of years shifted left would overflow)
            long base = s.retry().backoff().toMillis();
            int shift = Math.min(msg.attempt(m) - 1, 30);
            long backoff = base > (MAX_DURATION_MILLIS >> shift) ? MAX_DURATION_MILLIS : base << shift;
            msg.setAttempt(m, msg.attempt(m) + 1);
            defer(m, now + backoff);
        } else {
            deadLetter(m, action, outcome == SendOutcome.REJECTED ? "rejected by sender"
                    : "gave up after " + msg.attempt(m) + " attempts: " + failure);
        }
    }

    private void deadLetter(int m, Action action, String reason) {
        DeadLetter dl = new DeadLetter(action, reason);
        deadLetters.add(dl);
        releaseMessage(m);
        if (listening) {
            listener.deadLettered(dl);
        }
    }

    private void drop(int m, CompiledJourney d, int st, SkipReason reason) {
        int p = msg.profile(m);
        String text = message(d, st, msg.offer(m));
        releaseMessage(m);
        if (listening) {
            listener.skipped(new Skip(prof.key(p), d.journey.id(), d.stepId[st], text, reason, nowInstant()));
        }
    }

    private void skip(int p, CompiledJourney d, int st, String text, SkipReason reason) {
        if (listening) {
            listener.skipped(new Skip(prof.key(p), d.journey.id(), d.stepId[st], text, reason, nowInstant()));
        }
    }

    // ------------------------------------------------------------------ dates

    private void rescheduleDates(int p) {
        for (int f = 0; f < families.size(); f++) {
            if (defs.get(currentDef[f]).entryKind == CompiledJourney.ENTRY_DATE) {
                scheduleDate(p, f);
            }
        }
    }

    /** (Re)schedules the next anniversary entry of profile p into date-entry family f, or cancels it. */
    void scheduleDate(int p, int f) {
        CompiledJourney c = defs.get(currentDef[f]);
        long k = key(p, f);
        int slot = dates.slotOf.get(k);
        int md = c.entryKind == CompiledJourney.ENTRY_DATE ? (int) dateVals.get(key(p, c.entryId)) : -1;
        if (md < 0) {
            dates.release(k);
            return;
        }
        long due = nextAnniversary(p, md / 32, md % 32, c.entrySecondOfDay, (int) dateFired.get(k));
        if (slot >= 0 && dates.due[slot] == due) {
            return; // its entry is in the heap already (setTimeZone or setDate with what the profile had)
        }
        if (slot < 0) {
            slot = dates.alloc(k, p, f);
        }
        dates.due[slot] = due;
        dateHeap.push(due, payload(KIND_DATE, dates.gen[slot], slot));
        if (dateHeap.size() > 2 * dates.slotOf.size() + DATE_HEAP_SLACK) {
            compactDateHeap();
        }
    }

    /** Stale anniversary entries tolerated beyond twice the live ones before {@link #compactDateHeap}. */
    static final int DATE_HEAP_SLACK = 64;

    /**
     * Rebuilds the anniversary heap from the live date slots, dropping the stale entries that rescheduling leaves
     * (a profile switching zones back and forth pushes one per call; they would stay up to a year). Pops come in
     * (time, payload) order, so the order of firing is unchanged. Amortised O(log n) per push.
     */
    private void compactDateHeap() {
        dateHeap.clear();
        for (int slot = 0; slot < dates.count; slot++) {
            if (dates.alive[slot]) {
                dateHeap.push(dates.due[slot], payload(KIND_DATE, dates.gen[slot], slot));
            }
        }
    }

    /** The first anniversary after now in p's zone, in a year after {@code firedYear} (-1 for none). */
    private long nextAnniversary(int p, int month, int day, int secondOfDay, int firedYear) {
        ZoneId zone = zones.zone(prof.zone(p));
        ZonedDateTime here = Instant.ofEpochMilli(now).atZone(zone);
        for (int year = Math.max(here.getYear(), firedYear + 1); ; year++) {
            LocalDate date = MonthDay.of(month, day).isValidYear(year) ? LocalDate.of(year, month, day) : LocalDate.of(year, month, 28);
            ZonedDateTime at = date.atTime(LocalTime.ofSecondOfDay(secondOfDay)).atZone(zone);
            if (at.isAfter(here)) {
                return at.toInstant().toEpochMilli();
            }
        }
    }

    // ------------------------------------------------------------------ identity

    /** Erases the profile and suppresses its key forever. */
    public void erase(long key) {
        int p = index.get(key);
        suppressed.add(key);
        // the profile's dead letters hold its key and messages: nothing of an erased profile is kept
        deadLetters.removeIf(dl -> dl.action().profile() == key);
        if (p < 0) {
            return;
        }
        while (prof.head(p) >= 0) {
            leave(prof.head(p), "erased", false);
        }
        for (int m = 0; m < msg.count; m++) {
            if (msg.alive(m) && msg.profile(m) == p) {
                releaseMessage(m);
            }
        }
        dropReleasedStaged();
        forgetKeyed(p);
        index.remove(key);
        freeProfiles.add(p);
    }

    /** Cancels p's date entries and removes every keyed fact of p (traits, dates, segments, histories). */
    private void forgetKeyed(int p) {
        for (int f = 0; f < families.size(); f++) {
            dates.release(key(p, f));
            dateFired.remove(key(p, f));
        }
        // the values, segments and items no other profile holds are forgotten with them (see Names)
        forEachNamedId(p, kk -> {
            setTraitValue(kk, -1);
            dateVals.remove(kk);
            if (segs.remove(kk)) {
                t.segments.unref((int) (kk & ID_MASK));
            }
        });
        factKeys.clear();
        facts.keysOfProfile(p, factKeys);
        for (int i = 0; i < factKeys.size(); i++) {
            long k = factKeys.getLong(i);
            facts.remove(k);
            if ((k & KIND_BITS) == CONVERTED) {
                t.topics.unref((int) (k & ID_MASK));
            }
        }
    }

    /**
     * Calls {@code action} with key(p, id) for every trait, date attribute and segment id (names the caller
     * sets or the definitions use, not ids interned from event data: the facts, keyed by topics that come from
     * every purchased item, are found through {@link LongTable#keysOfProfile} instead).
     */
    private void forEachNamedId(int p, java.util.function.LongConsumer action) {
        int max = Math.max(Math.max(t.traits.size(), t.dates.size()), t.segments.size());
        for (int id = 0; id < max; id++) {
            action.accept(key(p, id));
        }
    }

    /** Merges profile {@code loser} into {@code winner}; see {@code JourneyEngine.merge}. */
    public void merge(long loser, long winner, Instant time) {
        if (loser == winner) {
            throw new IllegalArgumentException("loser and winner must differ, both were " + loser);
        }
        long at = millis("time", time);
        checkNotBefore("time", at, time);
        advance(at);
        if (suppressed.contains(loser) || suppressed.contains(winner)) {
            erase(loser);
            erase(winner);
            return;
        }
        // the loser's dead letters are the winner's now (so that erasing the winner removes them), under the
        // idempotency key and entry number of their attempts
        for (int k = 0; k < deadLetters.size(); k++) {
            DeadLetter dl = deadLetters.get(k);
            Action a = dl.action();
            if (a.profile() == loser) {
                deadLetters.set(k, new DeadLetter(new Action(a.journey(), a.version(), a.step(), winner, a.entry(), a.pass(),
                        a.channel(), a.message(), a.offer(), a.time(), a.attempt(), a.idempotencyKey()), dl.reason()));
            }
        }
        int l = index.get(loser);
        if (l < 0) {
            return;
        }
        int w = profile(winner, true);
        // journeys: the winner keeps its own stay where both are in one journey
        for (int i = prof.head(l); i >= 0; ) {
            int nx = stays.next(i);
            int f = defs.get(stays.def(i)).family;
            boolean winnerIn = false;
            for (int j = prof.head(w); j >= 0; j = stays.next(j)) {
                winnerIn |= defs.get(stays.def(j)).family == f;
            }
            if (winnerIn) {
                // the winner's own stay goes on: the loser's ends, and what it still had pending (queued for quiet
                // hours, deferred, waiting for a retry) is released, as a goal would, rather than moved to a
                // winner whose stay does not own it (it went out anyway, twice over with the winner's own)
                leave(i, "merged", true);
            } else {
                // unlink from loser, link to winner
                prof.setHead(l, stays.next(i));
                stays.setProfile(i, w);
                stays.setNext(i, prof.head(w));
                prof.setHead(w, i);
                stays.setEntry(i, entryAfterWinner(stays.entry(i), w, f));
            }
            i = nx;
        }
        for (int m = 0; m < msg.count; m++) {
            if (msg.alive(m) && msg.profile(m) == l) {
                if (msg.attempt(m) > 1 && !firstKey.containsKey(m)) {
                    // attempted under the loser's key, waiting for a retry: the retry keeps that key
                    firstKey.put(m, msg.key(m));
                    firstEntry.put(m, msg.entry(m));
                }
                msg.setProfile(m, w);
                msg.setKey(m, winner);
                msg.setEntry(m, entryAfterWinner(msg.entry(m), w, defs.get(msg.def(m)).family));
            }
        }
        prof.setReach(w, prof.reach(w) | prof.reach(l));
        prof.setConsent(w, prof.consent(w) | prof.consent(l));
        if (prof.pref(w) < 0) {
            prof.setPref(w, prof.pref(l));
        }
        if (prof.zone(w) == 0) {
            prof.setZone(w, prof.zone(l));
        }
        for (int c = 0; c < NCH; c++) {
            prof.setEngage(w, c, Math.min(Byte.MAX_VALUE, prof.engage(w, c) + prof.engage(l, c)));
        }
        if (prof.lastMkt(l) != NONE && (prof.lastMkt(w) == NONE || prof.lastMkt(l) > prof.lastMkt(w))) {
            prof.setLastMkt(w, prof.lastMkt(l));
            prof.setLastFam(w, prof.lastFam(l));
        }
        caps.merge(prof.rec, prof.capBase(l), prof.capBase(w));
        for (int f = 0; f < families.size(); f++) {
            // an anniversary that fired for either side fired for the merged profile
            if (dateFired.get(key(l, f)) > dateFired.get(key(w, f))) {
                dateFired.put(key(w, f), dateFired.get(key(l, f)));
            }
        }
        forEachNamedId(l, (kl) -> {
            long kw = ((long) w << ID_BITS) | (kl & ID_MASK);
            if (traitVals.containsKey(kl) && !traitVals.containsKey(kw)) {
                setTraitValue(kw, (int) traitVals.get(kl));
            }
            if (dateVals.containsKey(kl) && !dateVals.containsKey(kw)) {
                dateVals.put(kw, dateVals.get(kl));
            }
            if (segs.contains(kl) && segs.add(kw)) {
                t.segments.ref((int) (kl & ID_MASK));
            }
        });
        factKeys.clear();
        facts.keysOfProfile(l, factKeys);
        for (int i = 0; i < factKeys.size(); i++) {
            long fl = factKeys.getLong(i);
            long fw = (fl & KIND_BITS) | ((long) w << ID_BITS) | (fl & ID_MASK);
            if ((fl & KIND_BITS) == HISTORY) {
                long hl = facts.get(fl);
                long hw = facts.get(fw, 0L);
                long count = Math.min(MAX_ENTRY_COUNT, (hl >>> 48) + (hw >>> 48));
                facts.put(fw, (count << 48) | Math.max(hl & TIME_MASK, hw & TIME_MASK));
            } else {
                if ((fl & KIND_BITS) == CONVERTED && facts.get(fw) == NONE) {
                    t.topics.ref((int) (fl & ID_MASK));
                }
                maxInto(facts, fl, fw);
            }
        }
        // the loser's key is retired: its instances and messages now belong to the winner
        prof.setHead(l, -1);
        prof.setFams(l, 0);
        refreshFamilies(w);
        forgetKeyed(l);
        index.remove(loser);
        freeProfiles.add(l);
        rescheduleDates(w);
    }

    /**
     * The number a loser's entry {@code e} into family {@code f} takes under the winner {@code w}: after the
     * winner's own entries, as the summed history of the merge counts them (the loser's 1..n become the winner's
     * count+1..count+n). Keys of moved stays and pending messages then never repeat a key the winner used, and
     * the winner's next entry gets a number of its own. Call before the histories are summed.
     */
    private int entryAfterWinner(int e, int w, int f) {
        long winnerEntries = facts.get(HISTORY | key(w, f), 0L) >>> 48;
        return (int) Math.min(MAX_ENTRY_COUNT, e + winnerEntries);
    }

    private static void maxInto(LongTable map, long from, long to) {
        long v = map.get(from);
        if (v != NONE && (map.get(to) == NONE || v > map.get(to))) {
            map.put(to, v);
        }
    }

    // ------------------------------------------------------------------ queries

    /** Where the profile is, one entry per journey, sorted by journey id. */
    public List<Position> positions(long key) {
        int p = index.get(key);
        List<Position> out = new ArrayList<>();
        if (p < 0) {
            return out;
        }
        for (int i = prof.head(p); i >= 0; i = stays.next(i)) {
            CompiledJourney d = defs.get(stays.def(i));
            out.add(new Position(d.journey.id(), d.version, d.stepId[stays.step(i)], Instant.ofEpochMilli(stays.entered(i)),
                    stays.due(i) == NONE ? null : Instant.ofEpochMilli(stays.due(i)), (stays.flags(i) & StayTable.CONTROL) != 0));
        }
        out.sort(Comparator.comparing(Position::journey));
        return out;
    }

    /** The running version of each deployed journey, sorted by id. */
    public List<Journey> journeys() {
        List<Journey> out = new ArrayList<>();
        for (int f = 0; f < families.size(); f++) {
            out.add(defs.get(currentDef[f]).journey);
        }
        out.sort(Comparator.comparing(Journey::id));
        return out;
    }

    /** Dead letters so far, oldest first. */
    public List<DeadLetter> deadLetters() {
        return List.copyOf(deadLetters);
    }

    /** Number of profiles currently in at least one journey stay (instances). */
    public int liveInstances() {
        return stays.live;
    }

    /** Number of messages waiting (deferred, queued or retrying). */
    public int pendingMessages() {
        return msg.live;
    }

    /** Number of known, unsuppressed profiles. */
    public int profiles() {
        return index.size();
    }

    /** Timers fired since creation. */
    public long timersFired() {
        return timersFired;
    }

    /** Actions delivered since creation. */
    public long deliveredCount() {
        return delivered;
    }
}
