package io.omnicanal.journeys.internal;

import it.unimi.dsi.fastutil.ints.IntArrayList;

import java.util.Arrays;

/**
 * Messages requested but not yet sent (staged for the current instant, or deferred by quiet hours, caps,
 * arbitration, rate limits or retries) as struct-of-arrays slots: profile, definition and step, the stay
 * (slot and generation) it came from, entry number, offer (-1 for none), due time, attempt, generation and
 * liveness. Freed slots are reused. Not thread-safe.
 */
final class MessageTable {
    final IntArrayList free = new IntArrayList();
    int count;
    int live;
    int[] profile = new int[16];
    int[] def = new int[16];
    int[] step = new int[16];
    int[] stay = new int[16];
    int[] stayGen = new int[16];
    int[] entry = new int[16];
    int[] offer = new int[16];
    long[] due = new long[16];
    int[] attempt = new int[16];
    int[] gen = new int[16];
    /** The profile's key, copied at staging: the arbitration sort reads it without touching the profile. */
    long[] key = new long[16];
    boolean[] alive = new boolean[16];

    /** A free slot, marked alive. */
    int alloc() {
        int m;
        if (!free.isEmpty()) {
            m = free.popInt();
        } else {
            m = count++;
            if (m == profile.length) {
                reserve(m * 2);
            }
        }
        alive[m] = true;
        live++;
        return m;
    }

    /** Frees slot m and invalidates its timers. */
    void release(int m) {
        alive[m] = false;
        gen[m]++;
        live--;
        free.add(m);
    }

    /** Grows the tables to at least {@code expected} slots. */
    void reserve(int expected) {
        if (expected > profile.length) {
            profile = Arrays.copyOf(profile, expected);
            def = Arrays.copyOf(def, expected);
            step = Arrays.copyOf(step, expected);
            stay = Arrays.copyOf(stay, expected);
            stayGen = Arrays.copyOf(stayGen, expected);
            entry = Arrays.copyOf(entry, expected);
            offer = Arrays.copyOf(offer, expected);
            due = Arrays.copyOf(due, expected);
            attempt = Arrays.copyOf(attempt, expected);
            gen = Arrays.copyOf(gen, expected);
            key = Arrays.copyOf(key, expected);
            alive = Arrays.copyOf(alive, expected);
        }
    }
}
