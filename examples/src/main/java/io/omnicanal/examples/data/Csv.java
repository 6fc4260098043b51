package io.omnicanal.examples.data;

import java.util.List;

/** RFC 4180 CSV lines: quotes a value that holds a comma, quote, line break or edge space. */
public final class Csv {
    private Csv() {}

    /**
     * Formats one line, ending with {@code \n}.
     *
     * @param values the values; null is written as empty
     * @return the line
     */
    public static String line(List<String> values) {
        StringBuilder b = new StringBuilder(64);
        for (int i = 0; i < values.size(); i++) {
            if (i > 0) {
                b.append(',');
            }
            b.append(quote(values.get(i)));
        }
        return b.append('\n').toString();
    }

    /**
     * Quotes one value where CSV needs it.
     *
     * @param value the value; null is written as empty
     * @return the value as it goes into a CSV line
     */
    public static String quote(String value) {
        String v = value == null ? "" : value;
        boolean needs = v.indexOf(',') >= 0 || v.indexOf('"') >= 0 || v.indexOf('\n') >= 0 || v.indexOf('\r') >= 0
                || !v.equals(v.strip());
        return needs ? '"' + v.replace("\"", "\"\"") + '"' : v;
    }
}
