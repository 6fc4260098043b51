package io.omnicanal.attribution;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.zip.CRC32;

import static io.omnicanal.attribution.PathBuilderTest.rows;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PathTableSnapshotTest {
    @TempDir
    Path dir;

    static PathTable sample() {
        return new PathBuilder(PathSettings.builder().dimensions(Dimension.CHANNEL, Dimension.DEVICE).build())
                .build(AttributionReportTest.touches(), AttributionReportTest.conversions(), p -> p < 3 ? "ağ" : "İst");
    }

    @Test
    void roundTripsRowByRow() throws IOException {
        PathTable t = sample();
        Path file = dir.resolve("paths.bin");
        t.save(file);
        PathTable back = PathTable.load(file);
        assertThat(rows(back)).isEqualTo(rows(t));
        assertThat(back.values()).isEqualTo(t.values());
        assertThat(back.dimensions()).isEqualTo(t.dimensions());
        assertThat(back.groups()).isEqualTo(t.groups());
        assertThat(back.unattributedValue()).isEqualTo(t.unattributedValue());
        assertThat(back.unattributedConversions()).isEqualTo(t.unattributedConversions());
        for (int r = 0; r < t.size(); r++) {
            for (int p = 0; p < t.pathLength(r); p++) {
                assertThat(back.age(r, p)).isEqualTo(t.age(r, p));
            }
        }
        assertThat(AttributionModel.markov(1).attribute(back)).isEqualTo(AttributionModel.markov(1).attribute(t));
        try (var files = Files.list(dir)) {
            assertThat(files.map(f -> f.getFileName().toString())).containsExactly("paths.bin");
        }
    }

    @Test
    void truncatedCorruptForeignAndFutureFilesAreRejected() throws IOException {
        Path file = dir.resolve("paths.bin");
        sample().save(file);
        byte[] good = Files.readAllBytes(file);

        Files.write(file, Arrays.copyOf(good, good.length - 3));
        assertThatThrownBy(() -> PathTable.load(file)).hasMessageContaining("truncated");
        Files.write(file, Arrays.copyOf(good, 10));
        assertThatThrownBy(() -> PathTable.load(file)).hasMessageContaining("truncated");

        byte[] flipped = good.clone();
        flipped[good.length / 2] ^= 0x10;
        Files.write(file, flipped);
        assertThatThrownBy(() -> PathTable.load(file)).hasMessageContaining("checksum");

        Files.writeString(file, "path,total_conversions\na,1\n");
        assertThatThrownBy(() -> PathTable.load(file)).hasMessageContaining("not an Omnicanal path table");

        byte[] future = good.clone();
        future[7] = 9;
        Files.write(file, future);
        assertThatThrownBy(() -> PathTable.load(file)).hasMessageContaining("version 9");
    }

    @Test
    void aFailedSaveLeavesTheOldFile() throws IOException {
        Path file = dir.resolve("paths.bin");
        sample().save(file);
        byte[] before = Files.readAllBytes(file);
        Path missingDir = dir.resolve("nope").resolve("paths.bin");
        assertThatThrownBy(() -> sample().save(missingDir)).hasMessageContaining("cannot write");
        assertThat(Files.readAllBytes(file)).isEqualTo(before);
        PathTable small = PathTable.builder().add(List.of("x"), 1, 1, 0).build();
        small.save(file);
        assertThat(PathTable.load(file).values()).containsExactly("x");
    }

    /**
     * Every single-byte change and every truncation of a snapshot fails with an
     * {@code IllegalArgumentException} naming the file: a CRC-32 catches every error within 32
     * consecutive bits, and the header fields are checked before it. Never another exception, never
     * a table.
     */
    @Test
    void everyFlippedByteAndEveryTruncationIsRefusedNamingTheFile() throws IOException {
        Path file = dir.resolve("damaged.octable");
        sample().save(file);
        byte[] good = Files.readAllBytes(file);
        for (int i = 0; i < good.length; i++) {
            for (int mask : new int[] {0x01, 0x80, 0xFF}) {
                byte[] bad = good.clone();
                bad[i] ^= (byte) mask;
                Files.write(file, bad);
                int at = i;
                assertThatThrownBy(() -> PathTable.load(file)).as("byte %d ^ 0x%x", at, mask)
                        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("damaged.octable");
            }
        }
        for (int length = 0; length < good.length; length++) {
            Files.write(file, Arrays.copyOf(good, length));
            int at = length;
            assertThatThrownBy(() -> PathTable.load(file)).as("first %d bytes", at)
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("damaged.octable");
        }
        Files.write(file, good);
        assertThat(rows(PathTable.load(file))).isEqualTo(rows(sample()));
    }

    /** Rewrites the payload's CRC in the header, as a foreign writer with its own bugs would. */
    static byte[] withChecksum(byte[] file) {
        CRC32 crc = new CRC32();
        crc.update(file, 20, file.length - 20);
        byte[] out = file.clone();
        ByteBuffer.wrap(out).putInt(16, (int) crc.getValue());
        return out;
    }

    /** The offset of the first occurrence of {@code doubles} (big-endian) in {@code bytes}. */
    static int find(byte[] bytes, double... doubles) {
        ByteBuffer b = ByteBuffer.allocate(8 * doubles.length);
        for (double d : doubles) {
            b.putDouble(d);
        }
        byte[] needle = b.array();
        for (int i = 0; i + needle.length <= bytes.length; i++) {
            if (Arrays.equals(bytes, i, i + needle.length, needle, 0, needle.length)) {
                return i;
            }
        }
        throw new AssertionError("not found");
    }

    /**
     * A file whose checksum matches but whose content a table cannot hold (written by a foreign or
     * faulty writer) is refused naming what is wrong, before any table exists: a negative or NaN
     * count, value without conversions, negative unattributed totals, and a dictionary size that
     * the file cannot hold (which used to allocate an array of that size first).
     */
    @Test
    void aChecksummedPayloadATableCannotHoldIsRefused() throws IOException {
        Path file = dir.resolve("foreign.octable");
        // one row: x with conversions 3, value 7.5, nulls 2; unattributed 4 conversions worth 11
        PathTable.builder().add(List.of("x"), 3, 7.5, 2).add(List.of(), 4, 11, 0).build().save(file);
        byte[] good = Files.readAllBytes(file);
        int counts = find(good, 3, 7.5, 2);
        int unattributed = find(good, 4, 11);

        Object[][] cases = {
                {counts, -3.0, "row 0", "conversions", "-3.0"},
                {counts + 8, Double.NaN, "row 0", "value", "NaN"},
                {counts + 16, Double.POSITIVE_INFINITY, "row 0", "nulls", "Infinity"},
                {counts, 0.0, "row 0", "value must be 0 when conversions are 0", "7.5"},
                {unattributed, -4.0, "unattributed", "conversions", "-4.0"},
                {unattributed + 8, -11.0, "unattributed", "value", "-11.0"}};
        for (Object[] c : cases) {
            byte[] bad = good.clone();
            ByteBuffer.wrap(bad).putDouble((int) c[0], (double) c[1]);
            Files.write(file, withChecksum(bad));
            assertThatThrownBy(() -> PathTable.load(file)).as("%s %s", c[2], c[3])
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("foreign.octable")
                    .hasMessageContaining((String) c[2]).hasMessageContaining((String) c[3])
                    .hasMessageContaining((String) c[4]);
        }

        // the dictionary size follows the dimensions: int count 1, then "CHANNEL" as modified UTF-8
        int valuesAt = 20 + 4 + 2 + "CHANNEL".length();
        assertThat(ByteBuffer.wrap(good).getInt(valuesAt)).isEqualTo(1);
        byte[] huge = good.clone();
        ByteBuffer.wrap(huge).putInt(valuesAt, Integer.MAX_VALUE);
        Files.write(file, withChecksum(huge));
        assertThatThrownBy(() -> PathTable.load(file)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("foreign.octable").hasMessageContaining("values count 2147483647");

        Files.write(file, withChecksum(good));
        assertThat(PathTable.load(file).unattributedValue()).isEqualTo(11.0);
    }
}
