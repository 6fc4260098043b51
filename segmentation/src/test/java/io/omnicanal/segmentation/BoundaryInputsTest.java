package io.omnicanal.segmentation;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Inputs at the edges of what the engine accepts, from a review of session 9: profile key 0 next to
 * erased and merged-away rows, infinite bounds, instants near the ends of the {@code long} range, and
 * null arguments.
 */
class BoundaryInputsTest {
    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    private static SegmentCatalog any() {
        return SegmentCatalog.builder().add("any", Condition.atLeast(1, EventFilter.any(), null)).build();
    }

    /**
     * Erased and merged-away rows keep the placeholder key 0; the batch lookups by key must not mistake
     * them for a live profile 0. Oracle: the members listed from the bitmaps, and the engine's own answer.
     */
    @Test
    void batchLookupsFindProfileZeroNextToErasedAndMergedRows() {
        for (boolean merge : new boolean[] {false, true}) {
            SegmentEngine engine = SegmentEngine.create(any(), T0);
            engine.onEvent(Event.of(0, T0, "view", null, null, 0));
            engine.onEvent(Event.of(1, T0, "view", null, null, 0));
            engine.onEvent(Event.of(2, T0, "view", null, null, 0));
            if (merge) {
                engine.merge(1, 2);
            } else {
                engine.erase(1);
            }
            BatchResult b = engine.evaluate();
            assertThat(b.members("any")).containsExactly(0L, 2L);
            assertThat(b.contains("any", 0)).isTrue();
            assertThat(b.segmentsOf(0)).containsExactly("any").isEqualTo(engine.segmentsOf(0));
            assertThat(b.contains("any", 1)).isFalse();
            assertThat(b.contains("any", 2)).isTrue();
        }
    }

    /** A key erased and seen again: its new row is the one found. */
    @Test
    void aKeyErasedAndSeenAgainIsFoundInItsNewRow() {
        SegmentCatalog catalog = SegmentCatalog.builder()
                .add("buyer", Condition.atLeast(1, EventFilter.type("purchase"), null)).build();
        SegmentEngine engine = SegmentEngine.create(catalog, T0);
        engine.onEvent(Event.of(5, T0, "purchase", null, null, 10));
        engine.erase(5);
        engine.onEvent(Event.of(5, T0.plusSeconds(1), "view", null, null, 0));
        engine.onEvent(Event.of(6, T0.plusSeconds(1), "purchase", null, null, 10));
        BatchResult b = engine.evaluate();
        assertThat(b.contains("buyer", 5)).isFalse();
        engine.onEvent(Event.of(5, T0.plusSeconds(2), "purchase", null, null, 10));
        assertThat(engine.evaluate().contains("buyer", 5)).isTrue();
    }

    /**
     * An infinite bound is an open side; +Infinity as the lower bound or -Infinity as the upper one is a
     * bound no number meets, which the JSON form cannot write back (a snapshot holding it could never be
     * restored): refused, naming the bound. Open sides round-trip through JSON and a snapshot.
     */
    @Test
    void boundsNoNumberMeetsAreRefusedAndOpenSidesRoundTrip(@TempDir Path dir) throws IOException {
        double inf = Double.POSITIVE_INFINITY;
        assertThatThrownBy(() -> new Condition.Aggregate(Condition.Measure.COUNT, EventFilter.any(), null, inf, inf))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("min").hasMessageContaining("Infinity");
        assertThatThrownBy(() -> new Condition.TraitRange("age", -inf, -inf))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("max").hasMessageContaining("-Infinity");
        SegmentCatalog open = SegmentCatalog.builder()
                .add("some", new Condition.Aggregate(Condition.Measure.SUM, EventFilter.any(), null, -inf, inf))
                .add("old", new Condition.TraitRange("age", 65, inf))
                .add("young", new Condition.TraitRange("age", -inf, 17.5)).build();
        assertThat(SegmentCatalog.fromJson(open.toJson())).isEqualTo(open);
        SegmentEngine engine = SegmentEngine.create(open, T0);
        engine.setTrait(1, "age", "70");
        Path file = dir.resolve("open.snap");
        engine.snapshot(file);
        SegmentEngine back = SegmentEngine.restore(file);
        assertThat(back.catalog()).isEqualTo(open);
        assertThat(back.members("old")).containsExactly(1L);
    }

