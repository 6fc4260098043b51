package io.omnicanal.journeys.internal;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;

import static org.assertj.core.api.Assertions.assertThat;

/** The 4-ary timer heap against the JDK's binary PriorityQueue ordered by (time, payload). */
class TimerHeapProperties {

    @Property(tries = 300)
    void popsInTimeThenPayloadOrder(@ForAll @Size(max = 400) List<@IntRange(min = 0, max = 40) Integer> times,
                                    @ForAll @Size(max = 400) List<@IntRange(min = 0, max = 2) Integer> ops) {
        TimerHeap heap = new TimerHeap();
        PriorityQueue<long[]> oracle = new PriorityQueue<>(Comparator.<long[]>comparingLong(e -> e[0]).thenComparingLong(e -> e[1]));
        List<long[]> popped = new ArrayList<>();
        List<long[]> expected = new ArrayList<>();
        int k = 0;
        for (int t : times) {
            long payload = (t * 7919L + k) % 13;
            heap.push(t, payload);
            oracle.add(new long[] {t, payload});
            // interleave pops, as the engine does while it pushes new waits from fired timers
            if (k < ops.size() && ops.get(k) == 0 && heap.size() > 0) {
                expected.add(oracle.poll());
                popped.add(new long[] {heap.peekTime(), heap.peekPayload()});
                heap.pop();
            }
            k++;
        }
        assertThat(heap.size()).isEqualTo(oracle.size());
        while (heap.size() > 0) {
            popped.add(new long[] {heap.peekTime(), heap.peekPayload()});
            heap.pop();
            expected.add(oracle.poll());
        }
        assertThat(heap.peekTime()).isEqualTo(Long.MAX_VALUE);
        assertThat(popped).usingElementComparator(Comparator.<long[]>comparingLong(e -> e[0]).thenComparingLong(e -> e[1]))
                .containsExactlyElementsOf(expected);
    }

    @Property(tries = 100)
    void pushingInArrayOrderRebuildsTheSameArray(@ForAll @Size(max = 300) List<@IntRange(min = 0, max = 1000) Integer> times) {
        TimerHeap heap = new TimerHeap();
        for (int i = 0; i < times.size(); i++) {
            heap.push(times.get(i), i % 5);
        }
        TimerHeap copy = new TimerHeap();
        for (int i = 0; i < heap.size(); i++) {
            copy.push(heap.timeAt(i), heap.payloadAt(i));
        }
        for (int i = 0; i < heap.size(); i++) {
            assertThat(copy.timeAt(i)).isEqualTo(heap.timeAt(i));
            assertThat(copy.payloadAt(i)).isEqualTo(heap.payloadAt(i));
        }
    }
}
