package io.omnicanal.segmentation;

import org.junit.jupiter.api.Test;

/** Streams that once broke the real time == batch == oracle property, replayed for good. */
class RegressionSeedsTest {
    /** A purchase older than the clock converted a cart whose abandonment a timer had already recorded. */
    @Test
    void retroactiveSequenceConversion() {
        RealtimeBatchOracleProperties.run(-96800, RfmSettings.TieRule.SHARE, 160);
        RealtimeBatchOracleProperties.run(-96800, RfmSettings.TieRule.SPLIT_BY_KEY, 160);
    }

    /**
     * A key merged away after an RFM refresh came back as a profile and was merged away again: its second
     * alias replaced the first, which gave its reference pairs to the wrong profile, so that erasing the
     * profile they belonged to left them in the reference and moved another profile's scores.
     */
    @Test
    void keyMergedAwayTwiceAfterARefresh() {
        RealtimeBatchOracleProperties.run(-14930352, RfmSettings.TieRule.SHARE, 160);
        // the same fault seen as a wrong membership (profile 2 after a purchase) and, without sequences, after an erasure
        RealtimeBatchOracleProperties.run(-8116977802240915470L, RfmSettings.TieRule.SHARE, 160);
        RealtimeBatchOracleProperties.run(-6323723147366794961L, RfmSettings.TieRule.SHARE, 160, false);
    }
}
