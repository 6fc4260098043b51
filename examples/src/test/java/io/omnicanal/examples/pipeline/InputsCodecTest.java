package io.omnicanal.examples.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.omnicanal.examples.data.DataReader;
import io.omnicanal.examples.data.Schema;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Rows survive the trip through the spill encoding exactly, and a damaged record is refused. */
class InputsCodecTest {

    @TempDir
    Path dir;

    @Test
    void everyFileKindRoundTripsThroughTheStore() throws IOException {
        Path data = dir.resolve("data");
        Files.createDirectories(data);
        write(data, Schema.CRM, "record_id,crm_id,first_name,last_name,street,house_number,postcode,city,email,phone,"
                + "birth_date,gender,consent_email,consent_sms,updated_at,true_person\n"
                + "r1,C1,Zoé,Müller,rue de la Paix,12,75002,Paris,zoe@example.com,0612345678,1990-02-03,F,true,false,"
                + "2025-03-01T10:00:00Z,P1\n"
                + "r2,C2,,,,,,,,,,,false,true,2025-03-01T09:00:00.5Z,P2\n");
        write(data, Schema.WEB_EVENTS, "{\"time\":\"2025-03-01T10:00:00Z\",\"channel\":\"web\",\"device\":\"mobile\","
                + "\"type\":\"purchase\",\"cookie\":\"0d8f4a7e-6c1b-4a8e-9d3e-2f1c5b7a9e01\",\"value\":\"12.5\","
                + "\"product\":\"shoes\",\"true_person\":\"P1\"}\n");
        write(data, Schema.POS, "time,store_id,loyalty_card,receipt_email,first_name,last_name,street,house_number,"
                + "postcode,amount,product,true_person\n2025-02-01T08:00:00Z,S1,LC123,,Ann,Lee,Main St,3,75001,9.99,"
                + "hat,P3\n");
        write(data, Schema.CALLS, "time,phone,crm_id,reason,true_person\n2025-01-01T00:00:00Z,+33612345678,,billing,P1\n");
        write(data, Schema.TOUCHPOINTS, "time,channel,campaign,kind,device,cookie,maid,email,phone,cost,true_person\n"
                + "2025-01-05T00:00:00Z,email,spring,open,,,,zoe@example.com,,0.01,P1\n");
        write(data, Schema.DEMOGRAPHICS, "email_sha256,age_band,income_band,true_person\nabc123,25-34,high,P1\n");
        write(data, Schema.SPEND, "channel,campaign,month,amount\nemail,spring,2025-01,100\n");

        List<Inputs.Parsed> direct = new ArrayList<>();
        Inputs in;
        try (DataReader reader = new DataReader(data, DataReader.OnError.STOP, dir.resolve("rejects.csv"));
             RowStore store = new RowStore(dir, 1024)) {
            in = Inputs.read(reader, store, n -> { });
            Bytes.Reader bytes = new Bytes.Reader();
            store.replay((d, off, len) -> direct.add(Inputs.decode(bytes.set(d, off, len))));
        }
        assertThat(in.rows).isEqualTo(7);
        assertThat(in.shopPurchases).isEqualTo(1);
        assertThat(in.spend).hasSize(1);
        assertThat(in.first).isEqualTo(Instant.parse("2025-01-01T00:00:00Z"));
        assertThat(in.truePeople()).isEqualTo(3);
        // Replay order: timeless demographics first, then by time.
        assertThat(direct).extracting(p -> p.source().schema()).containsExactly(Schema.DEMOGRAPHICS, Schema.CALLS,
                Schema.TOUCHPOINTS, Schema.POS, Schema.CRM, Schema.CRM, Schema.WEB_EVENTS);
        Inputs.Parsed crm = direct.get(4);
        assertThat(crm.source().time()).isEqualTo(Instant.parse("2025-03-01T09:00:00.5Z"));
        assertThat(crm.payload()).isEqualTo(new Inputs.Crm(null, "", false, true, ""));
        Inputs.Parsed zoe = direct.get(5);
        assertThat(zoe.payload()).isEqualTo(new Inputs.Crm(LocalDate.of(1990, 2, 3), "F", true, false, "Paris"));
        assertThat(zoe.source().ids()).extracting(Inputs.RawId::value).containsExactly("C1", "zoe@example.com",
                "0612345678", "Zoé\u001fMüller\u001frue de la Paix\u001f12\u001f75002");
        assertThat(direct.get(6).payload()).isEqualTo(new Inputs.WebEvent("web", "mobile", "purchase", 12.5, "shoes"));
        assertThat(direct.get(3).payload()).isEqualTo(new Inputs.ShopPurchase("S1", 9.99, "hat"));
        assertThat(direct.get(2).payload()).isEqualTo(new Inputs.Touch("email", "spring", "open", "", 0.01));
        assertThat(direct.get(1).payload()).isEqualTo(new Inputs.Call("billing"));
        assertThat(direct.get(0).payload()).isEqualTo(new Inputs.Demographic("25-34", "high"));
        assertThat(direct.get(0).source().time()).isNull();
        assertThat(direct.get(0).truth()).isEqualTo(zoe.truth());
    }

