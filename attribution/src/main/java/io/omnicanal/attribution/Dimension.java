package io.omnicanal.attribution;

import java.util.Locale;
import java.util.Objects;

/**
 * A touchpoint attribute that credit can be attributed over. Several dimensions may be combined
 * (for example channel and device), in which case a path step is the tuple of their values.
 */
public enum Dimension {
    /** The marketing channel of a touch ({@code search}, {@code email}, {@code store}, ...). */
    CHANNEL,
    /** The campaign of a touch; the empty string when the touch had none. */
    CAMPAIGN,
    /** The device of a touch ({@code mobile}, {@code desktop}, {@code kiosk}, ...); empty when unknown. */
    DEVICE;

    /**
     * The name used in CSV headers and JSON: the constant's name in lower case ({@code channel}).
     *
     * @return the lower-case name, never null
     */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * Parses a dimension from its {@link #label()}, ignoring case (in {@link Locale#ROOT}).
     *
     * @param text the label, not null
     * @return the dimension
     * @throws IllegalArgumentException naming the value when it is no known dimension
     */
    public static Dimension parse(String text) {
        Objects.requireNonNull(text, "dimension");
        for (Dimension d : values()) {
            if (d.label().equals(text.trim().toLowerCase(Locale.ROOT))) {
                return d;
            }
        }
        throw new IllegalArgumentException("dimension: unknown dimension \"" + text
                + "\" (expected channel, campaign or device)");
    }

    /**
     * The value of this dimension on a touchpoint.
     *
     * @param touch the touchpoint, not null
     * @return the channel, campaign or device of the touch, never null
     */
    public String of(Touchpoint touch) {
        return switch (this) {
            case CHANNEL -> touch.channel();
            case CAMPAIGN -> touch.campaign();
            case DEVICE -> touch.device();
        };
    }
}
