package io.omnicanal.attribution;

import io.omnicanal.attribution.internal.Bridge;
import io.omnicanal.attribution.internal.PathTableBytes;
import io.omnicanal.attribution.internal.ByteSource;
import io.omnicanal.attribution.internal.FirstOrderCounts;
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
import java.util.function.Supplier;


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
 * is returned partially. A field given twice in one JSON line is refused, and a leading byte-order
 * mark is skipped. Readers are not closed. Stateless and thread-safe.
 *
 * <p>Within one read, the channel, campaign, device and kind of the touchpoints and the type of the
 * conversions are one {@code String} instance per distinct value (for the first 65,536 distinct
 * values of each field in a read; later new values of that field stay separate instances): a file of millions of touches over a
 * dozen channels holds each name once rather than once per touch, and {@link PathBuilder} matches
 * shared channel names by identity, without hashing them.
 */
public final class AttributionReaders {
    private AttributionReaders() {
    }

    /**
     * @param in CSV with a header, comma-separated
     * @return the touchpoints in file order
     */
    public static List<Touchpoint> touchpointsCsv(Reader in) {
        return Records.csv(buffered(in), ',', Records.TOUCH_FIELDS, Records.TOUCH_REQUIRED, Records.touches());
    }

    /**
     * @param in JSON lines
     * @return the touchpoints in file order
     */
    public static List<Touchpoint> touchpointsJsonLines(Reader in) {
        return Records.jsonLines(buffered(in), Records.TOUCH_FIELDS, Records.touches());
    }

    /**
     * @param in CSV with a header
     * @return the conversions in file order
     */
    public static List<Conversion> conversionsCsv(Reader in) {
        return Records.csv(buffered(in), ',', Records.CONVERSION_FIELDS, Records.CONVERSION_REQUIRED, Records.conversions());
    }

