package io.omnicanal.identity.internal;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Interns identifier values (type index + stored value) into dense {@code int} node ids and
 * gives each a 64-bit key.
 *
 * <p>Design note. Values live as UTF-8 bytes in one growable arena, not as {@code String}
 * objects, and the index is an open-addressing table of {@code int} slots with linear probing,
 * so an identifier costs its bytes plus about 23 bytes (offset, length, type, key, slot at most
 * 60% full) and no object headers. The key is a seeded 64-bit FNV-1a over the type name and the
 * value bytes, finished with the MurmurHash3 {@code fmix64} avalanche; it depends only on the
 * seed, the type name and the value, never on the order of ingestion, and doubles as the probe
 * hash. A second value with the same key (probability about n²/2⁶⁵, 3·10⁻⁶ for ten million
 * identifiers) is refused with an exception rather than silently merged. Erasing a node zeroes
 * its bytes and key in place and leaves a tombstone slot; node ids are never reused, so arrays
 * indexed by node stay valid. Not thread-safe.
 */
public final class IdentifierTable {

    private static final long FNV_OFFSET = 0xcbf29ce484222325L;
    private static final long FNV_PRIME = 0x100000001b3L;
    private static final int TOMBSTONE = -1;

    private final long seed;
    private final long[] typeSeeds;
    private byte[] arena = new byte[1 << 12];
    private int arenaLen;
    private int[] offset = new int[64];
    private short[] length = new short[64];
    private byte[] type = new byte[64];
    private long[] key = new long[64];
    private int size;
    private int live;
    private int[] slots = new int[128];
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

    /** @param node a node id @return whether the node was erased */
    public boolean erased(int node) {
        return length[node] < 0;
    }

    /** @param node a node id @return its type index */
    public int type(int node) {
        return type[node];
    }

    /** @param node a node id @return its 64-bit key (0 once erased) */
    public long key(int node) {
        return key[node];
    }

    /** @param node a live node id @return its stored value */
    public String value(int node) {
        return new String(arena, offset[node], length[node], StandardCharsets.UTF_8);
    }

    /** @param node a live node id @return a copy of its UTF-8 bytes */
    public byte[] bytes(int node) {
        return Arrays.copyOfRange(arena, offset[node], offset[node] + length[node]);
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
     * @return the node id, or -1 when absent
     */
    public int find(int typeIndex, String value) {
        encode(value);
        long k = hash(typeIndex);
        int mask = slots.length - 1;
        for (int i = slot(k, mask);; i = (i + 1) & mask) {
            int s = slots[i];
            if (s == 0) {
                return -1;
            }
            if (s > 0 && key[s - 1] == k && type[s - 1] == typeIndex && sameBytes(s - 1)) {
                return s - 1;
            }
        }
    }

    /**
     * Finds the live node with this key.
     *
     * @param k a key
     * @return the node id, or -1 when absent
     */
    public int findByKey(long k) {
        int mask = slots.length - 1;
        for (int i = slot(k, mask);; i = (i + 1) & mask) {
            int s = slots[i];
            if (s == 0) {
                return -1;
            }
            if (s > 0 && key[s - 1] == k) {
                return s - 1;
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
        if (find(typeIndex, value) < 0) {
            long k = hash(typeIndex);
            if (findByKey(k) >= 0) {
                throw new IllegalStateException("64-bit key collision between two identifiers of types "
                        + typeIndex + " and " + type[findByKey(k)] + " (key " + Long.toHexString(k)
                        + "); change the graph's keySeed");
            }
        }
    }

    /**
     * Returns the node of a value, adding it when absent. Allocation-free except when arrays
     * grow.
     *
     * @param typeIndex type index
     * @param value stored value (at most 32767 UTF-8 bytes)
     * @return the node id
     * @throws IllegalStateException on a key collision with a different value
     */
    public int intern(int typeIndex, String value) {
        int found = find(typeIndex, value);
        if (found >= 0) {
            return found;
        }
        long k = hash(typeIndex);
        if (findByKey(k) >= 0) {
            throw new IllegalStateException("64-bit key collision (key " + Long.toHexString(k) + "); change the graph's keySeed");
        }
        return add(typeIndex, k, scratch, scratchLen);
    }

    /**
     * Adds raw bytes (used when restoring a snapshot).
     *
     * @param typeIndex type index
     * @param bytes UTF-8 value
     * @return the node id
     * @throws IllegalStateException if the value is already present or collides
     */
    public int internBytes(int typeIndex, byte[] bytes) {
        scratch = bytes.length > scratch.length ? new byte[bytes.length] : scratch;
        System.arraycopy(bytes, 0, scratch, 0, bytes.length);
        scratchLen = bytes.length;
        long k = hash(typeIndex);
        if (findByKey(k) >= 0) {
            throw new IllegalStateException("duplicate or colliding identifier (key " + Long.toHexString(k) + ")");
        }
        return add(typeIndex, k, scratch, scratchLen);
    }

    private int add(int typeIndex, long k, byte[] src, int len) {
        if (len > Short.MAX_VALUE) {
            throw new IllegalArgumentException("stored identifier longer than 32767 bytes: " + len);
        }
        if (size == offset.length) {
            int cap = size + (size >> 1) + 16;
            offset = Arrays.copyOf(offset, cap);
            length = Arrays.copyOf(length, cap);
            type = Arrays.copyOf(type, cap);
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
        offset[node] = arenaLen;
        length[node] = (short) len;
        type[node] = (byte) typeIndex;
        key[node] = k;
        arenaLen += len;
        live++;
        if ((used + 1) * 5L > slots.length * 3L) {
            rehash(slots.length * 2);
        }
        int mask = slots.length - 1;
        int i = slot(k, mask);
        while (slots[i] > 0) {
            i = (i + 1) & mask;
        }
        if (slots[i] == 0) {
            used++;
        }
        slots[i] = node + 1;
        return node;
    }

    /**
     * Erases a node: zeroes its bytes and key and leaves a tombstone in the index.
     *
     * @param node a live node id
     */
    public void erase(int node) {
        long k = key[node];
        int mask = slots.length - 1;
        for (int i = slot(k, mask);; i = (i + 1) & mask) {
            if (slots[i] == node + 1) {
                slots[i] = TOMBSTONE;
                break;
            }
        }
        Arrays.fill(arena, offset[node], offset[node] + length[node], (byte) 0);
        length[node] = -1;
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
        return Arrays.compareUnsigned(arena, offset[a], offset[a] + length[a], arena, offset[b], offset[b] + length[b]);
    }

    /** Zeroes the scratch buffer, so that no erased value lingers in memory. */
    public void wipeScratch() {
        Arrays.fill(scratch, (byte) 0);
        scratchLen = 0;
    }

    private void rehash(int capacity) {
        int[] fresh = new int[capacity];
        int mask = capacity - 1;
        int count = 0;
        for (int s : slots) {
            if (s > 0) {
                int i = slot(key[s - 1], mask);
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
        return (int) (k ^ (k >>> 32)) & mask;
    }

    private boolean sameBytes(int node) {
        return length[node] == scratchLen
                && Arrays.equals(arena, offset[node], offset[node] + scratchLen, scratch, 0, scratchLen);
    }

    private long hash(int typeIndex) {
        long h = typeSeeds[typeIndex];
        byte[] s = scratch;
        for (int i = 0; i < scratchLen; i++) {
            h = (h ^ (s[i] & 0xFF)) * FNV_PRIME;
        }
        h = fmix64(h ^ scratchLen ^ seed);
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
