package io.omnicanal.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.omnicanal.examples.data.BadInputException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ToolsTest {

    @Test
    void attributesAChannelAttributionPathTable(@TempDir Path dir) throws Exception {
        // Bryl's worked example: c1 > c2 > c3 converts, c1 fails, c2 > c3 fails; Markov credits 0.2/0.4/0.4
        // of the one conversion, last touch all of it to c3.
        Path table = dir.resolve("paths.csv");
        Files.writeString(table, "path,total_conversions,total_conversion_value,total_null\n"
                + "c1 > c2 > c3,1,10,0\nc1,0,0,1\nc2 > c3,0,0,1\n");
        String csv = Tools.attribute(null, null, table, ',', "csv");
        assertThat(csv).contains("markov_1").doesNotContain("time_decay");
        String text = Tools.attribute(null, null, table, ',', "table");
        assertThat(text).containsPattern("c3\\s.*1\\.0000").contains("0.4000").contains("0.2000");
    }

    @Test
    void rejectsMissingInputsAndUnknownFormat(@TempDir Path dir) throws Exception {
        assertThatThrownBy(() -> Tools.attribute(null, null, null, ',', "table"))
                .isInstanceOf(BadInputException.class).hasMessageContaining("--paths");
        Path table = dir.resolve("paths.csv");
        Files.writeString(table, "path,total_conversions,total_conversion_value,total_null\nc1,1,1,0\n");
        assertThatThrownBy(() -> Tools.attribute(null, null, table, ',', "xml"))
                .isInstanceOf(BadInputException.class).hasMessageContaining("\"xml\"");
        assertThatThrownBy(() -> Tools.attribute(null, null, dir.resolve("none.csv"), ',', "csv"))
                .isInstanceOf(BadInputException.class).hasMessageContaining("file not found");
    }

    /** A path table that is not UTF-8 is bad input naming the file (exit 3), not an internal error. */
    @Test
    void aPathTableThatIsNotUtf8IsBadInputNamingTheFile(@TempDir Path dir) throws Exception {
        Path table = dir.resolve("latin1-paths.csv");
        byte[] head = "path,total_conversions,total_conversion_value,total_null\n".getBytes(StandardCharsets.UTF_8);
        byte[] row = "caf\u00e9 > c2,1,10,0\n".getBytes(StandardCharsets.ISO_8859_1);
        byte[] all = new byte[head.length + row.length];
        System.arraycopy(head, 0, all, 0, head.length);
        System.arraycopy(row, 0, all, head.length, row.length);
        Files.write(table, all);
        assertThatThrownBy(() -> Tools.attribute(null, null, table, ',', "csv"))
                .isInstanceOf(BadInputException.class).hasMessageContaining("latin1-paths.csv")
                .hasMessageContaining("not valid UTF-8");
        assertThat(Omnicanal.execute("attribute", "--paths", table.toString())).isEqualTo(Omnicanal.BAD_INPUT);
    }

    /** --paths with --touchpoints or --conversions is refused rather than ignoring the latter. */
    @Test
    void pathsWithTouchpointsOrConversionsIsRefused(@TempDir Path dir) throws Exception {
        Path table = dir.resolve("paths.csv");
        Files.writeString(table, "path,total_conversions,total_conversion_value,total_null\nc1,1,1,0\n");
        Path t = dir.resolve("t.csv");
        Path c = dir.resolve("c.csv");
        assertThatThrownBy(() -> Tools.attribute(t, c, table, ',', "csv")).isInstanceOf(BadInputException.class)
                .hasMessageContaining("not both").hasMessageContaining("--touchpoints " + t)
                .hasMessageContaining("--conversions " + c);
        assertThatThrownBy(() -> Tools.attribute(t, null, table, ',', "csv")).isInstanceOf(BadInputException.class)
                .hasMessageContaining("--touchpoints " + t);
        assertThatThrownBy(() -> Tools.attribute(null, c, table, ',', "csv")).isInstanceOf(BadInputException.class)
                .hasMessageContaining("--conversions " + c);
        assertThat(Omnicanal.execute("attribute", "--paths", table.toString(), "--touchpoints", t.toString(),
                "--conversions", c.toString())).isEqualTo(Omnicanal.BAD_INPUT);
    }

    @Test
    void identifiersAreWrittenTypeColonValue() {
        assertThatThrownBy(() -> Tools.identifier("no-colon")).isInstanceOf(BadInputException.class)
                .hasMessageContaining("type:value");
        assertThat(Tools.identifier("EMAIL:a@b.fr").value()).isEqualTo("a@b.fr");
        assertThatThrownBy(() -> Tools.identifier("e-mail:a@b.fr")).isInstanceOf(BadInputException.class)
                .hasMessageContaining("\"e-mail\"");
        assertThat(Omnicanal.execute("generate", "--people", "0", "--out", "unused")).isEqualTo(Omnicanal.USAGE);
        assertThat(Omnicanal.execute("generate", "--months", "48", "--out", "unused")).isEqualTo(Omnicanal.USAGE);
    }

    /** Each line of the segment command's event file names the field that is missing or of the wrong type. */
    @Test
    void segmentEventsNameTheFaultyField(@TempDir Path dir) throws Exception {
        Path defs = dir.resolve("segments.json");
        Files.writeString(defs, io.omnicanal.segmentation.SegmentCatalog.builder().eventTypes("view", "purchase")
                .add("viewers", io.omnicanal.segmentation.Condition.atLeast(1,
                        io.omnicanal.segmentation.EventFilter.type("view"), null))
                .build().toJson());
        Path events = dir.resolve("events.jsonl");
        String good = "{\"profile\":7,\"time\":\"2025-03-01T10:00:00Z\",\"type\":\"view\"}";
        Files.writeString(events, good + "\n");
        assertThat(Tools.segment(defs, events, true)).contains("1 events, 1 profiles").containsPattern("viewers\\s+1");
        String[][] bad = {
            {"{\"time\":\"2025-03-01T10:00:00Z\",\"type\":\"view\"}", "field profile: expected an integer, was missing"},
            {"{\"profile\":\"C123\",\"time\":\"2025-03-01T10:00:00Z\",\"type\":\"view\"}", "field profile: expected an integer, was \"C123\""},
            {"{\"profile\":1,\"type\":\"view\"}", "field time: expected an ISO-8601 instant, was missing"},
            {"{\"profile\":1,\"time\":\"2025-03-01T10:00:00Z\"}", "field type: expected an event type, was missing"},
            {"{\"profile\":1,\"time\":\"2025-03-01T10:00:00Z\",\"type\":\"view\",\"value\":\"12,50\"}", "field value: expected a number, was \"12,50\""},
            {"{\"profile\":1,\"time\":\"2025-03-01T10:00:00Z\",\"type\":\"view\",\"channel\":3}", "field channel: expected a string, was 3"},
        };
        for (String[] b : bad) {
            Files.writeString(events, good + "\n" + b[0] + "\n");
            assertThatThrownBy(() -> Tools.segment(defs, events, false)).isInstanceOf(BadInputException.class)
                    .hasMessageContaining("events.jsonl:2: " + b[1]);
        }
    }
}
