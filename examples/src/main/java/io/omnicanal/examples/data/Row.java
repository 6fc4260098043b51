package io.omnicanal.examples.data;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One row of an input file as text, with typed accessors that fail with a {@link RowException}
 * naming file, line, field and value. Empty strings and absent JSON fields read as missing.
 */
public final class Row {
    private final Schema schema;
    private final String file;
    private final long line;
    private final Map<String, String> values;

    Row(Schema schema, String file, long line, Map<String, String> values) {
        this.schema = schema;
        this.file = file;
        this.line = line;
        this.values = values;
    }

    /** The file's schema. */
    public Schema schema() {
        return schema;
    }

    /** The file's name. */
    public String file() {
        return file;
    }

    /** The 1-based line number. */
    public long line() {
        return line;
    }

    /** The raw values by column, in schema order (for the rejects file). */
    public List<String> raw() {
        return schema.columns().stream().map(c -> values.getOrDefault(c, "")).toList();
    }

    /** The value of the truth column, or {@code ""} if the file has none. Only grading reads it. */
    public String truth() {
        return values.getOrDefault(Schema.TRUTH_COLUMN, "");
    }

    /**
     * A text value, or {@code ""} if missing.
     *
     * @param column a column of the schema
     * @return the value, never null
     */
    public String text(String column) {
        check(column);
        String v = values.get(column);
        return v == null ? "" : v;
    }

    /**
     * A required text value.
     *
     * @param column a column of the schema
     * @return the non-blank value
     * @throws RowException if missing or blank
     */
    public String required(String column) {
        String v = text(column);
        if (v.isBlank()) {
            throw fail(column, v, "required value missing");
        }
        return v;
    }

    /** The earliest instant a row may carry. */
    public static final Instant EARLIEST = Instant.parse("2000-01-01T00:00:00Z");
    /**
     * The first instant a row may no longer carry: 68 years after {@link #EARLIEST}, the span the
     * journey engine's clock allows from its start (the run starts at its earliest row).
     */
    public static final Instant END = Instant.parse("2068-01-01T00:00:00Z");

    /**
     * A required ISO-8601 instant ({@code 2025-03-01T10:15:30Z}) from {@link #EARLIEST} (inclusive)
     * to {@link #END} (exclusive). Placeholder dates such as {@code 0001-01-01T00:00:00Z} or the
     * epoch fall outside and are refused, rather than starting the run's clock decades early.
     *
     * @param column a column of the schema
     * @return the instant
     * @throws RowException if missing, not an instant or out of range
     */
    public Instant instant(String column) {
        String v = required(column);
        Instant t;
        try {
            t = Instant.parse(v.strip());
        } catch (DateTimeParseException e) {
            throw fail(column, v, "not an ISO-8601 instant");
        }
        if (t.isBefore(EARLIEST) || !t.isBefore(END)) {
            throw fail(column, v, "outside the supported range " + EARLIEST + " to " + END + " (exclusive)");
        }
        return t;
    }

    /**
     * An optional ISO date ({@code 1980-12-31}).
     *
     * @param column a column of the schema
     * @return the date, or null if missing
     * @throws RowException if present and not a date
     */
    public LocalDate date(String column) {
        String v = text(column).strip();
        if (v.isEmpty()) {
            return null;
        }
        try {
            return LocalDate.parse(v);
        } catch (DateTimeParseException e) {
            throw fail(column, v, "not an ISO date");
        }
    }

    /**
     * A required month ({@code 2025-03}).
     *
     * @param column a column of the schema
     * @return the month
     * @throws RowException if missing or not a month
     */
    public YearMonth month(String column) {
        String v = required(column).strip();
        try {
            return YearMonth.parse(v);
        } catch (DateTimeParseException e) {
            throw fail(column, v, "not a month (yyyy-MM)");
        }
    }

    /**
     * A finite, non-negative decimal number with a dot as separator; missing reads as {@code 0}.
     *
     * @param column a column of the schema
     * @return the number
     * @throws RowException if not a finite non-negative number
     */
    public double amount(String column) {
        String v = text(column).strip();
        if (v.isEmpty()) {
            return 0;
        }
        double d;
        try {
            d = new BigDecimal(v).doubleValue();
        } catch (NumberFormatException e) {
            throw fail(column, v, "not a decimal number");
        }
        if (!Double.isFinite(d) || d < 0) {
            throw fail(column, v, "must be a finite number >= 0");
        }
        return d;
    }

    /**
     * A boolean written {@code true} or {@code false} (any case); missing reads as {@code false}.
     *
     * @param column a column of the schema
     * @return the value
     * @throws RowException if neither true nor false
     */
    public boolean flag(String column) {
        String v = text(column).strip().toLowerCase(Locale.ROOT);
        return switch (v) {
            case "", "false" -> false;
            case "true" -> true;
            default -> throw fail(column, v, "must be true or false");
        };
    }

    /**
     * An exception for a value of this row.
     *
     * @param column the column
     * @param value  the value (masked by the caller where personal)
     * @param reason what is wrong
     * @return the exception, to throw
     */
    public RowException fail(String column, String value, String reason) {
        return new RowException(file, line, column, value, reason);
    }

    private void check(String column) {
        if (!schema.columns().contains(column)) {
            throw new IllegalArgumentException("no column " + column + " in " + schema.fileName());
        }
    }
}