    /**
     * Listed values (web channel and type, touch channel and kind) are the schema's, exact case: a
     * {@code "Purchase"} would otherwise be accepted and never become a conversion.
     */
    @Test
    void aValueOutsideItsListRejectsTheRowNamingFieldAndValue() throws IOException {
        Path data = io.omnicanal.examples.TinyData.write(dir.resolve("data"), true);
        Path web = data.resolve("web_events.jsonl");
        List<String> events = new ArrayList<>(Files.readAllLines(web, StandardCharsets.UTF_8));
        events.set(0, events.get(0).replace("\"channel\":\"web\"", "\"channel\":\"Web\""));
        events.set(3, events.get(3).replace("\"type\":\"purchase\"", "\"type\":\"Purchase\""));
        Files.write(web, events, StandardCharsets.UTF_8);
        Path touches = data.resolve("touchpoints.csv");
        Files.writeString(touches, Files.readString(touches, StandardCharsets.UTF_8)
                .replace(",email,email-promo,open,", ",email,email-promo,Open,")
                .replace(",search,search-brand,click,", ",Search,search-brand,click,"), StandardCharsets.UTF_8);
        Path rejects = dir.resolve("rejects.csv");
        Inputs in;
        List<DataReader.Counts> counts;
        try (DataReader reader = new DataReader(data, DataReader.OnError.SKIP, rejects);
             RowStore store = new RowStore(dir, 1024)) {
            in = Inputs.read(reader, store, n -> { });
            counts = reader.counts();
        }
        assertThat(counts).contains(new DataReader.Counts("web_events.jsonl", 5, 3, 2),
                new DataReader.Counts("touchpoints.csv", 3, 1, 2));
        assertThat(in.rows).isEqualTo(14 - 4);
        String text = Files.readString(rejects, StandardCharsets.UTF_8);
        assertThat(text).contains("web_events.jsonl,1,channel,Web,\"not one of web, app (exact case)\"")
                .contains("web_events.jsonl,4,type,Purchase,\"not one of view, app_open, login, signup, add_to_cart,"
                        + " purchase (exact case)\"")
                .contains("touchpoints.csv,2,kind,Open,\"not one of impression, click, sent, open (exact case)\"")
                .contains("touchpoints.csv,4,channel,Search,\"not one of display, video, social, search, email, sms,"
                        + " push (exact case)\"");
    }

    /** The schema's lists are the generator's: every value the simulation writes is accepted. */
    @Test
    void theListsHoldWhatTheGeneratorWrites() {
        assertThat(Schema.TOUCH_CHANNELS).containsExactlyInAnyOrderElementsOf(
                Arrays.stream(io.omnicanal.examples.data.DataGenerator.Channel.values())
                        .map(ch -> ch.name().toLowerCase(java.util.Locale.ROOT)).toList());
        // The segment definitions' first six event types are the web and app ones.
        assertThat(Arrays.asList(Definitions.EVENT_TYPES).subList(0, 6)).containsExactlyElementsOf(Schema.WEB_TYPES);
    }

    @Test
    void aTruncatedRecordIsRefusedNotMisread() {
        Bytes.Writer w = new Bytes.Writer();
        w.writeByte(Schema.CALLS.ordinal());
        w.writeVarLong(3);
        w.writeSignedVarLong(-1);
        w.writeByte(0);
        w.writeVarLong(0);
        w.writeString("billing");
        byte[] whole = Arrays.copyOf(w.array(), w.size());
        assertThat(Inputs.decode(new Bytes.Reader().set(whole, 0, whole.length)).payload())
                .isEqualTo(new Inputs.Call("billing"));
        assertThatThrownBy(() -> Inputs.decode(new Bytes.Reader().set(whole, 0, whole.length - 2)))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("corrupt row record");
        byte[] longer = Arrays.copyOf(whole, whole.length + 1);
        assertThatThrownBy(() -> Inputs.decode(new Bytes.Reader().set(longer, 0, longer.length)))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("trailing bytes");
    }

    private static void write(Path data, Schema s, String text) throws IOException {
        Files.writeString(data.resolve(s.fileName()), text, StandardCharsets.UTF_8);
    }
}
