package io.omnicanal.segmentation.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;

/**
 * A count ring's deadline read from its table of crossings ({@link AggSlot#ringDeadline}) is the instant the
 * walk over its times ({@link AggSlot#walkTimes}) finds, for any ranges, ring and times (ties included).
 */
class RingDeadlineProperties {
    private static final double[] BOUNDS = {Double.NEGATIVE_INFINITY, -1, 0, 0.5, 1, 1.5, 2, 2.5, 3, 4, 5, 7, 8,
        Double.POSITIVE_INFINITY};

    @Property(tries = 2000)
    void tableGivesTheWalksInstant(@ForAll long seed) {
        Random rnd = new Random(seed);
        int k = 1 + rnd.nextInt(4);
        double[] r = new double[2 * k];
        for (int j = 0; j < k; j++) {
            r[2 * j] = BOUNDS[rnd.nextInt(BOUNDS.length - 1)];
            r[2 * j + 1] = BOUNDS[1 + rnd.nextInt(BOUNDS.length - 1)];
        }
        int ring = 1 + rnd.nextInt(AggSlot.RING_MAX);
        long[] cross = AggSlot.crossings(r, ring);
        int from = rnd.nextInt(3);
        long[] t = new long[from + ring];
        long time = 1_000_000;
        for (int i = 0; i < ring; i++) {
            time -= rnd.nextInt(3) == 0 ? 0 : 1 + rnd.nextInt(1000); // a third of the times equal the newer one
            t[from + i] = time;
        }
        long window = 1 + rnd.nextInt(5000);
        for (int n = 0; n <= ring; n++) {
            assertThat(AggSlot.ringDeadline(t, from, n, cross, window))
                    .as("ranges %s, times %s, n %d", java.util.Arrays.toString(r), java.util.Arrays.toString(t), n)
                    .isEqualTo(AggSlot.walkTimes(t, from, n, r, window));
        }
    }
}
