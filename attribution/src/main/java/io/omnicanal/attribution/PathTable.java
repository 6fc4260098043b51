package io.omnicanal.attribution;

import io.omnicanal.attribution.internal.Checks;

import io.omnicanal.attribution.internal.Bridge;
import io.omnicanal.attribution.internal.PathAggregation;
import io.omnicanal.attribution.internal.PathAssembler;
import io.omnicanal.attribution.internal.PathData;
import io.omnicanal.attribution.internal.PathTableCodec;

import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/**
 * Paths ready to be attributed: one row per path (or per distinct path, when aggregated as the
 * ChannelAttribution package takes them), each with its conversions, conversion value and
 * non-conversions ("nulls"), an optional group, and optionally the age of each step.
 *
 * <p>Step values form a dictionary sorted lexicographically; models report credit per dictionary
 * index. Conversions whose path was empty (no touch in the window) are not rows: they are counted
 * in {@link #unattributedConversions()} and {@link #unattributedValue()} so that nothing is lost
 * silently.
 *
 * <p>Immutable and thread-safe. Memory: about 4 bytes per step (12 with ages, one more over
 * dimensions without the channel, for each step's direct flag) and 28 per row.
 */
public final class PathTable {

    static {
        Bridge.register(t -> t.data, PathTable::new);
    }

    private final PathData data;

    private PathTable(PathData data) {
        this.data = data;
    }

    /**
     * A builder for a table over channel names, for callers that have paths already.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder(List.of(Dimension.CHANNEL));
    }

    /** @return the dimensions a step value is made of, in order */
    public List<Dimension> dimensions() {
        return data.dimensions;
    }

    /** @return the number of rows */
    public int size() {
        return data.rows();
    }

    /** @return the number of distinct step values */
    public int valueCount() {
        return data.values.length;
    }

    /** @return the step values in dictionary order (lexicographic), components joined with {@code |} */
    public List<String> values() {
        return Collections.unmodifiableList(Arrays.asList(data.values));
    }

    /**
     * @param index a dictionary index in {@code [0, valueCount())}
     * @return the value's display string
     */
    public String value(int index) {
        return data.values[index];
    }

    /**
     * @param index a dictionary index
     * @param dimension one of {@link #dimensions()}
     * @return that component of the value
     * @throws IllegalArgumentException naming the dimension when the table is not over it
     */
    public String component(int index, Dimension dimension) {
        int pos = data.dimensions.indexOf(dimension);
        if (pos < 0) {
            throw new IllegalArgumentException("dimension: table is over " + data.dimensions + ", not " + dimension);
        }
        return data.components[index][pos];
    }

    /**
     * @param value a display value
     * @return its dictionary index, or -1 when absent; O(log n)
     */
    public int indexOf(String value) {
        int i = Arrays.binarySearch(data.values, value);
        return i >= 0 ? i : -1;
    }

    /**
     * @param index a dictionary index
     * @return whether the value's channel is the direct channel (always false for a table whose
     *     dimensions do not include the channel: see {@link #isDirectStep})
     */
    public boolean isDirect(int index) {
        return data.direct[index];
    }

    /**
     * Whether the touch that made a step was of the direct channel. Over the channel this is the
     * step value's own {@link #isDirect}; over campaign or device, where one value can be reached
     * by a direct visit and by another channel, it is each step's own touch (recorded by
     * {@link PathBuilder}; a table saved by format version 1 over such dimensions does not know,
     * and gives false).
     *
     * @param row a row in {@code [0, size())}
     * @param position a step position in {@code [0, pathLength(row))}, 0 the oldest
     * @return whether that step's touch was a direct visit
     */
    public boolean isDirectStep(int row, int position) {
        return data.isDirectStep(data.offsets[row] + checkPosition(row, position));
    }

    /**
     * @param row a row in {@code [0, size())}
     * @return the number of steps in the row, at least 1
     */
    public int pathLength(int row) {
        return data.offsets[row + 1] - data.offsets[row];
    }

    /**
     * @param row a row
     * @param position a step position in {@code [0, pathLength(row))}, 0 the oldest
     * @return the dictionary index of the step
     */
    public int step(int row, int position) {
        return data.steps[data.offsets[row] + checkPosition(row, position)];
    }

    /**
     * @param row a row
     * @param separator placed between steps
     * @return the row's path as text, for example {@code search > email}
     */
    public String pathString(int row, String separator) {
        StringBuilder sb = new StringBuilder();
        for (int p = data.offsets[row]; p < data.offsets[row + 1]; p++) {
            if (p > data.offsets[row]) {
                sb.append(separator);
            }
            sb.append(data.values[data.steps[p]]);
        }
        return sb.toString();
    }

    /**
     * @param row a row
     * @return its conversions, {@code >= 0}
     */
    public double conversions(int row) {
        return data.conversions[row];
    }

    /**
     * @param row a row
     * @return its conversion value, {@code >= 0}
     */
    public double conversionValue(int row) {
        return data.value[row];
    }

