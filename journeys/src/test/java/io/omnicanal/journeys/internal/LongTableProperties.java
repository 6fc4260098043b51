package io.omnicanal.journeys.internal;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import net.jqwik.api.constraints.Size;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The interleaved open-addressing table (plain and hashed by profile) and the profile index against
 * java.util.HashMap, under puts, removes and growth.
 */
class LongTableProperties {

    @Property(tries = 300)
    void byProfileBehavesLikeAHashMap(@ForAll @Size(max = 600) List<@IntRange(min = 0, max = 40) Integer> profiles,
                                      @ForAll @Size(max = 600) List<@IntRange(min = 0, max = 23) Integer> kindAndId,
                                      @ForAll @Size(max = 600) List<@IntRange(min = 0, max = 2) Integer> ops) {
        LongTable table = new LongTable(-7, true);
        Map<Long, Long> oracle = new HashMap<>();
        int n = Math.min(profiles.size(), kindAndId.size());
        for (int i = 0; i < n; i++) {
            // many keys per profile share a home slot: clusters of one profile, of several, wrapping the table
            long key = factKey(kindAndId.get(i) / 6, profiles.get(i), kindAndId.get(i) % 6);
            int op = i < ops.size() ? ops.get(i) : 0;
            if (op == 2) {
                assertThat(table.remove(key)).isEqualTo(oracle.remove(key) != null);
            } else {
                table.put(key, i);
                oracle.put(key, (long) i);
            }
            assertThat(table.size()).isEqualTo(oracle.size());
        }
        for (int kind = 0; kind < 4; kind++) {
            for (int p = 0; p <= 40; p++) {
                for (int id = 0; id < 6; id++) {
                    long key = factKey(kind, p, id);
                    assertThat(table.get(key)).isEqualTo(oracle.getOrDefault(key, -7L));
                    assertThat(table.get(key, 99L)).isEqualTo(oracle.getOrDefault(key, 99L));
                    assertThat(table.containsKey(key)).isEqualTo(oracle.containsKey(key));
                }
            }
        }
        assertThat(table.keys()).containsExactly(oracle.keySet().stream().sorted().mapToLong(Long::longValue).toArray());
        // one walk of a profile's cluster finds exactly that profile's keys, whatever was removed around them
        for (int p = 0; p <= 40; p++) {
            it.unimi.dsi.fastutil.longs.LongArrayList found = new it.unimi.dsi.fastutil.longs.LongArrayList();
            table.keysOfProfile(p, found);
            long profile = p;
            assertThat(found.toLongArray()).containsExactlyInAnyOrder(oracle.keySet().stream()
                    .filter(k -> (k & ~JourneyRuntime.KIND_BITS) >>> JourneyRuntime.ID_BITS == profile)
                    .mapToLong(Long::longValue).toArray());
        }
    }

    /** Ids 0, 1, 2 and three at and beyond 2^24 (where the old 24-bit id field ran into the profile bits). */
    private static final int[] IDS = {0, 1, 2, 1 << 24, (1 << 24) + 1, Integer.MAX_VALUE};

    private static long factKey(int kind, int p, int id) {
        return ((long) kind << 62) | JourneyRuntime.key(p, IDS[id]);
    }

    @Property(tries = 200)
    void profileIndexBehavesLikeAHashMap(@ForAll @Size(max = 400) List<@LongRange(min = -5, max = 80) Long> keys,
                                         @ForAll @Size(max = 400) List<@IntRange(min = 0, max = 2) Integer> ops) {
        ProfileTable prof = new ProfileTable(new CapLedger(List.of(), java.time.Instant.EPOCH), 16);
        ProfileIndex index = new ProfileIndex(prof);
        Map<Long, Integer> oracle = new HashMap<>();
        java.util.ArrayDeque<Integer> free = new java.util.ArrayDeque<>();
        int count = 0;
        for (int i = 0; i < keys.size(); i++) {
            long key = keys.get(i) % 4 == 0 ? keys.get(i) << 36 : keys.get(i);
            int op = i < ops.size() ? ops.get(i) : 0;
            if (op == 2) {
                Integer p = oracle.remove(key);
                assertThat(index.remove(key)).isEqualTo(p != null);
                if (p != null) {
                    free.push(p);
                }
            } else if (!oracle.containsKey(key)) {
                // the engine's order: a free or new record takes the key, then the index points at it
                int p = free.isEmpty() ? count++ : free.pop();
                prof.grow(p + 1);
                prof.reset(p, key);
                index.put(key, p);
                oracle.put(key, p);
            }
            assertThat(index.size()).isEqualTo(oracle.size());
        }
        for (long k = -5; k <= 80; k++) {
            for (long key : new long[] {k, k << 36}) {
                assertThat(index.get(key)).isEqualTo(oracle.getOrDefault(key, -1));
            }
        }
        assertThat(index.keys()).containsExactly(oracle.keySet().stream().sorted().mapToLong(Long::longValue).toArray());
    }

    @Property(tries = 300)
    void behavesLikeAHashMap(@ForAll @Size(max = 600) List<@LongRange(min = -3, max = 60) Long> keys,
                             @ForAll @Size(max = 600) List<@IntRange(min = 0, max = 2) Integer> ops) {
        LongTable table = new LongTable(-7);
        Map<Long, Long> oracle = new HashMap<>();
        for (int i = 0; i < keys.size(); i++) {
            // spread some keys far apart and keep small ones, so that clusters wrap and collide
            long key = keys.get(i) % 3 == 0 ? keys.get(i) << 40 : keys.get(i);
            int op = i < ops.size() ? ops.get(i) : 0;
            if (op == 2) {
                assertThat(table.remove(key)).isEqualTo(oracle.remove(key) != null);
            } else {
                table.put(key, i);
                oracle.put(key, (long) i);
            }
            assertThat(table.size()).isEqualTo(oracle.size());
        }
        for (long k = -3; k <= 60; k++) {
            for (long key : new long[] {k, k << 40}) {
                assertThat(table.get(key)).isEqualTo(oracle.getOrDefault(key, -7L));
                assertThat(table.containsKey(key)).isEqualTo(oracle.containsKey(key));
            }
        }
        assertThat(table.keys()).containsExactly(oracle.keySet().stream().sorted().mapToLong(Long::longValue).toArray());
    }

    @Property(tries = 50)
    void removingEverythingLeavesAnEmptyTable(@ForAll @Size(max = 300) List<@LongRange(min = 0, max = 1000) Long> keys) {
        LongTable table = new LongTable(0);
        table.ensureCapacity(keys.size());
        keys.forEach(k -> table.put(k * 1_000_003L, k + 1));
        keys.forEach(k -> table.remove(k * 1_000_003L));
        assertThat(table.size()).isZero();
        assertThat(table.keys()).isEmpty();
        keys.forEach(k -> assertThat(table.get(k * 1_000_003L)).isZero());
    }
}
