package io.omnicanal.identity.internal;

import io.omnicanal.identity.IdentifierType;
import io.omnicanal.identity.InvalidIdentifierException;

/** Small string checks shared by the normalisers. Pure and thread-safe. */
final class Text {

    /** Longest raw value any normaliser accepts, in chars. */
    static final int MAX_RAW_LENGTH = 512;

    private Text() {
    }

    /** Strips Unicode whitespace at both ends, refuses empty, oversized and control characters. */
    static String strip(IdentifierType type, String raw) {
        if (raw.length() > MAX_RAW_LENGTH) {
            throw new InvalidIdentifierException(type, Masking.mask(type, raw),
                    "longer than " + MAX_RAW_LENGTH + " characters (" + raw.length() + ")");
        }
        String s = raw.strip();
        if (s.isEmpty()) {
            throw new InvalidIdentifierException(type, Masking.mask(type, raw), "empty or blank");
        }
        for (int i = 0; i < s.length(); i++) {
            if (Character.isISOControl(s.charAt(i))) {
                throw new InvalidIdentifierException(type, Masking.mask(type, raw),
                        "contains a control character at index " + i);
            }
        }
        return s;
    }

    static InvalidIdentifierException invalid(IdentifierType type, String raw, String reason) {
        return new InvalidIdentifierException(type, Masking.mask(type, raw), reason);
    }
}
