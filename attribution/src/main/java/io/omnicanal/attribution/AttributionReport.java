package io.omnicanal.attribution;

import io.omnicanal.attribution.internal.CustomerQuality;
import io.omnicanal.attribution.internal.SpendTotals;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.LongFunction;

/**
 * Runs several models side by side over the same paths and derives the result tables: credit per
 * value, return on spend (ROMI, ROAS, cost per acquisition) per channel and campaign, and the
 * quality of the customers each first-touch channel brought, each broken down by the paths' groups.
 *
 * <p>Grouped paths (built with a grouping) are attributed once over all paths (group
 * {@link ResultTable#ALL}) and once per group, each group on its own; ungrouped paths give group
 * {@code ""}. Breakdown by device: build the paths over channel and device
 * ({@link PathSettings.Builder#dimensions(Dimension...)}) and use
 * {@link ResultTable#creditsBy(Dimension)} for channel totals. Return rows use the all-paths credits.
 *
 * <p>Immutable and thread-safe; built with {@link #builder()}.
 */
public final class AttributionReport {
    private final List<AttributionModel> models;
    private final List<Spend> spend;
    private final List<Touchpoint> costs;
    private final Instant from;
    private final Instant to;

    private AttributionReport(Builder b) {
        this.models = List.copyOf(b.models);
        this.spend = List.copyOf(b.spend);
        this.costs = List.copyOf(b.costs);
        this.from = b.from;
        this.to = b.to;
    }

    /** @return a builder; at least one model must be given */
    public static Builder builder() {
        return new Builder();
    }

    /** @return the models, in column order */
    public List<AttributionModel> models() {
        return models;
    }

    /**
     * Attributes the paths under every model and derives the return rows (no quality rows).
     *
     * @param paths the paths, not empty
     * @return the result table
     * @throws IllegalArgumentException when spend is given for a dimension the paths are not over,
     *     or a model rejects the table
     */
    public ResultTable run(PathTable paths) {
        return run(paths, null, null, null);
    }

    /**
     * Attributes the paths and also computes the customer-quality rows from the raw data the paths
     * were built from.
     *
     * @param paths the paths
     * @param touchpoints the raw touches, no null element
     * @param conversions the raw conversions, no null element
     * @param grouping the group of each profile, or null for no grouping
     * @return the result table
     */
    public ResultTable run(PathTable paths, Collection<Touchpoint> touchpoints, Collection<Conversion> conversions,
                           LongFunction<String> grouping) {
        Objects.requireNonNull(paths, "paths");
        List<Dimension> dims = paths.dimensions();
        for (int i = 0; i < spend.size(); i++) {
            if (!dims.contains(spend.get(i).dimension())) {
                throw new IllegalArgumentException("spend[" + i + "].dimension: the paths are over " + dims
                        + ", so spend per " + spend.get(i).dimension().label() + " cannot be matched");
            }
        }
        List<String> groups = paths.groups();
        boolean grouped = !(groups.size() == 1 && groups.get(0).isEmpty());
        List<ResultTable.CreditRow> credits = new ArrayList<>();
        List<ResultTable.ReturnRow> returns = new ArrayList<>();
        SpendTotals totals = new SpendTotals(spend, costs, from, to);
        for (AttributionModel model : models) {
            Credits all = model.attribute(paths);
            String allName = grouped ? ResultTable.ALL : "";
            addCredits(credits, model.name(), allName, paths, all);
            if (grouped) {
                for (String g : groups) {
                    PathTable sub = paths.onlyGroup(g);
                    if (sub.size() > 0) {
                        addCredits(credits, model.name(), g, sub, model.attribute(sub));
                    }
                }
            }
            for (Dimension d : List.of(Dimension.CHANNEL, Dimension.CAMPAIGN)) {
                if (dims.contains(d)) {
                    addReturns(returns, model.name(), d, paths, all, totals);
                }
            }
        }
        List<ResultTable.QualityRow> quality = touchpoints == null ? List.of()
                : CustomerQuality.rows(touchpoints, Objects.requireNonNull(conversions, "conversions"), grouping);
        return new ResultTable(dims, credits, returns, quality);
    }

    private static void addCredits(List<ResultTable.CreditRow> out, String model, String group, PathTable paths,
                                   Credits credits) {
        for (int i = 0; i < credits.size(); i++) {
            List<String> comps = new ArrayList<>();
            for (Dimension d : paths.dimensions()) {
                comps.add(paths.component(i, d));
            }
            out.add(new ResultTable.CreditRow(model, group, comps, credits.conversions(i), credits.value(i)));
        }
    }

