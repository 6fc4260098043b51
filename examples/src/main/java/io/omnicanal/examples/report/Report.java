package io.omnicanal.examples.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * Renders {@link ReportData} as one self-contained HTML page: inline CSS, charts as inline SVG, no
 * script and no network access, so the file can be mailed or opened offline. The output depends
 * only on the data (byte-identical for equal data).
 */
public final class Report {
    private static final String CSS = """
            body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:2rem auto;max-width:1000px;\
            color:#222;padding:0 1rem}
            h1{font-size:1.6rem;margin-bottom:.2rem}h2{font-size:1.2rem;margin-top:2.2rem;border-bottom:1px solid #ddd;\
            padding-bottom:.3rem}
            .sub{color:#666;margin-top:0}.kpis{display:flex;flex-wrap:wrap;gap:.8rem;margin:1rem 0}
            .kpi{border:1px solid #ddd;border-radius:6px;padding:.6rem .9rem;min-width:140px}
            .kpi b{display:block;font-size:1.35rem}.kpi span{color:#666;font-size:.85rem}
            table{border-collapse:collapse;margin:.8rem 0;font-size:.9rem}
            th,td{border-bottom:1px solid #eee;padding:.25rem .6rem;text-align:left}td.n{text-align:right;\
            font-variant-numeric:tabular-nums}
            th{background:#f6f6f6}svg.chart{display:block;margin:1rem 0}.ct{font-weight:600;font-size:14px}
            .lb,.lg,.vl{font-size:12px;fill:#333}.note{color:#555;font-size:.9rem}
            """;

    private Report() {}

    /**
     * Renders the report.
     *
     * @param d the data
     * @return the HTML page
     */
    public static String render(ReportData d) {
        Objects.requireNonNull(d, "data");
        StringBuilder b = new StringBuilder(64 * 1024);
        b.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
                .append("<title>").append(Html.escape(d.title())).append("</title><style>").append(CSS)
                .append("</style></head><body>\n");
        b.append("<h1>").append(Html.escape(d.title())).append("</h1><p class=\"sub\">")
                .append(Html.escape(d.source())).append("</p>\n");
        kpis(b, d);
        inputs(b, d);
        stitching(b, d.stitching());
        linkRate(b, d.linkRate());
        segments(b, d.segments());
        journeys(b, d.journeys());
        attribution(b, d.attribution());
        roi(b, d.roi());
        b.append("</body></html>\n");
        return b.toString();
    }

    private static void kpis(StringBuilder b, ReportData d) {
        ReportData.Stitching s = d.stitching();
        b.append("<div class=\"kpis\">");
        kpi(b, Html.fmt("%,d", s.identifiers()), "identifiers (profiles before stitching)");
        kpi(b, Html.fmt("%,d", s.profiles()), "profiles after stitching");
        if (s.score() != null) {
            kpi(b, Html.fmt("%.3f", s.score().f1()), "stitching F1 (pairwise)");
        }
        kpi(b, Html.fmt("%.1f%%", 100 * d.linkRate().rate()), "shop purchases linked online");
        kpi(b, Html.fmt("%,.0f", d.attribution().conversions()), "conversions attributed");
        b.append("</div>\n");
    }

    private static void kpi(StringBuilder b, String value, String label) {
        b.append("<div class=\"kpi\"><b>").append(Html.escape(value)).append("</b><span>")
                .append(Html.escape(label)).append("</span></div>");
    }

    private static void inputs(StringBuilder b, ReportData d) {
        b.append("<h2>Input</h2>");
        List<List<String>> rows = new ArrayList<>();
        for (ReportData.InputCount c : d.inputs()) {
            rows.add(List.of(c.file(), Html.fmt("%,d", c.read()), Html.fmt("%,d", c.accepted()),
                    Html.fmt("%,d", c.rejected())));
        }
        b.append(Html.table(List.of("file", "rows read", "accepted", "rejected"), rows));
        b.append("<p class=\"note\">").append(Html.fmt("%,d", d.refusedValues()))
                .append(" values inside accepted rows were refused (malformed, opted-out or blocked identifiers);"
                        + " every rejected row and refused value is listed in rejects.csv.</p>\n");
    }

