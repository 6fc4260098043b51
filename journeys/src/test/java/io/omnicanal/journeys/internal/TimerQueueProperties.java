package io.omnicanal.journeys.internal;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import net.jqwik.api.constraints.Size;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;

/** The 4-ary heap and the calendar queue against the JDK's PriorityQueue ordered by (time, payload). */
class TimerQueueProperties {
    static final Comparator<long[]> ORDER = Comparator.<long[]>comparingLong(e -> e[0]).thenComparingLong(e -> e[1]);
    /** One calendar bucket in ms. */
    static final long BUCKET = 1L << CalendarQueue.SHIFT;

    @Property(tries = 200)
    void heapPopsInOrder(@ForAll @Size(max = 400) List<@IntRange(min = 0, max = 40) Integer> deltas,
                         @ForAll @Size(max = 400) List<@IntRange(min = 0, max = 3) Integer> ops) {
        check(TimerHeap::new, deltas, ops, 1);
    }

    /**
     * Deltas in buckets: small ones share buckets, large ones cross the 2048-bucket horizon into the overflow;
     * op 4 reads ahead (moves entries into the front), which must not change the pop order.
     */
    @Property(tries = 300)
    void calendarQueuePopsInOrder(@ForAll @Size(max = 400) List<@IntRange(min = 0, max = 20_000) Integer> deltas,
                                  @ForAll @Size(max = 400) List<@IntRange(min = 0, max = 4) Integer> ops,
                                  @ForAll @LongRange(min = 1, max = BUCKET) long unit) {
        check(CalendarQueue::new, deltas, ops, unit);
    }

    /**
     * Pushes at "now + delta * unit" (now = the last popped time, as in the engine, and sometimes before it),
     * popping one entry whenever op is 0 and two when 1, then drains; the pops must match the oracle's.
     */
    static void check(Supplier<TimerQueue> make, List<Integer> deltas, List<Integer> ops, long unit) {
        TimerQueue q = make.get();
        PriorityQueue<long[]> oracle = new PriorityQueue<>(ORDER);
        List<long[]> popped = new ArrayList<>();
        List<long[]> expected = new ArrayList<>();
        long now = 5_000_000_000L;
        for (int k = 0; k < deltas.size(); k++) {
            long t = now + deltas.get(k) * unit - (k % 17 == 0 ? 3 * unit : 0);
            long payload = (t * 7919L + k) % 13;
            q.push(t, payload);
            oracle.add(new long[] {t, payload});
            int op = k < ops.size() ? ops.get(k) : 3;
            if (op == 4 && q instanceof CalendarQueue c) {
                // read ahead up to a time some pushes ahead; the front must be the oracle's first entries
                long until = now + deltas.get((k * 31) % deltas.size()) * unit;
                int max = 1 + k % 40;
                int before = c.size();
                int moved = c.readAhead(until, max);
                assertThat(c.size()).isEqualTo(before);
                List<long[]> first = new ArrayList<>(oracle);
                first.sort(ORDER);
                for (int m = 0; m < moved; m++) {
                    assertThat(first.get(m)[0]).isLessThanOrEqualTo(until);
                    assertThat(c.frontPayload(m)).isEqualTo(first.get(m)[1]);
                }
                assertThat(moved).isLessThanOrEqualTo(max);
            }
            for (int n = op == 0 ? 1 : op == 1 ? 2 : 0; n > 0 && q.size() > 0; n--) {
                expected.add(oracle.poll());
                popped.add(new long[] {q.peekTime(), q.peekPayload()});
                now = Math.max(now, q.peekTime());
                q.pop();
            }
            assertThat(q.size()).isEqualTo(oracle.size());
            assertThat(q.peekTime()).isEqualTo(oracle.isEmpty() ? Long.MAX_VALUE : oracle.peek()[0]);
        }
        long[] sorted = q.sortedEntries();
        List<long[]> rest = new ArrayList<>(oracle);
        rest.sort(ORDER);
        assertThat(sorted).hasSize(2 * rest.size());
        for (int i = 0; i < rest.size(); i++) {
            assertThat(new long[] {sorted[2 * i], sorted[2 * i + 1]}).containsExactly(rest.get(i));
        }
        while (q.size() > 0) {
            popped.add(new long[] {q.peekTime(), q.peekPayload()});
            q.pop();
            expected.add(oracle.poll());
        }
        assertThat(q.peekTime()).isEqualTo(Long.MAX_VALUE);
        assertThat(popped).usingElementComparator(ORDER).containsExactlyElementsOf(expected);
    }

    @Property(tries = 100)
    void pushingInArrayOrderRebuildsTheSameHeap(@ForAll @Size(max = 300) List<@IntRange(min = 0, max = 1000) Integer> times) {
        TimerHeap heap = new TimerHeap();
        for (int i = 0; i < times.size(); i++) {
            heap.push(times.get(i), i % 5);
        }
        TimerHeap copy = new TimerHeap(1);
        heap.forEach(copy::push);
        for (int i = 0; i < heap.size(); i++) {
            assertThat(copy.timeAt(i)).isEqualTo(heap.timeAt(i));
            assertThat(copy.payloadAt(i)).isEqualTo(heap.payloadAt(i));
        }
    }
}
