package io.omnicanal.attribution.internal;

import io.omnicanal.attribution.Dimension;
import io.omnicanal.attribution.PathTableFormat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * Reads a ChannelAttribution-style aggregated path table from UTF-8 bytes, streamed through a
 * bounded buffer, into path rows for a {@link RowSink}: the table's columns, or the first-order
 * Markov counts with no table at all. The one parser of such tables: a {@code Reader}'s chars come
 * to it encoded ({@link ByteSource#utf8}).
 *
 * <p>Design note. <b>Buffer.</b> Bytes are read into a buffer of {@link #BUFFER} bytes (plus 16
 * of slack, so that eight-byte reads near its end stay inside the array); a record is parsed only
 * once it lies whole in the buffer. Parsing a record first only finds its fields (quoted fields
 * are scanned, not yet unescaped), so when it runs into the end of the buffer before the end of
 * the input nothing has changed: the record is moved to the front, the buffer filled, and the
 * record parsed again. A record longer than the buffer doubles it, up to {@link #MAX_RECORD}
 * bytes of record (its line end not counted) and a few bytes of room for the line end and the
 * refill; a record longer than the limit fails naming its line and the limit, however the reads
 * fell (checked on the parsed record, not only when the buffer cannot grow). Quoted fields of a complete record are
 * then unescaped in place (unescaping only shrinks them). So memory stays bounded by the longest
 * record, and the bytes being parsed stay in the processor's cache.
 *
 * <p><b>Steps.</b> The cost of a million-row table is in its ten million steps over a handful of
 * names, so the reader never decodes what it has seen before. With a one-byte path separator the
 * path field is scanned eight bytes at a time and every separator in a word is found from one
 * exact zero-byte mask (no per-step branch on where the previous step ended, so the loads of
 * successive words do not wait on each other); the raw bytes of a step up to 16 bytes long (spaces
 * included) are masked from two eight-byte reads and looked up in a direct-mapped cache of tokens
 * met before, which gives the step id with no trimming, hashing of single bytes or decoding. A
 * miss trims the step, looks it up by its bytes (two words and a length, or a hash for names over
 * 16 bytes) in an open-addressing table, decodes it into a {@code String} only when new, and
 * caches the token. A longer path separator is searched for by its first byte, eight bytes at a
 * time, then compared.
 *
 * <p><b>Validation.</b> Numbers go through {@link Decimals#plain}, exact as
 * {@link Double#parseDouble}. UTF-8 is checked strictly (RFC 3629: no overlong forms, no
 * surrogates, nothing above U+10FFFF): a new step name, the header and any field the table does
 * not read are validated where they hold a non-ASCII byte; a known name is valid because its bytes
 * equal a validated one; a number with a non-ASCII byte is no number. UTF-8 continuation bytes are
 * never ASCII and no lead byte is a continuation byte, so cutting at the separators' bytes is safe
 * before validation. Not thread-safe; one instance reads one table.
 */
public final class PathTableBytes {
    /** The buffer a read starts with, in bytes: 256 KiB, a quarter of this machine's L2 cache. */
    public static final int BUFFER = 1 << 18;
    /** The longest record a read accepts, in bytes, its line end not counted (256 MiB); the buffer grows up to it. */
    public static final int MAX_RECORD = 1 << 28;
    private static final int SLACK = 16;
    /**
     * Room beyond the longest record: its line end ({@code \r\n}) and the three bytes a refill may
     * leave empty ({@link #fill} reads only while four bytes are free, for a whole UTF-8 character).
     */
    private static final int ROOM = 8;

    private final ByteSource in;
    private final String source;
    private final int maxRecord;
    /** The largest the buffer grows to: {@link #maxRecord} and {@link #ROOM}. */
    private final int maxCapacity;
    private final byte[] separator;
    private final byte separator0;
    private byte[] data;
    private int capacity;
    private int end;
    private boolean eof;
    /** Bytes of the input before {@code data[0]}. */
    private long base;
    private int pos;
    private int line;
    private int recordLine;
    private int[] fieldStart = new int[8];
    private int[] fieldEnd = new int[8];
    /** Per field: where its closing quote is, or -1 when it is not quoted. */
    private int[] closingQuote = new int[8];
    private int fields;
    private boolean quotedRecord;

    private PathTableBytes(ByteSource in, PathTableFormat format, String source, int buffer, int maxRecord) {
        this.in = in;
        this.source = source;
        this.maxRecord = maxRecord;
        this.maxCapacity = maxRecord + ROOM;
        // one to three bytes (PathTableFormat refuses surrogates)
        this.separator = String.valueOf(format.separator()).getBytes(StandardCharsets.UTF_8);
        this.separator0 = separator[0];
        this.capacity = Math.min(buffer, maxRecord);
        this.data = new byte[capacity + SLACK];
    }

    /**
     * Reads the whole table.
     *
     * @param source the file name for messages, or null
     * @param sizeHint the input's size in bytes when known (to reserve the columns once), else -1
     * @throws IllegalArgumentException naming the source, line and column on a malformed row, a
     *     missing column, malformed UTF-8, a record over {@link #MAX_RECORD} bytes, or an empty table
     * @throws UncheckedIOException when the input fails
     */
    public static PathData table(ByteSource in, PathTableFormat format, String source, long sizeHint) {
        return table(in, format, source, sizeHint, BUFFER, MAX_RECORD);
    }

    /** As {@link #table(ByteSource, PathTableFormat, String, long)} with a given buffer and record limit (for tests). */
    public static PathData table(ByteSource in, PathTableFormat format, String source, long sizeHint, int buffer,
                                 int maxRecord) {
        PathTableBytes reader = reader(in, format, source, buffer, maxRecord);
        PathAssembler out = new PathAssembler(List.of(Dimension.CHANNEL), format.directChannel(), false);
        reader.read(format, out, out, sizeHint);
        return out.build();
    }

    /**
     * The first-order Markov chain of the table, counted while it is read: no table is made, and
     * the chain is the one {@link MarkovChain} counts from {@link #table}'s table, to the last bit.
     */
    public static FirstOrderCounts.Chain firstOrderChain(ByteSource in, PathTableFormat format, String source) {
        PathTableBytes reader = reader(in, format, source, BUFFER, MAX_RECORD);
        PathAssembler names = new PathAssembler(List.of(Dimension.CHANNEL), format.directChannel(), false);
        FirstOrderCounts counts = new FirstOrderCounts();
        reader.read(format, names, counts, -1);
        return counts.chain(names);
    }

    private static PathTableBytes reader(ByteSource in, PathTableFormat format, String source, int buffer,
                                         int maxRecord) {
        Objects.requireNonNull(in, "in");
        Objects.requireNonNull(format, "format");
        if (buffer < 16 || maxRecord < buffer) {
            throw new IllegalArgumentException("buffer must be at least 16 and at most maxRecord, was " + buffer
                    + " (maxRecord " + maxRecord + ")");
        }
        return new PathTableBytes(in, format, source, buffer, maxRecord);
    }

    private static String prefix(String source) {
        return source == null ? "" : source + ": ";
    }

    private String at(int lineNumber) {
        return prefix(source) + "line " + lineNumber;
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
    private boolean anyUnread;
    private PathAssembler names;
    private RowSink sink;
    private boolean reserving;
    private long sizeHint;
    private int group;
    private StepNames stepNames;
    private byte[] pathSeparator;
    private int[] ids = new int[64];
    /** Where each step of the path being cut ends (see {@link #path()}). */
    private int[] cuts = new int[64];
    /** The token cache of {@link #step}: 1024 direct-mapped entries of four longs (word 0, word 1, length | id << 32). */
    private final long[] tokens = new long[1024 * 4];
    private int rows;
    private long steps;

    private void read(PathTableFormat format, PathAssembler names, RowSink sink, long sizeHint) {
        try {
            fill();
            if (end >= 3 && data[0] == (byte) 0xEF && data[1] == (byte) 0xBB && data[2] == (byte) 0xBF) {
                pos = 3;
            }
            if (!next()) {
                throw new IllegalArgumentException(at(1) + ": empty input, expected a header with \""
                        + format.pathColumn() + "\"");
            }
            header(format);
            this.names = names;
            this.sink = sink;
            this.reserving = sink == names;
            this.sizeHint = sizeHint;
            group = names.group("");
            stepNames = new StepNames(names);
            boolean any = false;
            while (next()) {
                row();
                any = true;
            }
            if (!any) {
                throw new IllegalArgumentException(prefix(source) + "paths: empty data set, the table has a header"
                        + " but no row");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(prefix(source) + e.getMessage(), e);
        }
    }

    private void header(PathTableFormat format) {
        int headerFields = fields;
        Map<String, Integer> columns = new HashMap<>();
        Map<String, Integer> repeated = new HashMap<>(); // a name given twice: its first field
        for (int i = 0; i < fields; i++) {
            String name = text(i, "header").trim();
            Integer before = columns.put(name, i);
            if (before != null) {
                repeated.putIfAbsent(name, before);
            }
        }
        // a column the table reads must be one column (extra columns may repeat: they are ignored)
        for (String name : new String[] {format.pathColumn(), format.conversionsColumn(), format.valueColumn(),
                format.nullsColumn()}) {
            if (!name.isEmpty() && repeated.containsKey(name)) {
                throw new IllegalArgumentException(at(1) + ": column \"" + name + "\" appears twice (fields "
                        + (repeated.get(name) + 1) + " and " + (columns.get(name) + 1) + ")");
            }
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
        for (boolean u : unread) {
            anyUnread |= u;
        }
        pathSeparator = format.pathSeparator().getBytes(StandardCharsets.UTF_8);
    }

    /** Adds the current record as a row. */
    private void row() {
        if (fields != headerFields) {
            throw new IllegalArgumentException(at(recordLine) + ": " + fields + " fields, the header has "
                    + headerFields);
        }
        if (anyUnread) {
            for (int f = 0; f < fields; f++) {
                int bad = unread[f] ? Utf8.firstInvalid(data, fieldStart[f], fieldEnd[f]) : -1;
                if (bad >= 0) {
                    throw malformed("column " + f, bad, fieldStart[f], fieldEnd[f]);
                }
            }
        }
        int length = pathSeparator.length == 1 ? path() : pathLongSeparator();
        double c = number(convColumn, format.conversionsColumn());
        double v = valueColumn < 0 ? 0 : number(valueColumn, format.valueColumn());
        double n = nullsColumn < 0 ? 0 : number(nullsColumn, format.nullsColumn());
        try {
            Checks.pathCounts(c, v, n);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(at(recordLine) + ": " + e.getMessage(), e);
        }
        if (++rows == 4096 && reserving && sizeHint > 0) {
            // reserve the columns once for the whole input, extrapolated from its first rows
            double share = (double) sizeHint / Math.max(1, base + pos);
            names.reserve((int) Math.min(Integer.MAX_VALUE - 16, (long) (steps * share * 1.02) + 1024),
                    (int) Math.min(Integer.MAX_VALUE - 16, (long) (rows * share * 1.02) + 1024));
        }
        steps += length;
        sink.add(ids, null, null, length, c, v, n, group);
    }

    /**
     * Cuts the path field at a one-byte path separator into step ids in {@link #ids}; gives the
     * number of steps.
     *
     * <p>Design note: two passes over the field, each without a branch that depends on the data
     * in its common case. First the separators: every separator of a word is taken from one exact
     * zero-byte mask of the word XOR the separator byte (no carry between bytes, so no false hit),
     * and the first two positions are written whether or not they exist, the count advancing by the
     * mask's population (as simdjson flattens its bit sets), so a loop runs only for a word holding
     * three or more. Then the steps between them: each one's bytes masked from two eight-byte reads
     * and looked up in the token cache; a miss (a token not met before) goes to {@link #step}.
     * Measured with thread CPU time on the benchmark's 60 MB table (8.4M steps, a busy machine):
     * the lookups cost about 10 ns a step (replacing them by a constant took 85 of 230 ms off Markov
     * order 1 from the file); splitting the walk in two passes, or moving the miss call out of the
     * loop, changed the total by less than the noise (about 10%).
     */
    private int path() {
        int from = fieldStart[pathColumn];
        int stop = fieldEnd[pathColumn];
        if (cuts.length < stop - from + 16) {
            cuts = new int[Math.max(stop - from + 16, cuts.length * 2)];
            ids = new int[cuts.length];
        }
        byte[] d = data;
        int[] c = cuts;
        long pattern = ONES * (pathSeparator[0] & 0xFF);
        int k = 0;
        for (int i = from; i < stop; i += 8) {
            long x = (long) LONG.get(d, i) ^ pattern;
            long m = ~(((x & LOWS) + LOWS) | x | LOWS);
            int left = stop - i;
            if (left < 8) {
                m &= (1L << (left << 3)) - 1;
            }
            int count = Long.bitCount(m);
            c[k] = i + (Long.numberOfTrailingZeros(m) >>> 3);
            m &= m - 1;
            c[k + 1] = i + (Long.numberOfTrailingZeros(m) >>> 3);
            if (count > 2) {
                m &= m - 1;
                for (int j = k + 2; m != 0; j++) {
                    c[j] = i + (Long.numberOfTrailingZeros(m) >>> 3);
                    m &= m - 1;
                }
            }
            k += count;
        }
        c[k] = stop;
        int[] out = ids;
        long[] t = tokens;
        int a = from;
        for (int j = 0; j <= k; j++) {
            int z = c[j];
            int len = z - a;
            int id = -1;
            if (len > 0 && len <= 16) {
                long w0 = (long) LONG.get(d, a) & MASK0[len];
                long w1 = (long) LONG.get(d, a + 8) & MASK1[len];
                int slot = tokenSlot(w0, w1, len);
                if (t[slot] == w0 && t[slot + 1] == w1 && (int) t[slot + 2] == len) {
                    id = (int) (t[slot + 2] >>> 32);
                }
            }
            out[j] = id >= 0 ? id : step(a, z, j);
            a = z + 1;
        }
        return k + 1;
    }

    /** As {@link #path()} for a path separator of two bytes or more. */
    private int pathLongSeparator() {
        int from = fieldStart[pathColumn];
        int stop = fieldEnd[pathColumn];
        if (ids.length <= stop - from) {
            ids = new int[Math.max(stop - from + 1, ids.length * 2)];
        }
        int length = 0;
        int a = from;
        while (true) { // a step has one byte at least, so a field of n bytes has at most n steps
            int cut = find(pathSeparator, a, stop);
            int z = cut < 0 ? stop : cut;
            ids[length] = step(a, z, length);
            length++;
            if (cut < 0) {
                return length;
            }
            a = cut + pathSeparator.length;
        }
    }

    /**
     * The id of the step whose raw bytes (untrimmed) are {@code data[a, z)}, the {@code index}-th
     * of its path: from the token cache when met before, else by {@link #stepMiss}.
     */
    private int step(int a, int z, int index) {
        int len = z - a;
        if (len > 0 && len <= 16) {
            long w0 = (long) LONG.get(data, a) & MASK0[len];
            long w1 = (long) LONG.get(data, a + 8) & MASK1[len];
            int slot = tokenSlot(w0, w1, len);
            long[] t = tokens;
            if (t[slot] == w0 && t[slot + 1] == w1 && (int) t[slot + 2] == len) {
                return (int) (t[slot + 2] >>> 32);
            }
            int id = stepMiss(a, z, index);
            t[slot] = w0;
            t[slot + 1] = w1;
            t[slot + 2] = (long) id << 32 | len;
            return id;
        }
        return stepMiss(a, z, index);
    }

    /** A token not in the cache: trimmed, looked up by its bytes, decoded and interned when new. */
    private int stepMiss(int from, int to, int index) {
        int a = from;
        int z = to;
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
        int id = stepNames.find(data, a, z);
        if (id < 0) {
            id = stepNames.add(data, a, z, decodeStep(a, z, index, format.pathColumn()));
        }
        return id;
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
        String what;
        int b = data[bad] & 0xFF;
        if (in.encodesChars() && b == 0xED && bad + 2 < to) {
            // only an unpaired surrogate, encoded as its own three bytes, is malformed here
            int unit = (b & 0x0F) << 12 | (data[bad + 1] & 0x3F) << 6 | data[bad + 2] & 0x3F;
            what = "unpaired surrogate U+" + Integer.toHexString(unit).toUpperCase(Locale.ROOT);
        } else {
            what = "malformed UTF-8 (byte 0x" + Integer.toHexString(b).toUpperCase(Locale.ROOT) + " at offset "
                    + (bad - from) + ")";
        }
        return new IllegalArgumentException(at(recordLine) + ", column \"" + column + "\": " + what + " in \""
                + lenient(from, to) + "\"");
    }

    /** Field {@code i} strictly decoded (the header). */
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
    private static final long LOWS = 0x7F7F7F7F7F7F7F7FL;
    /** The bytes of a token of {@code len} bytes in its first and second little-endian word. */
    private static final long[] MASK0 = new long[17];
    private static final long[] MASK1 = new long[17];

    static {
        for (int len = 1; len <= 16; len++) {
            MASK0[len] = len >= 8 ? -1L : (1L << (len << 3)) - 1;
            MASK1[len] = len <= 8 ? 0 : len == 16 ? -1L : (1L << ((len - 8) << 3)) - 1;
        }
    }

    private static int tokenSlot(long w0, long w1, int length) {
        long x = (w0 * 0x9E3779B97F4A7C15L) ^ (w1 * 0xC2B2AE3D27D4EB4FL) ^ length;
        return (int) (x >>> 54) << 2; // the top 10 bits: 1024 entries of four longs
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
            if (sep.length == 1 || startsAt(sep, at, to)) {
                return at;
            }
            i = at + 1;
        }
    }

    /** Whether {@code sep} starts at {@code data[i]} and ends by {@code to}. */
    private boolean startsAt(byte[] sep, int i, int to) {
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
        while (a < z && space(data[a])) {
            a++;
        }
        while (z > a && space(data[z - 1])) {
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
    private boolean next() throws IOException {
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

    /** The next record, parsed whole (refilling the buffer as needed); false at the end of the input. */
    private boolean record() throws IOException {
        while (true) {
            if (pos == end) {
                if (eof) {
                    return false;
                }
                fill();
                continue;
            }
            int lineBefore = line;
            if (parse()) {
                return true;
            }
            line = lineBefore;
            fill();
        }
    }

    /**
     * Moves the record being read ({@code data[pos, end)}) to the front of the buffer, doubling the
     * buffer when that record fills it (refusing past {@link #maxRecord}), and reads until the
     * buffer is full or the input ends.
     */
    private void fill() throws IOException {
        if (eof) {
            return;
        }
        int kept = end - pos;
        if (pos > 0) {
            System.arraycopy(data, pos, data, 0, kept);
            base += pos;
            pos = 0;
            end = kept;
        } else if (capacity - end < 4) {
            if (capacity >= maxCapacity) {
                // at least maxRecord + 5 bytes from the record's start, and still no end to it
                throw tooLong(line + 1);
            }
            capacity = (int) Math.min(maxCapacity, 2L * capacity);
            data = Arrays.copyOf(data, capacity + SLACK);
        }
        while (capacity - end >= 4) {
            int n = in.read(data, end, capacity - end);
            if (n < 0) {
                eof = true;
                return;
            }
            end += n;
        }
    }

    private IllegalArgumentException tooLong(int recordLine) {
        return new IllegalArgumentException(at(recordLine) + ": a record longer than " + maxRecord
                + " bytes, the most one record may hold");
    }

    /**
     * Finds the fields of the record at {@link #pos} without changing a byte; false when it runs
     * into the end of the buffer before the end of the input (the caller fills and calls again).
     * Once the record is whole, its quoted fields are unescaped in place. Line ends are {@code \n},
     * {@code \r\n} and {@code \r}; a quote opens a quoted field only at the field's start.
     */
    private boolean parse() {
        line++;
        recordLine = line;
        fields = 0;
        quotedRecord = false;
        byte[] d = data;
        int start = pos;
        int r = start;
        int contentEnd;
        while (true) {
            int field = r;
            int close = -1;
            if (r < end && d[r] == '"') {
                quotedRecord = true;
                int q = r + 1;
                while (true) {
                    if (q >= end) {
                        if (!eof) {
                            return false;
                        }
                        throw new IllegalArgumentException(at(recordLine) + ": unterminated quoted field");
                    }
                    byte b = d[q++];
                    if (b == '"') {
                        if (q >= end && !eof) {
                            return false;
                        }
                        if (q < end && d[q] == '"') {
                            q++;
                            continue;
                        }
                        break;
                    }
                    if (b == '\n') {
                        line++;
                    } else if (b == '\r') {
                        line++;
                        if (q >= end && !eof) {
                            return false;
                        }
                        if (q < end && d[q] == '\n') {
                            q++;
                        }
                    }
                }
                close = q - 1;
                r = fieldEnd(q);
            } else {
                r = fieldEnd(r);
            }
            addField(field, r, close);
            if (r >= end) {
                if (!eof) {
                    return false;
                }
                contentEnd = end;
                pos = end;
                break;
            }
            byte b = d[r];
            if (b != '\n' && b != '\r') {
                r += separator.length;
                continue;
            }
            contentEnd = r;
            r++;
            if (b == '\r') {
                if (r >= end && !eof) {
                    return false;
                }
                if (r < end && d[r] == '\n') {
                    r++;
                }
            }
            pos = r;
            break;
        }
        if (contentEnd - start > maxRecord) {
            throw tooLong(recordLine);
        }
        if (quotedRecord) {
            unescape();
        }
        return true;
    }

    /**
     * The first index from {@code r} holding the separator (whole) or a line break, or {@link #end}
     * (also when only the start of a longer separator fits before it).
     */
    private int fieldEnd(int r) {
        long sep = ONES * (separator0 & 0xFF);
        long nl = ONES * '\n';
        long cr = ONES * '\r';
        while (true) {
            int at = end;
            while (r + 8 <= end) {
                long w = (long) LONG.get(data, r);
                long x = w ^ sep;
                long y = w ^ nl;
                long z = w ^ cr;
                long m = ((x - ONES) & ~x) | ((y - ONES) & ~y) | ((z - ONES) & ~z);
                m &= HIGHS;
                if (m != 0) {
                    at = r + (Long.numberOfTrailingZeros(m) >>> 3);
                    break;
                }
                r += 8;
            }
            if (at == end) {
                at = r;
                while (at < end) {
                    byte b = data[at];
                    if (b == separator0 || b == '\n' || b == '\r') {
                        break;
                    }
                    at++;
                }
            }
            if (at == end || separator.length == 1 || data[at] == '\n' || data[at] == '\r') {
                return at;
            }
            if (at + separator.length > end) {
                return end;
            }
            if (startsAt(separator, at, end)) {
                return at;
            }
            r = at + 1;
        }
    }

    /** Unescapes the quoted fields of the current record in place, line breaks inside them read as {@code \n}. */
    private void unescape() {
        byte[] d = data;
        for (int f = 0; f < fields; f++) {
            int close = closingQuote[f];
            if (close < 0) {
                continue;
            }
            int w = fieldStart[f];
            int r = w + 1;
            while (r < close) {
                byte b = d[r++];
                if (b == '"') {
                    r++; // the second of a doubled quote
                } else if (b == '\r') {
                    b = '\n';
                    if (r < close && d[r] == '\n') {
                        r++;
                    }
                }
                d[w++] = b;
            }
            // after the closing quote, anything up to the separator is kept as it is
            for (r = close + 1; r < fieldEnd[f]; r++) {
                d[w++] = d[r];
            }
            fieldEnd[f] = w;
        }
    }

    private void addField(int from, int to, int close) {
        if (fields == fieldStart.length) {
            fieldStart = Arrays.copyOf(fieldStart, fields * 2);
            fieldEnd = Arrays.copyOf(fieldEnd, fields * 2);
            closingQuote = Arrays.copyOf(closingQuote, fields * 2);
        }
        fieldStart[fields] = from;
        fieldEnd[fields] = to;
        closingQuote[fields] = close;
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
