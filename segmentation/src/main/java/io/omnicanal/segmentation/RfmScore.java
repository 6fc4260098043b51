package io.omnicanal.segmentation;

/**
 * A profile's RFM scores, each 1..5 (5 best), and its cell name ({@code null} when no cell matches).
 *
 * @param recency   recency score
 * @param frequency frequency score
 * @param monetary  monetary score
 * @param cell      the first matching cell's name, or {@code null}
 */
public record RfmScore(int recency, int frequency, int monetary, String cell) {
    /** Validates the score ranges. */
    public RfmScore {
        RfmSettings.checkRange("recency", recency, recency);
        RfmSettings.checkRange("frequency", frequency, frequency);
        RfmSettings.checkRange("monetary", monetary, monetary);
    }
}
