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
 * Every row of a data folder, parsed and handed to a {@link RowStore} in a compact binary form, so
 * that the pipeline can replay them in time order without holding them: one {@link Source} per row
 * that can carry identifiers (its time, file, line and raw identifiers) with the typed payload of
 * its file and its interned true person. What the run needs as a whole (spend, the truth labels,
 * counts, the earliest time) stays here. The truth column is kept apart, for grading only.
 */
final class Inputs {

    /** A raw identifier as read, with the column it came from. */
    record RawId(IdentifierType type, String value, String column) {}

    /** One row that can carry identifiers; {@code time} is null for rows without one (demographics). */
    record Source(Schema schema, long line, Instant time, List<RawId> ids) {}

    /** A marketing touch. */
    record Touch(String channel, String campaign, String kind, String device, double cost) {}

    /** A web or app event (view, app_open, login, signup, add_to_cart, purchase). */
    record WebEvent(String channel, String device, String type, double value, String product) {}

    /** A shop-counter purchase. */
    record ShopPurchase(String store, double amount, String product) {}

    /** A call-centre call. */
    record Call(String reason) {}

    /** A CRM record's traits. */
    record Crm(LocalDate birthDate, String gender, boolean consentEmail, boolean consentSms, String city) {}

    /** Third-party demographics. */
    record Demographic(String ageBand, String incomeBand) {}

    /** Spend of one campaign in one month. */
    record SpendRow(String channel, String campaign, YearMonth month, double amount) {}

    /**
     * A row as replayed: where it came from, its typed payload, and its interned true person.
     *
     * @param source  the row's source record
     * @param payload a Touch, WebEvent, ShopPurchase, Call, Crm or Demographic
     * @param truth   the interned true person, -1 where the file has no truth column
     */
    record Parsed(Source source, Object payload, int truth) {}

    /** Identifier types the codec knows, by their byte in the encoding. */
    private static final List<IdentifierType> TYPES = List.of(IdentifierType.CRM, IdentifierType.EMAIL,
            IdentifierType.PHONE, IdentifierType.COOKIE, IdentifierType.MAID, IdentifierType.DEVICE,
            IdentifierType.ACCOUNT, IdentifierType.LOYALTY, IdentifierType.NAME_ADDRESS);
    private static final Schema[] SCHEMAS = Schema.values();

    final List<SpendRow> spend = new ArrayList<>();
    private final Map<String, Integer> truthIds = new HashMap<>();
    private final java.util.Set<Integer> bots = new java.util.HashSet<>();
    /** Rows that can carry identifiers (every row but spend). */
    long rows;
    /** Shop-counter purchases read. */
    long shopPurchases;
    /** The earliest row time, null if no row has one. */
    Instant first;

    private final Bytes.Writer writer = new Bytes.Writer();

    /** Number of distinct true persons seen (bots not counted). */
    int truePeople() {
        return truthIds.size() - bots.size();
    }

    /** Whether an interned truth label is a simulated bot (its label starts with {@code BOT}). */
    boolean isBot(int truth) {
        return bots.contains(truth);
    }

    /**
     * The replay order of a file: rows at the same instant go in file-name order (then by line),
     * the order the identity graph keeps its log in (source: the file name; sequence: the line).
     */
    static int fileRank(Schema schema) {
        return RANKS[schema.ordinal()];
    }

    private static final int[] RANKS = new int[SCHEMAS.length];

    static {
        for (Schema a : SCHEMAS) {
            for (Schema b : SCHEMAS) {
                if (b.fileName().compareTo(a.fileName()) < 0) {
                    RANKS[a.ordinal()]++;
                }
            }
        }
    }

