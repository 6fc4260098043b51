package io.omnicanal.examples;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * A hand-written data folder of a few rows per file, small enough that a whole run takes well under
 * a second: 14 rows that can carry identifiers, 13 of which do (one shop purchase carries none),
 * one of them a bot's; one spend row.
 */
public final class TinyData {
    private TinyData() {}

    /** Rows that carry at least one identifier. */
    public static final int ROWS_WITH_AN_IDENTIFIER = 13;

    /**
     * Writes the folder.
     *
     * @param dir   the folder, created if missing
     * @param truth whether every row but spend carries the {@code true_person} column
     * @return {@code dir}
     */
    public static Path write(Path dir, boolean truth) throws IOException {
        Files.createDirectories(dir);
        csv(dir, "crm.csv", truth, "record_id,crm_id,first_name,last_name,street,house_number,postcode,city,email,phone,"
                + "birth_date,gender,consent_email,consent_sms,updated_at", List.of(
                "r1,C1,Ann,Lee,rue de la Paix,12,75002,Paris,ann.lee@example.com,0612345678,1990-02-03,F,true,true,"
                        + "2025-01-02T10:00:00Z|P1",
                "r2,C2,Bob,Roy,rue du Bac,3,75007,Paris,bob.roy@example.com,0698765432,1985-06-07,M,true,false,"
                        + "2025-01-03T10:00:00Z|P2"));
        StringBuilder web = new StringBuilder();
        String[][] events = {
            {"2025-01-05T09:00:00Z", "web", "view", "0d8f4a7e-6c1b-4a8e-9d3e-2f1c5b7a9e01", "", "", "0", "P1"},
            {"2025-01-05T09:01:00Z", "web", "login", "0d8f4a7e-6c1b-4a8e-9d3e-2f1c5b7a9e01", "A1", "ann.lee@example.com", "0", "P1"},
            {"2025-01-05T09:02:00Z", "web", "add_to_cart", "0d8f4a7e-6c1b-4a8e-9d3e-2f1c5b7a9e01", "A1", "", "0", "P1"},
            {"2025-01-05T09:03:00Z", "web", "purchase", "0d8f4a7e-6c1b-4a8e-9d3e-2f1c5b7a9e01", "A1", "", "49.90", "P1"},
            {"2025-01-06T03:00:00Z", "web", "view", "7b2c9e10-4d5f-4a6b-8c7d-9e0f1a2b3c4d", "", "", "0", "BOT1"},
        };
        for (String[] e : events) {
            web.append("{\"time\":\"").append(e[0]).append("\",\"channel\":\"").append(e[1])
                    .append("\",\"device\":\"desktop\",\"type\":\"").append(e[2]).append("\",\"cookie\":\"").append(e[3])
                    .append('"');
            if (!e[4].isEmpty()) {
                web.append(",\"account_id\":\"").append(e[4]).append('"');
            }
            if (!e[5].isEmpty()) {
                web.append(",\"email\":\"").append(e[5]).append('"');
            }
            web.append(",\"value\":").append(e[6]);
            if (truth) {
                web.append(",\"true_person\":\"").append(e[7]).append('"');
            }
            web.append("}\n");
        }
        Files.writeString(dir.resolve("web_events.jsonl"), web, StandardCharsets.UTF_8);
        csv(dir, "pos.csv", truth, "time,store_id,loyalty_card,receipt_email,first_name,last_name,street,house_number,"
                + "postcode,amount,product", List.of(
                "2025-01-07T11:00:00Z,S1,,bob.roy@example.com,,,,,,20.00,hat|P2",
                "2025-01-07T12:00:00Z,S1,,,,,,,,15.00,scarf|P3"));
        csv(dir, "calls.csv", truth, "time,phone,crm_id,reason", List.of("2025-01-08T10:00:00Z,+33698765432,,billing|P2"));
        csv(dir, "touchpoints.csv", truth, "time,channel,campaign,kind,device,cookie,maid,email,phone,cost", List.of(
                "2025-01-04T08:00:00Z,email,email-promo,open,,,,ann.lee@example.com,,0.001|P1",
                "2025-01-04T20:00:00Z,display,display-prospecting,impression,desktop,0d8f4a7e-6c1b-4a8e-9d3e-2f1c5b7a9e01,,,,0.004|P1",
                "2025-01-05T08:30:00Z,search,search-brand,click,desktop,0d8f4a7e-6c1b-4a8e-9d3e-2f1c5b7a9e01,,,,0.45|P1"));
        csv(dir, "demographics.csv", truth, "email_sha256,age_band,income_band", List.of(
                "5d41402abc4b2a76b9719d911017c5925d41402abc4b2a76b9719d911017c592,25-34,high|P1"));
        Files.writeString(dir.resolve("spend.csv"), "channel,campaign,month,amount\nemail,email-promo,2025-01,100\n",
                StandardCharsets.UTF_8);
        return dir;
    }

    /** Writes a CSV file; each row is {@code values|true_person}. */
    private static void csv(Path dir, String file, boolean truth, String header, List<String> rows) throws IOException {
        StringBuilder b = new StringBuilder(header).append(truth ? ",true_person\n" : "\n");
        for (String r : rows) {
            int bar = r.lastIndexOf('|');
            b.append(r, 0, bar);
            if (truth) {
                b.append(',').append(r.substring(bar + 1));
            }
            b.append('\n');
        }
        Files.writeString(dir.resolve(file), b, StandardCharsets.UTF_8);
    }
}
