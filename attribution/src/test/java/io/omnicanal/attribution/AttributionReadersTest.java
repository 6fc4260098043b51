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
}
