package io.omnicanal.segmentation;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * How RFM scores are computed and which named cells they fall into.
 *
 * <p>The scored population is every profile with at least one qualifying event in the window
 * ({@code window == null}: whole history). Recency is the time of the latest qualifying event (later is
 * better), frequency their count in the window, monetary the exact sum of their values in the window.
 * Each is scored 1..5 by quintiles against a <em>reference</em> population of {@code N} profiles:
 * {@code score = min(5, 1 + floor(5 * rank / N))}, where with {@link TieRule#SHARE} {@code rank} is the
 * number of reference values strictly worse, so tied values share the lower score; with
 * {@link TieRule#SPLIT_BY_KEY} ties are ordered by profile key ascending and {@code rank} is the number of
 * reference (value, key) pairs strictly before the profile's own, which splits the population into
 * quintiles as equal as {@code N} allows. The reference is the scored population at the last
 * {@link SegmentEngine#refreshRfm()} (and at {@link SegmentEngine#install}).
 *
 * <p>Cells are tried in order; a profile's cell is the first whose three ranges contain its scores.
 *
 * @param qualifying which events count (default: type {@code purchase})
 * @param window     the look-back for frequency and monetary, or {@code null} for the whole history
 * @param ties       how tied values are scored
 * @param cells      the ordered named cells (names unique)
 */
public record RfmSettings(EventFilter qualifying, Duration window, TieRule ties, List<Cell> cells) {

    /** How tied values are scored. */
    public enum TieRule {
        /** Tied values share a score: the one of their first (worst) position. */
        SHARE,
        /** Ties are ordered by profile key ascending, so every quintile gets its share. */
        SPLIT_BY_KEY
    }

    /**
     * A named RFM cell: inclusive score ranges within 1..5.
     *
     * @param name         unique, non-blank
     * @param recencyMin   lowest recency score
     * @param recencyMax   highest recency score
     * @param frequencyMin lowest frequency score
     * @param frequencyMax highest frequency score
     * @param monetaryMin  lowest monetary score
     * @param monetaryMax  highest monetary score
     */
    public record Cell(String name, int recencyMin, int recencyMax, int frequencyMin, int frequencyMax,
                       int monetaryMin, int monetaryMax) {
        /** Validates the name and every range. */
        public Cell {
            Checks.name("cell.name", name);
            checkRange("recency", recencyMin, recencyMax);
            checkRange("frequency", frequencyMin, frequencyMax);
            checkRange("monetary", monetaryMin, monetaryMax);
        }

        /** Whether the three scores fall into this cell. */
        public boolean contains(int r, int f, int m) {
            return r >= recencyMin && r <= recencyMax && f >= frequencyMin && f <= frequencyMax
                    && m >= monetaryMin && m <= monetaryMax;
        }
    }

    /** Validates: non-null filter, positive or null window, non-null tie rule, unique cell names. */
    public RfmSettings {
        Objects.requireNonNull(qualifying, "qualifying");
        if (window != null) {
            Checks.window("window", window);
        }
        Objects.requireNonNull(ties, "ties");
        Objects.requireNonNull(cells, "cells");
        Set<String> names = new HashSet<>();
        for (Cell c : cells) {
            Objects.requireNonNull(c, "cells element");
            if (!names.add(c.name())) {
                throw new IllegalArgumentException("cells: duplicate cell name \"" + c.name() + "\"");
            }
        }
        cells = List.copyOf(cells);
    }

    /** The usual grid: Champions, Loyal, New customers, Potential loyalists, Can't lose them, At risk, About to sleep, Hibernating. */
    public static List<Cell> defaultCells() {
        List<Cell> c = new ArrayList<>();
        c.add(new Cell("Champions", 4, 5, 4, 5, 4, 5));
        c.add(new Cell("Loyal", 3, 5, 3, 5, 1, 5));
        c.add(new Cell("New customers", 5, 5, 1, 1, 1, 5));
        c.add(new Cell("Potential loyalists", 4, 5, 1, 2, 1, 5));
        c.add(new Cell("Can't lose them", 1, 1, 4, 5, 4, 5));
        c.add(new Cell("At risk", 1, 2, 3, 5, 1, 5));
        c.add(new Cell("About to sleep", 2, 3, 1, 2, 1, 5));
        c.add(new Cell("Hibernating", 1, 1, 1, 2, 1, 5));
        return List.copyOf(c);
    }

    /** Purchases over the whole history, shared ties, the default cells. */
    public static RfmSettings defaults() {
        return new RfmSettings(EventFilter.type("purchase"), null, TieRule.SHARE, defaultCells());
    }

    /** The cell named {@code name}, or {@code null}. */
    public Cell cell(String name) {
        for (Cell c : cells) {
            if (c.name().equals(name)) {
                return c;
            }
        }
        return null;
    }

    static void checkRange(String field, int min, int max) {
        if (min < 1 || max > 5 || min > max) {
            throw new IllegalArgumentException(field + " range must satisfy 1 <= min <= max <= 5, was ["
                    + min + ", " + max + "]");
        }
    }
}
