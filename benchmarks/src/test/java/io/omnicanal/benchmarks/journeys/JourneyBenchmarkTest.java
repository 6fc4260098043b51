package io.omnicanal.benchmarks.journeys;

import io.omnicanal.journeys.Action;
import io.omnicanal.journeys.JourneyEngine;
import io.omnicanal.journeys.JourneyEvent;
import io.omnicanal.journeys.JourneyListener;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Ours and both Siddhi formulations agree on the benchmark's data (small size), and the benchmark methods run. */
class JourneyBenchmarkTest {

    @ParameterizedTest
    @ValueSource(ints = {3000, 20000})
    void cartJourneyAndSiddhiSendTheSameReminders(int profiles) {
        JourneyWorkload w = new JourneyWorkload(profiles, 42);
        List<String> ours = new ArrayList<>();
        JourneyEngine e = JourneyWorkload.engine(false).listener(new JourneyListener() {
            @Override
            public void delivered(Action a) {
                ours.add(a.profile() + "@" + a.time().toEpochMilli());
            }
        }).build();
        e.deploy(JourneyWorkload.cartAbandonment());
        w.register(e, false);
        List<String> pattern = new ArrayList<>();
        List<String> window = new ArrayList<>();
        try (SiddhiCart p = new SiddhiCart(SiddhiCart.Formulation.PATTERN, (profile, time) -> {
            pattern.add(profile + "@" + time);
            return 0;
        }); SiddhiCart t = new SiddhiCart(SiddhiCart.Formulation.WINDOW_TABLE, (profile, time) -> {
            window.add(profile + "@" + time);
            return 0;
        })) {
            JourneyEvent[] events = w.events();
            for (int i = 0; i < events.length; i++) {
                byte type = w.type[i];
                if (type == JourneyWorkload.CART || type == JourneyWorkload.PURCHASE) {
                    e.onEvent(events[i]);
                    p.send(type == JourneyWorkload.CART, w.time[i], new Object[] {w.profile[i]});
                    t.send(type == JourneyWorkload.CART, w.time[i], new Object[] {w.profile[i]});
                }
            }
            e.advanceTo(Instant.ofEpochMilli(w.end));
            p.advanceTo(w.end);
            t.advanceTo(w.end);
        }
        assertThat(ours).hasSizeGreaterThan(profiles / 10);
        assertThat(ours).containsExactlyInAnyOrderElementsOf(pattern);
        assertThat(ours).containsExactlyInAnyOrderElementsOf(window);
    }

    @Test
    void benchmarkMethodsRunOnTheirState() {
        JourneyBenchmark b = new JourneyBenchmark();
        b.profiles = 2000;
        b.data();
        JourneyBenchmark.TenJourneys ten = new JourneyBenchmark.TenJourneys();
        ten.build(b);
        JourneyEngine.Stats one = b.tenJourneys(ten);
        assertThat(one.delivered()).isPositive();
        ten.build(b);
        assertThat(b.tenJourneysBatched(ten)).isEqualTo(one);
        JourneyBenchmark.CartEngine cart = new JourneyBenchmark.CartEngine();
        cart.build(b);
        JourneyBenchmark.SiddhiPattern pattern = new JourneyBenchmark.SiddhiPattern();
        pattern.build();
        JourneyBenchmark.SiddhiWindow window = new JourneyBenchmark.SiddhiWindow();
        window.build();
        try {
            long ours = b.cartJourney(cart);
            assertThat(ours).isPositive().isEqualTo(b.siddhiPattern(pattern)).isEqualTo(b.siddhiWindow(window));
        } finally {
            pattern.close();
            window.close();
        }
        JourneyBenchmark.Waiting waiting = new JourneyBenchmark.Waiting();
        waiting.build(b);
        assertThat(b.timers(waiting)).isEqualTo(2L * 2000);
    }
}