    /**
     * @param in JSON lines
     * @return the conversions in file order
     */
    public static List<Conversion> conversionsJsonLines(Reader in) {
        return Records.jsonLines(buffered(in), Records.CONVERSION_FIELDS, Records.conversions());
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
     * Reads an aggregated path table from text. Extra columns are ignored (exports often carry
     * more). The chars are encoded to UTF-8 a chunk at a time and parsed by the same code as
     * {@link #pathTable(Path, PathTableFormat)}, with the same rules and messages (without a file
     * name); an unpaired surrogate, which no UTF-8 can encode, is refused naming its line and column.
     *
     * @param in the table, with a header (not closed)
     * @param format its layout
     * @return the table, without step times
     * @throws IllegalArgumentException naming the line and column on a malformed row, a missing
     *     column, an unpaired surrogate, a record over 256 MiB, or an empty table
     * @throws UncheckedIOException when the reader fails
     */
    public static PathTable pathTable(Reader in, PathTableFormat format) {
        Objects.requireNonNull(in, "in");
        Objects.requireNonNull(format, "format");
        return Bridge.table(PathTableBytes.table(ByteSource.utf8(in), format, null, -1));
    }

    /**
     * Reads an aggregated path table from a UTF-8 file, parsing its bytes directly: a step name is
     * decoded only the first time it is met, so a million-row table makes no string per row or
     * step. The file is streamed through a buffer of 256 KiB, which grows only for a record longer
     * than that (up to 256 MiB a record); beyond the buffer, memory holds only the table. A leading
     * UTF-8 byte-order mark is skipped. The same table and rules as
     * {@link #pathTable(Reader, PathTableFormat)}, with the file name before the line in messages.
     *
     * @param file the table, with a header, in strict UTF-8
     * @param format its layout
     * @return the table, without step times
     * @throws IllegalArgumentException naming the file, line and column on a malformed row,
     *     malformed UTF-8 (with the byte and its offset), a missing column, a record over 256 MiB,
     *     or an empty table
     * @throws UncheckedIOException when the file cannot be read
     */
    public static PathTable pathTable(Path file, PathTableFormat format) {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(format, "format");
        String name = String.valueOf(file.getFileName());
        try (InputStream in = Files.newInputStream(file)) {
            return Bridge.table(PathTableBytes.table(ByteSource.of(in), format, name, Files.size(file)));
        } catch (IOException e) {
            throw new UncheckedIOException(file + ": " + e.getMessage(), e);
        }
    }

    /**
     * As {@link #pathTable(Path, PathTableFormat)}, from a stream of UTF-8 bytes read to its end
     * (not closed); messages name the line without a file.
     *
     * @param in the table's bytes
     * @param format its layout
     * @return the table, without step times
     * @throws IllegalArgumentException as {@link #pathTable(Path, PathTableFormat)}
     * @throws UncheckedIOException when the stream fails
     */
    public static PathTable pathTable(InputStream in, PathTableFormat format) {
        Objects.requireNonNull(in, "in");
        Objects.requireNonNull(format, "format");
        return Bridge.table(PathTableBytes.table(ByteSource.of(in), format, null, -1));
    }

    /**
     * Reads an aggregated path table from a UTF-8 file and runs one model on it: the same credits
     * as {@code model.attribute(pathTable(file, format))}, to the last bit. For Markov order 1
     * ({@code AttributionModel.markov(1)}) the transitions are counted while the file is read, so
     * no table is made: memory holds the read buffer (256 KiB unless a record is longer) and the
     * chain's counts. Any other model gets the table.
     *
     * @param model the model, not null
     * @param file the table, with a header, in strict UTF-8
     * @param format its layout
     * @return the model's credits
     * @throws IllegalArgumentException as {@link #pathTable(Path, PathTableFormat)} and the model do
     * @throws UncheckedIOException when the file cannot be read
     */
    public static Credits attribute(AttributionModel model, Path file, PathTableFormat format) {
        Objects.requireNonNull(file, "file");
        return attribute(model, format, () -> pathTable(file, format), () -> {
            try (InputStream in = Files.newInputStream(file)) {
                return PathTableBytes.firstOrderChain(ByteSource.of(in), format, String.valueOf(file.getFileName()));
            } catch (IOException e) {
                throw new UncheckedIOException(file + ": " + e.getMessage(), e);
            }
        });
    }

    /**
     * As {@link #attribute(AttributionModel, Path, PathTableFormat)}, from a stream of UTF-8 bytes
     * read to its end (not closed).
     *
     * @param model the model, not null
     * @param in the table's bytes
     * @param format its layout
     * @return the model's credits
     * @throws IllegalArgumentException as {@link #pathTable(InputStream, PathTableFormat)} and the model do
     * @throws UncheckedIOException when the stream fails
     */
    public static Credits attribute(AttributionModel model, InputStream in, PathTableFormat format) {
        Objects.requireNonNull(in, "in");
        return attribute(model, format, () -> pathTable(in, format),
                () -> PathTableBytes.firstOrderChain(ByteSource.of(in), format, null));
    }

    /**
     * As {@link #attribute(AttributionModel, Path, PathTableFormat)}, from text (not closed).
     *
     * @param model the model, not null
     * @param in the table, with a header
     * @param format its layout
     * @return the model's credits
     * @throws IllegalArgumentException as {@link #pathTable(Reader, PathTableFormat)} and the model do
     * @throws UncheckedIOException when the reader fails
     */
    public static Credits attribute(AttributionModel model, Reader in, PathTableFormat format) {
        Objects.requireNonNull(in, "in");
        return attribute(model, format, () -> pathTable(in, format),
                () -> PathTableBytes.firstOrderChain(ByteSource.utf8(in), format, null));
    }

    /** Markov order 1 from the counts {@code chain} makes while reading; any other model on {@code table}'s table. */
    private static Credits attribute(AttributionModel model, PathTableFormat format, Supplier<PathTable> table,
                                     Supplier<FirstOrderCounts.Chain> chain) {
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(format, "format");
        boolean firstOrder = model instanceof MarkovModel markov && markov.order() == 1;
        return firstOrder ? PathBuilder.firstOrderCredits(chain.get()) : model.attribute(table.get());
    }

    private static BufferedReader buffered(Reader in) {
        Objects.requireNonNull(in, "in");
        return in instanceof BufferedReader b ? b : new BufferedReader(in);
    }

}
