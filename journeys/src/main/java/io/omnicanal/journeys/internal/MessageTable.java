package io.omnicanal.journeys.internal;

import it.unimi.dsi.fastutil.ints.IntArrayList;

import java.util.Arrays;

/**
 * Messages requested but not yet sent (staged for the current instant, or deferred by quiet hours, caps,
 * arbitration, rate limits or retries), one record of {@link #STRIDE} ints (64 bytes) per slot: profile,
 * definition and step, the stay (slot and generation) it came from, entry number and lap, offer (-1 for none), attempt,
 * generation, liveness, due time, the profile's key and the link to the next deferred message of the same stay. Freed slots are reused. Not thread-safe.
 *
 * <p>Design note: a deferred message (a quiet period's end, a cap or arbitration window, a retry) fires hours
 * after it was staged, when its slot has long left the cache; firing, the arbitration sort and dispatch read
 * most of its fields. With one array per field (the first layout) that was a cache miss, and with 4 KB pages a
 * TLB miss, per field (eleven of them); one record is one cache line. Records start {@link #ORIGIN} ints into
 * the array, so that with the array's 16-byte header and a large array starting on a cache line (G1 starts
 * large arrays on a region boundary) each record is exactly one line.
 */
final class MessageTable {
    private static final int PROFILE = 0;
    private static final int DEF = 1;
    private static final int STEP = 2;
    private static final int STAY = 3;
    private static final int STAY_GEN = 4;
    private static final int ENTRY = 5;
    private static final int OFFER = 6;
    private static final int ATTEMPT = 7;
    private static final int GEN = 8;
    private static final int ALIVE = 9;
    /** A long over two ints. */
    private static final int DUE = 10;
    /** The profile's key, copied at staging: the arbitration sort reads it without touching the profile. */
    private static final int KEY = 12;
    /** The stay's lap when the message was requested ({@code StayTable.lap}). */
    private static final int LAP = 14;
    /**
     * The next deferred message of the same stay ({@code JourneyRuntime.deferredByStay}): -1 ends the list,
     * {@link #UNLISTED} when the message is in no stay's list.
     */
    private static final int NEXT_OF_STAY = 15;
    static final int STRIDE = 16;
    static final int UNLISTED = -2;
    /** Ints before record 0: 48 bytes, plus the 16-byte array header, puts record 0 on a 64-byte boundary. */
    static final int ORIGIN = 12;

    final IntArrayList free = new IntArrayList();
    int count;
    int live;
    private int[] r = new int[ORIGIN + 16 * STRIDE];

    /** A free slot, marked alive (its other fields hold stale values the caller overwrites). */
    int alloc() {
        int m;
        if (!free.isEmpty()) {
            m = free.popInt();
        } else {
            m = count++;
            if (m == capacity()) {
                reserve(m * 2);
            }
        }
        r[at(m) + ALIVE] = 1;
        live++;
        return m;
    }

    /** Frees slot m and invalidates its timers. */
    void release(int m) {
        int b = at(m);
        r[b + ALIVE] = 0;
        r[b + GEN]++;
        live--;
        free.add(m);
    }

    private int capacity() {
        return (r.length - ORIGIN) / STRIDE;
    }

    /** Grows the table to at least {@code expected} slots. */
    void reserve(int expected) {
        if (expected > capacity()) {
            r = Arrays.copyOf(r, ORIGIN + Math.multiplyExact(expected, STRIDE));
        }
    }

    private static int at(int m) {
        return ORIGIN + m * STRIDE;
    }

    int profile(int m) {
        return r[at(m) + PROFILE];
    }

    void setProfile(int m, int v) {
        r[at(m) + PROFILE] = v;
    }

    int def(int m) {
        return r[at(m) + DEF];
    }

    void setDef(int m, int v) {
        r[at(m) + DEF] = v;
    }

    int step(int m) {
        return r[at(m) + STEP];
    }

    void setStep(int m, int v) {
        r[at(m) + STEP] = v;
    }

    int stay(int m) {
        return r[at(m) + STAY];
    }

    void setStay(int m, int v) {
        r[at(m) + STAY] = v;
    }

    int stayGen(int m) {
        return r[at(m) + STAY_GEN];
    }

    void setStayGen(int m, int v) {
        r[at(m) + STAY_GEN] = v;
    }

    int entry(int m) {
        return r[at(m) + ENTRY];
    }

    void setEntry(int m, int v) {
        r[at(m) + ENTRY] = v;
    }

    int lap(int m) {
        return r[at(m) + LAP];
    }

    void setLap(int m, int v) {
        r[at(m) + LAP] = v;
    }

    int nextOfStay(int m) {
        return r[at(m) + NEXT_OF_STAY];
    }

    void setNextOfStay(int m, int v) {
        r[at(m) + NEXT_OF_STAY] = v;
    }

    int offer(int m) {
        return r[at(m) + OFFER];
    }

    void setOffer(int m, int v) {
        r[at(m) + OFFER] = v;
    }

    int attempt(int m) {
        return r[at(m) + ATTEMPT];
    }

    void setAttempt(int m, int v) {
        r[at(m) + ATTEMPT] = v;
    }

    /** The generation: bumped on every release, so that a stale timer is recognised. */
    int gen(int m) {
        return r[at(m) + GEN];
    }

    void setGen(int m, int v) {
        r[at(m) + GEN] = v;
    }

    boolean alive(int m) {
        return r[at(m) + ALIVE] != 0;
    }

    void setAlive(int m, boolean v) {
        r[at(m) + ALIVE] = v ? 1 : 0;
    }

    long due(int m) {
        return IntWords.getLong(r, at(m) + DUE);
    }

    void setDue(int m, long v) {
        IntWords.setLong(r, at(m) + DUE, v);
    }

    long key(int m) {
        return IntWords.getLong(r, at(m) + KEY);
    }

    void setKey(int m, long v) {
        IntWords.setLong(r, at(m) + KEY, v);
    }
}
