package io.omnicanal.journeys.internal;

import it.unimi.dsi.fastutil.ints.IntArrayList;
import it.unimi.dsi.fastutil.longs.Long2IntOpenHashMap;

import java.util.Arrays;

/**
 * Pending anniversary entries (birthdays, renewals) per (profile, journey family): a map from
 * {@code key(profile, family)} to a slot, and per slot the profile, family, due time, generation and liveness.
 * Not thread-safe.
 */
final class DateTable {
    final Long2IntOpenHashMap slotOf = new Long2IntOpenHashMap();
    final IntArrayList free = new IntArrayList();
    int count;
    int[] profile = new int[16];
    int[] family = new int[16];
    long[] due = new long[16];
    int[] gen = new int[16];
    boolean[] alive = new boolean[16];

    DateTable() {
        slotOf.defaultReturnValue(-1);
    }

    /** A new live slot for {@code key}. */
    int alloc(long key, int p, int f) {
        int d;
        if (!free.isEmpty()) {
            d = free.popInt();
        } else {
            d = count++;
            if (d == profile.length) {
                reserve(d * 2);
            }
        }
        profile[d] = p;
        family[d] = f;
        alive[d] = true;
        slotOf.put(key, d);
        return d;
    }

    /** Frees the slot of {@code key}, if any, invalidating its timer. */
    void release(long key) {
        int d = slotOf.remove(key);
        if (d >= 0) {
            alive[d] = false;
            gen[d]++;
            free.add(d);
        }
    }

    /** Grows the tables to at least {@code expected} slots. */
    void reserve(int expected) {
        if (expected > profile.length) {
            profile = Arrays.copyOf(profile, expected);
            family = Arrays.copyOf(family, expected);
            due = Arrays.copyOf(due, expected);
            gen = Arrays.copyOf(gen, expected);
            alive = Arrays.copyOf(alive, expected);
        }
    }
}
