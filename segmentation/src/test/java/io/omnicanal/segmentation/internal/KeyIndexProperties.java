package io.omnicanal.segmentation.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;

/** The key index answers exactly as {@link HashMap} under random puts, overwrites and removals. */
class KeyIndexProperties {
    @Property(tries = 100)
    void behavesLikeHashMap(@ForAll long seed) {
        Random rnd = new Random(seed);
        KeyIndex index = new KeyIndex();
        Map<Long, Integer> ref = new HashMap<>();
        // Few distinct keys so that probe runs collide, wrap around and shrink; some extreme keys.
        long[] pool = new long[1 + rnd.nextInt(3000)];
        for (int i = 0; i < pool.length; i++) {
            pool[i] = switch (rnd.nextInt(4)) {
                case 0 -> i;
                case 1 -> rnd.nextLong();
                case 2 -> (long) i << 32;
                default -> i % 2 == 0 ? Long.MIN_VALUE + i : Long.MAX_VALUE - i;
            };
        }
        for (int step = 0; step < 6000; step++) {
            long key = pool[rnd.nextInt(pool.length)];
            int op = rnd.nextInt(10);
            if (op < 6) {
                int row = rnd.nextInt(Integer.MAX_VALUE);
                index.put(key, row);
                ref.put(key, row);
            } else if (op < 9) {
                index.remove(key);
                ref.remove(key);
            }
            assertThat(index.get(key)).isEqualTo(ref.getOrDefault(key, -1));
            assertThat(index.size()).isEqualTo(ref.size());
        }
        for (long key : pool) {
            assertThat(index.get(key)).isEqualTo(ref.getOrDefault(key, -1));
        }
    }
}
