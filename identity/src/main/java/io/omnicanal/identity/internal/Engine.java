package io.omnicanal.identity.internal;

import io.omnicanal.identity.Conflict;
import io.omnicanal.identity.Identifier;
import io.omnicanal.identity.IdentifierType;
import io.omnicanal.identity.IdentityListener;
import io.omnicanal.identity.ListenerFailedException;
import io.omnicanal.identity.InvalidIdentifierException;
import io.omnicanal.identity.Link;
import io.omnicanal.identity.LinkStep;
import io.omnicanal.identity.Profile;
import io.omnicanal.identity.SeenIdentifier;
import it.unimi.dsi.fastutil.ints.Int2ObjectOpenHashMap;
import it.unimi.dsi.fastutil.ints.IntArrayList;
import it.unimi.dsi.fastutil.ints.IntArrays;
import it.unimi.dsi.fastutil.longs.LongOpenHashSet;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Consumer;

/**
 * The identity graph's state and algorithms, without locking (the public
 * {@code IdentityGraph} adds the lock and the listener list).
 *
 * <p>Design note: order-free profiles. The graph is a pure function of the set of links it was
 * given. Links are kept in a log sorted by (time, source name, the caller's sequence number,
 * member keys), members of a link in ascending key order (keys depend only on seed, type and
 * value, so this order is as order-free as the values themselves and cheaper to compare). The
 * sequence number is the caller's tie-break for links of one source in one instant (a line
 * number): with it, a source read in file order arrives in log order; without it (sequence 0)
 * such ties fall back on the member keys, which file order does not follow. A link that sorts
 * after the last one (the normal case of data arriving in order) is applied incrementally to
 * the union-find partition in O(k·α(n)) plus, when it changes a profile's membership and
 * per-type limits are configured, one walk of the profiles involved. A link that sorts before
 * the last one (late data, a back-fill), an erasure and an {@code absorb} re-sort the log and
 * replay it into a fresh partition (O(n log n)), then report the differences between the old
 * and the new partition to listeners; a late pure sighting that provably changes no decision
 * is the exception (see {@link #isInertSighting}). Because merge rules (limits, unique types,
 * the hub guard) are applied in the log's order in both cases, the same links give the same
 * profiles, canonical identifiers, keys and conflicts whatever order they arrived in.
 *
 * <p>Canonical identifier of a profile: the member with the highest type priority, then the
 * earliest first sighting, then the smallest stored value (unsigned UTF-8 bytes), then the
 * smallest type name. The profile key is that member's 64-bit key (see {@link IdentifierTable}).
 *
 * <p>Rule enforcement: when a link would join identifiers into a profile that breaks a rule
 * (more than {@code maxProfileSize} members; more than {@code limit} identifiers of a type,
 * counting those seen within the type's window), the link's lowest-priority identifier is left
 * out (ties: an identifier new to the graph before a known one, then the larger value) and the
 * rest is checked again; each left-out identifier is recorded as a {@link Conflict}, is still
 * recorded as seen, and stays in (or starts) its own profile.
 */
public final class Engine {

    /** Most identifiers one link may carry. */
    public static final int MAX_IDS_PER_LINK = 64;
    /** Longest source name, in characters. */
    public static final int MAX_SOURCE_LENGTH = 128;

    private final Config cfg;
    /** Arena bytes the links validated so far in a {@link #linkAll} batch may take; 0 outside one. */
    private long arenaReserved;
    /** An upper bound of the arena bytes of the last prepared link's new values. */
    private long lastNewBytes;
    private IdentifierTable table;
    private EventLog log;
    private Partition part;
    private ArrayList<Conflict> ruleConflicts = new ArrayList<>();
    private final ArrayList<Conflict> preConflicts = new ArrayList<>();
    private final Set<ByteBuffer> tombstones = new HashSet<>();

    private String[] scratchValue = new String[MAX_IDS_PER_LINK];
    private int[] scratchType = new int[MAX_IDS_PER_LINK];
    private byte[] scratchFlag = new byte[MAX_IDS_PER_LINK];
    private final int[] scratchNode = new int[MAX_IDS_PER_LINK];
    private final int[] scratchStage = new int[MAX_IDS_PER_LINK];
    private final int[] nodes = new int[MAX_IDS_PER_LINK];
    private final boolean[] accepted = new boolean[MAX_IDS_PER_LINK];
    private final boolean[] wasNew = new boolean[MAX_IDS_PER_LINK];
    private final int[] roots = new int[MAX_IDS_PER_LINK];
    private final long[] oldKeys = new long[MAX_IDS_PER_LINK];
    private final int[] counts;
    private final int[] partCounts;
    private final int[] partMax;
    private final ArrayList<Object[]> pending = new ArrayList<>();

    private static final byte OK = 0;
    private static final byte BLOCKED = 1;
    private static final byte ERASED = 2;

    /** @param cfg the configuration */
    public Engine(Config cfg) {
        this.cfg = cfg;
        this.table = new IdentifierTable(cfg.keySeed, cfg.typeNames);
        this.log = new EventLog();
        this.part = new Partition(cfg.expectedIdentifiers);
        this.counts = new int[cfg.types.length];
        this.partCounts = new int[cfg.types.length];
        this.partMax = new int[cfg.types.length];
        table.reserve(cfg.expectedIdentifiers);
        log.reserve(cfg.expectedLinks);
    }

    /** @return the configuration */
    public Config config() {
        return cfg;
    }

    // ------------------------------------------------------------------ validation

    /**
     * Converts an instant to epoch nanoseconds.
     *
     * @param time the instant
     * @param field name for messages
     * @return epoch nanoseconds
     */
    public static long nanos(Instant time, String field) {
        if (time == null) {
            throw new NullPointerException(field + " must not be null");
        }
        try {
            long n = Math.addExact(Math.multiplyExact(time.getEpochSecond(), 1_000_000_000L), time.getNano());
            if (n != Partition.UNSEEN) {
                return n;
            }
        } catch (ArithmeticException e) {
            // fall through
        }
        throw new IllegalArgumentException(field + " must be between 1677-09-21T00:12:43.145224193Z and "
                + "2262-04-11T23:47:16.854775807Z, was " + time);
    }

    static Instant instant(long nanos) {
        return Instant.ofEpochSecond(Math.floorDiv(nanos, 1_000_000_000L), Math.floorMod(nanos, 1_000_000_000L));
    }

    private String lastSource;
    /** Sink for the loads of {@link #prepare}'s first pass, so that the compiler keeps them. */
    private int touchedInput;

    /** Checks a source, skipping the scan when it is the same instance as the last one checked. */
    private void checkSourceCached(String source) {
        if (source != lastSource || source == null) {
            checkSource(source);
            lastSource = source;
        }
    }

    static void checkSource(String source) {
        if (source == null) {
            throw new NullPointerException("source must not be null");
        }
        if (source.isBlank() || source.length() > MAX_SOURCE_LENGTH) {
            throw new IllegalArgumentException("source must be 1 to " + MAX_SOURCE_LENGTH
                    + " characters and not blank, was \"" + Masking.mask(null, source) + "\"");
        }
        for (int i = 0; i < source.length(); i++) {
            if (Character.isISOControl(source.charAt(i))) {
                throw new IllegalArgumentException("source contains a control character at index " + i
                        + ", was \"" + Masking.mask(null, source) + "\"");
            }
        }
    }

