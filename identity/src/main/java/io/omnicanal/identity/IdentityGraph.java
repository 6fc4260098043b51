package io.omnicanal.identity;

import io.omnicanal.identity.internal.Config;
import io.omnicanal.identity.internal.Engine;
import io.omnicanal.identity.internal.GraphData;
import io.omnicanal.identity.internal.SnapshotCodec;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Stitches identifiers seen together into one profile per person.
 *
 * <p><b>Model.</b> {@link #link(Instant, String, Identifier...)} records that identifiers were
 * seen together (a login on a device, a purchase with a loyalty card and an email, a CRM
 * record). Identifiers are normalised per type, then interned; profiles are the connected
 * components of the links, subject to the merge rules. A cookie seen alone is a profile too and
 * merges into a known customer when they identify themselves.
 *
 * <p><b>Profile keys.</b> A profile is named downstream by a {@code long} key: the 64-bit key of
 * its canonical identifier, which is a seeded hash of the type name and the stored value (so it
 * does not depend on ingestion order, and a key collision between two different values is
 * refused with an exception). The canonical identifier is the member with the highest type
 * priority, then the earliest first sighting, then the smallest stored value (unsigned UTF-8),
 * then the smallest type name. {@link #NO_PROFILE} (0) is never a key.
 *
 * <p><b>Order-free.</b> The same links, each a (time, source, sequence, identifiers), give the
 * same profiles, canonical identifiers, keys, conflicts and snapshot bytes in any arrival
 * order. The graph keeps its links in (time, source, sequence, identifier keys) order; a link
 * that arrives in that order is applied incrementally, and one that arrives out of it (late
 * data) makes the graph put it in its place and replay its log, O(n) (ingest back-fills with
 * {@link #linkAll(Collection)} to pay one sort and one replay for the whole batch; a late
 * link of a single identifier already seen earlier, whose type has no windowed limit, changes
 * no decision and is placed without a replay). The sequence is the caller's tie-break between
 * links of one source at one instant: <b>give each record of a source a distinct sequence,
 * e.g. its line number, and links arriving in (time, source, sequence) order are applied
 * incrementally, never replayed.</b> Without one (sequence 0) ties fall back on the identifier
 * keys, an order no file follows, and about half of a source's same-instant records would
 * arrive late.
 *
 * <p><b>Merge rules</b> ({@link Builder}): type priorities; unique types and per-type limits,
 * optionally over a time window; a maximum profile size against hub values; a block list of
 * junk values. When a link would break a rule its lowest-priority identifier is left out and the
 * rest retried; each refusal is a {@link Conflict}, kept ({@link #conflicts()}) and reported to
 * listeners.
 *
 * <p><b>Erasure</b> ({@link #erase}, {@link #eraseProfile}) removes the identifiers, zeroes them
 * in memory, drops them from every link, recomputes the profiles from the remaining links
 * (reporting splits). Only when re-ingest is to be refused ({@link Builder#refuseErased(boolean)},
 * which needs the caller's own {@link Builder#tombstoneSalt(byte[]) salt}) does it keep a salted
 * SHA-256 tombstone of each erased value; otherwise nothing of the value is kept.
 *
 * <p><b>Thread-safety.</b> Safe for concurrent use: writes ({@code link}, {@code linkAll},
 * {@code erase*}, {@code absorb}, {@code restore}) and the queries that look identifiers up or
 * replay the log ({@code profileKey}, {@code keyOf}, {@code explain}, {@code isErased},
 * {@code profilesAsOf}; they share scratch buffers with the writers) take an exclusive lock;
 * the other queries a shared one.
 * Listeners run in the writing thread while it holds the write lock, after the change is
 * complete; a listener that throws does not stop the others (every listener is given every event
 * of the call) and the call then throws {@link ListenerFailedException}, the change standing; a
 * listener that tries to change the graph gets an {@link IllegalStateException}. Memory: measured 92 bytes
 * per identifier for ten million identifiers (emails, phones, UUID cookies), including the stored
 * values and the log of 7.5 million two-identifier links (a link costs 9 bytes plus 4 per
 * identifier while times are whole seconds, sequences 0 and sources at most 256; 4 more with
 * sequences).
 */
public final class IdentityGraph {

    /** Returned by {@link #link} when every identifier of the link was refused; never a profile key. */
    public static final long NO_PROFILE = 0L;

    private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
    private final List<IdentityListener> listeners = new CopyOnWriteArrayList<>();
    /** Whether listeners are being called (guarded by the write lock). */
    private boolean dispatching;
    private final Config cfg;
    private Engine engine;

    private IdentityGraph(Config cfg, List<IdentityListener> initial) {
        this.cfg = cfg;
        this.engine = new Engine(cfg);
        this.listeners.addAll(initial);
    }

    /**
     * Returns a builder with the default types, priorities and rules (see {@link Builder}).
     *
     * @return a builder with the default types, priorities and rules (see {@link Builder})
     */
    public static Builder builder() {
        return new Builder();
    }

    // ------------------------------------------------------------------ writes

    /**
     * Records that identifiers were seen together. Every identifier is validated and normalised
     * before anything changes: on an exception the graph is unchanged. Blocked, erased (when
     * refused) and rule-breaking identifiers are left out and reported as conflicts.
     *
     * @param time when they were seen together; between the years 1678 and 2262
     * @param source where (a system, channel or shop), 1 to 128 characters
     * @param ids 1 to 64 identifiers, none null; duplicates are ignored
     * @return the profile key of the link's accepted identifiers, or {@link #NO_PROFILE} when
     *     all were refused
     * @throws NullPointerException if an argument or identifier is null
     * @throws InvalidIdentifierException if an identifier is malformed or of an unknown type
     * @throws IllegalArgumentException if time or source is out of range
     * @throws IllegalStateException on a 64-bit key collision between two different values
     * @throws ListenerFailedException if a listener threw; the link is recorded
     */
    public long link(Instant time, String source, Identifier... ids) {
        return link(time, source, 0L, ids);
    }

    /**
     * Records that identifiers were seen together, with the caller's tie-break between links of
     * one source at one instant (see the class comment, "Order-free"): give each record of a
     * source a distinct sequence, such as its line number or offset, and records of a source read
     * in (time, sequence) order are applied incrementally, never replayed. The sequence is part
     * of the link: the same identifiers with another sequence are another link (an identical
     * link given twice is kept twice and changes nothing but the log). Otherwise as
     * {@link #link(Instant, String, Identifier...)}, whose links have sequence 0.
     *
     * @param time when they were seen together; between the years 1678 and 2262
     * @param source where (a system, channel or shop), 1 to 128 characters
     * @param sequence the tie-break within (time, source), 0 or more
     * @param ids 1 to 64 identifiers, none null; duplicates are ignored
     * @return the profile key of the link's accepted identifiers, or {@link #NO_PROFILE} when
     *     all were refused
     * @throws NullPointerException if an argument or identifier is null
     * @throws InvalidIdentifierException if an identifier is malformed or of an unknown type
     * @throws IllegalArgumentException if time or source is out of range or sequence negative
     * @throws IllegalStateException on a 64-bit key collision between two different values
     */
    public long link(Instant time, String source, long sequence, Identifier... ids) {
        lockForWrite();
        try {
            long key = engine.link(time, source, sequence, ids);
            deliver();
            return key;
        } finally {
            lock.writeLock().unlock();
        }
    }

    /**
     * Records many links at once: all are validated first (on an exception nothing changes; the
     * message starts with {@code links[i]}), then added; out-of-order links cost one re-sort and
     * replay for the whole batch.
     *
     * @param links the links, none null
     */
    public void linkAll(Collection<Link> links) {
        lockForWrite();
        try {
            engine.linkAll(links);
            deliver();
        } finally {
            lock.writeLock().unlock();
        }
    }

    /**
     * Erases identifiers (GDPR): see the class comment. Unknown identifiers still get a
     * tombstone. Cost: one replay of the log.
     *
     * @param time time reported to listeners
     * @param ids the identifiers, validated before anything changes
     * @return how many identifiers were present and erased
     */
    public int erase(Instant time, Identifier... ids) {
        Objects.requireNonNull(ids, "ids");
        lockForWrite();
        try {
            int n = engine.erase(java.util.Arrays.asList(ids), time);
            deliver();
            return n;
        } finally {
            lock.writeLock().unlock();
        }
    }

    /**
     * Erases every identifier of a profile; listeners get {@code erased(key)}.
     *
     * @param key a current profile key
     * @param time time reported to listeners
     * @return how many identifiers were erased; 0 when no current profile has this key
     */
    public int eraseProfile(long key, Instant time) {
        lockForWrite();
        try {
            int n = engine.eraseProfile(key, time);
            deliver();
            return n;
        } finally {
            lock.writeLock().unlock();
        }
    }

    /**
     * Absorbs a graph built on another shard: afterwards this graph has the profiles one graph
     * fed both graphs' links would have. The other graph is only read. Both must have the same
     * key seed and the same types with the same hashing, and, when the other graph holds
     * tombstones, the same tombstone salt. Tombstones are united, but an erasure
     * made only on the other shard does not remove identifiers this graph holds: erase on every
     * shard. Cost: one re-sort and replay.
     *
     * @param other another graph, not this one
     * @throws IllegalArgumentException if {@code other} is this graph or incompatible
     */
    public void absorb(IdentityGraph other) {
        Objects.requireNonNull(other, "other");
        if (other == this) {
            throw new IllegalArgumentException("a graph cannot absorb itself");
        }
        GraphData data;
        other.lock.readLock().lock();
        try {
            data = other.engine.export();
        } finally {
            other.lock.readLock().unlock();
        }
        lockForWrite();
        try {
            engine.absorb(data);
            deliver();
        } finally {
            lock.writeLock().unlock();
        }
    }

    // ------------------------------------------------------------------ snapshot

    /**
     * Writes the whole graph (identifiers, links, refusals, tombstones) to a file, atomically:
     * a temporary file in the same directory, forced to disk, renamed over {@code file}. The same
     * state always gives the same bytes. Rule-based conflicts are not stored; they are recomputed
     * on restore.
     *
     * @param file the target file; its directory must exist
     * @throws IOException if writing fails (the target is then untouched)
     */
    public void snapshot(Path file) throws IOException {
        Objects.requireNonNull(file, "file");
        GraphData data;
        lock.readLock().lock();
        try {
            data = engine.export();
        } finally {
            lock.readLock().unlock();
        }
        // Streamed to the file: the encoded bytes are never held in memory whole.
        SnapshotCodec.writeAtomically(file, data);
    }

    /**
     * Replaces this graph's state with a snapshot's. The file is read and fully checked
     * (magic, version, length, CRC-32C, structure, compatibility with this graph's configuration,
     * and the tombstone salt's fingerprint when the file holds tombstones)
     * and the new state built before anything changes: on any exception the graph is exactly as
     * it was. Listeners are not called.
     *
     * @param file the snapshot file
     * @throws CorruptSnapshotException if the file is truncated, corrupt, foreign or incompatible
     * @throws IOException if the file cannot be read
     */
    public void restore(Path file) throws IOException {
        Objects.requireNonNull(file, "file");
        GraphData data = SnapshotCodec.read(file);
        Engine fresh;
        try {
            fresh = Engine.fromData(cfg, data);
        } catch (RuntimeException e) {
            throw new CorruptSnapshotException(file + ": " + e.getMessage(), e);
        }
        lockForWrite();
        try {
            engine = fresh;
        } finally {
            lock.writeLock().unlock();
        }
    }

    /**
     * The snapshot bytes {@link #snapshot(Path)} would write.
     *
     * @return a fresh array
     */
    public byte[] snapshotBytes() {
        lock.readLock().lock();
        try {
            return SnapshotCodec.encode(engine.export());
        } finally {
            lock.readLock().unlock();
        }
    }

    /** Full log replays so far; package-private, for the tests that check when replays happen. */
    long replayCount() {
        lock.readLock().lock();
        try {
            return engine.replayCount();
        } finally {
            lock.readLock().unlock();
        }
    }

    /** Late pure sightings placed without a replay so far; package-private, for tests. */
    long lateSightingCount() {
        lock.readLock().lock();
        try {
            return engine.lateSightingCount();
        } finally {
            lock.readLock().unlock();
        }
    }

    // ------------------------------------------------------------------ queries

    /**
     * The profile key of an identifier, raw, normalised or hashed.
     *
     * @param id the identifier
     * @return its profile key, empty when the graph has not accepted it
     * @throws InvalidIdentifierException if it is malformed or of an unknown type
     */
    public OptionalLong profileKey(Identifier id) {
        lockForWrite();
        try {
            return engine.profileKey(id);
        } finally {
            lock.writeLock().unlock();
        }
    }

    /**
     * A current profile with its identifiers and their first and last sightings.
     *
     * @param key a profile key
     * @return the profile, empty when no current profile has this key (for instance a key that
     *     lost a merge)
     */
    public Optional<Profile> profile(long key) {
        lock.readLock().lock();
        try {
            return engine.profile(key);
        } finally {
            lock.readLock().unlock();
        }
    }

    /**
     * The keys of all current profiles, without building the profiles: 8 bytes per profile.
     * O(n log n).
     *
     * @return the keys, sorted ascending in signed order (the order of {@link #profiles()})
     */
    public long[] profileKeys() {
        lock.readLock().lock();
        try {
            return engine.profileKeys();
        } finally {
            lock.readLock().unlock();
        }
    }

    /**
     * Visits every current profile in key order (the order of {@link #profiles()}), building one
     * at a time, so that memory holds one profile rather than all of them with all their
     * identifiers. O(n log n) plus the profiles' sizes.
     *
     * <p>The shared lock is held during the whole visit: other readers proceed, writers wait. The
     * action must not modify this graph; a call from it to a method that takes the exclusive lock
     * (see the class comment) throws {@link IllegalStateException} instead of deadlocking. An
     * exception thrown by the action ends the visit and reaches the caller.
     *
     * @param action receives each profile
     * @throws NullPointerException if {@code action} is null
     */
    public void forEachProfile(Consumer<? super Profile> action) {
        Objects.requireNonNull(action, "action");
        lock.readLock().lock();
        try {
            engine.forEachProfile(action);
        } finally {
            lock.readLock().unlock();
        }
    }

    /**
     * All current profiles. O(n log n). At millions of profiles prefer {@link #forEachProfile}
     * or {@link #profileKeys}: this list holds every profile's identifiers as objects at once.
     *
     * @return the profiles sorted by key
     */
    public List<Profile> profiles() {
        lock.readLock().lock();
        try {
            return engine.profiles(Long.MAX_VALUE);
        } finally {
            lock.readLock().unlock();
        }
    }

    /**
     * The profiles as they stood at a past instant: a replay of the links at or before it, with
     * the merge rules. Erased identifiers stay erased. O(n log n).
     *
     * @param asOf the instant
     * @return the profiles sorted by key
     */
    public List<Profile> profilesAsOf(Instant asOf) {
        long t = Engine.nanos(asOf, "asOf");
        lockForWrite();
        try {
            return engine.profiles(t);
        } finally {
            lock.writeLock().unlock();
        }
    }

    /**
     * Why two identifiers are in one profile: the shortest chain of accepted links joining them.
     * O(links) per call.
     *
     * @param a one identifier
     * @param b another identifier
     * @return the steps from {@code a} to {@code b}, each with the link's time and source; an
     *     empty list when they are the same identifier; empty when they are not in one profile
     */
    public Optional<List<LinkStep>> explain(Identifier a, Identifier b) {
        lockForWrite();
        try {
            return engine.explain(a, b);
        } finally {
            lock.writeLock().unlock();
        }
    }

    /**
     * The refusals: blocked and erased identifiers in arrival order, then rule refusals in link
     * order. Rule refusals are recomputed when the log is replayed.
     *
     * @return a fresh list
     */
    public List<Conflict> conflicts() {
        lock.readLock().lock();
        try {
            return engine.conflicts();
        } finally {
            lock.readLock().unlock();
        }
    }

    /**
     * Whether a value was erased from this graph and is refused when it comes again (its salted
     * tombstone is present). Always false unless the graph refuses erased values: only then are
     * tombstones kept.
     *
     * @param id the identifier
     * @return true when erased and refused
     */
    public boolean isErased(Identifier id) {
        lockForWrite();
        try {
            return engine.isErased(id);
        } finally {
            lock.writeLock().unlock();
        }
    }

    /**
     * The form this graph stores an identifier in (normalised, and hashed for hashed types).
     *
     * @param id the identifier
     * @return the stored identifier
     * @throws InvalidIdentifierException if it is malformed or of an unknown type
     */
    public Identifier normalize(Identifier id) {
        int ti = engine.typeIndex(id);
        return new Identifier(id.type(), engine.storedForm(ti, id),
                cfg.hashed[ti] ? Identifier.Form.SHA256 : Identifier.Form.NORMALIZED);
    }

    /**
     * The 64-bit key of an identifier: a seeded hash of its type name and stored value, the
     * profile key whenever the identifier is the canonical one of its profile. A pure function
     * of the key seed and the identifier; the graph need not hold it.
     *
     * @param id the identifier
     * @return its key, never {@link #NO_PROFILE}
     * @throws InvalidIdentifierException if it is malformed or of an unknown type
     */
    public long keyOf(Identifier id) {
        lockForWrite();
        try {
            return engine.keyOf(id);
        } finally {
            lock.writeLock().unlock();
        }
    }

    /**
     * Returns live identifiers.
     *
     * @return live identifiers
     */
    public int identifierCount() {
        lock.readLock().lock();
        try {
            return engine.identifierCount();
        } finally {
            lock.readLock().unlock();
        }
    }

    /**
     * Returns current profiles; O(n).
     *
     * @return current profiles; O(n)
     */
    public int profileCount() {
        lock.readLock().lock();
        try {
            return engine.profileCount();
        } finally {
            lock.readLock().unlock();
        }
    }

    /**
     * Returns logged links.
     *
     * @return logged links
     */
    public int linkCount() {
        lock.readLock().lock();
        try {
            return engine.linkCount();
        } finally {
            lock.readLock().unlock();
        }
    }

    /**
     * A listener to add, called after those added before.
     *
     * @param listener a listener to add, called after those added before
     */
    public void addListener(IdentityListener listener) {
        listeners.add(Objects.requireNonNull(listener, "listener"));
    }

    /**
     * A listener to remove.
     *
     * @param listener a listener to remove
     * @return whether it was registered
     */
    public boolean removeListener(IdentityListener listener) {
        return listeners.remove(listener);
    }

    // ------------------------------------------------------------------ builder

    /**
     * Takes the exclusive lock. A thread holding the shared lock (inside {@link #forEachProfile})
     * would wait for itself forever, so it is refused.
     */
    private void lockForWrite() {
        if (lock.getReadHoldCount() > 0) {
            throw new IllegalStateException("this graph cannot be modified or searched from inside forEachProfile");
        }
        if (dispatching && lock.isWriteLockedByCurrentThread()) {
            throw new IllegalStateException("a listener must not change the graph it listens to (it is told about a"
                    + " change while the change's call still runs)");
        }
        lock.writeLock().lock();
    }

    /** Tells the listeners about the change just made; the caller holds the write lock. */
    private void deliver() {
        dispatching = true;
        try {
            engine.dispatch(listeners);
        } finally {
            dispatching = false;
        }
    }

    /**
     * Configures a graph. Each setting is validated when given; the offending value is in the
     * message. Not thread-safe; build once.
     *
     * <p>Defaults: the ten built-in types with priorities account 100, crm 90, subscriber 80,
     * loyalty 70, email 60, phone 50, maid 40, device 30, cookie 20, name_address 10;
     * account is unique; phone default region US; no Gmail rules; max profile size 1000; the
     * default junk block list on; nothing hashed; erased values not refused.
     */
    public static final class Builder {

        private static final long DEFAULT_SEED = 0x6f6d6e6963616e61L;
        private String region = "US";
        private boolean gmailRules;
        private final Map<IdentifierType, Normalizer> custom = new LinkedHashMap<>();
        private final Map<IdentifierType, Integer> priorities = new LinkedHashMap<>();
        private final Map<IdentifierType, Integer> limits = new LinkedHashMap<>();
        private final Map<IdentifierType, Duration> windows = new LinkedHashMap<>();
        private final Map<IdentifierType, Destination> hashedTypes = new LinkedHashMap<>();
        private final Map<IdentifierType, Set<String>> blocked = new LinkedHashMap<>();
        private final Map<IdentifierType, List<Pattern>> patterns = new LinkedHashMap<>();
        private final List<IdentityListener> initialListeners = new ArrayList<>();
        private boolean blockDefaults = true;
        private int maxProfileSize = 1000;
        private long seed = DEFAULT_SEED;
        private int expectedIdentifiers;
        private int expectedLinks;
        private boolean refuseErased;
        private byte[] salt = "omnicanal-identity-tombstone".getBytes(StandardCharsets.US_ASCII);
        private boolean saltGiven;
        private static final IdentifierType[] BUILT_IN = {IdentifierType.ACCOUNT, IdentifierType.CRM,
            IdentifierType.SUBSCRIBER, IdentifierType.LOYALTY, IdentifierType.EMAIL, IdentifierType.PHONE,
            IdentifierType.MAID, IdentifierType.DEVICE, IdentifierType.COOKIE, IdentifierType.NAME_ADDRESS};
        private static final int[] BUILT_IN_PRIORITY = {100, 90, 80, 70, 60, 50, 40, 30, 20, 10};

        private Builder() {
            for (int i = 0; i < BUILT_IN.length; i++) {
                priorities.put(BUILT_IN[i], BUILT_IN_PRIORITY[i]);
            }
            limits.put(IdentifierType.ACCOUNT, 1);
        }

        private IdentifierType known(IdentifierType type) {
            Objects.requireNonNull(type, "type");
            if (!priorities.containsKey(type)) {
                throw new IllegalArgumentException("unknown identifier type \"" + type
                        + "\"; register it first with type(type, normalizer, priority)");
            }
            return type;
        }

        /**
         * Region for phone numbers written without a country code.
         *
         * @param isoRegion ISO 3166-1 alpha-2, e.g. {@code "FR"}
         * @return this
         */
        public Builder defaultRegion(String isoRegion) {
            Objects.requireNonNull(isoRegion, "defaultRegion");
            Normalizers.phone(isoRegion);
            this.region = isoRegion.toUpperCase(Locale.ROOT);
            return this;
        }

        /**
         * Gmail provider rules for the email type: dots and {@code +tags} of gmail.com and
         * googlemail.com local parts ignored. They do not apply when the email type is stored hashed
         * for a {@link Destination} ({@link #storeHashed}): the destination's published rule then
         * decides, so that the stored hashes equal the ones the platform sends back.
         *
         * @param on whether to apply them
         * @return this
         */
        public Builder gmailRules(boolean on) {
            this.gmailRules = on;
            return this;
        }

        /**
         * Registers a custom type, or replaces the normaliser and priority of a built-in one.
         *
         * @param type the type
         * @param normalizer its normaliser, pure and thread-safe
         * @param priority its priority; higher binds more, 0 to 1000
         * @return this
         */
        public Builder type(IdentifierType type, Normalizer normalizer, int priority) {
            Objects.requireNonNull(type, "type");
            Objects.requireNonNull(normalizer, "normalizer");
            checkPriority(priority);
            if (!priorities.containsKey(type) && priorities.size() >= 120) {
                throw new IllegalArgumentException("at most 120 identifier types, adding \"" + type + "\"");
            }
            custom.put(type, normalizer);
            priorities.put(type, priority);
            return this;
        }

        private static void checkPriority(int priority) {
            if (priority < 0 || priority > 1000) {
                throw new IllegalArgumentException("priority must be between 0 and 1000, was " + priority);
            }
        }

        /**
         * Sets a type's priority.
         *
         * @param type a known type
         * @param priority 0 to 1000; higher binds more
         * @return this
         */
        public Builder priority(IdentifierType type, int priority) {
            checkPriority(priority);
            priorities.put(known(type), priority);
            return this;
        }

        /**
         * Makes a type unique: a profile holds at most one identifier of it, ever (two account
         * ids never merge).
         *
         * @param type a known type
         * @return this
         */
        public Builder unique(IdentifierType type) {
            return limit(type, 1);
        }

        /**
         * Limits how many identifiers of a type one profile holds, ever.
         *
         * @param type a known type
         * @param max at least 1
         * @return this
         */
        public Builder limit(IdentifierType type, int max) {
            if (max < 1) {
                throw new IllegalArgumentException("limit of " + type + " must be at least 1, was " + max);
            }
            limits.put(known(type), max);
            windows.remove(type);
            return this;
        }

        /**
         * Limits how many identifiers of a type, seen within a window before the link, one
         * profile holds (at most 5 cookies a week).
         *
         * @param type a known type
         * @param max at least 1
         * @param window positive duration
         * @return this
         */
        public Builder limit(IdentifierType type, int max, Duration window) {
            Objects.requireNonNull(window, "window");
            if (window.isZero() || window.isNegative()) {
                throw new IllegalArgumentException("window of " + type + " must be positive, was " + window);
            }
            try {
                window.toNanos();
            } catch (ArithmeticException e) {
                throw new IllegalArgumentException("window of " + type + " must fit in 292 years, was " + window, e);
            }
            limit(type, max);
            windows.put(type, window);
            return this;
        }

        /**
         * Removes a type's limit or uniqueness.
         *
         * @param type a known type
         * @return this
         */
        public Builder noLimit(IdentifierType type) {
            limits.remove(known(type));
            windows.remove(type);
            return this;
        }

        /**
         * The hub guard: links that would make a profile larger are cut down by the merge rules.
         *
         * @param max at least 2
         * @return this
         */
        public Builder maxProfileSize(int max) {
            if (max < 2) {
                throw new IllegalArgumentException("maxProfileSize must be at least 2, was " + max);
            }
            this.maxProfileSize = max;
            return this;
        }

        /**
         * Blocks one value of a type (compared after normalisation; {@link #build()} throws
         * {@link IllegalArgumentException} when the type's normaliser refuses the value, which could
         * then never be matched).
         *
         * @param type a known type
         * @param value the value, e.g. a shared shop-counter card number
         * @return this
         */
        public Builder block(IdentifierType type, String value) {
            Objects.requireNonNull(value, "blocked value");
            blocked.computeIfAbsent(known(type), t -> new HashSet<>()).add(value);
            return this;
        }

        /**
         * Blocks every normalised value of a type matching a regular expression (whole match).
         *
         * @param type a known type
         * @param regex a {@link Pattern} expression
         * @return this
         */
        public Builder blockPattern(IdentifierType type, String regex) {
            Objects.requireNonNull(regex, "regex");
            try {
                patterns.computeIfAbsent(known(type), t -> new ArrayList<>()).add(Pattern.compile(regex));
            } catch (PatternSyntaxException e) {
                throw new IllegalArgumentException("block pattern for " + type + " is not a valid regex: \"" + regex + "\"", e);
            }
            return this;
        }

        /**
         * Whether the default junk list applies to every type: {@code null}, {@code -1},
         * {@code 0}, {@code anonymous}, {@code undefined}, {@code unknown}, {@code n/a},
         * {@code test@test.com} and similar, all-zero values and one digit repeated six or more
         * times.
         *
         * @param on default true
         * @return this
         */
        public Builder defaultBlockList(boolean on) {
            this.blockDefaults = on;
            return this;
        }

        /**
         * Stores a type only as the SHA-256 of its normalised value (the graph's own normal form):
         * no clear value in memory or snapshots. A hash received from a platform
         * ({@link Identifier#sha256}) lands on the same profile only when that platform hashes the
         * same form, which is not always the case: Meta and Snap hash a phone as digits without the
         * {@code +} of E.164, and with {@code gmailRules(true)} the graph folds a Gmail address the way
         * Google and Meta do not. To match a platform's hashes, use
         * {@link #storeHashed(IdentifierType, Destination)}.
         *
         * @param type a known type
         * @return this
         */
        public Builder storeHashed(IdentifierType type) {
            hashedTypes.put(known(type), null);
            return this;
        }

        /**
         * Stores email or phone only as the SHA-256 of the destination's normal form, so that
         * hashes handed back by that platform match.
         *
         * @param type {@link IdentifierType#EMAIL} or {@link IdentifierType#PHONE}
         * @param destination the platform whose normal form is hashed
         * @return this
         */
        public Builder storeHashed(IdentifierType type, Destination destination) {
            Objects.requireNonNull(destination, "destination");
            if (!IdentifierType.EMAIL.equals(type) && !IdentifierType.PHONE.equals(type)) {
                throw new IllegalArgumentException("destination hashing applies to email and phone, was \"" + type + "\"");
            }
            hashedTypes.put(known(type), destination);
            return this;
        }

        /**
         * Whether a value erased earlier is refused (left out, reported as an {@code erased}
         * conflict) when a later link carries it again. Only then does an erasure keep a salted
         * SHA-256 tombstone of each erased value (in memory and in snapshots); {@link #build()}
         * then requires a {@link #tombstoneSalt(byte[])} of the caller's own, since a tombstone
         * made with the library's public default salt could be matched against guessed values.
         *
         * @param on default false
         * @return this
         */
        public Builder refuseErased(boolean on) {
            this.refuseErased = on;
            return this;
        }

        /**
         * The secret salt of erasure tombstones; required with {@code refuseErased(true)}. Keep
         * it secret and the same across the graphs whose snapshots are restored or absorbed into
         * one another.
         *
         * @param salt at least 16 bytes; copied
         * @return this
         */
        public Builder tombstoneSalt(byte[] salt) {
            Objects.requireNonNull(salt, "tombstoneSalt");
            if (salt.length < 16) {
                throw new IllegalArgumentException("tombstoneSalt must have at least 16 bytes, had " + salt.length);
            }
            this.salt = salt.clone();
            this.saltGiven = true;
            return this;
        }

        /**
         * Seed of the 64-bit identifier keys. Graphs whose profiles must agree (shards to be
         * absorbed, a snapshot to restore) need the same seed.
         *
         * @param seed any value
         * @return this
         */
        public Builder keySeed(long seed) {
            this.seed = seed;
            return this;
        }

        /**
         * Pre-sizes the graph's arrays, as {@code new ArrayList<>(capacity)} does, so that
         * ingesting up to these numbers grows nothing (the graph still grows past them).
         *
         * @param identifiers expected identifiers, 0 to 100 million
         * @param links expected links, 0 to 300 million
         * @return this
         */
        public Builder expectedSize(int identifiers, int links) {
            if (identifiers < 0 || identifiers > 100_000_000) {
                throw new IllegalArgumentException("expected identifiers must be between 0 and 100000000, was " + identifiers);
            }
            if (links < 0 || links > 300_000_000) {
                throw new IllegalArgumentException("expected links must be between 0 and 300000000, was " + links);
            }
            this.expectedIdentifiers = identifiers;
            this.expectedLinks = links;
            return this;
        }

        /**
         * Adds a listener present from the start.
         *
         * @param listener the listener
         * @return this
         */
        public Builder listener(IdentityListener listener) {
            initialListeners.add(Objects.requireNonNull(listener, "listener"));
            return this;
        }

        /**
         * Builds the graph.
         *
         * @return a new, empty graph
         */
        @SuppressWarnings("unchecked")
        public IdentityGraph build() {
            if (refuseErased && !saltGiven) {
                throw new IllegalStateException("refuseErased(true) needs tombstoneSalt(...) of your own: a tombstone"
                        + " made with the library's public default salt could be matched against guessed values");
            }
            IdentifierType[] types = priorities.keySet().stream().sorted().toArray(IdentifierType[]::new);
            int n = types.length;
            Normalizer[] norms = new Normalizer[n];
            int[] prio = new int[n];
            int[] lim = new int[n];
            long[] win = new long[n];
            boolean[] hashed = new boolean[n];
            Destination[] dest = new Destination[n];
            Set<String>[] block = (Set<String>[]) new Set<?>[n];
            Pattern[][] pats = new Pattern[n][];
            for (int i = 0; i < n; i++) {
                IdentifierType t = types[i];
                // a type hashed for a destination is normalised the destination's way, which has its own Gmail
                // rule: the graph's Gmail folding would store hashes the platform never sends back
                boolean forDestination = hashedTypes.get(t) != null;
                norms[i] = custom.containsKey(t) ? custom.get(t)
                        : Normalizers.defaultFor(t, region, gmailRules && !forDestination);
                prio[i] = priorities.get(t);
                lim[i] = limits.getOrDefault(t, 0);
                win[i] = windows.containsKey(t) ? windows.get(t).toNanos() : 0;
                hashed[i] = hashedTypes.containsKey(t);
                dest[i] = hashedTypes.get(t);
                Set<String> values = new HashSet<>();
                for (String v : blocked.getOrDefault(t, Set.of())) {
                    try {
                        values.add(norms[i].normalize(t, v));
                    } catch (InvalidIdentifierException e) {
                        // kept raw it could never match a normalised value: the block would silently do nothing
                        throw new IllegalArgumentException("block: the value given for type " + t.name()
                                + " is not a valid identifier of that type, so it could never be matched: " + e.getMessage(), e);
                    }
                }
                block[i] = Set.copyOf(values);
                pats[i] = patterns.getOrDefault(t, List.of()).toArray(new Pattern[0]);
            }
            Config cfg = new Config(types, norms, prio, lim, win, hashed, dest, block, pats, blockDefaults,
                    maxProfileSize, seed, refuseErased, salt, expectedIdentifiers, expectedLinks);
            return new IdentityGraph(cfg, initialListeners);
        }
    }
}
