package io.omnicanal.attribution;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static io.omnicanal.attribution.PathBuilderTest.rows;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A lookback or half-life beyond what the engine can count in nanoseconds or milliseconds is
 * refused up front, naming the field and the value; every accepted lookback works at both ends of
 * the supported years (review 7, finding 9). Expected rows are worked out by hand.
 */
class SettingLimitsTest {

    @Test
    void aLookbackOfThreeHundredYearsIsRefusedNamingFieldAndValue() {
        Duration d = Duration.ofDays(365L * 300);
        assertThatThrownBy(() -> PathSettings.builder().lookback(d))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("lookback").hasMessageContaining(d.toString());
        assertThatThrownBy(() -> AttributionSettings.fromJson(
                "{\"paths\":{\"lookback\":\"P109500D\"},\"models\":[{\"type\":\"last_touch\"}]}"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("paths.lookback").hasMessageContaining("PT2628000H");
        // the limit itself is accepted
        assertThat(PathSettings.builder().lookback(PathSettings.MAX_LOOKBACK).build().lookback())
                .isEqualTo(PathSettings.MAX_LOOKBACK);
        assertThatThrownBy(() -> PathSettings.builder().lookback(PathSettings.MAX_LOOKBACK.plusNanos(1)))
                .hasMessageContaining("lookback");
    }

    @Test
    void aLongLookbackKeepsTouchesOfConversionsNearTheEarliestSupportedYear() {
        // 200 years of lookback, conversions in 1700 and 1680: the window's start lies before the
        // range of epoch nanoseconds; every earlier touch of the profile is inside it
        Instant c1700 = Instant.parse("1700-06-01T00:00:00Z");
        Instant c1680 = Instant.parse("1680-06-01T00:00:00Z");
        List<Touchpoint> touches = List.of(Touchpoint.of(1, Instant.parse("1690-01-01T00:00:00Z"), "mail"),
                Touchpoint.of(2, Instant.parse("1679-01-01T00:00:00Z"), "crier"));
        List<Conversion> conversions = List.of(new Conversion(1, c1700, 3, "order"), new Conversion(2, c1680, 4, "order"));
        PathTable t = new PathBuilder(PathSettings.builder().lookback(Duration.ofDays(365L * 200)).build())
                .build(touches, conversions);
        assertThat(rows(t)).containsExactly("|mail|1.0|3.0|0.0", "|crier|1.0|4.0|0.0");
        assertThat(t.unattributedConversions()).isZero();
        assertThat(t.age(0, 0)).isEqualTo(Duration.between(Instant.parse("1690-01-01T00:00:00Z"), c1700));
    }

    @Test
    void aHalfLifeBeyondTheLimitIsRefusedNamingFieldAndValue() {
        Duration huge = Duration.ofSeconds(Long.MAX_VALUE);
        assertThatThrownBy(() -> AttributionModel.timeDecay(huge))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("halfLife").hasMessageContaining(huge.toString());
        assertThatThrownBy(() -> AttributionSettings.fromJson(
                "{\"models\":[{\"type\":\"time_decay\",\"halfLife\":\"P200000D\"}]}"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("models[0].halfLife").hasMessageContaining("PT4800000H");
        assertThat(AttributionModel.timeDecay(PathSettings.MAX_LOOKBACK).name()).isEqualTo("time_decay");
    }
}