    /**
     * Returns the type index of an identifier, refusing unknown types.
     *
     * @param id the identifier
     * @return the type index
     */
    public int typeIndex(Identifier id) {
        if (id == null) {
            throw new NullPointerException("identifier must not be null");
        }
        int ti = -1;
        IdentifierType type = id.type();
        IdentifierType[] types = cfg.types;
        for (int i = 0; i < types.length; i++) {
            if (types[i] == type) {
                ti = i;
                break;
            }
        }
        if (ti < 0) {
            ti = cfg.indexOf(type);
        }
        if (ti < 0) {
            throw new InvalidIdentifierException(id.type(), Masking.mask(id.type(), id.value()),
                    "type is not configured in this graph (known: " + String.join(", ", cfg.typeNames) + ")");
        }
        return ti;
    }

    /** Normalised (pre-hash) form, or null for a SHA-256 identifier. */
    private String normalizedForm(int ti, Identifier id) {
        IdentifierType type = id.type();
        switch (id.form()) {
            case RAW:
                return checkedValue(type, cfg.normalizers[ti].normalize(type, id.value()), "the normaliser's output");
            case NORMALIZED:
                // length and surrogates first: the normaliser's check may assume a storable value
                return cfg.normalizers[ti].checkNormalized(type, checkedValue(type, id.value(), "normalised value"));
            default:
                if (!cfg.hashed[ti]) {
                    throw new InvalidIdentifierException(type, Masking.mask(type, id.value()),
                            "SHA-256 values are only accepted for types the graph stores hashed (storeHashed)");
                }
                return null;
        }
    }

    /**
     * Refuses a normalised value the graph cannot store faithfully: null, empty, longer than
     * {@value Text#MAX_RAW_LENGTH} characters, or holding an unpaired surrogate (it has no UTF-8 form: two
     * values differing only there would become one identifier). Applies to custom normalisers' output too.
     */
    private static String checkedValue(IdentifierType type, String value, String what) {
        if (value == null) {
            throw new InvalidIdentifierException(type, "null", what + " is null");
        }
        if (value.isEmpty() || value.length() > Text.MAX_RAW_LENGTH) {
            throw new InvalidIdentifierException(type, Masking.mask(type, value),
                    what + " must have 1 to " + Text.MAX_RAW_LENGTH + " characters, had " + value.length());
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (Character.isSurrogate(c)) {
                if (Character.isHighSurrogate(c) && i + 1 < value.length() && Character.isLowSurrogate(value.charAt(i + 1))) {
                    i++;
                } else {
                    throw new InvalidIdentifierException(type, Masking.mask(type, value),
                            what + " has an unpaired surrogate at index " + i);
                }
            }
        }
        return value;
    }

    /**
     * The stored form of an identifier: normalised, and hashed for types stored hashed.
     *
     * @param ti its type index
     * @param id the identifier
     * @return the stored value
     * @throws InvalidIdentifierException if malformed
     */
    public String storedForm(int ti, Identifier id) {
        String norm = normalizedForm(ti, id);
        return norm == null ? hashedInput(id) : toStored(ti, norm);
    }

    private static String hashedInput(Identifier id) {
        String hex = Sha256.canonicalHex(id.value());
        if (hex == null) {
            throw new InvalidIdentifierException(id.type(), Masking.mask(id.type(), id.value()),
                    "not a SHA-256 hex digest (64 hex digits)");
        }
        return hex;
    }

    private String toStored(int ti, String norm) {
        if (!cfg.hashed[ti]) {
            return norm;
        }
        String form = cfg.destination[ti] == null ? norm : cfg.destination[ti].fromNormalized(cfg.types[ti], norm);
        return Sha256.hex(form);
    }

    private ByteBuffer tombstone(int ti, String stored) {
        byte[] name = cfg.typeNames[ti].getBytes(StandardCharsets.UTF_8);
        byte[] value = stored.getBytes(StandardCharsets.UTF_8);
        byte[] all = new byte[cfg.tombstoneSalt.length + name.length + 1 + value.length];
        System.arraycopy(cfg.tombstoneSalt, 0, all, 0, cfg.tombstoneSalt.length);
        System.arraycopy(name, 0, all, cfg.tombstoneSalt.length, name.length);
        System.arraycopy(value, 0, all, cfg.tombstoneSalt.length + name.length + 1, value.length);
        return ByteBuffer.wrap(Sha256.digest(all));
    }

    /**
     * Whether a value was erased (its salted tombstone is present).
     *
     * @param id the identifier
     * @return true if erased earlier
     */
    public boolean isErased(Identifier id) {
        int ti = typeIndex(id);
        return tombstones.contains(tombstone(ti, storedForm(ti, id)));
    }

    /**
     * The 64-bit key of an identifier, whether or not the graph holds it.
     *
     * @param id the identifier
     * @return its key, never 0
     */
    public long keyOf(Identifier id) {
        int ti = typeIndex(id);
        return table.keyOf(ti, storedForm(ti, id));
    }

    /**
     * Validates one link into the scratch arrays; returns its number of identifiers. Does not
     * mutate; on an exception the values already staged are cleared from the scratch arrays.
     */
    private int prepare(long t, String source, Identifier[] ids) {
        try {
            return prepareStaged(source, ids);
        } catch (RuntimeException e) {
            Arrays.fill(scratchValue, null);
            table.wipeScratch();
            throw e;
        }
    }

    private int prepareStaged(String source, Identifier[] ids) {
        checkSourceCached(source);
        if (ids == null) {
            throw new NullPointerException("identifiers must not be null");
        }
        int k = ids.length;
        if (k == 0 || k > MAX_IDS_PER_LINK) {
            throw new IllegalArgumentException("a link carries 1 to " + MAX_IDS_PER_LINK + " identifiers, had " + k);
        }
        for (int i = 0; i < k; i++) {
            if (ids[i] == null) {
                throw new NullPointerException("identifiers[" + i + "] is null");
            }
        }
        // load every identifier and its value before working on any, so that their cache
        // misses overlap (they are the caller's objects, wherever the caller's parser put them)
        int touch = 0;
        for (int i = 0; i < k; i++) {
            Identifier id = ids[i];
            if (id != null && !id.value().isEmpty()) {
                touch += id.value().charAt(0);
            }
        }
        touchedInput += touch;
        int staged = 0;
        for (int i = 0; i < k; i++) {
            Identifier id = ids[i];
            int ti = typeIndex(id);
            String norm = normalizedForm(ti, id);
            byte flag = OK;
            if (norm != null && cfg.isBlocked(ti, norm)) {
                flag = BLOCKED;
            }
            String stored = norm == null ? hashedInput(id) : toStored(ti, norm);
            // a hashed type is stored in its destination's form (Google drops a Gmail address's dots and
            // +tag), so another spelling of a blocked value can reach a blocked digest: check the digest
            if (flag == OK && cfg.hashed[ti] && cfg.isBlockedDigest(ti, stored)) {
                flag = BLOCKED;
            }
            if (flag == OK && cfg.refuseErased && !tombstones.isEmpty() && tombstones.contains(tombstone(ti, stored))) {
                flag = ERASED;
            }
            scratchNode[i] = -1;
            if (flag == OK) {
                // encode, hash and load the first probe slot of every identifier before looking
                // any up, so that their cache misses overlap
                scratchStage[i] = staged;
                table.stage(staged++, ti, stored);
            }
            scratchType[i] = ti;
            scratchValue[i] = stored;
            scratchFlag[i] = flag;
        }
        table.prefetchStaged(staged);
        long newBytes = 0;
        for (int i = 0; i < k; i++) {
            if (scratchFlag[i] == OK) {
                int found = table.lookupStaged(scratchStage[i], scratchType[i]);
                if (found == -2) {
                    table.checkInternable(scratchType[i], scratchValue[i]);
                } else if (found == -1) {
                    newBytes += table.stagedLength(scratchStage[i]);
                }
                scratchNode[i] = found;
            }
        }
        if (newBytes > 0) {
            table.checkArenaRoom(arenaReserved + newBytes);
        }
        lastNewBytes = newBytes;
        return k;
    }

