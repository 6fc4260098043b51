package io.omnicanal.journeys.internal;

import it.unimi.dsi.fastutil.ints.IntArrayList;

import java.util.Arrays;

/**
 * Profiles' stays in journeys as struct-of-arrays slots: profile, definition, step, entry time, wake-up time
 * ({@link JourneyRuntime#NONE} when not waiting), next stay of the same profile (a singly linked list from
 * the profile's head), generation (bumped when the slot is freed, so that stale timers are recognised),
 * entry number, flags and delivered touches (only kept for listeners). Freed slots are reused. Not
 * thread-safe.
 */
final class StayTable {
    static final byte LIVE = 1;
    static final byte CONTROL = 2;

    final IntArrayList free = new IntArrayList();
    int count;
    int live;
    int[] profile = new int[16];
    int[] def = new int[16];
    int[] step = new int[16];
    long[] entered = new long[16];
    long[] due = new long[16];
    int[] next = new int[16];
    int[] gen = new int[16];
    int[] entry = new int[16];
    byte[] flags = new byte[16];
    Object[] touches = new Object[16];

    /** A free slot (its fields hold stale values the caller overwrites). */
    int alloc() {
        if (!free.isEmpty()) {
            return free.popInt();
        }
        int i = count++;
        if (i == profile.length) {
            reserve(i * 2);
        }
        return i;
    }

    /** Grows the tables to at least {@code expected} slots. */
    void reserve(int expected) {
        if (expected > profile.length) {
            profile = Arrays.copyOf(profile, expected);
            def = Arrays.copyOf(def, expected);
            step = Arrays.copyOf(step, expected);
            entered = Arrays.copyOf(entered, expected);
            due = Arrays.copyOf(due, expected);
            next = Arrays.copyOf(next, expected);
            gen = Arrays.copyOf(gen, expected);
            entry = Arrays.copyOf(entry, expected);
            flags = Arrays.copyOf(flags, expected);
            touches = Arrays.copyOf(touches, expected);
        }
    }

    /** Whether slot i holds a live stay. */
    boolean isLive(int i) {
        return (flags[i] & LIVE) != 0;
    }
}
