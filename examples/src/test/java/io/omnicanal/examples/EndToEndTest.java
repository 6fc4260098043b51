package io.omnicanal.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.omnicanal.examples.data.DataGenerator;
import io.omnicanal.examples.data.DataReader;
import io.omnicanal.examples.data.RowException;
import io.omnicanal.examples.pipeline.Pipeline;
import io.omnicanal.examples.report.ReportData;
import io.omnicanal.identity.Identifier;
import io.omnicanal.identity.IdentityGraph;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole pipeline on a small generated data set (500 people, one year), checked as a user would:
 * outputs identical across runs, stitching above its floor, attribution totals preserved, erasure
 * leaving no trace, bad input reported with file, line and field, and the report rendering in a
 * browser.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class EndToEndTest {
    /**
     * Floors for the stitching on this data, against the true persons and against what the data can
     * link at best (rows sharing an identifier within one person). Shared family tablets and emails
     * make some wrong merges unavoidable for any deterministic method; see the README.
     */
    static final double PRECISION_FLOOR = 0.85;
    static final double LINKABLE_F1_FLOOR = 0.90;

    Path tmp;
    Path data;
    Pipeline.Result first;
    Path out1;

    @BeforeAll
    void generateAndRun(@TempDir Path dir) {
        tmp = dir;
        data = tmp.resolve("data");
        new DataGenerator(new DataGenerator.Config(500, 7L, LocalDate.of(2025, 1, 1), 12)).writeTo(data, m -> { });
        out1 = tmp.resolve("out1");
        first = Pipeline.run(new Pipeline.Options(data, out1, DataReader.OnError.SKIP), Pipeline.Progress.NONE);
    }

    @Test
    void twoRunsWriteIdenticalBytes() throws IOException {
        // The second run sorts in 64 KiB chunks: dozens of spilled runs merged back, same bytes.
        Path out2 = tmp.resolve("out2");
        Pipeline.run(new Pipeline.Options(data, out2, DataReader.OnError.SKIP, 64 * 1024), Pipeline.Progress.NONE);
        assertIdenticalOutputs(out1, out2);
        try (var left = Files.list(out2)) {
            assertThat(left.map(p -> p.getFileName().toString())).as("spilled runs deleted")
                    .noneMatch(n -> n.startsWith(".rows-"));
        }
    }

    @Test
    void aRunInAnotherJvmWritesIdenticalBytes() throws IOException, InterruptedException {
        // Catches any output whose order depends on per-JVM hashing (Map.of, identity hash codes).
        Path out3 = tmp.resolve("out3");
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
                System.getProperty("java.class.path"), "io.omnicanal.examples.Omnicanal", "run", "--data",
                data.toString(), "--out", out3.toString())
                .redirectErrorStream(true).redirectOutput(tmp.resolve("out3.log").toFile()).start();
        assertThat(p.waitFor()).as(Files.readString(tmp.resolve("out3.log"))).isZero();
        assertIdenticalOutputs(out1, out3);
    }

    private static void assertIdenticalOutputs(Path out1, Path out2) throws IOException {
        Map<String, byte[]> a = files(out1);
        Map<String, byte[]> b = files(out2);
        // The erasure list's salt is random per output folder by design; everything else must match.
        a.remove("state/erasures.txt");
        b.remove("state/erasures.txt");
        assertThat(a.keySet()).contains("report.html", "summary.json", "segments.csv", "actions.csv",
                "attribution-credits.csv", "attribution-returns.csv", "profiles.csv", "state/identity.snap",
                "state/segments.snap", "state/journeys.snap");
        assertThat(b.keySet()).isEqualTo(a.keySet());
        for (String f : a.keySet()) {
            assertThat(b.get(f)).as(f).isEqualTo(a.get(f));
        }
    }

    @Test
    void stitchingIsAboveItsFloor() {
        ReportData.Stitching s = first.report().stitching();
        assertThat(s.truePeople()).isEqualTo(500);
        assertThat(s.score().precision()).as("precision against persons").isGreaterThanOrEqualTo(PRECISION_FLOOR);
        assertThat(s.linkable().f1()).as("F1 against what the data can link").isGreaterThanOrEqualTo(LINKABLE_F1_FLOOR);
        assertThat(s.profiles()).isLessThan(s.identifiers());
        assertThat(first.report().linkRate().matchedOnline()).isPositive();
    }

    @Test
    void everyModelsCreditsSumToTheTotals() throws IOException {
        ReportData.Attribution a = first.report().attribution();
        assertThat(a.models()).hasSize(8);
        assertThat(a.conversions()).isPositive();
        // Oracle: the data files. Every purchase read is attributed, or counted as without a touch
        // in its lookback or without a profile: none is lost.
        long purchases = 0;
        double purchaseValue = 0;
        for (String line : Files.readAllLines(data.resolve("web_events.jsonl"), StandardCharsets.UTF_8)) {
            var n = new com.fasterxml.jackson.databind.ObjectMapper().readTree(line);
            if (n.path("type").asText().equals("purchase")) {
                purchases++;
                purchaseValue += n.path("value").asDouble();
            }
        }
        List<String> pos = Files.readAllLines(data.resolve("pos.csv"), StandardCharsets.UTF_8);
        for (String line : pos.subList(1, pos.size())) {
            purchases++;
            purchaseValue += Double.parseDouble(line.split(",", -1)[9]);
        }
        ReportData.Unattributed u = a.unattributed();
        assertThat(u.noProfile()).as("the bundled data has shop purchases without any identifier").isPositive();
        assertThat(a.conversions() + u.noTouch() + u.noProfile()).isCloseTo(purchases,
                org.assertj.core.data.Offset.offset(1e-6));
        assertThat(a.value() + u.noTouchValue() + u.noProfileValue()).isCloseTo(purchaseValue,
                org.assertj.core.data.Offset.offset(1e-6 * purchaseValue));
        for (int m = 0; m < a.models().size(); m++) {
            double conv = 0;
            double value = 0;
            for (int c = 0; c < a.channels().size(); c++) {
                assertThat(a.credit()[m][c]).as("non-negative credit").isGreaterThanOrEqualTo(-1e-12);
                conv += a.credit()[m][c];
                value += a.revenue()[m][c];
            }
            assertThat(conv).as(a.models().get(m) + " conversions").isCloseTo(a.conversions(),
                    org.assertj.core.data.Offset.offset(1e-9 * a.conversions()));
            assertThat(value).as(a.models().get(m) + " value").isCloseTo(a.value(),
                    org.assertj.core.data.Offset.offset(1e-9 * a.value()));
        }
    }

    @Test
    void segmentsAndJourneysProduceOutput() {
        ReportData r = first.report();
        assertThat(r.segments()).hasSize(20);
        assertThat(r.segments().stream().mapToLong(ReportData.Count::value).sum()).isPositive();
        assertThat(r.journeys().sentPerChannel()).isNotEmpty();
        assertThat(r.journeys().perJourney()).extracting(ReportData.Count::name).contains("cart-abandonment");
    }

    @Test
    void erasureRemovesEveryTraceFromOutputsAndSnapshots() throws IOException {
        Path out = tmp.resolve("erase");
        // A customer with a CRM record: take the CRM id of the first row; a second, malformed
        // record of the same customer goes to rejects.csv, where it must not survive the erasure
        Path source = copyData("erase-data");
        List<String> crm = new ArrayList<>(Files.readAllLines(source.resolve("crm.csv"), StandardCharsets.UTF_8));
        String[] person = crm.get(1).split(",", -1);
        String crmId = person[1];
        crm.add(crm.get(1).replaceFirst(",(\\d{4}-\\d\\d-\\d\\dT[^,]*Z),", ",yesterday,"));
        Files.write(source.resolve("crm.csv"), crm, StandardCharsets.UTF_8);
        Pipeline.run(new Pipeline.Options(source, out, DataReader.OnError.SKIP), Pipeline.Progress.NONE);
        IdentityGraph before = Tools.lastGraph(out);
        Identifier id = before.normalize(Identifier.of(io.omnicanal.identity.IdentifierType.CRM, crmId));
        long key = before.profileKey(id).orElseThrow();
        List<Identifier> ids = before.profile(key).orElseThrow().identifiers().stream().map(s -> s.identifier()).toList();
        assertThat(ids.size()).isGreaterThan(1);
        String keyText = Long.toUnsignedString(key);
        assertThat(text(out)).contains(keyText);
        // The engines' snapshots hold profile keys as 8-byte big-endian longs (DataOutputStream in
        // segmentation's SnapshotCodec and journeys' SnapshotFormat), not as text.
        byte[] keyBytes = java.nio.ByteBuffer.allocate(Long.BYTES).putLong(key).array();
        for (String snap : List.of("segments.snap", "journeys.snap")) {
            assertThat(indexOf(Files.readAllBytes(Pipeline.stateDir(out).resolve(snap)), keyBytes))
                    .as(snap + " holds the profile key before the erasure").isNotNegative();
        }

        // erasing reruns the run on its own data: another folder is refused before anything changes
        Map<String, byte[]> state = files(Pipeline.stateDir(out));
        assertThat(Omnicanal.execute("erase", "--out", out.toString(), "--data", data.toString(), "crm:" + crmId))
                .isEqualTo(Omnicanal.BAD_INPUT);
        Map<String, byte[]> unchanged = files(Pipeline.stateDir(out));
        assertThat(unchanged.keySet()).isEqualTo(state.keySet());
        state.forEach((name, bytes) -> assertThat(unchanged.get(name)).as(name).isEqualTo(bytes));
        int code = Omnicanal.execute("erase", "--out", out.toString(), "crm:" + crmId);
        assertThat(code).isZero();

        IdentityGraph after = Tools.lastGraph(out);
        for (Identifier i : ids) {
            assertThat(after.profileKey(i)).as("erased " + i).isEmpty();
        }
        String all = text(out);
        assertThat(all).doesNotContain(keyText);
        Map<String, byte[]> written = files(out);
        written.forEach((name, bytes) -> assertThat(indexOf(bytes, keyBytes)).as(name + " holds the key as a long")
                .isNegative());
        byte[] snapshot = Files.readAllBytes(Pipeline.identitySnapshot(out));
        String snapText = new String(snapshot, StandardCharsets.UTF_8);
        for (Identifier i : ids) {
            assertThat(snapText).as("snapshot holds " + i).doesNotContain(i.value());
            assertThat(all).as("outputs hold " + i).doesNotContain(i.value());
            byte[] utf8 = i.value().getBytes(StandardCharsets.UTF_8);
            written.forEach((name, bytes) -> assertThat(indexOf(bytes, utf8)).as(name + " holds " + i).isNegative());
        }
        // the malformed record was rejected, without the person's names, address, email or crm id
        String rejects = Files.readString(out.resolve("rejects.csv"));
        assertThat(rejects).contains(",updated_at,yesterday,not an ISO-8601 instant");
        for (int c : new int[] {1, 2, 3, 4, 8}) {
            assertThat(rejects).as("rejects hold column " + c).doesNotContain(person[c]);
        }
        // The rerun refused the person's rows instead of re-creating them.
        assertThat(Files.readString(out.resolve("summary.json"))).containsPattern("\"erasedRowsRefused\" : [1-9]");
    }

    @Test
    void malformedRowsAreRejectedWithFileLineAndField() throws IOException {
        Path bad = copyData("bad");
        Path crm = bad.resolve("crm.csv");
        List<String> lines = new ArrayList<>(Files.readAllLines(crm, StandardCharsets.UTF_8));
        lines.set(3, lines.get(3).replaceFirst(",(\\d{4}-\\d\\d-\\d\\dT[^,]*Z),", ",yesterday,"));
        lines.add(4, "only,three,values");
        // a placeholder date (.NET and SQL "no date") must not start the run's clock in year 1
        lines.set(5, lines.get(5).replaceFirst(",(\\d{4}-\\d\\d-\\d\\dT[^,]*Z),", ",0001-01-01T00:00:00Z,"));
        Files.write(crm, lines, StandardCharsets.UTF_8);
        Files.writeString(bad.resolve("web_events.jsonl"), "{\"time\": \"2025-01-01T00:00:00Z\", \"colour\": 1}\n"
                + "{not json\n", StandardCharsets.UTF_8, java.nio.file.StandardOpenOption.APPEND);
        Path out = tmp.resolve("bad-out");
        Pipeline.Result r = Pipeline.run(new Pipeline.Options(bad, out, DataReader.OnError.SKIP), Pipeline.Progress.NONE);
        DataReader.Counts crmCounts = r.inputs().stream().filter(c -> c.file().equals("crm.csv")).findFirst().orElseThrow();
        assertThat(crmCounts.rejected()).isEqualTo(3);
        assertThat(crmCounts.read()).isEqualTo(crmCounts.accepted() + crmCounts.rejected());
        DataReader.Counts web = r.inputs().stream().filter(c -> c.file().equals("web_events.jsonl")).findFirst().orElseThrow();
        assertThat(web.rejected()).isEqualTo(2);
        String rejects = Files.readString(out.resolve("rejects.csv"));
        assertThat(rejects).contains("crm.csv,4,updated_at,yesterday,not an ISO-8601 instant")
                .contains("crm.csv,6,updated_at,0001-01-01T00:00:00Z,outside the supported range")
                .contains("crm.csv,5,(row)").contains(",colour,,unknown field").contains("malformed JSON");

        assertThatThrownBy(() -> Pipeline.run(new Pipeline.Options(bad, tmp.resolve("stop"), DataReader.OnError.STOP),
                Pipeline.Progress.NONE)).isInstanceOf(RowException.class).hasMessageContaining("crm.csv:4: field updated_at");
        assertThat(Omnicanal.execute("run", "--data", bad.toString(), "--out", tmp.resolve("stop2").toString(),
                "--on-error", "stop")).isEqualTo(Omnicanal.BAD_INPUT);
    }

    @Test
    void exitCodesScriptsCanRelyOn() throws IOException {
        assertThat(Omnicanal.execute("run", "--no-such-option")).isEqualTo(Omnicanal.USAGE);
        assertThat(Omnicanal.execute("run", "--data", tmp.resolve("missing").toString(), "--out",
                tmp.resolve("x").toString())).isEqualTo(Omnicanal.BAD_INPUT);
        Path header = copyData("header");
        Files.writeString(header.resolve("calls.csv"), "time,phone,crm_id,reason,mood\n");
        assertThat(Omnicanal.execute("run", "--data", header.toString(), "--out", tmp.resolve("y").toString()))
                .isEqualTo(Omnicanal.BAD_INPUT);
        assertThat(Omnicanal.execute("explain", "--out", out1.toString(), "fax:1", "crm:C1")).isEqualTo(Omnicanal.BAD_INPUT);
        assertThat(Omnicanal.execute("explain", "--out", out1.toString(), "e-mail:ann@example.com", "crm:C1"))
                .isEqualTo(Omnicanal.BAD_INPUT);
        assertThat(Omnicanal.execute("explain", "--out", out1.toString(), "email:not-an-address", "crm:C1"))
                .isEqualTo(Omnicanal.BAD_INPUT);
    }

    /**
     * Oracle: the data file itself. A CRM row links its customer number to its email directly, so
     * the chain is one link, and the file and line it names hold both values.
     */
    @Test
    void explainNamesTheRowThatJoinedTwoIdentifiers() throws IOException {
        List<String> crm = Files.readAllLines(data.resolve("crm.csv"), StandardCharsets.UTF_8);
        List<String> header = List.of(crm.get(0).split(",", -1));
        int idCol = header.indexOf("crm_id");
        int emailCol = header.indexOf("email");
        String[] row = crm.stream().skip(1).map(l -> l.split(",", -1))
                .filter(f -> f.length == header.size() && f[idCol].matches("C\\d+") && f[emailCol].matches("[a-z]+\\.[a-z]+\\d*@[a-z.]+"))
                .findFirst().orElseThrow();
        List<String> lines = Tools.explain(out1, "crm:" + row[idCol], "email:" + row[emailCol]);
        assertThat(lines.get(0)).contains("are one profile");
        assertThat(lines).hasSize(2);
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("crm\\.csv:(\\d+)").matcher(lines.get(1));
        assertThat(m.find()).as(lines.get(1)).isTrue();
        String named = crm.get(Integer.parseInt(m.group(1)) - 1);
        assertThat(named).contains(row[idCol]).containsIgnoringCase(row[emailCol]);
    }

    @Test
    void reportRendersInABrowser() throws Exception {
        Path binary = ReportBrowserTest.chromiumOrSkip().orElseThrow();
        int charts = ReportBrowserTest.checkInBrowser(binary, out1.resolve("report.html"));
        assertThat(charts).isEqualTo(8);
    }

    private Path copyData(String name) throws IOException {
        Path dir = tmp.resolve(name);
        Files.createDirectories(dir);
        try (Stream<Path> files = Files.list(data)) {
            for (Path f : files.toList()) {
                Files.copy(f, dir.resolve(f.getFileName()));
            }
        }
        return dir;
    }

    private static Map<String, byte[]> files(Path dir) throws IOException {
        Map<String, byte[]> m = new TreeMap<>();
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.filter(Files::isRegularFile).toList()) {
                String rel = dir.relativize(p).toString().replace('\\', '/');
                if (!rel.startsWith("data/") && !rel.endsWith(".png")) {
                    m.put(rel, Files.readAllBytes(p));
                }
            }
        }
        return m;
    }

    /** Every output and snapshot as UTF-8 text (identifier values may be accented). */
    private static String text(Path dir) throws IOException {
        StringBuilder b = new StringBuilder();
        for (byte[] bytes : files(dir).values()) {
            b.append(new String(bytes, StandardCharsets.UTF_8)).append('\n');
        }
        return b.toString();
    }

    /** Where {@code needle} first occurs in {@code hay}, or -1. */
    static int indexOf(byte[] hay, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= hay.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (hay[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
