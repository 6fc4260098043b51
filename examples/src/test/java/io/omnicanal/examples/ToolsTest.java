package io.omnicanal.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.omnicanal.examples.data.BadInputException;
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

    @Test
    void identifiersAreWrittenTypeColonValue() {
        assertThatThrownBy(() -> Tools.identifier("no-colon")).isInstanceOf(BadInputException.class)
                .hasMessageContaining("type:value");
        assertThat(Tools.identifier("EMAIL:a@b.fr").value()).isEqualTo("a@b.fr");
    }
}
