package io.omnicanal.benchmarks.journeys;

import io.omnicanal.journeys.Action;
import io.omnicanal.journeys.JourneyEngine;
import io.omnicanal.journeys.JourneyEvent;
import io.omnicanal.journeys.JourneyListener;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Ours and Siddhi agree on the benchmark's data (small size), and the benchmark methods run. */
class JourneyBenchmarkTest {

    @Test
    void cartJourneyAndSiddhiSendTheSameReminders() {
        JourneyWorkload w = new JourneyWorkload(3000, 42);
        List<String> ours = new ArrayList<>();
        JourneyEngine e = JourneyWorkload.engine(false).listener(new JourneyListener() {
            @Override
            public void delivered(Action a) {
                ours.add(a.profile() + "@" + a.time().toEpochMilli());
            }
        }).build();
        e.deploy(JourneyWorkload.cartAbandonment());
        w.register(e, false);
        List<String> theirs = new ArrayList<>();
        try (SiddhiCart s = new SiddhiCart((profile, time) -> {
            theirs.add(profile + "@" + time);
            return 0;
        })) {
            JourneyEvent[] events = w.events();
            for (int i = 0; i < events.length; i++) {
                byte t = w.type[i];
                if (t == JourneyWorkload.CART || t == JourneyWorkload.PURCHASE) {
                    e.onEvent(events[i]);
                    s.send(t == JourneyWorkload.CART, w.time[i], new Object[] {w.profile[i]});
                }
            }
            e.advanceTo(Instant.ofEpochMilli(w.end));
            s.advanceTo(w.end);
        }
        assertThat(ours).hasSizeGreaterThan(300);
        assertThat(ours).containsExactlyInAnyOrderElementsOf(theirs);
    }

    @Test
    void benchmarkMethodsRunOnTheirState() {
        JourneyBenchmark b = new JourneyBenchmark();
        b.profiles = 2000;
        b.data();
        b.engines();
        try {
            JourneyEngine.Stats stats = b.tenJourneys();
            assertThat(stats.delivered()).isPositive();
            assertThat(b.cartJourney()).isEqualTo(b.siddhiCart()).isPositive();
            assertThat(b.timers()).isEqualTo(2L * 2000);
        } finally {
            b.close();
        }
    }
}
