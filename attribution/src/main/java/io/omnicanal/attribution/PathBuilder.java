package io.omnicanal.attribution;

import io.omnicanal.attribution.internal.Bridge;
import io.omnicanal.attribution.internal.FirstOrderCounts;
import io.omnicanal.attribution.internal.PathConstruction;

import java.util.Collection;
import java.util.Objects;
import java.util.function.LongFunction;

/**
 * Turns raw touchpoints and conversions into a {@link PathTable}, following {@link PathSettings}.
 *
 * <p>Per profile, each counted conversion gets a path of the touches after the profile's previous
 * counted conversion and no older than the lookback before it (a touch at the very instant of the
 * conversion belongs to it); the touches after a profile's last conversion (all of them for a
 * profile that never converted) form one non-converting path, ending at its last touch, with the
 * same lookback. Conversions of other types are ignored; conversions with no touch in their window
 * are counted as unattributed. Rows come out one per path (not aggregated), profiles in ascending
 * key order, and carry step ages so that time-decay models can run; call
 * {@link PathTable#aggregate()} for the distinct-path form.
 *
 * <p>Conversions of one profile at the same instant (two order lines, an order and a sign-up at
 * one checkout) make <b>one row together</b>: the path the first of them would get, their number as
 * its conversions and their values summed (in ascending order of value) as its value, or, with no
 * touch in the window, all of them unattributed. So the table, and every model's credits, do not
 * depend on the order the conversions come in, and every touch still lands in at most one path.
 * The credits equal those of one row per conversion on that same path (every model adds rows up),
 * and the totals are preserved.
 *
 * <p>Immutable and thread-safe: one builder may serve concurrent calls. A call runs in
 * O(n log k) for n touches and at most k touches per profile (O(n) when the touches come sorted by
 * profile and time). Touches grouped by ascending profile key (an export sorted by profile) are
 * read once and cut profile by profile, holding one profile's touches besides the output; in any
 * other order the call holds 12 to 20 bytes per touch while building. The table holds 12 bytes per
 * step and 28 per row; {@link #attribute} with Markov order 1 makes no table.
 */
public final class PathBuilder {
    private final PathSettings settings;

    /**
     * @param settings how paths are built, not null
     */
    public PathBuilder(PathSettings settings) {
        this.settings = Objects.requireNonNull(settings, "settings");
    }

    /** @return the settings */
    public PathSettings settings() {
        return settings;
    }

    /**
     * Builds ungrouped paths.
     *
     * @param touchpoints every touch, in any order, no null element
     * @param conversions every conversion, in any order (same-instant ones of a profile share a
     *     row), no null element
     * @return the paths
     * @throws IllegalArgumentException when both inputs are empty, or an instant is outside years
     *     1678 to 2262, naming the element
     */
    public PathTable build(Collection<Touchpoint> touchpoints, Collection<Conversion> conversions) {
        return Bridge.table(new PathConstruction(settings).build(touchpoints, conversions, null));
    }

    /**
     * Builds the paths and runs one model on them: the same credits as
     * {@code model.attribute(build(touchpoints, conversions))}, to the last bit.
     *
     * <p>For Markov order 1 ({@code AttributionModel.markov(1)}) the transitions are counted while
     * the paths are cut, so no path table is made: besides the chain's counts the call holds one
     * profile's touches when the touches come grouped by ascending profile key (the general way's
     * 12 to 20 bytes a touch otherwise), instead of the table's 12 bytes a step and 28 a row. Any
     * other model gets the built table.
     *
     * @param model the model, not null
     * @param touchpoints every touch, in any order, no null element
     * @param conversions every conversion, in any order, no null element
     * @return the model's credits
     * @throws IllegalArgumentException as {@link #build(Collection, Collection)} and the model do
     */
    public Credits attribute(AttributionModel model, Collection<Touchpoint> touchpoints,
                             Collection<Conversion> conversions) {
        Objects.requireNonNull(model, "model");
        if (model instanceof MarkovModel markov && markov.order() == 1) {
            return firstOrderCredits(new PathConstruction(settings).firstOrderChain(touchpoints, conversions));
        }
        return model.attribute(build(touchpoints, conversions));
    }

    /**
     * Builds ungrouped paths from touches held in columns: the same table as
     * {@link #build(Collection, Collection)} on the same touches as objects, in the order the
     * columns hold them. One pass over the columns, no string hashed per touch.
     *
     * @param touchpoints the touches, not null
     * @param conversions every conversion, in any order, no null element
     * @return the paths
     * @throws IllegalArgumentException when both inputs are empty, or a conversion's instant is
     *     outside years 1678 to 2262, naming the element
     */
    public PathTable build(TouchColumns touchpoints, Collection<Conversion> conversions) {
        Objects.requireNonNull(touchpoints, "touchpoints");
        return Bridge.table(new PathConstruction(settings).build(touchpoints, conversions, null));
    }

    /**
     * As {@link #build(TouchColumns, Collection)}, each path tagged with its profile's group.
     *
     * @param touchpoints the touches, not null
     * @param conversions every conversion, no null element
     * @param grouping the group of each profile key, called once per profile, never returning null
     * @return the paths
     */
    public PathTable build(TouchColumns touchpoints, Collection<Conversion> conversions,
                           LongFunction<String> grouping) {
        Objects.requireNonNull(touchpoints, "touchpoints");
        Objects.requireNonNull(grouping, "grouping");
        return Bridge.table(new PathConstruction(settings).build(touchpoints, conversions, grouping));
    }

    /**
     * As {@link #attribute(AttributionModel, Collection, Collection)}, from touches held in
     * columns: for Markov order 1 the transitions are counted in one pass over the columns, with no
     * path table and no object or string hashed per touch.
     *
     * @param model the model, not null
     * @param touchpoints the touches, not null
     * @param conversions every conversion, in any order, no null element
     * @return the model's credits
     * @throws IllegalArgumentException as {@link #build(TouchColumns, Collection)} and the model do
     */
    public Credits attribute(AttributionModel model, TouchColumns touchpoints, Collection<Conversion> conversions) {
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(touchpoints, "touchpoints");
        if (model instanceof MarkovModel markov && markov.order() == 1) {
            return firstOrderCredits(new PathConstruction(settings).firstOrderChain(touchpoints, conversions));
        }
        return model.attribute(build(touchpoints, conversions));
    }

    /** Markov order-1 credits of a chain counted without a table (here, and by {@link AttributionReaders}). */
    static Credits firstOrderCredits(FirstOrderCounts.Chain c) {
        if (c.rows() == 0) {
            throw new IllegalArgumentException("paths: empty data set, no path to attribute");
        }
        return MarkovModel.removalEffects(c.chain(), c.values(), c.totalConversions(), c.totalValue()).credits();
    }

    /**
     * Builds paths and tags each with its profile's group (a segment or target group), so that
     * results can be broken down by group.
     *
     * @param touchpoints every touch, no null element
     * @param conversions every conversion, no null element
     * @param grouping the group of each profile key, never returning null; called once per profile,
     *     in ascending key order while the touches come grouped by ascending key (when a touch
     *     shows they are not, the profiles seen so far are answered from a record of their groups,
     *     16 bytes a profile, and the rest are asked in the order of first appearance)
     * @return the paths
     */
    public PathTable build(Collection<Touchpoint> touchpoints, Collection<Conversion> conversions,
                           LongFunction<String> grouping) {
        Objects.requireNonNull(grouping, "grouping");
        return Bridge.table(new PathConstruction(settings).build(touchpoints, conversions, grouping));
    }
}
