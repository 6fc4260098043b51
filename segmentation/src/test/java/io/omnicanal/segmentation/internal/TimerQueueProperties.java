package io.omnicanal.segmentation.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.PriorityQueue;
import java.util.Random;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;

/**
 * The calendar queue pops exactly what {@link PriorityQueue} pops, with deadlines in the current bucket,
 * across the ring, beyond its horizon, and pushed behind the current bucket, as the engine does.
 */
class TimerQueueProperties {
    @Property(tries = 200)
    void popsInTheSameOrderAsPriorityQueue(@ForAll long seed) {
        Random rnd = new Random(seed);
        TimerQueue q = new TimerQueue();
        PriorityQueue<long[]> ref = new PriorityQueue<>((x, y) -> x[0] != y[0] ? Long.compare(x[0], y[0])
                : Long.compare(x[1], y[1]));
        long now = 1_700_000_000_000L + rnd.nextInt(1 << 30);
        long[] spans = {10, 1L << 20, 1L << 26, 1L << 36, 1L << 38, 1L << 42};
        for (int step = 0; step < 3000; step++) {
            int op = rnd.nextInt(10);
            if (op < 6) {
                long t = now + 1 + (long) (rnd.nextDouble() * spans[rnd.nextInt(spans.length)]);
                long id = rnd.nextInt(1000);
                q.push(t, id);
                ref.add(new long[] {t, id});
            } else if (!ref.isEmpty()) {
                long[] e = ref.poll();
                assertThat(q.isEmpty()).isFalse();
                assertThat(new long[] {q.peekTime(), q.peekId()}).containsExactly(e);
                q.pop();
                now = e[0];
            }
            assertThat(q.size()).isEqualTo(ref.size());
            assertThat(q.isEmpty()).isEqualTo(ref.isEmpty());
            assertThat(q.spareLongs()).isLessThanOrEqualTo(TimerQueue.POOL_LONGS);
        }
        while (!ref.isEmpty()) {
            long[] e = ref.poll();
            assertThat(new long[] {q.peekTime(), q.peekId()}).containsExactly(e);
            q.pop();
        }
        assertThat(q.isEmpty()).isTrue();
        assertThat(q.attachedBuckets()).isZero();
    }

    /**
     * A year of event time sweeps some 30 000 buckets; once poured, none keeps its array (the old ring kept
     * every array up to 1 024 longs), and the spare pool stays within its cap however large the buckets were.
     */
    @Example
    void pouredBucketsReleaseTheirArrays() {
        TimerQueue q = new TimerQueue();
        long t0 = 1_700_000_000_000L;
        long bucket = 1L << 20;
        int buckets = 30_000;
        for (int b = 0; b < buckets; b++) {
            int n = b % 100 == 0 ? 600 : 1;
            for (int k = 0; k < n; k++) {
                q.push(t0 + (b + 1) * bucket + k, b);
            }
            while (!q.isEmpty() && q.peekTime() <= t0 + b * bucket + bucket - 1) {
                q.pop();
            }
            assertThat(q.attachedBuckets()).isLessThanOrEqualTo(2);
            assertThat(q.spareLongs()).isLessThanOrEqualTo(TimerQueue.POOL_LONGS);
        }
        while (!q.isEmpty()) {
            q.pop();
        }
        assertThat(q.attachedBuckets()).isZero();
        assertThat(q.bytes()).isLessThan(8L * TimerQueue.POOL_LONGS + (2L << 20));
    }
}
