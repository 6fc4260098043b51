package io.omnicanal.journeys;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.LocalTime;
import java.time.ZoneId;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SettingsJsonTest {

    static JourneyEngine.Builder full() {
        return Fixtures.withOffers(JourneyEngine.builder())
                .cap(FrequencyCap.total(3, Duration.ofDays(7)))
                .cap(FrequencyCap.perChannel(Channel.SMS, 1, Duration.ofDays(1)))
                .quietHours(LocalTime.of(21, 0), LocalTime.of(8, 30))
                .brandZone(ZoneId.of("Europe/Istanbul"))
                .rateLimit(Channel.SMS, 50, Duration.ofSeconds(1))
                .arbitrationWindow(Duration.ofHours(4))
                .convertedWindow(Duration.ofDays(14))
                .duplicateWindow(Duration.ZERO)
                .conversionEvents("store_purchase", "purchase")
                .itemProperty("sku")
                .engagementEvents("click")
                .channelProperty("medium")
                .channelCost(Channel.SMS, 0.07)
                .fallbackOrder(Channel.IN_APP, Channel.PUSH, Channel.EMAIL)
                .retryPolicy(new RetryPolicy(5, Duration.ofSeconds(30)))
                .start(Recorder.T0);
    }

    @Test
    void roundTripsExactly() {
        String json = full().build().settingsJson();
        String again = JourneyEngine.builder().configure(json).build().settingsJson();
        assertThat(again).isEqualTo(json);
        assertThat(json).contains("\"brandZone\" : \"Europe/Istanbul\"", "\"conversionEvents\" : [ \"purchase\", \"store_purchase\" ]",
                "\"start\" : \"2026-03-02T10:00:00Z\"", "\"type\" : \"equals\"");
        // and the defaults round-trip too
        String defaults = JourneyEngine.builder().build().settingsJson();
        assertThat(JourneyEngine.builder().configure(defaults).build().settingsJson()).isEqualTo(defaults);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "unknown field | {\"capz\": []} | capz",
        "zero window | {\"caps\": [{\"max\": 1, \"window\": \"PT1H\"}, {\"max\": 1, \"window\": \"PT0S\"}]} | caps[1]",
        "unknown channel | {\"channelCosts\": {\"fax\": 1}} | channelCosts.fax",
        "bad zone | {\"brandZone\": \"Mars/Olympus\"} | brandZone",
        "equal quiet hours | {\"quietHours\": {\"start\": \"08:00\", \"end\": \"08:00\"}} | quietHours",
        "repeat in fallback | {\"fallbackOrder\": [\"sms\", \"sms\"]} | fallbackOrder",
        "bad offer condition | {\"offers\": [{\"id\": \"a\", \"message\": \"m\", \"eligibility\": {\"type\": \"maybe\"}}]} | offers[0].eligibility.type",
        "bad start | {\"start\": \"yesterday\"} | start",
        "huge window | {\"arbitrationWindow\": \"PT9223372036854775807S\"} | arbitrationWindow",
        "huge cap window | {\"caps\": [{\"max\": 1, \"window\": \"PT1753201H\"}]} | caps[0]",
    })
    void rejectsWithThePathAndLeavesTheBuilderUnchanged(String name, String json, String path) {
        JourneyEngine.Builder b = full();
        String before = b.build().settingsJson();
        assertThatThrownBy(() -> b.configure(json))
                .isInstanceOfSatisfying(JourneyDefinitionException.class, e -> assertThat(e.path()).isEqualTo(path));
        assertThat(b.build().settingsJson()).isEqualTo(before);
    }

    @Test
    void aFaultFromWhatTheBuilderHoldsAlreadyLeavesItUnchanged() {
        JourneyEngine.Builder b = JourneyEngine.builder();
        for (int i = 0; i < 15; i++) {
            b.cap(FrequencyCap.total(i + 1, Duration.ofDays(1)));
        }
        String before = b.build().settingsJson();
        // the 16th cap fits, the 17th does not: nothing of the document may be applied, quiet hours included
        assertThatThrownBy(() -> b.configure("{\"caps\": [{\"max\": 20, \"window\": \"PT1H\"}, {\"max\": 21, \"window\": \"PT1H\"}],"
                + " \"quietHours\": {\"start\": \"21:00\", \"end\": \"08:00\"}}"))
                .isInstanceOfSatisfying(JourneyDefinitionException.class, e -> assertThat(e.path()).isEqualTo("caps[1]"))
                .hasMessageContaining("at most 16 caps");
        assertThat(b.build().settingsJson()).isEqualTo(before);

        JourneyEngine.Builder o = JourneyEngine.builder().offer(new Offer("a", "m", null, null, 1, Duration.ZERO));
        String offersBefore = o.build().settingsJson();
        assertThatThrownBy(() -> o.configure("{\"arbitrationWindow\": \"PT2H\", \"offers\": [{\"id\": \"b\", \"message\": \"m\"},"
                + " {\"id\": \"a\", \"message\": \"m\"}]}"))
                .isInstanceOfSatisfying(JourneyDefinitionException.class, e -> assertThat(e.path()).isEqualTo("offers[1]"))
                .hasMessageContaining("already in the catalogue");
        assertThat(o.build().settingsJson()).isEqualTo(offersBefore);
    }
}
