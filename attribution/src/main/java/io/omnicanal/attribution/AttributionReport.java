package io.omnicanal.attribution;

import io.omnicanal.attribution.internal.CustomerQuality;
import io.omnicanal.attribution.internal.SpendAllocation;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
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
 * {@link ResultTable#creditsBy(Dimension)} for channel totals. Return rows (ROMI, ROAS, CPA) come over
 * all paths and, given the raw touches, per group and per device, with spend apportioned by touch
 * share (see {@link #run(PathTable, Collection, Collection, LongFunction)}).
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
     * Attributes the paths under every model and derives the return rows over all paths and
     * devices (no quality rows, no return rows per group or device: those need the raw touches to
     * apportion spend, see {@link #run(PathTable, Collection, Collection, LongFunction)}).
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
     * Attributes the paths, computes the customer-quality rows from the raw data the paths were
     * built from, and breaks the return rows down by group and by device.
     *
     * <p>Return rows per group come when the paths are grouped: credit is the group's own
     * attribution (as in its credit rows). Return rows per device come when the paths are over
     * {@link Dimension#DEVICE} (for example channel x device): credit is the sum over the values on
     * that device. Both at once give rows per group and device. Spend, given per channel or
     * campaign and period, is apportioned to a group or device in proportion to its share of the
     * touches of that channel or campaign inside the spend row's period (and the report window);
     * a row whose period holds no such touch goes to {@link ResultTable#UNASSIGNED}; a touch's own
     * cost goes to its own group and device. So the spend of the groups (or devices) of a key sums
     * back to the key's total spend. Apportioning sorts the touches of keys with spend by time
     * once, O(n log n), then each spend row walks the touches inside its period.
     *
     * @param paths the paths
     * @param touchpoints the raw touches, no null element
     * @param conversions the raw conversions, no null element
     * @param grouping the group of each profile (the one the paths were built with when they are
     *     grouped), or null for no grouping
     * @return the result table
     * @throws IllegalArgumentException when the paths are grouped but no grouping is given, when
     *     spend is given for a dimension the paths are not over, or a model rejects the table
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
        for (String g : groups) {
            refuseReserved("paths group", g);
        }
        if (dims.contains(Dimension.DEVICE)) {
            for (int i = 0; i < paths.valueCount(); i++) {
                refuseReserved("paths device", paths.component(i, Dimension.DEVICE));
            }
        }
        if (touchpoints != null) {
            refuseReservedDevices("touchpoints", touchpoints);
        }
        refuseReservedDevices("touchpointCosts", costs);
        if (grouping != null) {
            LongFunction<String> callers = grouping;
            grouping = profile -> {
                String g = callers.apply(profile);
                if (g != null) {
                    refuseReserved("grouping of profile " + profile, g);
                }
                return g;
            };
        }
        boolean grouped = !(groups.size() == 1 && groups.get(0).isEmpty());
        if (grouped && touchpoints != null && grouping == null) {
            throw new IllegalArgumentException("grouping: the paths are grouped (" + groups
                    + "), so return rows per group need the same grouping to apportion spend, was null");
        }
        String allName = grouped ? ResultTable.ALL : "";
        SpendAllocation alloc = new SpendAllocation(spend, costs, from, to, touchpoints, grouped ? grouping : null,
                dims.contains(Dimension.DEVICE), allName);
        Map<String, PathTable> subTables = new TreeMap<>();
        if (grouped) {
            for (String g : groups) {
                subTables.put(g, paths.onlyGroup(g));
            }
        }
        List<ResultTable.CreditRow> credits = new ArrayList<>();
        List<ResultTable.ReturnRow> returns = new ArrayList<>();
        for (AttributionModel model : models) {
            Credits all = model.attribute(paths);
            addCredits(credits, model.name(), allName, paths, all);
            Map<String, Credits> byGroup = new TreeMap<>();
            subTables.forEach((g, sub) -> {
                if (sub.size() > 0) {
                    Credits c = model.attribute(sub);
                    byGroup.put(g, c);
                    addCredits(credits, model.name(), g, sub, c);
                }
            });
            for (Dimension d : List.of(Dimension.CHANNEL, Dimension.CAMPAIGN)) {
                if (!dims.contains(d)) {
                    continue;
                }
                addReturns(returns, model.name(), d, allName, paths, all, alloc);
                if (alloc.byGroup()) {
                    java.util.SortedSet<String> rowGroups = new java.util.TreeSet<>(byGroup.keySet());
                    for (SpendAllocation.Cell c : alloc.cells(d)) {
                        if (!c.group().equals(allName) && !c.group().equals(ResultTable.UNASSIGNED)) {
                            rowGroups.add(c.group());
                        }
                    }
                    for (String g : rowGroups) {
                        addReturns(returns, model.name(), d, g, subTables.get(g), byGroup.get(g), alloc);
                    }
                    addReturns(returns, model.name(), d, ResultTable.UNASSIGNED, null, null, alloc);
                }
            }
        }
        List<ResultTable.QualityRow> quality = touchpoints == null ? List.of()
                : CustomerQuality.rows(touchpoints, Objects.requireNonNull(conversions, "conversions"), grouping);
        return new ResultTable(dims, credits, returns, quality);
    }

    /**
     * Refuses a data value equal to {@link ResultTable#ALL} or {@link ResultTable#UNASSIGNED}: the
     * tables use those names for their roll-up rows, so a group or device of that name would be
     * counted twice.
     */
    private static void refuseReserved(String field, String value) {
        if (ResultTable.ALL.equals(value) || ResultTable.UNASSIGNED.equals(value)) {
            throw new IllegalArgumentException(field + ": \"" + value
                    + "\" is reserved for the result tables' roll-up rows; rename it");
        }
    }

    /** {@link #refuseReserved} for the device of every touch of {@code touches} (nulls are refused elsewhere). */
    private static void refuseReservedDevices(String field, Collection<Touchpoint> touches) {
        int i = 0;
        for (Touchpoint t : touches) {
            if (t != null) {
                refuseReserved(field + "[" + i + "].device", t.device());
            }
            i++;
        }
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

    /**
     * Return rows of one group: over all its devices, then per device when broken down by device.
     * {@code paths}/{@code credits} are null for a group with no path (spend only).
     */
    private static void addReturns(List<ResultTable.ReturnRow> out, String model, Dimension d, String group,
                                   PathTable paths, Credits credits, SpendAllocation alloc) {
        Map<String, Map<String, double[]>> byDevice = new TreeMap<>(AttributionReport::deviceOrder);
        byDevice.put(ResultTable.ALL, new TreeMap<>());
        if (credits != null) {
            for (int i = 0; i < credits.size(); i++) {
                String key = paths.component(i, d);
                sum(byDevice, ResultTable.ALL, key, credits.conversions(i), credits.value(i));
                if (alloc.byDevice()) {
                    sum(byDevice, paths.component(i, Dimension.DEVICE), key, credits.conversions(i), credits.value(i));
                }
            }
        }
        for (SpendAllocation.Cell c : alloc.cells(d)) {
            if (c.group().equals(group)) {
                byDevice.computeIfAbsent(c.device(), k -> new TreeMap<>());
            }
        }
        byDevice.forEach((device, byKey) -> {
            SpendAllocation.Cell cell = new SpendAllocation.Cell(group, device);
            for (String k : alloc.keys(d, cell)) {
                byKey.computeIfAbsent(k, x -> new double[2]);
            }
            if (byKey.isEmpty() && !device.equals(ResultTable.ALL)) {
                return;
            }
            byKey.forEach((key, s) -> {
                if (key.isEmpty()) {
                    return; // touches without a campaign
                }
                double sp = alloc.amount(d, cell, key);
                double romi = sp > 0 ? (s[1] - sp) / sp : Double.NaN;
                double roas = sp > 0 ? s[1] / sp : Double.NaN;
                double cpa = s[0] > 0 ? sp / s[0] : Double.NaN;
                out.add(new ResultTable.ReturnRow(model, group, device, d, key, s[0], s[1], sp, romi, roas, cpa));
            });
        });
    }

    private static void sum(Map<String, Map<String, double[]>> byDevice, String device, String key, double c,
                            double v) {
        double[] s = byDevice.computeIfAbsent(device, k -> new TreeMap<>()).computeIfAbsent(key, k -> new double[2]);
        s[0] += c;
        s[1] += v;
    }

    /** {@link ResultTable#ALL} first, {@link ResultTable#UNASSIGNED} last, the rest lexicographic. */
    private static int deviceOrder(String a, String b) {
        return Integer.compare(rank(a), rank(b)) != 0 ? Integer.compare(rank(a), rank(b)) : a.compareTo(b);
    }

    private static int rank(String s) {
        return s.equals(ResultTable.ALL) ? 0 : s.equals(ResultTable.UNASSIGNED) ? 2 : 1;
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
