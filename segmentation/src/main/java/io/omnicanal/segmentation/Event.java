package io.omnicanal.segmentation;

import java.time.Instant;
import java.util.Map;

/**
 * One behavioural event of a profile: a view, an add-to-cart, a purchase, an email open, an app open,
 * a store visit, or any other type the caller records.
 *
 * <p>Contract: {@code time} is non-null and is kept to the millisecond (sub-millisecond digits are
 * truncated, which the engine documents); {@code type} is non-blank; {@code channel} and {@code device}
 * may be {@code null} meaning "not known" (a filter on channel or device never matches an unknown one);
 * {@code value} is finite with {@code |value| <= 1e12} (money is summed exactly in micro-units, see
 * {@link SegmentEngine}); {@code properties} may be {@code null} (treated as empty), has non-null keys and
 * values, and is copied into an immutable map sorted by key. Every violation throws
 * {@link IllegalArgumentException} naming the field and the offending value.
 *
 * <p><b>Values of one profile.</b> Sums are exact {@code long}s of micro-units, and one event may carry up
 * to 10^18 of them, so the engine also bounds what one profile's values add up to: the values of magnitude
 * 2147.483648 or more (2^31 micro-units, the ones that do not fit an {@code int}) of one profile may total at
 * most {@link #MAX_ABS_LARGE_TOTAL} (6 917 529 027 641.081855) in absolute value, refunds counting by their
 * magnitude. Smaller values need no budget: a profile holds fewer than 2^30 events, which together stay
 * below the remaining 2^61 micro-units. With that, no sum over any of a profile's events (windowed,
 * whole-history, RFM monetary, before or after a merge) can leave the exact range. The engine refuses an
 * event that would pass the bound ({@link SegmentEngine#onEvent(Event)}: {@link IllegalArgumentException}
 * naming {@code event.value}, the value and the profile, before any change), a merge whose two profiles
 * together would pass it ({@link SegmentEngine#merge}), and a snapshot holding a profile beyond it.
 *
 * @param profile    the profile key (as handed out by identity; any {@code long})
 * @param time       when the event happened
 * @param type       the event type, such as {@code purchase}
 * @param channel    the channel, such as {@code web}, {@code app}, {@code store}, {@code email}; nullable
 * @param device     the device identifier or class; nullable
 * @param value      the monetary or numeric value (0 when not applicable)
 * @param properties free-form string properties, matchable by {@link EventFilter#withProperty}
 */
public record Event(long profile, Instant time, String type, String channel, String device, double value,
                    Map<String, String> properties) {

    /** The largest accepted absolute {@link #value()}. */
    public static final double MAX_ABS_VALUE = 1e12;

    /**
     * The largest accepted distance of an event's time (and of the engine's clock) from the epoch, in
     * milliseconds: {@code Long.MAX_VALUE / 4}, about 73 million years either way. Far beyond any real
     * date, and far enough from the ends of the {@code long} range that the engine's deadline arithmetic
     * (an instant plus or minus windows and ages of up to 100 years) cannot overflow, and that no event
     * time equals the engine's internal "no event" marker.
     */
    public static final long MAX_EPOCH_MILLIS = Long.MAX_VALUE / 4;

    /**
     * The most the values of magnitude 2147.483648 or more of one profile may total in absolute value:
     * {@code Long.MAX_VALUE - 2^61} micro-units, 6 917 529 027 641.081855 (this constant is the nearest
     * {@code double}; the engine compares exact micro-units; see the class comment).
     */
    public static final double MAX_ABS_LARGE_TOTAL = 6_917_529_027_641.081855;

    /** Validates every field; see the class contract. */
    public Event {
        if (time == null) {
            throw new IllegalArgumentException("event.time must not be null (profile " + profile + ")");
        }
        Checks.epochMillis("event.time", time);
        type = Checks.name("event.type", type);
        if (channel != null) {
            channel = Checks.name("event.channel", channel);
        }
        if (device != null) {
            device = Checks.name("event.device", device);
        }
        if (!Double.isFinite(value) || Math.abs(value) > MAX_ABS_VALUE) {
            throw new IllegalArgumentException("event.value must be finite with |value| <= 1e12, was " + value);
        }
        properties = Checks.stringMap("event.properties", properties);
    }

    /**
     * An event without properties.
     *
     * @throws IllegalArgumentException as for the canonical constructor
     */
    public static Event of(long profile, Instant time, String type, String channel, String device, double value) {
        return new Event(profile, time, type, channel, device, value, Map.of());
    }
}
