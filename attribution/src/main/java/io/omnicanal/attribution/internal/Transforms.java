package io.omnicanal.attribution.internal;

import io.omnicanal.attribution.PathSettings;
import java.util.Arrays;

/**
 * Applies the path transforms of {@link PathSettings} to one path held in reusable buffers, in the
 * documented order, and hands it to a {@link RowSink}; each step keeps its age and its touch's
 * direct flag through every transform (a collapsed run keeps its last touch's). Not thread-safe;
 * no allocation per path once the buffers have grown.
 */
final class Transforms {
    private final PathSettings settings;
    private final PathAssembler names;
    private final RowSink sink;
    private final boolean ages;
    /** Whether the sink keeps each step's direct flag (a table whose steps are not over the channel). */
    private final boolean keepDirect;
    private int[] buf = new int[32];
    private boolean[] direct = new boolean[32];
    private long[] age = new long[32];
    private int[] seen = new int[64];
    private int stamp;
    private int len;

    /** {@code ages}: whether the sink reads step ages (a table does; a transition counter does not). */
    Transforms(PathSettings settings, PathAssembler names, RowSink sink, boolean ages) {
        this.ages = ages;
        this.keepDirect = ages && names.wantsStepDirect();
        this.settings = settings;
        this.names = names;
        this.sink = sink;
    }

    /**
     * Loads touches {@code [from, to)} (through {@code perm}, null for identity) as the current
     * path; {@code code} holds each touch's step id and direct flag as {@code id << 1 | direct}.
     */
    void load(int[] perm, int[] code, long[] time, int from, int to, long end) {
        int n = to - from;
        if (buf.length < n) {
            buf = new int[Math.max(n, buf.length * 2)];
            age = new long[buf.length];
            direct = new boolean[buf.length];
        }
        for (int i = 0; i < n; i++) {
            int c = code[perm == null ? from + i : perm[from + i]];
            buf[i] = c >>> 1;
            direct[i] = (c & 1) != 0;
        }
        if (ages) {
            for (int i = 0; i < n; i++) {
                age[i] = (end - time[perm == null ? from + i : perm[from + i]]) / 1_000_000L;
            }
        }
        len = n;
        apply();
    }

    void emit(double conversions, double value, double nulls, int group) {
        sink.add(buf, age, keepDirect ? direct : null, len, conversions, value, nulls, group);
    }

    private void apply() {
        if (settings.dropTrailingDirect()) {
            int end = len;
            while (end > 0 && direct[end - 1]) { // a touch of the direct channel, whatever the dimensions
                end--;
            }
            if (end > 0) {
                len = end;
            }
        }
        if (settings.collapseRepeats()) {
            int w = 0;
            for (int i = 0; i < len; i++) {
                if (i + 1 < len && buf[i + 1] == buf[i]) {
                    continue;
                }
                buf[w] = buf[i];
                direct[w] = direct[i];
                age[w++] = age[i];
            }
            len = w;
        }
        if (settings.firstOccurrenceOnly() || settings.uniqueChannels()) {
            nextStamp();
            int w = 0;
            for (int i = 0; i < len; i++) {
                int v = buf[i];
                if (seen[v] == stamp) {
                    continue;
                }
                seen[v] = stamp;
                buf[w] = v;
                direct[w] = direct[i];
                age[w++] = age[i];
            }
            len = w;
        }
        if (settings.uniqueChannels() && len > 1) {
            sortByName();
        }
        if (settings.maxLength() > 0 && len > settings.maxLength()) {
            int drop = len - settings.maxLength();
            System.arraycopy(buf, drop, buf, 0, settings.maxLength());
            System.arraycopy(age, drop, age, 0, settings.maxLength());
            System.arraycopy(direct, drop, direct, 0, settings.maxLength());
            len = settings.maxLength();
        }
    }

    private void nextStamp() {
        int values = names.valueCount();
        if (seen.length < values) {
            seen = Arrays.copyOf(seen, Math.max(values, seen.length * 2));
        }
        if (++stamp == Integer.MAX_VALUE) {
            Arrays.fill(seen, 0);
            stamp = 1;
        }
    }

    /** Insertion sort by value name; paths are short. Ages follow their value. */
    private void sortByName() {
        for (int i = 1; i < len; i++) {
            int v = buf[i];
            long a = age[i];
            boolean d = direct[i];
            String name = names.name(v);
            int j = i - 1;
            while (j >= 0 && names.name(buf[j]).compareTo(name) > 0) {
                buf[j + 1] = buf[j];
                age[j + 1] = age[j];
                direct[j + 1] = direct[j];
                j--;
            }
            buf[j + 1] = v;
            age[j + 1] = a;
            direct[j + 1] = d;
        }
    }
}
