package io.omnicanal.segmentation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.zip.CRC32;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Review finding 7: sums are exact longs in micro-units, so a profile's values must not be able to take
 * them beyond the long range. The bound is documented in {@link Event}: the values of magnitude 2147.483648
 * or more (2^31 micro-units) of one profile may total at most 6 917 529 027 641.081855 in absolute value
 * ({@code Long.MAX_VALUE - 2^61} micro-units); the expected outcomes below are worked out from that rule.
 */
class LargeValuesTest {
    private static final Instant T0 = Instant.parse("2026-03-01T09:00:00Z");
    private static final SegmentCatalog CATALOG = SegmentCatalog.builder()
            .add("spent-6.9-trillion", Condition.sumAtLeast(6.9e12, EventFilter.type("purchase"), null))
            .add("net-positive", new Condition.Aggregate(Condition.Measure.SUM, EventFilter.any(), null, 0.000001,
                    Double.POSITIVE_INFINITY))
            .add("bought-this-week", Condition.atLeast(1, EventFilter.type("purchase"), Duration.ofDays(7)))
            .build();

    @TempDir
    Path dir;

    private static Event purchase(long profile, int minute, double value) {
        return Event.of(profile, T0.plusSeconds(60L * minute), "purchase", "web", null, value);
    }

    @Test
    void theLargeValuesOfAProfileAreAcceptedUpToTheBoundExactlyAndRefusedBeyondIt() {
        SegmentEngine e = SegmentEngine.create(CATALOG, T0);
        for (int i = 0; i < 6; i++) {
            e.onEvent(purchase(7, i, 1e12));
        }
        e.onEvent(purchase(7, 6, 9.17e11));
        assertThat(Math.round(529_027_641.081855 * 1e6)).isEqualTo(529_027_641_081_855L);
        e.onEvent(purchase(7, 7, 529_027_641.081855)); // 6 917 529 027 641.081855: the bound, exactly
        assertThat(e.isMember(7, "spent-6.9-trillion")).isTrue();

        // 2^31 micro-units is large: refused. A value that fits an int in micro-units is not counted.
        Instant before = e.now();
        assertThatThrownBy(() -> e.onEvent(purchase(7, 60, 2147.483648)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("event.value 2147.483648 of profile 7")
                .hasMessageContaining("6917529027641.081855")
                .hasMessageContaining("nothing was changed");
        assertThatThrownBy(() -> e.onEvent(purchase(7, 61, -1e12))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("event.value -1.0E12 of profile 7");
        assertThat(e.now()).isEqualTo(before);
        assertThat(e.eventCount()).isEqualTo(8);
        e.onEvent(purchase(7, 62, 2147.483647));
        e.onEvent(purchase(7, 63, -2147.483648));
        assertThat(e.eventCount()).isEqualTo(10);
        // The allocation-free path refuses the same way.
        assertThatThrownBy(() -> e.onEvent(7, T0.plusSeconds(9_000).toEpochMilli(), "purchase", "web", null, 1e12,
                EngineListeners.NONE)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("profile 7");
        // A late event (older than the clock) too.
        assertThatThrownBy(() -> e.onEvent(purchase(7, 1, 5e3))).isInstanceOf(IllegalArgumentException.class);
        assertThat(e.isMember(7, "spent-6.9-trillion")).isTrue();
        assertThat(e.isMember(7, "net-positive")).isTrue();
        // Another profile has its own bound.
        e.onEvent(purchase(8, 64, -1e12));
        assertThat(e.isMember(8, "net-positive")).isFalse();
        assertThat(e.isMember(8, "bought-this-week")).isTrue();
    }

    @Test
    void tenMaximalValuesNoLongerWrapTheSum() {
        // Ten events of 1e12 are 1e19 micro-units, beyond Long.MAX_VALUE (9.22e18): the sum used to wrap to
        // a negative number and the profile left "spent-6.9-trillion" and "net-positive" silently.
        SegmentEngine e = SegmentEngine.create(CATALOG, T0);
        int accepted = 0;
        for (int i = 0; i < 10; i++) {
            try {
                e.onEvent(purchase(1, i, 1e12));
                accepted++;
            } catch (IllegalArgumentException refused) {
                assertThat(refused).hasMessageContaining("of profile 1");
            }
        }
        assertThat(accepted).isEqualTo(6);
        assertThat(e.isMember(1, "spent-6.9-trillion")).isFalse(); // 6e12 < 6.9e12
        assertThat(e.isMember(1, "net-positive")).isTrue();
        assertThat(e.evaluate().members("net-positive")).containsExactly(1L);
    }

    @Test
    void refundsCountByTheirMagnitude() {
        SegmentEngine e = SegmentEngine.create(CATALOG, T0);
        for (int i = 0; i < 3; i++) {
            e.onEvent(purchase(2, 2 * i, 1e12));
            e.onEvent(purchase(2, 2 * i + 1, -1e12));
        }
        // The net sum is 0, but the magnitudes total 6e12 and a seventh 1e12 would pass the bound.
        assertThatThrownBy(() -> e.onEvent(purchase(2, 10, 1e12))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("of profile 2");
        assertThat(e.eventCount()).isEqualTo(6);
    }

    @Test
    void aMergeThatWouldPassTheBoundIsRefusedBeforeAnyChange() {
        SegmentEngine e = SegmentEngine.create(CATALOG, T0);
        for (int i = 0; i < 4; i++) {
            e.onEvent(purchase(3, i, 1e12));
        }
        for (int i = 0; i < 3; i++) {
            e.onEvent(purchase(4, 10 + i, 1e12));
        }
        assertThatThrownBy(() -> e.merge(3, 4)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("merge of profile 3 into profile 4")
                .hasMessageContaining("7000000000000")
                .hasMessageContaining("nothing was changed");
        assertThat(e.profileCount()).isEqualTo(2);
        assertThat(e.members("net-positive")).containsExactly(3L, 4L);
        assertThat(e.eventCount()).isEqualTo(7);
        // Within the bound, merging goes on.
        e.onEvent(purchase(5, 20, 1e12));
        e.onEvent(purchase(5, 21, 1e12));
        assertThat(e.merge(5, 4)).extracting(SegmentChange::profile).containsOnly(5L);
        assertThat(e.members("net-positive")).containsExactly(3L, 4L);
        assertThat(e.eventCount()).isEqualTo(9);
    }

    @Test
    void aSnapshotWithAProfileBeyondTheBoundIsRefused() throws IOException {
        SegmentEngine e = SegmentEngine.create(CATALOG, T0);
        for (int i = 0; i < 6; i++) {
            e.onEvent(purchase(9, i, 1e12));
        }
        e.onEvent(Event.of(9, T0.plusSeconds(600), "view", "web", null, 1.234567));
        Path file = dir.resolve("over.snap");
        e.snapshot(file);
        assertThat(SegmentEngine.restore(file).members("net-positive")).containsExactly(9L);

        // As an earlier release could write it: the view's value is 1e12 (7e12 of large values in all).
        byte[] b = Files.readAllBytes(file);
        List<Integer> at = find(b, 1_234_567L);
        assertThat(at).hasSize(1);
        ByteBuffer.wrap(b).putLong(at.get(0), 1_000_000_000_000_000_000L);
        CRC32 crc = new CRC32();
        crc.update(b, 0, b.length - 16);
        ByteBuffer.wrap(b).putLong(b.length - 16, crc.getValue());
        Files.write(file, b);
        assertThatThrownBy(() -> SegmentEngine.restore(file)).isInstanceOf(SnapshotFormatException.class)
                .hasMessageContaining("profile 9").hasMessageContaining("exact long range");
    }

    private static List<Integer> find(byte[] b, long value) {
        byte[] p = ByteBuffer.allocate(8).putLong(value).array();
        List<Integer> out = new java.util.ArrayList<>();
        for (int i = 0; i + 8 <= b.length; i++) {
            if (java.util.Arrays.equals(b, i, i + 8, p, 0, 8)) {
                out.add(i);
            }
        }
        return out;
    }

    /** A listener for the allocation-free path. */
    private static final class EngineListeners {
        static final SegmentChangeListener NONE = (p, s, en, t) -> { };
    }
}
