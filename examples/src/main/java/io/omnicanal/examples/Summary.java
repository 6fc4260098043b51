package io.omnicanal.examples;

import io.omnicanal.examples.data.DataReader;
import io.omnicanal.examples.pipeline.Pipeline;
import io.omnicanal.examples.report.ReportData;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;

/** The run's summary on standard output: what came in, what came out, where the files are. */
final class Summary {
    private Summary() {}

    static void print(PrintStream out, Pipeline.Result r, Path dir) {
        ReportData d = r.report();
        out.println("Input");
        for (DataReader.Counts c : r.inputs()) {
            out.printf(Locale.ROOT, "  %-18s %,10d read %,10d accepted %,8d rejected%n", c.file(), c.read(),
                    c.accepted(), c.rejected());
        }
        out.printf(Locale.ROOT, "  %,d values refused inside accepted rows%n", d.refusedValues());
        ReportData.Stitching s = d.stitching();
        out.println("Identity");
        // The true people come from the truth column of simulated data; real data has none.
        out.printf(Locale.ROOT, "  %,d identifiers -> %,d profiles (%,d known), %,d merges, %,d conflicts%s%n",
                s.identifiers(), s.profiles(), s.knownProfiles(), s.merges(), s.conflicts(),
                s.truePeople() > 0 ? String.format(Locale.ROOT, "; %,d true people", s.truePeople()) : "");
        if (s.score() != null) {
            out.printf(Locale.ROOT, "  pairwise precision %.4f  recall %.4f  F1 %.4f%n", s.score().precision(),
                    s.score().recall(), s.score().f1());
        }
        if (s.linkable() != null) {
            out.printf(Locale.ROOT, "  against what the data can link: precision %.4f  recall %.4f  F1 %.4f%n",
                    s.linkable().precision(), s.linkable().recall(), s.linkable().f1());
        }
        out.printf(Locale.ROOT, "  shop purchases linked to a web/app profile: %.1f%% (%,d of %,d)%n",
                100 * d.linkRate().rate(), d.linkRate().matchedOnline(), d.linkRate().shopPurchases());
        out.println("Segments");
        for (ReportData.Count c : d.segments()) {
            out.printf(Locale.ROOT, "  %-30s %,8d%n", c.name(), c.value());
        }
        out.println("Journeys");
        out.println("  sent:    " + join(d.journeys().sentPerChannel()));
        out.println("  skipped: " + join(d.journeys().outcomes()));
        out.println("  entered: " + join(d.journeys().perJourney()));
        ReportData.Attribution a = d.attribution();
        out.printf(Locale.ROOT, "Attribution (share of %,.0f conversions per channel)%n", a.conversions());
        StringBuilder header = new StringBuilder(String.format(Locale.ROOT, "  %-10s", "channel"));
        for (String m : a.models()) {
            header.append(String.format(Locale.ROOT, " %13s", m.length() > 13 ? m.substring(0, 13) : m));
        }
        if (a.trueShare() != null) {
            header.append(String.format(Locale.ROOT, " %13s", "truth"));
        }
        out.println(header);
        for (int c = 0; c < a.channels().size(); c++) {
            StringBuilder row = new StringBuilder(String.format(Locale.ROOT, "  %-10s", a.channels().get(c)));
            for (int m = 0; m < a.models().size(); m++) {
                row.append(String.format(Locale.ROOT, " %12.1f%%", 100 * a.credit()[m][c] / a.conversions()));
            }
            if (a.trueShare() != null) {
                row.append(String.format(Locale.ROOT, " %12.1f%%", 100 * a.trueShare()[c]));
            }
            out.println(row);
        }
        out.println("Timings (not in any output file)");
        Map<String, Long> heap = HeapWatch.stagePeaks();
        for (Map.Entry<String, Double> e : r.seconds().entrySet()) {
            Long peak = heap.get(e.getKey());
            out.printf(Locale.ROOT, "  %-20s %6.1f s%s%n", e.getKey(), e.getValue(), peak == null || peak == 0 ? ""
                    : String.format(Locale.ROOT, "   peak after GC %,6.0f MiB", peak / 1048576.0));
        }
        long peak = 0;
        for (java.lang.management.MemoryPoolMXBean pool : java.lang.management.ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == java.lang.management.MemoryType.HEAP && pool.getPeakUsage() != null) {
                peak += pool.getPeakUsage().getUsed();
            }
        }
        out.printf(Locale.ROOT, "  %-20s %6.0f MiB (sum of the heap pools' peaks)%n", "peak heap", peak / 1048576.0);
        out.printf(Locale.ROOT, "  %-20s %6.0f MiB (memory in use right after a collection, at its highest)%n",
                "peak after GC", HeapWatch.peakAfterGc() / 1048576.0);
        out.println("Report: " + dir.resolve("report.html").toAbsolutePath().normalize());
    }

    private static String join(java.util.List<ReportData.Count> counts) {
        StringBuilder b = new StringBuilder();
        for (ReportData.Count c : counts) {
            if (b.length() > 0) {
                b.append(", ");
            }
            b.append(c.name()).append(' ').append(String.format(Locale.ROOT, "%,d", c.value()));
        }
        return b.length() == 0 ? "(none)" : b.toString();
    }
}
