package io.omnicanal.journeys;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static io.omnicanal.journeys.Recorder.at;
import static org.assertj.core.api.Assertions.assertThat;

class CartAbandonmentScenarioTest {

    static Journey cart(boolean restart) {
        return Journey.builder("cart")
                .entry(Trigger.event("add_to_cart"))
                .reEntry(ReEntry.always())
                .goal(Trigger.event("purchase"))
                .step(new Step.WaitForEvent("wait", Trigger.event("purchase"), Duration.ofHours(1),
                        restart ? Trigger.event("add_to_cart") : null, "bought", "remind"))
                .step(new Step.Send("remind", "cart_reminder", null, Delivery.marketing(Channel.PUSH, Channel.EMAIL), "end"))
                .step(new Step.Exit("bought"))
                .step(new Step.Exit("end"))
                .build();
    }

    @Test
    void remindsAfterAnHourWithoutPurchase() {
        Recorder r = new Recorder();
        JourneyEngine e = r.engine().build();
        e.deploy(cart(false));
        Recorder.reachable(e, 1, Channel.EMAIL);
        Recorder.reachable(e, 2, Channel.EMAIL);
        e.onEvent(JourneyEvent.of(1, "add_to_cart", at(0)));
        e.onEvent(JourneyEvent.of(2, "add_to_cart", at(5)));
        e.onEvent(JourneyEvent.of(2, "purchase", at(30)));
        e.advanceTo(at(59));
        assertThat(r.delivered).isEmpty();
        e.advanceTo(at(60));
        assertThat(r.delivered).extracting(Action::profile, Action::time, Action::channel)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(1L, at(60), Channel.EMAIL));
        assertThat(r.conversions).extracting(Conversion::profile).containsExactly(2L);
        assertThat(e.positions(1)).isEmpty();
        assertThat(e.stats().stays()).isZero();
    }

    @Test
    void aSecondAddToCartRestartsTheTimerWhenAsked() {
        Recorder r = new Recorder();
        JourneyEngine e = r.engine().build();
        e.deploy(cart(true));
        Recorder.reachable(e, 1, Channel.PUSH);
        e.onEvent(JourneyEvent.of(1, "add_to_cart", at(0)));
        e.onEvent(JourneyEvent.of(1, "add_to_cart", at(40)));
        e.advanceTo(at(90));
        assertThat(r.delivered).isEmpty();
        e.advanceTo(at(100));
        assertThat(r.delivered).extracting(Action::time).containsExactly(at(100));
    }

    @Test
    void withoutRestartTheFirstTimerHolds() {
        Recorder r = new Recorder();
        JourneyEngine e = r.engine().build();
        e.deploy(cart(false));
        Recorder.reachable(e, 1, Channel.PUSH);
        e.onEvent(JourneyEvent.of(1, "add_to_cart", at(0)));
        e.onEvent(JourneyEvent.of(1, "add_to_cart", at(40)));
        e.advanceTo(at(200));
        assertThat(r.delivered).extracting(Action::time).containsExactly(at(60));
    }
}
