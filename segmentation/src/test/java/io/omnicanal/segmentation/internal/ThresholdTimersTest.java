package io.omnicanal.segmentation.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.omnicanal.segmentation.Condition;
import io.omnicanal.segmentation.EventFilter;
import io.omnicanal.segmentation.SegmentCatalog;
import io.omnicanal.segmentation.SegmentChangeListener;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Timers wake a profile when a condition can change, not at every departure from a window: a busy
 * profile holds one timer-queue entry, and the exit still happens at the exact millisecond (the instant
 * the k-th newest matching event leaves), computed here by hand from the event times.
 */
class ThresholdTimersTest {
    private static final long HOUR = 3_600_000L;
    private static final long T0 = 1_700_000_000_000L;

    private record Change(long key, String segment, boolean entered, long at) {
    }

    private static SegmentChangeListener into(List<Change> out) {
        return (p, s, e, t) -> out.add(new Change(p, s, e, t));
    }

    @Test
    void busyProfileHoldsOneTimerAndLeavesWhenTheSecondNewestLeaves() {
        SegmentCatalog catalog = SegmentCatalog.builder()
                .add("app-2", Condition.atLeast(2, EventFilter.type("app_open"), Duration.ofHours(1)))
                .build();
        EngineCore core = new EngineCore(catalog, T0);
        List<Change> changes = new ArrayList<>();
        long t = T0;
        for (int i = 0; i < 1000; i++) {
            t = T0 + i * 1_000L + (i % 7);
            core.onEvent(42L, t, "app_open", "app", "ios", 0, null, into(changes));
            // One live entry for the profile (plus at most one superseded one), not one per event in the window.
            assertThat(core.heap.size()).isLessThanOrEqualTo(2);
        }
        assertThat(changes).containsExactly(new Change(42L, "app-2", true, T0 + 1_000L + 1));
        long secondNewest = T0 + 998 * 1_000L + (998 % 7);
        core.advanceTo(secondNewest + HOUR - 1, into(changes));
        assertThat(changes).hasSize(1);
        core.advanceTo(secondNewest + HOUR, into(changes));
        assertThat(changes).hasSize(2).last().isEqualTo(new Change(42L, "app-2", false, secondNewest + HOUR));
        assertThat(core.heap.size()).isZero();
    }

    @Test
    void rangeWithMaximumEntersWhenEnoughEventsLeave() {
        SegmentCatalog catalog = SegmentCatalog.builder()
                .add("few-views", new Condition.Aggregate(Condition.Measure.COUNT, EventFilter.type("view"),
                        Duration.ofHours(1), 1, 2))
                .build();
        EngineCore core = new EngineCore(catalog, T0);
        List<Change> changes = new ArrayList<>();
        long[] times = {T0, T0 + 10, T0 + 10, T0 + 500, T0 + 900};
        for (long t : times) {
            core.onEvent(7L, t, "view", "web", null, 0, null, into(changes));
        }
        // 1 view: in; 3 views: out (the two at +10 arrive together); 5 views: still out.
        assertThat(changes).containsExactly(new Change(7L, "few-views", true, T0),
                new Change(7L, "few-views", false, T0 + 10));
        changes.clear();
        core.advanceTo(T0 + 10 * HOUR, into(changes));
        // 2 left when the pair at +10 leaves (T0 + 10 + 1h: events at +500 and +900 remain), 0 at +900 + 1h.
        assertThat(changes).containsExactly(new Change(7L, "few-views", true, T0 + 10 + HOUR),
                new Change(7L, "few-views", false, T0 + 900 + HOUR));
    }

    @Test
    void sumWithRefundsUsesTheExactForwardSimulation() {
        SegmentCatalog catalog = SegmentCatalog.builder()
                .add("spend-100", Condition.sumAtLeast(100, EventFilter.type("purchase"), Duration.ofHours(1)))
                .build();
        EngineCore core = new EngineCore(catalog, T0);
        List<Change> changes = new ArrayList<>();
        core.onEvent(9L, T0, "purchase", "web", null, -50, null, into(changes));     // refund first
        core.onEvent(9L, T0 + 100, "purchase", "web", null, 120, null, into(changes));
        assertThat(changes).isEmpty();                                              // 70
        core.onEvent(9L, T0 + 200, "purchase", "web", null, 40, null, into(changes));
        assertThat(changes).containsExactly(new Change(9L, "spend-100", true, T0 + 200)); // 110
        changes.clear();
        // The refund leaving raises the sum to 160 (no change); the 120 leaving drops it to 40.
        core.advanceTo(T0 + 10 * HOUR, into(changes));
        assertThat(changes).containsExactly(new Change(9L, "spend-100", false, T0 + 100 + HOUR));
    }

    @Test
    void distinctDevicesLeaveWhenTheThirdNewestDeviceLastSeenLeaves() {
        SegmentCatalog catalog = SegmentCatalog.builder()
                .add("three-devices", new Condition.Aggregate(Condition.Measure.DISTINCT_DEVICES,
                        EventFilter.any(), Duration.ofHours(1), 3, Double.POSITIVE_INFINITY))
                .build();
        EngineCore core = new EngineCore(catalog, T0);
        List<Change> changes = new ArrayList<>();
        String[] devices = {"a", "b", "c", "a", "d", "d", "b"};
        for (int i = 0; i < devices.length; i++) {
            core.onEvent(3L, T0 + 100L * i, "view", "web", devices[i], 0, null, into(changes));
        }
        assertThat(changes).containsExactly(new Change(3L, "three-devices", true, T0 + 200));
        changes.clear();
        // Last seen: c@200, a@300, d@500, b@600. Three distinct remain until a (@300) leaves.
        core.advanceTo(T0 + 10 * HOUR, into(changes));
        assertThat(changes).containsExactly(new Change(3L, "three-devices", false, T0 + 300 + HOUR));
    }
}
