package io.omnicanal.identity.internal;

import io.omnicanal.identity.Conflict;
import io.omnicanal.identity.CorruptSnapshotException;
import io.omnicanal.identity.IdentifierType;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
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
import java.util.zip.CRC32C;

/**
 * The snapshot file format, version 2 (version 1 is still read).
 *
 * <pre>
 * magic      8 bytes  "OCIDGRPH"
 * version    int      2
 * bodyLength long     bytes of body
 * body                compatibility (UTF), type names, identifiers (type, UTF-8 bytes) sorted by
 *                     key, sources sorted, events in canonical order (time nanos, source,
 *                     sequence as an unsigned LEB128 varint, member count, member indices),
 *                     pre-graph refusals sorted, tombstones (32 bytes) sorted
 * crc32c     int      CRC-32C of everything before it
 * </pre>
 *
 * Version 1, written before links carried a sequence number, is the same without the
 * sequence; it is read with every sequence 0, which is what those links had.
 *
 * All integers big-endian. The same graph state gives the same bytes. Writes go to a temporary
 * file in the target's directory, are forced to disk, then atomically renamed over the target.
 * Stateless and thread-safe.
 */
public final class SnapshotCodec {

    private static final byte[] MAGIC = "OCIDGRPH".getBytes(StandardCharsets.US_ASCII);
    /** The format version this code writes. */
    public static final int VERSION = 2;
    /** The oldest format version this code reads. */
    static final int OLDEST_READABLE = 1;

    private SnapshotCodec() {
    }

    /**
     * Encodes graph data.
     *
     * @param d the data
     * @return the file bytes
     */
    public static byte[] encode(GraphData d) {
        try {
            ByteArrayOutputStream bodyBytes = new ByteArrayOutputStream();
            DataOutputStream out = new DataOutputStream(bodyBytes);
            out.writeUTF(d.compatibility());
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
            out.flush();
            byte[] body = bodyBytes.toByteArray();
            ByteBuffer file = ByteBuffer.allocate(MAGIC.length + 4 + 8 + body.length + 4);
            file.put(MAGIC).putInt(VERSION).putLong(body.length).put(body);
            CRC32C crc = new CRC32C();
            crc.update(file.array(), 0, file.position());
            file.putInt((int) crc.getValue());
            return file.array();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Writes bytes atomically: temporary file in the same directory, fsync, atomic rename.
     *
     * @param target the file to write
     * @param bytes the content
     * @throws IOException if writing fails; the target is then untouched
     */
    public static void writeAtomically(Path target, byte[] bytes) throws IOException {
        Path abs = target.toAbsolutePath();
        Path dir = abs.getParent();
        Path tmp = Files.createTempFile(dir, "." + abs.getFileName() + ".", ".tmp");
        try {
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
                ByteBuffer buf = ByteBuffer.wrap(bytes);
                while (buf.hasRemaining()) {
                    ch.write(buf);
                }
                ch.force(true);
            }
            try {
                Files.move(tmp, abs, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                throw new IOException("the file system of " + dir + " cannot rename atomically", e);
            }
            try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
                d.force(true);
            } catch (IOException | UnsupportedOperationException ignored) {
                // some platforms cannot open or sync a directory; the rename itself is atomic
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /**
     * Decodes and checks a snapshot.
     *
     * @param bytes the file content
     * @param name the file name for messages
     * @return the data
     * @throws CorruptSnapshotException if the bytes are truncated, corrupt or foreign
     */
    public static GraphData decode(byte[] bytes, String name) throws CorruptSnapshotException {
        int header = MAGIC.length + 4 + 8;
        if (bytes.length < header + 4) {
            throw new CorruptSnapshotException(name + ": not an identity snapshot (only " + bytes.length + " bytes)", null);
        }
        if (!Arrays.equals(bytes, 0, MAGIC.length, MAGIC, 0, MAGIC.length)) {
            throw new CorruptSnapshotException(name + ": not an identity snapshot (wrong magic bytes)", null);
        }
        ByteBuffer buf = ByteBuffer.wrap(bytes);
        buf.position(MAGIC.length);
        int version = buf.getInt();
        if (version < OLDEST_READABLE || version > VERSION) {
            throw new CorruptSnapshotException(name + ": snapshot format version " + version
                    + " is not supported (this library reads versions " + OLDEST_READABLE + " to " + VERSION + ")", null);
        }
        long bodyLength = buf.getLong();
        if (bodyLength != bytes.length - header - 4L) {
            throw new CorruptSnapshotException(name + ": truncated or extended: header says " + bodyLength
                    + " body bytes, file has " + (bytes.length - header - 4L), null);
        }
        CRC32C crc = new CRC32C();
        crc.update(bytes, 0, bytes.length - 4);
        int stored = ByteBuffer.wrap(bytes, bytes.length - 4, 4).getInt();
        if (stored != (int) crc.getValue()) {
            throw new CorruptSnapshotException(name + ": checksum mismatch (stored " + Integer.toHexString(stored)
                    + ", computed " + Integer.toHexString((int) crc.getValue()) + ")", null);
        }
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes, header, (int) bodyLength))) {
            String compat = in.readUTF();
            String[] types = new String[count(in, 127, "type")];
            for (int i = 0; i < types.length; i++) {
                types[i] = IdentifierType.of(in.readUTF()).name();
            }
            int n = count(in, bytes.length, "identifier");
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
            String[] sources = new String[count(in, bytes.length, "source")];
            for (int i = 0; i < sources.length; i++) {
                sources[i] = in.readUTF();
            }
            int events = count(in, bytes.length, "event");
            long[] time = new long[events];
            int[] src = new int[events];
            long[] seq = new long[events];
            int[] start = new int[events + 1];
            int[] members = new int[Math.min(bytes.length, events * 4)];
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
            int nPre = count(in, bytes.length, "refusal");
            List<Conflict> pre = new ArrayList<>(nPre);
            for (int i = 0; i < nPre; i++) {
                Instant t = Instant.ofEpochSecond(in.readLong(), in.readInt());
                pre.add(new Conflict(t, in.readUTF(), in.readUTF(), IdentifierType.of(in.readUTF()), in.readUTF(),
                        in.readLong(), in.readLong()));
            }
            int nTomb = count(in, bytes.length / 32, "tombstone");
            List<byte[]> tombs = new ArrayList<>(nTomb);
            for (int i = 0; i < nTomb; i++) {
                byte[] t = new byte[32];
                in.readFully(t);
                tombs.add(t);
            }
            if (in.available() > 0) {
                throw new IllegalArgumentException(in.available() + " unexpected bytes after the last section");
            }
            return new GraphData(compat, typeNames, values, sources, time, src, seq, start, members, pre, tombs);
        } catch (IOException | RuntimeException e) {
            throw new CorruptSnapshotException(name + ": corrupt snapshot body: " + e, e);
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