    /** Interns the prepared identifiers into {@link #nodes}; records pre-graph refusals. Returns the member count. */
    private int internPrepared(long t, String source, int k) {
        int m = 0;
        for (int i = 0; i < k; i++) {
            int ti = scratchType[i];
            if (scratchFlag[i] != OK) {
                boolean blocked = scratchFlag[i] == BLOCKED;
                Conflict c = new Conflict(instant(t), source, blocked ? "blocked" : "erased", cfg.types[ti],
                        blocked ? Masking.mask(cfg.types[ti], scratchValue[i]) : Conflict.ERASED_VALUE, 0L, 0L);
                preConflicts.add(c);
                pending.add(new Object[] {c});
                continue;
            }
            nodes[m++] = scratchNode[i] >= 0 ? scratchNode[i] : table.internStaged(scratchStage[i], ti);
        }
        Arrays.fill(scratchValue, 0, k, null);
        return sortUnique(nodes, m);
    }

    /** Sorts the first {@code m} nodes by key (insertion sort, m is small) and drops repeats; returns the new count. */
    private int sortUnique(int[] buf, int m) {
        for (int i = 1; i < m; i++) {
            int x = buf[i];
            long kx = table.key(x);
            int j = i - 1;
            while (j >= 0 && table.key(buf[j]) > kx) {
                buf[j + 1] = buf[j];
                j--;
            }
            buf[j + 1] = x;
        }
        int u = 0;
        for (int i = 0; i < m; i++) {
            if (u == 0 || buf[u - 1] != buf[i]) {
                buf[u++] = buf[i];
            }
        }
        return u;
    }

    // ------------------------------------------------------------------ linking

    /**
     * Checks a caller's sequence number.
     *
     * @param sequence the value
     * @return it, when not negative
     */
    public static long checkSequence(long sequence) {
        if (sequence < 0) {
            throw new IllegalArgumentException("sequence must be 0 or more, was " + sequence);
        }
        return sequence;
    }

    /**
     * Records that identifiers were seen together.
     *
     * @param time when
     * @param source where
     * @param sequence the caller's tie-break among links of equal time and source, 0 or more
     * @param ids what
     * @return the profile key of the accepted identifiers, or 0 when all were refused
     */
    public long link(Instant time, String source, long sequence, Identifier[] ids) {
        long t = nanos(time, "time");
        checkSequence(sequence);
        int k = prepare(t, source, ids);
        int m = internPrepared(t, source, k);
        if (m == 0) {
            return 0L;
        }
        int e = log.add(t, log.sourceId(source), sequence, nodes, m);
        if (e > 0 && compareEvents(e - 1, e) > 0) {
            // one late event: binary-search its place (the rest is sorted) and move it there, O(n)
            int lo = 0;
            int hi = e - 1;
            while (lo < hi) {
                int mid = (lo + hi) >>> 1;
                if (compareEvents(mid, e) > 0) {
                    hi = mid;
                } else {
                    lo = mid + 1;
                }
            }
            if (m == 1 && isInertSighting(nodes[0], t)) {
                log.moveLastTo(lo);
                lateSightings++;
                if (part.last(nodes[0]) < t) {
                    part.last(nodes[0], t);
                }
                return part.canonKey(part.find(nodes[0]));
            }
            log.moveLastTo(lo);
            replayAndReport(t);
            return acceptedKey(lo);
        }
        part.ensure(table.size());
        return apply(part, ruleConflicts, e, true);
    }

    /**
     * Design note: late pure sightings. A late link of one identifier changes nothing a replay
     * would decide differently when (a) the identifier was first seen strictly before the
     * link's time, so its first event precedes the link in the log: at the link's place the
     * identifier is known, the link joins nothing, cannot be refused, and no later link sees it
     * as new (the victim rule's "new before known" tie-break); its first sighting, hence the
     * canonical rule, is unchanged; and (b) its type has no windowed limit, the only rule that
     * reads last sightings at intermediate times. Sizes, masks, unions and conflicts of every
     * other link are then identical, and the final state differs only in the identifier's last
     * sighting, max(last, time): so the link is put in its place in the log and the sighting
     * updated, without a replay. Property-tested against a full replay.
     */
    private boolean isInertSighting(int node, long t) {
        return part.seen(node) && part.first(node) < t && cfg.windowNanos[table.type(node)] == 0;
    }

    /**
     * Records many links; validates all of them before changing anything.
     *
     * @param links the links
     */
    public void linkAll(Collection<Link> links) {
        if (links == null) {
            throw new NullPointerException("links must not be null");
        }
        int index = 0;
        // the arena room of the whole batch is checked here, link by link on top of the links before it
        // (an identifier new in several links is counted in each: an upper bound), so that the second
        // pass cannot run out of room half-way
        arenaReserved = 0;
        try {
            for (Link l : links) {
                if (l == null) {
                    throw new NullPointerException("links[" + index + "] must not be null");
                }
                try {
                    prepare(nanos(l.time(), "time"), l.source(), l.identifiers().toArray(new Identifier[0]));
                    checkSequence(l.sequence());
                } catch (RuntimeException ex) {
                    Arrays.fill(scratchValue, null);
                    throw rethrow(ex, "links[" + index + "]: ");
                }
                arenaReserved += lastNewBytes;
                index++;
            }
        } finally {
            arenaReserved = 0;
        }
        int firstNew = log.count();
        boolean ordered = true;
        for (Link l : links) {
            long t = nanos(l.time(), "time");
            int k = prepare(t, l.source(), l.identifiers().toArray(new Identifier[0]));
            int m = internPrepared(t, l.source(), k);
            if (m > 0) {
                int e = log.add(t, log.sourceId(l.source()), l.sequence(), nodes, m);
                ordered &= e == 0 || compareEvents(e - 1, e) <= 0;
            }
        }
        if (ordered) {
            part.ensure(table.size());
            for (int e = firstNew; e < log.count(); e++) {
                apply(part, ruleConflicts, e, true);
            }
        } else {
            sortLog();
            replayAndReport(log.count() == 0 ? 0 : log.time(log.count() - 1));
        }
    }

    private static RuntimeException rethrow(RuntimeException ex, String prefix) {
        if (ex instanceof InvalidIdentifierException) {
            InvalidIdentifierException iie = (InvalidIdentifierException) ex;
            InvalidIdentifierException wrapped = new InvalidIdentifierException(iie.type(), iie.maskedValue(),
                    prefix + iie.getMessage());
            wrapped.initCause(ex);
            return wrapped;
        }
        if (ex instanceof NullPointerException) {
            NullPointerException npe = new NullPointerException(prefix + ex.getMessage());
            npe.initCause(ex);
            return npe;
        }
        if (ex instanceof IllegalArgumentException) {
            return new IllegalArgumentException(prefix + ex.getMessage(), ex);
        }
        if (ex instanceof IllegalStateException) { // a full arena or a key collision
            return new IllegalStateException(prefix + ex.getMessage(), ex);
        }
        return ex;
    }

    private long acceptedKey(int e) {
        for (int i = log.start[e]; i < log.start[e + 1]; i++) {
            if (log.members[i] >= 0) {
                return profileKeyOf(part, log.members[i]);
            }
        }
        return 0L;
    }

