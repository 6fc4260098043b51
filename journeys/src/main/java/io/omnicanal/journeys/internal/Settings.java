package io.omnicanal.journeys.internal;

import io.omnicanal.journeys.ChannelSender;
import io.omnicanal.journeys.FrequencyCap;
import io.omnicanal.journeys.JourneyListener;
import io.omnicanal.journeys.Offer;
import io.omnicanal.journeys.OfferScorer;
import io.omnicanal.journeys.RetryPolicy;

import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Set;

/**
 * The engine's validated, immutable configuration as the public builder assembled it. Arrays are indexed by
 * channel ordinal and must not be modified after construction.
 *
 * @param caps frequency caps
 * @param brandZone fallback time zone
 * @param quietStart quiet hours start, second of day, or -1 for none
 * @param quietEnd quiet hours end, second of day (exclusive)
 * @param ratePermits per channel: permits per period, 0 for unlimited
 * @param ratePeriodMillis per channel: period length
 * @param arbitrationMillis minimum gap between two marketing messages of different journeys to one profile
 * @param convertedWindowMillis no message about a topic the profile converted on within this window
 * @param duplicateWindowMillis no same message twice (any channel) within this window; 0 disables
 * @param conversionTypes event types that are conversions for redundancy
 * @param itemProperty the property naming a conversion's product or offer
 * @param engagementTypes event types that count as engagement with a channel
 * @param channelProperty the property naming an engagement's channel
 * @param channelCost per channel cost
 * @param fallback default channel order
 * @param offers the offer catalogue
 * @param scorer the offer scorer
 * @param senders per channel sender, null when none
 * @param retry retry policy
 * @param listener the listener
 * @param start the engine's initial time
 */
public record Settings(List<FrequencyCap> caps, ZoneId brandZone, int quietStart, int quietEnd, int[] ratePermits,
                       long[] ratePeriodMillis, long arbitrationMillis, long convertedWindowMillis, long duplicateWindowMillis,
                       Set<String> conversionTypes, String itemProperty, Set<String> engagementTypes, String channelProperty,
                       double[] channelCost, byte[] fallback, List<Offer> offers, OfferScorer scorer, ChannelSender[] senders,
                       RetryPolicy retry, JourneyListener listener, Instant start) {

    /** A stable text form of the settings that shape snapshot layout (caps, start, offers), compared on restore. */
    public String layoutFingerprint() {
        StringBuilder sb = new StringBuilder();
        for (FrequencyCap c : caps) {
            sb.append(c.channel() == null ? "all" : c.channel().jsonName()).append(':').append(c.max()).append('/')
                    .append(c.window()).append(';');
        }
        sb.append("start=").append(start).append(';');
        sb.append("offers=");
        for (Offer o : offers) {
            sb.append(o.id()).append(',');
        }
        return sb.toString();
    }
}
