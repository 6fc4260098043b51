package io.omnicanal.examples.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

public class ReportTest {

    public static ReportData sample() {
        return new ReportData("Omnicanal run <test>", "generated: 10 people, seed 1",
                List.of(new ReportData.InputCount("crm.csv", 10, 9, 1)), 3,
                new ReportData.Stitching(100, 60, 12, 8, 40, 2, 10,
                        new ReportData.PairwiseScore(50, 45, 44, 44.0 / 45, 44.0 / 50, 0.93),
                        new ReportData.PairwiseScore(46, 45, 44, 44.0 / 45, 44.0 / 46, 0.97)),
                new ReportData.LinkRate(20, 15, 9),
                List.of(new ReportData.Count("champions", 3), new ReportData.Count("cart abandoners", 5)),
                new ReportData.Journeys(List.of(new ReportData.Count("email", 7)),
                        List.of(new ReportData.Count("capped", 2)), List.of(new ReportData.Count("welcome", 4))),
                new ReportData.Attribution(List.of("last touch", "markov"), List.of("email", "search"),
                        new double[][] {{6, 4}, {5, 5}}, new double[][] {{60, 40}, {50, 50}},
                        new double[] {0.45, 0.55}, 10, 100, new ReportData.Unattributed(1, 20, 2, 30)),
                List.of(new ReportData.Roi("channel", "email", 20, 60, 6),
                        new ReportData.Roi("channel", "search", 50, 40, 4),
                        new ReportData.Roi("campaign", "search-brand", 0, 10, 1)));
    }

    @Test
    void escapesTextAndDrawsOneBarPerValue() {
        String html = Report.render(sample());
        assertThat(html).contains("Omnicanal run &lt;test&gt;").doesNotContain("<test>");
        // Self-contained: no script, no external resource of any kind.
        assertThat(html).doesNotContain("<script").doesNotContain("src=").doesNotContain("href=")
                .doesNotContain("url(").doesNotContain("@import");
        // 4 stitching + 3 link + 2 segments + 1 + 1 + 1 journeys + 2 channels x 3 series + 2 ROMI
        assertThat(html.split("class=\"bar\"", -1).length - 1).isEqualTo(4 + 3 + 2 + 3 + 6 + 2);
        // Negative ROMI (search: spend 50, revenue 40) is drawn left of the zero line and printed.
        assertThat(html).contains("-20%");
        assertThat(html).contains("n/a"); // campaign without spend has no ROMI
    }

    @Test
    void sameDataSameBytes() {
        assertThat(Report.render(sample())).isEqualTo(Report.render(sample()));
    }
}