    /** Applies event {@code e} to a partition; returns the profile key of its accepted identifiers. */
    private long apply(Partition p, List<Conflict> conflictSink, int e, boolean notify) {
        int from = log.start[e];
        int k = log.start[e + 1] - from;
        long t = log.time(e);
        int[] mem = log.members;
        int roots0 = 0;
        int fresh = 0;
        p.prefetch(mem, from, k);
        for (int i = 0; i < k; i++) {
            int node = mem[from + i];
            node = node < 0 ? ~node : node;
            mem[from + i] = node;
            nodes[i] = node;
            accepted[i] = true;
            wasNew[i] = !p.seen(node);
            if (wasNew[i]) {
                fresh++;
            } else {
                int r = p.find(node);
                roots0 += addRoot(r, roots0);
            }
        }
        if (fresh == 0 && roots0 == 1) {
            // the common case: every identifier already in one profile; only the sightings change
            for (int i = 0; i < k; i++) {
                if (p.last(nodes[i]) < t) {
                    p.last(nodes[i], t);
                }
            }
            return p.canonKey(roots[0]);
        }
        int acceptedCount = k;
        int victims = 0;
        String[] victimRules = null;
        while (acceptedCount > 1 && roots0 + fresh > 1) {
            String rule = violation(p, k, t);
            if (rule == null) {
                break;
            }
            int v = chooseVictim(p, k);
            accepted[v] = false;
            acceptedCount--;
            if (victimRules == null) {
                victimRules = new String[k];
            }
            victimRules[v] = rule;
            victims++;
            roots0 = 0;
            fresh = 0;
            for (int i = 0; i < k; i++) {
                if (accepted[i]) {
                    if (wasNew[i]) {
                        fresh++;
                    } else {
                        roots0 += addRoot(p.find(nodes[i]), roots0);
                    }
                }
            }
        }
        // old profile keys of the accepted known identifiers, before the union
        int nOld = 0;
        if (notify) {
            for (int i = 0; i < k; i++) {
                if (accepted[i] && !wasNew[i]) {
                    oldKeys[nOld++] = p.canonKey(p.find(nodes[i]));
                }
            }
        }
        for (int i = 0; i < k; i++) {
            int node = nodes[i];
            if (wasNew[i]) {
                int ty = table.type(node);
                p.makeSet(node, t, cfg.limit[ty] > 0 && ty < 31 ? 1 << ty : 0, table.key(node));
            }
            if (p.last(node) < t) {
                p.last(node, t);
            }
        }
        int root = -1;
        for (int i = 0; i < k; i++) {
            if (accepted[i]) {
                root = root < 0 ? p.find(nodes[i]) : union(p, root, nodes[i]);
            }
        }
        long key = p.canonKey(root);
        boolean rekeyed = false;
        for (int i = 0; i < nOld; i++) {
            rekeyed |= oldKeys[i] != key;
        }
        if (rekeyed) {
            for (int i = 1; i < nOld; i++) {
                long x = oldKeys[i];
                int j = i - 1;
                while (j >= 0 && oldKeys[j] > x) {
                    oldKeys[j + 1] = oldKeys[j];
                    j--;
                }
                oldKeys[j + 1] = x;
            }
            for (int i = 0; i < nOld; i++) {
                if (oldKeys[i] != key && (i == 0 || oldKeys[i] != oldKeys[i - 1])) {
                    pending.add(new Object[] {"merged", oldKeys[i], key, t});
                }
            }
        }
        if (victims > 0) {
            String source = log.sources.get(log.source(e));
            for (int i = 0; i < k; i++) {
                if (!accepted[i]) {
                    int node = nodes[i];
                    mem[from + i] = ~node;
                    int ti = table.type(node);
                    Conflict c = new Conflict(instant(t), source, victimRules[i], cfg.types[ti], table.value(node),
                            p.canonKey(p.find(node)), key);
                    conflictSink.add(c);
                    if (notify) {
                        pending.add(new Object[] {c});
                    }
                }
            }
        }
        return key;
    }

    private int addRoot(int r, int n) {
        for (int j = 0; j < n; j++) {
            if (roots[j] == r) {
                return 0;
            }
        }
        roots[n] = r;
        return 1;
    }

    /**
     * The rule the accepted identifiers would break if joined, or null. A limit on type T counts
     * the T members of the joined profile (for a windowed limit, those last seen inside the window,
     * the link's own accepted identifiers being seen now); the join breaks it when that count is
     * above the limit and above the count of every part on its own (each profile with its members in
     * the link seen again, each new identifier), that is when the join itself adds T identifiers.
     * Seeing members again never breaks a limit: the fast path takes it without a check, and a part
     * already above a windowed limit that way still takes in identifiers of other types.
     */
    private String violation(Partition p, int k, long t) {
        int nRoots = 0;
        long total = 0;
        for (int i = 0; i < k; i++) {
            if (accepted[i]) {
                if (wasNew[i]) {
                    total++;
                } else {
                    int r = p.find(nodes[i]);
                    if (addRoot(r, nRoots) == 1) {
                        nRoots++;
                        total += p.size(r);
                    }
                }
            }
        }
        if (total > cfg.maxProfileSize) {
            return "max_profile_size";
        }
        if (!cfg.anyLimit) {
            return null;
        }
        int[] limit = cfg.limit;
        long[] window = cfg.windowNanos;
        if (!mayExceedLimit(p, k, nRoots)) {
            return null;
        }
        Arrays.fill(counts, 0);
        Arrays.fill(partMax, 0);
        for (int j = 0; j < nRoots; j++) {
            int r = roots[j];
            Arrays.fill(partCounts, 0);
            int m = r;
            do {
                int ty = table.type(m);
                if (limit[ty] > 0 && (window[ty] == 0 || p.last(m) >= windowStart(t, window[ty]))) {
                    partCounts[ty]++;
                }
                m = p.next(m);
            } while (m != r);
            // this part's members in the link are seen again now: inside any window from now on
            for (int i = 0; i < k; i++) {
                if (accepted[i] && !wasNew[i]) {
                    int ty = table.type(nodes[i]);
                    if (limit[ty] > 0 && window[ty] > 0 && p.last(nodes[i]) < windowStart(t, window[ty])
                            && p.find(nodes[i]) == r) {
                        partCounts[ty]++;
                    }
                }
            }
            for (int ty = 0; ty < counts.length; ty++) {
                counts[ty] += partCounts[ty];
                partMax[ty] = Math.max(partMax[ty], partCounts[ty]);
            }
        }
        for (int i = 0; i < k; i++) {
            if (accepted[i] && wasNew[i]) {
                int ty = table.type(nodes[i]);
                if (limit[ty] > 0) {
                    counts[ty]++;
                    partMax[ty] = Math.max(partMax[ty], 1);
                }
            }
        }
        for (int ty = 0; ty < counts.length; ty++) {
            // the join must add identifiers of the type: a part already at its count (members seen again
            // inside the window) breaks nothing by taking in identifiers of other types
            if (limit[ty] > 0 && counts[ty] > limit[ty] && counts[ty] > partMax[ty]) {
                return (limit[ty] == 1 && window[ty] == 0 ? "unique:" : "limit:") + cfg.typeNames[ty];
            }
        }
        return null;
    }

    /**
     * A join breaks a limit only by adding identifiers of the type to a part that has some (see
     * {@link #violation}), so a limited type can only be exceeded when it is present in at least two
     * of the parts being joined (profiles, or identifiers new to the graph), windowed types
     * included. Per-root bit masks of the limited types present answer that without walking the
     * members; measured: the walk was 6% of ingest time on the benchmark data.
     */
    private boolean mayExceedLimit(Partition p, int k, int nRoots) {
        if (cfg.typeNames.length > 31) {
            return true;
        }
        int seenOnce = 0;
        int seenTwice = 0;
        for (int j = 0; j < nRoots; j++) {
            int m = p.mask(roots[j]);
            seenTwice |= seenOnce & m;
            seenOnce |= m;
        }
        for (int i = 0; i < k; i++) {
            if (accepted[i] && wasNew[i]) {
                int m = cfg.limit[table.type(nodes[i])] > 0 ? 1 << table.type(nodes[i]) : 0;
                seenTwice |= seenOnce & m;
                seenOnce |= m;
            }
        }
        // windowed types too: a type present in one part only cannot count more than that part does
        return seenTwice != 0;
    }

