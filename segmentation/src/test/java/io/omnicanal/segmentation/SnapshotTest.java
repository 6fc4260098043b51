package io.omnicanal.segmentation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SnapshotTest {
    private static final String[] TYPES = {"view", "add_to_cart", "purchase", "email_open", "app_open", "store_visit"};

    @TempDir
    Path dir;

    private static List<Event> events(long seed, long from, int n) {
        Random rnd = new Random(seed);
        List<Event> out = new ArrayList<>();
        long t = from;
        for (int i = 0; i < n; i++) {
            t += rnd.nextInt(600_000);
            out.add(new Event(rnd.nextInt(30), Instant.ofEpochMilli(t), TYPES[rnd.nextInt(6)],
                    rnd.nextBoolean() ? "web" : "store", "d" + rnd.nextInt(4), rnd.nextInt(10_000) / 100.0,
                    rnd.nextInt(5) == 0 ? Map.of("campaign", "spring") : Map.of()));
        }
        return out;
    }

    @Test
    void restoreContinuesExactlyLikeTheOriginal() throws IOException {
        long t0 = 1_700_000_000_000L;
        SegmentEngine a = SegmentEngine.create(TestCatalogs.rich(RfmSettings.TieRule.SHARE), Instant.ofEpochMilli(t0));
        for (Event e : events(1, t0, 400)) {
            a.onEvent(e);
        }
        a.setTrait(3, "city", "İstanbul");
        a.setTrait(3, "age", "33");
        a.erase(4);
        a.merge(5, 6);
        a.refreshRfm();
        Path file = dir.resolve("seg.snap");
        a.snapshot(file);
        a.snapshot(file); // overwrite atomically
        try (var files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString()).toList()).containsExactly("seg.snap");
        }
        SegmentEngine b = SegmentEngine.restore(file);
        assertThat(b.now()).isEqualTo(a.now());
        assertThat(b.catalog()).isEqualTo(a.catalog());
        assertThat(b.eventCount()).isEqualTo(a.eventCount());
        assertThat(b.profileCount()).isEqualTo(a.profileCount());
        for (Segment s : a.catalog().segments()) {
            assertThat(b.members(s.id())).as(s.id()).containsExactly(a.members(s.id()));
        }
        for (long k = 0; k < 30; k++) {
            assertThat(b.traits(k)).isEqualTo(a.traits(k));
            assertThat(b.rfmScore(k)).isEqualTo(a.rfmScore(k));
        }
        for (Event e : events(2, a.now().toEpochMilli() - 3_600_000, 300)) {
            assertThat(b.onEvent(e)).isEqualTo(a.onEvent(e));
        }
        Instant later = a.now().plusSeconds(86_400 * 3);
        assertThat(b.advanceTo(later)).isEqualTo(a.advanceTo(later));
    }

    @Test
    void corruptTruncatedForeignAndFutureFilesAreRejected() throws IOException {
        SegmentEngine a = SegmentEngine.create(TestCatalogs.rich(RfmSettings.TieRule.SHARE), Instant.EPOCH);
        for (Event e : events(3, 0, 200)) {
            a.onEvent(e);
        }
        Path good = dir.resolve("good.snap");
        a.snapshot(good);
        byte[] bytes = Files.readAllBytes(good);

        byte[] flipped = bytes.clone();
        flipped[bytes.length / 2] ^= 0x10;
        assertThatThrownBy(() -> SegmentEngine.restore(write("flipped", flipped)))
                .isInstanceOf(SnapshotFormatException.class);

        for (int cut : new int[] {5, 20, bytes.length / 3, bytes.length - 9, bytes.length - 1}) {
            byte[] truncated = java.util.Arrays.copyOf(bytes, cut);
            assertThatThrownBy(() -> SegmentEngine.restore(write("cut" + cut, truncated)))
                    .as("cut at %d", cut).isInstanceOf(SnapshotFormatException.class);
        }
        assertThatThrownBy(() -> SegmentEngine.restore(write("foreign", "{\"hello\": \"world\"} padding padding".getBytes(
                java.nio.charset.StandardCharsets.UTF_8)))).isInstanceOf(SnapshotFormatException.class)
                .hasMessageContaining("bad magic");
        byte[] future = bytes.clone();
        future[11] = 9;
        assertThatThrownBy(() -> SegmentEngine.restore(write("future", future)))
                .isInstanceOf(SnapshotFormatException.class).hasMessageContaining("version 9");
        byte[] trailing = java.util.Arrays.copyOf(bytes, bytes.length + 1);
        assertThatThrownBy(() -> SegmentEngine.restore(write("trailing", trailing)))
                .isInstanceOf(SnapshotFormatException.class);
        // The engine that wrote the file is unaffected, and a good file still restores.
        assertThat(SegmentEngine.restore(good).eventCount()).isEqualTo(a.eventCount());
    }

    private Path write(String name, byte[] b) throws IOException {
        Path p = dir.resolve(name);
        Files.write(p, b);
        return p;
    }
}
