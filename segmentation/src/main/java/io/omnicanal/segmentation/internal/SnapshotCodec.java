package io.omnicanal.segmentation.internal;

import io.omnicanal.segmentation.SegmentCatalog;
import io.omnicanal.segmentation.SegmentDefinitionException;
import io.omnicanal.segmentation.SnapshotFormatException;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.zip.CRC32;
import java.util.zip.CheckedInputStream;
import java.util.zip.CheckedOutputStream;

/**
 * The snapshot file format, version 2 (big-endian):
 * <pre>
 * magic "OMNISEG\0" (8 bytes), version int
 * catalog JSON (int length + UTF-8), clock long
 * 4 interners (types, channels, devices, strings): int count, then strings (int length + UTF-8)
 * property pool: int count, ints
 * rows: int count, then per row: key long, alive byte, event count int, then per event 4 longs: epoch
 *   milliseconds, packed type/channel/device ids, value in micro-units (version 1: raw double bits, still
 *   read), property-pool reference
 * traits: int count, then per trait: name, then one int per row (interned value + 1, 0 = absent)
 * RFM reference: split byte, int n, then r, rKeys, f, fKeys, m, mKeys (n longs each)
 * CRC-32 of every byte above, as a long; then the end marker "OMNIEND\0"
 * </pre>
 * The incremental state, memberships and timers are not stored: restore recomputes them from the
 * histories, which the property tests show equals the incremental result. Reading builds an entirely new
 * engine, so a bad file leaves every existing engine untouched.
 */
public final class SnapshotCodec {
    private static final long MAGIC = 0x4F4D4E4953454700L;
    private static final long END = 0x4F4D4E49454E4400L;
    private static final int VERSION = 2;
    /** The first version, which stored each event's value as raw {@code double} bits; still read. */
    private static final int VERSION_DOUBLE_VALUES = 1;
    private static final long MAX_ABS_MICROS = 1_000_000_000_000_000_000L;

    private SnapshotCodec() {
    }

    /** Writes atomically (temp file in the same directory, flush, fsync, atomic rename). */
    public static void write(EngineCore core, Path file) throws IOException {
        Path abs = file.toAbsolutePath();
        Path dir = abs.getParent();
        Path tmp = Files.createTempFile(dir, abs.getFileName().toString(), ".tmp");
        boolean done = false;
        try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
            OutputStream raw = Channels.newOutputStream(ch);
            CRC32 crc = new CRC32();
            DataOutputStream out = new DataOutputStream(new BufferedOutputStream(new CheckedOutputStream(raw, crc), 1 << 16));
            writeBody(core, out);
            out.flush();
            long sum = crc.getValue();
            DataOutputStream tail = new DataOutputStream(raw);
            tail.writeLong(sum);
            tail.writeLong(END);
            tail.flush();
            ch.force(true);
            done = true;
        } finally {
            if (!done) {
                Files.deleteIfExists(tmp);
            }
        }
        try {
            Files.move(tmp, abs, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            Files.deleteIfExists(tmp);
            throw e;
        }
    }

    private static void writeBody(EngineCore core, DataOutputStream out) throws IOException {
        ProfileStore st = core.st;
        out.writeLong(MAGIC);
        out.writeInt(VERSION);
        writeString(out, core.catalog().toJson());
        out.writeLong(core.now);
        for (Interner in : new Interner[] {st.types, st.channels, st.devices, st.strings}) {
            out.writeInt(in.size());
            for (int i = 0; i < in.size(); i++) {
                writeString(out, in.name(i));
            }
        }
        out.writeInt(st.props.size());
        for (int i = 0; i < st.props.size(); i++) {
            out.writeInt(st.props.getInt(i));
        }
        out.writeInt(st.rows);
        for (int r = 0; r < st.rows; r++) {
            out.writeLong(st.keys[r]);
            out.writeByte(st.alive[r] ? 1 : 0);
            out.writeInt(st.size[r]);
            for (int i = 0; i < st.size[r]; i++) {
                long word = st.word(r, i);
                out.writeLong(st.time(r, i));
                out.writeLong(st.dims(word));
                out.writeLong(st.micros(r, word));
                out.writeLong(st.propsRef(r, word));
            }
        }
        out.writeInt(st.traitNames.size());
        for (int t = 0; t < st.traitNames.size(); t++) {
            writeString(out, st.traitNames.get(t));
            int[] vals = st.traitValues.get(t);
            for (int r = 0; r < st.rows; r++) {
                out.writeInt(vals[r]);
            }
        }
        RfmReference ref = core.rfm;
        out.writeByte(ref.split ? 1 : 0);
        out.writeInt(ref.n);
        for (long[] a : new long[][] {ref.rVals, ref.rKeys, ref.fVals, ref.fKeys, ref.mVals, ref.mKeys}) {
            for (long v : a) {
                out.writeLong(v);
            }
        }
    }

    /** Reads a new engine; see the class comment for the checks. */
    public static EngineCore read(Path file) throws IOException {
        long length = Files.size(file);
        if (length < 8 + 4 + 16) {
            throw new SnapshotFormatException(file + ": not a segmentation snapshot (only " + length + " bytes)", null);
        }
        CRC32 crc = new CRC32();
        try (InputStream raw = new BufferedInputStream(Files.newInputStream(file), 1 << 16)) {
            DataInputStream in = new DataInputStream(new CheckedInputStream(raw, crc));
            Reader r = new Reader(in, file, length);
            EngineCore core = r.body();
            long expected = crc.getValue();
            DataInputStream tail = new DataInputStream(raw);
            long stored = tail.readLong();
            long end = tail.readLong();
            if (end != END || stored != expected) {
                throw new SnapshotFormatException(file + ": checksum mismatch (stored " + Long.toHexString(stored)
                        + ", computed " + Long.toHexString(expected) + "): the file is corrupt", null);
            }
            if (raw.read() != -1) {
                throw new SnapshotFormatException(file + ": trailing bytes after the end marker", null);
            }
            return core;
        } catch (EOFException e) {
            throw new SnapshotFormatException(file + ": truncated snapshot", e);
        }
    }

