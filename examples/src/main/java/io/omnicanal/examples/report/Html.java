package io.omnicanal.examples.report;

import java.util.List;
import java.util.Locale;

/** Small HTML building blocks: escaping and tables. */
final class Html {
    private Html() {}

    /**
     * Escapes text for HTML content and attribute values.
     *
     * @param s the text; null is written as empty
     * @return the escaped text
     */
    static String escape(String s) {
        if (s == null) {
            return "";
        }
        StringBuilder b = new StringBuilder(s.length() + 8);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '&' -> b.append("&amp;");
                case '"' -> b.append("&quot;");
                case '\'' -> b.append("&#39;");
                default -> b.append(c);
            }
        }
        return b.toString();
    }

    /**
     * A table with a header row; cells are escaped, and cells that parse as numbers align right.
     *
     * @param header the header cells
     * @param rows   the rows
     * @return the table element
     */
    static String table(List<String> header, List<List<String>> rows) {
        StringBuilder b = new StringBuilder(1024);
        b.append("<table><thead><tr>");
        for (String h : header) {
            b.append("<th>").append(escape(h)).append("</th>");
        }
        b.append("</tr></thead><tbody>");
        for (List<String> row : rows) {
            b.append("<tr>");
            for (String cell : row) {
                b.append(numeric(cell) ? "<td class=\"n\">" : "<td>").append(escape(cell)).append("</td>");
            }
            b.append("</tr>");
        }
        return b.append("</tbody></table>").toString();
    }

    static String fmt(String format, Object... args) {
        return String.format(Locale.ROOT, format, args);
    }

    private static boolean numeric(String s) {
        return !s.isEmpty() && s.matches("[-+]?[0-9][0-9,]*(\\.[0-9]+)?%?|n/a");
    }
}
