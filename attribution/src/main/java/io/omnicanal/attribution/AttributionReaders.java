package io.omnicanal.attribution;

import io.omnicanal.attribution.internal.Csv;
import io.omnicanal.attribution.internal.Records;

import java.io.BufferedReader;
import java.io.Reader;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;


/**
 * Readers for touchpoints, conversions and spend (CSV with a header, or JSON lines) and for
 * ChannelAttribution-style aggregated path tables.
 *
 * <p>Field names, the same in both forms: touchpoints {@code profile, time, channel} and optionally
 * {@code campaign, device, kind, cost}; conversions {@code profile, time, value} and optionally
 * {@code type}; spend {@code dimension, key, from, to, amount}. Times are ISO-8601 instants
 * ({@code 2026-01-31T12:00:00Z}), numbers use a decimal point whatever the locale. An unknown or
 * missing column or field, a malformed value or a record the value types reject fails the whole
 * read with an {@link IllegalArgumentException} naming the line, the field and the text; nothing
 * is returned partially. Readers are not closed. Stateless and thread-safe.
 */
public final class AttributionReaders {
    private AttributionReaders() {
    }

    /**
     * @param in CSV with a header, comma-separated
     * @return the touchpoints in file order
     */
    public static List<Touchpoint> touchpointsCsv(Reader in) {
        return Records.csv(buffered(in), ',', Records.TOUCH_FIELDS, Records.TOUCH_REQUIRED, Records::touch);
    }

    /**
     * @param in JSON lines
     * @return the touchpoints in file order
     */
    public static List<Touchpoint> touchpointsJsonLines(Reader in) {
        return Records.jsonLines(buffered(in), Records.TOUCH_FIELDS, Records::touch);
    }

    /**
     * @param in CSV with a header
     * @return the conversions in file order
     */
    public static List<Conversion> conversionsCsv(Reader in) {
        return Records.csv(buffered(in), ',', Records.CONVERSION_FIELDS, Records.CONVERSION_REQUIRED, Records::conversion);
    }

    /**
     * @param in JSON lines
     * @return the conversions in file order
     */
    public static List<Conversion> conversionsJsonLines(Reader in) {
        return Records.jsonLines(buffered(in), Records.CONVERSION_FIELDS, Records::conversion);
    }

    /**
     * @param in CSV with a header
     * @return the spend rows in file order
     */
    public static List<Spend> spendCsv(Reader in) {
        return Records.csv(buffered(in), ',', Records.SPEND_FIELDS, Records.SPEND_FIELDS, Records::spend);
    }

    /**
     * @param in JSON lines
     * @return the spend rows in file order
     */
    public static List<Spend> spendJsonLines(Reader in) {
        return Records.jsonLines(buffered(in), Records.SPEND_FIELDS, Records::spend);
    }

    /**
     * Reads an aggregated path table. Extra columns are ignored (exports often carry more).
     *
     * @param in the table, with a header
     * @param format its layout
     * @return the table, without step times
     * @throws IllegalArgumentException naming the line and column on a malformed row, a missing
     *     column, or an empty table
     */
    public static PathTable pathTable(Reader in, PathTableFormat format) {
        Objects.requireNonNull(format, "format");
        Csv.Reader r = new Csv.Reader(buffered(in), format.separator());
        List<String> header = r.next();
        if (header == null) {
            throw new IllegalArgumentException("line 1: empty input, expected a header with \"" + format.pathColumn() + "\"");
        }
        Map<String, Integer> columns = new HashMap<>();
        for (int i = 0; i < header.size(); i++) {
            String name = header.get(i).trim();
            columns.put(i == 0 && name.startsWith("\uFEFF") ? name.substring(1) : name, i);
        }
        int path = column(columns, format.pathColumn(), true);
        int conv = column(columns, format.conversionsColumn(), true);
        int value = format.valueColumn().isEmpty() ? -1 : column(columns, format.valueColumn(), false);
        int nulls = format.nullsColumn().isEmpty() ? -1 : column(columns, format.nullsColumn(), false);
        PathTable.Builder b = PathTable.builder().directChannel(format.directChannel());
        List<String> row;
        boolean any = false;
        while ((row = r.next()) != null) {
            int line = r.line();
            if (row.size() != header.size()) {
                throw new IllegalArgumentException("line " + line + ": " + row.size() + " fields, the header has "
                        + header.size());
            }
            List<String> steps = new ArrayList<>();
            String text = row.get(path);
            String separator = format.pathSeparator();
            // split on the literal separator by hand: String.split compiles a regex for it per row
            for (int from = 0; from >= 0; ) {
                int cut = text.indexOf(separator, from);
                int a = from;
                int z = cut < 0 ? text.length() : cut;
                while (a < z && text.charAt(a) <= ' ') {
                    a++;
                }
                while (z > a && text.charAt(z - 1) <= ' ') {
                    z--;
                }
                String step = text.substring(a, z); // trimmed as String.trim does, in one copy
                if (step.isEmpty()) {
                    throw new IllegalArgumentException("line " + line + ", column \"" + format.pathColumn()
                            + "\": empty step in path \"" + text + "\"");
                }
                steps.add(step);
                from = cut < 0 ? -1 : cut + separator.length();
            }
            double c = number(row, conv, line, format.conversionsColumn());
            double v = value < 0 ? 0 : number(row, value, line, format.valueColumn());
            double n = nulls < 0 ? 0 : number(row, nulls, line, format.nullsColumn());
            try {
                b.add(steps, c, v, n);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("line " + line + ": " + e.getMessage(), e);
            }
            any = true;
        }
        if (!any) {
            throw new IllegalArgumentException("paths: empty data set, the table has a header but no row");
        }
        return b.build();
    }

    private static int column(Map<String, Integer> columns, String name, boolean required) {
        Integer i = columns.get(name);
        if (i == null && required) {
            throw new IllegalArgumentException("line 1: missing column \"" + name + "\", found " + columns.keySet());
        }
        return i == null ? -1 : i;
    }

    private static double number(List<String> row, int column, int line, String name) {
        String text = row.get(column).trim();
        try {
            return Double.parseDouble(text);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("line " + line + ", column \"" + name + "\": not a number: \"" + text + "\"", e);
        }
    }

    private static BufferedReader buffered(Reader in) {
        Objects.requireNonNull(in, "in");
        return in instanceof BufferedReader b ? b : new BufferedReader(in);
    }

}
