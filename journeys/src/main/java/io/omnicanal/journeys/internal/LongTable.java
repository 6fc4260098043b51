package io.omnicanal.journeys.internal;

import it.unimi.dsi.fastutil.HashCommon;
import it.unimi.dsi.fastutil.longs.LongArrayList;

import java.util.Arrays;

/**
 * A long-to-long hash map, open addressing with linear probing, whose keys and values sit side by side in one
 * {@code long[]} ({@code [k0, v0, k1, v1, ...]}), so that a hit costs one cache miss where a map with parallel
 * key and value arrays costs two. Key 0 marks a free slot; the entry with key 0, if any, is kept apart.
 * Removal shifts the following cluster back (no tombstones), so lookups stay short after churn. Load factor
 * 3/4. Iteration order is the table order: callers that need a canonical order sort {@link #keys()}. Not
 * thread-safe.
 *
 * <p>Design note: the table is a ring of {@code 2^k - 1} slots, so that with the array's 16-byte header the
 * array is exactly {@code 2^k * 16} bytes. A large power-of-two array plus its header would spill 16 bytes
 * into one more G1 region (regions are powers of two, and large arrays take whole regions); this way it fills
 * its regions exactly. A hash picks a slot among {@code 2^k} with a mask; the one missing slot's hashes start
 * at slot 0.
 */
final class LongTable {
    private static final int MIN_CAPACITY = 16;

    private final long missing;
    /** Whether a key's home slot is the hash of its profile part only (bits 24-55, see the constructor). */
    private final boolean byProfile;
    private long[] slots;
    /** Power of two minus one; also the number of slots. */
    private int mask;
    private int size;
    private int maxFill;
    private boolean hasZero;
    private long zeroValue;

    /** An empty table whose {@link #get} answers {@code missing} for absent keys. */
    LongTable(long missing) {
        this(missing, false);
    }

    /**
     * An empty table whose {@link #get} answers {@code missing} for absent keys; with {@code byProfile}, keys are
     * {@code kind << 62 | p << 31 | id} (see {@code JourneyRuntime.key}) and every key of one profile p hashes to
     * the same home slot, so that a profile's entries sit side by side (one or two cache lines) whatever their
     * kind and id, and {@link #keysOfProfile} finds them all in that one cluster.
     */
    LongTable(long missing, boolean byProfile) {
        this.missing = missing;
        this.byProfile = byProfile;
        allocate(MIN_CAPACITY);
    }

    /** The home slot of {@code key}. */
    private int home(long key) {
        int i = (int) HashCommon.mix(byProfile ? profileOf(key) : key) & mask;
        return i == mask ? 0 : i;
    }

    /** The profile bits of a key of a table hashed by profile. */
    private static long profileOf(long key) {
        return (key >>> JourneyRuntime.ID_BITS) & JourneyRuntime.ID_MASK;
    }

    /**
     * Adds to {@code out} every key of profile {@code p} in a table hashed by profile. With linear probing and
     * backward-shift deletion, every key sits between its home slot and the next empty slot, and all of p's
     * keys share one home, so one walk of that cluster finds them: cost proportional to the cluster, not to the
     * number of distinct ids ever seen.
     */
    void keysOfProfile(int p, LongArrayList out) {
        if (!byProfile) {
            throw new IllegalStateException("keysOfProfile needs a table hashed by profile");
        }
        if (p == 0 && hasZero) {
            out.add(0L);
        }
        long[] s = slots;
        for (int i = home((long) p << JourneyRuntime.ID_BITS); s[2 * i] != 0; i = next(i)) {
            if (profileOf(s[2 * i]) == p) {
                out.add(s[2 * i]);
            }
        }
    }

    /** The slot after i on the ring. */
    private int next(int i) {
        return i + 1 == mask ? 0 : i + 1;
    }

    /** A ring of capacity - 1 slots (capacity a power of two). */
    private void allocate(int capacity) {
        slots = new long[2 * (capacity - 1)];
        mask = capacity - 1;
        maxFill = (int) Math.min(mask - 1L, (long) mask * 3 / 4);
    }

