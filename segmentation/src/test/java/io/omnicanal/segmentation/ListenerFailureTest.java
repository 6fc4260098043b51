package io.omnicanal.segmentation;

import static io.omnicanal.segmentation.Condition.and;
import static io.omnicanal.segmentation.Condition.atLeast;
import static io.omnicanal.segmentation.Condition.inSegment;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A {@link SegmentChangeListener} that throws (review 7, finding 4): the exception reaches the caller, the
 * engine's state is complete (every change applied, every timer still armed), and later calls agree with
 * the naive {@link Oracle} and with a batch evaluation.
 */
class ListenerFailureTest {
    private static final long T0 = 1_700_000_000_000L;
    private static final long MIN = 60_000L;

    /** Throws on call number {@code failAt} (0-based), records the calls before it. */
    static final class Failing implements SegmentChangeListener {
        final int failAt;
        final List<SegmentChange> seen = new ArrayList<>();
        int calls;
        final IllegalStateException boom = new IllegalStateException("downstream queue full");

        Failing(int failAt) {
            this.failAt = failAt;
        }

        @Override
        public void onChange(long profile, String segment, boolean entered, long epochMillis) {
            if (calls++ == failAt) {
                throw boom;
            }
            seen.add(new SegmentChange(profile, segment, entered, Instant.ofEpochMilli(epochMillis)));
        }
    }

    private static void agreesWithOracle(SegmentEngine engine, Oracle oracle) {
        long now = engine.now().toEpochMilli();
        BatchResult batch = engine.evaluate();
        for (long key : oracle.profiles()) {
            assertThat(new HashSet<>(engine.segmentsOf(key))).as("real time, profile %d", key)
                    .isEqualTo(oracle.segmentsOf(key, now));
            assertThat(new HashSet<>(batch.segmentsOf(key))).as("batch, profile %d", key)
                    .isEqualTo(oracle.segmentsOf(key, now));
        }
        for (Segment s : engine.catalog().segments()) {
            assertThat(engine.members(s.id())).as(s.id()).containsExactly(batch.members(s.id()));
        }
    }

    @Test
    void aThrowingListenerDoesNotLeakOneProfilesResultIntoAnother() {
        SegmentCatalog catalog = SegmentCatalog.builder()
                .add("X", atLeast(1, EventFilter.type("purchase"), null))
                .add("B", atLeast(1, EventFilter.type("purchase"), null))
                .add("C", and(inSegment("B"), atLeast(1, EventFilter.type("email_open"), null)))
                .build();
        SegmentEngine engine = SegmentEngine.create(catalog, Instant.ofEpochMilli(T0));
        Oracle oracle = new Oracle(catalog);
        Failing first = new Failing(0);
        assertThatThrownBy(() -> engine.onEvent(1L, T0 + MIN, "purchase", "web", null, 10.0, first))
                .isSameAs(first.boom);
        oracle.event(new Event(1L, Instant.ofEpochMilli(T0 + MIN), "purchase", "web", null, 10.0, Map.of()));
        // The event was recorded and both of its changes applied, although neither was delivered.
        assertThat(first.seen).isEmpty();
        assertThat(engine.eventCount()).isEqualTo(1);
        assertThat(engine.segmentsOf(1L)).containsExactly("X", "B");
        agreesWithOracle(engine, oracle);

        // Profile 2 never bought: its email_open must not read profile 1's result for B.
        List<SegmentChange> changes = engine.onEvent(new Event(2L, Instant.ofEpochMilli(T0 + 2 * MIN), "email_open",
                "email", null, 0, Map.of()));
        oracle.event(new Event(2L, Instant.ofEpochMilli(T0 + 2 * MIN), "email_open", "email", null, 0, Map.of()));
        assertThat(changes).isEmpty();
        assertThat(engine.segmentsOf(2L)).isEmpty();
        agreesWithOracle(engine, oracle);
    }

    @Test
    void aListenerThrowingWhileTimersFireLosesNoTimer() {
        SegmentCatalog catalog = SegmentCatalog.builder()
                .add("recent", atLeast(1, EventFilter.type("view"), Duration.ofMinutes(10)))
                .add("twice", atLeast(2, EventFilter.type("view"), Duration.ofMinutes(30)))
                .build();
        SegmentEngine engine = SegmentEngine.create(catalog, Instant.ofEpochMilli(T0));
        Oracle oracle = new Oracle(catalog);
        for (long key = 1; key <= 7; key++) {
            for (int i = 0; i < 2; i++) {
                Event e = new Event(key, Instant.ofEpochMilli(T0 + key * 1000 + i), "view", "web", null, 0, Map.of());
                engine.onEvent(e);
                oracle.event(e);
            }
        }
        // The event of profile 9 at +20 min first fires the 7 "recent" exits (popped in batches): the second throws.
        Failing l = new Failing(1);
        long t = T0 + 20 * MIN;
        assertThatThrownBy(() -> engine.onEvent(9L, t, "view", "web", null, 0, l)).isSameAs(l.boom);
        oracle.event(new Event(9L, Instant.ofEpochMilli(t), "view", "web", null, 0, Map.of()));
        assertThat(l.seen).containsExactly(new SegmentChange(1L, "recent", false, Instant.ofEpochMilli(T0 + 1000 + 1 + 10 * MIN)));
        assertThat(l.calls).as("no call after the throw").isEqualTo(2);
        assertThat(engine.now()).isEqualTo(Instant.ofEpochMilli(t));
        agreesWithOracle(engine, oracle);
        assertThat(engine.members("recent")).containsExactly(9L);

        // Every "twice" timer is still armed: all seven leave exactly when their second view is 30 minutes old.
        List<SegmentChange> changes = engine.advanceTo(Instant.ofEpochMilli(T0 + 40 * MIN));
        List<SegmentChange> expected = new ArrayList<>();
        expected.add(new SegmentChange(9L, "recent", false, Instant.ofEpochMilli(t + 10 * MIN)));
        for (long key = 1; key <= 7; key++) {
            expected.add(new SegmentChange(key, "twice", false, Instant.ofEpochMilli(T0 + key * 1000 + 30 * MIN)));
        }
        assertThat(changes).containsExactlyElementsOf(expected);
        agreesWithOracle(engine, oracle);
    }

    @Test
    void aListenerThrowingOnAnErrorIsRethrownAfterTheCallCompletes() {
        SegmentCatalog catalog = SegmentCatalog.builder()
                .add("recent", atLeast(1, EventFilter.type("view"), Duration.ofMinutes(10)))
                .build();
        SegmentEngine engine = SegmentEngine.create(catalog, Instant.ofEpochMilli(T0));
        AssertionError error = new AssertionError("listener bug");
        SegmentChangeListener l = (p, s, e, t) -> {
            throw error;
        };
        assertThatThrownBy(() -> engine.onEvent(1L, T0, "view", null, null, 0, l)).isSameAs(error);
        assertThat(engine.isMember(1L, "recent")).isTrue();
        // The engine is usable afterwards, and a later listener is called normally.
        List<SegmentChange> seen = new ArrayList<>();
        engine.onEvent(1L, T0 + 11 * MIN, "view", null, null, 0,
                (p, s, e, t) -> seen.add(new SegmentChange(p, s, e, Instant.ofEpochMilli(t))));
        assertThat(seen).containsExactly(new SegmentChange(1L, "recent", false, Instant.ofEpochMilli(T0 + 10 * MIN)),
                new SegmentChange(1L, "recent", true, Instant.ofEpochMilli(T0 + 11 * MIN)));
    }
}
