package io.omnicanal.journeys;

import org.junit.jupiter.api.Test;

import java.lang.reflect.Method;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** The hot path does not allocate: entries, waits, restarts, goals, exits and skipped messages. */
class AllocationTest {

    @Test
    void onEventAllocatesNothingUnlessAMessageIsDelivered() {
        AllocationCounter threads = AllocationCounter.current();
        assumeTrue(threads != null, "HotSpot per-thread allocation counter");

        JourneyEngine e = JourneyEngine.builder().start(Recorder.T0).cap(FrequencyCap.total(2, Duration.ofDays(1)))
                .sender(Channel.EMAIL, a -> SendOutcome.DELIVERED).build();
        e.deploy(Journey.builder("browse").reEntry(ReEntry.always())
                .entry(Trigger.event("view", new Condition.In(Condition.Source.EVENT, "category", List.of("bags", "shoes"))))
                .goal(Trigger.event("purchase"))
                .exit(Trigger.event("complaint"))
                .step(new Step.WaitForEvent("w", Trigger.event("add_to_cart"), Duration.ofMinutes(30), Trigger.event("view"),
                        "end", "nudge"))
                .step(new Step.Send("nudge", "still_looking", null, Delivery.marketing(Channel.EMAIL), null))
                .step(new Step.Exit("end")).build());
        int profiles = 1000;
        e.reserve(profiles, 2 * profiles);
        for (long p = 0; p < profiles; p++) {
            e.setTrait(p, "tier", "gold"); // no channel: every nudge is skipped as UNREACHABLE, nothing delivered
        }
        String[] types = {"view", "view", "add_to_cart", "purchase", "complaint", "visit"};
        Map<String, String> bags = Map.of("category", "bags");
        // one event a second: the warm-up (600k s, about 6.9 days) turns the timer calendar's 6.2-day window
        // once, after which its buckets have their steady capacity
        int n = 700_000;
        JourneyEvent[] events = new JourneyEvent[n];
        for (int i = 0; i < n; i++) {
            events[i] = new JourneyEvent((i * 7919L) % profiles, types[(i * 31) % types.length], Recorder.T0.plusSeconds(i), bags);
        }
        int warm = 600_000;
        for (int i = 0; i < warm; i++) {
            e.onEvent(events[i]);
        }
        long before = threads.getCurrentThreadAllocatedBytes();
        for (int i = warm; i < n; i++) {
            e.onEvent(events[i]);
        }
        long allocated = threads.getCurrentThreadAllocatedBytes() - before;
        assertThat(e.stats().delivered()).isZero();
        assertThat(e.stats().timersFired()).as("the waits time out and the skipped nudges run").isPositive();
        assertThat(allocated).as("bytes allocated by 100k events").isLessThan(16 * 1024);
        // the counter does see allocation (so the bound above is not vacuous)
        long mark = threads.getCurrentThreadAllocatedBytes();
        byte[] megabyte = new byte[1 << 20];
        assertThat(threads.getCurrentThreadAllocatedBytes() - mark + megabyte.length - megabyte.length).isGreaterThanOrEqualTo(1 << 20);
    }

    /**
     * com.sun.management.ThreadMXBean#getCurrentThreadAllocatedBytes through reflection: the tests compile as
     * a patch of the library module, which does not read java.management.
     */
    static final class AllocationCounter {
        private final Object bean;
        private final Method method;

        private AllocationCounter(Object bean, Method method) {
            this.bean = bean;
            this.method = method;
        }

        static AllocationCounter current() {
            try {
                Object bean = Class.forName("java.lang.management.ManagementFactory").getMethod("getThreadMXBean").invoke(null);
                Class<?> hotspot = Class.forName("com.sun.management.ThreadMXBean");
                if (!hotspot.isInstance(bean) || !(Boolean) hotspot.getMethod("isThreadAllocatedMemoryEnabled").invoke(bean)) {
                    return null;
                }
                return new AllocationCounter(bean, hotspot.getMethod("getCurrentThreadAllocatedBytes"));
            } catch (ReflectiveOperationException | RuntimeException e) {
                return null;
            }
        }

        long getCurrentThreadAllocatedBytes() {
            try {
                return (Long) method.invoke(bean);
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException(e);
            }
        }
    }
}