    private static void addReturns(List<ResultTable.ReturnRow> out, String model, Dimension d, PathTable paths,
                                   Credits credits, SpendTotals totals) {
        Map<String, double[]> byKey = new TreeMap<>();
        for (int i = 0; i < credits.size(); i++) {
            double[] s = byKey.computeIfAbsent(paths.component(i, d), k -> new double[2]);
            s[0] += credits.conversions(i);
            s[1] += credits.value(i);
        }
        Set<String> keys = new HashSet<>(byKey.keySet());
        keys.addAll(totals.keys(d));
        for (String k : keys) {
            byKey.computeIfAbsent(k, x -> new double[2]);
        }
        byKey.forEach((key, s) -> {
            if (key.isEmpty()) {
                return; // touches without a campaign
            }
            double sp = totals.amount(d, key);
            double romi = sp > 0 ? (s[1] - sp) / sp : Double.NaN;
            double roas = sp > 0 ? s[1] / sp : Double.NaN;
            double cpa = s[0] > 0 ? sp / s[0] : Double.NaN;
            out.add(new ResultTable.ReturnRow(model, d, key, s[0], s[1], sp, romi, roas, cpa));
        });
    }

    /** Collects a report's settings; not thread-safe; each setter validates. */
    public static final class Builder {
        private final List<AttributionModel> models = new ArrayList<>();
        private List<Spend> spend = List.of();
        private List<Touchpoint> costs = List.of();
        private Instant from;
        private Instant to;

        private Builder() {
        }

        /**
         * Adds a model column.
         *
         * @param model the model, not null, with a name no earlier model has
         * @return this builder
         * @throws IllegalArgumentException naming the model when its name is taken
         */
        public Builder model(AttributionModel model) {
            Objects.requireNonNull(model, "model");
            String name = Objects.requireNonNull(model.name(), "model.name()");
            for (AttributionModel m : models) {
                if (m.name().equals(name)) {
                    throw new IllegalArgumentException("models: two models are named \"" + name + "\"");
                }
            }
            models.add(model);
            return this;
        }

        /**
         * Adds model columns; validates all of them before adding any.
         *
         * @param value models to add, in column order, no null element, names distinct from each
         *     other and from models added before
         * @return this builder
         * @throws IllegalArgumentException naming the index and name of a repeated model name
         */
        public Builder models(Collection<? extends AttributionModel> value) {
            Objects.requireNonNull(value, "models");
            List<String> names = new ArrayList<>();
            models.forEach(m -> names.add(m.name()));
            int i = 0;
            for (AttributionModel m : value) {
                Objects.requireNonNull(m, "models[" + i + "]");
                String name = Objects.requireNonNull(m.name(), "models[" + i + "].name()");
                if (names.contains(name)) {
                    throw new IllegalArgumentException("models[" + i + "]: two models are named \"" + name + "\"");
                }
                names.add(name);
                i++;
            }
            models.addAll(value); // only after every model passed
            return this;
        }

        /**
         * @param value spend rows, no null element
         * @return this builder
         */
        public Builder spend(Collection<Spend> value) {
            Objects.requireNonNull(value, "spend");
            int i = 0;
            for (Spend s : value) {
                Objects.requireNonNull(s, "spend[" + i++ + "]");
            }
            this.spend = List.copyOf(value);
            return this;
        }

        /**
         * Adds the {@link Touchpoint#cost()} of these touches to the spend of their channel and
         * campaign (do not also list the same money as spend rows).
         *
         * @param value touches, no null element
         * @return this builder
         */
        public Builder touchpointCosts(Collection<Touchpoint> value) {
            Objects.requireNonNull(value, "touchpointCosts");
            int i = 0;
            for (Touchpoint t : value) {
                Objects.requireNonNull(t, "touchpointCosts[" + i++ + "]");
            }
            this.costs = List.copyOf(value);
            return this;
        }

        /**
         * Restricts spend to a window: spend rows count in proportion to the overlap of their period
         * with {@code [from, to)}, touch costs only inside it.
         *
         * @param from the start, inclusive
         * @param to the end, exclusive, after {@code from}
         * @return this builder
         * @throws IllegalArgumentException naming both when {@code to} is not after {@code from}
         */
        public Builder window(Instant from, Instant to) {
            Objects.requireNonNull(from, "from");
            Objects.requireNonNull(to, "to");
            if (!to.isAfter(from)) {
                throw new IllegalArgumentException("window: to must be after from, was from " + from + " to " + to);
            }
            this.from = from;
            this.to = to;
            return this;
        }

        /**
         * @return the report
         * @throws IllegalArgumentException when no model was given
         */
        public AttributionReport build() {
            if (models.isEmpty()) {
                throw new IllegalArgumentException("models: at least one model is needed, was none");
            }
            return new AttributionReport(this);
        }
    }
}
