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
}
