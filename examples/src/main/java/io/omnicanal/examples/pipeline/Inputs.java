package io.omnicanal.examples.pipeline;

import io.omnicanal.examples.data.DataReader;
import io.omnicanal.examples.data.Row;
import io.omnicanal.examples.data.Schema;
import io.omnicanal.identity.IdentifierType;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Every row of a data folder, parsed: one {@link Source} per row that can carry identifiers (its
 * time, file, line and raw identifiers), and the typed payload of each file pointing back to its
 * source record by index. The truth column is kept apart, in {@link #truth}, for grading only.
 */
final class Inputs {

    /** A raw identifier as read, with the column it came from. */
    record RawId(IdentifierType type, String value, String column) {}

    /** One row that can carry identifiers. */
    record Source(Schema schema, long line, Instant time, List<RawId> ids) {}

    /** A marketing touch. */
    record Touch(int source, Instant time, String channel, String campaign, String kind, String device, double cost) {}

    /** A web or app event (view, app_open, login, signup, add_to_cart, purchase). */
    record WebEvent(int source, Instant time, String channel, String device, String type, double value,
            String product) {}

    /** A shop-counter purchase. */
    record ShopPurchase(int source, Instant time, String store, double amount, String product) {}

    /** A call-centre call. */
    record Call(int source, Instant time, String reason) {}

    /** A CRM record's traits. */
    record Crm(int source, Instant time, LocalDate birthDate, String gender, boolean consentEmail,
            boolean consentSms, String city) {}

    /** Third-party demographics. */
    record Demographic(int source, String ageBand, String incomeBand) {}

    /** Spend of one campaign in one month. */
    record SpendRow(String channel, String campaign, YearMonth month, double amount) {}

    final List<Source> sources = new ArrayList<>();
    /** The typed payload of each source record (a Touch, WebEvent, ShopPurchase, Call, Crm or Demographic). */
    final List<Object> payloads = new ArrayList<>();
    /** Interned true person of each source record (-1 where the file has no truth column). */
    final List<Integer> truth = new ArrayList<>();
    private final Map<String, Integer> truthIds = new HashMap<>();

    final List<Touch> touches = new ArrayList<>();
    final List<WebEvent> webEvents = new ArrayList<>();
    final List<ShopPurchase> shopPurchases = new ArrayList<>();
    final List<Call> calls = new ArrayList<>();
    final List<Crm> crm = new ArrayList<>();
    final List<Demographic> demographics = new ArrayList<>();
    final List<SpendRow> spend = new ArrayList<>();

    private final java.util.Set<Integer> bots = new java.util.HashSet<>();

    /** Number of distinct true persons seen (bots not counted). */
    int truePeople() {
        return truthIds.size() - bots.size();
    }

    /** Whether an interned truth label is a simulated bot (its label starts with {@code BOT}). */
    boolean isBot(int truth) {
        return bots.contains(truth);
    }

    /**
     * Reads every file of the folder; malformed rows are handled by the reader's policy.
     *
     * @param reader the reader over the data folder
     * @param progress called with rows read so far
     * @return the parsed inputs
     */
    static Inputs read(DataReader reader, java.util.function.LongConsumer progress) {
        Inputs in = new Inputs();
        long[] n = new long[1];
        reader.read(Schema.CRM, r -> {
            Instant t = r.instant("updated_at");
            LocalDate birth = r.date("birth_date");
            boolean ce = r.flag("consent_email");
            boolean cs = r.flag("consent_sms");
            String gender = r.text("gender").strip();
            List<RawId> ids = ids(r, IdentifierType.CRM, "crm_id", IdentifierType.EMAIL, "email",
                    IdentifierType.PHONE, "phone");
            int src = in.add(r, t, ids, nameAddress(r, "first_name", "last_name", "street", "house_number", "postcode"));
            in.payload(in.crm, new Crm(src, t, birth, gender, ce, cs, r.text("city").strip()));
            progress.accept(++n[0]);
        });
        reader.read(Schema.WEB_EVENTS, r -> {
            Instant t = r.instant("time");
            String type = r.required("type").strip();
            String channel = r.required("channel").strip();
            double value = r.amount("value");
            List<RawId> ids = ids(r, IdentifierType.COOKIE, "cookie", IdentifierType.MAID, "maid",
                    IdentifierType.DEVICE, "device_id", IdentifierType.ACCOUNT, "account_id",
                    IdentifierType.EMAIL, "email");
            int src = in.add(r, t, ids, null);
            in.payload(in.webEvents, new WebEvent(src, t, channel, r.text("device").strip(), type, value,
                    r.text("product").strip()));
            progress.accept(++n[0]);
        });
        reader.read(Schema.POS, r -> {
            Instant t = r.instant("time");
            double amount = r.amount("amount");
            String store = r.required("store_id").strip();
            List<RawId> ids = ids(r, IdentifierType.LOYALTY, "loyalty_card", IdentifierType.EMAIL, "receipt_email");
            int src = in.add(r, t, ids, nameAddress(r, "first_name", "last_name", "street", "house_number",
                    "postcode"));
            in.payload(in.shopPurchases, new ShopPurchase(src, t, store, amount, r.text("product").strip()));
            progress.accept(++n[0]);
        });
        reader.read(Schema.CALLS, r -> {
            Instant t = r.instant("time");
            List<RawId> ids = ids(r, IdentifierType.PHONE, "phone", IdentifierType.CRM, "crm_id");
            int src = in.add(r, t, ids, null);
            in.payload(in.calls, new Call(src, t, r.text("reason").strip()));
            progress.accept(++n[0]);
        });
        reader.read(Schema.TOUCHPOINTS, r -> {
            Instant t = r.instant("time");
            double cost = r.amount("cost");
            String channel = r.required("channel").strip();
            String campaign = r.required("campaign").strip();
            String kind = r.required("kind").strip();
            List<RawId> ids = ids(r, IdentifierType.COOKIE, "cookie", IdentifierType.MAID, "maid",
                    IdentifierType.EMAIL, "email", IdentifierType.PHONE, "phone");
            int src = in.add(r, t, ids, null);
            in.payload(in.touches, new Touch(src, t, channel, campaign, kind, r.text("device").strip(), cost));
            progress.accept(++n[0]);
        });
        reader.read(Schema.DEMOGRAPHICS, r -> {
            String hash = r.required("email_sha256").strip();
            int src = in.add(r, null, List.of(new RawId(IdentifierType.EMAIL, hash, "email_sha256")), null);
            in.payload(in.demographics, new Demographic(src, r.text("age_band").strip(), r.text("income_band").strip()));
            progress.accept(++n[0]);
        });
        reader.read(Schema.SPEND, r -> {
            in.spend.add(new SpendRow(r.required("channel").strip(), r.required("campaign").strip(),
                    r.month("month"), r.amount("amount")));
            progress.accept(++n[0]);
        });
        return in;
    }

    private <T> void payload(List<T> list, T value) {
        list.add(value);
        payloads.add(value);
    }

    private int add(Row r, Instant time, List<RawId> ids, RawId extra) {
        List<RawId> all = ids;
        if (extra != null) {
            all = new ArrayList<>(ids);
            all.add(extra);
        }
        sources.add(new Source(r.schema(), r.line(), time, all));
        String t = r.truth();
        int label = t.isEmpty() ? -1 : truthIds.computeIfAbsent(t, k -> truthIds.size());
        if (t.startsWith("BOT")) {
            bots.add(label);
        }
        truth.add(label);
        return sources.size() - 1;
    }

    private static List<RawId> ids(Row r, Object... typeAndColumn) {
        List<RawId> ids = new ArrayList<>(typeAndColumn.length / 2);
        for (int i = 0; i < typeAndColumn.length; i += 2) {
            String column = (String) typeAndColumn[i + 1];
            String v = r.text(column);
            if (!v.isBlank()) {
                ids.add(new RawId((IdentifierType) typeAndColumn[i], v, column));
            }
        }
        return ids;
    }

    /**
     * The name-and-address key's parts, joined by a unit separator, if the row has all of them
     * (first name, surname, street, house number, postcode); null otherwise.
     */
    private static RawId nameAddress(Row r, String first, String last, String street, String house,
            String postcode) {
        String[] parts = {r.text(first), r.text(last), r.text(street), r.text(house), r.text(postcode)};
        for (String p : parts) {
            if (p.isBlank()) {
                return null;
            }
        }
        return new RawId(IdentifierType.NAME_ADDRESS, String.join("\u001f", parts), "name+address");
    }
}
