package io.omnicanal.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.omnicanal.examples.report.Report;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Opens a rendered report in headless Chromium and checks that every chart rendered with a size and
 * its bars, and that the page logged no console error. On CI (CI=true) a missing Chromium fails the
 * test, since .ci/run installs it; elsewhere the test is skipped with a message.
 */
class ReportBrowserTest {

    static Optional<Path> chromiumOrSkip() {
        Optional<Path> bin = HeadlessChromium.binary();
        if (bin.isEmpty() && "true".equals(System.getenv("CI"))) {
            throw new AssertionError("chromium is not installed; .ci/run should have installed it");
        }
        Assumptions.assumeTrue(bin.isPresent(), "chromium not installed (apt-get install chromium); skipped");
        return bin;
    }

    /**
     * Checks a report file in the browser and writes its screenshot beside it.
     *
     * @return the number of charts checked
     */
    static int checkInBrowser(Path binary, Path html) throws Exception {
        try (HeadlessChromium browser = new HeadlessChromium(binary)) {
            browser.open(html.toUri().toString());
            JsonNode charts = browser.evaluate("Array.from(document.querySelectorAll('svg.chart')).map(s => {"
                    + "const r = s.getBoundingClientRect();"
                    + "const bars = Array.from(s.querySelectorAll('rect.bar'));"
                    + "return {w: r.width, h: r.height, bars: bars.length,"
                    + " drawn: bars.filter(b => b.getBBox().width > 0 && b.getBBox().height > 0).length}; })");
            assertThat(charts.size()).as("charts on the page").isGreaterThan(0);
            for (JsonNode c : charts) {
                assertThat(c.get("w").asDouble()).as("chart width").isGreaterThan(100);
                assertThat(c.get("h").asDouble()).as("chart height").isGreaterThan(30);
                assertThat(c.get("drawn").asInt()).as("bars drawn").isEqualTo(c.get("bars").asInt());
            }
            assertThat(browser.consoleErrors()).as("console errors").isEmpty();
            Files.write(html.resolveSibling("report.png"), browser.screenshot());
            return charts.size();
        }
    }

    @Test
    void everyChartRendersWithoutConsoleErrors(@TempDir Path dir) throws Exception {
        Path binary = chromiumOrSkip().orElseThrow();
        Path html = dir.resolve("report.html");
        Files.writeString(html, Report.render(io.omnicanal.examples.report.ReportTest.sample()), StandardCharsets.UTF_8);
        assertThat(checkInBrowser(binary, html)).isEqualTo(8);
        assertThat(Files.size(dir.resolve("report.png"))).isGreaterThan(1000);
    }

    /**
     * The check itself must be able to fail: each page breaks one thing it looks at, and
     * {@link #checkInBrowser} must fail on it, naming that thing.
     */
    @Test
    void brokenPageIsCaught(@TempDir Path dir) throws Exception {
        Path binary = chromiumOrSkip().orElseThrow();
        String chart = "<svg class=\"chart\" width=\"400\" height=\"120\"><rect class=\"bar\" x=\"0\" y=\"0\""
                + " width=\"%s\" height=\"20\"></rect></svg>";
        String[][] pages = {
            // a script error on an otherwise good page
            {String.format(java.util.Locale.ROOT, chart, "100") + "<script>undefinedFunction();</script>",
                "console errors"},
            // a chart of no size
            {"<svg class=\"chart\" width=\"0\" height=\"0\"></svg>", "chart width"},
            // a chart whose bar was not drawn
            {String.format(java.util.Locale.ROOT, chart, "0"), "bars drawn"},
            // no chart at all
            {"<p>no chart</p>", "charts on the page"},
        };
        for (int i = 0; i < pages.length; i++) {
            Path html = dir.resolve("broken-" + i + ".html");
            Files.writeString(html, "<!DOCTYPE html><html><body>" + pages[i][0] + "</body></html>",
                    StandardCharsets.UTF_8);
            assertThatThrownBy(() -> checkInBrowser(binary, html)).as(pages[i][1])
                    .isInstanceOf(AssertionError.class).hasMessageContaining(pages[i][1]);
        }
        // and the same chart, unbroken, passes
        Path good = dir.resolve("good.html");
        Files.writeString(good, "<!DOCTYPE html><html><body>" + String.format(java.util.Locale.ROOT, chart, "100")
                + "</body></html>", StandardCharsets.UTF_8);
        assertThat(checkInBrowser(binary, good)).isEqualTo(1);
    }
}
