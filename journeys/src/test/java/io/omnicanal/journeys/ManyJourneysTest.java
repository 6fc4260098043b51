package io.omnicanal.journeys;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import static io.omnicanal.journeys.Recorder.at;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * More journeys than the engine's per-profile family mask has exact bits (31): stays in families past the 31st
 * share one bit, so the events that concern them must still reach them, and entry must still see them.
 */
class ManyJourneysTest {
    static final int N = 40;

    static String id(int i) {
        return String.format(Locale.ROOT, "j%02d", i);
    }

    @Test
    void eventsReachEveryStayAndEntrySeesEveryFamily() {
        Recorder r = new Recorder();
        JourneyEngine e = r.engine().build();
        for (int i = 0; i < N; i++) {
            Journey.Builder b = Journey.builder(id(i)).entry(Trigger.event("start")).reEntry(ReEntry.always())
                    .step(new Step.WaitForEvent("wait", Trigger.event("go_" + i), Duration.ofHours(1), null, "done", "done"))
                    .step(new Step.Exit("done"));
            if (i % 2 == 1) {
                b.goal(Trigger.event("stop"));
            }
            e.deploy(b.build());
        }
        Set<String> expected = new TreeSet<>();
        e.onEvent(JourneyEvent.of(7, "start", at(0)));
        for (int i = 0; i < N; i++) {
            expected.add(id(i));
        }
        assertThat(journeys(e)).isEqualTo(expected);
        for (int i : new int[] {33, 5, 31, 39}) {
            e.onEvent(JourneyEvent.of(7, "go_" + i, at(1)));
            expected.remove(id(i));
            assertThat(journeys(e)).isEqualTo(expected);
        }
        e.onEvent(JourneyEvent.of(7, "stop", at(2)));
        expected.removeIf(j -> Integer.parseInt(j.substring(1)) % 2 == 1);
        assertThat(journeys(e)).isEqualTo(expected);
        // re-entry: only the journeys the profile is not in take it back, one stay per journey
        e.onEvent(JourneyEvent.of(7, "start", at(3)));
        assertThat(e.positions(7)).hasSize(N);
        e.onEvent(JourneyEvent.of(7, "go_36", at(4)));
        assertThat(journeys(e)).hasSize(N - 1).doesNotContain(id(36));
        // the odd journeys convert on "stop", less the four (all odd) the profile had already left
        assertThat(r.conversions).hasSize(N / 2 - 4);
    }

    static Set<String> journeys(JourneyEngine e) {
        return e.positions(7).stream().map(Position::journey).collect(Collectors.toCollection(TreeSet::new));
    }
}