    private static long windowStart(long t, long window) {
        long s = t - window;
        return s > t ? Long.MIN_VALUE + 1 : s;
    }

    private int chooseVictim(Partition p, int k) {
        int v = -1;
        for (int i = 0; i < k; i++) {
            if (!accepted[i]) {
                continue;
            }
            if (v < 0) {
                v = i;
                continue;
            }
            int pi = cfg.priority[table.type(nodes[i])];
            int pv = cfg.priority[table.type(nodes[v])];
            if (pi != pv) {
                if (pi < pv) {
                    v = i;
                }
            } else if (wasNew[i] != wasNew[v]) {
                if (wasNew[i]) {
                    v = i;
                }
            } else if (compareNodes(nodes[i], nodes[v]) > 0) {
                v = i;
            }
        }
        return v;
    }

    private int union(Partition p, int root, int node) {
        int a = root;
        int b = p.find(node);
        if (a == b) {
            return a;
        }
        if (p.size(a) < p.size(b)) {
            int tmp = a;
            a = b;
            b = tmp;
        }
        int cb = p.canon(b);
        long kb = p.canonKey(b);
        p.link(a, b);
        if (better(p, cb, p.canon(a))) {
            p.canon(a, cb, kb);
        }
        return a;
    }

    /** Canonical order: higher priority, earlier first sighting, smaller value, smaller type name. */
    private boolean better(Partition p, int x, int y) {
        int px = cfg.priority[table.type(x)];
        int py = cfg.priority[table.type(y)];
        if (px != py) {
            return px > py;
        }
        if (p.first(x) != p.first(y)) {
            return p.first(x) < p.first(y);
        }
        int c = table.compareValues(x, y);
        if (c != 0) {
            return c < 0;
        }
        return cfg.typeNames[table.type(x)].compareTo(cfg.typeNames[table.type(y)]) < 0;
    }

    private int compareNodes(int a, int b) {
        int c = cfg.typeNames[table.type(a)].compareTo(cfg.typeNames[table.type(b)]);
        return c != 0 ? c : table.compareValues(a, b);
    }

    private int compareEvents(int x, int y) {
        int c = Long.compare(log.time(x), log.time(y));
        if (c != 0) {
            return c;
        }
        if (log.source(x) != log.source(y)) {
            c = log.sources.get(log.source(x)).compareTo(log.sources.get(log.source(y)));
            if (c != 0) {
                return c;
            }
        }
        c = Long.compare(log.seq(x), log.seq(y));
        if (c != 0) {
            return c;
        }
        int kx = log.start[x + 1] - log.start[x];
        int ky = log.start[y + 1] - log.start[y];
        for (int i = 0; i < Math.min(kx, ky); i++) {
            int a = log.members[log.start[x] + i];
            int b = log.members[log.start[y] + i];
            c = Long.compare(table.key(a < 0 ? ~a : a), table.key(b < 0 ? ~b : b));
            if (c != 0) {
                return c;
            }
        }
        return Integer.compare(kx, ky);
    }

    /** Sorts the log into canonical order; returns the permutation (new position to old event). */
    private int[] sortLog() {
        int[] perm = new int[log.count()];
        for (int i = 0; i < perm.length; i++) {
            perm[i] = i;
        }
        IntArrays.mergeSort(perm, this::compareEvents);
        log.permute(perm);
        return perm;
    }

    // ------------------------------------------------------------------ replay and diff

    /** How many times the whole log was replayed into a fresh partition (tests read it). */
    private long replays;
    /** How many late pure sightings were placed without a replay (tests read it). */
    private long lateSightings;

    /** @return how many full replays this engine ran (late links, erasures, absorbs, restores, time travel) */
    public long replayCount() {
        return replays;
    }

    /** @return how many late single-identifier links were placed without a replay */
    public long lateSightingCount() {
        return lateSightings;
    }

    private Partition replay(long upTo, List<Conflict> sink) {
        replays++;
        Partition fresh = new Partition(table.size());
        for (int e = 0; e < log.count() && log.time(e) <= upTo; e++) {
            apply(fresh, sink, e, false);
        }
        return fresh;
    }

    private long[] keysByNode(Partition p) {
        long[] keys = new long[table.size()];
        for (int n = 0; n < keys.length; n++) {
            if (p.seen(n) && !table.erased(n)) {
                keys[n] = p.canonKey(p.root(n));
            }
        }
        return keys;
    }

    private void replayAndReport(long t) {
        long[] before = keysByNode(part);
        ArrayList<Conflict> conflicts = new ArrayList<>();
        Partition fresh = replay(Long.MAX_VALUE, conflicts);
        Set<Conflict> old = new HashSet<>(ruleConflicts);
        part = fresh;
        ruleConflicts = conflicts;
        reportDiff(before, keysByNode(part), t);
        for (Conflict c : conflicts) {
            if (!old.contains(c)) {
                pending.add(new Object[] {c});
            }
        }
    }

    private void reportDiff(long[] before, long[] after, long t) {
        LongOpenHashSet changed = new LongOpenHashSet();
        int n = Math.max(before.length, after.length);
        for (int i = 0; i < n; i++) {
            long b = i < before.length ? before[i] : 0;
            long a = i < after.length ? after[i] : 0;
            if (b != 0 && a != b) {
                changed.add(b);
            }
        }
        TreeMap<Long, TreeSet<Long>> oldToNew = new TreeMap<>();
        TreeMap<Long, TreeSet<Long>> newToOld = new TreeMap<>();
        for (int i = 0; i < n; i++) {
            long b = i < before.length ? before[i] : 0;
            long a = i < after.length ? after[i] : 0;
            if (b != 0 && changed.contains(b)) {
                TreeSet<Long> s = oldToNew.computeIfAbsent(b, x -> new TreeSet<>());
                if (a != 0) {
                    s.add(a);
                    newToOld.computeIfAbsent(a, x -> new TreeSet<>()).add(b);
                }
            }
        }
        for (var en : oldToNew.entrySet()) {
            if (en.getValue().isEmpty()) {
                pending.add(new Object[] {"erased", en.getKey(), t});
            } else if (en.getValue().size() > 1) {
                long[] keys = en.getValue().stream().mapToLong(Long::longValue).toArray();
                pending.add(new Object[] {"split", en.getKey(), keys, t});
            }
        }
        for (var en : newToOld.entrySet()) {
            for (long b : en.getValue()) {
                if (b != en.getKey() && oldToNew.get(b).size() == 1) {
                    pending.add(new Object[] {"merged", b, en.getKey(), t});
                }
            }
        }
    }

    /**
     * Delivers the events collected since the last call to the listeners, in order, and clears
     * them.
     *
     * @param listeners the listeners
     */
    public void dispatch(List<IdentityListener> listeners) {
        if (pending.isEmpty()) {
            return;
        }
        List<Object[]> events = new ArrayList<>(pending);
        pending.clear();
        RuntimeException first = null;
        String firstEvent = null;
        int failures = 0;
        for (Object[] ev : events) {
            for (IdentityListener l : listeners) {
                try {
                    if (ev.length == 1) {
                        l.conflict((Conflict) ev[0]);
                    } else if (ev[0].equals("merged")) {
                        l.merged((Long) ev[1], (Long) ev[2], instant((Long) ev[3]));
                    } else if (ev[0].equals("split")) {
                        l.split((Long) ev[1], ((long[]) ev[2]).clone(), instant((Long) ev[3]));
                    } else {
                        l.erased((Long) ev[1], instant((Long) ev[2]));
                    }
                } catch (RuntimeException e) {
                    // every listener still gets every event: one failing must not leave the others behind
                    failures++;
                    if (first == null) {
                        first = e;
                        firstEvent = describe(ev);
                    } else if (first != e) {
                        first.addSuppressed(e);
                    }
                }
            }
        }
        if (first != null) {
            throw new ListenerFailedException(firstEvent, failures, first);
        }
    }

