package io.omnicanal.identity.internal;

import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.PhoneNumberUtil.PhoneNumberFormat;
import com.google.i18n.phonenumbers.Phonenumber.PhoneNumber;
import io.omnicanal.identity.IdentifierType;
import io.omnicanal.identity.Normalizer;
import java.util.Locale;

/**
 * Phone normaliser: parses with Google's libphonenumber using a default region for numbers
 * written without a country code, refuses numbers libphonenumber does not consider valid for
 * their region, and formats to E.164 ({@code +} then up to 15 digits). Thread-safe
 * ({@link PhoneNumberUtil} is).
 */
public final class PhoneNormalizer implements Normalizer {

    private static final PhoneNumberUtil UTIL = PhoneNumberUtil.getInstance();
    private final String defaultRegion;

    /**
     * @param defaultRegion ISO 3166-1 alpha-2 region for numbers without a country code
     * @throws IllegalArgumentException if libphonenumber does not know the region
     */
    public PhoneNormalizer(String defaultRegion) {
        String r = defaultRegion.toUpperCase(Locale.ROOT);
        if (!UTIL.getSupportedRegions().contains(r)) {
            throw new IllegalArgumentException("defaultRegion must be an ISO 3166-1 alpha-2 region known to libphonenumber, was \""
                    + defaultRegion + "\"");
        }
        this.defaultRegion = r;
    }

    /** @return the default region, upper-case */
    public String defaultRegion() {
        return defaultRegion;
    }

    @Override
    public String normalize(IdentifierType type, String raw) {
        String s = Text.strip(type, raw);
        PhoneNumber number;
        try {
            number = UTIL.parse(s, defaultRegion);
        } catch (NumberParseException e) {
            throw Text.invalid(type, raw, "not a phone number (" + e.getErrorType() + ")");
        }
        if (!UTIL.isValidNumber(number)) {
            throw Text.invalid(type, raw, "not a valid number for region " + UTIL.getRegionCodeForNumber(number)
                    + " (default region " + defaultRegion + ")");
        }
        return UTIL.format(number, PhoneNumberFormat.E164);
    }

    /**
     * The E.164 form: {@code +}, then 2 to 15 digits, the first not 0. Whether the number is valid
     * for its country is not checked (that takes libphonenumber's parse, the cost a caller handing
     * over normalised values avoids); a raw value is checked for it.
     */
    @Override
    public String checkNormalized(IdentifierType type, String value) {
        int n = value.length();
        if (n < 3 || n > 16 || value.charAt(0) != '+' || value.charAt(1) == '0') {
            throw Text.invalid(type, value, "given as normalised but not in E.164 form (+ and 2 to 15 digits, the"
                    + " first not 0)");
        }
        for (int i = 1; i < n; i++) {
            char c = value.charAt(i);
            if (c < '0' || c > '9') {
                throw Text.invalid(type, value, "given as normalised but not in E.164 form: not a digit at index " + i);
            }
        }
        return value;
    }
}