    /**
     * @param row a row
     * @return its non-conversions, {@code >= 0}
     */
    public double nulls(int row) {
        return data.nulls[row];
    }

    /** @return whether each step carries its age (time before the path's end) */
    public boolean hasAges() {
        return data.ages != null;
    }

    /**
     * @param row a row
     * @param position a step position
     * @return the time from the step to the path's end
     * @throws IllegalStateException when the table carries no ages
     */
    public Duration age(int row, int position) {
        if (data.ages == null) {
            throw new IllegalStateException("ages: this table carries no step times");
        }
        return Duration.ofMillis(data.ages[data.offsets[row] + checkPosition(row, position)]);
    }

    /** @return the groups rows belong to, sorted; {@code [""]} when the table has no grouping */
    public List<String> groups() {
        return Collections.unmodifiableList(Arrays.asList(data.groups));
    }

    /**
     * @param row a row
     * @return the row's group, {@code ""} without grouping
     */
    public String group(int row) {
        return data.groups[data.groupOf[row]];
    }

    /** @return the sum of conversions over rows (compensated summation) */
    public double totalConversions() {
        return data.totalConversions();
    }

    /** @return the sum of conversion value over rows (compensated summation) */
    public double totalValue() {
        return data.totalValue();
    }

    /** @return conversions that had no touch in their window and so could not be attributed */
    public double unattributedConversions() {
        return data.unattributedConversions;
    }

    /** @return the value of those conversions */
    public double unattributedValue() {
        return data.unattributedValue;
    }

    /**
     * Merges rows with the same group and the same path, summing their counts; step ages are
     * dropped. Rows keep the order of their first occurrence. O(steps) expected time.
     *
     * @return the aggregated table (this table if it has no duplicate rows and no ages)
     */
    public PathTable aggregate() {
        PathData agg = PathAggregation.aggregate(data);
        return agg == data ? this : new PathTable(agg);
    }

    /**
     * The rows of one group, with the same dictionary (values that no longer occur keep their index
     * and get no credit). Unattributed conversions are not tracked per group: the sub-table reports
     * none; read them from the full table.
     *
     * @param group one of {@link #groups()}
     * @return the sub-table
     * @throws IllegalArgumentException naming the group when the table has no such group
     */
    public PathTable onlyGroup(String group) {
        Objects.requireNonNull(group, "group");
        int g = Arrays.asList(data.groups).indexOf(group);
        if (g < 0) {
            throw new IllegalArgumentException("group: unknown group \"" + group + "\", known " + groups());
        }
        return new PathTable(PathAggregation.filterGroup(data, g));
    }

    /**
     * Writes a snapshot of this table: a versioned, checksummed binary file, written to a temporary
     * file in the same directory, forced to disk and renamed over {@code file} atomically.
     *
     * @param file the destination; its directory must exist
     * @throws java.io.UncheckedIOException when the file cannot be written (the previous file, if
     *     any, is left as it was)
     */
    public void save(java.nio.file.Path file) {
        PathTableCodec.save(data, Objects.requireNonNull(file, "file"));
    }

    /**
     * Reads a snapshot written by {@link #save}.
     *
     * @param file the snapshot
     * @return the table, equal row by row to the one saved
     * @throws IllegalArgumentException naming the file when it is truncated, corrupt (checksum),
     *     of another format or of an unsupported version
     * @throws java.io.UncheckedIOException when it cannot be read
     */
    public static PathTable load(java.nio.file.Path file) {
        return new PathTable(PathTableCodec.load(Objects.requireNonNull(file, "file")));
    }

    private int checkPosition(int row, int position) {
        if (position < 0 || position >= pathLength(row)) {
            throw new IndexOutOfBoundsException("position " + position + " outside path of length " + pathLength(row));
        }
        return position;
    }

    @Override
    public String toString() {
        return "PathTable{rows=" + size() + ", values=" + valueCount() + ", dimensions=" + dimensions() + "}";
    }

    /**
     * Builds a table from paths given as lists of channel names. Not thread-safe. Each {@code add}
     * validates its arguments before changing the builder.
     */
    public static final class Builder {
        private final List<Dimension> dimensions;
        private String directChannel = "direct";
        private boolean withAges;
        private boolean started;
        private boolean built;
        private PathAssembler target;
        private int[] ids = new int[16];
        private long[] ages = new long[16];

        private Builder(List<Dimension> dimensions) {
            this.dimensions = dimensions;
        }

        /**
         * @param value the name of the direct channel, non-blank; set before the first row
         * @return this builder
         * @throws IllegalStateException naming the setting once a row was added (the rows already
         *     added were read with the previous direct channel)
         */
        public Builder directChannel(String value) {
            String checked = Checks.nonBlank("directChannel", value);
            notStarted("directChannel");
            this.directChannel = checked;
            return this;
        }

        /**
         * Declares that rows carry step times (added with {@link #addJourney}); set before the first row.
         *
         * @return this builder
         * @throws IllegalStateException naming the setting once a row was added (rows without times
         *     cannot gain them)
         */
        public Builder withTimes() {
            notStarted("withTimes");
            this.withAges = true;
            return this;
        }

