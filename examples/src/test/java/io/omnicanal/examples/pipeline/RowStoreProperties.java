package io.omnicanal.examples.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

class RowStoreProperties {

    record Rec(long sec, int nano, int rank, long line, byte[] payload) {}

    /**
     * Oracle: the records sorted by a plain list sort on the same four keys. Small chunks force
     * many spilled runs, big ones none; every payload comes back whole, in key order, and the temp
     * folder is gone after close.
     */
    @Property(tries = 60)
    void replaysInKeyOrderWhateverTheChunk(@ForAll @IntRange(min = 0, max = 3000) int n,
            @ForAll @IntRange(min = 1024, max = 200_000) int chunk, @ForAll long seed) throws IOException {
        Random r = new Random(seed);
        List<Rec> recs = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            long sec = r.nextInt(5) == 0 ? Long.MIN_VALUE : 1_700_000_000L + r.nextInt(50);
            byte[] payload = new byte[r.nextInt(300)];
            r.nextBytes(payload);
            // Unique (rank, line) as rows have; times collide often.
            recs.add(new Rec(sec, r.nextInt(3) * 1000, r.nextInt(6), i * 7L + r.nextInt(7), payload));
        }
        Path dir = Files.createTempDirectory("rowstore");
        List<byte[]> replayed = new ArrayList<>();
        try (RowStore store = new RowStore(dir, chunk)) {
            for (Rec x : recs) {
                store.add(x.sec(), x.nano(), x.rank(), x.line(), x.payload(), 0, x.payload().length);
            }
            assertThat(store.size()).isEqualTo(n);
            store.replay((data, off, len) -> replayed.add(Arrays.copyOfRange(data, off, off + len)));
        }
        List<Rec> expected = new ArrayList<>(recs);
        expected.sort(Comparator.comparingLong(Rec::sec).thenComparingInt(Rec::nano).thenComparingInt(Rec::rank)
                .thenComparingLong(Rec::line));
        assertThat(replayed).hasSize(n);
        for (int i = 0; i < n; i++) {
            assertThat(replayed.get(i)).as("record %d", i).isEqualTo(expected.get(i).payload());
        }
        try (var left = Files.list(dir)) {
            assertThat(left).as("temp runs deleted").isEmpty();
        }
        Files.delete(dir);
    }

    @Test
    void refusesATinyChunk() {
        assertThatThrownBy(() -> new RowStore(Path.of("."), 10)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("chunkBytes").hasMessageContaining("10");
    }
}
