package io.omnicanal.segmentation;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.zip.CRC32;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Files of the first snapshot format (event values as raw {@code double} bits) are still read. The
 * version-1 file is made here from a version-2 one by an independent rewrite that follows the documented
 * layout (version field, and each event's third long: micro-units to the double they stand for), with the
 * checksum recomputed; the restored engine must equal the original and continue exactly like it.
 */
class SnapshotVersion1Test {
    private static final String[] TYPES = {"view", "add_to_cart", "purchase", "email_open", "app_open", "store_visit"};

    @TempDir
    Path dir;

    private static List<Event> events(long seed, long from, int n) {
        Random rnd = new Random(seed);
        List<Event> out = new ArrayList<>();
        long t = from;
        for (int i = 0; i < n; i++) {
            t += rnd.nextInt(600_000);
            double value = rnd.nextInt(8) == 0 ? (rnd.nextBoolean() ? 1 : -1) * (5_000 + rnd.nextInt(1_000_000)) / 100.0
                    : rnd.nextInt(10_000) / 100.0;
            out.add(new Event(rnd.nextInt(30), Instant.ofEpochMilli(t), TYPES[rnd.nextInt(6)],
                    rnd.nextBoolean() ? "web" : "store", "d" + rnd.nextInt(4), value,
                    rnd.nextInt(5) == 0 ? Map.of("campaign", "spring") : Map.of()));
        }
        return out;
    }

    /** Rewrites a version-2 snapshot body as version 1 (values as double bits), with a new checksum. */
    private static byte[] toVersion1(byte[] v2) throws IOException {
        DataInputStream in = new DataInputStream(new java.io.ByteArrayInputStream(v2, 0, v2.length - 16));
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(buf);
        out.writeLong(in.readLong()); // magic
        assertThat(in.readInt()).isEqualTo(2);
        out.writeInt(1);
        SnapshotBytes.copyCatalogToPool(in, out);
        int rows = in.readInt();
        out.writeInt(rows);
        for (int r = 0; r < rows; r++) {
            out.writeLong(in.readLong()); // key
            out.writeByte(in.readByte()); // alive
            int n = in.readInt();
            out.writeInt(n);
            for (int i = 0; i < n; i++) {
                out.writeLong(in.readLong()); // time
                out.writeLong(in.readLong()); // ids
                out.writeLong(Double.doubleToRawLongBits(in.readLong() / 1e6)); // micro-units -> double
                out.writeLong(in.readLong()); // property reference
            }
        }
        out.write(in.readAllBytes()); // traits and RFM reference, unchanged
        out.flush();
        CRC32 crc = new CRC32();
        crc.update(buf.toByteArray());
        out.writeLong(crc.getValue());
        out.writeLong(0x4F4D4E49454E4400L); // end marker "OMNIEND\0"
        out.flush();
        return buf.toByteArray();
    }

    @Test
    void aVersion1FileRestoresTheSameEngine() throws IOException {
        long t0 = 1_700_000_000_000L;
        SegmentEngine a = SegmentEngine.create(TestCatalogs.rich(RfmSettings.TieRule.SHARE), Instant.ofEpochMilli(t0));
        for (Event e : events(11, t0, 400)) {
            a.onEvent(e);
        }
        a.setTrait(3, "city", "Paris");
        a.merge(5, 6);
        a.refreshRfm();
        Path v2 = dir.resolve("v2.snap");
        a.snapshot(v2);
        Path v1 = dir.resolve("v1.snap");
        Files.write(v1, toVersion1(Files.readAllBytes(v2)));

        SegmentEngine b = SegmentEngine.restore(v1);
        assertThat(b.now()).isEqualTo(a.now());
        assertThat(b.eventCount()).isEqualTo(a.eventCount());
        for (Segment s : a.catalog().segments()) {
            assertThat(b.members(s.id())).as(s.id()).containsExactly(a.members(s.id()));
        }
        for (long k = 0; k < 30; k++) {
            assertThat(b.rfmScore(k)).isEqualTo(a.rfmScore(k));
        }
        for (Event e : events(12, a.now().toEpochMilli(), 300)) {
            assertThat(b.onEvent(e)).isEqualTo(a.onEvent(e));
        }
        Instant later = a.now().plusSeconds(86_400 * 3);
        assertThat(b.advanceTo(later)).isEqualTo(a.advanceTo(later));
        // Written again, the restored engine produces the current version byte for byte.
        Path again = dir.resolve("again.snap");
        Path fresh = dir.resolve("fresh.snap");
        b.snapshot(again);
        a.snapshot(fresh);
        assertThat(Files.readAllBytes(again)).isEqualTo(Files.readAllBytes(fresh));
    }
}
