package io.omnicanal.examples.data;

import java.util.List;

/**
 * The documented schema of every input file of the pipeline: file name, format and columns, in
 * the order the generator writes them. Readers check a file's header against it, so an unknown or
 * missing column is reported before any row is read.
 *
 * <p>Every file carries a {@code true_person} column: the simulated person behind the row. The
 * pipeline never reads it; only the grading step does, to score the stitching and attribution
 * against the truth. Real data simply leaves the column out (it is optional).
 */
public enum Schema {
    /** CRM export: one row per customer record (updates repeat the crm_id). */
    CRM("crm.csv", List.of("record_id", "crm_id", "first_name", "last_name", "street", "house_number",
            "postcode", "city", "email", "phone", "birth_date", "gender", "consent_email", "consent_sms",
            "updated_at")),
    /** Web and app behaviour, one JSON object per line. */
    WEB_EVENTS("web_events.jsonl", List.of("time", "channel", "device", "type", "cookie", "maid",
            "device_id", "account_id", "email", "value", "product")),
    /** Shop-counter purchases (point of sale). */
    POS("pos.csv", List.of("time", "store_id", "loyalty_card", "receipt_email", "first_name", "last_name",
            "street", "house_number", "postcode", "amount", "product")),
    /** Call-centre calls. */
    CALLS("calls.csv", List.of("time", "phone", "crm_id", "reason")),
    /** Marketing touchpoints: ad impressions and clicks, emails, SMS and push sent or opened. */
    TOUCHPOINTS("touchpoints.csv", List.of("time", "channel", "campaign", "kind", "device", "cookie",
            "maid", "email", "phone", "cost")),
    /** Third-party demographics keyed by the SHA-256 of the email (Meta's normalisation). */
    DEMOGRAPHICS("demographics.csv", List.of("email_sha256", "age_band", "income_band")),
    /** Marketing spend per channel, campaign and month. */
    SPEND("spend.csv", List.of("channel", "campaign", "month", "amount"));

    /**
     * Columns that hold personal data or identifiers: the rejects file never writes their values
     * in clear (an erased person's rejected rows would otherwise survive the erasure there).
     */
    public static final java.util.Set<String> PERSONAL = java.util.Set.of("crm_id", "first_name", "last_name",
            "street", "house_number", "postcode", "city", "email", "phone", "birth_date", "cookie", "maid",
            "device_id", "account_id", "loyalty_card", "receipt_email", "email_sha256");

    /** The values of {@code web_events.jsonl}'s {@code channel}, exact case. */
    public static final List<String> WEB_CHANNELS = List.of("web", "app");
    /** The values of {@code web_events.jsonl}'s {@code type}, exact case. */
    public static final List<String> WEB_TYPES = List.of("view", "app_open", "login", "signup", "add_to_cart",
            "purchase");
    /** The values of {@code touchpoints.csv}'s {@code channel}, exact case. */
    public static final List<String> TOUCH_CHANNELS = List.of("display", "video", "social", "search", "email", "sms",
            "push");
    /** The values of {@code touchpoints.csv}'s {@code kind}, exact case. */
    public static final List<String> TOUCH_KINDS = List.of("impression", "click", "sent", "open");

    /** The name of the optional ground-truth column. */
    public static final String TRUTH_COLUMN = "true_person";

    private final String fileName;
    private final List<String> columns;

    Schema(String fileName, List<String> columns) {
        this.fileName = fileName;
        this.columns = columns;
    }

    /** The file's name inside a data folder. */
    public String fileName() {
        return fileName;
    }

    /** The columns, in order, without the optional truth column. */
    public List<String> columns() {
        return columns;
    }

    /** Whether the file is JSON lines (otherwise CSV with a header row). */
    public boolean jsonLines() {
        return fileName.endsWith(".jsonl");
    }
}