        private void notStarted(String setting) {
            if (started) {
                throw new IllegalStateException(setting + ": must be set before the first row, and "
                        + (target == null ? "the table was built" : "rows were added"));
            }
        }

        /**
         * Adds a path without step times, in the ungrouped group {@code ""}.
         *
         * @param path the channel names, oldest first; an empty path counts as unattributed
         * @param conversions {@code >= 0}, finite
         * @param value {@code >= 0}, finite, 0 when conversions are 0
         * @param nulls {@code >= 0}, finite
         * @return this builder
         * @throws IllegalArgumentException naming the field and value on bad input
         * @throws IllegalStateException when the builder was declared {@link #withTimes()}
         */
        public Builder add(List<String> path, double conversions, double value, double nulls) {
            return add("", path, conversions, value, nulls);
        }

        /**
         * Adds a path without step times in a group.
         *
         * @param group the group name, not null
         * @param path the channel names, oldest first
         * @param conversions {@code >= 0}, finite
         * @param value {@code >= 0}, finite
         * @param nulls {@code >= 0}, finite
         * @return this builder
         */
        public Builder add(String group, List<String> path, double conversions, double value, double nulls) {
            Objects.requireNonNull(group, "group");
            checkPath(path);
            checkCounts(conversions, value, nulls);
            if (withAges) {
                throw new IllegalStateException("ages: builder declared withTimes(), use addJourney");
            }
            append(group, path, null, conversions, value, nulls);
            return this;
        }

        /**
         * Adds a path whose steps have times; each step's age is {@code end - time}.
         *
         * @param path the channel names, oldest first
         * @param times one time per step, not after {@code end}, non-decreasing
         * @param end when the path ended (the conversion time for converting paths)
         * @param conversions {@code >= 0}
         * @param value {@code >= 0}
         * @param nulls {@code >= 0}
         * @return this builder
         * @throws IllegalArgumentException naming the step and time when a touch is after the end
         */
        public Builder addJourney(List<String> path, List<Instant> times, Instant end, double conversions,
                                  double value, double nulls) {
            checkPath(path);
            Objects.requireNonNull(times, "times");
            Objects.requireNonNull(end, "end");
            checkCounts(conversions, value, nulls);
            if (times.size() != path.size()) {
                throw new IllegalArgumentException("times must have one entry per step, was " + times.size()
                        + " times for " + path.size() + " steps");
            }
            long[] a = new long[path.size()];
            for (int i = 0; i < times.size(); i++) {
                Instant t = Objects.requireNonNull(times.get(i), "times[" + i + "]");
                if (t.isAfter(end)) {
                    throw new IllegalArgumentException("times[" + i + "]: touch at " + t + " is after its path end " + end);
                }
                if (i > 0 && t.isBefore(times.get(i - 1))) {
                    throw new IllegalArgumentException("times[" + i + "]: " + t + " is before the previous step "
                            + times.get(i - 1));
                }
                a[i] = Duration.between(t, end).toMillis();
            }
            if (!withAges) {
                if (started) {
                    throw new IllegalStateException("ages: rows without times were added before; call withTimes() first");
                }
                withAges = true;
            }
            append("", path, a, conversions, value, nulls);
            return this;
        }

        private void append(String group, List<String> path, long[] rowAges, double c, double v, double n) {
            requireNotBuilt();
            if (target == null) {
                target = new PathAssembler(dimensions, directChannel, withAges);
            }
            started = true;
            if (ids.length < path.size()) {
                ids = new int[path.size()];
                ages = new long[path.size()];
            }
            for (int i = 0; i < path.size(); i++) {
                ids[i] = target.intern(path.get(i));
                if (rowAges != null) {
                    ages[i] = rowAges[i];
                }
            }
            target.add(ids, ages, null, path.size(), c, v, n, target.group(group));
        }

        /**
         * @return the table; the builder may not be used afterwards
         * @throws IllegalArgumentException when no row was added
         * @throws IllegalStateException when the table was built already (a row added after
         *     {@code build()} is refused the same way, instead of silently starting a new table)
         */
        public PathTable build() {
            requireNotBuilt();
            if (target == null) {
                throw new IllegalArgumentException("paths: empty data set, no row was added");
            }
            PathData d = target.build();
            target = null;
            built = true;
            return new PathTable(d);
        }

        private void requireNotBuilt() {
            if (built) {
                throw new IllegalStateException("this builder built its table already; start another with PathTable.builder()");
            }
        }

        private static void checkPath(List<String> path) {
            Objects.requireNonNull(path, "path");
            for (int i = 0; i < path.size(); i++) {
                String s = Objects.requireNonNull(path.get(i), "path[" + i + "]");
                if (s.isBlank()) {
                    throw new IllegalArgumentException("path[" + i + "] must not be blank, was \"" + s + "\"");
                }
            }
        }

        private static void checkCounts(double conversions, double value, double nulls) {
            Checks.pathCounts(conversions, value, nulls);
        }
    }
}
