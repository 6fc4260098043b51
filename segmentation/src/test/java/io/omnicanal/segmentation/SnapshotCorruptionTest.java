package io.omnicanal.segmentation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Review finding 5: a damaged snapshot is refused by the checks over its raw bytes (magic, version, end
 * marker, checksum) before anything is decoded, with a message naming the file and the fault, at every
 * position and every length of a small snapshot; the engine that wrote it is untouched.
 */
class SnapshotCorruptionTest {
    private static final Instant T0 = Instant.parse("2026-03-01T09:00:00Z");

    @TempDir
    Path dir;

    private SegmentEngine engine;
    private byte[] good;

    @BeforeEach
    void writeSmallSnapshot() throws IOException {
        SegmentCatalog catalog = SegmentCatalog.builder()
                .add("buyers", Condition.atLeast(1, EventFilter.type("purchase"), Duration.ofDays(30)))
                .add("big", Condition.sumAtLeast(100, EventFilter.type("purchase"), null))
                .add("paris", Condition.traitEquals("city", "Paris"))
                .build();
        engine = SegmentEngine.create(catalog, T0);
        engine.onEvent(new Event(1, T0.plusSeconds(60), "purchase", "web", "phone", 120.5, Map.of("coupon", "x1")));
        engine.onEvent(Event.of(2, T0.plusSeconds(90), "purchase", "store", null, 40));
        engine.onEvent(Event.of(2, T0.plusSeconds(95), "view", "web", "desktop", 0));
        engine.setTrait(2, "city", "Paris");
        engine.refreshRfm();
        Path file = dir.resolve("good.snap");
        engine.snapshot(file);
        good = Files.readAllBytes(file);
    }

    private Path write(String name, byte[] b) throws IOException {
        Path p = dir.resolve(name);
        Files.write(p, b);
        return p;
    }

    /** The exception restoring {@code bytes} throws; it must be a {@link SnapshotFormatException} naming the file. */
    private String refusal(String name, byte[] bytes) throws IOException {
        Path p = write(name, bytes);
        Throwable t = catchThrowable(() -> SegmentEngine.restore(p));
        assertThat(t).as(name).isInstanceOf(SnapshotFormatException.class);
        assertThat(t.getMessage()).as(name).startsWith(p.toString() + ": ");
        return t.getMessage();
    }

    @Test
    void aFlippedByteAtEveryPositionIsNamedByTheCheckThatCatchesIt() throws IOException {
        int n = good.length;
        assertThat(n).isLessThan(4_000);
        for (int pos = 0; pos < n; pos++) {
            for (int mask : new int[] {0x01, 0x80, 0xFF}) {
                byte[] b = good.clone();
                b[pos] ^= (byte) mask;
                String m = refusal("flip", b);
                String where = "byte " + pos + " of " + n + " ^ " + mask + ": " + m;
                if (pos < 8) {
                    assertThat(m).as(where).endsWith("not a segmentation snapshot (bad magic)");
                } else if (pos < 12) {
                    assertThat(m).as(where).contains("unsupported snapshot version");
                } else if (pos < n - 8) {
                    assertThat(m).as(where).contains("checksum mismatch");
                } else {
                    assertThat(m).as(where).contains("no end marker");
                }
            }
        }
        assertThat(SegmentEngine.restore(write("again", good)).members("big")).containsExactly(1L);
    }

    @Test
    void aTruncationAtEveryLengthIsReportedAsTruncated() throws IOException {
        for (int cut = 0; cut < good.length; cut++) {
            String m = refusal("cut", Arrays.copyOf(good, cut));
            assertThat(m).as("cut at %d of %d: %s", cut, good.length, m).contains("truncated");
        }
    }

    @Test
    void foreignFilesAreNotSnapshots() throws IOException {
        byte[][] foreign = {
            "{\"segments\": []}".getBytes(StandardCharsets.UTF_8),
            {'P', 'K', 3, 4, 20, 0, 0, 0, 8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
                0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0},
            new byte[good.length],
            "OMNIJRN\0 another module's snapshot, long enough to have a tail ....".getBytes(StandardCharsets.UTF_8),
            {'X'},
        };
        for (int i = 0; i < foreign.length; i++) {
            assertThat(refusal("foreign" + i, foreign[i])).as("foreign file %d", i)
                    .endsWith("not a segmentation snapshot (bad magic)");
        }
        assertThat(refusal("empty", new byte[0])).contains("truncated").contains("0 bytes");
    }

    @Test
    void trailingBytesAndAFutureVersionAreRefusedAndTheWriterIsUntouched() throws IOException {
        assertThat(refusal("trailing", Arrays.copyOf(good, good.length + 3))).contains("no end marker");
        byte[] future = good.clone();
        future[11] = 9;
        assertThat(refusal("future", future)).contains("unsupported snapshot version 9");
        assertThat(engine.members("buyers")).containsExactly(1L, 2L);
        assertThat(engine.members("paris")).containsExactly(2L);
        assertThat(engine.eventCount()).isEqualTo(3);
        Path again = dir.resolve("again.snap");
        engine.snapshot(again);
        assertThat(Files.readAllBytes(again)).isEqualTo(good);
    }
}
