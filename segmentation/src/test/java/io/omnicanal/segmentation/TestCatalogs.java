package io.omnicanal.segmentation;

import static io.omnicanal.segmentation.Condition.and;
import static io.omnicanal.segmentation.Condition.atLeast;
import static io.omnicanal.segmentation.Condition.inSegment;
import static io.omnicanal.segmentation.Condition.none;
import static io.omnicanal.segmentation.Condition.not;
import static io.omnicanal.segmentation.Condition.or;
import static io.omnicanal.segmentation.Condition.sumAtLeast;

import java.time.Duration;
import java.util.List;

/** Catalogs shared by the tests: every kind of condition, on minute-scale windows. */
final class TestCatalogs {
    private TestCatalogs() {
    }

    static final Duration MIN10 = Duration.ofMinutes(10);
    static final Duration HOUR = Duration.ofHours(1);

    static SegmentCatalog rich(RfmSettings.TieRule ties) {
        return rich(ties, true);
    }

    /**
     * @param ties the RFM tie rule
     * @param sequences whether to include the sequence segments: with any, every event older than the clock
     *     is late (its profile is rebuilt), so only a catalog without them sends such events down the
     *     incremental path
     * @return the catalog
     */
    static SegmentCatalog rich(RfmSettings.TieRule ties, boolean sequences) {
        SegmentCatalog.Builder b = SegmentCatalog.builder()
                .rfm(new RfmSettings(EventFilter.type("purchase"), Duration.ofHours(2), ties, RfmSettings.defaultCells()))
                .lifecycle(LifecycleSettings.builder().newFor(Duration.ofMinutes(15)).activeFor(Duration.ofMinutes(30))
                        .lapsedAfter(HOUR).reactivatedFor(Duration.ofMinutes(20)).build());
        b.add("app3", atLeast(3, EventFilter.type("app_open"), HOUR));
        b.add("big-spender", sumAtLeast(150, EventFilter.type("purchase"), HOUR));
        b.add("never-buy", none(EventFilter.type("purchase"), null));
        b.add("app-no-buy", and(inSegment("app3"), inSegment("never-buy")));
        b.add("store-lapsed", new Condition.LastEventAgo(EventFilter.type("store_visit"), Duration.ofMinutes(20)));
        if (sequences) {
            b.add("cart-abandon", new Condition.Sequence(EventFilter.type("add_to_cart"), EventFilter.type("purchase"),
                    Duration.ofMinutes(5), Duration.ofMinutes(30)));
            b.add("cart-abandon-ever", new Condition.Sequence(EventFilter.type("add_to_cart"),
                    EventFilter.type("purchase"), Duration.ofMinutes(5), null));
        }
        b.add("web-3-devices", new Condition.Aggregate(Condition.Measure.DISTINCT_DEVICES,
                new EventFilter(null, "web", null, null), HOUR, 3, Double.POSITIVE_INFINITY));
        b.add("multi-channel", new Condition.Aggregate(Condition.Measure.DISTINCT_CHANNELS, EventFilter.any(), null,
                3, Double.POSITIVE_INFINITY));
        b.add("shop-only-no-email", and(atLeast(1, new EventFilter(null, "store", null, null), null),
                none(new EventFilter(null, "web", null, null), null),
                none(new EventFilter(null, "app", null, null), null), none(EventFilter.type("email_open"), null)));
        b.add("vip-city", and(new Condition.TraitIn("city", List.of("Paris", "İstanbul")),
                new Condition.TraitRange("age", 18, 40)));
        b.add("consented", and(Condition.traitEquals("consent", "yes"), new Condition.TraitExists("email")));
        for (LifecycleStage s : LifecycleStage.values()) {
            b.add("stage-" + s.name().toLowerCase(java.util.Locale.ROOT).replace('_', '-'), new Condition.Lifecycle(s));
        }
        b.add("champions", new Condition.RfmCell("Champions"));
        b.add("rfm-at-risk", new Condition.RfmCell("At risk"));
        b.add("rfm-recent", new Condition.RfmScores(4, 5, 1, 5, 1, 5));
        b.add("spring-viewer", atLeast(1, EventFilter.type("view").withProperty("campaign", "spring"), MIN10));
        b.add("not-engaged", not(or(atLeast(1, EventFilter.any(), MIN10), new Condition.TraitExists("email"))));
        b.add("views-2-to-4", new Condition.Aggregate(Condition.Measure.COUNT, EventFilter.type("view"), MIN10, 2, 4));
        b.add("app-device-views", and(atLeast(2, EventFilter.type("view").withChannel("app").withDevice("d1"), MIN10),
                inSegment("not-engaged-complement")));
        b.add("not-engaged-complement", not(inSegment("not-engaged")));
        // Ranges with a maximum (truth changes in both directions as events leave) and a sum that negative
        // values (refunds) make non-monotone.
        b.add("spend-20-to-100", new Condition.Aggregate(Condition.Measure.SUM, EventFilter.type("purchase"), MIN10,
                20, 100));
        b.add("views-at-most-1", new Condition.Aggregate(Condition.Measure.COUNT, EventFilter.type("view"), HOUR,
                0, 1));
        b.add("app-2-or-5-plus", or(atLeast(2, EventFilter.type("app_open"), MIN10),
                atLeast(5, EventFilter.type("app_open"), HOUR)));
        // Count bounds beyond what a ring of times keeps (the history cursor then counts), fractional count
        // bounds, windowed distinct channels with a maximum, and more devices than a profile's state block
        // keeps inline (the side array), in a window (ids whose sighting left are reused) and ever.
        b.add("busy-9", atLeast(9, EventFilter.any(), HOUR));
        b.add("app-1.5-to-3.5", new Condition.Aggregate(Condition.Measure.COUNT, EventFilter.type("app_open"), MIN10,
                1.5, 3.5));
        b.add("channels-2-to-3", new Condition.Aggregate(Condition.Measure.DISTINCT_CHANNELS, EventFilter.any(), MIN10,
                2, 3));
        b.add("devices-5-in-hour", new Condition.Aggregate(Condition.Measure.DISTINCT_DEVICES, EventFilter.any(), HOUR,
                5, Double.POSITIVE_INFINITY));
        b.add("devices-6-ever", new Condition.Aggregate(Condition.Measure.DISTINCT_DEVICES, EventFilter.type("view"),
                null, 6, Double.POSITIVE_INFINITY));
        return b.build();
    }
}