    /** Number of entries. */
    int size() {
        return size;
    }

    /** The value of {@code key}, or the missing value. */
    long get(long key) {
        return get(key, missing);
    }

    /** The value of {@code key}, or {@code dflt} when absent. */
    long get(long key, long dflt) {
        if (key == 0) {
            return hasZero ? zeroValue : dflt;
        }
        long[] s = slots;
        for (int i = home(key); ; i = next(i)) {
            long k = s[2 * i];
            if (k == key) {
                return s[2 * i + 1];
            }
            if (k == 0) {
                return dflt;
            }
        }
    }

    /**
     * The sum of the first words of {@code key}'s home slot and of the slot four further on: reads that bring
     * in the two cache lines a lookup near the home usually probes (a profile's entries of every kind cluster
     * there in a table hashed by profile).
     */
    long peekHome(long key) {
        long[] s = slots;
        int at = 2 * home(key);
        return s[at] + s[Math.min(at + 8, s.length - 2)];
    }

    /** Whether {@code key} is present. */
    boolean containsKey(long key) {
        return key == 0 ? hasZero : find(key) >= 0;
    }

    private int find(long key) {
        long[] s = slots;
        for (int i = home(key); ; i = next(i)) {
            long k = s[2 * i];
            if (k == key) {
                return i;
            }
            if (k == 0) {
                return -1;
            }
        }
    }

    /** Sets {@code key} to {@code value}. */
    void put(long key, long value) {
        if (key == 0) {
            if (!hasZero) {
                hasZero = true;
                size++;
            }
            zeroValue = value;
            return;
        }
        long[] s = slots;
        int i = home(key);
        for (; ; i = next(i)) {
            long k = s[2 * i];
            if (k == key) {
                s[2 * i + 1] = value;
                return;
            }
            if (k == 0) {
                break;
            }
        }
        s[2 * i] = key;
        s[2 * i + 1] = value;
        if (++size > maxFill) {
            rehash(2 * (mask + 1));
        }
    }

    /** Removes {@code key}; returns whether it was present. */
    boolean remove(long key) {
        if (key == 0) {
            if (!hasZero) {
                return false;
            }
            hasZero = false;
            size--;
            return true;
        }
        int i = find(key);
        if (i < 0) {
            return false;
        }
        size--;
        // backward-shift deletion: move later members of the cluster into the hole when their home allows it
        long[] s = slots;
        int hole = i;
        for (int j = next(hole); s[2 * j] != 0; j = next(j)) {
            int home = home(s[2 * j]);
            // the entry at j may move to hole unless its home lies cyclically in (hole, j]
            boolean stays = hole <= j ? hole < home && home <= j : hole < home || home <= j;
            if (!stays) {
                s[2 * hole] = s[2 * j];
                s[2 * hole + 1] = s[2 * j + 1];
                hole = j;
            }
        }
        s[2 * hole] = 0;
        s[2 * hole + 1] = 0;
        return true;
    }

    /** Makes room for {@code expected} entries without rehashing. */
    void ensureCapacity(int expected) {
        int needed = HashCommon.arraySize(expected + 1, 0.75f);
        if (needed > mask + 1) {
            rehash(needed);
        }
    }

    private void rehash(int capacity) {
        long[] old = slots;
        allocate(capacity);
        long[] s = slots;
        for (int j = 0; j < old.length; j += 2) {
            long k = old[j];
            if (k != 0) {
                int i = home(k);
                while (s[2 * i] != 0) {
                    i = next(i);
                }
                s[2 * i] = k;
                s[2 * i + 1] = old[j + 1];
            }
        }
    }

    /** Every key, sorted ascending. */
    long[] keys() {
        long[] out = new long[size];
        int n = 0;
        if (hasZero) {
            out[n++] = 0;
        }
        for (int j = 0; j < slots.length; j += 2) {
            if (slots[j] != 0) {
                out[n++] = slots[j];
            }
        }
        Arrays.sort(out);
        return out;
    }

    /** Removes every entry. */
    void clear() {
        Arrays.fill(slots, 0);
        hasZero = false;
        size = 0;
    }
}
