package io.omnicanal.segmentation.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.omnicanal.segmentation.Condition;
import io.omnicanal.segmentation.EventFilter;
import io.omnicanal.segmentation.SegmentCatalog;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * One profile's history is one {@code long[]}: an event or a merge that would take it past what the
 * array can hold is refused before any change (noticed in the session 8 review round: it failed with
 * a NegativeArraySizeException after the clock had moved, or after the loser had left its segments).
 * A package-private knob makes the limit 5 events here.
 */
class HistoryLimitTest {
    private static final long T0 = 1_700_000_000_000L;
    private static final long MIN = 60_000L;

    @Test
    void anEventOrAMergePastTheHistoryLimitIsRefusedBeforeAnyChange() {
        SegmentCatalog catalog = SegmentCatalog.builder()
                .add("recent", Condition.atLeast(1, EventFilter.type("view"), Duration.ofMinutes(10)))
                .add("buyer", Condition.atLeast(1, EventFilter.type("purchase"), null))
                .build();
        ProfileStore st = new ProfileStore();
        st.maxProfileEvents = 5;
        EngineCore core = new EngineCore(st, catalog, T0, null);
        List<Change> changes = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            core.onEvent(1L, T0 + i, "view", "web", null, 0, null, Change.into(changes));
        }
        for (int i = 0; i < 3; i++) {
            core.onEvent(2L, T0 + 10 + i, "purchase", "web", null, 1, null, Change.into(changes));
        }
        changes.clear();
        long later = T0 + 30 * MIN; // would first fire both profiles' "recent" exits
        assertThatThrownBy(() -> core.onEvent(1L, later, "view", "web", null, 0, null, Change.into(changes)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("profile 1 holds 5 events").hasMessageContaining("nothing was changed");
        assertThatThrownBy(() -> core.merge(2L, 1L, Change.into(changes)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("8 events together").hasMessageContaining("nothing was changed");
        assertThat(changes).isEmpty();
        assertThat(core.now()).isEqualTo(T0 + 12);
        assertThat(core.events()).isEqualTo(8);
        assertThat(core.segmentsOf(2L)).containsExactly("buyer");
        assertThat(core.segmentsOf(1L)).containsExactly("recent");
        // other profiles go on, and the refused profile's timers still fire at their instants
        core.onEvent(3L, later, "view", "web", null, 0, null, Change.into(changes));
        assertThat(changes).contains(new Change(1L, "recent", false, T0 + 4 + 10 * MIN),
                new Change(3L, "recent", true, later));
    }
}
