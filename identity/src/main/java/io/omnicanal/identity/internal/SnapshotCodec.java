package io.omnicanal.identity.internal;

import io.omnicanal.identity.Conflict;
import io.omnicanal.identity.CorruptSnapshotException;
import io.omnicanal.identity.IdentifierType;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.OptionalLong;
import java.util.zip.CRC32C;
import java.util.zip.CheckedOutputStream;

/**
 * The snapshot file format, version 3 (versions 1 and 2 are still read).
 *
 * <pre>
 * magic      8 bytes  "OCIDGRPH"
 * version    int      3
 * bodyLength long     bytes of body
 * body                compatibility (UTF), tombstone salt fingerprint (long), type names, identifiers (type, UTF-8 bytes) sorted by
 *                     key, sources sorted, events in canonical order (time nanos, source,
 *                     sequence as an unsigned LEB128 varint, member count, member indices),
 *                     pre-graph refusals sorted, tombstones (32 bytes) sorted
 * crc32c     int      CRC-32C of everything before it
 * </pre>
 *
 * Version 2 is the same without the salt fingerprint; it is read with an unknown fingerprint
 * (its tombstones are taken as made with the restoring graph's salt, as they were then).
 * Version 1, written before links carried a sequence number, is version 2 without the
 * sequence; it is read with every sequence 0, which is what those links had.
 *
 * All integers big-endian. The same graph state gives the same bytes. Writes go to a temporary
 * file in the target's directory, are forced to disk, then atomically renamed over the target.
 * Stateless and thread-safe.
 */
public final class SnapshotCodec {

    private static final int BUFFER = 1 << 16;
    private static final byte[] MAGIC = "OCIDGRPH".getBytes(StandardCharsets.US_ASCII);
    /** The format version this code writes. */
    public static final int VERSION = 3;
    /** The oldest format version this code reads. */
    static final int OLDEST_READABLE = 1;

    private SnapshotCodec() {
    }

