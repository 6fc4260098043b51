package io.omnicanal.attribution.internal;

import io.omnicanal.attribution.Dimension;
import io.omnicanal.attribution.PathTableFormat;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
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
 * byte array (a quoted field is unescaped in place, as unescaping only shrinks it), field ends
 * found eight bytes at a time. A step is first looked up as a raw token in a small cache (see
 * {@link #path()}); otherwise the path field is cut at the path separator's bytes, the step
 * trimmed and looked up by its bytes (two words and a length, or a hash for names over 16 bytes)
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
        this.format = format;
        this.headerFields = headerFields;
        this.pathColumn = path;
        this.convColumn = conv;
        this.valueColumn = value;
        this.nullsColumn = nulls;
        this.unread = unread;
        out = new PathAssembler(List.of(Dimension.CHANNEL), format.directChannel(), false);
        group = out.group("");
        names = new StepNames(out);
        pathSeparator = format.pathSeparator().getBytes(StandardCharsets.UTF_8);
        boolean any = false;
        while (next()) {
            row();
            any = true;
        }
        if (!any) {
            throw new IllegalArgumentException((source == null ? "" : source + ": ")
                    + "paths: empty data set, the table has a header but no row");
        }
        return out.build();
    }

    // The table being read; set once the header is known. Each row is parsed by its own small
    // method, which the JIT compiles early and whole, rather than inside one long-running loop.
    private PathTableFormat format;
    private int headerFields;
    private int pathColumn;
    private int convColumn;
    private int valueColumn;
    private int nullsColumn;
    private boolean[] unread;
    private PathAssembler out;
    private int group;
    private StepNames names;
    private byte[] pathSeparator;
    private int[] ids = new int[32];
    // the token cache of path(): 1024 direct-mapped entries, length 0 marking an empty one
    private final int[] tokenLength = new int[1024];
    private final long[] tokenWord0 = new long[1024];
    private final long[] tokenWord1 = new long[1024];
    private final int[] tokenId = new int[1024];
    private int rows;
    private long steps;

    /** Adds the current record as a row. */
    private void row() {
        if (fields != headerFields) {
            throw new IllegalArgumentException(at(recordLine) + ": " + fields + " fields, the header has "
                    + headerFields);
        }
        for (int f = 0; f < fields; f++) {
            if (unread[f]) {
                text(f, "column " + f);
            }
        }
        int length = path();
        double c = number(convColumn, format.conversionsColumn());
        double v = valueColumn < 0 ? 0 : number(valueColumn, format.valueColumn());
        double n = nullsColumn < 0 ? 0 : number(nullsColumn, format.nullsColumn());
        try {
            Checks.pathCounts(c, v, n);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(at(recordLine) + ": " + e.getMessage(), e);
        }
        if (++rows == 4096) {
            // reserve the columns once for the whole input, extrapolated from its first rows
            double share = (double) end / Math.max(1, pos);
            out.reserve((int) Math.min(Integer.MAX_VALUE - 16, (long) (steps * share * 1.02) + 1024),
                    (int) Math.min(Integer.MAX_VALUE - 16, (long) (rows * share * 1.02) + 1024));
        }
        steps += length;
        out.add(ids, null, length, c, v, n, group);
    }

    /**
     * Cuts the path field into steps, their ids into {@link #ids}; gives the number of steps.
     *
     * <p>Design note: with a one-byte path separator, a step is first looked for as a token: the
     * raw bytes up to the next separator (or the field's end), spaces included, when there are at
     * most 15 of them. Two little-endian words are read at the step's start, the separator found in
     * them with the zero-byte trick, the bytes before it masked and looked up in a small
     * direct-mapped cache of tokens met before; a hit gives the step id with no trimming, hashing of
     * single bytes or branch per byte. A miss takes the general way (search, trim, name table) and
     * caches the token with the id found. A cached token's bytes were validated when it was first
     * met, so the cache changes no result.
     */
    private int path() {
        int length = 0;
        int i = fieldStart[pathColumn];
        int stop = fieldEnd[pathColumn];
        boolean tokens = pathSeparator.length == 1;
        long pattern = ONES * (pathSeparator[0] & 0xFF);
        while (true) {
            int left = stop - i;
            long key0 = 0;
            long key1 = 0;
            int p = 16;
            int slot = 0;
            if (tokens && i + 16 <= data.length && left > 0) {
                long w0 = (long) LONG.get(data, i);
                long w1 = (long) LONG.get(data, i + 8);
                long x0 = w0 ^ pattern;
                long x1 = w1 ^ pattern;
                long m0 = (x0 - ONES) & ~x0 & HIGHS;
                long m1 = (x1 - ONES) & ~x1 & HIGHS;
                p = m0 != 0 ? Long.numberOfTrailingZeros(m0) >>> 3 : 8 + (Long.numberOfTrailingZeros(m1) >>> 3);
                p = Math.min(p, left);
                if (p > 0 && p < 16) {
                    key0 = p >= 8 ? w0 : w0 & ~(-1L << (p << 3));
                    key1 = p <= 8 ? 0 : w1 & ~(-1L << ((p - 8) << 3));
                    slot = tokenSlot(key0, key1, p);
                    if (tokenLength[slot] == p && tokenWord0[slot] == key0 && tokenWord1[slot] == key1) {
                        if (length == ids.length) {
                            ids = Arrays.copyOf(ids, length * 2);
                        }
                        ids[length++] = tokenId[slot];
                        if (p == left) {
                            return length;
                        }
                        i += p + 1;
                        continue;
                    }
                }
            }
            int cut = find(pathSeparator, i, stop);
            int a = i;
            int z = cut < 0 ? stop : cut;
            while (a < z && space(data[a])) {
                a++;
            }
            while (z > a && space(data[z - 1])) {
                z--;
            }
            if (a == z) {
                throw new IllegalArgumentException(at(recordLine) + ", column \"" + format.pathColumn()
                        + "\": empty step in path \"" + lenient(fieldStart[pathColumn], fieldEnd[pathColumn]) + "\"");
            }
            if (length == ids.length) {
                ids = Arrays.copyOf(ids, length * 2);
            }
            int id = names.find(data, a, z);
            if (id < 0) {
                id = names.add(data, a, z, decodeStep(a, z, length, format.pathColumn()));
            }
            if (p > 0 && p < 16 && (cut < 0 ? stop : cut) - i == p) {
                tokenLength[slot] = p;
                tokenWord0[slot] = key0;
                tokenWord1[slot] = key1;
                tokenId[slot] = id;
            }
            ids[length++] = id;
            if (cut < 0) {
                return length;
            }
            i = cut + pathSeparator.length;
        }
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

    private static final VarHandle LONG = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final long ONES = 0x0101010101010101L;
    private static final long HIGHS = 0x8080808080808080L;

    private static int tokenSlot(long w0, long w1, int length) {
        long x = (w0 * 0x9E3779B97F4A7C15L) ^ (w1 * 0xC2B2AE3D27D4EB4FL) ^ length;
        return (int) (x >>> 54); // the top 10 bits: 1024 slots
    }

    /** Whether {@code b} is an ASCII space or control character (trimmed off steps and numbers). */
    private static boolean space(byte b) {
        return b <= ' ' && b >= 0;
    }

    /**
     * Where {@code sep} first occurs in {@code data[from, to)}, or -1: eight bytes at a time for its
     * first byte (the lowest byte flagged by {@code (x - 0x01..) & ~x & 0x80..} is exactly the first
     * zero byte of {@code x}), then the rest of it compared.
     */
    private int find(byte[] sep, int from, int to) {
        byte first = sep[0];
        long pattern = ONES * (first & 0xFF);
        int i = from;
        while (true) {
            int at;
            if (i + 8 <= to) {
                long x = (long) LONG.get(data, i) ^ pattern;
                long m = (x - ONES) & ~x & HIGHS;
                if (m == 0) {
                    i += 8;
                    continue;
                }
                at = i + (Long.numberOfTrailingZeros(m) >>> 3);
            } else {
                at = i;
                while (at < to && data[at] != first) {
                    at++;
                }
                if (at == to) {
                    return -1;
                }
            }
            if (sep.length == 1 || separatorAt(sep, at, to)) {
                return at;
            }
            i = at + 1;
        }
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
                r = fieldEnd(r);
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

    /** The first index from {@code r} holding the separator or a line break, or {@link #end}. */
    private int fieldEnd(int r) {
        long sep = ONES * separator;
        long nl = ONES * '\n';
        long cr = ONES * '\r';
        while (r + 8 <= end) {
            long w = (long) LONG.get(data, r);
            long x = w ^ sep;
            long y = w ^ nl;
            long z = w ^ cr;
            long m = ((x - ONES) & ~x) | ((y - ONES) & ~y) | ((z - ONES) & ~z);
            m &= HIGHS;
            if (m != 0) {
                return r + (Long.numberOfTrailingZeros(m) >>> 3);
            }
            r += 8;
        }
        while (r < end) {
            byte b = data[r];
            if (b == separator || b == '\n' || b == '\r') {
                break;
            }
            r++;
        }
        return r;
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
     * Step names to assembler ids, looked up by their bytes: a {@code String} is made only for a
     * name not seen before. A name of up to 16 bytes is keyed by two little-endian words (its bytes,
     * zero-padded) and its length, compared as two {@code long}s; a longer one by a hash of its bytes
     * and a byte comparison.
     */
    private static final class StepNames {
        private final PathAssembler out;
        private int[] slots = new int[64]; // id + 1, 0 for empty
        private int[] lengths = new int[64];
        private long[] word0 = new long[64];
        private long[] word1 = new long[64];
        private byte[][] longNames = new byte[64][];
        private int size;

        StepNames(PathAssembler out) {
            this.out = out;
        }

        /** The id of {@code b[from, to)}; -1 when not seen yet. */
        int find(byte[] b, int from, int to) {
            int len = to - from;
            long w0 = len <= 16 ? word(b, from, Math.min(len, 8)) : 0;
            long w1 = len > 8 && len <= 16 ? word(b, from + 8, len - 8) : 0;
            long h = len <= 16 ? hash(w0, w1, len) : hash(b, from, to);
            int mask = slots.length - 1;
            int slot = (int) h & mask;
            while (slots[slot] != 0) {
                if (lengths[slot] == len && word0[slot] == w0 && word1[slot] == w1
                        && (len <= 16 || Arrays.equals(longNames[slot], 0, len, b, from, to))) {
                    return slots[slot] - 1;
                }
                slot = (slot + 1) & mask;
            }
            return -1;
        }

        /** Interns {@code name}, the decoding of {@code b[from, to)} (not present yet), and gives its id. */
        int add(byte[] b, int from, int to, String name) {
            int id = out.intern(name);
            int len = to - from;
            long w0 = len <= 16 ? word(b, from, Math.min(len, 8)) : 0;
            long w1 = len > 8 && len <= 16 ? word(b, from + 8, len - 8) : 0;
            put(id + 1, len, w0, w1, len <= 16 ? null : Arrays.copyOfRange(b, from, to));
            if (++size * 2 > slots.length) {
                grow();
            }
            return id;
        }

        private void put(int slotValue, int len, long w0, long w1, byte[] longName) {
            long h = longName == null ? hash(w0, w1, len) : hash(longName, 0, len);
            int mask = slots.length - 1;
            int slot = (int) h & mask;
            while (slots[slot] != 0) {
                slot = (slot + 1) & mask;
            }
            slots[slot] = slotValue;
            lengths[slot] = len;
            word0[slot] = w0;
            word1[slot] = w1;
            longNames[slot] = longName;
        }

        /** {@code n <= 8} bytes from {@code b[at]} as a little-endian word, zero above them. */
        private static long word(byte[] b, int at, int n) {
            if (n == 0) {
                return 0;
            }
            long w;
            if (at + 8 <= b.length) {
                w = (long) LONG.get(b, at);
            } else {
                w = 0;
                for (int k = n - 1; k >= 0; k--) {
                    w = w << 8 | (b[at + k] & 0xFF);
                }
            }
            return w & (-1L >>> ((8 - n) << 3)); // 1 <= n <= 8
        }

        private static long hash(long w0, long w1, int len) {
            long x = (w0 * 0x9E3779B97F4A7C15L) ^ (w1 * 0xC2B2AE3D27D4EB4FL) ^ len;
            return x ^ (x >>> 29) ^ (x >>> 41);
        }

        private static long hash(byte[] b, int from, int to) {
            long h = to - from;
            for (int i = from; i < to; i++) {
                h = h * 31 + (b[i] & 0xFF);
            }
            return hash(h, 0, to - from);
        }

        private void grow() {
            int[] oldSlots = slots;
            int[] oldLengths = lengths;
            long[] old0 = word0;
            long[] old1 = word1;
            byte[][] oldLong = longNames;
            int capacity = oldSlots.length * 2;
            slots = new int[capacity];
            lengths = new int[capacity];
            word0 = new long[capacity];
            word1 = new long[capacity];
            longNames = new byte[capacity][];
            for (int i = 0; i < oldSlots.length; i++) {
                if (oldSlots[i] != 0) {
                    put(oldSlots[i], oldLengths[i], old0[i], old1[i], oldLong[i]);
                }
            }
        }
    }
}
