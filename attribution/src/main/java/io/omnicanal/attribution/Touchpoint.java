package io.omnicanal.attribution;

import io.omnicanal.attribution.internal.Checks;

import java.time.Instant;
import java.util.Objects;

/**
 * One marketing contact of a profile: an ad impression or click, an e-mail or SMS opened, a push,
 * a web or app visit, a call-centre call, a kiosk or shop visit.
 *
 * <p>Immutable and thread-safe. {@code campaign}, {@code device} and {@code kind} are never null:
 * the empty string means unknown. {@code cost} is what this single touch cost, in the currency of
 * the spend table, {@code 0} when unknown; it is added to the spend of its channel and campaign in
 * return-on-spend tables.
 *
 * @param profile the stitched profile key
 * @param time when the touch happened
 * @param channel the channel, non-blank
 * @param campaign the campaign, empty when none
 * @param device the device, empty when unknown
 * @param kind the kind of contact ({@code impression}, {@code click}, {@code visit}, {@code open},
 *     {@code call}, {@code store_visit}, ...), empty when unknown
 * @param cost the cost of this touch, finite and {@code >= 0}
 */
public record Touchpoint(long profile, Instant time, String channel, String campaign, String device,
                         String kind, double cost) {

    /**
     * Validates every field.
     *
     * @throws NullPointerException naming the field when a reference is null
     * @throws IllegalArgumentException naming the field and value when the channel is blank or the
     *     cost negative, NaN or infinite
     */
    public Touchpoint {
        Objects.requireNonNull(time, "time");

        Objects.requireNonNull(campaign, "campaign");
        Objects.requireNonNull(device, "device");
        Objects.requireNonNull(kind, "kind");
        Checks.nonBlank("channel", channel);
        Checks.nonNegative("cost", cost);
    }

    /**
     * A touch with only a channel: no campaign, device or kind, and no cost.
     *
     * @param profile the profile key
     * @param time when it happened, not null
     * @param channel the channel, non-blank
     * @return the touchpoint
     */
    public static Touchpoint of(long profile, Instant time, String channel) {
        return new Touchpoint(profile, time, channel, "", "", "", 0);
    }
}