    private static String describe(Object[] ev) {
        if (ev.length == 1) {
            Conflict c = (Conflict) ev[0];
            return "conflict(" + c.rule() + ", " + c.type().name() + ")";
        }
        if (ev[0].equals("merged")) {
            return "merged(" + ev[1] + " -> " + ev[2] + ")";
        }
        if (ev[0].equals("split")) {
            return "split(" + ev[1] + " -> " + Arrays.toString((long[]) ev[2]) + ")";
        }
        return "erased(" + ev[1] + ")";
    }

    // ------------------------------------------------------------------ erasure

    /**
     * Erases identifiers: removes them from the log, zeroes them in memory, keeps a salted
     * tombstone, replays, and reports splits and erased profiles.
     *
     * @param ids identifiers to erase (unknown ones are ignored)
     * @param time time reported to listeners
     * @return how many identifiers were erased
     */
    public int erase(List<Identifier> ids, Instant time) {
        long t = nanos(time, "time");
        IntArrayList found = new IntArrayList();
        List<ByteBuffer> stones = new ArrayList<>();
        Set<Masked> masks = new HashSet<>();
        for (int i = 0; i < ids.size(); i++) {
            Identifier id = ids.get(i);
            if (id == null) {
                throw new NullPointerException("ids[" + i + "] is null");
            }
            int ti = typeIndex(id);
            String stored = storedForm(ti, id);
            if (cfg.refuseErased) {
                stones.add(tombstone(ti, stored));
            }
            addMasks(masks, ti, stored);
            int node = table.find(ti, stored);
            if (node >= 0 && !found.contains(node)) {
                found.add(node);
            }
        }
        tombstones.addAll(stones);
        dropPreConflicts(masks);
        eraseNodes(found.toIntArray(), t);
        return found.size();
    }

    /** What a blocked refusal shows of a value: its type and its mask. */
    private record Masked(IdentifierType type, String mask) {
    }

    /**
     * The masks a refusal of this value can show: today's, and the one written before session 9 (values
     * of 5 to 8 characters then kept two characters at each end), so that refusals restored from older
     * snapshots are dropped by an erasure too.
     */
    private void addMasks(Set<Masked> masks, int ti, String stored) {
        masks.add(new Masked(cfg.types[ti], Masking.mask(cfg.types[ti], stored)));
        masks.add(new Masked(cfg.types[ti], Masking.maskBeforeSession9(cfg.types[ti], stored)));
    }

    private void dropPreConflictsOf(int[] nodes) {
        Set<Masked> masks = new HashSet<>();
        for (int node : nodes) {
            addMasks(masks, table.type(node), table.value(node));
        }
        dropPreConflicts(masks);
    }

    /**
     * Drops the blocked-value refusals that show one of these masks (type and masked value): the
     * refusal of an erased value must not outlive it. A mask is lossy, so a refusal of another
     * value with the same mask goes too (documented).
     */
    private void dropPreConflicts(Set<Masked> masks) {
        preConflicts.removeIf(c -> c.rule().equals("blocked") && masks.contains(new Masked(c.type(), c.value())));
    }

    /**
     * Erases every identifier of a profile.
     *
     * @param key the profile key
     * @param time time reported to listeners
     * @return how many identifiers were erased, 0 when no profile has this key
     */
    public int eraseProfile(long key, Instant time) {
        long t = nanos(time, "time");
        int root = profileRoot(key);
        if (root < 0) {
            return 0;
        }
        IntArrayList members = new IntArrayList();
        int m = root;
        do {
            members.add(m);
            m = part.next(m);
        } while (m != root);
        if (cfg.refuseErased) {
            for (int node : members) {
                tombstones.add(tombstone(table.type(node), table.value(node)));
            }
        }
        dropPreConflictsOf(members.toIntArray());
        eraseNodes(members.toIntArray(), t);
        return members.size();
    }

    private void eraseNodes(int[] erase, long t) {
        if (erase.length == 0) {
            return;
        }
        long[] before = keysByNode(part);
        for (int node : erase) {
            table.erase(node);
        }
        table.wipeScratch();
        log.retainMembers(n -> !table.erased(n));
        sortLog();
        ArrayList<Conflict> conflicts = new ArrayList<>();
        part = replay(Long.MAX_VALUE, conflicts);
        ruleConflicts = conflicts;
        reportDiff(before, keysByNode(part), t);
    }

    // ------------------------------------------------------------------ queries

    private long profileKeyOf(Partition p, int node) {
        return p.canonKey(p.root(node));
    }

    private int profileRoot(long key) {
        int node = table.findByKey(key);
        if (node < 0 || !part.seen(node)) {
            return -1;
        }
        int r = part.root(node);
        return part.canon(r) == node ? r : -1;
    }

    /**
     * @param id an identifier
     * @return its profile key, empty when the graph has never accepted it
     */
    public OptionalLong profileKey(Identifier id) {
        int ti = typeIndex(id);
        int node = table.find(ti, storedForm(ti, id));
        if (node < 0 || !part.seen(node)) {
            return OptionalLong.empty();
        }
        return OptionalLong.of(profileKeyOf(part, node));
    }

    /**
     * @param key a profile key
     * @return the profile, empty when no current profile has this key
     */
    public Optional<Profile> profile(long key) {
        int r = profileRoot(key);
        return r < 0 ? Optional.empty() : Optional.of(buildProfile(part, r));
    }

    private Identifier storedIdentifier(int node) {
        int ti = table.type(node);
        return new Identifier(cfg.types[ti], table.value(node), cfg.hashed[ti] ? Identifier.Form.SHA256 : Identifier.Form.NORMALIZED);
    }

    private Profile buildProfile(Partition p, int root) {
        IntArrayList members = new IntArrayList();
        int m = root;
        do {
            members.add(m);
            m = p.next(m);
        } while (m != root);
        int[] arr = members.toIntArray();
        IntArrays.quickSort(arr, this::compareNodes);
        List<SeenIdentifier> seen = new ArrayList<>(arr.length);
        for (int node : arr) {
            seen.add(new SeenIdentifier(storedIdentifier(node), instant(p.first(node)), instant(p.last(node))));
        }
        int c = p.canon(root);
        return new Profile(table.key(c), storedIdentifier(c), seen);
    }

    /**
     * @param upTo only links at or before this time (epoch nanos), or Long.MAX_VALUE for all
     * @return the profiles, sorted by key
     */
    public List<Profile> profiles(long upTo) {
        List<Profile> out = new ArrayList<>();
        if (upTo == Long.MAX_VALUE) {
            forEachProfile(out::add);
            return out;
        }
        Partition p = replay(upTo, new ArrayList<>());
        for (int n = 0; n < table.size(); n++) {
            if (isProfileRoot(p, n)) {
                out.add(buildProfile(p, n));
            }
        }
        out.sort(Comparator.comparingLong(Profile::key));
        return out;
    }

    /** Whether node {@code n} is the root of a profile of partition {@code p}: seen, not erased, a root. */
    private boolean isProfileRoot(Partition p, int n) {
        return p.seen(n) && !table.erased(n) && p.isRoot(n);
    }

    /** The profile key of the current profile rooted at {@code root}. */
    private long rootKey(int root) {
        return part.canonKey(root);
    }

