package io.omnicanal.attribution;

import org.junit.jupiter.api.Test;

import java.io.StringWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** The example of attribution/README.md, kept here so that it compiles and runs. */
class ReadmeExampleTest {
    @Test
    void readmeExample() {
        Instant t = Instant.parse("2026-03-01T09:00:00Z");
        List<Touchpoint> touches = List.of(
                Touchpoint.of(42L, t, "search"),
                Touchpoint.of(42L, t.plus(Duration.ofDays(2)), "email"),
                Touchpoint.of(7L, t, "social"));
        List<Conversion> conversions = List.of(new Conversion(42L, t.plus(Duration.ofDays(3)), 120.0, "order"));

        PathTable paths = new PathBuilder(PathSettings.builder().lookback(Duration.ofDays(30)).build())
                .build(touches, conversions);
        ResultTable result = AttributionReport.builder()
                .model(AttributionModel.lastTouch())
                .model(AttributionModel.markov(1))
                .model(AttributionModel.shapley())
                .build()
                .run(paths);
        StringWriter csv = new StringWriter();
        result.writeCreditsCsv(csv);

        assertThat(csv.toString()).contains("markov_1,,email,0.5,60.0", "last_touch,,email,1.0,120.0");
    }

    @Test
    void readmeColumnarExample() {
        Instant t = Instant.parse("2026-03-01T09:00:00Z");
        List<Conversion> conversions = List.of(new Conversion(42L, t.plus(Duration.ofDays(3)), 120.0, "order"));

        // touches already held in columns (sorted by profile and time): wrapped, not copied
        long t0 = t.toEpochMilli();
        long[] profile = {7L, 42L, 42L};
        long[] millis = {t0, t0, t0 + Duration.ofDays(2).toMillis()};
        int[] channel = {2, 0, 1};
        TouchColumns columns = TouchColumns.wrap(profile, millis, TimeUnit.MILLISECONDS, channel,
                List.of("search", "email", "social"));
        Credits markov = new PathBuilder(PathSettings.defaults())
                .attribute(AttributionModel.markov(1), columns, conversions);

        assertThat(markov.values()).containsExactly("email", "search", "social");
        assertThat(markov.conversions(0)).isEqualTo(0.5);
    }
}
