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
     * @param conversions every conversion, in any order, no null element
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
            FirstOrderCounts.Chain c = new PathConstruction(settings).firstOrderChain(touchpoints, conversions);
            if (c.rows() == 0) {
                throw new IllegalArgumentException("paths: empty data set, no path to attribute");
            }
            return MarkovModel.removalEffects(c.chain(), c.values(), c.totalConversions(), c.totalValue()).credits();
        }
        return model.attribute(build(touchpoints, conversions));
    }

    /**
     * Builds paths and tags each with its profile's group (a segment or target group), so that
     * results can be broken down by group.
     *
     * @param touchpoints every touch, no null element
     * @param conversions every conversion, no null element
     * @param grouping the group of each profile key, called once per profile, never returning null
     * @return the paths
     */
    public PathTable build(Collection<Touchpoint> touchpoints, Collection<Conversion> conversions,
                           LongFunction<String> grouping) {
        Objects.requireNonNull(grouping, "grouping");
        return Bridge.table(new PathConstruction(settings).build(touchpoints, conversions, grouping));
    }
}