    /** @return the keys of the current profiles, sorted ascending (signed order, as {@link #profiles}) */
    public long[] profileKeys() {
        long[] keys = new long[profileCount()];
        int i = 0;
        for (int n = 0; n < table.size(); n++) {
            if (isProfileRoot(part, n)) {
                keys[i++] = rootKey(n);
            }
        }
        Arrays.sort(keys);
        return keys;
    }

    /**
     * Builds the current profiles one at a time, in key order, and hands each to {@code action}.
     *
     * @param action receives each profile; it must not modify this engine
     */
    public void forEachProfile(Consumer<? super Profile> action) {
        int[] roots = new int[profileCount()];
        int i = 0;
        for (int n = 0; n < table.size(); n++) {
            if (isProfileRoot(part, n)) {
                roots[i++] = n;
            }
        }
        IntArrays.quickSort(roots, (x, y) -> Long.compare(rootKey(x), rootKey(y)));
        for (int root : roots) {
            action.accept(buildProfile(part, root));
        }
    }

    /** @return the number of current profiles */
    public int profileCount() {
        int c = 0;
        for (int n = 0; n < table.size(); n++) {
            if (isProfileRoot(part, n)) {
                c++;
            }
        }
        return c;
    }

    /** @return live identifiers */
    public int identifierCount() {
        return table.live();
    }

    /** @return logged link events */
    public int linkCount() {
        return log.count();
    }

    /**
     * @return current conflicts: pre-graph refusals in the snapshot's order (so that neither arrival order nor a
     *     snapshot and restore changes the list), then rule refusals in log order
     */
    public List<Conflict> conflicts() {
        List<Conflict> all = sortedPreConflicts();
        all.addAll(ruleConflicts);
        return all;
    }

    /** A copy of the pre-graph refusals in {@link #CONFLICT_ORDER}, the order conflicts are listed and stored in. */
    private List<Conflict> sortedPreConflicts() {
        List<Conflict> pre = new ArrayList<>(preConflicts);
        pre.sort(CONFLICT_ORDER);
        return pre;
    }

    /**
     * The chain of links that joined two identifiers: a shortest path over accepted links.
     *
     * @param a first identifier
     * @param b second identifier
     * @return the steps from a to b; empty list when a equals b; empty optional when they are
     *     not in one profile
     */
    public Optional<List<LinkStep>> explain(Identifier a, Identifier b) {
        int ta = typeIndex(a);
        int tb = typeIndex(b);
        int na = table.find(ta, storedForm(ta, a));
        int nb = table.find(tb, storedForm(tb, b));
        if (na < 0 || nb < 0 || !part.seen(na) || !part.seen(nb) || part.root(na) != part.root(nb)) {
            return Optional.empty();
        }
        if (na == nb) {
            return Optional.of(List.of());
        }
        int root = part.root(na);
        Int2ObjectOpenHashMap<IntArrayList> adj = new Int2ObjectOpenHashMap<>();
        // every accepted pair of a link is one hop (a link is a clique, not a chain)
        for (int e = 0; e < log.count(); e++) {
            for (int i = log.start[e]; i < log.start[e + 1]; i++) {
                int x = log.members[i];
                if (x < 0 || part.root(x) != root) {
                    continue;
                }
                for (int j = i + 1; j < log.start[e + 1]; j++) {
                    int y = log.members[j];
                    if (y < 0) {
                        continue;
                    }
                    adj.computeIfAbsent(x, z -> new IntArrayList()).add(y);
                    adj.get(x).add(e);
                    adj.computeIfAbsent(y, z -> new IntArrayList()).add(x);
                    adj.get(y).add(e);
                }
            }
        }
        Int2ObjectOpenHashMap<int[]> via = new Int2ObjectOpenHashMap<>();
        ArrayDeque<Integer> queue = new ArrayDeque<>();
        queue.add(na);
        via.put(na, new int[] {-1, -1});
        while (!queue.isEmpty() && !via.containsKey(nb)) {
            int x = queue.poll();
            IntArrayList edges = adj.get(x);
            if (edges == null) {
                continue;
            }
            for (int i = 0; i < edges.size(); i += 2) {
                int y = edges.getInt(i);
                if (!via.containsKey(y)) {
                    via.put(y, new int[] {x, edges.getInt(i + 1)});
                    queue.add(y);
                }
            }
        }
        List<LinkStep> steps = new ArrayList<>();
        for (int y = nb; y != na;) {
            int[] v = via.get(y);
            int e = v[1];
            steps.add(new LinkStep(instant(log.time(e)), log.sources.get(log.source(e)), log.seq(e), storedIdentifier(v[0]),
                    storedIdentifier(y)));
            y = v[0];
        }
        java.util.Collections.reverse(steps);
        return Optional.of(steps);
    }

    // ------------------------------------------------------------------ export, import, absorb

    /** @return an order-free copy of the durable state */
    public GraphData export() {
        int[] liveNodes = new int[table.live()];
        int c = 0;
        for (int n = 0; n < table.size(); n++) {
            if (!table.erased(n)) {
                liveNodes[c++] = n;
            }
        }
        IntArrays.quickSort(liveNodes, (x, y) -> Long.compare(table.key(x), table.key(y)));
        int[] indexOf = new int[table.size()];
        String[] typeNames = new String[liveNodes.length];
        byte[][] values = new byte[liveNodes.length][];
        for (int i = 0; i < liveNodes.length; i++) {
            indexOf[liveNodes[i]] = i;
            typeNames[i] = cfg.typeNames[table.type(liveNodes[i])];
            values[i] = table.bytes(liveNodes[i]);
        }
        // only the sources of links still in the log: one used only by erased links must not outlive them
        int n = log.count();
        boolean[] used = new boolean[log.sources.size()];
        for (int e = 0; e < n; e++) {
            used[log.source(e)] = true;
        }
        List<String> usedSources = new ArrayList<>();
        for (int i = 0; i < used.length; i++) {
            if (used[i]) {
                usedSources.add(log.sources.get(i));
            }
        }
        String[] sortedSources = usedSources.toArray(new String[0]);
        Arrays.sort(sortedSources);
        int[] srcMap = new int[used.length];
        for (int i = 0; i < used.length; i++) {
            srcMap[i] = used[i] ? Arrays.binarySearch(sortedSources, log.sources.get(i)) : -1;
        }
        long[] time = log.times(n);
        long[] seq = log.seqs(n);
        int[] src = new int[n];
        int[] start = Arrays.copyOf(log.start, n + 1);
        int[] members = new int[log.start[n]];
        for (int e = 0; e < n; e++) {
            src[e] = srcMap[log.source(e)];
        }
        for (int i = 0; i < members.length; i++) {
            int m = log.members[i];
            members[i] = indexOf[m < 0 ? ~m : m];
        }
        List<Conflict> pre = sortedPreConflicts();
        List<byte[]> stones = new ArrayList<>();
        for (ByteBuffer b : tombstones) {
            stones.add(b.array().clone());
        }
        stones.sort(Arrays::compareUnsigned);
        return new GraphData(cfg.compatibility(), OptionalLong.of(cfg.saltFingerprint()), typeNames, values, sortedSources, time, src, seq, start, members, pre, stones);
    }

    /** Deterministic order of conflicts for export. */
    public static final Comparator<Conflict> CONFLICT_ORDER = Comparator.comparing(Conflict::time)
            .thenComparing(Conflict::source).thenComparing(Conflict::rule).thenComparing(Conflict::type)
            .thenComparing(Conflict::value);

