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
 * <p>Design note. Values live as UTF-8 bytes in one growable arena, not as {@code String}
 * objects, and the index is an open-addressing table of {@code long} slots with linear probing
 * (the key's high 32 bits beside the node id, so that a probe rejects most non-matching slots
 * without touching another array). Per node one packed {@code long} holds arena offset, length
 * and type, and one {@code long} the key. An identifier costs its bytes plus about 30 bytes and
 * no object headers; a lookup that hits touches about three cache lines (slot, packed meta,
 * arena). The key is a seeded 64-bit hash of the type name and the value bytes ({@link
 * #hash(int)}); it depends only on the seed, the type name and the value, never on the order of
 * ingestion, and doubles as the probe hash. A second value with the same key (probability about
 * n²/2⁶⁵, 3·10⁻⁶ for ten million identifiers) is refused with an exception rather than silently
 * merged. Erasing a node zeroes its bytes and key in place and leaves a tombstone slot; node ids
 * are never reused, so arrays indexed by node stay valid. Not thread-safe; the read methods do
 * not write the table but do use a shared scratch buffer, so callers serialise all access.
 */
public final class IdentifierTable {

    private static final long FNV_OFFSET = 0xcbf29ce484222325L;
    private static final long FNV_PRIME = 0x100000001b3L;
    private static final long HIGH = 0xFFFFFFFF00000000L;
    private static final long TOMBSTONE = -1L;
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    private final long seed;
    private final long[] typeSeeds;
    private byte[] arena = new byte[1 << 12];
    private int arenaLen;
    /** Per node: arena offset (bits 0-31), length + 1 (bits 32-47; 0 once erased), type (bits 48-55). */
    private long[] meta = new long[64];
    private long[] key = new long[64];
    private int size;
    private int live;
    /** Slots: high half of the key, node + 1 in the low half; 0 empty, -1 deleted. */
    private long[] slots = new long[128];
    private int used;
    private byte[] scratch = new byte[256];
    private int scratchLen;

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
     * Pre-sizes the table for {@code identifiers} values of about 32 bytes.
     *
     * @param identifiers expected number of identifiers
     */
    public void reserve(int identifiers) {
        if (identifiers > meta.length) {
            meta = Arrays.copyOf(meta, identifiers);
            key = Arrays.copyOf(key, identifiers);
            arena = Arrays.copyOf(arena, (int) Math.min(Integer.MAX_VALUE - 16L, 32L * identifiers));
            int cap = slots.length;
            while (cap * 3L < identifiers * 5L) {
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
        return (int) meta[node];
    }

    private int len(int node) {
        return (int) ((meta[node] >>> 32) & 0xFFFF) - 1;
    }

    /** @param node a node id @return whether the node was erased */
    public boolean erased(int node) {
        return len(node) < 0;
    }

    /** @param node a node id @return its type index */
    public int type(int node) {
        return (int) (meta[node] >>> 48) & 0xFF;
    }

    /** @param node a node id @return its 64-bit key (0 once erased) */
    public long key(int node) {
        return key[node];
    }

    /** @param node a live node id @return its stored value */
    public String value(int node) {
        return new String(arena, offset(node), len(node), StandardCharsets.UTF_8);
    }

    /** @param node a live node id @return a copy of its UTF-8 bytes */
    public byte[] bytes(int node) {
        return Arrays.copyOfRange(arena, offset(node), offset(node) + len(node));
    }

    /**
     * Computes the key of a value without interning it; allocation-free.
     *
     * @param typeIndex type index
     * @param value stored value
     * @return the key, never 0
     */
    public long keyOf(int typeIndex, String value) {
        encode(value);
        return hash(typeIndex);
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
        encode(value);
        int node = findByKey(hash(typeIndex));
        if (node < 0) {
            return -1;
        }
        return type(node) == typeIndex && sameBytes(node) ? node : -2;
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
            if (s != TOMBSTONE && (s & HIGH) == high && key[(int) s - 1] == k) {
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
            throw new IllegalStateException("64-bit key collision between two different identifiers (key "
                    + Long.toHexString(hash(typeIndex)) + "); change the graph's keySeed");
        }
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
            checkInternable(typeIndex, value);
        }
        return add(typeIndex, hash(typeIndex), scratch, scratchLen);
    }

    private int add(int typeIndex, long k, byte[] src, int len) {
        if (len > 0xFFFE) {
            throw new IllegalArgumentException("stored identifier longer than 65534 bytes: " + len);
        }
        if (size == meta.length) {
            int cap = size + (size >> 1) + 16;
            meta = Arrays.copyOf(meta, cap);
            key = Arrays.copyOf(key, cap);
        }
        if ((long) arenaLen + len > Integer.MAX_VALUE - 16) {
            throw new IllegalStateException("identifier arena full (2 GiB of values)");
        }
        if (arenaLen + len > arena.length) {
            arena = Arrays.copyOf(arena, (int) Math.min(Integer.MAX_VALUE - 16L,
                    Math.max(arenaLen + len, arena.length + (long) (arena.length >> 1))));
        }
        System.arraycopy(src, 0, arena, arenaLen, len);
        int node = size++;
        meta[node] = (arenaLen & 0xFFFFFFFFL) | ((long) (len + 1) << 32) | ((long) typeIndex << 48);
        key[node] = k;
        arenaLen += len;
        live++;
        if ((used + 1) * 5L > slots.length * 3L) {
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
        long k = key[node];
        long want = (k & HIGH) | (node + 1);
        int mask = slots.length - 1;
        for (int i = slot(k, mask);; i = (i + 1) & mask) {
            if (slots[i] == want) {
                slots[i] = TOMBSTONE;
                break;
            }
        }
        Arrays.fill(arena, offset(node), offset(node) + len(node), (byte) 0);
        meta[node] &= ~(0xFFFFL << 32);
        key[node] = 0;
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
        return Arrays.compareUnsigned(arena, offset(a), offset(a) + len(a), arena, offset(b), offset(b) + len(b));
    }

    /** Zeroes the scratch buffer, so that no erased value lingers in memory. */
    public void wipeScratch() {
        Arrays.fill(scratch, (byte) 0);
        scratchLen = 0;
    }

    private void rehash(int capacity) {
        long[] fresh = new long[capacity];
        int mask = capacity - 1;
        int count = 0;
        for (long s : slots) {
            if (s != 0 && s != TOMBSTONE) {
                int i = slot(key[(int) s - 1], mask);
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

    private static int slot(long k, int mask) {
        return (int) k & mask;
    }

    private boolean sameBytes(int node) {
        int off = offset(node);
        return len(node) == scratchLen && Arrays.equals(arena, off, off + scratchLen, scratch, 0, scratchLen);
    }

    /**
     * Seeded hash of the scratch bytes: eight bytes at a time (xor, multiply by the golden
     * ratio constant, fold), FNV-1a on the tail, MurmurHash3's fmix64 to finish. The slot index
     * uses the low bits and the slot tag the high bits, both well mixed by fmix64.
     */
    private long hash(int typeIndex) {
        long h = typeSeeds[typeIndex];
        byte[] s = scratch;
        int n = scratchLen;
        int i = 0;
        for (; i + 8 <= n; i += 8) {
            h = (h ^ (long) LONGS.get(s, i)) * 0x9E3779B97F4A7C15L;
            h ^= h >>> 32;
        }
        for (; i < n; i++) {
            h = (h ^ (s[i] & 0xFF)) * FNV_PRIME;
        }
        h = fmix64(h ^ n ^ seed);
        return h == 0 ? 1 : h;
    }

    /** Encodes a string as UTF-8 into the scratch buffer without allocating (lone surrogates become '?'). */
    private void encode(String v) {
        int n = v.length();
        if (scratch.length < n * 3) {
            scratch = new byte[Math.max(n * 3, scratch.length * 2)];
        }
        byte[] out = scratch;
        int j = 0;
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
        scratchLen = j;
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
