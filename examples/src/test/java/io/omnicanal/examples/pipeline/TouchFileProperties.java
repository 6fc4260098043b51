package io.omnicanal.examples.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

class TouchFileProperties {

    record Touch(long key, long second, int nano, int channel, int campaign, int device, int kind, double cost) {}

    /**
     * Oracle: the same touches kept in a list and re-keyed by a plain loop. Every kept touch comes
     * back whole and in append order, on every pass, and the temp files are gone after close.
     */
    @Property(tries = 40)
    void rekeyedTouchesComeBackInOrder(@ForAll @IntRange(min = 0, max = 3000) int n, @ForAll long seed)
            throws IOException {
        Random r = new Random(seed);
        List<Touch> all = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            all.add(new Touch(1 + r.nextInt(50), r.nextLong(), r.nextInt(1_000_000_000), r.nextInt(12),
                    r.nextInt(), r.nextInt(5), r.nextInt(4), r.nextDouble() * 10));
        }
        Path dir = Files.createTempDirectory("touchfile");
        try (TouchFile f = new TouchFile(dir)) {
            for (Touch t : all) {
                f.append(t.key, t.second, t.nano, t.channel, t.campaign, t.device, t.kind, t.cost);
            }
            // Keys divisible by 3 are gone, the others move to key * 10.
            long dropped = f.rekey(k -> k % 3 == 0 ? 0 : k * 10);
            List<Touch> expected = new ArrayList<>();
            for (Touch t : all) {
                if (t.key % 3 != 0) {
                    expected.add(new Touch(t.key * 10, t.second, t.nano, t.channel, t.campaign, t.device, t.kind,
                            t.cost));
                }
            }
            assertThat(dropped).isEqualTo(n - expected.size());
            assertThat(f.size()).isEqualTo(expected.size());
            for (int pass = 0; pass < 2; pass++) {
                assertThat(readAll(f)).containsExactlyElementsOf(expected);
            }
        }
        try (Stream<Path> left = Files.list(dir)) {
            assertThat(left).isEmpty();
        }
        Files.delete(dir);
    }

    @Test
    void aTruncatedFileFailsNamingIt() throws IOException {
        Path dir = Files.createTempDirectory("touchfile");
        try (TouchFile f = new TouchFile(dir)) {
            f.append(1, 2, 3, 4, 5, 6, 7, 8.5);
            f.append(1, 2, 3, 4, 5, 6, 7, 8.5);
            f.rekey(k -> k);
            Path file;
            try (Stream<Path> files = Files.list(dir)) {
                file = files.findFirst().orElseThrow();
            }
            try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
                ch.truncate(44 + 10);
            }
            TouchFile.Cursor c = f.cursor();
            c.next();
            assertThatThrownBy(c::next).isInstanceOf(UncheckedIOException.class)
                    .hasMessageContaining(file.toString()).hasMessageContaining("ends 1 records early");
        }
        Files.delete(dir);
    }

    @Test
    void readingBeforeRekeyIsRefused() throws IOException {
        Path dir = Files.createTempDirectory("touchfile");
        try (TouchFile f = new TouchFile(dir)) {
            f.append(1, 2, 3, 4, 5, 6, 7, 8.5);
            assertThatThrownBy(f::cursor).isInstanceOf(IllegalStateException.class).hasMessageContaining("rekey");
        }
        Files.delete(dir);
    }

    private static List<Touch> readAll(TouchFile f) {
        List<Touch> got = new ArrayList<>();
        TouchFile.Cursor c = f.cursor();
        while (c != null && c.hasNext()) {
            c.next();
            got.add(new Touch(c.key, c.second, c.nano, c.channel, c.campaign, c.device, c.kind, c.cost));
        }
        return got;
    }
}
