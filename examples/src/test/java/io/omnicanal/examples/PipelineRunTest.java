package io.omnicanal.examples;

import static org.assertj.core.api.Assertions.assertThat;

import io.omnicanal.examples.data.DataReader;
import io.omnicanal.examples.pipeline.Pipeline;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Whole runs on a hand-written folder of a few rows: what a failed run leaves, and the identity figures. */
class PipelineRunTest {

    @TempDir
    Path tmp;

    /**
     * A run that fails on its input (a missing data folder, or a bad header found after rows of
     * another file were rejected) leaves the output folder as the last run left it: its rejects,
     * and the data folder that {@code erase} reruns on.
     */
    @Test
    void aRunThatFailsOnItsInputLeavesTheOutputFolderAsItWas() throws IOException {
        Path data = TinyData.write(tmp.resolve("data"), true);
        Path calls = data.resolve("calls.csv");
        Files.writeString(calls, "yesterday,,C1,billing,P2\n",
                StandardCharsets.UTF_8, java.nio.file.StandardOpenOption.APPEND);
        Path out = tmp.resolve("out");
        Pipeline.run(new Pipeline.Options(data, out, DataReader.OnError.SKIP), Pipeline.Progress.NONE);
        Map<String, byte[]> before = files(out);
        assertThat(before).containsKeys("rejects.csv", "state/data-folder.txt", "state/identity.snap", "report.html");
        assertThat(new String(before.get("rejects.csv"), StandardCharsets.UTF_8)).contains("calls.csv,3,time,yesterday");

        assertThat(Omnicanal.execute("run", "--data", tmp.resolve("nonexistent").toString(), "--out", out.toString()))
                .isEqualTo(Omnicanal.BAD_INPUT);
        assertSame(before, files(out));

        // This one reads crm.csv to pos.csv (rejecting a row) before touchpoints.csv's header fails.
        Path header = TinyData.write(tmp.resolve("header"), true);
        Files.writeString(header.resolve("calls.csv"), "time,phone,crm_id,reason,true_person\nnow,,C1,x,P1\n",
                StandardCharsets.UTF_8);
        Files.writeString(header.resolve("touchpoints.csv"), "time,channel,campaign,kind,mood\n", StandardCharsets.UTF_8);
        assertThat(Omnicanal.execute("run", "--data", header.toString(), "--out", out.toString()))
                .isEqualTo(Omnicanal.BAD_INPUT);
        assertSame(before, files(out));
        assertThat(Pipeline.recordedDataFolder(out)).isEqualTo(data.toAbsolutePath().normalize());

        // A failed first run into a new folder leaves no folder behind.
        Path fresh = tmp.resolve("fresh");
        assertThat(Omnicanal.execute("run", "--data", header.toString(), "--out", fresh.toString()))
                .isEqualTo(Omnicanal.BAD_INPUT);
        assertThat(fresh).doesNotExist();

        // A successful run on data without rejects removes the last run's rejects.csv.
        Path clean = TinyData.write(tmp.resolve("clean"), true);
        Pipeline.run(new Pipeline.Options(clean, out, DataReader.OnError.SKIP), Pipeline.Progress.NONE);
        assertThat(out.resolve("rejects.csv")).doesNotExist();
        assertThat(Pipeline.recordedDataFolder(out)).isEqualTo(clean.toAbsolutePath().normalize());
    }

    /** Real data has no truth column: the rows with an identifier are counted all the same. */
    @Test
    void rowsWithAnIdentifierAreCountedWithoutTheTruthColumn() throws IOException {
        Path data = TinyData.write(tmp.resolve("real"), false);
        Path out = tmp.resolve("real-out");
        Pipeline.Result r = Pipeline.run(new Pipeline.Options(data, out, DataReader.OnError.SKIP),
                Pipeline.Progress.NONE);
        assertThat(r.report().stitching().records()).isEqualTo(TinyData.ROWS_WITH_AN_IDENTIFIER);
        assertThat(r.report().stitching().truePeople()).isZero();
        assertThat(r.report().stitching().score()).isNull();
        String summary = summary(r, out);
        assertThat(summary).contains(" conflicts\n").doesNotContain("true people");
        assertThat(Files.readString(out.resolve("report.html"), StandardCharsets.UTF_8)).doesNotContain("true people")
                .contains("rows with an identifier</td><td class=\"n\">" + TinyData.ROWS_WITH_AN_IDENTIFIER + "<");
    }

    /** With the truth, the bot's rows and rows without a profile still count as rows with an identifier. */
    @Test
    void rowsWithAnIdentifierDoNotDependOnGrading() throws IOException {
        Path data = TinyData.write(tmp.resolve("sim"), true);
        Pipeline.Result r = Pipeline.run(new Pipeline.Options(data, tmp.resolve("sim-out"), DataReader.OnError.SKIP),
                Pipeline.Progress.NONE);
        assertThat(r.report().stitching().records()).isEqualTo(TinyData.ROWS_WITH_AN_IDENTIFIER);
        assertThat(r.report().stitching().truePeople()).isEqualTo(3);
        assertThat(summary(r, tmp.resolve("sim-out"))).contains("; 3 true people");
    }

    private static String summary(Pipeline.Result r, Path out) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        Summary.print(new PrintStream(bytes, true, StandardCharsets.UTF_8), r, out);
        return bytes.toString(StandardCharsets.UTF_8).replace("\r\n", "\n");
    }

    private static void assertSame(Map<String, byte[]> before, Map<String, byte[]> after) {
        assertThat(after.keySet()).isEqualTo(before.keySet());
        before.forEach((name, bytes) -> assertThat(after.get(name)).as(name).isEqualTo(bytes));
    }

    private static Map<String, byte[]> files(Path dir) throws IOException {
        Map<String, byte[]> m = new TreeMap<>();
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.filter(Files::isRegularFile).toList()) {
                m.put(dir.relativize(p).toString().replace('\\', '/'), Files.readAllBytes(p));
            }
        }
        return m;
    }
}
