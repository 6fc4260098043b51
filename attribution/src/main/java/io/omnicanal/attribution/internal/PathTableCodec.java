package io.omnicanal.attribution.internal;

import io.omnicanal.attribution.Dimension;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32;

/**
 * The binary snapshot of a path table.
 *
 * <p>Layout (big-endian): magic {@code OCPT}, format version (int, currently 2), payload length
 * (long), CRC-32 of the payload (int), then the payload: dimensions, dictionary (components and
 * direct flags), groups, rows (offsets, steps, counts, group of each row), optional ages, optional
 * per-step direct flags (version 2 on: a boolean, then one byte a step), and the unattributed
 * totals. Version 1 files (no per-step flags) are still read: their tables over dimensions without
 * the channel do not know their direct steps ({@link PathData#knowsDirectSteps()}). A file is written to a temporary file in the same directory, forced to
 * disk, then renamed over the target atomically, so a reader sees the old file or the new one,
 * never a mix. Loading checks magic, version, length and checksum before decoding anything, then
 * that the content is one a table can hold: every count within the bytes left before an array of
 * its size is made, offsets, groups and step values in range, and each row's counts (and the
 * unattributed totals) as the table builders accept them, so a file from a foreign or faulty writer
 * whose checksum matches is refused naming the row and field rather than loaded.
 */
public final class PathTableCodec {
    private static final int MAGIC = 0x4F435054; // "OCPT"
    private static final int VERSION = 2;
    /** The oldest version still read. */
    private static final int OLDEST = 1;
    private static final int HEADER = 4 + 4 + 8 + 4;

    private PathTableCodec() {
    }

