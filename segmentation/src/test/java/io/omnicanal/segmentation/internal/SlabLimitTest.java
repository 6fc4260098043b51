package io.omnicanal.segmentation.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.omnicanal.segmentation.Condition;
import io.omnicanal.segmentation.EventFilter;
import io.omnicanal.segmentation.SegmentCatalog;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real-time state of all profiles is one {@code long[]} (review 7, finding 2): when it cannot hold
 * another profile's block, a call that needs a new profile is refused before anything changes (no timer
 * fired, no clock moved, no membership left), naming the limit, the block size and the profile count; the
 * engine stays fully usable. A package-private knob makes the limit 20 rows here.
 */
class SlabLimitTest {
    private static final long T0 = 1_700_000_000_000L;
    private static final long MIN = 60_000L;
    private static final int ROWS = 20;

    @TempDir
    Path dir;

    private static SegmentCatalog catalog() {
        return SegmentCatalog.builder()
                .add("recent", Condition.atLeast(1, EventFilter.type("view"), Duration.ofMinutes(10)))
                .add("buyer", Condition.atLeast(1, EventFilter.type("purchase"), null))
                .build();
    }

    private static EngineCore limited(SegmentCatalog catalog) {
        int stride = new EngineCore(catalog, T0).c.slab.stride;
        ProfileStore st = new ProfileStore();
        st.maxSlabLongs = (long) ROWS * stride + stride - 1; // room for ROWS blocks, not ROWS + 1
        EngineCore core = new EngineCore(st, catalog, T0, null);
        assertThat(core.c.maxRows()).isEqualTo(ROWS);
        return core;
    }

    @Test
    void aNewProfileBeyondTheSlabIsRefusedBeforeAnyChange() throws IOException {
        EngineCore core = limited(catalog());
        List<Change> changes = new ArrayList<>();
        for (long key = 1; key <= ROWS; key++) {
            core.onEvent(key, T0 + key, "view", "web", null, 0, null, Change.into(changes));
        }
        core.onEvent(3L, T0 + 100, "purchase", "web", null, 5, null, Change.into(changes));
        core.erase(ROWS, Change.into(changes)); // a tombstoned row still takes its block
        int stride = core.c.slab.stride;
        changes.clear();

        // A new profile's event 20 minutes later would first fire every "recent" exit.
        long later = T0 + 20 * MIN;
        assertThatThrownBy(() -> core.onEvent(99L, later, "view", "web", null, 0, null, Change.into(changes)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("profile 99")
                .hasMessageContaining(ROWS + " profile rows")
                .hasMessageContaining(stride + " longs")
                .hasMessageContaining((ROWS - 1) + " of them live")
                .hasMessageContaining("nothing was changed");
        assertThat(changes).isEmpty();
        assertThat(core.now()).isEqualTo(T0 + 100);
        assertThat(core.profiles()).isEqualTo(ROWS - 1);
        assertThat(core.events()).isEqualTo(ROWS);
        assertThat(core.members(core.segmentIndex("recent"))).hasSize(ROWS - 1);

        assertThatThrownBy(() -> core.setTrait(99L, "city", "Paris", Change.into(changes)))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("profile 99");
        assertThatThrownBy(() -> core.merge(3L, 99L, Change.into(changes)))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("profile 99");
        assertThat(changes).isEmpty();
        assertThat(core.segmentsOf(3L)).containsExactly("recent", "buyer");
        assertThat(core.profiles()).isEqualTo(ROWS - 1);

        // Nothing was lost: the exits happen, each at its instant, when the clock does move.
        core.advanceTo(later, Change.into(changes));
        assertThat(changes).hasSize(ROWS - 1);
        for (int i = 0; i < ROWS - 1; i++) {
            assertThat(changes.get(i)).isEqualTo(new Change(i + 1, "recent", false, T0 + i + 1 + 10 * MIN));
        }
        // Existing profiles go on; the whole-population paths (which used to index past the slab) work.
        core.onEvent(5L, later, "purchase", "web", null, 1, null, EngineCore.noop());
        core.merge(1L, 2L, EngineCore.noop());
        assertThat(core.segmentsOf(2L)).isEmpty();
        core.refreshRfm(EngineCore.noop());
        core.install(catalog(), EngineCore.noop());
        Path file = dir.resolve("s.snap");
        SnapshotCodec.write(core, file);
        EngineCore back = SnapshotCodec.read(file);
        assertThat(back.members(back.segmentIndex("buyer"))).containsExactly(3L, 5L);
        assertThat(back.profiles()).isEqualTo(core.profiles());
    }

    @Test
    void aCatalogWhoseBlocksDoNotFitIsRefusedAndTheOldOneStays() {
        EngineCore core = limited(catalog());
        for (long key = 1; key <= ROWS; key++) {
            core.onEvent(key, T0 + key, "view", "web", null, 0, null, EngineCore.noop());
        }
        SegmentCatalog.Builder b = SegmentCatalog.builder();
        for (int i = 0; i < 40; i++) {
            b.add("s" + i, Condition.atLeast(1 + i % 3, EventFilter.type("view"), Duration.ofMinutes(1 + i)));
        }
        SegmentCatalog bigger = b.build();
        assertThatThrownBy(() -> core.install(bigger, EngineCore.noop()))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining(ROWS + " profile rows");
        assertThat(core.catalog()).isEqualTo(catalog());
        assertThat(core.members(core.segmentIndex("recent"))).hasSize(ROWS);
    }
}
