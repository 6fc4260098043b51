package io.omnicanal.attribution;

import io.omnicanal.attribution.internal.Bridge;
import io.omnicanal.attribution.internal.ByteSource;
import io.omnicanal.attribution.internal.PathTableBytes;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.regex.Pattern;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The aggregated-table reader (one streamed byte parser for files, streams and {@code Reader}s,
 * steps interned from byte ranges, a fast decimal parse) against a reference written here: the
 * whole text cut into records by a plain RFC 4180 loop over the string, paths split with
 * {@code String.split}, numbers read by {@link Double#parseDouble}, rows added through
 * {@link PathTable#builder()}. Tables mix quoted fields (separators, doubled quotes and line breaks
 * inside), CRLF and LF, blank lines, one- to three-byte separators and many number spellings, and
 * are fed a few chars or bytes a read, into buffers as small as 16 bytes, so records straddle every
 * buffer boundary.
 */
class PathTableReaderProperties {
    private static final List<String> NAMES = List.of("search", "email", "direct", "display ads", "İstanbul kiosk",
            "naïve", "a,b", "say \"hi\"", "two\nlines", "x>y", "tab\there", "  padded  ", "ünicode-ß");

    @Property(tries = 120)
    void readerMatchesTheReference(@ForAll long seed, @ForAll @IntRange(min = 1, max = 60) int rows,
                                   @ForAll @IntRange(min = 1, max = 97) int chunk) {
        SplittableRandom rnd = new SplittableRandom(seed);
        char sep = ",;\t\u00A7\u20AC".charAt(rnd.nextInt(5)); // two- and three-byte separators too
        String pathSep = List.of(" > ", "|", ">", "\u2192").get(rnd.nextInt(4));
        boolean crlf = rnd.nextBoolean();
        String eol = crlf ? "\r\n" : "\n";
        StringBuilder text = new StringBuilder();
        if (rnd.nextInt(4) == 0) {
            text.append('\uFEFF');
        }
        text.append(String.join(String.valueOf(sep), "path", "total_conversions", "total_conversion_value",
                "total_null", "extra")).append(eol);
        for (int r = 0; r < rows; r++) {
            if (rnd.nextInt(8) == 0) {
                text.append(rnd.nextBoolean() ? "" : "   ").append(eol); // blank lines are skipped
            }
            int length = 1 + rnd.nextInt(6);
            List<String> steps = new ArrayList<>();
            for (int i = 0; i < length; i++) {
                steps.add(NAMES.get(rnd.nextInt(NAMES.size())));
            }
            String path = String.join(pathSep, steps);
            int conversions = rnd.nextInt(4) == 0 ? 0 : rnd.nextInt(5);
            String conv = spell(rnd, conversions);
            String value = conversions == 0 ? (rnd.nextBoolean() ? "0" : "0.0") : spell(rnd, 1 + rnd.nextInt(1000)
                    + rnd.nextInt(1000) / 1000.0);
            String nulls = spell(rnd, rnd.nextInt(50));
            text.append(quote(path, sep, rnd)).append(sep).append(conv).append(sep).append(value).append(sep)
                    .append(nulls).append(sep).append(quote("note " + r, sep, rnd));
            if (r < rows - 1 || rnd.nextBoolean()) {
                text.append(eol);
            }
        }
        PathTableFormat format = PathTableFormat.builder().separator(sep).pathSeparator(pathSep).build();
        PathTable actual = AttributionReaders.pathTable(new Trickle(text.toString(), chunk), format);
        PathTable expected = reference(text.toString(), sep, pathSep);
        sameTable(actual, expected);
        byte[] bytes = text.toString().getBytes(UTF_8);
        sameTable(AttributionReaders.pathTable(new ByteArrayInputStream(bytes), format), expected);
        // a buffer of 16 to 80 bytes fed a few bytes a read: records straddle every refill and
        // longer ones grow the buffer
        int buffer = 16 + rnd.nextInt(65);
        sameTable(Bridge.table(PathTableBytes.table(ByteSource.of(new TrickleBytes(bytes, chunk)), format, null,
                -1, buffer, 1 << 20)), expected);
        // Markov order 1 counted while reading: the credits of Markov order 1 on the table, bit for bit
        AttributionModel markov = AttributionModel.markov(1);
        Credits onTable;
        try {
            onTable = markov.attribute(expected);
        } catch (IllegalArgumentException e) {
            assertThatThrownBy(() -> AttributionReaders.attribute(markov, new ByteArrayInputStream(bytes), format))
                    .hasMessage(e.getMessage());
            return;
        }
        assertThat(AttributionReaders.attribute(markov, new ByteArrayInputStream(bytes), format)).isEqualTo(onTable);
        assertThat(AttributionReaders.attribute(markov, new Trickle(text.toString(), chunk), format))
                .isEqualTo(onTable);
        assertThat(AttributionReaders.attribute(AttributionModel.linear(), new StringReader(text.toString()), format))
                .isEqualTo(AttributionModel.linear().attribute(expected));
    }

    static void sameTable(PathTable actual, PathTable expected) {
        assertThat(actual.size()).isEqualTo(expected.size());
        for (int r = 0; r < expected.size(); r++) {
            assertThat(actual.pathString(r, "\u0001")).isEqualTo(expected.pathString(r, "\u0001"));
            assertThat(actual.conversions(r)).isEqualTo(expected.conversions(r));
            assertThat(actual.conversionValue(r)).isEqualTo(expected.conversionValue(r));
            assertThat(actual.nulls(r)).isEqualTo(expected.nulls(r));
        }
        assertThat(actual.values()).isEqualTo(expected.values());
    }

    /** Both forms: through a {@code Reader} on the text, and from its UTF-8 bytes as a stream. */
    static List<PathTable> readBoth(String text, PathTableFormat format) {
        return List.of(AttributionReaders.pathTable(new StringReader(text), format),
                AttributionReaders.pathTable(new ByteArrayInputStream(text.getBytes(UTF_8)), format));
    }

    /** Any plain decimal reads as {@link Double#parseDouble} reads it, to the last bit. */
    @Property(tries = 400)
    void decimalsReadExactlyAsParseDouble(@ForAll long unscaled, @ForAll @IntRange(min = 0, max = 30) int scale) {
        String text = BigDecimal.valueOf(Math.abs(unscaled % 10_000_000_000_000_000L)).movePointLeft(scale)
                .toPlainString();
        for (PathTable t : readBoth("path,total_conversions,total_null\na," + text + "," + text + "\n",
                PathTableFormat.builder().valueColumn("").build())) {
            assertThat(t.conversions(0)).isEqualTo(Double.parseDouble(text));
            assertThat(t.nulls(0)).isEqualTo(Double.parseDouble(text));
        }
    }

    @Test
    void aRecordLongerThanTheBufferAndOtherSpellings() {
        StringBuilder path = new StringBuilder("start");
        for (int i = 0; i < 30_000; i++) {
            path.append(" > s").append(i % 7);
        }
        String text = "path,total_conversions,total_conversion_value,total_null\r\n" + path + ",1e0,2.5E1,+3\r"
                + "\"q\"\"uoted\",00012.50,.5,1.\n";
        PathTable t = AttributionReaders.pathTable(new Trickle(text, 4096), PathTableFormat.defaults());
        sameTable(AttributionReaders.pathTable(new ByteArrayInputStream(text.getBytes(UTF_8)),
                PathTableFormat.defaults()), t);
        assertThat(t.size()).isEqualTo(2);
        assertThat(t.pathLength(0)).isEqualTo(30_001);
        assertThat(t.conversionValue(0)).isEqualTo(25.0);
        assertThat(t.nulls(0)).isEqualTo(3.0);
        assertThat(t.pathString(1, ">")).isEqualTo("q\"uoted");
        assertThat(t.conversions(1)).isEqualTo(12.5);
        assertThat(t.conversionValue(1)).isEqualTo(0.5);
        assertThat(t.nulls(1)).isEqualTo(1.0);
    }

    @Test
    void malformedRowsNameTheLineAndColumnInBothReaders() {
        PathTableFormat f = PathTableFormat.defaults();
        assertThatThrownBy(() -> both(
                "path,total_conversions\na,1\n\nb,x1\n", f))
                .hasMessage("line 4, column \"total_conversions\": not a number: \"x1\"");
        assertThatThrownBy(() -> both(
                "path,total_conversions\n\"a\nb\",1\n > c,1\n", f))
                .hasMessage("line 4, column \"path\": empty step in path \" > c\"");
        assertThatThrownBy(() -> both(
                "path,total_conversions\n\"a,1\n", f))
                .hasMessage("line 2: unterminated quoted field");
        assertThatThrownBy(() -> both(
                "path,total_conversions\na,NaN\n", f))
                .hasMessageContaining("line 2").hasMessageContaining("conversions").hasMessageContaining("NaN");
        assertThatThrownBy(() -> both(
                "path,total_conversions,total_conversion_value\na,0,5\n", f))
                .hasMessage("line 2: value must be 0 when conversions are 0, was 5.0");
        assertThatThrownBy(() -> both(
                "path,total_conversions\na > \u2003 > b,1\n", f))
                .hasMessage("line 2: path[1] must not be blank, was \"\u2003\"");
        assertThatThrownBy(() -> both((""), f))
                .hasMessageContaining("line 1: empty input");
    }

    /** Reads in both forms; they must fail alike, and the {@code Reader} form's failure is thrown. */
    private static PathTable both(String text, PathTableFormat f) {
        Throwable bytes = null;
        try {
            AttributionReaders.pathTable(new ByteArrayInputStream(text.getBytes(UTF_8)), f);
        } catch (IllegalArgumentException e) {
            bytes = e;
        }
        try {
            PathTable t = AttributionReaders.pathTable(new StringReader(text), f);
            assertThat(bytes).isNull();
            return t;
        } catch (IllegalArgumentException e) {
            assertThat(bytes).isNotNull().hasMessage(e.getMessage());
            throw e;
        }
    }

    @Test
    void malformedUtf8IsRefusedNamingTheLineColumnAndByte(@TempDir Path dir) throws IOException {
        PathTableFormat f = PathTableFormat.defaults();
        byte[] ok = "path,total_conversions,note\na > b,1,x\n".getBytes(UTF_8);
        assertThat(bytes(ok, f).size()).isEqualTo(1);
        // a lone continuation byte in a new step name
        assertThatThrownBy(() -> bytes(concat("path,total_conversions\na > b", new byte[] {(byte) 0x80}, ",1\n"), f))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("line 2, column \"path\": malformed UTF-8 (byte 0x80 at offset 1) in \"b\uFFFD\"");
        // an overlong '/' (C0 AF), a surrogate (ED A0 80), beyond U+10FFFF (F4 90 80 80), truncated (E2 82)
        for (byte[] bad : List.of(new byte[] {(byte) 0xC0, (byte) 0xAF}, new byte[] {(byte) 0xED, (byte) 0xA0,
                (byte) 0x80}, new byte[] {(byte) 0xF4, (byte) 0x90, (byte) 0x80, (byte) 0x80},
                new byte[] {'x', (byte) 0xE2, (byte) 0x82})) {
            assertThatThrownBy(() -> bytes(concat("path,total_conversions\nok,1\nz", bad, ",1\n"), f))
                    .hasMessageStartingWith("line 3, column \"path\": malformed UTF-8 (byte 0x");
        }
        // in a column the table does not read, and in the header
        assertThatThrownBy(() -> bytes(concat("path,total_conversions,note\na,1,", new byte[] {(byte) 0xFF}, "\n"), f))
                .hasMessageStartingWith("line 2, column \"column 2\": malformed UTF-8 (byte 0xFF at offset 0)");
        assertThatThrownBy(() -> bytes(concat("path,total_conversions,n", new byte[] {(byte) 0xC3}, "\na,1,x\n"), f))
                .hasMessageStartingWith("line 1, column \"header\": malformed UTF-8 (byte 0xC3 at offset 1)");
        // in a number: no number
        assertThatThrownBy(() -> bytes(concat("path,total_conversions\na,1", new byte[] {(byte) 0xC3, (byte) 0xA9},
                "\n"), f)).hasMessage("line 2, column \"total_conversions\": not a number: \"1\u00E9\"");
        // valid multi-byte names of every length read as through a Reader
        String names = "path,total_conversions\n\u00E9t\u00E9 > \u20AC > \uD83D\uDE00 > \u0130stanbul,1\n";
        sameTable(bytes(names.getBytes(UTF_8), f), AttributionReaders.pathTable(new StringReader(names), f));
        // a file's name comes first
        Path file = dir.resolve("paths.csv");
        Files.write(file, concat("path,total_conversions\na,1\nb,", new byte[] {'x'}, "\n"));
        assertThatThrownBy(() -> AttributionReaders.pathTable(file, f))
                .hasMessage("paths.csv: line 3, column \"total_conversions\": not a number: \"x\"");
        assertThatThrownBy(() -> AttributionReaders.pathTable(dir.resolve("missing.csv"), f))
                .isInstanceOf(UncheckedIOException.class).hasMessageContaining("missing.csv");
        // a separator of two or three bytes
        for (char sep : new char[] {'\u00A7', '\u20AC'}) {
            Files.writeString(file, "path" + sep + "total_conversions\n\"a" + sep + "b\" > c" + sep + "2\n");
            PathTable t = AttributionReaders.pathTable(file, PathTableFormat.builder().separator(sep).build());
            assertThat(t.pathString(0, "|")).isEqualTo("a" + sep + "b|c");
            assertThat(t.conversions(0)).isEqualTo(2.0);
        }
        assertThatThrownBy(() -> PathTableFormat.builder().separator('\uD800'))
                .hasMessage("separator must not be a surrogate, was U+D800");
        assertThatThrownBy(() -> PathTableFormat.builder().pathSeparator("\uD800"))
                .hasMessage("pathSeparator must not hold an unpaired surrogate, was U+D800 at index 0");
        assertThatThrownBy(() -> PathTableFormat.builder().pathSeparator(" >\uDE00"))
                .hasMessage("pathSeparator must not hold an unpaired surrogate, was U+DE00 at index 2");
        String emoji = " \uD83D\uDE00 "; // a pair is one character, four UTF-8 bytes
        Files.writeString(file, "path,total_conversions\na" + emoji + "b,3\n");
        PathTable t = AttributionReaders.pathTable(file, PathTableFormat.builder().pathSeparator(emoji).build());
        assertThat(t.pathString(0, "|")).isEqualTo("a|b");
    }

    @Test
    void unpairedSurrogatesInTextAreRefusedNamingTheLineAndColumn() {
        PathTableFormat f = PathTableFormat.defaults();
        assertThatThrownBy(() -> AttributionReaders.pathTable(new StringReader("path,total_conversions\na,1\nb > x\uD83D,1\n"), f))
                .hasMessage("line 3, column \"path\": unpaired surrogate U+D83D in \"x\uFFFD\"");
        assertThatThrownBy(() -> AttributionReaders.pathTable(new StringReader("path,total_conversions,note\na,1,\uDE00\n"), f))
                .hasMessageStartingWith("line 2, column \"column 2\": unpaired surrogate U+DE00");
        // a pair split across two reads of the Reader is one character
        String pair = "path,total_conversions\n" + "x".repeat(8190) + "\uD83D\uDE00,1\n";
        assertThat(AttributionReaders.pathTable(new Trickle(pair, 8192 + 23), f).values())
                .containsExactly("x".repeat(8190) + "\uD83D\uDE00");
    }

    @Test
    void aRecordOverTheLimitFailsNamingItsLineAndTheLimit() {
        PathTableFormat f = PathTableFormat.defaults();
        String text = "path,total_conversions\nshort,1\n" + "a > ".repeat(40) + "b,1\nc,2\n";
        byte[] b = text.getBytes(UTF_8);
        // up to the limit the buffer grows; a limit below the record fails on line 3
        PathTable whole = Bridge.table(PathTableBytes.table(ByteSource.of(new ByteArrayInputStream(b)), f, null, -1,
                16, 256));
        assertThat(whole.size()).isEqualTo(3);
        assertThat(whole.pathLength(1)).isEqualTo(41);
        assertThatThrownBy(() -> PathTableBytes.table(ByteSource.of(new ByteArrayInputStream(b)), f, "t.csv", -1,
                16, 128)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("t.csv: line 3: a record longer than 128 bytes, the most one record may hold");
    }

    /**
     * The record-size limit is exact, whatever the buffer, the read sizes and the line end: a
     * record of exactly the limit's bytes (its line end not counted; a two-byte {@code é} counts
     * two, quotes count) reads, one byte more fails naming its line and the limit, from a stream
     * and from a {@code Reader}.
     */
    @Property(tries = 200)
    void aRecordOfExactlyTheLimitReadsAndOneByteMoreFails(@ForAll @IntRange(min = 32, max = 96) int limit,
                                                           @ForAll @IntRange(min = 16, max = 96) int buffer,
                                                           @ForAll @IntRange(min = 1, max = 40) int chunk,
                                                           @ForAll @IntRange(min = 0, max = 3) int lineEnd,
                                                           @ForAll boolean quoted, @ForAll boolean reader) {
        int buf = Math.min(buffer, limit);
        String end = List.of("\n", "\r\n", "\r", "").get(lineEnd);
        PathTableFormat f = PathTableFormat.defaults();
        for (int extra = 0; extra <= 1; extra++) {
            // the long record: [quote] é x...x [quote] ,1 -- limit + extra bytes
            int nameBytes = limit + extra - 2 - (quoted ? 2 : 0);
            String name = "\u00e9" + "x".repeat(nameBytes - 2);
            String record = (quoted ? "\"" + name + "\"" : name) + ",1";
            assertThat(record.getBytes(UTF_8)).hasSize(limit + extra);
            String text = "path,total_conversions\nshort,1\n" + record + (end.isEmpty() ? "" : end + "c,2" + end);
            ByteSource in = reader ? ByteSource.utf8(new Trickle(text, chunk))
                    : ByteSource.of(new TrickleBytes(text.getBytes(UTF_8), chunk));
            if (extra == 0) {
                PathTable t = Bridge.table(PathTableBytes.table(in, f, "t.csv", -1, buf, limit));
                assertThat(t.values()).contains(name, "short");
                assertThat(t.size()).isEqualTo(end.isEmpty() ? 2 : 3);
            } else {
                assertThatThrownBy(() -> PathTableBytes.table(in, f, "t.csv", -1, buf, limit))
                        .isInstanceOf(IllegalArgumentException.class)
                        .hasMessage("t.csv: line 3: a record longer than " + limit
                                + " bytes, the most one record may hold");
            }
        }
    }

    /**
     * A valid file truncated, or with bytes overwritten at random, reads to a table or fails with
     * an {@link IllegalArgumentException} naming the file and a line, never another exception; where
     * the damaged bytes are still valid UTF-8, the file reads as its decoded text through a {@code Reader}.
     */
    @Property(tries = 300)
    void corruptFilesFailCleanly(@ForAll long seed) throws IOException {
        SplittableRandom rnd = new SplittableRandom(seed);
        StringBuilder text = new StringBuilder("path,total_conversions,total_conversion_value,total_null\n");
        for (int r = 0; r < 20; r++) {
            text.append(quote(NAMES.get(rnd.nextInt(NAMES.size())) + " > " + NAMES.get(rnd.nextInt(NAMES.size())), ',',
                    rnd)).append(',').append(r % 3).append(',').append(r % 3 * 10.5).append(',').append(r).append('\n');
        }
        byte[] b = text.toString().getBytes(UTF_8);
        if (rnd.nextBoolean()) {
            b = Arrays.copyOf(b, rnd.nextInt(b.length));
        } else {
            for (int k = 1 + rnd.nextInt(4); k > 0; k--) {
                b[rnd.nextInt(b.length)] = (byte) rnd.nextInt(256);
            }
        }
        Path file = Files.createTempFile("corrupt", ".csv");
        try {
            Files.write(file, b);
            PathTable fromBytes;
            try {
                fromBytes = AttributionReaders.pathTable(file, PathTableFormat.defaults());
            } catch (IllegalArgumentException e) {
                assertThat(e.getMessage()).startsWith(file.getFileName() + ": ");
                return;
            }
            boolean valid = UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(b)) != null;
            if (valid) {
                sameTable(fromBytes, AttributionReaders.pathTable(new StringReader(new String(b, UTF_8)),
                        PathTableFormat.defaults()));
            }
        } catch (CharacterCodingException notUtf8) {
            throw new AssertionError("the byte reader accepted malformed UTF-8", notUtf8);
        } finally {
            Files.delete(file);
        }
    }

    private static PathTable bytes(byte[] b, PathTableFormat f) {
        return AttributionReaders.pathTable(new ByteArrayInputStream(b), f);
    }

    private static byte[] concat(String before, byte[] middle, String after) {
        byte[] a = before.getBytes(UTF_8);
        byte[] c = after.getBytes(UTF_8);
        byte[] out = Arrays.copyOf(a, a.length + middle.length + c.length);
        System.arraycopy(middle, 0, out, a.length, middle.length);
        System.arraycopy(c, 0, out, a.length + middle.length, c.length);
        return out;
    }

    private static String spell(SplittableRandom rnd, double v) {
        return switch (rnd.nextInt(6)) {
            case 0 -> Double.toString(v);
            case 1 -> String.format(Locale.ROOT, "%.3f", v);
            case 2 -> String.format(Locale.ROOT, "%e", v);
            case 3 -> " " + BigDecimal.valueOf(v).toPlainString() + " ";
            case 4 -> "0000" + BigDecimal.valueOf(v).toPlainString();
            default -> BigDecimal.valueOf(v).add(new BigDecimal("0.00000000000000000000001")).toPlainString();
        };
    }

    private static String quote(String field, char sep, SplittableRandom rnd) {
        boolean needs = field.indexOf(sep) >= 0 || field.indexOf('"') >= 0 || field.indexOf('\n') >= 0;
        return needs || rnd.nextInt(5) == 0 ? '"' + field.replace("\"", "\"\"") + '"' : field;
    }

    /** The reference: RFC 4180 records from the whole string, then the public builder. */
    static PathTable reference(String text, char sep, String pathSep) {
        List<List<String>> records = new ArrayList<>();
        List<String> record = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        boolean quoted = false;
        boolean any = false;
        String s = text.replace("\r\n", "\n");
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (quoted) {
                if (c == '"' && i + 1 < s.length() && s.charAt(i + 1) == '"') {
                    field.append('"');
                    i++;
                } else if (c == '"') {
                    quoted = false;
                } else {
                    field.append(c);
                }
            } else if (c == '"' && field.length() == 0) {
                quoted = true;
                any = true;
            } else if (c == sep) {
                record.add(field.toString());
                field.setLength(0);
            } else if (c == '\n') {
                record.add(field.toString());
                if (record.size() > 1 || any || !record.get(0).isBlank()) {
                    records.add(record);
                }
                record = new ArrayList<>();
                field.setLength(0);
                any = false;
            } else {
                field.append(c);
            }
        }
        record.add(field.toString());
        if (record.size() > 1 || any || !record.get(0).isBlank()) {
            records.add(record);
        }
        PathTable.Builder b = PathTable.builder();
        for (List<String> r : records.subList(1, records.size())) {
            List<String> steps = new ArrayList<>();
            for (String step : r.get(0).split(Pattern.quote(pathSep), -1)) {
                steps.add(step.trim());
            }
            b.add(steps, Double.parseDouble(r.get(1).trim()), Double.parseDouble(r.get(2).trim()),
                    Double.parseDouble(r.get(3).trim()));
        }
        return b.build();
    }

    /** Hands out at most {@code chunk} bytes a read. */
    private static final class TrickleBytes extends InputStream {
        private final byte[] bytes;
        private final int chunk;
        private int at;

        TrickleBytes(byte[] bytes, int chunk) {
            this.bytes = bytes;
            this.chunk = chunk;
        }

        @Override
        public int read() {
            return at == bytes.length ? -1 : bytes[at++] & 0xFF;
        }

        @Override
        public int read(byte[] b, int off, int len) {
            if (at == bytes.length) {
                return -1;
            }
            int n = Math.min(Math.min(len, chunk), bytes.length - at);
            System.arraycopy(bytes, at, b, off, n);
            at += n;
            return n;
        }
    }

    /** Hands out at most {@code chunk} chars a read. */
    private static final class Trickle extends Reader {
        private final String text;
        private final int chunk;
        private int at;

        Trickle(String text, int chunk) {
            this.text = text;
            this.chunk = chunk;
        }

        @Override
        public int read(char[] cbuf, int off, int len) {
            if (at == text.length()) {
                return -1;
            }
            int n = Math.min(Math.min(len, chunk), text.length() - at);
            text.getChars(at, at + n, cbuf, off);
            at += n;
            return n;
        }

        @Override
        public void close() {
        }
    }
}
