package io.omnicanal.attribution;

import org.junit.jupiter.api.Test;

import java.io.StringWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

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
}
