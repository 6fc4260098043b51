package io.omnicanal.journeys;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The limits a definition or a deploy is checked against, at their edges. */
class DefinitionLimitsTest {

    static Delivery purpose(String purpose) {
        return new Delivery(List.of(Channel.EMAIL), 0, purpose, false, Delivery.OnCap.SKIP, Delivery.OnQuietHours.QUEUE,
                Delivery.OnConflict.WAIT);
    }

    @Test
    void aNewConsentPurposeNamedByTwoStepsCountsOnce() {
        JourneyEngine e = JourneyEngine.builder().build();
        // "marketing" and "transactional" are known from the start: 2 + 9 = 11 of the 12 purposes
        for (int i = 0; i < 9; i++) {
            e.setConsent(1, Channel.EMAIL, "p" + i, true);
        }
        e.deploy(Journey.builder("j").entry(Trigger.event("x"))
                .step(new Step.Send("s1", "m1", null, purpose("newsletter"), null))
                .step(new Step.Send("s2", "m2", null, purpose("newsletter"), null)).build());
        assertThat(e.journeys()).extracting(Journey::id).containsExactly("j");
        // the thirteenth is refused, at the first step that names it
        assertThatThrownBy(() -> e.deploy(Journey.builder("k").entry(Trigger.event("x"))
                .step(new Step.Send("s1", "m1", null, purpose("newsletter"), null))
                .step(new Step.Send("s2", "m2", null, purpose("surveys"), null)).build()))
                .isInstanceOf(JourneyDefinitionException.class)
                .hasMessageContaining("steps[1].delivery.purpose").hasMessageContaining("\"surveys\" is one too many");
    }
}