    /**
     * Reads every file of the folder into {@code store}; malformed rows are handled by the
     * reader's policy.
     *
     * @param reader the reader over the data folder
     * @param store  where the parsed rows go
     * @param progress called with rows read so far
     * @return what the run needs besides the rows
     */
    static Inputs read(DataReader reader, RowStore store, java.util.function.LongConsumer progress) {
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
            in.add(store, r, t, ids, nameAddress(r, "first_name", "last_name", "street", "house_number", "postcode"),
                    new Crm(birth, gender, ce, cs, r.text("city").strip()));
            progress.accept(++n[0]);
        });
        reader.read(Schema.WEB_EVENTS, r -> {
            Instant t = r.instant("time");
            String type = oneOf(r, "type", Schema.WEB_TYPES);
            String channel = oneOf(r, "channel", Schema.WEB_CHANNELS);
            double value = r.amount("value");
            List<RawId> ids = ids(r, IdentifierType.COOKIE, "cookie", IdentifierType.MAID, "maid",
                    IdentifierType.DEVICE, "device_id", IdentifierType.ACCOUNT, "account_id",
                    IdentifierType.EMAIL, "email");
            in.add(store, r, t, ids, null, new WebEvent(channel, r.text("device").strip(), type, value,
                    r.text("product").strip()));
            progress.accept(++n[0]);
        });
        reader.read(Schema.POS, r -> {
            Instant t = r.instant("time");
            double amount = r.amount("amount");
            String store1 = r.required("store_id").strip();
            List<RawId> ids = ids(r, IdentifierType.LOYALTY, "loyalty_card", IdentifierType.EMAIL, "receipt_email");
            in.add(store, r, t, ids, nameAddress(r, "first_name", "last_name", "street", "house_number", "postcode"),
                    new ShopPurchase(store1, amount, r.text("product").strip()));
            in.shopPurchases++;
            progress.accept(++n[0]);
        });
        reader.read(Schema.CALLS, r -> {
            Instant t = r.instant("time");
            List<RawId> ids = ids(r, IdentifierType.PHONE, "phone", IdentifierType.CRM, "crm_id");
            in.add(store, r, t, ids, null, new Call(r.text("reason").strip()));
            progress.accept(++n[0]);
        });
        reader.read(Schema.TOUCHPOINTS, r -> {
            Instant t = r.instant("time");
            double cost = r.amount("cost");
            String channel = oneOf(r, "channel", Schema.TOUCH_CHANNELS);
            String campaign = r.required("campaign").strip();
            String kind = oneOf(r, "kind", Schema.TOUCH_KINDS);
            List<RawId> ids = ids(r, IdentifierType.COOKIE, "cookie", IdentifierType.MAID, "maid",
                    IdentifierType.EMAIL, "email", IdentifierType.PHONE, "phone");
            in.add(store, r, t, ids, null, new Touch(channel, campaign, kind, r.text("device").strip(), cost));
            progress.accept(++n[0]);
        });
        reader.read(Schema.DEMOGRAPHICS, r -> {
            String hash = r.required("email_sha256").strip();
            in.add(store, r, null, List.of(new RawId(IdentifierType.EMAIL, hash, "email_sha256")), null,
                    new Demographic(r.text("age_band").strip(), r.text("income_band").strip()));
            progress.accept(++n[0]);
        });
        reader.read(Schema.SPEND, r -> {
            in.spend.add(new SpendRow(r.required("channel").strip(), r.required("campaign").strip(),
                    r.month("month"), r.amount("amount")));
            progress.accept(++n[0]);
        });
        return in;
    }

    private void add(RowStore store, Row r, Instant time, List<RawId> ids, RawId extra, Object payload) {
        String t = r.truth();
        int label = t.isEmpty() ? -1 : truthIds.computeIfAbsent(t, k -> truthIds.size());
        if (t.startsWith("BOT")) {
            bots.add(label);
        }
        if (time != null && (first == null || time.isBefore(first))) {
            first = time;
        }
        rows++;
        Bytes.Writer w = writer;
        w.reset();
        w.writeByte(r.schema().ordinal());
        w.writeVarLong(r.line());
        w.writeSignedVarLong(label);
        if (time == null) {
            w.writeByte(0);
        } else {
            w.writeByte(1);
            w.writeSignedVarLong(time.getEpochSecond());
            w.writeVarLong(time.getNano());
        }
        w.writeVarLong(ids.size() + (extra == null ? 0 : 1));
        for (RawId id : ids) {
            writeId(w, id);
        }
        if (extra != null) {
            writeId(w, extra);
        }
        writePayload(w, payload);
        store.add(time == null ? Long.MIN_VALUE : time.getEpochSecond(), time == null ? 0 : time.getNano(),
                fileRank(r.schema()), r.line(), w.array(), 0, w.size());
    }

    private static void writeId(Bytes.Writer w, RawId id) {
        int type = TYPES.indexOf(id.type());
        if (type < 0) {
            throw new IllegalArgumentException("identifier type " + id.type().name() + " is not one the pipeline reads");
        }
        w.writeByte(type);
        w.writeString(id.value());
        w.writeString(id.column());
    }

    private static void writePayload(Bytes.Writer w, Object payload) {
        if (payload instanceof Touch p) {
            w.writeString(p.channel());
            w.writeString(p.campaign());
            w.writeString(p.kind());
            w.writeString(p.device());
            w.writeDouble(p.cost());
        } else if (payload instanceof WebEvent p) {
            w.writeString(p.channel());
            w.writeString(p.device());
            w.writeString(p.type());
            w.writeDouble(p.value());
            w.writeString(p.product());
        } else if (payload instanceof ShopPurchase p) {
            w.writeString(p.store());
            w.writeDouble(p.amount());
            w.writeString(p.product());
        } else if (payload instanceof Call p) {
            w.writeString(p.reason());
        } else if (payload instanceof Crm p) {
            w.writeSignedVarLong(p.birthDate() == null ? Long.MIN_VALUE : p.birthDate().toEpochDay());
            w.writeString(p.gender());
            w.writeByte((p.consentEmail() ? 1 : 0) | (p.consentSms() ? 2 : 0));
            w.writeString(p.city());
        } else if (payload instanceof Demographic p) {
            w.writeString(p.ageBand());
            w.writeString(p.incomeBand());
        } else {
            throw new IllegalArgumentException("not a row payload: " + payload);
        }
    }

    /**
     * Decodes a row that {@link #read} stored.
     *
     * @throws IllegalStateException if the bytes are not such a row
     */
    static Parsed decode(Bytes.Reader r) {
        int schemaIndex = r.readByte();
        if (schemaIndex >= SCHEMAS.length) {
            throw new IllegalStateException("corrupt row record: schema " + schemaIndex);
        }
        Schema schema = SCHEMAS[schemaIndex];
        long line = r.readVarLong();
        int truth = (int) r.readSignedVarLong();
        Instant time = r.readByte() == 0 ? null : Instant.ofEpochSecond(r.readSignedVarLong(), r.readVarLong());
        int n = (int) r.readVarLong();
        List<RawId> ids = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            int type = r.readByte();
            if (type >= TYPES.size()) {
                throw new IllegalStateException("corrupt row record: identifier type " + type);
            }
            ids.add(new RawId(TYPES.get(type), r.readString(), r.readString()));
        }
        Object payload = switch (schema) {
            case TOUCHPOINTS -> new Touch(r.readString(), r.readString(), r.readString(), r.readString(),
                    r.readDouble());
            case WEB_EVENTS -> new WebEvent(r.readString(), r.readString(), r.readString(), r.readDouble(),
                    r.readString());
            case POS -> new ShopPurchase(r.readString(), r.readDouble(), r.readString());
            case CALLS -> new Call(r.readString());
            case CRM -> {
                long day = r.readSignedVarLong();
                String gender = r.readString();
                int consent = r.readByte();
                yield new Crm(day == Long.MIN_VALUE ? null : LocalDate.ofEpochDay(day), gender, (consent & 1) != 0,
                        (consent & 2) != 0, r.readString());
            }
            case DEMOGRAPHICS -> new Demographic(r.readString(), r.readString());
            case SPEND -> throw new IllegalStateException("corrupt row record: spend rows are not stored");
        };
        if (!r.atEnd()) {
            throw new IllegalStateException("corrupt row record: trailing bytes after " + schema.fileName() + ":" + line);
        }
        return new Parsed(new Source(schema, line, time, ids), payload, truth);
    }

    /**
     * A required value of a listed column: one of the schema's values, exact case (surrounding
     * blanks aside). Anything else rejects the row, naming the field and the value: a
     * {@code "Purchase"} read as it is would never become a conversion.
     */
    static String oneOf(Row r, String column, List<String> allowed) {
        String v = r.required(column).strip();
        if (!allowed.contains(v)) {
            throw r.fail(column, v, "not one of " + String.join(", ", allowed) + " (exact case)");
        }
        return v;
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
