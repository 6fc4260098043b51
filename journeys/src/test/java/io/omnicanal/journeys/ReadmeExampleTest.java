package io.omnicanal.journeys;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The README's first example, verbatim between the markers, so that it keeps compiling and doing what it says. */
class ReadmeExampleTest {

    @Test
    void readmeExample() {
        List<String> outbox = new ArrayList<>();
        // README-BEGIN
        Journey cart = Journey.builder("cart_abandonment")
                .entry(Trigger.event("add_to_cart"))
                .reEntry(ReEntry.afterCoolDown(Duration.ofDays(1)))
                .goal(Trigger.event("purchase"))
                .step(new Step.WaitForEvent("wait", Trigger.event("purchase"), Duration.ofHours(1),
                        Trigger.event("add_to_cart"), "bought", "remind"))
                .step(new Step.Send("remind", "cart_reminder", null,
                        Delivery.marketing(Channel.PUSH, Channel.EMAIL), null))
                .step(new Step.Exit("bought"))
                .build();

        JourneyEngine engine = JourneyEngine.builder()
                .cap(FrequencyCap.total(3, Duration.ofDays(7)))
                .cap(FrequencyCap.perChannel(Channel.SMS, 1, Duration.ofDays(1)))
                .quietHours(LocalTime.of(21, 0), LocalTime.of(8, 0))
                .sender(Channel.PUSH, action -> {
                    outbox.add(action.idempotencyKey() + " " + action.channel() + " " + action.time());
                    return SendOutcome.DELIVERED;
                })
                .build();
        engine.deploy(cart);

        long profile = 42;
        engine.setReachable(profile, Channel.PUSH, true);
        engine.setConsent(profile, Channel.PUSH, "marketing", true);

        Instant t = Instant.parse("2026-03-02T10:00:00Z");
        engine.onEvent(JourneyEvent.of(profile, "add_to_cart", t));
        engine.advanceTo(t.plus(Duration.ofHours(2)));
        // outbox: ["cart_abandonment/1/42/1/remind PUSH 2026-03-02T11:00:00Z"]
        // README-END
        assertThat(outbox).containsExactly("cart_abandonment/1/42/1/remind PUSH 2026-03-02T11:00:00Z");
    }
}