    private static void stitching(StringBuilder b, ReportData.Stitching s) {
        b.append("<h2>Identity: one profile per person</h2>");
        // The true people come from the truth column of simulated data; real data has none.
        b.append(s.truePeople() > 0
                ? Svg.bars("Profiles before and after stitching",
                        List.of("identifiers (no stitching)", "profiles (stitched)", "known profiles", "true people"),
                        new double[] {s.identifiers(), s.profiles(), s.knownProfiles(), s.truePeople()}, "%,.0f")
                : Svg.bars("Profiles before and after stitching",
                        List.of("identifiers (no stitching)", "profiles (stitched)", "known profiles"),
                        new double[] {s.identifiers(), s.profiles(), s.knownProfiles()}, "%,.0f"));
        List<List<String>> rows = new ArrayList<>();
        rows.add(List.of("rows with an identifier", Html.fmt("%,d", s.records())));
        rows.add(List.of("merges", Html.fmt("%,d", s.merges())));
        rows.add(List.of("links refused by merge rules (conflicts)", Html.fmt("%,d", s.conflicts())));
        if (s.score() != null) {
            ReportData.PairwiseScore p = s.score();
            rows.add(List.of("pairwise precision", Html.fmt("%.4f", p.precision())));
            rows.add(List.of("pairwise recall", Html.fmt("%.4f", p.recall())));
            rows.add(List.of("pairwise F1", Html.fmt("%.4f", p.f1())));
            rows.add(List.of("row pairs: true / predicted / correct",
                    Html.fmt("%,d / %,d / %,d", p.truePairs(), p.predictedPairs(), p.correctPairs())));
        }
        if (s.linkable() != null) {
            ReportData.PairwiseScore l = s.linkable();
            rows.add(List.of("precision against what the data can link", Html.fmt("%.4f", l.precision())));
            rows.add(List.of("recall against what the data can link", Html.fmt("%.4f", l.recall())));
            rows.add(List.of("F1 against what the data can link", Html.fmt("%.4f", l.f1())));
        }
        b.append(Html.table(List.of("figure", "value"), rows));
        b.append("<p class=\"note\">Precision and recall count pairs of input rows: a pair is predicted when both rows"
                + " land on one profile, and true when the simulation made both for one person. Many rows can never be"
                + " linked by any method (an anonymous visitor's cookie that never logs in), so the second set of"
                + " figures grades against what the data allows: rows that share an identifier and belong to one"
                + " person, joined transitively.</p>\n");
    }

    private static void linkRate(StringBuilder b, ReportData.LinkRate l) {
        b.append("<h2>Online and offline linked</h2>");
        b.append(Svg.bars("Shop purchases", List.of("all shop purchases", "with a usable identifier",
                "linked to a web or app profile"),
                new double[] {l.shopPurchases(), l.identified(), l.matchedOnline()}, "%,.0f"));
        b.append("<p class=\"note\">Link rate: ").append(Html.fmt("%.1f%%", 100 * l.rate()))
                .append(" of shop purchases belong to a profile also seen on the web or in the app.</p>\n");
    }

    private static void segments(StringBuilder b, List<ReportData.Count> segments) {
        b.append("<h2>Segments</h2>");
        b.append(Svg.bars("Profiles per segment", names(segments), values(segments), "%,.0f"));
    }

    private static void journeys(StringBuilder b, ReportData.Journeys j) {
        b.append("<h2>Journeys</h2>");
        b.append(Svg.bars("Messages sent per channel", names(j.sentPerChannel()), values(j.sentPerChannel()),
                "%,.0f"));
        b.append(Svg.bars("Pressure and redundancy rules applied", names(j.outcomes()), values(j.outcomes()),
                "%,.0f"));
        b.append(Svg.bars("Profiles entered per journey", names(j.perJourney()), values(j.perJourney()), "%,.0f"));
    }

