package io.omnicanal.benchmarks.journeys;

import io.omnicanal.journeys.JourneyEngine;
import io.omnicanal.journeys.JourneyEvent;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Journeys on a two-week stream of {@code profiles} shoppers (about 6.2 events per profile, see
 * {@link JourneyWorkload}); each benchmark processes the whole stream once per iteration on a fresh engine
 * built in an iteration set-up (not timed), so the score is milliseconds per stream and
 * events/s = events / score (the event counts are printed at set-up). Single-threaded: one core.
 *
 * <ul>
 *   <li>{@link #tenJourneysBatched}: the same stream handed over with {@code onEvents} in runs of up to 256.</li>
 *   <li>{@link #tenJourneys}: all ten journeys, caps (3/week, 1 SMS/day), quiet hours, arbitration, rate limit
 *       and birthdays on; every event of the stream, then time advanced one day past the end.</li>
 *   <li>{@link #cartJourney}, {@link #siddhiPattern} and {@link #siddhiWindow}: the shared pattern - add_to_cart
 *       not followed by purchase within an hour - on the stream's add_to_cart and purchase events only; ours
 *       without pressure rules, Siddhi in playback mode (see {@link SiddhiCart} for the two formulations).</li>
 *   <li>{@link #timers}: every profile waits in a two-wait journey; one {@code advanceTo} fires 2 x profiles
 *       timers.</li>
 * </ul>
 *
 * <p>The forks run on a fixed, pre-touched heap ({@code -Xms8g -Xmx8g -XX:+AlwaysPreTouch}, the JVM's state after
 * warm-up in a long-running service): with a growing heap, an iteration could pay for committing and first touching
 * fresh heap pages (up to 118k page faults in one iteration, measured by {@link JourneyRounds}) and the next not.
 * One-at-a-time processing needs two warm-up iterations before its compiled code settles (the second runs 20-30%
 * slower than the rest), hence {@code -wi 2}. What remains of the spread is the machine's: on the build VM the latency
 * of a dependent random load moves between about 155 and 270 ns from one iteration to the next, and the stream's time
 * follows it (see the README).
 *
 * <p>Run (1M profiles; the Siddhi pattern query is impractical at that size, see the README):
 * {@code java -jar benchmarks.jar 'JourneyBenchmark.(tenJourneys|tenJourneysBatched)$' -f 3 -wi 2 -i 6 -prof gc}
 * (and with huge pages:
 * {@code -jvmArgsAppend '-Xms8g -Xmx8g -XX:+AlwaysPreTouch -XX:+UseTransparentHugePages'}, which replaces the
 * annotation's flags, hence the repeated ones);
 * timers: {@code java -jar benchmarks.jar 'JourneyBenchmark.timers' -f 2 -wi 2 -i 4 -prof gc};
 * the shared pattern at 1M, ours against Siddhi's window formulation:
 * {@code java -jar benchmarks.jar 'JourneyBenchmark.(cartJourney|siddhiWindow)$' -f 3 -wi 2 -i 6 -prof gc};
 * and all three cart formulations where the pattern query is practical:
 * {@code java -jar benchmarks.jar 'JourneyBenchmark.(cartJourney|siddhiPattern|siddhiWindow)' -p profiles=20000,200000 -f 2 -wi 1 -i 3 -prof gc}.
 * Memory per profile and steady-state allocation per event: {@link JourneyMemory}; the spread, round by round:
 * {@link JourneyRounds}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@Fork(value = 3, jvmArgsAppend = {"-Xms8g", "-Xmx8g", "-XX:+AlwaysPreTouch"})
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class JourneyBenchmark {

    /** Number of profiles. */
    @Param("1000000")
    public int profiles;

    JourneyWorkload data;
    JourneyEvent[] events;
    JourneyEvent[] cartEvents;
    boolean[] cartIsAdd;
    long[] cartTime;
    Object[][] cartData;
    Instant end;
    /** The stream for {@link #tenJourneysBatched}: runs of up to {@link #BATCH} events between segment changes. */
    Run[] runs;

    /** Events per {@code onEvents} call in {@link #tenJourneysBatched}. */
    static final int BATCH = 256;

    /** A run of events for {@code onEvents}, or (events null) one segment change. */
    record Run(List<JourneyEvent> events, JourneyEvent segmentChange) {}

    /** Builds the seeded stream once. */
    @Setup(Level.Trial)
    public void data() {
        data = new JourneyWorkload(profiles, 42);
        events = data.events();
        int n = 0;
        for (byte t : data.type) {
            n += t == JourneyWorkload.CART || t == JourneyWorkload.PURCHASE ? 1 : 0;
        }
        cartEvents = new JourneyEvent[n];
        cartIsAdd = new boolean[n];
        cartTime = new long[n];
        cartData = new Object[n][];
        for (int i = 0, k = 0; i < events.length; i++) {
            if (data.type[i] == JourneyWorkload.CART || data.type[i] == JourneyWorkload.PURCHASE) {
                cartEvents[k] = events[i];
                cartIsAdd[k] = data.type[i] == JourneyWorkload.CART;
                cartTime[k] = data.time[i];
                cartData[k] = new Object[] {data.profile[i]};
                k++;
            }
        }
        end = Instant.ofEpochMilli(data.end);
        List<Run> plan = new ArrayList<>();
        List<JourneyEvent> all = Arrays.asList(events);
        int from = 0;
        for (int i = 0; i <= events.length; i++) {
            boolean segment = i < events.length && data.type[i] == JourneyWorkload.LAPSED;
            if (i == events.length || segment || i - from == BATCH) {
                if (i > from) {
                    plan.add(new Run(all.subList(from, i), null));
                }
                if (segment) {
                    plan.add(new Run(null, events[i]));
                }
                from = segment ? i + 1 : i;
            }
        }
        runs = plan.toArray(new Run[0]);
        System.out.println("journeys workload: " + profiles + " profiles, " + events.length + " events, " + n
                + " add_to_cart/purchase events");
    }

    /** A fresh engine with the ten journeys and every profile registered. */
    @State(Scope.Thread)
    public static class TenJourneys {
        JourneyEngine engine;

        /** Not timed. */
        @Setup(Level.Iteration)
        public void build(JourneyBenchmark b) {
            engine = JourneyWorkload.engine(true).build();
            JourneyWorkload.tenJourneys().forEach(engine::deploy);
            b.data.register(engine, true);
        }
    }

    /** A fresh engine with the cart journey alone, no pressure rules. */
    @State(Scope.Thread)
    public static class CartEngine {
        JourneyEngine engine;

        /** Not timed. */
        @Setup(Level.Iteration)
        public void build(JourneyBenchmark b) {
            engine = JourneyWorkload.engine(false).build();
            engine.deploy(JourneyWorkload.cartAbandonment());
            b.data.register(engine, false, false);
        }
    }

    /** A fresh Siddhi runtime with the pattern query. */
    @State(Scope.Thread)
    public static class SiddhiPattern {
        SiddhiCart siddhi;
        long sends;

        /** Not timed. */
        @Setup(Level.Iteration)
        public void build() {
            sends = 0;
            siddhi = new SiddhiCart(SiddhiCart.Formulation.PATTERN, (profile, time) -> sends++);
        }

        /** Shuts Siddhi down. */
        @TearDown(Level.Iteration)
        public void close() {
            siddhi.close();
        }
    }

    /** A fresh Siddhi runtime with the window-and-table formulation. */
    @State(Scope.Thread)
    public static class SiddhiWindow {
        SiddhiCart siddhi;
        long sends;

        /** Not timed. */
        @Setup(Level.Iteration)
        public void build() {
            sends = 0;
            siddhi = new SiddhiCart(SiddhiCart.Formulation.WINDOW_TABLE, (profile, time) -> sends++);
        }

        /** Shuts Siddhi down. */
        @TearDown(Level.Iteration)
        public void close() {
            siddhi.close();
        }
    }

    /** A fresh engine where every profile waits in the two-wait journey. */
    @State(Scope.Thread)
    public static class Waiting {
        JourneyEngine engine;

        /** Not timed. */
        @Setup(Level.Iteration)
        public void build(JourneyBenchmark b) {
            engine = JourneyWorkload.engine(false).build();
            engine.deploy(JourneyWorkload.twoWaits());
            b.data.register(engine, false);
            for (long k = 1; k <= b.profiles; k++) {
                engine.onEvent(JourneyEvent.of(k, "signup", JourneyWorkload.START.plusMillis(k)));
            }
        }
    }

    /** All ten journeys with pressure rules on, over every event of the stream. */
    @Benchmark
    public JourneyEngine.Stats tenJourneys(TenJourneys s) {
        JourneyEngine e = s.engine;
        for (JourneyEvent ev : events) {
            JourneyWorkload.feed(e, ev);
        }
        e.advanceTo(end);
        return e.stats();
    }

    /**
     * The same as {@link #tenJourneys}, the events handed over in runs of up to {@value #BATCH} with
     * {@code onEvents} (segment changes one by one between runs): same inputs, same order, same results.
     */
    @Benchmark
    public JourneyEngine.Stats tenJourneysBatched(TenJourneys s) {
        JourneyEngine e = s.engine;
        for (Run r : runs) {
            if (r.events() != null) {
                e.onEvents(r.events());
            } else {
                JourneyWorkload.feed(e, r.segmentChange());
            }
        }
        e.advanceTo(end);
        return e.stats();
    }

    /** Ours on the shared pattern: the cart-abandonment journey alone, add_to_cart and purchase events. */
    @Benchmark
    public long cartJourney(CartEngine s) {
        JourneyEngine e = s.engine;
        for (JourneyEvent ev : cartEvents) {
            e.onEvent(ev);
        }
        e.advanceTo(end);
        return e.stats().delivered();
    }

    /** The peer on the shared pattern: Siddhi's pattern query, same events. */
    @Benchmark
    public long siddhiPattern(SiddhiPattern s) {
        feed(s.siddhi);
        return s.sends;
    }

    /** The peer on the shared pattern: Siddhi's window-and-table formulation, same events. */
    @Benchmark
    public long siddhiWindow(SiddhiWindow s) {
        feed(s.siddhi);
        return s.sends;
    }

    private void feed(SiddhiCart s) {
        boolean[] add = cartIsAdd;
        long[] time = cartTime;
        Object[][] d = cartData;
        for (int i = 0; i < d.length; i++) {
            s.send(add[i], time[i], d[i]);
        }
        s.advanceTo(end.toEpochMilli());
    }

    /** Fires 2 x profiles wait timers with one advanceTo. */
    @Benchmark
    public long timers(Waiting s) {
        s.engine.advanceTo(end);
        return s.engine.stats().timersFired();
    }
}
