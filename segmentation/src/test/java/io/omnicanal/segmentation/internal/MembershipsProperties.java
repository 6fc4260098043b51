package io.omnicanal.segmentation.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.TreeSet;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.roaringbitmap.RoaringBitmap;

/**
 * The membership bitmaps equal a {@link TreeSet} per segment toggled the same way, whether the toggle logs
 * are folded by a read soon after the last fold (a short log over many rows: sorted), by a read after many
 * toggles (the scratch bit array), or by reaching the log limit.
 */
class MembershipsProperties {
    @Property(tries = 40)
    void bitmapsEqualToggledSets(@ForAll long seed) {
        Random rnd = new Random(seed);
        int segments = 1 + rnd.nextInt(4);
        int rows = 1 + rnd.nextInt(rnd.nextBoolean() ? 200 : 200_000);
        RoaringBitmap[] initial = new RoaringBitmap[segments];
        List<TreeSet<Integer>> ref = new ArrayList<>();
        for (int s = 0; s < segments; s++) {
            initial[s] = new RoaringBitmap();
            TreeSet<Integer> set = new TreeSet<>();
            for (int i = rnd.nextInt(50); i > 0; i--) {
                int r = rnd.nextInt(rows);
                initial[s].add(r);
                set.add(r);
            }
            ref.add(set);
        }
        Memberships m = new Memberships(initial);
        int steps = rnd.nextInt(4) == 0 ? 2 * Memberships.LOG_LIMIT + 10 : 3_000;
        // A few hot rows (toggled many times: even counts cancel) among random ones.
        int[] hot = {0, rows - 1, rows / 2};
        for (int step = 0; step < steps; step++) {
            int s = rnd.nextInt(segments);
            int r = rnd.nextInt(3) == 0 ? hot[rnd.nextInt(hot.length)] : rnd.nextInt(rows);
            m.toggle(s, r);
            if (!ref.get(s).remove(r)) {
                ref.get(s).add(r);
            }
            if (rnd.nextInt(steps > 10_000 ? 20_000 : 300) == 0) {
                int q = rnd.nextInt(segments);
                assertThat(m.bitmap(q).toArray()).containsExactly(ints(ref.get(q)));
            }
        }
        for (int s = 0; s < segments; s++) {
            assertThat(m.bitmap(s).toArray()).containsExactly(ints(ref.get(s)));
        }
    }

    private static int[] ints(TreeSet<Integer> set) {
        return set.stream().mapToInt(Integer::intValue).toArray();
    }
}
