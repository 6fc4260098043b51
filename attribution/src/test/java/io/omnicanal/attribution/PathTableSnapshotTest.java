package io.omnicanal.attribution;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

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
}
