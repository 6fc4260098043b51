package io.omnicanal.segmentation.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.omnicanal.segmentation.Condition;
import io.omnicanal.segmentation.EventFilter;
import io.omnicanal.segmentation.SegmentCatalog;
import java.lang.reflect.Field;
import java.util.Map;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

/**
 * Review finding 8, in memory: once a profile is erased, its key is in none of the engine's key-holding
 * arrays (the row table, every slot of the key index, empty ones included, and the RFM reference), whether
 * or not another key had to be shifted into its slot of the index.
 */
class ErasedKeyInMemoryTest {
    private static final long T0 = 1_700_000_000_000L;

    private static long[] indexTable(KeyIndex index) throws ReflectiveOperationException {
        Field f = KeyIndex.class.getDeclaredField("t");
        f.setAccessible(true);
        return (long[]) f.get(index);
    }

    private static boolean holds(long[] a, long key) {
        return LongStream.of(a).anyMatch(x -> x == key);
    }

    @Test
    void anErasedKeyIsInNoArrayOfTheEngine() throws ReflectiveOperationException {
        SegmentCatalog catalog = SegmentCatalog.builder()
                .add("buyers", Condition.atLeast(1, EventFilter.type("purchase"), null))
                .add("m5", new Condition.RfmScores(1, 5, 1, 5, 5, 5))
                .build();
        EngineCore core = new EngineCore(catalog, T0);
        long[] keys = new long[40];
        for (int i = 0; i < keys.length; i++) {
            keys[i] = 0x7A00_0000_0000_0000L + 977L * i; // many keys, so that probe runs form in the index
            core.onEvent(keys[i], T0 + i, "purchase", "web", null, 5 + i, Map.of(), EngineCore.noop());
        }
        core.refreshRfm(EngineCore.noop());
        for (int i = 0; i < keys.length; i += 3) {
            long k = keys[i];
            assertThat(holds(core.st.keys, k)).isTrue();
            core.erase(k, EngineCore.noop());
            assertThat(holds(core.st.keys, k)).as("row table, key %d", k).isFalse();
            assertThat(holds(indexTable(core.st.index), k)).as("key index, key %d", k).isFalse();
            RfmReference ref = core.rfm;
            assertThat(holds(ref.rKeys, k) || holds(ref.fKeys, k) || holds(ref.mKeys, k)).as("RFM reference").isFalse();
        }
        for (int i = 0; i < keys.length; i++) {
            assertThat(core.isMember(keys[i], 0)).isEqualTo(i % 3 != 0);
        }
        assertThat(core.rfm.n).isEqualTo(26);
    }
}
