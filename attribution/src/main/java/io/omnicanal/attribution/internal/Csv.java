package io.omnicanal.attribution.internal;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.util.ArrayList;
import java.util.List;

/**
 * RFC 4180 CSV: fields with the separator, a quote or a line break are quoted, quotes doubled.
 * Reading supports quoted fields spanning lines. Stateless.
 */
public final class Csv {
    private Csv() {
    }

    public static String number(double v) {
        return Double.isFinite(v) ? Double.toString(v) : "";
    }

    public static void write(Writer out, List<String> header, List<List<String>> rows) {
        try {
            line(out, header);
            for (List<String> r : rows) {
                line(out, r);
            }
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void line(Writer out, List<String> fields) throws IOException {
        for (int i = 0; i < fields.size(); i++) {
            if (i > 0) {
                out.write(',');
            }
            out.write(quote(fields.get(i), ','));
        }
        out.write('\n');
    }

    public static String quote(String s, char separator) {
        boolean needs = false;
        for (int i = 0; i < s.length() && !needs; i++) {
            char c = s.charAt(i);
            needs = c == separator || c == '"' || c == '\n' || c == '\r';
        }
        return needs ? '"' + s.replace("\"", "\"\"") + '"' : s;
    }

    /** A record reader tracking the line number of the record it returned last. */
    public static final class Reader {
        private final BufferedReader in;
        private final char separator;
        private int line;
        private int recordLine;

        public Reader(BufferedReader in, char separator) {
            this.in = in;
            this.separator = separator;
        }

        /** The 1-based line the last record started on. */
        public int line() {
            return recordLine;
        }

        /** The next record, or null at end of input; blank lines are skipped. */
        public List<String> next() {
            try {
                String text = in.readLine();
                line++;
                while (text != null && text.isBlank()) {
                    text = in.readLine();
                    line++;
                }
                if (text == null) {
                    return null;
                }
                recordLine = line;
                List<String> fields = new ArrayList<>();
                if (text.indexOf('"') < 0) {
                    // no quoting on the line: cut at separators without copying char by char
                    int from = 0;
                    for (int cut = text.indexOf(separator); cut >= 0; cut = text.indexOf(separator, from)) {
                        fields.add(text.substring(from, cut));
                        from = cut + 1;
                    }
                    fields.add(text.substring(from));
                    return fields;
                }
                StringBuilder field = new StringBuilder();
                boolean quoted = false;
                int i = 0;
                while (true) {
                    if (i == text.length()) {
                        if (quoted) {
                            String more = in.readLine();
                            line++;
                            if (more == null) {
                                throw new IllegalArgumentException("line " + recordLine + ": unterminated quoted field");
                            }
                            field.append('\n');
                            text = more;
                            i = 0;
                            continue;
                        }
                        fields.add(field.toString());
                        return fields;
                    }
                    char c = text.charAt(i++);
                    if (quoted) {
                        if (c == '"') {
                            if (i < text.length() && text.charAt(i) == '"') {
                                field.append('"');
                                i++;
                            } else {
                                quoted = false;
                            }
                        } else {
                            field.append(c);
                        }
                    } else if (c == '"' && field.length() == 0) {
                        quoted = true;
                    } else if (c == separator) {
                        fields.add(field.toString());
                        field.setLength(0);
                    } else {
                        field.append(c);
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
