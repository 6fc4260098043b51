package io.omnicanal.journeys;

import java.util.Locale;

/**
 * A channel a message can be delivered on. The JSON form is the lower-case name ({@code "email"},
 * {@code "in_app"}). The ordinal is stable and used in snapshots: new channels are only ever appended.
 */
public enum Channel {
    /** E-mail; reachable when the profile has an e-mail address. */
    EMAIL,
    /** Text message; reachable when the profile has a phone number. */
    SMS,
    /** Mobile push; reachable when the profile has a push token. */
    PUSH,
    /** In-app message; reachable when the profile has a known device. */
    IN_APP,
    /** Display advertising; reachable when the profile has a known device or cookie. */
    DISPLAY;

    private static final Channel[] VALUES = values();

    /** Computed once: the engine compares event properties against it on the event path. */
    private final String json = name().toLowerCase(Locale.ROOT);

    /** The JSON name: the lower-case enum name under {@link Locale#ROOT}. */
    public String jsonName() {
        return json;
    }

    /**
     * Parses a JSON name ({@code "email"}, case-insensitive under {@link Locale#ROOT}).
     *
     * @throws IllegalArgumentException naming the value when it is not a channel
     */
    public static Channel parse(String name) {
        if (name != null) {
            String upper = name.toUpperCase(Locale.ROOT);
            for (Channel c : VALUES) {
                if (c.name().equals(upper)) {
                    return c;
                }
            }
        }
        throw new IllegalArgumentException("unknown channel \"" + name + "\" (expected one of email, sms, push, in_app, display)");
    }

    /** The channel with this ordinal; used by snapshots and internal tables. */
    static Channel ofOrdinal(int ordinal) {
        return VALUES[ordinal];
    }
}
