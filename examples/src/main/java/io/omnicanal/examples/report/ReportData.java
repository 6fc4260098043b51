package io.omnicanal.examples.report;

import java.util.List;

/**
 * Everything the HTML report shows, as plain values. The pipeline fills it; {@link Report} renders
 * it. Holds no timings, so that two runs on the same data give byte-identical reports.
 *
 * @param title       the report's title
 * @param source      where the data came from (folder, or generator seed and size)
 * @param inputs      rows read, accepted and rejected per input file
 * @param refusedValues values refused inside otherwise accepted rows (malformed or blocked identifiers)
 * @param stitching   identity resolution figures and their grading against the truth
 * @param linkRate    the online-offline link rate
 * @param segments    segment sizes
 * @param journeys    journey actions and the pressure rules applied
 * @param attribution credit per model and channel, beside the simulation's true effects
 * @param roi         return on marketing spend per channel and campaign
 */
public record ReportData(String title, String source, List<InputCount> inputs, long refusedValues,
        Stitching stitching, LinkRate linkRate, List<Count> segments, Journeys journeys,
        Attribution attribution, List<Roi> roi) {

    /** Rows of one input file. */
    public record InputCount(String file, long read, long accepted, long rejected) {}

    /** A named count. */
    public record Count(String name, long value) {}

    /**
     * Identity resolution figures.
     *
     * @param records        rows that carried at least one usable identifier
     * @param identifiers    distinct normalised identifiers, i.e. the profiles without stitching
     * @param profiles       profiles after stitching
     * @param knownProfiles  profiles holding an email, phone, account, CRM or loyalty id
     * @param merges         merges reported by the identity graph
     * @param conflicts      links refused by the merge rules
     * @param truePeople     distinct true persons behind the rows (from the truth column)
     * @param score          pairwise precision/recall/F1 over rows against the true persons, or null
     *                       without truth
     * @param linkable       the same against what the data can link at best: rows that share an
     *                       identifier and belong to one person, transitively; or null without truth
     */
    public record Stitching(long records, long identifiers, long profiles, long knownProfiles, long merges,
            long conflicts, long truePeople, PairwiseScore score, PairwiseScore linkable) {}

    /**
     * Pairwise scores of a clustering against the truth, as entity-resolution tools report them.
     *
     * @param truePairs      pairs of rows that belong to the same true person
     * @param predictedPairs pairs of rows that were put in the same profile
     * @param correctPairs   pairs in both
     * @param precision      correctPairs / predictedPairs (1 if there are none)
     * @param recall         correctPairs / truePairs (1 if there are none)
     * @param f1             harmonic mean of precision and recall
     */
    public record PairwiseScore(long truePairs, long predictedPairs, long correctPairs, double precision,
            double recall, double f1) {}

    /**
     * Shop purchases matched to a profile that was also seen on the web or in the app.
     *
     * @param shopPurchases all shop purchases read
     * @param identified    those that carried a usable identifier
     * @param matchedOnline those whose profile also has web or app activity
     */
    public record LinkRate(long shopPurchases, long identified, long matchedOnline) {
        /** matchedOnline / shopPurchases, or 0 without purchases. */
        public double rate() {
            return shopPurchases == 0 ? 0 : (double) matchedOnline / shopPurchases;
        }
    }

    /**
     * Journey actions.
     *
     * @param sentPerChannel messages sent per channel
     * @param outcomes       what the pressure and redundancy rules did (capped, deferred, suppressed, ...)
     * @param perJourney     profiles that entered each journey
     */
    public record Journeys(List<Count> sentPerChannel, List<Count> outcomes, List<Count> perJourney) {}

    /**
     * Attribution per model and channel.
     *
     * @param models      model names, in column order
     * @param channels    channel names, in row order
     * @param credit      {@code credit[model][channel]} in conversions
     * @param revenue     {@code revenue[model][channel]} in currency
     * @param trueShare   the simulation's true share of incremental conversions per channel, or null
     * @param conversions conversions attributed (each model's credits sum to it)
     * @param value       conversion value attributed (each model's revenue sums to it)
     */
    public record Attribution(List<String> models, List<String> channels, double[][] credit, double[][] revenue,
            double[] trueShare, double conversions, double value, Unattributed unattributed) {}

    /**
     * Conversions read but not attributed, so that none is lost silently: those with no touch in
     * their lookback window (in the path table as unattributed), and those whose row ended with no
     * profile (no usable identifier, or an erased person's).
     *
     * @param noTouch         conversions without a touch in their lookback
     * @param noTouchValue    their value
     * @param noProfile       conversions without a profile
     * @param noProfileValue  their value
     */
    public record Unattributed(double noTouch, double noTouchValue, long noProfile, double noProfileValue) {}

    /**
     * Return on spend of one channel or campaign under one model.
     *
     * @param level    {@code channel} or {@code campaign}
     * @param name     the channel or campaign
     * @param spend    spend in the period
     * @param revenue  attributed revenue
     * @param conversions attributed conversions
     */
    public record Roi(String level, String name, double spend, double revenue, double conversions) {
        /** (revenue - spend) / spend, or NaN without spend. */
        public double romi() {
            return spend == 0 ? Double.NaN : (revenue - spend) / spend;
        }

        /** revenue / spend, or NaN without spend. */
        public double roas() {
            return spend == 0 ? Double.NaN : revenue / spend;
        }

        /** spend / conversions, or NaN without conversions. */
        public double cpa() {
            return conversions == 0 ? Double.NaN : spend / conversions;
        }
    }
}
