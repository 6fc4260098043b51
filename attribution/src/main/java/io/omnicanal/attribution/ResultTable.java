package io.omnicanal.attribution;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.omnicanal.attribution.internal.Csv;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * The output of an {@link AttributionReport}: credit per model, group and value; return on spend
 * per model, channel and campaign; and the quality of the customers each first-touch channel
 * brought.
 *
 * <p>Ordering is deterministic: models in the order the report lists them, then the group
 * ({@link #ALL} first, then lexicographic), then the dimension values lexicographically. Return rows
 * go by model, then channel before campaign, then group ({@link #ALL} or {@code ""} first, then
 * lexicographic, {@link #UNASSIGNED} last), then device ({@link #ALL} first, then lexicographic,
 * {@link #UNASSIGNED} last), then key. CSV and
 * JSON numbers are written with {@link Double#toString(double)} (locale-independent); undefined
 * ratios (no spend, no conversions) are empty in CSV and {@code null} in JSON. Immutable and
 * thread-safe.
 */
public final class ResultTable {
    /** The group name of rows computed over every path when the paths are grouped. */
    public static final String ALL = "(all)";
    /**
     * The group and device of return rows holding spend that could not be apportioned: a spend row
     * whose period (inside the report window) holds no touch of its channel or campaign.
     */
    public static final String UNASSIGNED = "(unassigned)";

    private final List<Dimension> dimensions;
    private final List<CreditRow> credits;
    private final List<ReturnRow> returns;
    private final List<QualityRow> quality;

    ResultTable(List<Dimension> dimensions, List<CreditRow> credits, List<ReturnRow> returns, List<QualityRow> quality) {
        this.dimensions = List.copyOf(dimensions);
        this.credits = List.copyOf(credits);
        this.returns = List.copyOf(returns);
        this.quality = List.copyOf(quality);
    }

    /**
     * Credit of one value under one model, in one group.
     *
     * @param model the model's name
     * @param group the group, {@link #ALL} for all paths, {@code ""} when paths are not grouped
     * @param components the value's component per dimension of the table
     * @param conversions conversions credited
     * @param revenue conversion value credited
     */
    public record CreditRow(String model, String group, List<String> components, double conversions, double revenue) {
        /** Copies the components. */
        public CreditRow {
            components = List.copyOf(components);
        }
    }

    /**
     * Return on spend of one channel or campaign under one model, over all paths or in one group
     * and/or on one device.
     *
     * <p>Rows over all paths and devices have group {@link #ALL} ({@code ""} when the paths are not
     * grouped) and device {@link #ALL}. Breakdown rows (see {@link AttributionReport}) take credit
     * from the group's own attribution and the device's values, and spend apportioned by touch
     * share; within one model, dimension and key, the spend of the groups (or of the devices of a
     * group), {@link #UNASSIGNED} included, sums to the spend of the row above them.
     *
     * @param model the model's name
     * @param group {@link #ALL}, {@code ""} (ungrouped paths), a group name or {@link #UNASSIGNED}
     * @param device {@link #ALL}, a device (possibly {@code ""}, unknown) or {@link #UNASSIGNED}
     * @param dimension channel or campaign
     * @param key the channel or campaign
     * @param conversions conversions credited to it
     * @param revenue revenue credited to it
     * @param spend its spend (spend rows, prorated to the report window, plus touch costs)
     * @param romi {@code (revenue - spend) / spend}, NaN without spend
     * @param roas {@code revenue / spend}, NaN without spend
     * @param cpa {@code spend / conversions}, NaN without conversions
     */
    public record ReturnRow(String model, String group, String device, Dimension dimension, String key,
                            double conversions, double revenue, double spend, double romi, double roas, double cpa) {
    }

    /**
     * The customers a first-touch channel brought, and the value they produced from then on.
     *
     * @param group the group, {@link #ALL} or a group name, {@code ""} without grouping
     * @param device {@link #ALL} for every device, else the device of the profiles' first touch
     *     (device rows appear when any touch names a device)
     * @param channel the channel of the profiles' first touch
     * @param profiles the number of such profiles
     * @param laterValue the sum of their conversion values at or after that first touch
     * @param averageLaterValue {@code laterValue / profiles}
     */
    public record QualityRow(String group, String device, String channel, long profiles, double laterValue,
                             double averageLaterValue) {
    }

    /** @return the dimensions of the credit rows' components */
    public List<Dimension> dimensions() {
        return dimensions;
    }

    /** @return credit rows in the documented order */
    public List<CreditRow> credits() {
        return credits;
    }

    /** @return return-on-spend rows: model order, channel before campaign, group, device, key */
    public List<ReturnRow> returns() {
        return returns;
    }

    /** @return customer-quality rows: group ({@link #ALL} first), device ({@link #ALL} first), channel */
    public List<QualityRow> quality() {
        return quality;
    }

    /**
     * Credit rows summed up to one dimension (for example channel totals of a channel x device
     * table), same ordering.
     *
     * @param dimension one of {@link #dimensions()}
     * @return rows whose components hold only that dimension
     * @throws IllegalArgumentException naming the dimension when the table is not over it
     */
    public List<CreditRow> creditsBy(Dimension dimension) {
        int pos = dimensions.indexOf(Objects.requireNonNull(dimension, "dimension"));
        if (pos < 0) {
            throw new IllegalArgumentException("dimension: the table is over " + dimensions + ", not " + dimension);
        }
        Map<String, Map<String, Map<String, double[]>>> sums = new LinkedHashMap<>();
        for (CreditRow r : credits) {
            double[] s = sums.computeIfAbsent(r.model(), k -> new LinkedHashMap<>())
                    .computeIfAbsent(r.group(), k -> new TreeMap<>())
                    .computeIfAbsent(r.components().get(pos), k -> new double[2]);
            s[0] += r.conversions();
            s[1] += r.revenue();
        }
        List<CreditRow> out = new ArrayList<>();
        sums.forEach((model, groups) -> groups.forEach((group, values) -> values.forEach(
                (value, s) -> out.add(new CreditRow(model, group, List.of(value), s[0], s[1])))));
        return out;
    }

    /**
     * Writes the credit rows as CSV with a header {@code model,group,<dimensions>,conversions,revenue}.
     *
     * @param out the destination, not closed
     * @throws UncheckedIOException when writing fails
     */
    public void writeCreditsCsv(Writer out) {
        List<String> header = new ArrayList<>(List.of("model", "group"));
        dimensions.forEach(d -> header.add(d.label()));
        header.add("conversions");
        header.add("revenue");
        List<List<String>> rows = new ArrayList<>();
        for (CreditRow r : credits) {
            List<String> row = new ArrayList<>(List.of(r.model(), r.group()));
            row.addAll(r.components());
            row.add(Csv.number(r.conversions()));
            row.add(Csv.number(r.revenue()));
            rows.add(row);
        }
        Csv.write(out, header, rows);
    }

    /**
     * Writes the return rows as CSV:
     * {@code model,group,device,dimension,key,conversions,revenue,spend,romi,roas,cpa}.
     *
     * @param out the destination, not closed
     */
    public void writeReturnsCsv(Writer out) {
        List<List<String>> rows = new ArrayList<>();
        for (ReturnRow r : returns) {
            rows.add(List.of(r.model(), r.group(), r.device(), r.dimension().label(), r.key(),
                    Csv.number(r.conversions()),
                    Csv.number(r.revenue()), Csv.number(r.spend()), Csv.number(r.romi()), Csv.number(r.roas()),
                    Csv.number(r.cpa())));
        }
        Csv.write(out, List.of("model", "group", "device", "dimension", "key", "conversions", "revenue", "spend",
                "romi", "roas", "cpa"), rows);
    }

    /**
     * Writes the quality rows as CSV:
     * {@code group,device,channel,profiles,later_value,average_later_value}.
     *
     * @param out the destination, not closed
     */
    public void writeQualityCsv(Writer out) {
        List<List<String>> rows = new ArrayList<>();
        for (QualityRow r : quality) {
            rows.add(List.of(r.group(), r.device(), r.channel(), Long.toString(r.profiles()), Csv.number(r.laterValue()),
                    Csv.number(r.averageLaterValue())));
        }
        Csv.write(out, List.of("group", "device", "channel", "profiles", "later_value", "average_later_value"), rows);
    }

    /**
     * Writes the whole table as one JSON object {@code {"dimensions": [...], "credits": [...],
     * "returns": [...], "quality": [...]}}, rows in the documented order.
     *
     * @param out the destination, not closed
     */
    public void writeJson(Writer out) {
        try (JsonGenerator g = new JsonFactory().createGenerator(out)) {
            g.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
            g.writeStartObject();
            g.writeArrayFieldStart("dimensions");
            for (Dimension d : dimensions) {
                g.writeString(d.label());
            }
            g.writeEndArray();
            g.writeArrayFieldStart("credits");
            for (CreditRow r : credits) {
                g.writeStartObject();
                g.writeStringField("model", r.model());
                g.writeStringField("group", r.group());
                for (int i = 0; i < dimensions.size(); i++) {
                    g.writeStringField(dimensions.get(i).label(), r.components().get(i));
                }
                number(g, "conversions", r.conversions());
                number(g, "revenue", r.revenue());
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeArrayFieldStart("returns");
            for (ReturnRow r : returns) {
                g.writeStartObject();
                g.writeStringField("model", r.model());
                g.writeStringField("group", r.group());
                g.writeStringField("device", r.device());
                g.writeStringField("dimension", r.dimension().label());
                g.writeStringField("key", r.key());
                number(g, "conversions", r.conversions());
                number(g, "revenue", r.revenue());
                number(g, "spend", r.spend());
                number(g, "romi", r.romi());
                number(g, "roas", r.roas());
                number(g, "cpa", r.cpa());
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeArrayFieldStart("quality");
            for (QualityRow r : quality) {
                g.writeStartObject();
                g.writeStringField("group", r.group());
                g.writeStringField("device", r.device());
                g.writeStringField("channel", r.channel());
                g.writeNumberField("profiles", r.profiles());
                number(g, "later_value", r.laterValue());
                number(g, "average_later_value", r.averageLaterValue());
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void number(JsonGenerator g, String field, double v) throws IOException {
        g.writeFieldName(field);
        if (Double.isFinite(v)) {
            g.writeNumber(v);
        } else {
            g.writeNull();
        }
    }
}