    public static void save(PathData d, Path file) {
        byte[] payload = encode(d);
        CRC32 crc = new CRC32();
        crc.update(payload);
        ByteBuffer header = ByteBuffer.allocate(HEADER).putInt(MAGIC).putInt(VERSION).putLong(payload.length)
                .putInt((int) crc.getValue());
        Path dir = file.toAbsolutePath().getParent();
        Path tmp = null;
        try {
            tmp = Files.createTempFile(dir, file.getFileName().toString(), ".tmp");
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
                header.flip();
                while (header.hasRemaining()) {
                    ch.write(header);
                }
                ByteBuffer body = ByteBuffer.wrap(payload);
                while (body.hasRemaining()) {
                    ch.write(body);
                }
                ch.force(true);
            }
            try {
                Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                throw new IOException("the file system of " + dir + " cannot rename atomically", e);
            }
            tmp = null;
        } catch (IOException e) {
            throw new UncheckedIOException("snapshot: cannot write " + file + ": " + e.getMessage(), e);
        } finally {
            if (tmp != null) {
                try {
                    Files.deleteIfExists(tmp);
                } catch (IOException ignored) {
                    // the original failure is what the caller needs to see
                }
            }
        }
    }

    public static PathData load(Path file) {
        byte[] all;
        try {
            all = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new UncheckedIOException("snapshot: cannot read " + file + ": " + e.getMessage(), e);
        }
        if (all.length < HEADER) {
            throw new IllegalArgumentException("snapshot " + file + ": truncated, " + all.length
                    + " bytes is shorter than the header");
        }
        ByteBuffer h = ByteBuffer.wrap(all, 0, HEADER);
        int magic = h.getInt();
        if (magic != MAGIC) {
            throw new IllegalArgumentException("snapshot " + file + ": not an Omnicanal path table (magic 0x"
                    + Integer.toHexString(magic) + ")");
        }
        int version = h.getInt();
        if (version < OLDEST || version > VERSION) {
            throw new IllegalArgumentException("snapshot " + file + ": unsupported format version " + version
                    + ", this library reads versions " + OLDEST + " to " + VERSION);
        }
        long length = h.getLong();
        if (length != all.length - HEADER) {
            throw new IllegalArgumentException("snapshot " + file + ": truncated or padded, header says " + length
                    + " payload bytes, file has " + (all.length - HEADER));
        }
        int expected = h.getInt();
        CRC32 crc = new CRC32();
        crc.update(all, HEADER, all.length - HEADER);
        if ((int) crc.getValue() != expected) {
            throw new IllegalArgumentException("snapshot " + file + ": corrupt, checksum mismatch");
        }
        try {
            return decode(new DataInputStream(new ByteArrayInputStream(all, HEADER, all.length - HEADER)), version);
        } catch (IOException | RuntimeException e) {
            throw new IllegalArgumentException("snapshot " + file + ": corrupt payload: " + e, e);
        }
    }

    private static byte[] encode(PathData d) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeInt(d.dimensions.size());
            for (Dimension dim : d.dimensions) {
                out.writeUTF(dim.name());
            }
            out.writeInt(d.values.length);
            for (int i = 0; i < d.values.length; i++) {
                for (String c : d.components[i]) {
                    writeString(out, c);
                }
                out.writeBoolean(d.direct[i]);
            }
            out.writeInt(d.groups.length);
            for (String g : d.groups) {
                writeString(out, g);
            }
            int rows = d.rows();
            out.writeInt(rows);
            out.writeInt(d.steps.length);
            ints(out, d.offsets);
            ints(out, d.steps);
            doubles(out, d.conversions);
            doubles(out, d.value);
            doubles(out, d.nulls);
            ints(out, d.groupOf);
            out.writeBoolean(d.ages != null);
            if (d.ages != null) {
                for (long a : d.ages) {
                    out.writeLong(a);
                }
            }
            out.writeBoolean(d.stepDirect != null);
            if (d.stepDirect != null) {
                for (boolean b : d.stepDirect) {
                    out.writeBoolean(b);
                }
            }
            out.writeDouble(d.unattributedConversions);
            out.writeDouble(d.unattributedValue);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    private static PathData decode(DataInputStream in, int version) throws IOException {
        int nd = count(in.readInt(), 3, "dimensions");
        List<Dimension> dims = new ArrayList<>();
        for (int i = 0; i < nd; i++) {
            dims.add(Dimension.valueOf(in.readUTF()));
        }
        // a count is checked against the bytes left before anything of its size is allocated (a
        // value takes at least its direct flag's byte, a group or a row at least an int)
        int nv = count(in.readInt(), in.available(), "values");
        String[] values = new String[nv];
        String[][] components = new String[nv][];
        boolean[] direct = new boolean[nv];
        for (int i = 0; i < nv; i++) {
            components[i] = new String[nd];
            for (int k = 0; k < nd; k++) {
                components[i][k] = readString(in);
            }
            values[i] = String.join(PathData.JOIN, components[i]);
            direct[i] = in.readBoolean();
        }
        int ng = count(in.readInt(), in.available() / 4, "groups");
        String[] groups = new String[ng];
        for (int i = 0; i < ng; i++) {
            groups[i] = readString(in);
        }
        int rows = count(in.readInt(), in.available() / 4, "rows");
        int steps = count(in.readInt(), in.available() / 4, "steps");
        int[] offsets = ints(in, rows + 1);
        int[] st = ints(in, steps);
        double[] conv = doubles(in, rows);
        double[] val = doubles(in, rows);
        double[] nul = doubles(in, rows);
        int[] groupOf = ints(in, rows);
        long[] ages = null;
        if (in.readBoolean()) {
            ages = new long[steps];
            for (int i = 0; i < steps; i++) {
                ages[i] = in.readLong();
            }
        }
        boolean[] stepDirect = null;
        if (version >= 2 && in.readBoolean()) {
            if (steps > in.available()) {
                throw new EOFException("expected " + steps + " step flags");
            }
            stepDirect = new boolean[steps];
            for (int i = 0; i < steps; i++) {
                stepDirect[i] = in.readBoolean();
            }
        }
        double uc = in.readDouble();
        double uv = in.readDouble();
        if (in.read() != -1) {
            throw new IOException("trailing bytes");
        }
        if (offsets[0] != 0 || offsets[rows] != steps) {
            throw new IOException("offsets do not cover the steps");
        }
        for (int r = 0; r < rows; r++) {
            if (offsets[r + 1] <= offsets[r] || groupOf[r] < 0 || groupOf[r] >= ng) {
                throw new IOException("row " + r + " is malformed");
            }
        }
        for (int s : st) {
            if (s < 0 || s >= nv) {
                throw new IOException("step value " + s + " outside the dictionary");
            }
        }
        // the counts a table's builders accept, so that no model meets a negative or NaN count
        for (int r = 0; r < rows; r++) {
            counts("row " + r, conv[r], val[r], nul[r]);
        }
        counts("unattributed", uc, uv, 0);
        return new PathData(List.copyOf(dims), values, components, direct, offsets, st, conv, val, nul, ages,
                stepDirect, groups, groupOf, uc, uv);
    }

    private static void counts(String where, double conversions, double value, double nulls) throws IOException {
        try {
            Checks.pathCounts(conversions, value, nulls);
        } catch (IllegalArgumentException e) {
            throw new IOException(where + ": " + e.getMessage(), e);
        }
    }

    private static int count(int n, int max, String what) throws IOException {
        if (n < 0 || n > max) {
            throw new IOException(what + " count " + n + " out of range");
        }
        return n;
    }

    private static void writeString(DataOutputStream out, String s) throws IOException {
        byte[] b = s.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        out.writeInt(b.length);
        out.write(b);
    }

    private static String readString(DataInputStream in) throws IOException {
        int n = in.readInt();
        if (n < 0 || n > in.available()) {
            throw new EOFException("string length " + n);
        }
        byte[] b = in.readNBytes(n);
        return new String(b, java.nio.charset.StandardCharsets.UTF_8);
    }

    private static void ints(OutputStream o, int[] a) throws IOException {
        DataOutputStream out = (DataOutputStream) o;
        for (int v : a) {
            out.writeInt(v);
        }
    }

    private static int[] ints(DataInputStream in, int n) throws IOException {
        if ((long) n * 4 > in.available()) {
            throw new EOFException("expected " + n + " ints");
        }
        int[] a = new int[n];
        for (int i = 0; i < n; i++) {
            a[i] = in.readInt();
        }
        return a;
    }

    private static void doubles(DataOutputStream out, double[] a) throws IOException {
        for (double v : a) {
            out.writeDouble(v);
        }
    }

    private static double[] doubles(DataInputStream in, int n) throws IOException {
        if ((long) n * 8 > in.available()) {
            throw new EOFException("expected " + n + " doubles");
        }
        double[] a = new double[n];
        for (int i = 0; i < n; i++) {
            a[i] = in.readDouble();
        }
        return a;
    }
}
