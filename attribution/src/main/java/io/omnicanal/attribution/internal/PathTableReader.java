package io.omnicanal.attribution.internal;

import io.omnicanal.attribution.Dimension;
import io.omnicanal.attribution.PathTableFormat;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Reads a ChannelAttribution-style aggregated path table (RFC 4180 CSV with a header) straight
 * into path columns.
 *
 * <p>Design note: a table of a million rows holds some ten million path steps but only a handful
 * of distinct step names, so the cost is in the per-step work. The reader parses records in place
 * in one reused char buffer (quoted fields are unescaped in place, as unescaping only shrinks
 * them), cuts the path field at the path separator, trims each step and looks it up by hashing the
 * char range in an open-addressing table of step ids: no {@code String} is made per line, per
 * field or per step, only one per distinct step name. Numbers in plain decimal notation with at
 * most 15 digits and at most 22 after the point are parsed as {@code m / 10^k} with both operands
 * exact, which IEEE division rounds correctly, so the result is the same double as
 * {@link Double#parseDouble}; anything else (exponents, more digits, NaN) goes to
 * {@code Double.parseDouble}. Line terminators are {@code \n}, {@code \r\n} and {@code \r}, as
 * for {@link java.io.BufferedReader#readLine()}; blank lines are skipped; a quoted field may span
 * lines (its line breaks read as {@code \n}). Not thread-safe; one instance reads one table.
 */
public final class PathTableReader {
    private final Reader in;
    private final char separator;
    private char[] buf = new char[1 << 16];
    private int pos;
    private int limit;
    private boolean eof;
    private boolean afterCr;
    private int line;
    private int recordLine;
    private int[] fieldStart = new int[8];
    private int[] fieldEnd = new int[8];
    private int fields;
    private boolean quotedRecord;

    private PathTableReader(Reader in, char separator) {
        this.in = in;
        this.separator = separator;
    }

    /**
     * Reads the whole table.
     *
     * @throws IllegalArgumentException naming the line and column on a malformed row, a missing
     *     column, or an empty table
     */
    public static PathData read(Reader in, PathTableFormat format) {
        Objects.requireNonNull(in, "in");
        Objects.requireNonNull(format, "format");
        try {
            return new PathTableReader(in, format.separator()).table(format);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private PathData table(PathTableFormat format) throws IOException {
        if (!next()) {
            throw new IllegalArgumentException("line 1: empty input, expected a header with \"" + format.pathColumn() + "\"");
        }
        int headerFields = fields;
        Map<String, Integer> columns = new HashMap<>();
        for (int i = 0; i < fields; i++) {
            String name = field(i).trim();
            columns.put(i == 0 && name.startsWith("\uFEFF") ? name.substring(1) : name, i);
        }
        int path = column(columns, format.pathColumn(), true);
        int conv = column(columns, format.conversionsColumn(), true);
        int value = format.valueColumn().isEmpty() ? -1 : column(columns, format.valueColumn(), false);
        int nulls = format.nullsColumn().isEmpty() ? -1 : column(columns, format.nullsColumn(), false);
        PathAssembler out = new PathAssembler(List.of(Dimension.CHANNEL), format.directChannel(), false);
        int group = out.group("");
        StepNames names = new StepNames(out);
        char[] pathSeparator = format.pathSeparator().toCharArray();
        char sepFirst = pathSeparator[0];
        int[] ids = new int[32];
        boolean any = false;
        while (next()) {
            if (fields != headerFields) {
                throw new IllegalArgumentException("line " + recordLine + ": " + fields + " fields, the header has "
                        + headerFields);
            }
            int length = 0;
            int i = fieldStart[path];
            int end = fieldEnd[path];
            while (true) {
                // one step, up to the next separator: trimmed and hashed in the same pass
                int a = -1;
                int z = -1;
                int h = 0;
                int hash = 0;
                int cut = -1;
                for (; i < end; i++) {
                    char ch = buf[i];
                    if (ch == sepFirst && separatorAt(pathSeparator, i, end)) {
                        cut = i;
                        break;
                    }
                    if (ch > ' ') {
                        if (a < 0) {
                            a = i;
                        }
                        h = 31 * h + ch;
                        hash = h;
                        z = i + 1;
                    } else if (a >= 0) {
                        h = 31 * h + ch;
                    }
                }
                if (a < 0) {
                    throw new IllegalArgumentException("line " + recordLine + ", column \"" + format.pathColumn()
                            + "\": empty step in path \"" + field(path) + "\"");
                }
                if (blank(a, z)) {
                    throw new IllegalArgumentException("line " + recordLine + ": path[" + length
                            + "] must not be blank, was \"" + new String(buf, a, z - a) + "\"");
                }
                if (length == ids.length) {
                    ids = Arrays.copyOf(ids, length * 2);
                }
                ids[length++] = names.id(buf, a, z, hash);
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
                throw new IllegalArgumentException("line " + recordLine + ": " + e.getMessage(), e);
            }
            out.add(ids, null, length, c, v, n, group);
            any = true;
        }
        if (!any) {
            throw new IllegalArgumentException("paths: empty data set, the table has a header but no row");
        }
        return out.build();
    }

    private static int column(Map<String, Integer> columns, String name, boolean required) {
        Integer i = columns.get(name);
        if (i == null && required) {
            throw new IllegalArgumentException("line 1: missing column \"" + name + "\", found " + columns.keySet());
        }
        return i == null ? -1 : i;
    }

    private String field(int i) {
        return new String(buf, fieldStart[i], fieldEnd[i] - fieldStart[i]);
    }

    private boolean blank(int from, int to) {
        for (int i = from; i < to; i++) {
            if (!Character.isWhitespace(buf[i])) {
                return false;
            }
        }
        return true;
    }

    /** Whether {@code sep} starts at {@code buf[i]} and ends by {@code to}. */
    private boolean separatorAt(char[] sep, int i, int to) {
        if (i + sep.length > to) {
            return false;
        }
        for (int k = 1; k < sep.length; k++) {
            if (buf[i + k] != sep[k]) {
                return false;
            }
        }
        return true;
    }

    /** Field {@code i} as a double, trimmed, naming the line and column when it is no number. */
    private double number(int i, String column) {
        int a = fieldStart[i];
        int z = fieldEnd[i];
        while (a < z && buf[a] <= ' ') {
            a++;
        }
        while (z > a && buf[z - 1] <= ' ') {
            z--;
        }
        double fast = Decimals.plain(buf, a, z);
        if (!Double.isNaN(fast)) {
            return fast;
        }
        String text = new String(buf, a, z - a);
        try {
            return Double.parseDouble(text);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("line " + recordLine + ", column \"" + column + "\": not a number: \""
                    + text + "\"", e);
        }
    }

    /** Reads the next non-blank record into {@link #fieldStart}/{@link #fieldEnd}; false at end of input. */
    private boolean next() throws IOException {
        while (record()) {
            if (fields > 1 || quotedRecord || (fieldEnd[0] > fieldStart[0] && !blank(fieldStart[0], fieldEnd[0]))) {
                return true;
            }
        }
        return false;
    }

    /**
     * Parses one record in place: fields are unescaped into the buffer ({@code w <= r}) and their
     * bounds recorded. False at end of input.
     */
    private boolean record() throws IOException {
        if (pos == limit && !fill(pos)) {
            return false;
        }
        if (afterCr) {
            afterCr = false;
            if (buf[pos] == '\n') {
                pos++;
                if (pos == limit && !fill(pos)) {
                    return false;
                }
            }
        }
        line++;
        recordLine = line;
        fields = 0;
        quotedRecord = false;
        int start = pos;
        int r = pos;
        int w = pos;
        int field = w;
        boolean quoted = false;
        boolean closing = false; // just saw a quote inside a quoted field: "" or the end of quoting
        boolean crInQuote = false;
        while (true) {
            if (r == limit) {
                int shift = start;
                if (!fill(start)) {
                    r -= shift;
                    w -= shift;
                    field -= shift;
                    if (quoted) {
                        throw new IllegalArgumentException("line " + recordLine + ": unterminated quoted field");
                    }
                    addField(field, w);
                    pos = r;
                    return true;
                }
                r -= shift;
                w -= shift;
                field -= shift;
                start = 0;
            }
            if (w == r && !quoted && !closing) {
                // nothing unescaped so far: skip plain chars without copying them onto themselves
                while (r < limit) {
                    char p = buf[r];
                    if (p == separator || p == '\n' || p == '\r' || p == '"') {
                        break;
                    }
                    r++;
                }
                w = r;
                if (r == limit) {
                    continue;
                }
            }
            char c = buf[r++];
            if (quoted) {
                if (crInQuote) {
                    crInQuote = false;
                    if (c == '\n') {
                        continue;
                    }
                }
                if (c == '"') {
                    quoted = false;
                    closing = true;
                } else if (c == '\n' || c == '\r') {
                    line++;
                    crInQuote = c == '\r';
                    buf[w++] = '\n';
                } else {
                    buf[w++] = c;
                }
                continue;
            }
            if (closing) {
                closing = false;
                if (c == '"') {
                    buf[w++] = '"';
                    quoted = true;
                    continue;
                }
            }
            if (c == separator) {
                addField(field, w);
                field = w;
            } else if (c == '\n' || c == '\r') {
                addField(field, w);
                afterCr = c == '\r';
                pos = r;
                return true;
            } else if (c == '"' && w == field) {
                quoted = true;
                quotedRecord = true;
            } else {
                buf[w++] = c;
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
     * Moves {@code buf[keep, limit)} (with the fields recorded from {@code keep}) to the front and
     * reads more, growing the buffer when the record fills it; false when the input is exhausted.
     */
    private boolean fill(int keep) throws IOException {
        int kept = limit - keep;
        if (keep > 0) {
            System.arraycopy(buf, keep, buf, 0, kept);
            for (int i = 0; i < fields; i++) {
                fieldStart[i] -= keep;
                fieldEnd[i] -= keep;
            }
        } else if (kept == buf.length) {
            buf = Arrays.copyOf(buf, buf.length * 2);
        }
        pos -= Math.min(pos, keep);
        limit = kept;
        if (eof) {
            return false;
        }
        int n = in.read(buf, limit, buf.length - limit);
        while (n == 0) {
            n = in.read(buf, limit, buf.length - limit);
        }
        if (n < 0) {
            eof = true;
            return false;
        }
        limit += n;
        return true;
    }

    /**
     * Step names to assembler ids by hashing char ranges: a {@code String} is made only for a
     * name not seen before.
     */
    private static final class StepNames {
        private final PathAssembler out;
        private int[] slots = new int[64]; // id + 1, 0 for empty
        private int[] hashes = new int[64];
        private char[][] chars = new char[64][];
        private int size;

        StepNames(PathAssembler out) {
            this.out = out;
        }

        /** The id of {@code b[from, to)}, whose {@code String.hashCode}-style hash is {@code h}. */
        int id(char[] b, int from, int to, int h) {
            int mask = slots.length - 1;
            int slot = mix(h) & mask;
            while (slots[slot] != 0) {
                if (hashes[slot] == h && same(chars[slot], b, from, to)) {
                    return slots[slot] - 1;
                }
                slot = (slot + 1) & mask;
            }
            int id = out.intern(new String(b, from, to - from));
            slots[slot] = id + 1;
            hashes[slot] = h;
            chars[slot] = Arrays.copyOfRange(b, from, to);
            if (++size * 2 > slots.length) {
                grow();
            }
            return id;
        }

        // names are short: a plain loop beats Arrays.equals' vectorised mismatch here (measured: the
        // mismatch call was the reader's top frame in a JFR profile)
        private static boolean same(char[] name, char[] b, int from, int to) {
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
            char[][] oldChars = chars;
            slots = new int[oldSlots.length * 2];
            hashes = new int[oldSlots.length * 2];
            chars = new char[oldSlots.length * 2][];
            int mask = slots.length - 1;
            for (int i = 0; i < oldSlots.length; i++) {
                if (oldSlots[i] != 0) {
                    int slot = mix(oldHashes[i]) & mask;
                    while (slots[slot] != 0) {
                        slot = (slot + 1) & mask;
                    }
                    slots[slot] = oldSlots[i];
                    hashes[slot] = oldHashes[i];
                    chars[slot] = oldChars[i];
                }
            }
        }
    }
}