    private static final class Reader {
        private final DataInputStream in;
        private final Path file;
        private final long length;

        Reader(DataInputStream in, Path file, long length) {
            this.in = in;
            this.file = file;
            this.length = length;
        }

        private int count(String what, int unitBytes) throws IOException {
            int n = in.readInt();
            if (n < 0 || (long) n * unitBytes > length) {
                throw new SnapshotFormatException(file + ": corrupt " + what + " count " + n, null);
            }
            return n;
        }

        private String string(String what) throws IOException {
            int n = count(what + " length", 1);
            byte[] b = in.readNBytes(n);
            if (b.length != n) {
                throw new EOFException();
            }
            return new String(b, StandardCharsets.UTF_8);
        }

        EngineCore body() throws IOException {
            if (in.readLong() != MAGIC) {
                throw new SnapshotFormatException(file + ": not a segmentation snapshot (bad magic)", null);
            }
            int version = in.readInt();
            if (version != VERSION && version != VERSION_DOUBLE_VALUES) {
                throw new SnapshotFormatException(file + ": unsupported snapshot version " + version
                        + " (this library reads versions " + VERSION_DOUBLE_VALUES + " and " + VERSION + ")", null);
            }
            boolean doubleValues = version == VERSION_DOUBLE_VALUES;
            SegmentCatalog catalog;
            String json = string("catalog");
            try {
                catalog = SegmentCatalog.fromJson(json);
            } catch (SegmentDefinitionException e) {
                throw new SnapshotFormatException(file + ": corrupt catalog: " + e.getMessage(), e);
            }
            long now = in.readLong();
            ProfileStore st = new ProfileStore();
            for (Interner target : new Interner[] {st.types, st.channels, st.devices, st.strings}) {
                int n = count("interner", 4);
                for (int i = 0; i < n; i++) {
                    String s = string("interned string");
                    if (target.intern(s) != i) {
                        throw new SnapshotFormatException(file + ": corrupt interner (duplicate \"" + s + "\")", null);
                    }
                }
            }
            int pn = count("property pool", 4);
            st.props.clear();
            for (int i = 0; i < pn; i++) {
                st.props.add(in.readInt());
            }
            int rows = count("row", 13);
            for (int r = 0; r < rows; r++) {
                long key = in.readLong();
                boolean alive = in.readByte() == 1;
                int n = count("event", 32);
                if (alive && st.row(key) >= 0) {
                    throw new SnapshotFormatException(file + ": corrupt rows (duplicate live key " + key + ")", null);
                }
                int row = st.rowOrCreate(key);
                if (row != r) {
                    throw new SnapshotFormatException(file + ": corrupt rows (row " + r + ")", null);
                }
                long prev = Long.MIN_VALUE;
                for (int i = 0; i < n; i++) {
                    long t = in.readLong();
                    long dims = in.readLong();
                    long value = in.readLong();
                    long ref = in.readLong();
                    if (t < prev || ProfileStore.type(dims) >= st.types.size()
                            || ProfileStore.channel(dims) >= st.channels.size()
                            || ProfileStore.device(dims) >= st.devices.size() || ref < 0 || ref >= pn) {
                        throw new SnapshotFormatException(file + ": corrupt event " + i + " of row " + r, null);
                    }
                    prev = t;
                    long micros = doubleValues ? ProfileStore.micros(Double.longBitsToDouble(value)) : value;
                    if (doubleValues && !(Math.abs(Double.longBitsToDouble(value)) <= 1e12)
                            || !doubleValues && Math.abs(value) > MAX_ABS_MICROS) {
                        throw new SnapshotFormatException(file + ": corrupt value of event " + i + " of row " + r, null);
                    }
                    st.insert(row, t, dims, micros, (int) ref);
                }
                if (!alive) {
                    st.erase(row);
                }
            }
            int traits = count("trait", 4);
            for (int t = 0; t < traits; t++) {
                String name = string("trait name");
                int id = st.traitIdOrCreate(name);
                for (int r = 0; r < rows; r++) {
                    int v = in.readInt();
                    if (v < 0 || v > st.strings.size()) {
                        throw new SnapshotFormatException(file + ": corrupt trait \"" + name + "\" at row " + r, null);
                    }
                    if (v > 0) {
                        st.setTrait(id, r, st.strings.name(v - 1));
                    }
                }
            }
            boolean split = in.readByte() == 1;
            int n = count("RFM reference", 48);
            long[][] arrays = new long[6][n];
            for (long[] a : arrays) {
                for (int i = 0; i < n; i++) {
                    a[i] = in.readLong();
                }
            }
            RfmReference ref = new RfmReference(split, arrays[0], arrays[1], arrays[2], arrays[3], arrays[4], arrays[5]);
            return new EngineCore(st, catalog, now, ref);
        }
    }

    private static void writeString(DataOutputStream out, String s) throws IOException {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        out.writeInt(b.length);
        out.write(b);
    }
}
