package io.omnicanal.attribution.internal;

import io.omnicanal.attribution.Dimension;
import io.omnicanal.attribution.PathTableFormat;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Reads a ChannelAttribution-style aggregated path table from UTF-8 bytes held in memory (a file
 * read whole), straight into path columns: the byte twin of {@link PathTableReader}, with the same
 * records, the same numbers and the same messages.
 *
 * <p>Design note: the cost of a million-row table is in its ten million steps over a handful of
 * names, so the reader never decodes what it has seen before. Records are cut in place in the
 * byte array (a quoted field is unescaped in place, as unescaping only shrinks it); the path field
 * is cut at the path separator's bytes, each step trimmed and looked up by hashing its byte range
 * in an open-addressing table; only a name not seen before is decoded into a {@code String}.
 * Numbers go through {@link Decimals#plain}, exact as {@link Double#parseDouble}. UTF-8 is
 * checked strictly (RFC 3629: no overlong forms, no surrogates, nothing above U+10FFFF): a new
 * step name, the header and any field the table does not read are validated where they hold a
 * non-ASCII byte; a known name is valid because its bytes equal a validated one; a number with a
 * non-ASCII byte is no number. UTF-8 continuation bytes are never ASCII, so cutting at ASCII
 * separators is safe before validation. Not thread-safe; one instance reads one table.
 */
public final class PathTableBytes {
    private final byte[] data;
    private final int end;
    private final String source;
    private final byte separator;
    private int pos;
    private int line;
    private int recordLine;
    private int[] fieldStart = new int[8];
    private int[] fieldEnd = new int[8];
    private int fields;
    private boolean quotedRecord;

    private PathTableBytes(byte[] data, int length, String source, byte separator) {
        this.data = data;
        this.end = length;
        this.source = source;
        this.separator = separator;
    }

    /**
     * Reads the whole table from {@code data[0, length)}, which it unescapes in place.
     *
     * @param source the file name for messages, or null
     * @throws IllegalArgumentException naming the source, line and column on a malformed row, a
     *     missing column, malformed UTF-8, or an empty table
     */
    public static PathData read(byte[] data, int length, PathTableFormat format, String source) {
        Objects.requireNonNull(data, "data");
        Objects.requireNonNull(format, "format");
        char sep = format.separator();
        if (sep > 0x7F || sep == '"' || sep == '\n' || sep == '\r') {
            // an ASCII separator is one byte, which no UTF-8 sequence contains; others are refused up front
            throw new IllegalArgumentException((source == null ? "" : source + ": ")
                    + "separator must be an ASCII character other than a quote or line break to read bytes, was '"
                    + sep + "'");
        }
        return new PathTableBytes(data, length, source, (byte) sep).table(format);
    }

    private String at(int lineNumber) {
        return (source == null ? "" : source + ": ") + "line " + lineNumber;
    }

    private PathData table(PathTableFormat format) {
        if (end >= 3 && data[0] == (byte) 0xEF && data[1] == (byte) 0xBB && data[2] == (byte) 0xBF) {
            pos = 3;
        }
        if (!next()) {
            throw new IllegalArgumentException(at(1) + ": empty input, expected a header with \""
                    + format.pathColumn() + "\"");
        }
        int headerFields = fields;
        Map<String, Integer> columns = new HashMap<>();
        for (int i = 0; i < fields; i++) {
            columns.put(text(i, "header").trim(), i);
        }
        int path = column(columns, format.pathColumn(), true);
        int conv = column(columns, format.conversionsColumn(), true);
        int value = format.valueColumn().isEmpty() ? -1 : column(columns, format.valueColumn(), false);
        int nulls = format.nullsColumn().isEmpty() ? -1 : column(columns, format.nullsColumn(), false);
        boolean[] unread = new boolean[headerFields];
        Arrays.fill(unread, true);
        unread[path] = false;
        unread[conv] = false;
        if (value >= 0) {
            unread[value] = false;
        }
        if (nulls >= 0) {
            unread[nulls] = false;
        }
        PathAssembler out = new PathAssembler(List.of(Dimension.CHANNEL), format.directChannel(), false);
        int group = out.group("");
        StepNames names = new StepNames(out);
        byte[] pathSeparator = format.pathSeparator().getBytes(StandardCharsets.UTF_8);
        byte sepFirst = pathSeparator[0];
        int[] ids = new int[32];
        boolean any = false;
        while (next()) {
            if (fields != headerFields) {
                throw new IllegalArgumentException(at(recordLine) + ": " + fields + " fields, the header has "
                        + headerFields);
            }
            for (int f = 0; f < fields; f++) {
                if (unread[f]) {
                    text(f, "column " + f);
                }
            }
            int length = 0;
            int i = fieldStart[path];
            int stop = fieldEnd[path];
            while (true) {
                // one step, up to the next separator: trimmed and hashed in the same pass
                int a = -1;
                int z = -1;
                int h = 0;
                int hash = 0;
                int cut = -1;
                for (; i < stop; i++) {
                    byte b = data[i];
                    if (b == sepFirst && separatorAt(pathSeparator, i, stop)) {
                        cut = i;
                        break;
                    }
                    if (b > ' ' || b < 0) {
                        if (a < 0) {
                            a = i;
                        }
                        h = 31 * h + (b & 0xFF);
                        hash = h;
                        z = i + 1;
                    } else if (a >= 0) {
                        h = 31 * h + b;
                    }
                }
                if (a < 0) {
                    throw new IllegalArgumentException(at(recordLine) + ", column \"" + format.pathColumn()
                            + "\": empty step in path \"" + lenient(fieldStart[path], fieldEnd[path]) + "\"");
                }
                if (length == ids.length) {
                    ids = Arrays.copyOf(ids, length * 2);
                }
                int id = names.find(data, a, z, hash);
                if (id < 0) {
                    id = names.add(data, a, z, hash, decodeStep(a, z, length, format.pathColumn()));
                }
                ids[length++] = id;
                if (cut < 0) {
                    break;
                }
                i = cut + pathSeparator.length;
            }
            double c = number(conv, format.conversionsColumn());
            double v = value < 0 ? 0 : number(value, format.valueColumn());
            double n = nulls < 0 ? 0 : number(nulls, format.nullsColumn());
            try {
                Checks.pathCounts(c, v, n);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(at(recordLine) + ": " + e.getMessage(), e);
            }
            out.add(ids, null, length, c, v, n, group);
            any = true;
        }
        if (!any) {
            throw new IllegalArgumentException((source == null ? "" : source + ": ")
                    + "paths: empty data set, the table has a header but no row");
        }
        return out.build();
    }

    /** A step name seen for the first time: strictly decoded, refused when blank. */
    private String decodeStep(int a, int z, int index, String column) {
        int bad = Utf8.firstInvalid(data, a, z);
        if (bad >= 0) {
            throw malformed(column, bad, a, z);
        }
        String name = new String(data, a, z - a, StandardCharsets.UTF_8);
        if (name.isBlank()) {
            throw new IllegalArgumentException(at(recordLine) + ": path[" + index + "] must not be blank, was \""
                    + name + "\"");
        }
        return name;
    }

    private IllegalArgumentException malformed(String column, int bad, int from, int to) {
        return new IllegalArgumentException(at(recordLine) + ", column \"" + column + "\": malformed UTF-8 (byte 0x"
                + Integer.toHexString(data[bad] & 0xFF).toUpperCase(java.util.Locale.ROOT) + " at offset "
                + (bad - from) + ") in \"" + lenient(from, to) + "\"");
    }

    /** Field {@code i} strictly decoded (the header, or a field the table does not read). */
    private String text(int i, String column) {
        int a = fieldStart[i];
        int z = fieldEnd[i];
        int bad = Utf8.firstInvalid(data, a, z);
        if (bad >= 0) {
            throw malformed(column, bad, a, z);
        }
        return new String(data, a, z - a, StandardCharsets.UTF_8);
    }

    /** Bytes for a message, malformed sequences replaced. */
    private String lenient(int from, int to) {
        return new String(data, from, to - from, StandardCharsets.UTF_8);
    }

    private int column(Map<String, Integer> columns, String name, boolean required) {
        Integer i = columns.get(name);
        if (i == null && required) {
            throw new IllegalArgumentException(at(1) + ": missing column \"" + name + "\", found " + columns.keySet());
        }
        return i == null ? -1 : i;
    }

    /** Whether {@code sep} starts at {@code data[i]} and ends by {@code to}. */
    private boolean separatorAt(byte[] sep, int i, int to) {
        if (i + sep.length > to) {
            return false;
        }
        for (int k = 1; k < sep.length; k++) {
            if (data[i + k] != sep[k]) {
                return false;
            }
        }
        return true;
    }

    /** Field {@code i} as a double, trimmed, naming the line and column when it is no number. */
    private double number(int i, String column) {
        int a = fieldStart[i];
        int z = fieldEnd[i];
        while (a < z && data[a] <= ' ' && data[a] >= 0) {
            a++;
        }
        while (z > a && data[z - 1] <= ' ' && data[z - 1] >= 0) {
            z--;
        }
        double fast = Decimals.plain(data, a, z);
        if (!Double.isNaN(fast)) {
            return fast;
        }
        String text = lenient(a, z);
        try {
            for (int k = a; k < z; k++) {
                if (data[k] < 0) {
                    throw new NumberFormatException(text);
                }
            }
            return Double.parseDouble(text);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(at(recordLine) + ", column \"" + column + "\": not a number: \""
                    + text + "\"", e);
        }
    }

    /** Reads the next non-blank record into {@link #fieldStart}/{@link #fieldEnd}; false at end of input. */
    private boolean next() {
        while (record()) {
            if (fields > 1 || quotedRecord || !blank(fieldStart[0], fieldEnd[0])) {
                return true;
            }
        }
        return false;
    }

    /** Whether the range is empty or only ASCII whitespace and other Unicode whitespace. */
    private boolean blank(int from, int to) {
        for (int i = from; i < to; i++) {
            if (data[i] < 0) {
                return lenient(from, to).isBlank();
            }
            if (!Character.isWhitespace(data[i])) {
                return false;
            }
        }
        return true;
    }

    /**
     * Parses one record in place: quoted fields are unescaped into the array ({@code w <= r}) and
     * the bounds of every field recorded. False at end of input. Line ends are {@code \n},
     * {@code \r\n} and {@code \r}; a quote opens a quoted field only at the field's start.
     */
    private boolean record() {
        if (pos >= end) {
            return false;
        }
        line++;
        recordLine = line;
        fields = 0;
        quotedRecord = false;
        byte[] d = data;
        int r = pos;
        while (true) {
            int field = r;
            if (r < end && d[r] == '"') {
                quotedRecord = true;
                r = quoted(field);
                int w = unescapedEnd;
                // after the closing quote, anything up to the separator is kept as it is
                while (r < end) {
                    byte b = d[r];
                    if (b == separator || b == '\n' || b == '\r') {
                        break;
                    }
                    d[w++] = b;
                    r++;
                }
                addField(field, w);
            } else {
                while (r < end) {
                    byte b = d[r];
                    if (b == separator || b == '\n' || b == '\r') {
                        break;
                    }
                    r++;
                }
                addField(field, r);
            }
            if (r >= end) {
                pos = end;
                return true;
            }
            byte b = d[r++];
            if (b == '\n' || b == '\r') {
                if (b == '\r' && r < end && d[r] == '\n') {
                    r++;
                }
                pos = r;
                return true;
            }
        }
    }

    /** Where the unescaped text of the last quoted field ends. */
    private int unescapedEnd;

    /**
     * Unescapes the quoted field opening at {@code data[from]} into {@code data[from, ...)}, line
     * breaks inside it read as {@code \n}; returns the index after its closing quote.
     */
    private int quoted(int from) {
        byte[] d = data;
        int r = from + 1;
        int w = from;
        while (true) {
            if (r >= end) {
                throw new IllegalArgumentException(at(recordLine) + ": unterminated quoted field");
            }
            byte b = d[r++];
            if (b == '"') {
                if (r < end && d[r] == '"') {
                    d[w++] = '"';
                    r++;
                    continue;
                }
                unescapedEnd = w;
                return r;
            }
            if (b == '\n' || b == '\r') {
                line++;
                if (b == '\r' && r < end && d[r] == '\n') {
                    r++;
                }
                d[w++] = '\n';
            } else {
                d[w++] = b;
            }
        }
    }

    private void addField(int from, int to) {
        if (fields == fieldStart.length) {
            fieldStart = Arrays.copyOf(fieldStart, fields * 2);
            fieldEnd = Arrays.copyOf(fieldEnd, fields * 2);
        }
        fieldStart[fields] = from;
        fieldEnd[fields] = to;
        fields++;
    }

    /**
     * Step names to assembler ids by hashing byte ranges: a {@code String} is made only for a name
     * not seen before.
     */
    private static final class StepNames {
        private final PathAssembler out;
        private int[] slots = new int[64]; // id + 1, 0 for empty
        private int[] hashes = new int[64];
        private byte[][] bytes = new byte[64][];
        private int size;

        StepNames(PathAssembler out) {
            this.out = out;
        }

        /** The id of {@code b[from, to)}, whose hash is {@code h}; -1 when not seen yet. */
        int find(byte[] b, int from, int to, int h) {
            int mask = slots.length - 1;
            int slot = mix(h) & mask;
            while (slots[slot] != 0) {
                if (hashes[slot] == h && same(bytes[slot], b, from, to)) {
                    return slots[slot] - 1;
                }
                slot = (slot + 1) & mask;
            }
            return -1;
        }

        /** Interns {@code name}, the decoding of {@code b[from, to)} (not present yet), and gives its id. */
        int add(byte[] b, int from, int to, int h, String name) {
            int id = out.intern(name);
            int mask = slots.length - 1;
            int slot = mix(h) & mask;
            while (slots[slot] != 0) {
                slot = (slot + 1) & mask;
            }
            slots[slot] = id + 1;
            hashes[slot] = h;
            bytes[slot] = Arrays.copyOfRange(b, from, to);
            if (++size * 2 > slots.length) {
                grow();
            }
            return id;
        }

        // names are short: a plain loop beats a vectorised mismatch (see PathTableReader)
        private static boolean same(byte[] name, byte[] b, int from, int to) {
            if (name.length != to - from) {
                return false;
            }
            for (int i = 0; i < name.length; i++) {
                if (name[i] != b[from + i]) {
                    return false;
                }
            }
            return true;
        }

        private static int mix(int h) {
            int x = h * 0x9E3779B9;
            return x ^ (x >>> 16);
        }

        private void grow() {
            int[] oldSlots = slots;
            int[] oldHashes = hashes;
            byte[][] oldBytes = bytes;
            slots = new int[oldSlots.length * 2];
            hashes = new int[oldSlots.length * 2];
            bytes = new byte[oldSlots.length * 2][];
            int mask = slots.length - 1;
            for (int i = 0; i < oldSlots.length; i++) {
                if (oldSlots[i] != 0) {
                    int slot = mix(oldHashes[i]) & mask;
                    while (slots[slot] != 0) {
                        slot = (slot + 1) & mask;
                    }
                    slots[slot] = oldSlots[i];
                    hashes[slot] = oldHashes[i];
                    bytes[slot] = oldBytes[i];
                }
            }
        }
    }
}
