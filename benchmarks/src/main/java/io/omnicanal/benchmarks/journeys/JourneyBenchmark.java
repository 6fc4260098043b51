package io.omnicanal.benchmarks.journeys;

import io.omnicanal.journeys.JourneyEngine;
import io.omnicanal.journeys.JourneyEvent;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

import java.time.Instant;
import java.util.concurrent.TimeUnit;

/**
 * Journeys on a two-week stream of {@code profiles} shoppers (about 5.6 events per profile, see
 * {@link JourneyWorkload}); each benchmark processes the whole stream once per iteration on a fresh engine,
 * so the score is milliseconds per stream and events/s = events / score (the event counts are printed at
 * set-up). Single-threaded: one core.
 *
 * <ul>
 *   <li>{@link #tenJourneys}: all ten journeys, caps (3/week, 1 SMS/day), quiet hours, arbitration, rate limit
 *       and birthdays on; every event of the stream, then time advanced one day past the end.</li>
 *   <li>{@link #cartJourney} and {@link #siddhiCart}: the shared pattern - add_to_cart not followed by purchase
 *       within an hour - on the stream's add_to_cart and purchase events only; ours without pressure rules,
 *       Siddhi partitioned by profile in playback mode.</li>
 *   <li>{@link #timers}: every profile waits in a two-wait journey; one {@code advanceTo} fires 2 x profiles
 *       timers.</li>
 * </ul>
 *
 * <p>Run: {@code java -Xmx8g -jar benchmarks.jar JourneyBenchmark -f 2 -wi 3 -i 5 -prof gc}
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
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

    JourneyEngine ten;
    JourneyEngine cart;
    JourneyEngine waiting;
    SiddhiCart siddhi;
    long siddhiSends;

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
        System.out.println("journeys workload: " + profiles + " profiles, " + events.length + " events, " + n
                + " add_to_cart/purchase events");
    }

    /** Fresh engines and Siddhi runtime for every iteration (not timed). */
    @Setup(Level.Iteration)
    public void engines() {
        ten = JourneyWorkload.engine(true).build();
        JourneyWorkload.tenJourneys().forEach(ten::deploy);
        data.register(ten, true);
        cart = JourneyWorkload.engine(false).build();
        cart.deploy(JourneyWorkload.cartAbandonment());
        data.register(cart, false);
        waiting = JourneyWorkload.engine(false).build();
        waiting.deploy(JourneyWorkload.twoWaits());
        data.register(waiting, false);
        for (long k = 1; k <= profiles; k++) {
            waiting.onEvent(JourneyEvent.of(k, "signup", JourneyWorkload.START.plusMillis(k)));
        }
        siddhiSends = 0;
        siddhi = new SiddhiCart((profile, time) -> siddhiSends++);
        System.gc();
    }

    /** Shuts Siddhi down. */
    @TearDown(Level.Iteration)
    public void close() {
        siddhi.close();
    }

    /** All ten journeys with pressure rules on, over every event of the stream. */
    @Benchmark
    public JourneyEngine.Stats tenJourneys() {
        JourneyEvent[] in = events;
        JourneyEngine e = ten;
        for (JourneyEvent ev : in) {
            JourneyWorkload.feed(e, ev);
        }
        e.advanceTo(end);
        return e.stats();
    }

    /** Ours on the shared pattern: the cart-abandonment journey alone, add_to_cart and purchase events. */
    @Benchmark
    public long cartJourney() {
        JourneyEvent[] in = cartEvents;
        JourneyEngine e = cart;
        for (JourneyEvent ev : in) {
            e.onEvent(ev);
        }
        e.advanceTo(end);
        return e.stats().delivered();
    }

    /** The peer on the shared pattern: Siddhi, same events. */
    @Benchmark
    public long siddhiCart() {
        SiddhiCart s = siddhi;
        boolean[] add = cartIsAdd;
        long[] time = cartTime;
        Object[][] d = cartData;
        for (int i = 0; i < d.length; i++) {
            s.send(add[i], time[i], d[i]);
        }
        s.advanceTo(end.toEpochMilli());
        return siddhiSends;
    }

    /** Fires 2 x profiles wait timers with one advanceTo. */
    @Benchmark
    public long timers() {
        waiting.advanceTo(end);
        return waiting.stats().timersFired();
    }
}
