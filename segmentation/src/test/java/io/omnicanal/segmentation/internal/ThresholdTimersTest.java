package io.omnicanal.segmentation.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.omnicanal.segmentation.Condition;
import io.omnicanal.segmentation.EventFilter;
import io.omnicanal.segmentation.SegmentCatalog;
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
            core.onEvent(42L, t, "app_open", "app", "ios", 0, null, Change.into(changes));
            // One live entry for the profile (plus at most one superseded one), not one per event in the window.
            assertThat(core.heap.size()).isLessThanOrEqualTo(2);
        }
        assertThat(changes).containsExactly(new Change(42L, "app-2", true, T0 + 1_000L + 1));
        long secondNewest = T0 + 998 * 1_000L + (998 % 7);
        core.advanceTo(secondNewest + HOUR - 1, Change.into(changes));
        assertThat(changes).hasSize(1);
        core.advanceTo(secondNewest + HOUR, Change.into(changes));
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
            core.onEvent(7L, t, "view", "web", null, 0, null, Change.into(changes));
        }
        // 1 view: in; 3 views: out (the two at +10 arrive together); 5 views: still out.
        assertThat(changes).containsExactly(new Change(7L, "few-views", true, T0),
                new Change(7L, "few-views", false, T0 + 10));
        changes.clear();
        core.advanceTo(T0 + 10 * HOUR, Change.into(changes));
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
        core.onEvent(9L, T0, "purchase", "web", null, -50, null, Change.into(changes));     // refund first
        core.onEvent(9L, T0 + 100, "purchase", "web", null, 120, null, Change.into(changes));
        assertThat(changes).isEmpty();                                              // 70
        core.onEvent(9L, T0 + 200, "purchase", "web", null, 40, null, Change.into(changes));
        assertThat(changes).containsExactly(new Change(9L, "spend-100", true, T0 + 200)); // 110
        changes.clear();
        // The refund leaving raises the sum to 160 (no change); the 120 leaving drops it to 40.
        core.advanceTo(T0 + 10 * HOUR, Change.into(changes));
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
            core.onEvent(3L, T0 + 100L * i, "view", "web", devices[i], 0, null, Change.into(changes));
        }
        assertThat(changes).containsExactly(new Change(3L, "three-devices", true, T0 + 200));
        changes.clear();
        // Last seen: c@200, a@300, d@500, b@600. Three distinct remain until a (@300) leaves.
        core.advanceTo(T0 + 10 * HOUR, Change.into(changes));
        assertThat(changes).containsExactly(new Change(3L, "three-devices", false, T0 + 300 + HOUR));
    }

    @Test
    void countsWithSmallBoundsSaturateInARingOfTimes() {
        SegmentCatalog catalog = SegmentCatalog.builder()
                .add("two", Condition.atLeast(2, EventFilter.type("view"), Duration.ofHours(1)))
                .add("none", Condition.none(EventFilter.type("view"), Duration.ofHours(1)))
                .add("frac", new Condition.Aggregate(Condition.Measure.COUNT, EventFilter.type("app_open"),
                        Duration.ofHours(1), 1.5, 3.5))
                .add("eight", Condition.atLeast(8, EventFilter.type("email_open"), Duration.ofHours(1)))
                .add("nine", Condition.atLeast(9, EventFilter.type("purchase"), Duration.ofHours(1)))
                .add("negative", new Condition.Aggregate(Condition.Measure.COUNT, EventFilter.type("store_visit"),
                        Duration.ofHours(1), -3, Double.POSITIVE_INFINITY))
                .build();
        ProfileStore st = new ProfileStore();
        Compiled c = new Compiled(st, catalog, 1);
        // "view": at least 2 and at most 0 share one slot; 2 is the least count above 0 and at least 2.
        assertThat(slot(c, st, "view").saturation()).isEqualTo(2);
        assertThat(slot(c, st, "view").ringed()).isTrue();
        assertThat(slot(c, st, "app_open").saturation()).isEqualTo(4); // ceil(1.5) = 2, floor(3.5) + 1 = 4
        assertThat(slot(c, st, "email_open").saturation()).isEqualTo(8);
        assertThat(slot(c, st, "email_open").ringed()).isTrue();
        assertThat(slot(c, st, "purchase").saturation()).isEqualTo(9);
        assertThat(slot(c, st, "purchase").ringed()).isFalse(); // beyond RING_MAX: the history cursor counts
        assertThat(slot(c, st, "store_visit").saturation()).isEqualTo(1);
    }

    private static AggSlot slot(Compiled c, ProfileStore st, String type) {
        for (Slot s : c.slots) {
            if (s instanceof AggSlot a && a.window > 0 && a.filter.type == st.types.id(type)) {
                return a;
            }
        }
        throw new AssertionError(type);
    }

    @Test
    void sixDevicesInAnHourMoveToTheSideArrayAndLeaveOneByOne() {
        SegmentCatalog catalog = SegmentCatalog.builder()
                .add("five-devices", new Condition.Aggregate(Condition.Measure.DISTINCT_DEVICES,
                        EventFilter.any(), Duration.ofHours(1), 5, Double.POSITIVE_INFINITY))
                .build();
        EngineCore core = new EngineCore(catalog, T0);
        List<Change> changes = new ArrayList<>();
        String[] devices = {"a", "b", "c", "d", "e", "f", "a"};
        for (int i = 0; i < devices.length; i++) {
            core.onEvent(5L, T0 + 60_000L * i, "view", "web", devices[i], 0, null, Change.into(changes));
        }
        assertThat(changes).containsExactly(new Change(5L, "five-devices", true, T0 + 4 * 60_000L));
        changes.clear();
        // Last seen: b@1, c@2, d@3, e@4, f@5, a@6 (minutes): six; five remain until c leaves (b leaving keeps 5).
        core.advanceTo(T0 + 10 * HOUR, Change.into(changes));
        assertThat(changes).containsExactly(new Change(5L, "five-devices", false, T0 + 2 * 60_000L + HOUR));
    }
}
