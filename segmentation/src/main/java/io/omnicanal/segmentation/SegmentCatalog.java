package io.omnicanal.segmentation;

import io.omnicanal.segmentation.internal.CatalogJson;
import io.omnicanal.segmentation.internal.CatalogRules;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.TreeSet;

/**
 * A validated, immutable set of segment definitions with the declared event types and the RFM and
 * lifecycle settings: the unit the engine installs atomically.
 *
 * <p>Validation (by {@link Builder#build()} and {@link #fromJson(String)} alike) rejects, with a
 * {@link SegmentDefinitionException} carrying the JSON path of the fault: a duplicate segment id, a filter
 * on an event type not declared in {@link #eventTypes()}, a reference to an unknown segment or RFM cell,
 * and any cycle between segments. The JSON form ({@link #toJson()}) round-trips exactly:
 * {@code fromJson(c.toJson()).equals(c)} and the text is canonical (same catalog, same bytes).
 * Immutable and thread-safe.
 */
public final class SegmentCatalog {
    /** The event types declared when the builder is given none. */
    public static final List<String> DEFAULT_EVENT_TYPES =
            List.of("add_to_cart", "app_open", "email_open", "purchase", "store_visit", "view");

    private final List<String> eventTypes;
    private final List<Segment> segments;
    private final RfmSettings rfm;
    private final LifecycleSettings lifecycle;

    private SegmentCatalog(List<String> eventTypes, List<Segment> segments, RfmSettings rfm,
                           LifecycleSettings lifecycle) {
        this.eventTypes = eventTypes;
        this.segments = segments;
        this.rfm = rfm;
        this.lifecycle = lifecycle;
    }

    /** A builder with the default event types, RFM and lifecycle settings, and no segments. */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder holding this catalog's content. */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.eventTypes = new TreeSet<>(eventTypes);
        b.segments.addAll(segments);
        b.rfm = rfm;
        b.lifecycle = lifecycle;
        return b;
    }

    /**
     * Parses and validates a catalog from its JSON form.
     *
     * @throws SegmentDefinitionException with the JSON path of the first fault (malformed JSON, unknown
     *                                    field, wrong type, unknown operator, invalid value, rule violation)
     */
    public static SegmentCatalog fromJson(String json) {
        return CatalogJson.read(json);
    }

    /** The canonical JSON form (fields in a fixed order, two-space indentation, {@code \n} line ends). */
    public String toJson() {
        return CatalogJson.write(this);
    }

    /** The declared event types, sorted. */
    public List<String> eventTypes() {
        return eventTypes;
    }

    /** The segments in definition order (the order in which changes of one instant are reported). */
    public List<Segment> segments() {
        return segments;
    }

    /** The segment with {@code id}, or {@code null}. */
    public Segment segment(String id) {
        for (Segment s : segments) {
            if (s.id().equals(id)) {
                return s;
            }
        }
        return null;
    }

    /** The RFM settings. */
    public RfmSettings rfm() {
        return rfm;
    }

    /** The lifecycle settings. */
    public LifecycleSettings lifecycle() {
        return lifecycle;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SegmentCatalog c && eventTypes.equals(c.eventTypes) && segments.equals(c.segments)
                && rfm.equals(c.rfm) && lifecycle.equals(c.lifecycle);
    }

    @Override
    public int hashCode() {
        return Objects.hash(eventTypes, segments, rfm, lifecycle);
    }

    @Override
    public String toString() {
        return "SegmentCatalog" + segments.stream().map(Segment::id).toList();
    }

    /** Builds a {@link SegmentCatalog}; each setter validates its argument. Not thread-safe. */
    public static final class Builder {
        private TreeSet<String> eventTypes = new TreeSet<>(DEFAULT_EVENT_TYPES);
        private final List<Segment> segments = new ArrayList<>();
        private RfmSettings rfm = RfmSettings.defaults();
        private LifecycleSettings lifecycle = LifecycleSettings.defaults();

        private Builder() {
        }

        /**
         * Replaces the declared event types.
         *
         * @throws IllegalArgumentException if empty or an element is null or blank
         */
        public Builder eventTypes(String... types) {
            if (types == null || types.length == 0) {
                throw new IllegalArgumentException("eventTypes must not be empty, was " + Arrays.toString(types));
            }
            TreeSet<String> set = new TreeSet<>();
            for (String t : types) {
                set.add(Checks.name("eventTypes element", t));
            }
            this.eventTypes = set;
            return this;
        }

        /** Declares one more event type (non-blank). */
        public Builder addEventType(String type) {
            eventTypes.add(Checks.name("eventType", type));
            return this;
        }

        /** Appends a segment (non-null); the catalog-wide rules are checked by {@link #build()}. */
        public Builder add(Segment segment) {
            segments.add(Objects.requireNonNull(segment, "segment"));
            return this;
        }

        /** Appends a segment without description. */
        public Builder add(String id, Condition condition) {
            return add(Segment.of(id, condition));
        }

        /** Sets the RFM settings (non-null). */
        public Builder rfm(RfmSettings settings) {
            this.rfm = Objects.requireNonNull(settings, "rfm");
            return this;
        }

        /** Sets the lifecycle settings (non-null). */
        public Builder lifecycle(LifecycleSettings settings) {
            this.lifecycle = Objects.requireNonNull(settings, "lifecycle");
            return this;
        }

        /**
         * Validates the whole catalog and builds it.
         *
         * @throws SegmentDefinitionException with the JSON path of the first fault
         */
        public SegmentCatalog build() {
            List<String> types = List.copyOf(eventTypes);
            List<Segment> segs = List.copyOf(segments);
            CatalogRules.validate(types, segs, rfm, lifecycle);
            return new SegmentCatalog(types, segs, rfm, lifecycle);
        }
    }
}
