package io.omnicanal.attribution;

import io.omnicanal.attribution.internal.Checks;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * How touchpoints and conversions become paths: the lookback window, the dimension to attribute
 * over, filters, and the path transforms.
 *
 * <p>Immutable and thread-safe; built with {@link #builder()}, every setting validated as it is
 * given. Transforms are applied in this fixed order: excluded channels are removed, the lookback
 * window (time, then steps) is applied, a trailing direct touch is dropped, repeats are collapsed,
 * only first occurrences are kept, the path is reduced to its unique values, and finally trimmed to
 * its last {@code maxLength} steps.
 */
public final class PathSettings {

    /** The default lookback window: 30 days. */
    public static final Duration DEFAULT_LOOKBACK = Duration.ofDays(30);

    /**
     * The longest lookback, 73,050 days (200 years of 365.25 days): "all history" for any data, and
     * well inside the 292 years that epoch nanoseconds can span, so a window's length never
     * overflows. The same limit holds for a time-decay half-life.
     */
    public static final Duration MAX_LOOKBACK = Duration.ofDays(73_050);

    private final Duration lookback;
    private final int lookbackSteps;
    private final List<Dimension> dimensions;
    private final SortedSet<String> excludedChannels;
    private final SortedSet<String> conversionTypes;
    private final boolean collapseRepeats;
    private final boolean firstOccurrenceOnly;
    private final boolean uniqueChannels;
    private final int maxLength;
    private final boolean dropTrailingDirect;
    private final String directChannel;
    private final boolean includeNonConverting;

    private PathSettings(Builder b) {
        this.lookback = b.lookback;
        this.lookbackSteps = b.lookbackSteps;
        this.dimensions = List.copyOf(b.dimensions);
        this.excludedChannels = Collections.unmodifiableSortedSet(new TreeSet<>(b.excludedChannels));
        this.conversionTypes = Collections.unmodifiableSortedSet(new TreeSet<>(b.conversionTypes));
        this.collapseRepeats = b.collapseRepeats;
        this.firstOccurrenceOnly = b.firstOccurrenceOnly;
        this.uniqueChannels = b.uniqueChannels;
        this.maxLength = b.maxLength;
        this.dropTrailingDirect = b.dropTrailingDirect;
        this.directChannel = b.directChannel;
        this.includeNonConverting = b.includeNonConverting;
    }

    /**
     * A builder with the defaults: 30-day lookback, no step limit, channel dimension, nothing
     * excluded, every conversion type, no transforms, direct channel {@code "direct"},
     * non-converting paths included.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /** @return the default settings, as {@code builder().build()} */
    public static PathSettings defaults() {
        return builder().build();
    }

    /** @return a builder holding this object's settings */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.lookback = lookback;
        b.lookbackSteps = lookbackSteps;
        b.dimensions = new ArrayList<>(dimensions);
        b.excludedChannels = new TreeSet<>(excludedChannels);
        b.conversionTypes = new TreeSet<>(conversionTypes);
        b.collapseRepeats = collapseRepeats;
        b.firstOccurrenceOnly = firstOccurrenceOnly;
        b.uniqueChannels = uniqueChannels;
        b.maxLength = maxLength;
        b.dropTrailingDirect = dropTrailingDirect;
        b.directChannel = directChannel;
        b.includeNonConverting = includeNonConverting;
        return b;
    }

    /** @return the lookback window: touches older than this before the path's end are left out */
    public Duration lookback() {
        return lookback;
    }

    /** @return the most touches kept before a path's end (before transforms), 0 for no limit */
    public int lookbackSteps() {
        return lookbackSteps;
    }

    /** @return the dimensions a step is made of, in order, never empty */
    public List<Dimension> dimensions() {
        return dimensions;
    }

    /** @return channels whose touches are removed before paths are built, sorted */
    public SortedSet<String> excludedChannels() {
        return excludedChannels;
    }

    /** @return the conversion types that count, sorted; empty means every type */
    public SortedSet<String> conversionTypes() {
        return conversionTypes;
    }

    /** @return whether consecutive identical steps are collapsed into one */
    public boolean collapseRepeats() {
        return collapseRepeats;
    }

    /** @return whether only the first occurrence of each step value is kept, order preserved */
    public boolean firstOccurrenceOnly() {
        return firstOccurrenceOnly;
    }

    /** @return whether a path is reduced to its distinct values in lexicographic order */
    public boolean uniqueChannels() {
        return uniqueChannels;
    }

    /** @return the most steps a path keeps (its last ones), 0 for no limit */
    public int maxLength() {
        return maxLength;
    }

    /** @return whether a trailing direct touch is dropped unless direct is the only channel */
    public boolean dropTrailingDirect() {
        return dropTrailingDirect;
    }

    /** @return the name of the direct channel (used by last non-direct touch and the transform) */
    public String directChannel() {
        return directChannel;
    }

    /** @return whether touches not followed by a conversion give non-converting paths */
    public boolean includeNonConverting() {
        return includeNonConverting;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PathSettings p && lookback.equals(p.lookback) && lookbackSteps == p.lookbackSteps
                && dimensions.equals(p.dimensions) && excludedChannels.equals(p.excludedChannels)
                && conversionTypes.equals(p.conversionTypes) && collapseRepeats == p.collapseRepeats
                && firstOccurrenceOnly == p.firstOccurrenceOnly && uniqueChannels == p.uniqueChannels
                && maxLength == p.maxLength && dropTrailingDirect == p.dropTrailingDirect
                && directChannel.equals(p.directChannel) && includeNonConverting == p.includeNonConverting;
    }

    @Override
    public int hashCode() {
        return Objects.hash(lookback, lookbackSteps, dimensions, excludedChannels, conversionTypes,
                collapseRepeats, firstOccurrenceOnly, uniqueChannels, maxLength, dropTrailingDirect,
                directChannel, includeNonConverting);
    }

    @Override
    public String toString() {
        return "PathSettings{lookback=" + lookback + ", lookbackSteps=" + lookbackSteps + ", dimensions="
                + dimensions + ", excludedChannels=" + excludedChannels + ", conversionTypes=" + conversionTypes
                + ", collapseRepeats=" + collapseRepeats + ", firstOccurrenceOnly=" + firstOccurrenceOnly
                + ", uniqueChannels=" + uniqueChannels + ", maxLength=" + maxLength + ", dropTrailingDirect="
                + dropTrailingDirect + ", directChannel=" + directChannel + ", includeNonConverting="
                + includeNonConverting + "}";
    }

    /** Collects settings for {@link PathSettings}; not thread-safe. Each setter validates its value. */
    public static final class Builder {
        private Duration lookback = DEFAULT_LOOKBACK;
        private int lookbackSteps;
        private List<Dimension> dimensions = new ArrayList<>(List.of(Dimension.CHANNEL));
        private SortedSet<String> excludedChannels = new TreeSet<>();
        private SortedSet<String> conversionTypes = new TreeSet<>();
        private boolean collapseRepeats;
        private boolean firstOccurrenceOnly;
        private boolean uniqueChannels;
        private int maxLength;
        private boolean dropTrailingDirect;
        private String directChannel = "direct";
        private boolean includeNonConverting = true;

        private Builder() {
        }

        /**
         * @param value the lookback window, positive, at most {@link #MAX_LOOKBACK} (200 years); a
         *     window that starts before the earliest supported instant (1678) holds every earlier touch
         * @return this builder
         * @throws IllegalArgumentException naming the value when zero, negative or above the limit
         */
        public Builder lookback(Duration value) {
            Objects.requireNonNull(value, "lookback");
            if (value.isNegative() || value.isZero()) {
                throw new IllegalArgumentException("lookback must be positive, was " + value);
            }
            if (value.compareTo(MAX_LOOKBACK) > 0) {
                throw new IllegalArgumentException("lookback must be at most " + MAX_LOOKBACK + " (200 years), was "
                        + value);
            }
            this.lookback = value;
            return this;
        }

        /**
         * @param value the most touches kept before a path's end, {@code >= 0}, 0 for no limit
         * @return this builder
         * @throws IllegalArgumentException naming the value when negative
         */
        public Builder lookbackSteps(int value) {
            if (value < 0) {
                throw new IllegalArgumentException("lookbackSteps must be >= 0, was " + value);
            }
            this.lookbackSteps = value;
            return this;
        }

        /**
         * @param value the dimensions of a step, non-empty, without repeats
         * @return this builder
         * @throws IllegalArgumentException naming the value when empty or repeating a dimension
         */
        public Builder dimensions(List<Dimension> value) {
            Objects.requireNonNull(value, "dimensions");
            if (value.isEmpty()) {
                throw new IllegalArgumentException("dimensions must not be empty, was []");
            }
            for (int i = 0; i < value.size(); i++) {
                Objects.requireNonNull(value.get(i), "dimensions[" + i + "]");
                if (value.indexOf(value.get(i)) != i) {
                    throw new IllegalArgumentException("dimensions must not repeat a dimension, was " + value);
                }
            }
            this.dimensions = new ArrayList<>(value);
            return this;
        }

        /**
         * @param value the dimensions of a step, non-empty, without repeats
         * @return this builder
         */
        public Builder dimensions(Dimension... value) {
            return dimensions(List.of(value));
        }

        /**
         * @param value channels whose touches are dropped; no null or blank element
         * @return this builder
         */
        public Builder excludedChannels(Collection<String> value) {
            this.excludedChannels = checkNames("excludedChannels", value);
            return this;
        }

        /**
         * @param value conversion types that count; empty for every type; no null element
         * @return this builder
         */
        public Builder conversionTypes(Collection<String> value) {
            Objects.requireNonNull(value, "conversionTypes");
            TreeSet<String> set = new TreeSet<>();
            int i = 0;
            for (String s : value) {
                Objects.requireNonNull(s, "conversionTypes[" + i++ + "]");
                set.add(s);
            }
            this.conversionTypes = set;
            return this;
        }

        /**
         * @param value whether consecutive identical steps are collapsed
         * @return this builder
         */
        public Builder collapseRepeats(boolean value) {
            this.collapseRepeats = value;
            return this;
        }

        /**
         * @param value whether only the first occurrence of each value is kept
         * @return this builder
         */
        public Builder firstOccurrenceOnly(boolean value) {
            this.firstOccurrenceOnly = value;
            return this;
        }

        /**
         * @param value whether paths are reduced to their distinct values in lexicographic order
         * @return this builder
         */
        public Builder uniqueChannels(boolean value) {
            this.uniqueChannels = value;
            return this;
        }

        /**
         * @param value the most steps kept (the last ones), {@code >= 0}, 0 for no limit
         * @return this builder
         * @throws IllegalArgumentException naming the value when negative
         */
        public Builder maxLength(int value) {
            if (value < 0) {
                throw new IllegalArgumentException("maxLength must be >= 0, was " + value);
            }
            this.maxLength = value;
            return this;
        }

        /**
         * @param value whether a trailing direct touch is dropped unless direct is the only channel
         * @return this builder
         */
        public Builder dropTrailingDirect(boolean value) {
            this.dropTrailingDirect = value;
            return this;
        }

        /**
         * @param value the direct channel's name, non-blank
         * @return this builder
         */
        public Builder directChannel(String value) {
            this.directChannel = Checks.nonBlank("directChannel", value);
            return this;
        }

        /**
         * @param value whether touches not followed by a conversion give non-converting paths
         * @return this builder
         */
        public Builder includeNonConverting(boolean value) {
            this.includeNonConverting = value;
            return this;
        }

        /** @return the immutable settings */
        public PathSettings build() {
            return new PathSettings(this);
        }

        private static SortedSet<String> checkNames(String field, Collection<String> value) {
            Objects.requireNonNull(value, field);
            TreeSet<String> set = new TreeSet<>();
            int i = 0;
            for (String s : value) {
                Objects.requireNonNull(s, field + "[" + i + "]");
                if (s.isBlank()) {
                    throw new IllegalArgumentException(field + "[" + i + "] must not be blank, was \"" + s + "\"");
                }
                set.add(s);
                i++;
            }
            return set;
        }
    }
}
