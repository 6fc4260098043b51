package io.omnicanal.examples.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A CSV syntax error in the middle of a file is one rejected row with its line and reason under
 * {@code skip}, and a clear error naming file and line under {@code stop}; it never ends the run
 * with an error about the end of the file, and no row is lost silently.
 */
class DataReaderCsvTest {

    @TempDir
    Path dir;

    private static final String HEADER = "time,phone,crm_id,reason\n";

    private List<Long> read(String text, DataReader.OnError onError, DataReader.Counts[] counts) throws IOException {
        Files.writeString(dir.resolve("calls.csv"), HEADER + text, StandardCharsets.UTF_8);
        List<Long> lines = new ArrayList<>();
        try (DataReader reader = new DataReader(dir, onError, dir.resolve("rejects.csv"))) {
            counts[0] = reader.read(Schema.CALLS, r -> lines.add(r.line()));
        }
        return lines;
    }

    @Test
    void aCharacterAfterAClosingQuoteRejectsThatRowAndReadingGoesOn() throws IOException {
        DataReader.Counts[] c = new DataReader.Counts[1];
        List<Long> lines = read("2025-01-01T00:00:00Z,+33612345678,,billing\n"
                + "2025-01-02T00:00:00Z,\"+33612345678\"x,,billing\n"
                + "2025-01-03T00:00:00Z,,C1,\"two\nlines\"\n"
                + "2025-01-04T00:00:00Z,,C2,delivery\n", DataReader.OnError.SKIP, c);
        assertThat(lines).containsExactly(2L, 4L, 6L);
        assertThat(c[0]).isEqualTo(new DataReader.Counts("calls.csv", 4, 3, 1));
        String rejects = Files.readString(dir.resolve("rejects.csv"), StandardCharsets.UTF_8);
        assertThat(rejects).contains("calls.csv,3,(row),,malformed CSV: unexpected character 'x' after the closing quote"
                + " of value 2");
        assertThat(rejects).as("the phone number is not written in clear").doesNotContain("33612345678");
        assertThat(rejects.lines()).hasSize(2);
    }

    @Test
    void anUnclosedQuoteRejectsTheRestOfTheFileAsOneRecordAndSaysSo() throws IOException {
        DataReader.Counts[] c = new DataReader.Counts[1];
        List<Long> lines = read("2025-01-01T00:00:00Z,+33612345678,,billing\n"
                + "2025-01-02T00:00:00Z,,C1,\"unclosed\n"
                + "2025-01-03T00:00:00Z,,C2,delivery\n"
                + "2025-01-04T00:00:00Z,,C3,delivery\n", DataReader.OnError.SKIP, c);
        assertThat(lines).containsExactly(2L);
        assertThat(c[0]).isEqualTo(new DataReader.Counts("calls.csv", 2, 1, 1));
        String rejects = Files.readString(dir.resolve("rejects.csv"), StandardCharsets.UTF_8);
        assertThat(rejects).contains("calls.csv,3,(row),,").contains("unclosed quote")
                .contains("lines 3 to 5").contains("no row after line 3 was read");
    }

    @Test
    void stopNamesTheFileAndLineOfTheSyntaxError() {
        DataReader.Counts[] c = new DataReader.Counts[1];
        assertThatThrownBy(() -> read("2025-01-01T00:00:00Z,+33612345678,,billing\n"
                + "2025-01-02T00:00:00Z,,C1,\"unclosed\n"
                + "2025-01-03T00:00:00Z,,C2,delivery\n", DataReader.OnError.STOP, c))
                .isInstanceOf(BadInputException.class)
                .hasMessageContaining("calls.csv:3:").hasMessageContaining("unclosed quote");
    }

    @Test
    void crLfLineEndsAndQuotedCommasReadAsBefore() throws IOException {
        DataReader.Counts[] c = new DataReader.Counts[1];
        Files.writeString(dir.resolve("calls.csv"), "time,phone,crm_id,reason\r\n"
                + "2025-01-01T00:00:00Z,,C1,\"late, \"\"again\"\"\"\r\n\r\n"
                + "2025-01-02T00:00:00Z,,C2,x\r\n", StandardCharsets.UTF_8);
        List<String> reasons = new ArrayList<>();
        List<Long> lines = new ArrayList<>();
        try (DataReader reader = new DataReader(dir, DataReader.OnError.STOP, dir.resolve("rejects.csv"))) {
            c[0] = reader.read(Schema.CALLS, r -> {
                reasons.add(r.text("reason"));
                lines.add(r.line());
            });
        }
        assertThat(reasons).containsExactly("late, \"again\"", "x");
        assertThat(lines).containsExactly(2L, 4L);
        assertThat(c[0]).isEqualTo(new DataReader.Counts("calls.csv", 2, 2, 0));
    }
}
