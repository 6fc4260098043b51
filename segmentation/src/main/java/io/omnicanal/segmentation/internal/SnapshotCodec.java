package io.omnicanal.segmentation.internal;

import io.omnicanal.segmentation.Event;

import io.omnicanal.segmentation.SegmentCatalog;
import io.omnicanal.segmentation.SegmentDefinitionException;
import io.omnicanal.segmentation.SnapshotFormatException;
import it.unimi.dsi.fastutil.ints.Int2IntOpenHashMap;
import it.unimi.dsi.fastutil.ints.IntArrayList;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
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
 * This writer puts in only live rows (alive 1) and only the strings, property entries and trait names
 * they reference ({@link Compaction}); tombstoned rows (alive 0) of files from earlier writers are read and
 * dropped.
 * The incremental state, memberships and timers are not stored: restore recomputes them from the
 * histories, which the property tests show equals the incremental result. Reading checks the magic, the
 * version, the end marker and the checksum over the raw bytes before it decodes anything (see
 * {@link #read}), and builds an entirely new engine, so a bad file leaves every existing engine untouched.
 */
public final class SnapshotCodec {
    private static final long MAGIC = 0x4F4D4E4953454700L;
    private static final long END = 0x4F4D4E49454E4400L;
    private static final int VERSION = 2;
    /** The first version, which stored each event's value as raw {@code double} bits; still read. */
    private static final int VERSION_DOUBLE_VALUES = 1;
    private static final long MAX_ABS_MICROS = 1_000_000_000_000_000_000L;
    /** Magic and version. */
    private static final int HEADER = 12;
    /** Checksum and end marker. */
    private static final int TAIL = 16;
    /**
     * The shortest file the format allows: header, catalog length, clock, four interner counts, property
     * pool count, row count, trait count, RFM split byte and count, then the tail.
     */
    private static final int MIN_LENGTH = HEADER + 4 + 8 + 16 + 4 + 4 + 4 + 1 + 4 + TAIL;

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
        Compaction k = new Compaction(st);
        out.writeLong(MAGIC);
        out.writeInt(VERSION);
        writeString(out, core.catalog().toJson());
        out.writeLong(core.now);
        for (String[] names : k.names) {
            out.writeInt(names.length);
            for (String name : names) {
                writeString(out, name);
            }
        }
        out.writeInt(k.pool.size());
        for (int i = 0; i < k.pool.size(); i++) {
            out.writeInt(k.pool.getInt(i));
        }
        out.writeInt(k.live);
        for (int r = 0; r < st.rows; r++) {
            if (!st.alive[r]) {
                continue;
            }
            out.writeLong(st.keys[r]);
            out.writeByte(1);
            out.writeInt(st.size[r]);
            for (int i = 0; i < st.size[r]; i++) {
                long word = st.word(r, i);
                out.writeLong(st.time(r, i));
                out.writeLong(k.dims(st.dims(word)));
                out.writeLong(st.micros(r, word));
                int ref = st.propsRef(r, word);
                out.writeLong(ref == 0 ? 0 : k.refs.get(ref));
            }
        }
        out.writeInt(k.traits.length);
        int[] strings = k.ids[3];
        for (int t : k.traits) {
            writeString(out, st.traitNames.get(t));
            int[] vals = st.traitValues.get(t);
            for (int r = 0; r < st.rows; r++) {
                if (st.alive[r]) {
                    out.writeInt(vals[r] == 0 ? 0 : strings[vals[r] - 1] + 1);
                }
            }
        }
        RfmReference ref = core.rfmForSnapshot();
        out.writeByte(ref.split ? 1 : 0);
        out.writeInt(ref.n);
        for (long[] a : new long[][] {ref.rVals, ref.rKeys, ref.fVals, ref.fKeys, ref.mVals, ref.mKeys}) {
            for (long v : a) {
                out.writeLong(v);
            }
        }
    }

    /**
     * Reads a new engine; see the class comment for the checks.
     *
     * <p>Design note. Everything that can be checked without decoding is checked first, over the raw bytes:
     * the magic, the version, the end marker, and the CRC-32 of the whole body (a first pass that only
     * reads). Only a file that passes is decoded, so a truncated, flipped or foreign file fails with the
     * fault named, and never inside decoding (an unclear exception, or an array sized from a corrupt
     * count). Both passes read through one open channel, and the second recomputes the checksum and checks
     * it again, so a file replaced or rewritten between the passes is refused too.
     */
    public static EngineCore read(Path file) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            long length = ch.size();
            ByteBuffer head = ByteBuffer.allocate(HEADER);
            readFully(ch, head, 0);
            head.flip();
            checkHeader(file, head, length);
            ByteBuffer tail = ByteBuffer.allocate(TAIL);
            readFully(ch, tail, length - TAIL);
            tail.flip();
            long stored = tail.getLong();
            if (tail.getLong() != END) {
                throw new SnapshotFormatException(file + ": truncated or corrupt snapshot (no end marker in its last 8"
                        + " bytes; " + length + " bytes)", null);
            }
            long body = length - TAIL;
            long computed = crc(ch, body);
            if (computed != stored) {
                throw checksumMismatch(file, stored, computed);
            }
            ch.position(0);
            CRC32 again = new CRC32();
            BoundedInput bounded = new BoundedInput(Channels.newInputStream(ch), body);
            DataInputStream in = new DataInputStream(new CheckedInputStream(new BufferedInputStream(bounded, 1 << 16),
                    again));
            Decoded d;
            try {
                d = new Reader(in, file, length).body();
            } catch (EOFException e) {
                throw new SnapshotFormatException(file + ": corrupt snapshot (its content ends before its checksum,"
                        + " although the checksum matches)", e);
            } catch (RuntimeException e) {
                throw new SnapshotFormatException(file + ": corrupt snapshot content (" + e + "), although the"
                        + " checksum matches", e);
            }
            if (in.read() != -1 || bounded.consumed != body) {
                throw new SnapshotFormatException(file + ": corrupt snapshot (" + (body - bounded.consumed)
                        + " bytes between its content and its checksum)", null);
            }
            if (again.getValue() != stored) {
                throw new SnapshotFormatException(file + ": the file changed while it was read (checksum "
                        + Long.toHexString(again.getValue()) + " on the second pass, " + Long.toHexString(stored)
                        + " stored)", null);
            }
            return new EngineCore(d.store, d.catalog, d.now, d.rfm);
        }
    }

    /** The decoded parts of a snapshot, from which the engine is built. */
    private record Decoded(ProfileStore store, SegmentCatalog catalog, long now, RfmReference rfm) {
    }

    /** Refuses a file too short, not starting with the magic, or of an unknown version, naming which. */
    private static void checkHeader(Path file, ByteBuffer head, long length) throws SnapshotFormatException {
        int got = head.remaining();
        byte[] magic = new byte[8];
        ByteBuffer.wrap(magic).putLong(MAGIC);
        for (int i = 0; i < Math.min(got, 8); i++) {
            if (head.get(i) != magic[i]) {
                throw new SnapshotFormatException(file + ": not a segmentation snapshot (bad magic)", null);
            }
        }
        if (got < HEADER) {
            throw new SnapshotFormatException(file + ": truncated snapshot (" + length + " bytes, not even a header)",
                    null);
        }
        int version = head.getInt(8);
        if (version != VERSION && version != VERSION_DOUBLE_VALUES) {
            throw new SnapshotFormatException(file + ": unsupported snapshot version " + version
                    + " (this library reads versions " + VERSION_DOUBLE_VALUES + " and " + VERSION + ")", null);
        }
        if (length < MIN_LENGTH) {
            throw new SnapshotFormatException(file + ": truncated snapshot (" + length + " bytes, at least "
                    + MIN_LENGTH + " expected)", null);
        }
    }

    private static SnapshotFormatException checksumMismatch(Path file, long stored, long computed) {
        return new SnapshotFormatException(file + ": checksum mismatch (stored " + Long.toHexString(stored)
                + ", computed " + Long.toHexString(computed) + "): the file is corrupt or truncated", null);
    }

    /** Reads from {@code pos} until {@code buf} is full or the channel ends. */
    private static void readFully(FileChannel ch, ByteBuffer buf, long pos) throws IOException {
        long at = Math.max(0, pos);
        while (buf.hasRemaining()) {
            int n = ch.read(buf, at);
            if (n < 0) {
                return;
            }
            at += n;
        }
    }

    /** The CRC-32 of the first {@code length} bytes, read without decoding. */
    private static long crc(FileChannel ch, long length) throws IOException {
        CRC32 crc = new CRC32();
        ByteBuffer buf = ByteBuffer.allocateDirect(1 << 16);
        long pos = 0;
        while (pos < length) {
            buf.clear();
            buf.limit((int) Math.min(buf.capacity(), length - pos));
            int n = ch.read(buf, pos);
            if (n < 0) {
                throw new EOFException();
            }
            buf.flip();
            crc.update(buf);
            pos += n;
        }
        return crc.getValue();
    }

    /** Passes on at most {@code limit} bytes of a stream and counts them. */
    private static final class BoundedInput extends FilterInputStream {
        private final long limit;
        long consumed;

        BoundedInput(InputStream in, long limit) {
            super(in);
            this.limit = limit;
        }

        @Override
        public int read() throws IOException {
            if (consumed >= limit) {
                return -1;
            }
            int b = in.read();
            if (b >= 0) {
                consumed++;
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (consumed >= limit) {
                return -1;
            }
            int n = in.read(b, off, (int) Math.min(len, limit - consumed));
            if (n > 0) {
                consumed += n;
            }
            return n;
        }

        @Override
        public long skip(long n) throws IOException {
            long k = in.skip(Math.min(n, limit - consumed));
            consumed += k;
            return k;
        }

        @Override
        public int available() throws IOException {
            return (int) Math.min(in.available(), limit - consumed);
        }

        @Override
        public boolean markSupported() {
            return false;
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

        Decoded body() throws IOException {
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
            if (now > Event.MAX_EPOCH_MILLIS || now < -Event.MAX_EPOCH_MILLIS) {
                throw new SnapshotFormatException(file + ": clock " + now + " ms is outside the supported range"
                        + " (Event.MAX_EPOCH_MILLIS either way)", null);
            }
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
            // Files written before erasure compaction hold tombstoned rows (alive 0): they are read and
            // dropped, so that no erased key comes back into memory.
            int[] rowOf = new int[rows];
            for (int r = 0; r < rows; r++) {
                long key = in.readLong();
                boolean alive = in.readByte() == 1;
                int n = count("event", 32);
                int row = -1;
                if (alive) {
                    if (st.row(key) >= 0) {
                        throw new SnapshotFormatException(file + ": corrupt rows (duplicate live key " + key + ")", null);
                    }
                    row = st.rowOrCreate(key);
                }
                rowOf[r] = row;
                long prev = Long.MIN_VALUE;
                for (int i = 0; i < n; i++) {
                    long t = in.readLong();
                    long dims = in.readLong();
                    long value = in.readLong();
                    long ref = in.readLong();
                    if (t < prev || t > Event.MAX_EPOCH_MILLIS || t < -Event.MAX_EPOCH_MILLIS || ProfileStore.type(dims) >= st.types.size()
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
                    if (row < 0) {
                        continue;
                    }
                    if (ProfileStore.isLarge(micros)
                            && Math.abs(micros) > ProfileStore.LARGE_BUDGET - st.largeTotal(row)) {
                        throw new SnapshotFormatException(file + ": profile " + key + " (row " + r + "): its values of"
                                + " magnitude 2147.483648 or more total beyond " + ProfileStore.LARGE_BUDGET
                                + " micro-units, so its sums would leave the exact long range (a file written before"
                                + " events were checked against that bound)", null);
                    }
                    st.insert(row, t, dims, micros, (int) ref);
                }
            }
            int traits = count("trait", 4);
            for (int t = 0; t < traits; t++) {
                String name = string("trait name");
                int id = -1;
                for (int r = 0; r < rows; r++) {
                    int v = in.readInt();
                    if (v < 0 || v > st.strings.size()) {
                        throw new SnapshotFormatException(file + ": corrupt trait \"" + name + "\" at row " + r, null);
                    }
                    if (v > 0 && rowOf[r] >= 0) {
                        if (id < 0) {
                            id = st.traitIdOrCreate(name);
                        }
                        st.setTrait(id, rowOf[r], st.strings.name(v - 1));
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
            return new Decoded(st, catalog, now, ref);
        }
    }

    /**
     * What a snapshot writes of the store: its live rows only, and of the interned strings, property-pool
     * entries and trait names only those that live rows still reference, renumbered (strings and trait
     * names in {@link String#compareTo} order, pool entries in row and history order).
     *
     * <p>Design note. Erasure clears a profile's history, traits and property values, but the interners
     * keep every string ever seen (ids are woven into the compiled catalog and the dimension combinations),
     * and tombstoned rows keep their place. Writing only what is referenced means that nothing of an erased
     * profile reaches a snapshot: not its key, not a device name, property value, trait value or trait name
     * that only it used. Row and string numbers are private to one engine (restore recomputes all state
     * from the histories), so renumbering them changes nothing a caller sees, and sorted names make the
     * file depend on the content only, not on the order strings were first seen.
     */
    private static final class Compaction {
        /** Per interner (types, channels, devices, strings): old id to new id, -1 when unreferenced. */
        final int[][] ids = new int[4][];
        /** Per interner: the names written, by new id. */
        final String[][] names = new String[4][];
        /** The property pool written ({@code [0]} reserved), and old reference to new. */
        final IntArrayList pool = new IntArrayList();
        final Int2IntOpenHashMap refs = new Int2IntOpenHashMap();
        /** The trait ids written (those with a value on a live row), by name. */
        final int[] traits;
        int live;

        Compaction(ProfileStore st) {
            Interner[] in = {st.types, st.channels, st.devices, st.strings};
            boolean[][] used = new boolean[4][];
            for (int i = 0; i < 4; i++) {
                used[i] = new boolean[in[i].size()];
            }
            boolean[] traitUsed = new boolean[st.traitNames.size()];
            pool.add(0);
            for (int r = 0; r < st.rows; r++) {
                if (!st.alive[r]) {
                    continue;
                }
                live++;
                for (int i = 0; i < st.size[r]; i++) {
                    long word = st.word(r, i);
                    long dims = st.dims(word);
                    used[0][ProfileStore.type(dims)] = true;
                    int ch = ProfileStore.channel(dims);
                    int dev = ProfileStore.device(dims);
                    if (ch >= 0) {
                        used[1][ch] = true;
                    }
                    if (dev >= 0) {
                        used[2][dev] = true;
                    }
                    int ref = st.propsRef(r, word);
                    if (ref != 0) {
                        int n = st.props.getInt(ref);
                        for (int j = 0; j < 2 * n; j++) {
                            used[3][st.props.getInt(ref + 1 + j)] = true;
                        }
                    }
                }
                for (int t = 0; t < traitUsed.length; t++) {
                    int v = st.traitValues.get(t)[r];
                    if (v > 0) {
                        used[3][v - 1] = true;
                        traitUsed[t] = true;
                    }
                }
            }
            for (int i = 0; i < 4; i++) {
                Interner x = in[i];
                List<Integer> kept = new ArrayList<>();
                for (int id = 0; id < used[i].length; id++) {
                    if (used[i][id]) {
                        kept.add(id);
                    }
                }
                kept.sort(Comparator.comparing(x::name));
                ids[i] = new int[used[i].length];
                Arrays.fill(ids[i], -1);
                names[i] = new String[kept.size()];
                for (int j = 0; j < kept.size(); j++) {
                    ids[i][kept.get(j)] = j;
                    names[i][j] = x.name(kept.get(j));
                }
            }
            for (int r = 0; r < st.rows; r++) {
                if (!st.alive[r]) {
                    continue;
                }
                for (int i = 0; i < st.size[r]; i++) {
                    int ref = st.propsRef(r, st.word(r, i));
                    if (ref != 0 && !refs.containsKey(ref)) {
                        refs.put(ref, pool.size());
                        int n = st.props.getInt(ref);
                        pool.add(n);
                        for (int j = 0; j < 2 * n; j++) {
                            pool.add(ids[3][st.props.getInt(ref + 1 + j)]);
                        }
                    }
                }
            }
            List<Integer> ts = new ArrayList<>();
            for (int t = 0; t < traitUsed.length; t++) {
                if (traitUsed[t]) {
                    ts.add(t);
                }
            }
            ts.sort(Comparator.comparing(st.traitNames::get));
            traits = ts.stream().mapToInt(Integer::intValue).toArray();
        }

        /** Packed type/channel/device ids renumbered. */
        long dims(long dims) {
            int ch = ProfileStore.channel(dims);
            int dev = ProfileStore.device(dims);
            return ProfileStore.dims(ids[0][ProfileStore.type(dims)], ch < 0 ? -1 : ids[1][ch],
                    dev < 0 ? -1 : ids[2][dev]);
        }
    }

    private static void writeString(DataOutputStream out, String s) throws IOException {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        out.writeInt(b.length);
        out.write(b);
    }
}
