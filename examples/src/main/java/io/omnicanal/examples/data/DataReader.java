package io.omnicanal.examples.data;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Reads the files of a data folder against {@link Schema}, row by row.
 *
 * <p>A file whose header (CSV) or field names (JSON lines) do not match the schema fails as a
 * whole with a {@link BadInputException}. A malformed row — an unparsable value, a CSV or JSON
 * syntax error, a wrong column count, or a {@link RowException} thrown by the row handler — is either
 * written to the rejects file with file, line, field, value and reason and skipped, or stops the
 * run, as the {@link OnError} policy says. Nothing is dropped silently: every row is counted as
 * read and then as accepted or rejected. After a CSV syntax error reading goes on at the next line
 * (see {@link CsvRecords}); a quote that is never closed makes the rest of the file one rejected
 * record, whose reason names its lines.
 *
 * <p>Not thread-safe: one reader per run.
 */
public final class DataReader implements AutoCloseable {

    /** What to do with a malformed row. */
    public enum OnError {
        /** Write it to the rejects file and go on. */
        SKIP,
        /** Stop the run with a {@link RowException}. */
        STOP
    }

    /** Counts of one file. */
    public record Counts(String file, long read, long accepted, long rejected) {}

    private final Path dir;
    private final OnError onError;
    private final RejectsFile rejects;
    private final List<Counts> counts = new ArrayList<>();

    /**
     * Creates a reader.
     *
     * @param dir         the data folder
     * @param onError     the policy for malformed rows
     * @param rejectsFile where skipped rows go (created on first reject)
     */
    public DataReader(Path dir, OnError onError, Path rejectsFile) {
        this.dir = Objects.requireNonNull(dir, "dir");
        this.onError = Objects.requireNonNull(onError, "onError");
        this.rejects = new RejectsFile(Objects.requireNonNull(rejectsFile, "rejectsFile"));
    }

    /** The counts of every file read so far, in reading order. */
    public List<Counts> counts() {
        return List.copyOf(counts);
    }

    /** The rejects file, which may not exist if nothing was rejected. */
    public Path rejectsFile() {
        return rejects.path();
    }

    /** Whether the file of a schema exists in the folder. */
    public boolean exists(Schema schema) {
        return Files.isRegularFile(dir.resolve(schema.fileName()));
    }

    /**
     * Reads one file, handing each well-formed row to {@code handler}.
     *
     * @param schema  the file
     * @param handler called once per row; may throw {@link RowException} to reject the row
     * @return the file's counts
     * @throws BadInputException if the file is missing or unreadable, its header does not match,
     *                           or a row is malformed and the policy is {@link OnError#STOP}
     */
    public Counts read(Schema schema, Consumer<Row> handler) {
        Path file = dir.resolve(schema.fileName());
        long[] c = new long[3];
        try (Reader reader = strictUtf8(file)) {
            if (schema.jsonLines()) {
                readJsonLines(schema, reader, handler, c);
            } else {
                readCsv(schema, reader, handler, c);
            }
        } catch (NoSuchFileException e) {
            throw new BadInputException(schema.fileName() + ": file not found in " + dir);
        } catch (CharacterCodingException e) {
            throw new BadInputException(schema.fileName() + ": not valid UTF-8 (after line " + c[0] + ")", e);
        } catch (IOException e) {
            throw new BadInputException(schema.fileName() + ": cannot read: " + e.getMessage(), e);
        }
        Counts result = new Counts(schema.fileName(), c[0], c[1], c[2]);
        counts.add(result);
        return result;
    }

    private static Reader strictUtf8(Path file) throws IOException {
        return new BufferedReader(new java.io.InputStreamReader(Files.newInputStream(file),
                StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                        .onUnmappableCharacter(CodingErrorAction.REPORT)), 1 << 16);
    }

    private void readCsv(Schema schema, Reader reader, Consumer<Row> handler, long[] c) throws IOException {
        CsvRecords records = new CsvRecords(reader);
        CsvRecords.CsvRecord first = records.next();
        if (first == null) {
            throw new BadInputException(schema.fileName() + ":1: empty file, expected a header row");
        }
        if (first.values() == null) {
            throw new BadInputException(schema.fileName() + ":" + first.line() + ": header row: malformed CSV: "
                    + first.error());
        }
        String[] header = first.values();
        checkHeader(schema, header);
        for (CsvRecords.CsvRecord rec = records.next(); rec != null; rec = records.next()) {
            long line = rec.line();
            String[] values = rec.values();
            if (values == null) {
                // A syntax error: the record cannot be split into values; reading goes on at the next line.
                c[0]++;
                rejectWithheld(new RowException(schema.fileName(), line, "(row)", "", "malformed CSV: " + rec.error()),
                        List.of("[withheld: " + rec.chars() + " characters over " + rec.lines() + " line"
                                + (rec.lines() == 1 ? "" : "s") + "]"), c);
                continue;
            }
            if (values.length == 1 && values[0].isEmpty()) {
                continue; // a blank line
            }
            c[0]++;
            if (values.length != header.length) {
                reject(schema, new RowException(schema.fileName(), line, "(row)", values.length + " values",
                        "expected " + header.length + " values as in the header"), List.of(values), c);
                continue;
            }
            Map<String, String> map = new HashMap<>(header.length * 2);
            for (int i = 0; i < header.length; i++) {
                map.put(header[i], values[i]);
            }
            handle(schema, new Row(schema, schema.fileName(), line, map), handler, c);
        }
    }