    /**
     * Refuses data whose tombstones were made with another salt: they could never match a value
     * again, so erased values would silently stop being refused. Data without tombstones, or
     * from a snapshot too old to record the salt's fingerprint, passes.
     */
    private static void checkSalt(Config cfg, GraphData data) {
        if (!data.tombstones().isEmpty() && !cfg.refuseErased && data.saltFingerprint().isPresent()) {
            // this graph keeps no tombstones: taking them in would make isErased() true in a graph that
            // does not refuse, and dropping them would lose the other graph's erasures without a word.
            // (Tombstones of files written before session 8 carry no salt fingerprint: they were made under
            // the library's public salt, which no graph keeps any more, and merge() leaves them out.)
            throw new IllegalArgumentException("refuseErased: the data holds " + data.tombstones().size()
                    + " tombstones of erased values, and this graph does not refuse erased values;"
                    + " configure refuseErased(true) with the same tombstoneSalt to take them in");
        }
        if (data.tombstones().isEmpty() || data.saltFingerprint().isEmpty()) {
            return;
        }
        long theirs = data.saltFingerprint().getAsLong();
        if (theirs != cfg.saltFingerprint()) {
            throw new IllegalArgumentException("tombstoneSalt: the " + data.tombstones().size()
                    + " tombstones were made with another salt (fingerprint " + String.format(Locale.ROOT, "%016x", theirs)
                    + ", this graph's salt " + String.format(Locale.ROOT, "%016x", cfg.saltFingerprint())
                    + "); configure the same tombstoneSalt");
        }
    }

    /**
     * Builds an engine from exported data. Throws IllegalArgumentException describing the fault
     * when the data is inconsistent or incompatible; never half-builds anything visible.
     *
     * @param cfg the configuration
     * @param data the data
     * @return a new engine
     */
    public static Engine fromData(Config cfg, GraphData data) {
        checkCompatible(cfg, data, "written by");
        checkSalt(cfg, data);
        Engine en = new Engine(cfg);
        en.merge(data);
        en.part = en.replay(Long.MAX_VALUE, en.ruleConflicts);
        en.pending.clear();
        return en;
    }

    /**
     * Refuses data written under another configuration: another key seed, types or hashing, or
     * other email rules. Data that does not record its email rules (written before session 8)
     * is accepted on the rest; its values are then each checked by {@link #merge}.
     */
    private static void checkCompatible(Config cfg, GraphData data, String what) {
        String theirs = data.compatibility();
        boolean legacy = !theirs.contains(Config.EMAIL_RULES);
        if (!theirs.equals(legacy ? cfg.legacyCompatibility() : cfg.compatibility())) {
            throw new IllegalArgumentException(what + " a graph with an incompatible configuration: \"" + theirs
                    + "\", this graph is \"" + cfg.compatibility() + "\"");
        }
    }

    /**
     * Adds the data's identifiers, events, refusals and tombstones; leaves the log unsorted.
     * Refuses, naming the identifier, a value that is not in this graph's normal form (written
     * under other normalisation settings) or that this graph blocks (its block list differs from
     * the writer's): each would otherwise come in where a link could never have brought it. Called
     * on a fresh engine first ({@link #fromData}), so that these refusals change nothing.
     */
    private void merge(GraphData data) {
        int[] map = new int[data.values().length];
        for (int i = 0; i < map.length; i++) {
            IdentifierType type = IdentifierType.of(data.typeNames()[i]);
            int ti = cfg.indexOf(type);
            if (ti < 0) {
                throw new IllegalArgumentException("unknown identifier type \"" + data.typeNames()[i] + "\"");
            }
            String value = new String(data.values()[i], StandardCharsets.UTF_8);
            String fault = cfg.hashed[ti] ? null : normalFormFault(ti, type, value);
            if (fault == null && (cfg.hashed[ti] ? cfg.isBlockedDigest(ti, value) : cfg.isBlocked(ti, value))) {
                fault = "is blocked by this graph (its block list differs from the writer's; erase the value there first)";
            }
            if (fault != null) {
                throw refusedIdentifier(i, ti, value, fault);
            }
            map[i] = table.intern(ti, value);
        }
        int[] buf = new int[MAX_IDS_PER_LINK];
        long[] time = data.eventTime();
        int[] start = data.eventStart();
        if (start.length != time.length + 1 || data.eventSource().length != time.length
                || data.eventSequence().length != time.length) {
            throw new IllegalArgumentException("event arrays have inconsistent lengths");
        }
        for (int e = 0; e < time.length; e++) {
            int k = start[e + 1] - start[e];
            if (k < 1 || k > MAX_IDS_PER_LINK || start[e] < 0 || start[e + 1] > data.eventMembers().length) {
                throw new IllegalArgumentException("event " + e + " has " + k + " members");
            }
            int s = data.eventSource()[e];
            if (s < 0 || s >= data.sources().length) {
                throw new IllegalArgumentException("event " + e + " has source index " + s);
            }
            if (time[e] == Partition.UNSEEN) {
                throw new IllegalArgumentException("event " + e + " has an out-of-range time");
            }
            if (data.eventSequence()[e] < 0) {
                throw new IllegalArgumentException("event " + e + " has sequence " + data.eventSequence()[e]);
            }
            for (int i = 0; i < k; i++) {
                int idx = data.eventMembers()[start[e] + i];
                if (idx < 0 || idx >= map.length) {
                    throw new IllegalArgumentException("event " + e + " refers to identifier " + idx);
                }
                buf[i] = map[idx];
            }
            log.add(time[e], log.sourceId(data.sources()[s]), data.eventSequence()[e], buf, sortUnique(buf, k));
        }
        preConflicts.addAll(data.preConflicts());
        if (cfg.refuseErased) { // a graph that does not refuse keeps no tombstones (see checkSalt)
            for (byte[] b : data.tombstones()) {
                tombstones.add(ByteBuffer.wrap(b.clone()));
            }
        }
    }

    private IllegalArgumentException refusedIdentifier(int i, int ti, String value, String fault) {
        IdentifierType type = cfg.types[ti];
        return new IllegalArgumentException("identifier " + i + " (" + type.name() + " "
                + (cfg.hashed[ti] ? "sha256" : Masking.mask(type, value)) + ") " + fault);
    }

    /**
     * Refuses, before anything of the data is added, a value this graph erased while it refuses
     * erased values (the fresh engine of {@link #fromData} has no tombstones to check against).
     */
    private void checkNotErased(GraphData data) {
        if (!cfg.refuseErased || tombstones.isEmpty()) {
            return;
        }
        for (int i = 0; i < data.values().length; i++) {
            int ti = cfg.indexOf(IdentifierType.of(data.typeNames()[i]));
            String value = new String(data.values()[i], StandardCharsets.UTF_8);
            if (tombstones.contains(tombstone(ti, value))) {
                throw refusedIdentifier(i, ti, value,
                        "was erased from this graph, which refuses erased values (erase it from the other graph first)");
            }
        }
    }

    private String normalFormFault(int ti, IdentifierType type, String value) {
        try {
            cfg.normalizers[ti].checkNormalized(type, value);
            return null;
        } catch (InvalidIdentifierException e) {
            return "is not in this graph's normal form, written under other normalisation settings (" + e.getMessage() + ")";
        }
    }

    /**
     * Absorbs another graph's exported state: afterwards this graph equals one graph fed both
     * graphs' links. Reports the resulting merges.
     *
     * @param data the other graph's export
     */
    public void absorb(GraphData data) {
        checkCompatible(cfg, data, "cannot absorb");
        checkSalt(cfg, data);
        // validate on a scratch engine first, so that inconsistent data changes nothing here
        fromData(cfg, data);
        checkNotErased(data);
        merge(data);
        sortLog();
        long t = log.count() == 0 ? 0 : log.time(log.count() - 1);
        replayAndReport(t);
    }
}
