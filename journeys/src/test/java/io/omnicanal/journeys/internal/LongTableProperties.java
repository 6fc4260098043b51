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

/** The interleaved open-addressing table against java.util.HashMap, under puts, removes and growth. */
class LongTableProperties {

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
