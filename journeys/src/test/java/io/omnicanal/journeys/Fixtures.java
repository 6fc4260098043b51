package io.omnicanal.journeys;

import java.time.Duration;
import java.time.LocalTime;
import java.util.List;
import java.util.Map;

/** Journeys used by several tests. */
final class Fixtures {
    private Fixtures() {}

    /** A journey with every step kind, trigger kind and condition kind. */
    static Journey everything() {
        Condition vip = new Condition.Any(List.of(
                new Condition.InSegment("vip"),
                new Condition.All(List.of(new Condition.In(Condition.Source.TRAIT, "tier", List.of("silver", "gold")),
                        new Condition.Not(new Condition.Equals(Condition.Source.TRAIT, "churned", "yes"))))));
        return Journey.builder("kitchen_sink")
                .version(3)
                .entry(Trigger.event("add_to_cart", new Condition.Range(Condition.Source.EVENT, "price", 10, Double.POSITIVE_INFINITY)))
                .reEntry(ReEntry.afterCoolDown(Duration.ofDays(2)).withMaxEntries(5))
                .goal(Trigger.event("purchase"))
                .goal(Trigger.event("store_purchase", Condition.property("store", "Ístanbul")))
                .exit(new Trigger.OnSegment("unsubscribed", true))
                .exit(Trigger.event("complaint"))
                .step(new Step.WaitForEvent("wait", Trigger.event("purchase"), Duration.ofMinutes(45), Trigger.event("add_to_cart"),
                        "done", null))
                .step(new Step.DecisionSplit("is_vip", vip, "nba", "split"))
                .step(new Step.RandomSplit("split", List.of(new Step.Branch(70, "remind"), new Step.Branch(30, "morning")), 10, "done"))
                .step(new Step.Send("remind", "cart_reminder", "sku-1",
                        new Delivery(List.of(Channel.PUSH, Channel.EMAIL, Channel.SMS), 5, "marketing", false,
                                Delivery.OnCap.DEFER, Delivery.OnQuietHours.DISCARD, Delivery.OnConflict.DROP), "done"))
                .step(new Step.Wait("morning", null, LocalTime.of(9, 30), "pause"))
                .step(new Step.Wait("pause", Duration.ofHours(2), null, "mark"))
                .step(new Step.UpdateTrait("mark", "nudged", "true", "nba"))
                .step(new Step.NextBestAction("nba", List.of("o1", "o2"), Delivery.marketing(), "done", "done"))
                .step(new Step.Exit("done"))
                .migration(Migration.migrate(Map.of("wait", "wait")))
                .build();
    }

    /** Offers o1 and o2 for {@link #everything()}. */
    static JourneyEngine.Builder withOffers(JourneyEngine.Builder b) {
        return b.offer(new Offer("o1", "offer_one", "sku-1", null, 1.0, Duration.ofDays(1)))
                .offer(new Offer("o2", "offer_two", "sku-2", Condition.trait("tier", "gold"), 2.0, Duration.ZERO));
    }
}
