package io.omnicanal.journeys;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class JourneyJsonTest {

    @Test
    void roundTripsEveryKindExactly() {
        Journey j = Fixtures.everything();
        String json = j.toJson();
        Journey back = Journey.fromJson(json);
        assertThat(back).isEqualTo(j);
        assertThat(back.toJson()).isEqualTo(json);
    }

    @Test
    void writesTheDocumentedShape() {
        String json = Fixtures.everything().toJson();
        assertThat(json).contains("\"type\" : \"wait_for_event\"", "\"channels\" : [ \"push\", \"email\", \"sms\" ]",
                "\"onQuietHours\" : \"discard\"", "\"untilTimeOfDay\" : \"09:30\"", "\"coolDown\" : \"PT48H\"",
                "\"store\"", "Ístanbul");
    }

    @Test
    void readsAMinimalHandWrittenJourneyWithDefaults() {
        Journey j = Journey.fromJson("""
                {"id": "welcome", "entry": {"event": "signup"},
                 "steps": [{"type": "send", "id": "hello", "message": "welcome_1", "delivery": {"channels": ["email"]}}]}""");
        assertThat(j.version()).isEqualTo(1);
        assertThat(j.reEntry()).isEqualTo(ReEntry.never());
        assertThat(j.migration()).isEqualTo(Migration.finish());
        assertThat(j.steps().get(0)).isEqualTo(new Step.Send("hello", "welcome_1", null, Delivery.marketing(Channel.EMAIL), null));
    }

    static final String BASE = """
            {"id": "j", "entry": {"event": "signup"}, "steps": [
              {"type": "send", "id": "a", "message": "m", "delivery": {"channels": ["email"]}},
              {"type": "wait", "id": "b", "duration": "PT1H"}]}""";

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "unknown top-level field | \"id\": \"j\" | \"id\": \"j\", \"colour\": 1 | colour | unknown field",
        "unknown channel | [\"email\"] | [\"fax\"] | steps[0].delivery.channels[0] | unknown channel \"fax\"",
        "bad duration | \"PT1H\" | \"an hour\" | steps[1].duration | ISO-8601 duration",
        "unknown step reference | \"duration\": \"PT1H\" | \"duration\": \"PT1H\", \"next\": \"zz\" | steps[1].next | unknown step \"zz\"",
        "duplicate step id | \"id\": \"b\" | \"id\": \"a\" | steps[1].id | duplicate step id",
        "wrong type | \"id\": \"j\" | \"id\": 7 | id | must be a string",
        "unknown step type | \"type\": \"wait\" | \"type\": \"sleep\" | steps[1].type | unknown step type",
        "missing message | \"message\": \"m\", | '' | steps[0].message | is required",
        "negative duration | \"PT1H\" | \"PT-1H\" | steps[1] | duration must be positive, was PT-1H",
        "huge duration | \"PT1H\" | \"PT9223372036854775807S\" | steps[1] | duration must be at most PT1753200H (200 years), was PT2562047788015215H30M7S",
        "version zero | \"id\": \"j\" | \"id\": \"j\", \"version\": 0 | version | at least 1",
        "unknown enum | \"channels\": [\"email\"] | \"channels\": [\"email\"], \"onCap\": \"later\" | steps[0].delivery.onCap | unknown value \"later\"",
        "bad condition | {\"event\": \"signup\"} | {\"event\": \"signup\", \"where\": {\"type\": \"equals\", \"source\": \"cookie\", \"key\": \"k\", \"value\": \"v\"}} | entry.where.source | unknown value \"cookie\"",
    })
    void rejectsWithTheJsonPath(String name, String from, String to, String path, String message) {
        String json = BASE.replace(from, to);
        assertThat(json).as("fixture edit applies").isNotEqualTo(BASE);
        assertThatThrownBy(() -> Journey.fromJson(json))
                .isInstanceOfSatisfying(JourneyDefinitionException.class, e -> assertThat(e.path()).isEqualTo(path))
                .hasMessageContaining(message);
    }

    @Test
    void rejectsMalformedJsonAndTrailingGarbage() {
        assertThatThrownBy(() -> Journey.fromJson("{\"id\": ")).isInstanceOf(JourneyDefinitionException.class)
                .hasMessageContaining("malformed JSON");
        assertThatThrownBy(() -> Journey.fromJson(BASE + " {}")).isInstanceOf(JourneyDefinitionException.class)
                .hasMessageContaining("malformed JSON");
        assertThatThrownBy(() -> Journey.fromJson(BASE.replace("\"id\": \"j\",", "\"id\": \"j\", \"id\": \"k\",")))
                .isInstanceOf(JourneyDefinitionException.class).hasMessageContaining("Duplicate field");
    }

    @Test
    void rejectsACycleWithoutAWait() {
        assertThatThrownBy(() -> Journey.builder("loop").entry(Trigger.event("x"))
                .step(new Step.DecisionSplit("a", Condition.trait("t", "1"), "b", "b"))
                .step(new Step.UpdateTrait("b", "t", "1", "a"))
                .build())
                .isInstanceOfSatisfying(JourneyDefinitionException.class, e -> assertThat(e.path()).isEqualTo("steps[1]"))
                .hasMessageContaining("cycle without a wait");
        // the same loop through a wait is fine
        Journey ok = Journey.builder("loop").entry(Trigger.event("x"))
                .step(new Step.DecisionSplit("a", Condition.trait("t", "1"), "w", "b"))
                .step(new Step.UpdateTrait("b", "t", "1", "w"))
                .step(new Step.Wait("w", java.time.Duration.ofDays(1), null, "a"))
                .build();
        assertThat(ok.steps()).hasSize(3);
    }

    @Test
    void builderSettersNameTheValue() {
        assertThatThrownBy(() -> new Step.Wait("w", java.time.Duration.ofMinutes(-5), null, null))
                .hasMessage("duration must be positive, was PT-5M");
        assertThatThrownBy(() -> new Step.Wait("w", java.time.Duration.ofNanos(500), null, null))
                .hasMessage("duration must be at least 1ms, was PT0.0000005S");
        assertThatThrownBy(() -> new Step.Branch(0, null)).hasMessage("weight must be in [1, 1000000], was 0");
        assertThatThrownBy(() -> Journey.builder(" ")).hasMessage("id must not be blank, was \" \"");
        assertThatThrownBy(() -> new FrequencyCap(null, 0, java.time.Duration.ofDays(1))).hasMessage("max must be in [1, 64], was 0");
        assertThatThrownBy(() -> Journey.builder("x").exit(new Trigger.OnDate("birthday", java.time.LocalTime.NOON)))
                .hasMessageContaining("exit must be an event or segment trigger");
        assertThatThrownBy(() -> Channel.parse("fax")).hasMessageContaining("unknown channel \"fax\"");
    }

    @Test
    void parsesChannelsUnderTheTurkishLocale() {
        // the surefire JVM runs with tr_TR: "in_app".toUpperCase() without Locale.ROOT would give "İN_APP"
        assertThat(Channel.parse("in_app")).isEqualTo(Channel.IN_APP);
        assertThat(Channel.IN_APP.jsonName()).isEqualTo("in_app");
    }
}
