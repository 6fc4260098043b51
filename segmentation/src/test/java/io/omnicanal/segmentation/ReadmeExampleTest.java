package io.omnicanal.segmentation;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The README's example, kept compiling and true. */
class ReadmeExampleTest {
    @Test
    void readmeExample() {
        SegmentCatalog catalog = SegmentCatalog.builder()
                .add("app-fans-who-never-buy", Condition.and(
                        Condition.atLeast(3, EventFilter.type("app_open"), Duration.ofDays(30)),
                        Condition.none(EventFilter.type("purchase"), null)))
                .add("cart-abandoners", new Condition.Sequence(EventFilter.type("add_to_cart"),
                        EventFilter.type("purchase"), Duration.ofHours(1), Duration.ofDays(7)))
                .add("lapsed", new Condition.Lifecycle(LifecycleStage.LAPSED))
                .build();
        SegmentCatalog same = SegmentCatalog.fromJson(catalog.toJson());   // JSON round trip

        Instant t0 = Instant.parse("2026-03-01T09:00:00Z");
        SegmentEngine engine = SegmentEngine.create(same, t0);
        engine.onEvent(Event.of(42L, t0, "add_to_cart", "web", "desktop", 59.90));
        List<SegmentChange> changes = engine.advanceTo(t0.plus(Duration.ofHours(2)));
        // [SegmentChange[profile=42, segment=cart-abandoners, entered=true, time=2026-03-01T10:00:00Z]]

        BatchResult batch = engine.evaluate();
        long[] abandoners = batch.members("cart-abandoners");                // [42]

        assertThat(changes).containsExactly(
                new SegmentChange(42L, "cart-abandoners", true, Instant.parse("2026-03-01T10:00:00Z")));
        assertThat(abandoners).containsExactly(42L);
    }
}