    /**
     * Encodes graph data in memory.
     *
     * @param d the data
     * @return the file bytes, the same {@link #writeAtomically} writes
     */
    public static byte[] encode(GraphData d) {
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            write(d, bodyLength(d), bytes);
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Writes graph data to a file atomically: temporary file in the same directory, fsync,
     * atomic rename. The file is streamed through a buffer, never held in memory whole: one pass
     * counts the body's length (the header carries it), a second writes it with the checksum.
     *
     * @param target the file to write
     * @param d the data
     * @throws IOException if writing fails; the target is then untouched
     */
    public static void writeAtomically(Path target, GraphData d) throws IOException {
        long bodyLength = bodyLength(d);
        Path abs = target.toAbsolutePath();
        Path dir = abs.getParent();
        Path tmp = Files.createTempFile(dir, "." + abs.getFileName() + ".", ".tmp");
        try {
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
                OutputStream file = Channels.newOutputStream(ch);
                write(d, bodyLength, file);
                ch.force(true);
            }
            try {
                Files.move(tmp, abs, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                throw new IOException("the file system of " + dir + " cannot rename atomically", e);
            }
            try (FileChannel d2 = FileChannel.open(dir, StandardOpenOption.READ)) {
                d2.force(true);
            } catch (IOException | UnsupportedOperationException ignored) {
                // some platforms cannot open or sync a directory; the rename itself is atomic
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /** The body's length in bytes, counted by encoding it into nothing. */
    private static long bodyLength(GraphData d) throws IOException {
        Counting counter = new Counting(OutputStream.nullOutputStream());
        DataOutputStream out = new DataOutputStream(new BufferedOutputStream(counter, BUFFER));
        writeBody(d, out);
        out.flush();
        return counter.count;
    }

    /**
     * Writes the whole file (header, body, checksum) to {@code sink}, which is flushed, not closed.
     * The checksum is taken as the buffered bytes pass into the sink.
     */
    private static void write(GraphData d, long bodyLength, OutputStream sink) throws IOException {
        Counting counted = new Counting(sink);
        CheckedOutputStream checked = new CheckedOutputStream(counted, new CRC32C());
        DataOutputStream out = new DataOutputStream(new BufferedOutputStream(checked, BUFFER));
        out.write(MAGIC);
        out.writeInt(VERSION);
        out.writeLong(bodyLength);
        writeBody(d, out);
        out.flush();
        long header = MAGIC.length + 4 + 8;
        if (counted.count != header + bodyLength) {
            throw new IllegalStateException("snapshot body changed length between its two passes: counted "
                    + bodyLength + " bytes, wrote " + (counted.count - header));
        }
        DataOutputStream tail = new DataOutputStream(sink);
        tail.writeInt((int) checked.getChecksum().getValue());
        tail.flush();
    }

    private static void writeBody(GraphData d, DataOutputStream out) throws IOException {
        out.writeUTF(d.compatibility());
        out.writeLong(d.saltFingerprint().orElseThrow(
                () -> new IllegalStateException("a graph's export always carries its salt fingerprint")));
        String[] typeNames = Arrays.stream(d.typeNames()).distinct().sorted().toArray(String[]::new);
        out.writeInt(typeNames.length);
        for (String t : typeNames) {
            out.writeUTF(t);
        }
        out.writeInt(d.values().length);
        for (int i = 0; i < d.values().length; i++) {
            out.writeByte(Arrays.binarySearch(typeNames, d.typeNames()[i]));
            out.writeInt(d.values()[i].length);
            out.write(d.values()[i]);
        }
        out.writeInt(d.sources().length);
        for (String s : d.sources()) {
            out.writeUTF(s);
        }
        out.writeInt(d.eventTime().length);
        for (int e = 0; e < d.eventTime().length; e++) {
            out.writeLong(d.eventTime()[e]);
            out.writeInt(d.eventSource()[e]);
            writeVarLong(out, d.eventSequence()[e]);
            int k = d.eventStart()[e + 1] - d.eventStart()[e];
            out.writeByte(k);
            for (int i = 0; i < k; i++) {
                out.writeInt(d.eventMembers()[d.eventStart()[e] + i]);
            }
        }
        out.writeInt(d.preConflicts().size());
        for (Conflict c : d.preConflicts()) {
            out.writeLong(c.time().getEpochSecond());
            out.writeInt(c.time().getNano());
            out.writeUTF(c.source());
            out.writeUTF(c.rule());
            out.writeUTF(c.type().name());
            out.writeUTF(c.value());
            out.writeLong(c.refusedProfileKey());
            out.writeLong(c.profileKey());
        }
        out.writeInt(d.tombstones().size());
        for (byte[] t : d.tombstones()) {
            out.write(t);
        }
    }

    /** Passes bytes on to a delegate and counts them. */
    private static final class Counting extends OutputStream {
        private final OutputStream delegate;
        long count;

        Counting(OutputStream delegate) {
            this.delegate = delegate;
        }

        @Override
        public void write(int b) throws IOException {
            delegate.write(b);
            count++;
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            delegate.write(b, off, len);
            count += len;
        }

        @Override
        public void flush() throws IOException {
            delegate.flush();
        }
    }

    /**
     * Reads, checks and decodes a snapshot file, streaming it twice (checksum, then body) rather
     * than holding it in memory: a file may exceed what one array can hold.
     *
     * @param file the snapshot file
     * @return the data
     * @throws CorruptSnapshotException if the file is truncated, corrupt or foreign
     * @throws IOException if the file cannot be read
     */
    public static GraphData read(Path file) throws IOException {
        String name = file.toString();
        int header = MAGIC.length + 4 + 8;
        // one open channel for both passes: a snapshot renamed over the path in between cannot
        // make the second pass decode a file the first did not check
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = ch.size();
            if (size < header + 4) {
                throw new CorruptSnapshotException(name + ": not an identity snapshot (only " + size + " bytes)", null);
            }
            int version;
            CRC32C crc = new CRC32C();
            int stored;
            InputStream in = new BufferedInputStream(Channels.newInputStream(ch), BUFFER);
            byte[] head = in.readNBytes(header);
            version = checkHeader(ByteBuffer.wrap(head), size, name);
            crc.update(head);
            byte[] chunk = new byte[BUFFER];
            long left = size - header - 4;
            while (left > 0) {
                int n = in.read(chunk, 0, (int) Math.min(chunk.length, left));
                if (n < 0) {
                    throw new CorruptSnapshotException(name + ": file shrank while being read", null);
                }
                crc.update(chunk, 0, n);
                left -= n;
            }
            stored = new DataInputStream(in).readInt();
            checkSum(stored, crc, name);
            ch.position(header);
            InputStream body = new BufferedInputStream(Channels.newInputStream(ch), BUFFER);
            return decodeBody(body, version, size - header - 4, (int) Math.min(size, Integer.MAX_VALUE), name);
        }
    }

    /** Checks magic, version and length; leaves {@code buf} after the header. @return the version */
    private static int checkHeader(ByteBuffer buf, long size, String name) throws CorruptSnapshotException {
        int header = MAGIC.length + 4 + 8;
        byte[] magic = new byte[MAGIC.length];
        buf.get(magic);
        if (!Arrays.equals(magic, MAGIC)) {
            throw new CorruptSnapshotException(name + ": not an identity snapshot (wrong magic bytes)", null);
        }
        int version = buf.getInt();
        if (version < OLDEST_READABLE || version > VERSION) {
            throw new CorruptSnapshotException(name + ": snapshot format version " + version
                    + " is not supported (this library reads versions " + OLDEST_READABLE + " to " + VERSION + ")", null);
        }
        long bodyLength = buf.getLong();
        if (bodyLength != size - header - 4L) {
            throw new CorruptSnapshotException(name + ": truncated or extended: header says " + bodyLength
                    + " body bytes, file has " + (size - header - 4L), null);
        }
        return version;
    }

    private static void checkSum(int stored, CRC32C crc, String name) throws CorruptSnapshotException {
        if (stored != (int) crc.getValue()) {
            throw new CorruptSnapshotException(name + ": checksum mismatch (stored " + Integer.toHexString(stored)
                    + ", computed " + Integer.toHexString((int) crc.getValue()) + ")", null);
        }
    }

    /**
     * Decodes a body whose checksum was verified.
     *
     * @param raw the body's bytes, from its first
     * @param bodyLength the body's length, which must be consumed exactly
     * @param limit upper bound for every count (the file's size)
     */
    private static GraphData decodeBody(InputStream raw, int version, long bodyLength, int limit, String name)
            throws CorruptSnapshotException {
        CountingInput consumed = new CountingInput(raw);
        try (DataInputStream in = new DataInputStream(consumed)) {
        String compat = in.readUTF();
        OptionalLong salt = version >= 3 ? OptionalLong.of(in.readLong()) : OptionalLong.empty();
        String[] types = new String[count(in, 127, "type")];
        for (int i = 0; i < types.length; i++) {
            types[i] = IdentifierType.of(in.readUTF()).name();
        }
        int n = count(in, limit, "identifier");
        String[] typeNames = new String[n];
        byte[][] values = new byte[n][];
        for (int i = 0; i < n; i++) {
            int ti = in.readByte();
            if (ti < 0 || ti >= types.length) {
                throw new IllegalArgumentException("identifier " + i + " has type index " + ti);
            }
            typeNames[i] = types[ti];
            values[i] = new byte[count(in, Short.MAX_VALUE, "value length")];
            in.readFully(values[i]);
        }
        String[] sources = new String[count(in, limit, "source")];
        for (int i = 0; i < sources.length; i++) {
            sources[i] = in.readUTF();
        }
        int events = count(in, limit, "event");
        long[] time = new long[events];
        int[] src = new int[events];
        long[] seq = new long[events];
        int[] start = new int[events + 1];
        int[] members = new int[(int) Math.min(limit, 4L * events)];
        int pos = 0;
        for (int e = 0; e < events; e++) {
            time[e] = in.readLong();
            src[e] = in.readInt();
            seq[e] = version >= 2 ? readVarLong(in) : 0L;
            int k = in.readUnsignedByte();
            if (pos + k > members.length) {
                members = Arrays.copyOf(members, Math.max(pos + k, members.length * 2));
            }
            for (int i = 0; i < k; i++) {
                members[pos++] = in.readInt();
            }
            start[e + 1] = pos;
        }
        members = Arrays.copyOf(members, pos);
        int nPre = count(in, limit, "refusal");
        List<Conflict> pre = new ArrayList<>(nPre);
        for (int i = 0; i < nPre; i++) {
            Instant t = Instant.ofEpochSecond(in.readLong(), in.readInt());
            pre.add(new Conflict(t, in.readUTF(), in.readUTF(), IdentifierType.of(in.readUTF()), in.readUTF(),
                    in.readLong(), in.readLong()));
        }
        int nTomb = count(in, limit / 32, "tombstone");
        List<byte[]> tombs = new ArrayList<>(nTomb);
        for (int i = 0; i < nTomb; i++) {
            byte[] t = new byte[32];
            in.readFully(t);
            tombs.add(t);
        }
        if (consumed.count != bodyLength) {
            throw new IllegalArgumentException((bodyLength - consumed.count) + " unexpected bytes after the last section");
        }
            return new GraphData(compat, salt, typeNames, values, sources, time, src, seq, start, members, pre, tombs);
        } catch (IOException | RuntimeException e) {
            throw new CorruptSnapshotException(name + ": corrupt snapshot body: " + e, e);
        }
    }

    /** Counts the bytes read through it. */
    private static final class CountingInput extends FilterInputStream {
        long count;

        CountingInput(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                count++;
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = super.read(b, off, len);
            if (n > 0) {
                count += n;
            }
            return n;
        }
    }

    /** Unsigned LEB128: seven bits a byte, low first, high bit set on all but the last. */
    private static void writeVarLong(DataOutputStream out, long v) throws IOException {
        while ((v & ~0x7FL) != 0) {
            out.writeByte((int) (v & 0x7F) | 0x80);
            v >>>= 7;
        }
        out.writeByte((int) v);
    }

    private static long readVarLong(DataInputStream in) throws IOException {
        long v = 0;
        for (int shift = 0; shift < 63; shift += 7) {
            int b = in.readUnsignedByte();
            v |= (long) (b & 0x7F) << shift;
            if ((b & 0x80) == 0) {
                return v;
            }
        }
        throw new IllegalArgumentException("sequence varint longer than 9 bytes");
    }

    private static int count(DataInputStream in, int max, String what) throws IOException {
        int n = in.readInt();
        if (n < 0 || n > max) {
            throw new IllegalArgumentException(what + " count " + n + " out of range 0.." + max);
        }
        return n;
    }
}
