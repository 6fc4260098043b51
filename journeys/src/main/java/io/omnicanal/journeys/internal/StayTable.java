package io.omnicanal.journeys.internal;

import it.unimi.dsi.fastutil.ints.IntArrayList;

import java.util.Arrays;

/**
 * Profiles' stays in journeys, one record of {@link #STRIDE} ints per slot: profile, definition, step, next
 * stay of the same profile (a singly linked list from the profile's head), generation (bumped when the slot
 * is freed, so that stale timers are recognised), entry number, flags, entry time and wake-up time
 * ({@link JourneyRuntime#NONE} when not waiting); delivered touches (only kept for listeners) apart. Freed
 * slots are reused. Not thread-safe.
 *
 * <p>Design note: an event walks its profile's stays and a timer wakes one at random; with one array per
 * field (the previous layout) each visit cost a cache miss per field read (next, definition, step, profile,
 * generation, wake-up time); in one 44-byte record it costs one or two.
 */
final class StayTable {
    static final byte LIVE = 1;
    static final byte CONTROL = 2;
    private static final int PROFILE = 0;
    private static final int DEF = 1;
    private static final int STEP = 2;
    private static final int NEXT = 3;
    private static final int GEN = 4;
    private static final int ENTRY = 5;
    private static final int FLAGS = 6;
    private static final int ENTERED = 7;
    private static final int DUE = 9;
    static final int STRIDE = 11;

    final IntArrayList free = new IntArrayList();
    int count;
    int live;
    private int[] r = new int[16 * STRIDE];
    Object[] touches = new Object[16];

    /** A free slot (its fields hold stale values the caller overwrites). */
    int alloc() {
        if (!free.isEmpty()) {
            return free.popInt();
        }
        int i = count++;
        if (i == touches.length) {
            reserve(i * 2);
        }
        return i;
    }

    /** Grows the tables to at least {@code expected} slots. */
    void reserve(int expected) {
        if (expected > touches.length) {
            r = Arrays.copyOf(r, Math.multiplyExact(expected, STRIDE));
            touches = Arrays.copyOf(touches, expected);
        }
    }

    /** Whether slot i holds a live stay. */
    boolean isLive(int i) {
        return (flags(i) & LIVE) != 0;
    }

    int profile(int i) {
        return r[i * STRIDE + PROFILE];
    }

    void setProfile(int i, int v) {
        r[i * STRIDE + PROFILE] = v;
    }

    int def(int i) {
        return r[i * STRIDE + DEF];
    }

    void setDef(int i, int v) {
        r[i * STRIDE + DEF] = v;
    }

    int step(int i) {
        return r[i * STRIDE + STEP];
    }

    void setStep(int i, int v) {
        r[i * STRIDE + STEP] = v;
    }

    int next(int i) {
        return r[i * STRIDE + NEXT];
    }

    void setNext(int i, int v) {
        r[i * STRIDE + NEXT] = v;
    }

    int gen(int i) {
        return r[i * STRIDE + GEN];
    }

    void setGen(int i, int v) {
        r[i * STRIDE + GEN] = v;
    }

    int entry(int i) {
        return r[i * STRIDE + ENTRY];
    }

    void setEntry(int i, int v) {
        r[i * STRIDE + ENTRY] = v;
    }

    byte flags(int i) {
        return (byte) r[i * STRIDE + FLAGS];
    }

    void setFlags(int i, int v) {
        r[i * STRIDE + FLAGS] = (byte) v;
    }

    long entered(int i) {
        return getLong(i * STRIDE + ENTERED);
    }

    void setEntered(int i, long v) {
        setLong(i * STRIDE + ENTERED, v);
    }

    long due(int i) {
        return getLong(i * STRIDE + DUE);
    }

    void setDue(int i, long v) {
        setLong(i * STRIDE + DUE, v);
    }

    private long getLong(int at) {
        return (r[at] & 0xFFFF_FFFFL) | ((long) r[at + 1] << 32);
    }

    private void setLong(int at, long v) {
        r[at] = (int) v;
        r[at + 1] = (int) (v >>> 32);
    }
}