    /**
     * Instants beyond {@link Event#MAX_EPOCH_MILLIS} are refused naming the field, before any change
     * (they used to reach deadline arithmetic that overflowed and moved the clock backwards, or to
     * collide with the engine's "no event" marker); at the edge of the range a window still expires
     * at its exact instant.
     */
    @Test
    void instantsBeyondTheRangeAreRefusedAndTheEdgeStillExpiresExactly() {
        SegmentCatalog catalog = SegmentCatalog.builder()
                .add("recent", Condition.atLeast(1, EventFilter.type("view"), Duration.ofHours(1))).build();
        SegmentEngine engine = SegmentEngine.create(catalog, T0);
        engine.onEvent(Event.of(1, T0, "view", null, null, 0));
        long max = Event.MAX_EPOCH_MILLIS;
        for (long bad : new long[] {Long.MIN_VALUE, Long.MAX_VALUE - 1_000, max + 1, -max - 1}) {
            assertThatThrownBy(() -> engine.onEvent(2, bad, "view", null, null, 0, (p, s, e, t) -> { }))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("event.time")
                    .hasMessageContaining(Long.toString(bad));
            assertThatThrownBy(() -> Event.of(2, Instant.ofEpochMilli(bad), "view", null, null, 0))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("event.time");
            assertThatThrownBy(() -> engine.advanceTo(Instant.ofEpochMilli(bad)))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("time");
            assertThatThrownBy(() -> SegmentEngine.create(catalog, Instant.ofEpochMilli(bad)))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("start");
        }
        assertThat(engine.now()).isEqualTo(T0);
        assertThat(engine.eventCount()).isEqualTo(1);
        assertThat(engine.members("recent")).containsExactly(1L);

        Instant edge = Instant.ofEpochMilli(max - Duration.ofMinutes(30).toMillis());
        assertThat(engine.onEvent(Event.of(2, edge, "view", null, null, 0)))
                .contains(new SegmentChange(1, "recent", false, T0.plus(Duration.ofHours(1))))
                .contains(new SegmentChange(2, "recent", true, edge));
        List<SegmentChange> exits = engine.advanceTo(Instant.ofEpochMilli(max));
        assertThat(exits).isEmpty(); // the window ends half an hour after max: still inside
        assertThat(engine.now()).isEqualTo(Instant.ofEpochMilli(max));
        assertThat(engine.members("recent")).containsExactly(2L);

        SegmentEngine low = SegmentEngine.create(catalog, Instant.ofEpochMilli(-max));
        Instant early = Instant.ofEpochMilli(-max);
        low.onEvent(Event.of(3, early, "view", null, null, 0));
        assertThat(low.advanceTo(early.plus(Duration.ofHours(1))))
                .containsExactly(new SegmentChange(3, "recent", false, early.plus(Duration.ofHours(1))));
    }

    /**
     * A snapshot whose clock lies beyond {@link Event#MAX_EPOCH_MILLIS} (as a file written before the
     * range existed could hold) is refused as a whole, with a valid checksum, rather than restoring an
     * engine whose deadlines overflow.
     */
    @Test
    void aSnapshotWithAClockBeyondTheRangeIsRefused(@TempDir Path dir) throws IOException {
        SegmentEngine engine = SegmentEngine.create(any(), T0);
        engine.onEvent(Event.of(1, T0, "view", null, null, 0));
        Path file = dir.resolve("ok.snap");
        engine.snapshot(file);
        byte[] bytes = java.nio.file.Files.readAllBytes(file);
        java.io.DataInputStream in = new java.io.DataInputStream(
                new java.io.ByteArrayInputStream(bytes, 0, bytes.length - 16));
        java.io.ByteArrayOutputStream buf = new java.io.ByteArrayOutputStream();
        java.io.DataOutputStream out = new java.io.DataOutputStream(buf);
        out.writeLong(in.readLong()); // magic
        out.writeInt(in.readInt()); // version
        SnapshotBytes.copyString(in, out); // catalog JSON
        assertThat(in.readLong()).isEqualTo(T0.toEpochMilli());
        out.writeLong(Long.MAX_VALUE - 1_000); // the clock, near the end of the long range
        out.write(in.readAllBytes());
        out.flush();
        java.util.zip.CRC32 crc = new java.util.zip.CRC32();
        crc.update(buf.toByteArray());
        out.writeLong(crc.getValue());
        out.write(bytes, bytes.length - 8, 8); // the end marker as written
        out.flush();
        Path bad = dir.resolve("bad.snap");
        java.nio.file.Files.write(bad, buf.toByteArray());
        assertThatThrownBy(() -> SegmentEngine.restore(bad)).isInstanceOf(SnapshotFormatException.class)
                .hasMessageContaining("clock").hasMessageContaining(Long.toString(Long.MAX_VALUE - 1_000));
        assertThat(SegmentEngine.restore(file).members("any")).containsExactly(1L);
    }

    /** Null arguments throw {@code NullPointerException} naming the parameter, and change nothing. */
    @Test
    void nullArgumentsAreNamedAndChangeNothing() {
        SegmentEngine engine = SegmentEngine.create(any(), T0);
        engine.onEvent(Event.of(1, T0, "view", null, null, 0));
        assertThatThrownBy(() -> engine.setTraits(1, null)).isInstanceOf(NullPointerException.class).hasMessage("traits");
        assertThatThrownBy(() -> engine.members(null)).isInstanceOf(NullPointerException.class).hasMessage("segment");
        assertThatThrownBy(() -> engine.count(null)).isInstanceOf(NullPointerException.class).hasMessage("segment");
        assertThatThrownBy(() -> engine.isMember(1, null)).isInstanceOf(NullPointerException.class).hasMessage("segment");
        assertThatThrownBy(() -> engine.onEvent(2, T0.toEpochMilli(), "view", null, null, 0, null))
                .isInstanceOf(NullPointerException.class).hasMessage("listener");
        assertThatThrownBy(() -> engine.snapshot(null)).isInstanceOf(NullPointerException.class).hasMessage("file");
        assertThat(engine.eventCount()).isEqualTo(1);
        assertThat(engine.members("any")).containsExactly(1L);
    }
}
