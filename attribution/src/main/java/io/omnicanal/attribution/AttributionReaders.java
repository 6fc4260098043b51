package io.omnicanal.attribution;

import io.omnicanal.attribution.internal.Bridge;
import io.omnicanal.attribution.internal.PathTableBytes;
import io.omnicanal.attribution.internal.PathTableReader;
import io.omnicanal.attribution.internal.Records;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
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
        return Bridge.table(PathTableReader.read(Objects.requireNonNull(in, "in"), format));
    }

    /**
     * Reads an aggregated path table from a UTF-8 file, parsing its bytes directly: a step name is
     * decoded only the first time it is met, so a million-row table makes no string per row or
     * step. The same table and the same rules as {@link #pathTable(Reader, PathTableFormat)}, with
     * the file name before the line in messages. A leading UTF-8 byte-order mark is skipped. The
     * whole file is held in memory while it is read (its size in bytes).
     *
     * @param file the table, with a header, in strict UTF-8
     * @param format its layout; its separator must be an ASCII character
     * @return the table, without step times
     * @throws IllegalArgumentException naming the file, line and column on a malformed row,
     *     malformed UTF-8 (with the byte and its offset), a missing column, an empty table, a file
     *     of 2 GB or more, or a non-ASCII separator
     * @throws UncheckedIOException when the file cannot be read
     */
    public static PathTable pathTable(Path file, PathTableFormat format) {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(format, "format");
        byte[] bytes;
        try {
            long size = Files.size(file);
            if (size > Integer.MAX_VALUE - 16) {
                throw new IllegalArgumentException(file + ": " + size + " bytes, more than the 2 GB one read holds");
            }
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new UncheckedIOException(file + ": " + e.getMessage(), e);
        }
        return Bridge.table(PathTableBytes.read(bytes, bytes.length, format, String.valueOf(file.getFileName())));
    }

    /**
     * As {@link #pathTable(Path, PathTableFormat)}, from a stream of UTF-8 bytes read to its end
     * (not closed); messages name the line without a file.
     *
     * @param in the table's bytes
     * @param format its layout; its separator must be an ASCII character
     * @return the table, without step times
     * @throws IllegalArgumentException as {@link #pathTable(Path, PathTableFormat)}
     * @throws UncheckedIOException when the stream fails
     */
    public static PathTable pathTable(InputStream in, PathTableFormat format) {
        Objects.requireNonNull(in, "in");
        Objects.requireNonNull(format, "format");
        byte[] bytes;
        try {
            bytes = in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Bridge.table(PathTableBytes.read(bytes, bytes.length, format, null));
    }

    private static BufferedReader buffered(Reader in) {
        Objects.requireNonNull(in, "in");
        return in instanceof BufferedReader b ? b : new BufferedReader(in);
    }

}
