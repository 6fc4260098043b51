package io.omnicanal.examples.report;

import java.util.List;
import java.util.Locale;

/**
 * Inline SVG charts for the report: horizontal bars (one series, negative values allowed) and
 * grouped horizontal bars (several series per category). Every chart is an {@code <svg>} element
 * with class {@code chart}, a {@code <title>} and one {@code <rect class="bar">} per value, so a
 * browser test can check that it rendered.
 */
final class Svg {
    private static final String[] PALETTE = {"#2f6db5", "#e07b39", "#3a9d5d", "#c4453c", "#8661c1", "#8c6d31",
        "#d16ba5", "#5f6b7a", "#17a2b8", "#b5a22f", "#4b4b8f", "#7f7f7f"};
    private static final int LABEL_WIDTH = 190;
    private static final int PLOT_WIDTH = 460;
    private static final int VALUE_WIDTH = 90;
    private static final int BAR = 16;
    private static final int GAP = 6;

    private Svg() {}

    /**
     * One series of horizontal bars.
     *
     * @param title  the chart's title
     * @param labels one label per bar
     * @param values one value per bar; negative values grow to the left of a zero line
     * @param format the format of the printed values, e.g. {@code "%.1f%%"}
     * @return the SVG element
     */
    static String bars(String title, List<String> labels, double[] values, String format) {
        return grouped(title, labels, List.of(""), new double[][] {values}, format);
    }

    /**
     * Grouped horizontal bars: for each category, one bar per series, with a legend.
     *
     * @param title  the chart's title
     * @param categories the categories (rows)
     * @param series the series names (legend); a single empty name draws no legend
     * @param values {@code values[series][category]}
     * @param format the format of the printed values
     * @return the SVG element
     */
    static String grouped(String title, List<String> categories, List<String> series, double[][] values,
            String format) {
        double min = 0;
        double max = 0;
        for (double[] s : values) {
            for (double v : s) {
                min = Math.min(min, v);
                max = Math.max(max, v);
            }
        }
        if (max == min) {
            max = min + 1;
        }
        int groupHeight = series.size() * BAR + GAP * 2;
        boolean legend = series.size() > 1 || !series.get(0).isEmpty();
        int width = LABEL_WIDTH + PLOT_WIDTH + VALUE_WIDTH;
        // Legend items flow left to right from the plot's left edge and wrap at the chart's width.
        int[] legendX = new int[series.size()];
        int[] legendY = new int[series.size()];
        int lx = LABEL_WIDTH;
        int ly = 30;
        for (int s = 0; s < series.size(); s++) {
            int w = 22 + 7 * series.get(s).length();
            if (lx + w > width && lx > LABEL_WIDTH) {
                lx = LABEL_WIDTH;
                ly += 18;
            }
            legendX[s] = lx;
            legendY[s] = ly;
            lx += w;
        }
        int top = legend ? ly + 22 : 30;
        int height = top + categories.size() * groupHeight + 10;
        double scale = PLOT_WIDTH / (max - min);
        double zeroX = LABEL_WIDTH + (-min) * scale;
        StringBuilder b = new StringBuilder(4096);
        b.append(String.format(Locale.ROOT,
                "<svg class=\"chart\" xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\""
                        + " role=\"img\" aria-label=\"%s\">", width, height, width, height, Html.escape(title)));
        b.append("<title>").append(Html.escape(title)).append("</title>");
        b.append(String.format(Locale.ROOT, "<text x=\"0\" y=\"18\" class=\"ct\">%s</text>", Html.escape(title)));
        if (legend) {
            for (int s = 0; s < series.size(); s++) {
                b.append(String.format(Locale.ROOT,
                        "<rect x=\"%d\" y=\"%d\" width=\"12\" height=\"12\" fill=\"%s\"/>"
                                + "<text x=\"%d\" y=\"%d\" class=\"lg\">%s</text>",
                        legendX[s], legendY[s], PALETTE[s % PALETTE.length], legendX[s] + 16, legendY[s] + 10,
                        Html.escape(series.get(s))));
            }
        }
        for (int c = 0; c < categories.size(); c++) {
            int y0 = top + c * groupHeight + GAP;
            b.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" class=\"lb\" text-anchor=\"end\">%s</text>",
                    LABEL_WIDTH - 8, y0 + groupHeight / 2, Html.escape(categories.get(c))));
            for (int s = 0; s < series.size(); s++) {
                double v = values[s][c];
                double x = v >= 0 ? zeroX : zeroX + v * scale;
                double w = Math.max(0.5, Math.abs(v) * scale);
                int y = y0 + s * BAR;
                b.append(String.format(Locale.ROOT,
                        "<rect class=\"bar\" x=\"%.1f\" y=\"%d\" width=\"%.1f\" height=\"%d\" fill=\"%s\">"
                                + "<title>%s%s: %s</title></rect>",
                        x, y, w, BAR - 2, PALETTE[s % PALETTE.length], Html.escape(categories.get(c)),
                        series.get(s).isEmpty() ? "" : " / " + Html.escape(series.get(s)),
                        Html.escape(String.format(Locale.ROOT, format, v))));
                b.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\" class=\"vl\">%s</text>",
                        Math.max(zeroX, x + w) + 4, y + BAR - 4,
                        Html.escape(String.format(Locale.ROOT, format, v))));
            }
        }
        b.append(String.format(Locale.ROOT,
                "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" stroke=\"#333\" stroke-width=\"1\"/>",
                zeroX, top, zeroX, height - 8));
        b.append("</svg>");
        return b.toString();
    }
}
