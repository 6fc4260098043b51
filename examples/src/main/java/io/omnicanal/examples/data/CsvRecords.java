package io.omnicanal.examples.data;

import java.io.IOException;
import java.io.Reader;
import java.util.ArrayList;
import java.util.List;

/**
 * Splits RFC 4180 CSV text into records, one at a time, and recovers from a syntax error where it
 * can: a record that cannot be split is returned as an error naming its first line, and reading
 * goes on at the next line. A value opens a quote only at its start (a quote inside an unquoted
 * value is kept as text); inside quotes, {@code ""} is a quote and line breaks are part of the
 * value. Line ends are {@code \n}, {@code \r\n} or {@code \r}. An opening quote without its closing
 * quote swallows the rest of the file, as in any CSV reader: that remainder is one error record,
 * whose reason says so and names its lines.
 *
 * <p>Not thread-safe.
 */
final class CsvRecords {

    /**
     * One record.
     *
     * @param line   the 1-based physical line the record starts on
     * @param values its values, or null when it could not be split
     * @param error  why it could not be split, or null
     * @param chars  number of characters of the record's text (without its line end)
     * @param lines  number of physical lines the record spans
     */
    record CsvRecord(long line, String[] values, String error, long chars, long lines) {}

    private final Reader in;
    private final char[] buf = new char[1 << 16];
    private int pos;
    private int len;
    private long line = 1;
    private long chars;
    private boolean atLineStart = true;

    CsvRecords(Reader in) {
        this.in = in;
    }

    /** The 1-based physical line the reader is on (for messages about an unreadable file). */
    long line() {
        return line;
    }

    /**
     * The next record, or null at the end of the text.
     *
     * @throws IOException if the text cannot be read (for example, it is not valid UTF-8)
     */
    CsvRecord next() throws IOException {
        if (peek() < 0) {
            return null;
        }
        long start = line;
        chars = 0;
        List<String> values = new ArrayList<>();
        StringBuilder value = new StringBuilder(32);
        while (true) {
            value.setLength(0);
            int c = peek();
            if (c == '"') {
                read();
                while (true) {
                    c = read();
                    if (c < 0) {
                        long last = atLineStart ? line - 1 : line;
                        return new CsvRecord(start, null, "unclosed quote: value " + (values.size() + 1)
                                + " opens a quote that is never closed, so the rest of the file, lines " + start
                                + " to " + last + ", was read as this one record and rejected whole; no row after"
                                + " line " + start + " was read", chars, last - start + 1);
                    }
                    if (c == '"') {
                        if (peek() == '"') {
                            read();
                            value.append('"');
                        } else {
                            break;
                        }
                    } else {
                        value.append((char) c);
                    }
                }
                c = peek();
                if (c >= 0 && c != ',' && c != '\n' && c != '\r') {
                    String reason = "unexpected character '" + (char) c + "' after the closing quote of value "
                            + (values.size() + 1) + " (expected a comma or the end of the line)";
                    long startChars = chars;
                    skipLine();
                    return new CsvRecord(start, null, reason, Math.max(startChars, chars), Math.max(1, line - start));
                }
            } else {
                while (c >= 0 && c != ',' && c != '\n' && c != '\r') {
                    value.append((char) read());
                    c = peek();
                }
            }
            values.add(value.toString());
            c = peek();
            if (c == ',') {
                read();
                continue;
            }
            long recordChars = chars;
            if (c >= 0) {
                read(); // the line end (\r\n is read whole)
            }
            return new CsvRecord(start, values.toArray(new String[0]), null, recordChars, Math.max(1, line - start));
        }
    }

    /** Reads up to and including the end of the current physical line. */
    private void skipLine() throws IOException {
        while (true) {
            int c = peek();
            if (c < 0) {
                return;
            }
            read();
            if (c == '\n' || c == '\r') {
                return;
            }
        }
    }

    private int peek() throws IOException {
        if (pos == len) {
            len = in.read(buf, 0, buf.length);
            pos = 0;
            if (len <= 0) {
                len = 0;
                return -1;
            }
        }
        return buf[pos];
    }

    /** Reads one character, counting physical lines; a {@code \r\n} pair is read as one line end. */
    private int read() throws IOException {
        int c = peek();
        if (c < 0) {
            return c;
        }
        pos++;
        if (c == '\n') {
            line++;
            atLineStart = true;
        } else if (c == '\r') {
            if (peek() == '\n') {
                pos++;
            }
            line++;
            atLineStart = true;
            return '\n';
        } else {
            chars++;
            atLineStart = false;
        }
        return c;
    }
}
