package io.omnicanal.benchmarks.journeys;

import io.omnicanal.journeys.Channel;
import io.omnicanal.journeys.JourneyEngine;
import io.omnicanal.journeys.JourneyEvent;

import java.lang.management.ManagementFactory;
import java.time.Instant;
import java.util.Locale;

/**
 * Retained heap per profile: an engine with {@code n} profiles (reachable with consent on two channels),
 * then with each of them in a journey, waiting on a timer (its stay, its timer-heap entry, its entry
 * history). Heap used is read after full collections.
 *
 * Then the steady-state allocation per input on the benchmark's workload (see {@link #allocation(int)}).
 *
 * <p>Run: {@code java -Xmx8g -cp benchmarks.jar io.omnicanal.benchmarks.journeys.JourneyMemory 1000000}
 */
public final class JourneyMemory {
    private JourneyMemory() {}

    /** Prints bytes per profile for the profile record and for a stay. */
    public static void main(String[] args) {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        System.out.printf(Locale.ROOT, "collectors: %s, max heap %d MB%n", ManagementFactory.getGarbageCollectorMXBeans().stream()
                .map(java.lang.management.GarbageCollectorMXBean::getName).toList(), Runtime.getRuntime().maxMemory() >> 20);
        long before = usedAfterGc();
        JourneyEngine engine = JourneyWorkload.engine(true).build();
        engine.deploy(JourneyWorkload.twoWaits());
        engine.reserve(n, n);
        for (long k = 1; k <= n; k++) {
            engine.setReachable(k, Channel.EMAIL, true);
            engine.setConsent(k, Channel.EMAIL, "marketing", true);
            engine.setReachable(k, Channel.PUSH, true);
            engine.setConsent(k, Channel.PUSH, "marketing", true);
        }
        long profiles = usedAfterGc();
        Instant t = JourneyWorkload.START;
        for (long k = 1; k <= n; k++) {
            engine.onEvent(JourneyEvent.of(k, "signup", t.plusMillis(k)));
        }
        long stays = usedAfterGc();
        System.out.printf(Locale.ROOT, "profiles=%d stays=%d%n", n, engine.stats().stays());
        System.out.printf(Locale.ROOT, "profile record (caps on: 3/week + 1 SMS/day): %.1f bytes/profile%n", (profiles - before) / (double) n);
        System.out.printf(Locale.ROOT, "stay in a journey (waiting on a timer):     %.1f bytes/profile%n", (stays - profiles) / (double) n);
        System.out.printf(Locale.ROOT, "total per profile in a journey:             %.1f bytes%n", (stays - before) / (double) n);
        if (engine.stats().stays() != n) {
            throw new IllegalStateException("expected every profile in the journey");
        }
        engine = null;
        allocation(n);
    }

    /**
     * Bytes allocated by the engine's thread per input while streaming the benchmark's ten-journey workload
     * (inputs pre-built; delivered actions are the only intended allocation). JMH's gc.alloc.rate.norm for
     * the single-shot benchmarks also counts the iteration set-up (engine construction, registration), so
     * the steady-state figure is measured here with the thread's allocation counter.
     */
    static void allocation(int n) {
        JourneyWorkload w = new JourneyWorkload(n, 42);
        JourneyEvent[] events = w.events();
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        for (int round = 0; round < 2; round++) {
            JourneyEngine ten = JourneyWorkload.engine(true).build();
            JourneyWorkload.tenJourneys().forEach(ten::deploy);
            w.register(ten, true);
            JourneyEngine cart = JourneyWorkload.engine(false).build();
            cart.deploy(JourneyWorkload.cartAbandonment());
            w.register(cart, false);
            long a0 = threads.getCurrentThreadAllocatedBytes();
            for (JourneyEvent e : events) {
                JourneyWorkload.feed(ten, e);
            }
            ten.advanceTo(Instant.ofEpochMilli(w.end));
            long a1 = threads.getCurrentThreadAllocatedBytes();
            int cartEvents = 0;
            for (int i = 0; i < events.length; i++) {
                if (w.type[i] == JourneyWorkload.CART || w.type[i] == JourneyWorkload.PURCHASE) {
                    cart.onEvent(events[i]);
                    cartEvents++;
                }
            }
            cart.advanceTo(Instant.ofEpochMilli(w.end));
            long a2 = threads.getCurrentThreadAllocatedBytes();
            System.out.printf(Locale.ROOT, "round %d: ten journeys: %d events, %d delivered, %.1f bytes allocated/event, %.1f bytes/delivered action%n",
                    round, events.length, ten.stats().delivered(), (a1 - a0) / (double) events.length,
                    (a1 - a0) / (double) ten.stats().delivered());
            System.out.printf(Locale.ROOT, "round %d: cart journey: %d events, %d delivered, %.1f bytes allocated/event, %.1f bytes/delivered action%n",
                    round, cartEvents, cart.stats().delivered(), (a2 - a1) / (double) cartEvents,
                    (a2 - a1) / (double) cart.stats().delivered());
        }
    }

    private static long usedAfterGc() {
        long used = Long.MAX_VALUE;
        for (int i = 0; i < 5; i++) {
            System.gc();
            used = Math.min(used, ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed());
        }
        return used;
    }
}
