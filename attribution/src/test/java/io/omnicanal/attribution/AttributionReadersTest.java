package io.omnicanal.attribution;

import org.junit.jupiter.api.Test;

import java.io.StringReader;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AttributionReadersTest {

    @Test
    void touchpointsFromCsvAndJsonLinesAgree() {
        String csv = "profile,time,channel,campaign,device,kind,cost\n"
                + "7,2026-01-02T10:00:00Z,search,\"spring, 2026\",mobile,click,0.25\n"
                + "\n"
                + "8,2026-01-03T10:00:00.5Z,email,,,open,\n";
        String jsonl = "{\"profile\":7,\"time\":\"2026-01-02T10:00:00Z\",\"channel\":\"search\",\"campaign\":\"spring, 2026\","
                + "\"device\":\"mobile\",\"kind\":\"click\",\"cost\":0.25}\n"
                + "{\"profile\":\"8\",\"time\":\"2026-01-03T10:00:00.5Z\",\"channel\":\"email\",\"kind\":\"open\"}\n";
        List<Touchpoint> a = AttributionReaders.touchpointsCsv(new StringReader(csv));
        List<Touchpoint> b = AttributionReaders.touchpointsJsonLines(new StringReader(jsonl));
        assertThat(a).isEqualTo(b).containsExactly(
                new Touchpoint(7, Instant.parse("2026-01-02T10:00:00Z"), "search", "spring, 2026", "mobile", "click", 0.25),
                new Touchpoint(8, Instant.parse("2026-01-03T10:00:00.5Z"), "email", "", "", "open", 0));
    }

    /**
     * The names of one read are shared instances (a dozen channels over millions of touches hold
     * each name once), up to 65,536 distinct values per field: 70,000 campaign ids unique per touch
     * neither stop the channels being shared (a pool per field) nor grow the pool past its bound
     * (two touches of a campaign first seen past it get two instances), and every value is read
     * exactly.
     */
    @Test
    void namesOfOneReadAreSharedInstancesUpToTheBound() {
        StringBuilder csv = new StringBuilder("profile,time,channel,campaign,device,kind\n");
        StringBuilder jsonl = new StringBuilder();
        int rows = 70_002;
        for (int i = 0; i < rows; i++) {
            String campaign = i < 70_000 ? "c" + i : "late";
            String channel = i < 70_000 ? (i % 2 == 0 ? "search" : "email") : "kiosk"; // kiosk: new past the campaigns' bound
            csv.append(i).append(",2026-01-02T10:00:00Z,").append(channel)
                    .append(',').append(campaign).append(",mobile,click\n");
            jsonl.append("{\"profile\":").append(i).append(",\"time\":\"2026-01-02T10:00:00Z\",\"channel\":\"")
                    .append(channel).append("\",\"campaign\":\"").append(campaign).append("\",\"kind\":\"click\"}\n");
        }
        for (List<Touchpoint> read : List.of(AttributionReaders.touchpointsCsv(new StringReader(csv.toString())),
                AttributionReaders.touchpointsJsonLines(new StringReader(jsonl.toString())))) {
            assertThat(read).hasSize(rows);
            for (int i = 0; i < 70_000; i++) {
                Touchpoint t = read.get(i);
                assertThat(t.channel()).isSameAs(read.get(i % 2).channel());
                assertThat(t.campaign()).isEqualTo("c" + i);
                assertThat(t.kind()).isSameAs(read.get(0).kind()).isEqualTo("click");
            }
            Touchpoint a = read.get(70_000);
            Touchpoint b = read.get(70_001);
            assertThat(b.channel()).isSameAs(a.channel()).isEqualTo("kiosk");
            assertThat(b.campaign()).isEqualTo(a.campaign()).isEqualTo("late").isNotSameAs(a.campaign());
            assertThat(read.get(0).channel()).isEqualTo("search");
            assertThat(read.get(1).channel()).isEqualTo("email");
        }
        List<Conversion> conversions = AttributionReaders.conversionsCsv(new StringReader(
                "profile,time,value,type\n1,2026-01-05T00:00:00Z,1,order\n2,2026-01-05T00:00:00Z,2,order\n"));
        assertThat(conversions.get(1).type()).isSameAs(conversions.get(0).type()).isEqualTo("order");
    }

    @Test
    void conversionsAndSpend() {
        assertThat(AttributionReaders.conversionsCsv(new StringReader("profile,time,value,type\n1,2026-01-05T00:00:00Z,19.99,order\n")))
                .containsExactly(new Conversion(1, Instant.parse("2026-01-05T00:00:00Z"), 19.99, "order"));
        assertThat(AttributionReaders.conversionsJsonLines(new StringReader("{\"profile\":1,\"time\":\"2026-01-05T00:00:00Z\",\"value\":3}")))
                .containsExactly(new Conversion(1, Instant.parse("2026-01-05T00:00:00Z"), 3, ""));
        assertThat(AttributionReaders.spendCsv(new StringReader(
                "dimension,key,from,to,amount\nCHANNEL,search,2026-01-01T00:00:00Z,2026-02-01T00:00:00Z,1000\n")))
                .containsExactly(new Spend(Dimension.CHANNEL, "search", Instant.parse("2026-01-01T00:00:00Z"),
                        Instant.parse("2026-02-01T00:00:00Z"), 1000));
    }

    @Test
    void errorsNameTheLineFieldAndValue() {
        assertThatThrownBy(() -> AttributionReaders.touchpointsCsv(new StringReader("profile,time,channel,colour\n")))
                .hasMessageContaining("line 1").hasMessageContaining("\"colour\"");
        assertThatThrownBy(() -> AttributionReaders.touchpointsCsv(new StringReader("profile,time\n")))
                .hasMessageContaining("missing column \"channel\"");
        assertThatThrownBy(() -> AttributionReaders.touchpointsCsv(new StringReader(
                "profile,time,channel\n1,2026-01-01T00:00:00Z,a\nx1,2026-01-01T00:00:00Z,a\n")))
                .hasMessageContaining("line 3").hasMessageContaining("\"profile\"").hasMessageContaining("\"x1\"");
        assertThatThrownBy(() -> AttributionReaders.conversionsCsv(new StringReader(
                "profile,time,value\n1,2026-13-01T00:00:00Z,1\n")))
                .hasMessageContaining("line 2").hasMessageContaining("\"time\"").hasMessageContaining("2026-13-01");
        assertThatThrownBy(() -> AttributionReaders.conversionsCsv(new StringReader(
                "profile,time,value\n1,2026-01-01T00:00:00Z,-5\n")))
                .hasMessageContaining("line 2").hasMessageContaining("value").hasMessageContaining("-5");
        assertThatThrownBy(() -> AttributionReaders.conversionsJsonLines(new StringReader(
                "{\"profile\":1,\"time\":\"2026-01-01T00:00:00Z\",\"value\":1,\"colour\":\"red\"}")))
                .hasMessageContaining("line 1").hasMessageContaining("\"colour\"");
        assertThatThrownBy(() -> AttributionReaders.conversionsJsonLines(new StringReader("{\"profile\":1,")))
                .hasMessageContaining("line 1").hasMessageContaining("malformed JSON");
        assertThatThrownBy(() -> AttributionReaders.spendCsv(new StringReader(
                "dimension,key,from,to,amount\nregion,x,2026-01-01T00:00:00Z,2026-02-01T00:00:00Z,1\n")))
                .hasMessageContaining("line 2").hasMessageContaining("\"region\"");
        assertThatThrownBy(() -> AttributionReaders.touchpointsCsv(new StringReader("profile,time,channel\n1,2\n")))
                .hasMessageContaining("line 2").hasMessageContaining("2 fields");
    }

    @Test
    void channelAttributionPathTable() {
        String table = "path;total_conversions;total_conversion_value;total_null;extra\n"
                + "alpha > beta > alpha;3;30.5;10;x\n"
                + "beta;0;0;4;y\n";
        PathTable t = AttributionReaders.pathTable(new StringReader(table), PathTableFormat.builder().separator(';').build());
        assertThat(t.size()).isEqualTo(2);
        assertThat(t.pathString(0, " > ")).isEqualTo("alpha > beta > alpha");
        assertThat(t.conversions(0)).isEqualTo(3);
        assertThat(t.conversionValue(0)).isEqualTo(30.5);
        assertThat(t.nulls(1)).isEqualTo(4);
        PathTable custom = AttributionReaders.pathTable(new StringReader("journey,conv\na>b,2\n"),
                PathTableFormat.builder().pathColumn("journey").conversionsColumn("conv").valueColumn("").nullsColumn("")
                        .build());
        assertThat(custom.totalConversions()).isEqualTo(2);
        assertThatThrownBy(() -> AttributionReaders.pathTable(new StringReader("path,total_conversions\na>>b,1\n"),
                PathTableFormat.defaults())).hasMessageContaining("line 2").hasMessageContaining("empty step");
        assertThatThrownBy(() -> AttributionReaders.pathTable(new StringReader("path,total_conversions\na,-1\n"),
                PathTableFormat.defaults())).hasMessageContaining("line 2").hasMessageContaining("-1");
        assertThatThrownBy(() -> AttributionReaders.pathTable(new StringReader("path,total_conversions\n"),
                PathTableFormat.defaults())).hasMessageContaining("empty data set");
        assertThatThrownBy(() -> AttributionReaders.pathTable(new StringReader("route,total_conversions\n"),
                PathTableFormat.defaults())).hasMessageContaining("missing column \"path\"");
    }

    /** Asserts that reading fails with an {@code IllegalArgumentException} whose message holds every part. */
    static void fails(Runnable read, String... parts) {
        org.assertj.core.api.AbstractThrowableAssert<?, ? extends Throwable> a =
                assertThatThrownBy(read::run).isInstanceOf(IllegalArgumentException.class);
        for (String part : parts) {
            a.hasMessageContaining(part);
        }
    }

    static List<Touchpoint> touchCsv(String text) {
        return AttributionReaders.touchpointsCsv(new StringReader(text));
    }

    static List<Touchpoint> touchJson(String text) {
        return AttributionReaders.touchpointsJsonLines(new StringReader(text));
    }

    /**
     * Values the record types refuse, read from CSV and JSON lines: the message names the line, the
     * field and the value (worked out by hand from each input).
     */
    @Test
    void valuesTheRecordsRefuseNameLineFieldAndValue() {
        String head = "profile,time,channel,campaign,device,kind,cost\n";
        fails(() -> touchCsv(head + "1,2026-01-01T00:00:00Z,a,,,,1\n2,2026-01-01T00:00:00Z,a,,,,-1\n"),
                "line 3", "cost", "-1.0");
        fails(() -> touchCsv(head + "1,2026-01-01T00:00:00Z,a,,,,NaN\n"), "line 2", "cost", "NaN");
        fails(() -> touchCsv(head + "1,2026-01-01T00:00:00Z,  ,,,,\n"), "line 2", "channel", "\"  \"");
        fails(() -> touchCsv(head + "1,2026-01-01T00:00:00Z,a,,,,1.5.2\n"), "line 2", "\"cost\"", "\"1.5.2\"");
        fails(() -> touchJson("{\"profile\":1,\"time\":\"2026-01-01T00:00:00Z\",\"channel\":\"a\",\"cost\":-2}"),
                "line 1", "cost", "-2.0");
        fails(() -> touchJson("{\"profile\":1.5,\"time\":\"2026-01-01T00:00:00Z\",\"channel\":\"a\"}"),
                "line 1", "\"profile\"", "\"1.5\"");
        fails(() -> AttributionReaders.conversionsCsv(new StringReader("profile,time,value\n1,2026-01-01T00:00:00Z,NaN\n")),
                "line 2", "value", "NaN");
        fails(() -> AttributionReaders.conversionsCsv(new StringReader(
                "profile,time,value\n1,2026-01-01T00:00:00Z,Infinity\n")), "line 2", "value", "Infinity");
        fails(() -> AttributionReaders.conversionsJsonLines(new StringReader(
                "\n{\"profile\":1,\"time\":\"yesterday\",\"value\":1}")), "line 2", "\"time\"", "\"yesterday\"");
        String spend = "dimension,key,from,to,amount\n";
        fails(() -> AttributionReaders.spendCsv(new StringReader(spend
                + "channel,a,2026-02-01T00:00:00Z,2026-01-01T00:00:00Z,1\n")), "line 2", "to must be after from",
                "2026-02-01T00:00:00Z");
        fails(() -> AttributionReaders.spendCsv(new StringReader(spend
                + "device,mobile,2026-01-01T00:00:00Z,2026-02-01T00:00:00Z,1\n")), "line 2", "dimension", "device");
        fails(() -> AttributionReaders.spendCsv(new StringReader(spend
                + "channel,a,2026-01-01T00:00:00Z,2026-02-01T00:00:00Z,-0.5\n")), "line 2", "amount", "-0.5");
        fails(() -> AttributionReaders.spendCsv(new StringReader(spend
                + "channel, ,2026-01-01T00:00:00Z,2026-02-01T00:00:00Z,1\n")), "line 2", "key", "\" \"");
        fails(() -> AttributionReaders.spendJsonLines(new StringReader("{\"dimension\":\"channel\",\"key\":\"a\","
                + "\"from\":\"2026-01-01T00:00:00Z\",\"to\":\"2026-02-01T00:00:00Z\"}")), "line 1", "\"amount\"",
                "missing");
        // dimensions are read in Locale.ROOT: upper case works under the Turkish default locale too
        assertThat(AttributionReaders.spendCsv(new StringReader(spend
                + "CAMPAIGN,spring,2026-01-01T00:00:00Z,2026-02-01T00:00:00Z,3\n")).get(0).dimension())
                .isEqualTo(Dimension.CAMPAIGN);
    }

    /** Malformed files: the message names the line (and the column or field) of the fault. */
    @Test
    void malformedFilesNameTheLine() {
        fails(() -> touchCsv(""), "line 1", "empty input");
        fails(() -> touchCsv("profile,time,channel,time\n"), "line 1", "column \"time\" appears twice");
        fails(() -> touchCsv("profile,time,channel\n1,2026-01-01T00:00:00Z,\"open\n"), "line 2",
                "unterminated quoted field");
        // a quoted field spanning lines 2 and 3: the next record is line 4
        fails(() -> touchCsv("profile,time,channel\n1,2026-01-01T00:00:00Z,\"a\nb\"\nx,2026-01-01T00:00:00Z,c\n"),
                "line 4", "\"profile\"", "\"x\"");
        fails(() -> touchJson("{\"profile\":1,\"time\":\"2026-01-01T00:00:00Z\",\"channel\":\"a\"}\n[1,2]\n"),
                "line 2", "expected a JSON object");
        fails(() -> touchJson("{\"profile\":1,\"time\":\"2026-01-01T00:00:00Z\",\"channel\":{\"name\":\"a\"}}"),
                "line 1", "\"channel\"", "{\"name\":\"a\"}");
        fails(() -> touchJson("{\"profile\":1,\"time\":\"2026-01-01T00:00:00Z\",\"channel\":null}"),
                "line 1", "\"channel\"", "null");
        fails(() -> touchJson("{\"profile\":1,\"channel\":\"a\"}"), "line 1", "\"time\"", "missing");
        // a repeated field would silently keep its last value: refused, naming the field
        fails(() -> touchJson("{\"profile\":1,\"profile\":2,\"time\":\"2026-01-01T00:00:00Z\",\"channel\":\"a\"}"),
                "line 1", "profile");
    }

    /** A byte-order mark at the start (as some editors save UTF-8) is skipped by every record reader. */
    @Test
    void aLeadingByteOrderMarkIsSkipped() {
        Touchpoint expected = Touchpoint.of(1, Instant.parse("2026-01-01T00:00:00Z"), "a");
        assertThat(touchCsv("\uFEFFprofile,time,channel\n1,2026-01-01T00:00:00Z,a\n")).containsExactly(expected);
        assertThat(touchJson("\uFEFF{\"profile\":1,\"time\":\"2026-01-01T00:00:00Z\",\"channel\":\"a\"}\n"))
                .containsExactly(expected);
        // only at the very start: on a later line it is a malformed line
        fails(() -> touchJson("{\"profile\":1,\"time\":\"2026-01-01T00:00:00Z\",\"channel\":\"a\"}\n"
                + "\uFEFF{\"profile\":1,\"time\":\"2026-01-01T00:00:00Z\",\"channel\":\"a\"}\n"), "line 2", "malformed JSON");
    }

    /**
     * A column the aggregated-table reader reads must be one column: a header naming it twice, or
     * a format giving one column two roles, is refused rather than read from whichever came last.
     */
    @Test
    void aColumnReadTwiceIsRefused() {
        fails(() -> AttributionReaders.pathTable(new StringReader("path,total_conversions,path\na,1,b\n"),
                PathTableFormat.defaults()), "line 1", "column \"path\" appears twice", "fields 1 and 3");
        // the same when Markov order 1 is counted while reading, without a table
        fails(() -> AttributionReaders.attribute(AttributionModel.markov(1), new StringReader(
                "path,total_conversions,total_conversions\na,1,2\n"), PathTableFormat.defaults()), "line 1",
                "column \"total_conversions\" appears twice", "fields 2 and 3");
        // an extra column named twice is still ignored, and so are two unnamed ones with no value column
        assertThat(AttributionReaders.pathTable(new StringReader("path,total_conversions,note,note\na,1,x,y\n"),
                PathTableFormat.defaults()).totalConversions()).isEqualTo(1.0);
        assertThat(AttributionReaders.pathTable(new StringReader("path,total_conversions,,\na,2,,\n"),
                PathTableFormat.builder().valueColumn("").nullsColumn("").build()).totalConversions()).isEqualTo(2.0);
        assertThatThrownBy(() -> PathTableFormat.builder().valueColumn("total_conversions").build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("valueColumn").hasMessageContaining("conversionsColumn")
                .hasMessageContaining("\"total_conversions\"");
        assertThatThrownBy(() -> PathTableFormat.builder().pathColumn("x").nullsColumn("x").build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("nullsColumn").hasMessageContaining("pathColumn").hasMessageContaining("\"x\"");
        // no value and no nulls column: both empty, which is not a clash
        assertThat(PathTableFormat.builder().valueColumn("").nullsColumn("").build().valueColumn()).isEmpty();
    }
}
