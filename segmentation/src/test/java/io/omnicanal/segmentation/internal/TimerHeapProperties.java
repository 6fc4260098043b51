package io.omnicanal.segmentation.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.PriorityQueue;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;

/** The heap pops exactly what {@link PriorityQueue} (the JDK's binary heap) pops, under any interleaving. */
class TimerHeapProperties {
    @Property(tries = 200)
    void popsInTheSameOrderAsPriorityQueue(@ForAll long seed) {
        Random rnd = new Random(seed);
        TimerHeap heap = new TimerHeap();
        PriorityQueue<long[]> ref = new PriorityQueue<>((x, y) -> x[0] != y[0] ? Long.compare(x[0], y[0])
                : Long.compare(x[1], y[1]));
        for (int step = 0; step < 2000; step++) {
            if (rnd.nextInt(3) > 0) {
                long t = rnd.nextInt(50);
                long id = rnd.nextInt(1 << 20) * 1000L;
                heap.push(t, id);
                ref.add(new long[] {t, id});
            } else if (!ref.isEmpty()) {
                long[] e = ref.poll();
                assertThat(new long[] {heap.peekTime(), heap.peekId()}).containsExactly(e);
                heap.pop();
            }
            assertThat(heap.size()).isEqualTo(ref.size());
        }
    }
}