    private static void checkHeader(Schema schema, String[] header) {
        List<String> expected = schema.columns();
        for (int i = 0; i < header.length; i++) {
            String h = header[i].strip();
            header[i] = h;
            if (!expected.contains(h) && !h.equals(Schema.TRUTH_COLUMN)) {
                throw new BadInputException(schema.fileName() + ":1: unknown column \"" + h + "\"; expected "
                        + expected);
            }
        }
        for (String e : expected) {
            if (!List.of(header).contains(e)) {
                throw new BadInputException(schema.fileName() + ":1: missing column \"" + e + "\"");
            }
        }
    }

    private void readJsonLines(Schema schema, Reader reader, Consumer<Row> handler, long[] c) throws IOException {
        ObjectMapper mapper = new ObjectMapper();
        mapper.enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
        BufferedReader lines = (BufferedReader) reader;
        long line = 0;
        for (String text = lines.readLine(); text != null; text = lines.readLine()) {
            line++;
            if (text.isBlank()) {
                continue;
            }
            c[0]++;
            Map<String, String> map;
            try {
                map = jsonRow(schema, mapper, text, line);
            } catch (RowException e) {
                reject(schema, e, List.of(text), c);
                continue;
            }
            handle(schema, new Row(schema, schema.fileName(), line, map), handler, c);
        }
    }

    private static Map<String, String> jsonRow(Schema schema, ObjectMapper mapper, String text, long line) {
        JsonNode node;
        try (JsonParser p = mapper.createParser(text)) {
            node = mapper.readTree(p);
            if (p.nextToken() != null && p.currentToken() != JsonToken.NOT_AVAILABLE) {
                throw new RowException(schema.fileName(), line, "(row)", "", "trailing content after the object");
            }
        } catch (JsonProcessingException e) {
            throw new RowException(schema.fileName(), line, "(row)", "", "malformed JSON: "
                    + firstLine(e.getOriginalMessage()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (node == null || !node.isObject()) {
            throw new RowException(schema.fileName(), line, "(row)", "", "expected a JSON object");
        }
        Map<String, String> map = new HashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> f = it.next();
            String name = f.getKey();
            if (!schema.columns().contains(name) && !name.equals(Schema.TRUTH_COLUMN)) {
                throw new RowException(schema.fileName(), line, name, "", "unknown field");
            }
            JsonNode v = f.getValue();
            if (v.isNull()) {
                continue;
            }
            if (!v.isValueNode()) {
                throw new RowException(schema.fileName(), line, name, v.toString(), "expected a string or number");
            }
            map.put(name, v.isNumber() ? v.numberValue().toString() : v.asText());
        }
        return map;
    }

    private void handle(Schema schema, Row row, Consumer<Row> handler, long[] c) {
        try {
            handler.accept(row);
            c[1]++;
        } catch (RowException e) {
            reject(schema, e, row.raw(), c);
        }
    }

    private void reject(Schema schema, RowException e, List<String> raw, long[] c) {
        rejectWithheld(e, withheld(schema, raw), c);
    }

    /** Rejects a row whose values are already withheld as the rejects file must show them. */
    private void rejectWithheld(RowException e, List<String> withheldRaw, long[] c) {
        if (onError == OnError.STOP) {
            throw e;
        }
        c[2]++;
        rejects.write(withheld(e), withheldRaw);
    }

    /** The exception as written to the rejects file: the value of a personal column masked. */
    private static RowException withheld(RowException e) {
        return Schema.PERSONAL.contains(e.field()) && !e.value().isEmpty()
                ? new RowException(e.file(), e.line(), e.field(), "***", e.reason()) : e;
    }

    /**
     * A rejected row's values as written to the rejects file: personal columns masked when the
     * values are in schema order; a line that could not be split into the schema's columns is
     * withheld whole (which of its values are personal is unknown), with its size.
     */
    private static List<String> withheld(Schema schema, List<String> raw) {
        if (raw.size() != schema.columns().size()) {
            int chars = raw.stream().mapToInt(String::length).sum();
            return raw.isEmpty() ? raw : List.of("[withheld: " + raw.size() + " values, " + chars + " characters]");
        }
        List<String> out = new java.util.ArrayList<>(raw.size());
        for (int i = 0; i < raw.size(); i++) {
            boolean personal = Schema.PERSONAL.contains(schema.columns().get(i)) && !raw.get(i).isEmpty();
            out.add(personal ? "***" : raw.get(i));
        }
        return out;
    }

    /**
     * Records a value that the pipeline refused without rejecting its row (for example one malformed
     * identifier among several valid ones), so that it is not lost silently.
     *
     * @param e what was refused, naming file, line, field and (masked) value
     */
    public void refuseValue(RowException e) {
        rejects.write(e, List.of());
    }

    /** Number of values refused with {@link #refuseValue}. */
    public long refusedValues() {
        return rejects.refusedValues();
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "";
        }
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }

    @Override
    public void close() {
        rejects.close();
    }
}
