package io.omnicanal.examples;

import java.io.PrintStream;
import java.util.Locale;

/**
 * A progress bar on standard error for one step of the command. It stays silent for the first
 * second, so quick steps print nothing, then redraws at most five times a second ({@code \r} on a
 * terminal, one line per tenth when the output is a file or a pipe), and prints the step's time
 * when it ends. Time here is the command's own elapsed time, never an input of the library.
 */
final class Progress implements AutoCloseable {
    private static final long QUIET_NANOS = 1_000_000_000L;
    private static final long REDRAW_NANOS = 200_000_000L;

    private final PrintStream err;
    private final String step;
    private final long total;
    private final boolean terminal;
    private final long start = System.nanoTime();
    private long lastDraw;
    private int lastTenth = -1;
    private boolean drawn;

    Progress(PrintStream err, String step, long total) {
        this.err = err;
        this.step = step;
        this.total = Math.max(1, total);
        this.terminal = System.console() != null;
    }

    void update(long done) {
        long now = System.nanoTime();
        if (now - start < QUIET_NANOS || now - lastDraw < REDRAW_NANOS) {
            return;
        }
        lastDraw = now;
        double f = Math.min(1.0, (double) done / total);
        int tenth = (int) (f * 10);
        if (!terminal && tenth == lastTenth) {
            return;
        }
        lastTenth = tenth;
        drawn = true;
        int width = 30;
        int filled = (int) Math.round(f * width);
        String bar = "#".repeat(filled) + "-".repeat(width - filled);
        String text = String.format(Locale.ROOT, "%-22s [%s] %3d%%", step, bar, Math.round(f * 100));
        if (terminal) {
            err.print("\r" + text);
        } else {
            err.println(text);
        }
        err.flush();
    }

    @Override
    public void close() {
        double seconds = (System.nanoTime() - start) / 1e9;
        if (drawn || seconds >= 1.0) {
            String text = String.format(Locale.ROOT, "%-22s done in %.1f s", step, seconds);
            err.println(terminal ? "\r" + text + " ".repeat(20) : text);
        }
    }
}