    private static void attribution(StringBuilder b, ReportData.Attribution a) {
        b.append("<h2>Attribution</h2>");
        List<String> series = new ArrayList<>(a.models());
        int n = a.models().size() + (a.trueShare() == null ? 0 : 1);
        double[][] shares = new double[n][a.channels().size()];
        for (int m = 0; m < a.models().size(); m++) {
            double total = 0;
            for (double v : a.credit()[m]) {
                total += v;
            }
            for (int c = 0; c < a.channels().size(); c++) {
                shares[m][c] = total == 0 ? 0 : 100 * a.credit()[m][c] / total;
            }
        }
        if (a.trueShare() != null) {
            series.add("truth (simulated)");
            for (int c = 0; c < a.channels().size(); c++) {
                shares[n - 1][c] = 100 * a.trueShare()[c];
            }
        }
        b.append(Svg.grouped("Share of conversions per channel, by model", a.channels(), series, shares, "%.1f%%"));
        List<String> header = new ArrayList<>();
        header.add("channel");
        header.addAll(series);
        List<List<String>> rows = new ArrayList<>();
        for (int c = 0; c < a.channels().size(); c++) {
            List<String> row = new ArrayList<>();
            row.add(a.channels().get(c));
            for (int m = 0; m < n; m++) {
                row.add(Html.fmt("%.1f%%", shares[m][c]));
            }
            rows.add(row);
        }
        if (a.trueShare() != null) {
            List<String> err = new ArrayList<>();
            err.add("mean absolute error vs truth");
            for (int m = 0; m < a.models().size(); m++) {
                double sum = 0;
                for (int c = 0; c < a.channels().size(); c++) {
                    sum += Math.abs(shares[m][c] - shares[n - 1][c]);
                }
                err.add(Html.fmt("%.2f pp", sum / a.channels().size()));
            }
            err.add("");
            rows.add(err);
        }
        b.append(Html.table(header, rows));
        b.append("<p class=\"note\">").append(Html.fmt("%,.0f conversions worth %,.2f attributed", a.conversions(),
                a.value())).append("; each model's credits sum to these totals. Not attributed: ")
                .append(Html.fmt("%,.0f conversions worth %,.2f without a touch in their lookback window and %,d"
                        + " worth %,.2f without a profile", a.unattributed().noTouch(), a.unattributed().noTouchValue(),
                        a.unattributed().noProfile(), a.unattributed().noProfileValue()))
                .append(". The truth is each channel's share of"
                + " the conversions the simulation would lose without that channel's touches.</p>\n");
    }

    private static void roi(StringBuilder b, List<ReportData.Roi> roi) {
        b.append("<h2>Return on marketing spend</h2>");
        List<String> names = new ArrayList<>();
        List<Double> romi = new ArrayList<>();
        List<List<String>> rows = new ArrayList<>();
        for (ReportData.Roi r : roi) {
            if (r.level().equals("channel") && !Double.isNaN(r.romi())) {
                names.add(r.name());
                romi.add(100 * r.romi());
            }
            rows.add(List.of(r.level(), r.name(), Html.fmt("%,.2f", r.spend()), Html.fmt("%,.2f", r.revenue()),
                    Html.fmt("%,.1f", r.conversions()), pct(r.romi()), num(r.roas()), num(r.cpa())));
        }
        double[] v = new double[romi.size()];
        for (int i = 0; i < v.length; i++) {
            v[i] = romi.get(i);
        }
        b.append(Svg.bars("ROMI per channel", names, v, "%,.0f%%"));
        b.append(Html.table(List.of("level", "name", "spend", "attributed revenue", "conversions", "ROMI", "ROAS",
                "CPA"), rows));
    }

    private static String pct(double v) {
        return Double.isNaN(v) ? "n/a" : String.format(Locale.ROOT, "%,.1f%%", 100 * v);
    }

    private static String num(double v) {
        return Double.isNaN(v) ? "n/a" : String.format(Locale.ROOT, "%,.2f", v);
    }

    private static List<String> names(List<ReportData.Count> counts) {
        return counts.stream().map(ReportData.Count::name).toList();
    }

    private static double[] values(List<ReportData.Count> counts) {
        return counts.stream().mapToDouble(ReportData.Count::value).toArray();
    }
}
