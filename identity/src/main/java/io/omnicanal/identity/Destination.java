package io.omnicanal.identity;

import io.omnicanal.identity.internal.Sha256;
import java.util.Objects;

/**
 * The ad platforms whose published customer-list and conversion matching rules the library
 * follows when it hashes identifiers. Each platform wants the same SHA-256 of a different
 * normal form, so a value is normalised per destination and then hashed.
 *
 * <table>
 * <caption>Normal forms before hashing</caption>
 * <tr><th></th><th>email</th><th>phone</th></tr>
 * <tr><td>META</td><td>trimmed, lower-case</td><td>E.164 digits without {@code +}</td></tr>
 * <tr><td>GOOGLE</td><td>all whitespace removed, lower-case; for gmail.com and
 * googlemail.com the dots and the {@code +tag} of the local part removed</td>
 * <td>E.164 with {@code +}</td></tr>
 * <tr><td>SNAP</td><td>trimmed, lower-case</td><td>E.164 digits without {@code +}
 * (country code, no leading zeros)</td></tr>
 * </table>
 *
 * <p>Every destination checks the value first with the library's own email syntax check and
 * libphonenumber. Other identifier types are not hashed by these platforms' published rules
 * and are refused. Thread-safe.
 */
public enum Destination {
    /** Meta (Facebook, Instagram) Conversions API and custom audiences. */
    META,
    /** Google Ads enhanced conversions, Customer Match and the Data Manager API. */
    GOOGLE,
    /** Snap Conversions API and customer lists. */
    SNAP;

    private static final java.util.regex.Pattern WHITESPACE = java.util.regex.Pattern.compile("\\s+");

    /**
     * Normalises a raw email or phone number the way this destination wants it before hashing.
     *
     * @param type {@link IdentifierType#EMAIL} or {@link IdentifierType#PHONE}
     * @param raw the raw value, never null
     * @param defaultRegion ISO region for phone numbers without a country code (ignored for email)
     * @return the normal form
     * @throws InvalidIdentifierException if the value is malformed
     * @throws IllegalArgumentException if the type is neither email nor phone
     */
    public String normalize(IdentifierType type, String raw, String defaultRegion) {
        Objects.requireNonNull(raw, "raw");
        if (IdentifierType.EMAIL.equals(type)) {
            String cleaned = this == GOOGLE ? WHITESPACE.matcher(raw).replaceAll("") : raw;
            return emailForm(Normalizers.email(false).normalize(type, cleaned));
        }
        if (IdentifierType.PHONE.equals(type)) {
            return fromE164(type, Normalizers.phone(defaultRegion).normalize(type, raw));
        }
        throw new IllegalArgumentException(name() + " publishes no hashing rule for identifier type \"" + type + "\"");
    }

    /**
     * Re-formats a value already normalised by the library's default normaliser (email without
     * Gmail rules, phone in E.164) into this destination's normal form.
     *
     * @param type email or phone
     * @param normalized the library-normalised value
     * @return the destination's normal form
     * @throws IllegalArgumentException if the type is neither email nor phone
     */
    public String fromNormalized(IdentifierType type, String normalized) {
        if (IdentifierType.EMAIL.equals(type)) {
            return emailForm(normalized);
        }
        if (IdentifierType.PHONE.equals(type)) {
            return fromE164(type, normalized);
        }
        throw new IllegalArgumentException(name() + " publishes no hashing rule for identifier type \"" + type + "\"");
    }

    private String emailForm(String email) {
        int at = email.indexOf('@');
        String domain = email.substring(at + 1);
        if (this != GOOGLE || !(domain.equals("gmail.com") || domain.equals("googlemail.com"))) {
            return email;
        }
        String local = email.substring(0, at);
        int plus = local.indexOf('+');
        return (plus >= 0 ? local.substring(0, plus) : local).replace(".", "") + '@' + domain;
    }

    private String fromE164(IdentifierType type, String e164) {
        if (this == GOOGLE) {
            return e164;
        }
        return e164.substring(1);
    }

    /**
     * Normalises and hashes: the lower-case hex SHA-256 of {@link #normalize}.
     *
     * @param type email or phone
     * @param raw the raw value
     * @param defaultRegion region for phone numbers without a country code
     * @return 64 lower-case hex digits
     */
    public String hash(IdentifierType type, String raw, String defaultRegion) {
        return Sha256.hex(normalize(type, raw, defaultRegion));
    }
}
