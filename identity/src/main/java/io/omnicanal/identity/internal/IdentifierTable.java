package io.omnicanal.identity.internal;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Interns identifier values (type index + stored value) into dense {@code int} node ids and
 * gives each a 64-bit key.
 *
 * <p>Design note. Values live in one growable byte arena, not as {@code String} objects, and
 * the index is an open-addressing table of {@code long} slots with linear probing (the key's
 * high 32 bits beside the node id, so that a probe rejects most non-matching slots without
 * touching another array). Per node, two adjacent {@code long}s of one array hold the key and a
 * packed word (arena offset, length, type, encoding), so that a hit costs one cache line for
 * both. An identifier costs its stored bytes plus about 30 bytes and no object headers.
 *
 * <p>Compact encodings (measured on the benchmark data: they take 11.5 of the 143 bytes per
 * identifier, see the module README). A value in canonical lower-case dashed UUID form (cookies,
 * advertising ids: 36 characters) is stored as its 16 bytes, and an E.164 phone number
 * ({@code +} and 2 to 15 digits) as one nibble per digit. Both encodings preserve the order of
 * the UTF-8 text among values of the same encoding (hex digits sort as their values, the dashes
 * sit at fixed places; a digit d is stored as the nibble d + 1 and the odd last nibble as 0, so
 * a shorter prefix sorts first), so comparisons stay byte comparisons; values of different
 * encodings are compared on their decoded UTF-8. Every other value is stored as UTF-8. The
 * encoding is a function of the text alone, so equal values always have equal stored bytes.
 *
 * <p>The key is a seeded 64-bit hash of the type name and the value's UTF-8 text ({@link
 * #hash}), whatever the stored encoding; it depends only on the seed, the type name and the
 * value, never on the order of ingestion, and doubles as the probe hash. A second value with the
 * same key (probability about n²/2⁶⁵, 3·10⁻⁶ for ten million identifiers) is refused with an
 * exception rather than silently merged. Erasing a node zeroes its bytes and key in place and
 * leaves a tombstone slot; node ids are never reused, so arrays indexed by node stay valid.
 *
 * <p>Batch lookups ({@link #stage}, {@link #lookupStaged}, {@link #internStaged}) serve the
 * identifiers of one link: staging encodes and hashes each value and loads its first probe slot,
 * so that the cache misses of a link's identifiers overlap instead of following one another
 * (measured: the probe's first slot load was a third of ingest time).
 *
 * <p>Not thread-safe; the read methods ({@link #value}, {@link #bytes}, {@link #key}, {@link
 * #type}, {@link #findByKey}, {@link #compareValues}) do not write anything, the other lookups
 * use shared scratch buffers, so callers serialise them with writes.
 */
public final class IdentifierTable {

    private static final long FNV_OFFSET = 0xcbf29ce484222325L;
    private static final long FNV_PRIME = 0x100000001b3L;
    private static final long HIGH = 0xFFFFFFFF00000000L;
    private static final long TOMBSTONE = -1L;
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    /** The most bytes of values the arena holds; package-private and mutable only for tests. */
    static long arenaLimit = Integer.MAX_VALUE - 16;
    /** Most identifiers staged at once. */
    static final int MAX_STAGED = 64;

    /** Stored as UTF-8. */
    static final int PLAIN = 0;
    /** Canonical UUID stored as 16 bytes. */
    static final int UUID = 1;
    /** E.164 phone number stored as digit nibbles. */
    static final int PHONE = 2;
    private static final int UUID_TEXT = 36;
    private static final byte[] HEX = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);

    private final long seed;
    private final long[] typeSeeds;
    private byte[] arena = new byte[1 << 12];
    private int arenaLen;
    /**
     * Per node n: {@code nodes[2n]} the key (0 once erased), {@code nodes[2n + 1]} arena offset
     * (bits 0-31), stored length + 1 (bits 32-47; 0 once erased), type (bits 48-55), encoding
     * (bits 56-57).
     */
    private long[] nodes = new long[128];
    private int size;
    private int live;
    /** Slots: high half of the key, node + 1 in the low half; 0 empty, -1 deleted. */
    private long[] slots = new long[128];
    private int used;
    /** UTF-8 of the single value being looked up. */
    private byte[] scratch = new byte[256];
    private int scratchLen;
    /** Compact form of a value being compared or added. */
    private final byte[] compact = new byte[16];
    /** UTF-8 of the staged values, one after the other. */
    private byte[] staged = new byte[1024];
    private final int[] stagedOff = new int[MAX_STAGED + 1];
    private final long[] stagedKey = new long[MAX_STAGED];
    private final int[] candidate = new int[MAX_STAGED];
    /** Sink for the slot loads of {@link #stage}, so that the compiler keeps them. */
    private long touched;

    /**
     * @param seed key seed
     * @param typeNames type names by type index (at most 127)
     */
    public IdentifierTable(long seed, String[] typeNames) {
        this.seed = seed;
        this.typeSeeds = new long[typeNames.length];
        for (int i = 0; i < typeNames.length; i++) {
            long h = FNV_OFFSET ^ fmix64(seed);
            for (byte b : typeNames[i].getBytes(StandardCharsets.UTF_8)) {
                h = (h ^ (b & 0xFF)) * FNV_PRIME;
            }
            typeSeeds[i] = (h ^ 0xFF) * FNV_PRIME;
        }
    }

    /**
     * Pre-sizes the table for {@code identifiers} values of about 24 stored bytes.
     *
     * @param identifiers expected number of identifiers
     */
    public void reserve(int identifiers) {
        if (identifiers > size && 2L * identifiers > nodes.length) {
            nodes = Arrays.copyOf(nodes, (int) Math.min(Integer.MAX_VALUE - 16L, 2L * identifiers));
            arena = Arrays.copyOf(arena, (int) Math.min(Integer.MAX_VALUE - 16L, Math.max(arena.length, 24L * identifiers)));
            int cap = slots.length;
            while (overloaded(identifiers, cap)) {
                cap *= 2;
            }
            if (cap > slots.length) {
                rehash(cap);
            }
        }
    }

    /** @return the key seed */
    public long seed() {
        return seed;
    }

    /** @return node ids handed out so far, erased ones included */
    public int size() {
        return size;
    }

    /** @return identifiers not erased */
    public int live() {
        return live;
    }

    private int offset(int node) {
        return (int) nodes[2 * node + 1];
    }

    private int len(int node) {
        return (int) ((nodes[2 * node + 1] >>> 32) & 0xFFFF) - 1;
    }

    private int encoding(int node) {
        return (int) (nodes[2 * node + 1] >>> 56) & 3;
    }

    /** @param node a node id @return whether the node was erased */
    public boolean erased(int node) {
        return len(node) < 0;
    }

    /** @param node a node id @return its type index */
    public int type(int node) {
        return (int) (nodes[2 * node + 1] >>> 48) & 0xFF;
    }

    /** @param node a node id @return its 64-bit key (0 once erased) */
    public long key(int node) {
        return nodes[2 * node];
    }

    /** @param node a live node id @return its stored value */
    public String value(int node) {
        return new String(bytes(node), StandardCharsets.UTF_8);
    }

    /** @param node a live node id @return a copy of its value's UTF-8 bytes */
    public byte[] bytes(int node) {
        int off = offset(node);
        int n = len(node);
        switch (encoding(node)) {
            case UUID:
                return decodeUuid(arena, off);
            case PHONE:
                return decodePhone(arena, off, n);
            default:
                return Arrays.copyOfRange(arena, off, off + n);
        }
    }

    /**
     * Computes the key of a value without interning it; allocation-free.
     *
     * @param typeIndex type index
     * @param value stored value
     * @return the key, never 0
     */
    public long keyOf(int typeIndex, String value) {
        scratch = encode(value, scratch, 0);
        return hash(typeIndex, scratch, 0, scratchLen);
    }

    /**
     * Finds a value; allocation-free.
     *
     * @param typeIndex type index
     * @param value stored value
     * @return the node id, or -1 when absent (also when a different value has the same key)
     */
    public int find(int typeIndex, String value) {
        int r = probe(typeIndex, value);
        return r >= 0 ? r : -1;
    }

    /**
     * One probe pass that finds a value or proves it absent, and detects a key collision with a
     * different value on the way (the colliding value would sit in the same probe chain).
     * Allocation-free.
     *
     * @param typeIndex type index
     * @param value stored value
     * @return the node id; -1 when absent; -2 when another value has the same key
     */
    public int probe(int typeIndex, String value) {
        long k = keyOf(typeIndex, value);
        return verify(findByKey(k), typeIndex, scratch, 0, scratchLen);
    }

    private int verify(int node, int typeIndex, byte[] src, int off, int len) {
        if (node < 0) {
            return -1;
        }
        return type(node) == typeIndex && sameValue(node, src, off, len) ? node : -2;
    }

    /**
     * Finds the live node with this key.
     *
     * @param k a key
     * @return the node id, or -1 when absent
     */
    public int findByKey(long k) {
        long high = k & HIGH;
        int mask = slots.length - 1;
        for (int i = slot(k, mask);; i = (i + 1) & mask) {
            long s = slots[i];
            if (s == 0) {
                return -1;
            }
            if (s != TOMBSTONE && (s & HIGH) == high && nodes[2 * ((int) s - 1)] == k) {
                return (int) s - 1;
            }
        }
    }

    /**
     * Checks whether interning would succeed (no key collision with a different value).
     *
     * @param typeIndex type index
     * @param value stored value
     * @throws IllegalStateException on a key collision
     */
    public void checkInternable(int typeIndex, String value) {
        if (probe(typeIndex, value) == -2) {
            throw collision(keyOf(typeIndex, value));
        }
    }

    private static IllegalStateException collision(long k) {
        return new IllegalStateException("64-bit key collision between two different identifiers (key "
                + Long.toHexString(k) + "); change the graph's keySeed");
    }

    /**
     * Returns the node of a value, adding it when absent. Allocation-free except when arrays
     * grow.
     *
     * @param typeIndex type index
     * @param value stored value (at most 65534 UTF-8 bytes)
     * @return the node id
     * @throws IllegalStateException on a key collision with a different value
     */
    public int intern(int typeIndex, String value) {
        int found = probe(typeIndex, value);
        if (found >= 0) {
            return found;
        }
        if (found == -2) {
            throw collision(keyOf(typeIndex, value));
        }
        return add(typeIndex, hash(typeIndex, scratch, 0, scratchLen), scratch, 0, scratchLen);
    }

    // ------------------------------------------------------------------ batch of one link

    /**
     * Stages the {@code i}-th value of a batch: encodes and hashes it and loads its first probe
     * slot. Values must be staged in order from {@code i = 0}; staging {@code 0} starts a new
     * batch. Allocation-free except when the staging buffer grows.
     *
     * @param i position in the batch, below {@value #MAX_STAGED}
     * @param typeIndex type index
     * @param value stored value
     * @return the value's key
     */
    public long stage(int i, int typeIndex, String value) {
        if (i == 0) {
            stagedOff[0] = 0;
        }
        int from = stagedOff[i];
        staged = encode(value, staged, from);
        int to = from + scratchLen;
        stagedOff[i + 1] = to;
        long k = hash(typeIndex, staged, from, scratchLen);
        stagedKey[i] = k;
        touched += slots[slot(k, slots.length - 1)];
        return k;
    }

    /**
     * Loads, for the first {@code count} staged values, the node words and stored bytes that
     * {@link #lookupStaged} will compare, one independent load per value and stage, so that the
     * misses of a link's values overlap. Reads only.
     *
     * @param count number of staged values
     */
    public void prefetchStaged(int count) {
        int mask = slots.length - 1;
        long acc = 0;
        for (int i = 0; i < count; i++) {
            long s = slots[slot(stagedKey[i], mask)];
            candidate[i] = s != 0 && s != TOMBSTONE ? (int) s - 1 : -1;
        }
        for (int i = 0; i < count; i++) {
            int n = candidate[i];
            if (n >= 0) {
                candidate[i] = offset(n);
            }
        }
        for (int i = 0; i < count; i++) {
            if (candidate[i] >= 0) {
                acc += arena[candidate[i]];
            }
        }
        touched += acc;
    }

    /** @param i a staged value's position @return an upper bound of the arena bytes it takes if new */
    public int stagedLength(int i) {
        return stagedOff[i + 1] - stagedOff[i];
    }

    /**
     * Refuses, before any change, new values of {@code bytes} in all that would not fit the value
     * arena (2 GiB); called with the staged values of one link that {@link #lookupStaged} found
     * absent, so that a link fails whole instead of after interning its first values.
     *
     * @param bytes an upper bound of the arena bytes the new values take
     * @throws IllegalStateException when they would not fit
     */
    public void checkArenaRoom(long bytes) {
        if (arenaLen + bytes > arenaLimit) {
            throw new IllegalStateException("identifier arena full: " + arenaLen + " bytes of values held, "
                    + bytes + " more needed, at most " + arenaLimit + "; nothing was changed");
        }
    }

    /**
     * Looks up a staged value.
     *
     * @param i its position in the batch
     * @param typeIndex its type index
     * @return the node id; -1 when absent; -2 when another value has the same key
     */
    public int lookupStaged(int i, int typeIndex) {
        int from = stagedOff[i];
        return verify(findByKey(stagedKey[i]), typeIndex, staged, from, stagedOff[i + 1] - from);
    }

    /**
     * Returns the node of a staged value, adding it when absent (an earlier value of the same
     * batch may have added it).
     *
     * @param i its position in the batch
     * @param typeIndex its type index
     * @return the node id
     * @throws IllegalStateException on a key collision with a different value
     */
    public int internStaged(int i, int typeIndex) {
        int found = lookupStaged(i, typeIndex);
        if (found >= 0) {
            return found;
        }
        if (found == -2) {
            throw collision(stagedKey[i]);
        }
        int from = stagedOff[i];
        return add(typeIndex, stagedKey[i], staged, from, stagedOff[i + 1] - from);
    }

    // ------------------------------------------------------------------ storage

    private int add(int typeIndex, long k, byte[] src, int off, int utf8Len) {
        if (utf8Len > 0xFFFE) {
            throw new IllegalArgumentException("stored identifier longer than 65534 bytes: " + utf8Len);
        }
        int kind = toCompact(src, off, utf8Len);
        int len = kind == UUID ? 16 : kind == PHONE ? (utf8Len) / 2 : utf8Len;
        if (2 * size == nodes.length) {
            // growth by a quarter: at most 25% slack in the two largest arrays (measured: 1.5x left
            // 10 B per identifier unused at 10M identifiers); the extra copying is a few ms per 10M
            nodes = Arrays.copyOf(nodes, 2 * (size + (size >> 2) + 16));
        }
        if ((long) arenaLen + len > arenaLimit) {
            throw new IllegalStateException("identifier arena full (2 GiB of values)");
        }
        if (arenaLen + len > arena.length) {
            arena = Arrays.copyOf(arena, (int) Math.min(Integer.MAX_VALUE - 16L,
                    Math.max(arenaLen + len, arena.length + (long) (arena.length >> 2))));
        }
        if (kind == PLAIN) {
            System.arraycopy(src, off, arena, arenaLen, len);
        } else {
            System.arraycopy(compact, 0, arena, arenaLen, len);
        }
        int node = size++;
        nodes[2 * node] = k;
        nodes[2 * node + 1] = (arenaLen & 0xFFFFFFFFL) | ((long) (len + 1) << 32) | ((long) typeIndex << 48)
                | ((long) kind << 56);
        arenaLen += len;
        live++;
        if (overloaded(used + 1, slots.length)) {
            rehash(slots.length * 2);
        }
        int mask = slots.length - 1;
        int i = slot(k, mask);
        while (slots[i] != 0 && slots[i] != TOMBSTONE) {
            i = (i + 1) & mask;
        }
        if (slots[i] == 0) {
            used++;
        }
        slots[i] = (k & HIGH) | (node + 1);
        return node;
    }

    /**
     * Erases a node: zeroes its bytes and key and leaves a tombstone in the index.
     *
     * @param node a live node id
     */
    public void erase(int node) {
        long k = key(node);
        long want = (k & HIGH) | (node + 1);
        int mask = slots.length - 1;
        for (int i = slot(k, mask);; i = (i + 1) & mask) {
            if (slots[i] == want) {
                slots[i] = TOMBSTONE;
                break;
            }
        }
        Arrays.fill(arena, offset(node), offset(node) + len(node), (byte) 0);
        nodes[2 * node + 1] &= ~(0xFFFFL << 32);
        nodes[2 * node] = 0;
        live--;
    }

    /**
     * Compares the values of two nodes by unsigned UTF-8 bytes (code point order).
     *
     * @param a node
     * @param b node
     * @return negative, zero or positive
     */
    public int compareValues(int a, int b) {
        if (encoding(a) == encoding(b)) {
            return Arrays.compareUnsigned(arena, offset(a), offset(a) + len(a), arena, offset(b), offset(b) + len(b));
        }
        return Arrays.compareUnsigned(bytes(a), bytes(b));
    }

    /** Zeroes the scratch buffers, so that no erased value lingers in memory. */
    public void wipeScratch() {
        Arrays.fill(scratch, (byte) 0);
        Arrays.fill(staged, (byte) 0);
        Arrays.fill(compact, (byte) 0);
        scratchLen = 0;
    }

    private void rehash(int capacity) {
        long[] fresh = new long[capacity];
        int mask = capacity - 1;
        int count = 0;
        for (long s : slots) {
            if (s != 0 && s != TOMBSTONE) {
                int i = slot(key((int) s - 1), mask);
                while (fresh[i] != 0) {
                    i = (i + 1) & mask;
                }
                fresh[i] = s;
                count++;
            }
        }
        slots = fresh;
        used = count;
    }

    /**
     * Whether {@code used} slots (tombstones included) would fill more than three quarters of a table of
     * {@code capacity}; {@link #add} rehashes and {@link #reserve} sizes by it. Three quarters, not the three
     * fifths of before session 10: the 1M-event benchmark's 388k identifiers then fit 512k slots instead of
     * 1M (about 10% less ingest time), and linear probing over 8-byte slots keeps even a miss's longer run
     * within a cache line or two.
     */
    private static boolean overloaded(long used, int capacity) {
        return used * 4 > capacity * 3L;
    }

    private static int slot(long k, int mask) {
        return (int) k & mask;
    }

    /** Whether a node holds the value whose UTF-8 is {@code src[off, off + len)}. */
    private boolean sameValue(int node, byte[] src, int off, int len) {
        int kind = toCompact(src, off, len);
        if (kind != encoding(node)) {
            return false;
        }
        int at = offset(node);
        int n = len(node);
        if (kind == PLAIN) {
            return n == len && Arrays.equals(arena, at, at + n, src, off, off + len);
        }
        int c = kind == UUID ? 16 : len / 2;
        return n == c && Arrays.equals(arena, at, at + n, compact, 0, c);
    }

    // ------------------------------------------------------------------ compact encodings

    /**
     * Writes the compact form of a UTF-8 value into {@link #compact} when it has one.
     *
     * @return {@link #UUID}, {@link #PHONE} or {@link #PLAIN}
     */
    private int toCompact(byte[] s, int off, int len) {
        if (len == UUID_TEXT) {
            return uuidBytes(s, off) ? UUID : PLAIN;
        }
        if (len >= 3 && len <= 16 && s[off] == '+' && s[off + 1] >= '1' && s[off + 1] <= '9') {
            for (int i = 2; i < len; i++) {
                if (s[off + i] < '0' || s[off + i] > '9') {
                    return PLAIN;
                }
            }
            // digits d as nibbles d + 1, high nibble first; an odd last nibble stays 0
            int digits = len - 1;
            for (int d = 0; d < digits; d += 2) {
                int hi = s[off + 1 + d] - '0' + 1;
                int lo = d + 1 < digits ? s[off + 2 + d] - '0' + 1 : 0;
                compact[d / 2] = (byte) (hi << 4 | lo);
            }
            return PHONE;
        }
        return PLAIN;
    }

    /**
     * Parses a canonical UUID's hex digits into {@link #compact}: a table lookup per digit and
     * one sign test for the whole value, no branch per digit (measured: the branching parser
     * was a fifth of ingest time on cached data).
     */
    private boolean uuidBytes(byte[] s, int off) {
        if (s[off + 8] != '-' || s[off + 13] != '-' || s[off + 18] != '-' || s[off + 23] != '-') {
            return false;
        }
        int bad = 0;
        int b = 0;
        for (int g = 0; g < 5; g++) {
            int from = off + GROUP_START[g];
            int to = from + GROUP_LENGTH[g];
            for (int i = from; i < to; i += 2) {
                int hi = HEX_VALUE[s[i] & 0xFF];
                int lo = HEX_VALUE[s[i + 1] & 0xFF];
                bad |= hi | lo;
                compact[b++] = (byte) (hi << 4 | lo);
            }
        }
        return bad >= 0;
    }

    private static final int[] GROUP_START = {0, 9, 14, 19, 24};
    private static final int[] GROUP_LENGTH = {8, 4, 4, 4, 12};
    /** Value of each lower-case hex digit, -1 for every other byte (upper case is not canonical). */
    private static final int[] HEX_VALUE = new int[256];

    static {
        Arrays.fill(HEX_VALUE, -1);
        for (int c = '0'; c <= '9'; c++) {
            HEX_VALUE[c] = c - '0';
        }
        for (int c = 'a'; c <= 'f'; c++) {
            HEX_VALUE[c] = c - 'a' + 10;
        }
    }

    private static byte[] decodeUuid(byte[] a, int off) {
        byte[] out = new byte[UUID_TEXT];
        int j = 0;
        for (int i = 0; i < 16; i++) {
            if (i == 4 || i == 6 || i == 8 || i == 10) {
                out[j++] = '-';
            }
            out[j++] = HEX[(a[off + i] >> 4) & 0xF];
            out[j++] = HEX[a[off + i] & 0xF];
        }
        return out;
    }

    private static byte[] decodePhone(byte[] a, int off, int n) {
        int digits = (a[off + n - 1] & 0xF) == 0 ? 2 * n - 1 : 2 * n;
        byte[] out = new byte[digits + 1];
        out[0] = '+';
        for (int d = 0; d < digits; d++) {
            int nibble = d % 2 == 0 ? (a[off + d / 2] >> 4) & 0xF : a[off + d / 2] & 0xF;
            out[d + 1] = (byte) ('0' + nibble - 1);
        }
        return out;
    }

    // ------------------------------------------------------------------ hashing

    /**
     * Seeded hash of UTF-8 bytes: eight bytes at a time (xor, multiply by the golden ratio
     * constant, fold), FNV-1a on the tail, MurmurHash3's fmix64 to finish. The slot index uses
     * the low bits and the slot tag the high bits, both well mixed by fmix64.
     */
    private long hash(int typeIndex, byte[] s, int off, int n) {
        long h = typeSeeds[typeIndex];
        int i = 0;
        for (; i + 8 <= n; i += 8) {
            h = (h ^ (long) LONGS.get(s, off + i)) * 0x9E3779B97F4A7C15L;
            h ^= h >>> 32;
        }
        for (; i < n; i++) {
            h = (h ^ (s[off + i] & 0xFF)) * FNV_PRIME;
        }
        h = fmix64(h ^ n ^ seed);
        return h == 0 ? 1 : h;
    }

    /**
     * Encodes a string as UTF-8 into {@code out} from {@code at} without allocating; sets
     * {@link #scratchLen} to the encoded length. Values reach here checked ({@code Engine} refuses
     * a lone surrogate before a value is stored or looked up); one that slipped through would
     * become '?'.
     *
     * @return {@code out}, or a larger copy of it when it was too small
     */
    private byte[] encode(String v, byte[] out, int at) {
        int n = v.length();
        if (out.length < at + n * 3) {
            out = Arrays.copyOf(out, Math.max(at + n * 3, out.length * 2));
        }
        int j = at;
        for (int i = 0; i < n; i++) {
            char c = v.charAt(i);
            if (c < 0x80) {
                out[j++] = (byte) c;
            } else if (c < 0x800) {
                out[j++] = (byte) (0xC0 | (c >> 6));
                out[j++] = (byte) (0x80 | (c & 0x3F));
            } else if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(v.charAt(i + 1))) {
                int cp = Character.toCodePoint(c, v.charAt(++i));
                out[j++] = (byte) (0xF0 | (cp >> 18));
                out[j++] = (byte) (0x80 | ((cp >> 12) & 0x3F));
                out[j++] = (byte) (0x80 | ((cp >> 6) & 0x3F));
                out[j++] = (byte) (0x80 | (cp & 0x3F));
            } else if (Character.isSurrogate(c)) {
                out[j++] = '?';
            } else {
                out[j++] = (byte) (0xE0 | (c >> 12));
                out[j++] = (byte) (0x80 | ((c >> 6) & 0x3F));
                out[j++] = (byte) (0x80 | (c & 0x3F));
            }
        }
        scratchLen = j - at;
        return out;
    }

    /** MurmurHash3's 64-bit finaliser. */
    static long fmix64(long h) {
        h ^= h >>> 33;
        h *= 0xff51afd7ed558ccdL;
        h ^= h >>> 33;
        h *= 0xc4ceb93fe53ec98bL;
        h ^= h >>> 33;
        return h;
    }
}
