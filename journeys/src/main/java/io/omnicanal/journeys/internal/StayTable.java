package io.omnicanal.journeys.internal;

import it.unimi.dsi.fastutil.ints.IntArrayList;

import java.util.Arrays;

/**
 * Profiles' stays in journeys, one record of {@link #STRIDE} ints (36 bytes) per slot: profile, definition, step
 * with its lap (16 bits each, see {@link #lap}),
 * next stay of the same profile (a singly linked list from the profile's head), generation (28 bits, bumped when
 * the slot is freed, so that stale timers are recognised) with the flags (4 bits), entry time (48 bits of epoch
 * milliseconds) with the entry number (16 bits), and wake-up time ({@link JourneyRuntime#NONE} when not
 * waiting). Delivered touches (only kept for listeners) live apart, in an array that is only allocated once a
 * touch is kept. Freed slots are reused. Not thread-safe.
 *
 * <p>Design note: an event walks its profile's stays and a timer wakes one at random; with one array per
 * field (the first layout) each visit cost a cache miss per field read (next, definition, step, profile,
 * generation, wake-up time); in one record it costs one or two. Packing the generation with the flags and the
 * entry number with the entry time keeps the record at 36 bytes (44 before), and the touches array costs
 * nothing per stay when nobody listens for conversions.
 */
final class StayTable {
    static final byte LIVE = 1;
    static final byte CONTROL = 2;
    /** Generations wrap at 28 bits (the timer payload carries 28). */
    static final int GEN_MASK = 0x0FFF_FFFF;
    /** Entry numbers are 16 bits (the engine stops entering at {@code JourneyRuntime.MAX_ENTRY_COUNT}). */
    static final int MAX_ENTRY = 0xFFFF;
    /** Entry times are 48-bit epoch milliseconds. */
    static final long MAX_ENTERED = (1L << 48) - 1;
    private static final int PROFILE = 0;
    private static final int DEF = 1;
    private static final int STEP = 2;
    private static final int NEXT = 3;
    /** flags << 28 | generation. */
    private static final int GEN_FLAGS = 4;
    /** entered << 16 | entry, as a long over two ints. */
    private static final int ENTERED_ENTRY = 5;
    private static final int DUE = 7;
    static final int STRIDE = 9;

    final IntArrayList free = new IntArrayList();
    int count;
    int live;
    private int[] r = new int[16 * STRIDE];
    private Object[] touches = new Object[0];

    /** A free slot (its fields hold stale values the caller overwrites). */
    int alloc() {
        if (!free.isEmpty()) {
            return free.popInt();
        }
        int i = count++;
        if (i == capacity()) {
            reserve(i * 2);
        }
        return i;
    }

    private int capacity() {
        return r.length / STRIDE;
    }

    /** Grows the table to at least {@code expected} slots. */
    void reserve(int expected) {
        if (expected > capacity()) {
            r = Arrays.copyOf(r, Math.multiplyExact(expected, STRIDE));
        }
    }

    /** The touches kept for slot i (a {@code List<Action>}), or null. */
    Object touches(int i) {
        return i < touches.length ? touches[i] : null;
    }

    /** Sets the touches of slot i (null clears them). */
    void setTouches(int i, Object list) {
        if (i >= touches.length) {
            if (list == null) {
                return;
            }
            touches = Arrays.copyOf(touches, Math.max(i + 1, Math.min(capacity(), 2 * touches.length + 16)));
        }
        touches[i] = list;
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

    /** The current step index, -1 once past the last step. */
    int step(int i) {
        return (short) r[i * STRIDE + STEP];
    }

    /**
     * How many times the stay has jumped back to a step at or before the one it was on (0 until a journey's loop
     * is taken), modulo 2^16. Within one lap the step indices a stay visits strictly increase, so (lap, step)
     * names each pass of a stay through a step once: the idempotency key of a looping journey's sends.
     */
    int lap(int i) {
        return r[i * STRIDE + STEP] >>> 16;
    }

    /** Starts the stay at step 0, lap 0. */
    void start(int i) {
        r[i * STRIDE + STEP] = 0;
    }

    /** Moves the stay to step {@code v} (-1 to end), counting a lap when {@code v} is at or before the current step. */
    void setStep(int i, int v) {
        int at = i * STRIDE + STEP;
        int w = r[at];
        int lap = w >>> 16;
        if (v >= 0 && v <= (short) w) {
            lap = (lap + 1) & 0xFFFF;
        }
        r[at] = lap << 16 | (v & 0xFFFF);
    }

    /** Step and lap as one word ({@code lap << 16 | step & 0xFFFF}), as snapshots keep them. */
    int stepWord(int i) {
        return r[i * STRIDE + STEP];
    }

    void setStepWord(int i, int w) {
        r[i * STRIDE + STEP] = w;
    }

    int next(int i) {
        return r[i * STRIDE + NEXT];
    }

    void setNext(int i, int v) {
        r[i * STRIDE + NEXT] = v;
    }

    /** The generation, 28 bits. */
    int gen(int i) {
        return r[i * STRIDE + GEN_FLAGS] & GEN_MASK;
    }

    /** Sets the generation (kept modulo 2^28). */
    void setGen(int i, int v) {
        int at = i * STRIDE + GEN_FLAGS;
        r[at] = (r[at] & ~GEN_MASK) | (v & GEN_MASK);
    }

    byte flags(int i) {
        return (byte) (r[i * STRIDE + GEN_FLAGS] >>> 28);
    }

    /** Sets the flags (4 bits). */
    void setFlags(int i, int v) {
        int at = i * STRIDE + GEN_FLAGS;
        r[at] = (r[at] & GEN_MASK) | ((v & 0xF) << 28);
    }

    /** The entry number, 1 to {@link #MAX_ENTRY}. */
    int entry(int i) {
        return (int) getLong(i * STRIDE + ENTERED_ENTRY) & MAX_ENTRY;
    }

    /** Sets the entry number, 0 to {@link #MAX_ENTRY}. */
    void setEntry(int i, int v) {
        int at = i * STRIDE + ENTERED_ENTRY;
        setLong(at, (getLong(at) & ~(long) MAX_ENTRY) | (v & MAX_ENTRY));
    }

    /** The entry time in epoch milliseconds. */
    long entered(int i) {
        return getLong(i * STRIDE + ENTERED_ENTRY) >>> 16;
    }

    /** Sets the entry time, 0 to {@link #MAX_ENTERED} epoch milliseconds. */
    void setEntered(int i, long v) {
        int at = i * STRIDE + ENTERED_ENTRY;
        setLong(at, (v << 16) | (getLong(at) & MAX_ENTRY));
    }

    long due(int i) {
        return getLong(i * STRIDE + DUE);
    }

    void setDue(int i, long v) {
        setLong(i * STRIDE + DUE, v);
    }

    private long getLong(int at) {
        return IntWords.getLong(r, at);
    }

    private void setLong(int at, long v) {
        IntWords.setLong(r, at, v);
    }
}
