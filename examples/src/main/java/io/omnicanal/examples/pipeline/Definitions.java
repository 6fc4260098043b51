package io.omnicanal.examples.pipeline;

import static io.omnicanal.segmentation.Condition.and;
import static io.omnicanal.segmentation.Condition.atLeast;
import static io.omnicanal.segmentation.Condition.inSegment;
import static io.omnicanal.segmentation.Condition.none;
import static io.omnicanal.segmentation.Condition.sumAtLeast;

import io.omnicanal.journeys.Channel;
import io.omnicanal.journeys.FrequencyCap;
import io.omnicanal.journeys.Journey;
import io.omnicanal.journeys.JourneyEngine;
import io.omnicanal.journeys.JourneyListener;
import io.omnicanal.segmentation.Condition;
import io.omnicanal.segmentation.EventFilter;
import io.omnicanal.segmentation.LifecycleSettings;
import io.omnicanal.segmentation.LifecycleStage;
import io.omnicanal.segmentation.RfmSettings;
import io.omnicanal.segmentation.SegmentCatalog;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.List;
import java.util.Locale;

/**
 * The brand's marketing set-up used by the end-to-end run: twenty segments (RFM cells, lifecycle
 * stages, channel behaviours) and five journeys (cart abandonment, welcome, win-back, post-purchase
 * cross-sell, birthday) under shared pressure rules.
 */
final class Definitions {
    /** Journeys shipped as JSON resources, in deployment order. */
    static final List<String> JOURNEYS = List.of("cart-abandonment", "welcome", "win-back", "cross-sell",
            "birthday");

    private Definitions() {}

    /** Event types the pipeline feeds to segmentation. */
    static final String[] EVENT_TYPES = {"view", "app_open", "login", "signup", "add_to_cart", "purchase",
        "email_open", "sms_open", "push_open", "ad_click", "call"};

    /** The same, for membership tests on the per-row path. */
    static final java.util.Set<String> EVENT_TYPE_SET = java.util.Set.of(EVENT_TYPES);

    static SegmentCatalog segments() {
        Duration day = Duration.ofDays(1);
        EventFilter purchase = EventFilter.type("purchase");
        SegmentCatalog.Builder b = SegmentCatalog.builder()
                .eventTypes(EVENT_TYPES)
                .rfm(new RfmSettings(purchase, Duration.ofDays(365), RfmSettings.TieRule.SHARE,
                        RfmSettings.defaultCells()))
                .lifecycle(LifecycleSettings.builder().qualifying(purchase).newFor(day.multipliedBy(30))
                        .activeFor(day.multipliedBy(60)).lapsedAfter(day.multipliedBy(120))
                        .reactivatedFor(day.multipliedBy(30)).build());
        b.add("rfm-champions", new Condition.RfmCell("Champions"));
        b.add("rfm-loyal", new Condition.RfmCell("Loyal"));
        b.add("rfm-at-risk", new Condition.RfmCell("At risk"));
        b.add("rfm-hibernating", new Condition.RfmCell("Hibernating"));
        for (LifecycleStage s : LifecycleStage.values()) {
            b.add("stage-" + s.name().toLowerCase(Locale.ROOT).replace('_', '-'), new Condition.Lifecycle(s));
        }
        b.add("cart-abandoners", new Condition.Sequence(EventFilter.type("add_to_cart"), purchase,
                Duration.ofHours(1), day.multipliedBy(30)));
        b.add("app-users-never-buy", and(atLeast(3, EventFilter.type("app_open"), day.multipliedBy(90)),
                none(purchase, null)));
        b.add("shop-only-never-opened-email", and(atLeast(1, purchase.withChannel("store"), null),
                none(new EventFilter(null, "web", null, null), null),
                none(new EventFilter(null, "app", null, null), null),
                none(EventFilter.type("email_open"), null)));
        b.add("web-3-devices", new Condition.Aggregate(Condition.Measure.DISTINCT_DEVICES,
                new EventFilter(null, "web", null, null), day.multipliedBy(90), 3, Double.POSITIVE_INFINITY));
        b.add("big-spenders", sumAtLeast(300, purchase, day.multipliedBy(365)));
        b.add("email-engaged", atLeast(2, EventFilter.type("email_open"), day.multipliedBy(30)));
        b.add("newsletter-never-bought", and(atLeast(1, EventFilter.type("signup"), null), none(purchase, null)));
        b.add("store-lapsed", and(atLeast(1, purchase.withChannel("store"), null),
                new Condition.LastEventAgo(purchase.withChannel("store"), day.multipliedBy(90))));
        b.add("young-upper-income", and(new Condition.TraitIn("income_band", List.of("upper-middle", "high")),
                new Condition.TraitIn("age_band", List.of("18-24", "25-34"))));
        b.add("win-back-target", and(inSegment("stage-lapsed"), Condition.traitEquals("consent_email", "true")));
        return b.build();
    }

    /**
     * The journey engine with the brand's pressure rules: at most 3 marketing messages a week in
     * all and 1 SMS a day, quiet hours 21:00-08:00 in Paris time, redundancy windows of a week, and
     * purchases as conversions; the five journeys deployed.
     */
    static JourneyEngine journeys(Instant start, JourneyListener listener, JourneySink sink) {
        JourneyEngine.Builder b = JourneyEngine.builder()
                .start(start)
                .cap(FrequencyCap.total(3, Duration.ofDays(7)))
                .cap(FrequencyCap.perChannel(Channel.SMS, 1, Duration.ofDays(1)))
                .quietHours(LocalTime.of(21, 0), LocalTime.of(8, 0))
                .brandZone(ZoneId.of("Europe/Paris"))
                .convertedWindow(Duration.ofDays(7))
                .duplicateWindow(Duration.ofDays(7))
                .conversionEvents("purchase")
                .itemProperty("product")
                .engagementEvents("email_open", "sms_open", "push_open", "app_open")
                .channelCost(Channel.EMAIL, 0.001)
                .channelCost(Channel.PUSH, 0.0005)
                .channelCost(Channel.SMS, 0.045)
                .fallbackOrder(Channel.PUSH, Channel.EMAIL, Channel.SMS)
                .listener(listener);
        for (Channel c : Channel.values()) {
            b.sender(c, sink);
        }
        JourneyEngine engine = b.build();
        for (String name : JOURNEYS) {
            engine.deploy(Journey.fromJson(resource("journeys/" + name + ".json")));
        }
        return engine;
    }

    static String resource(String name) {
        try (InputStream in = Definitions.class.getResourceAsStream("/io/omnicanal/examples/" + name)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
