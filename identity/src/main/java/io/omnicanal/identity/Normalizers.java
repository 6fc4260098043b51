package io.omnicanal.identity;

import io.omnicanal.identity.internal.EmailNormalizer;
import io.omnicanal.identity.internal.NameAddressNormalizer;
import io.omnicanal.identity.internal.OpaqueNormalizer;
import io.omnicanal.identity.internal.OpaqueNormalizer.CaseRule;
import io.omnicanal.identity.internal.PhoneNormalizer;
import io.omnicanal.identity.internal.UuidNormalizer;
import java.util.Objects;

/**
 * The built-in normalisers, one per built-in {@link IdentifierType}. Every normaliser returned
 * is pure, locale-independent and thread-safe, strips Unicode whitespace at both ends, and
 * refuses empty values, values longer than 512 characters and control characters.
 */
public final class Normalizers {

    private Normalizers() {
    }

    /**
     * Email: strip, NFC, lower-case, syntax check (see {@code EmailNormalizer}).
     *
     * @param gmailRules when true, Gmail local parts ignore dots and {@code +tags}, and
     *     {@code googlemail.com} becomes {@code gmail.com}
     * @return the normaliser
     */
    public static Normalizer email(boolean gmailRules) {
        return new EmailNormalizer(gmailRules);
    }

    /**
     * Phone: libphonenumber parse with a default region, validity check, E.164 output.
     *
     * @param defaultRegion ISO 3166-1 alpha-2 region for numbers without a country code
     * @return the normaliser
     * @throws IllegalArgumentException if the region is unknown to libphonenumber
     */
    public static Normalizer phone(String defaultRegion) {
        return new PhoneNormalizer(Objects.requireNonNull(defaultRegion, "defaultRegion"));
    }

    /**
     * Cookie GUID or advertising id: canonical lower-case dashed UUID.
     *
     * @param refuseAllZero whether the all-zero (opted-out) id is refused
     * @return the normaliser
     */
    public static Normalizer uuid(boolean refuseAllZero) {
        return new UuidNormalizer(refuseAllZero);
    }

    /**
     * Opaque id with case preserved (account, subscriber).
     *
     * @return the normaliser
     */
    public static Normalizer caseSensitive() {
        return new OpaqueNormalizer(CaseRule.PRESERVE, false);
    }

    /**
     * Opaque id folded to lower case (device ids).
     *
     * @return the normaliser
     */
    public static Normalizer lowerCase() {
        return new OpaqueNormalizer(CaseRule.LOWER, false);
    }

    /**
     * Opaque id folded to upper case (CRM numbers).
     *
     * @return the normaliser
     */
    public static Normalizer upperCase() {
        return new OpaqueNormalizer(CaseRule.UPPER, false);
    }

    /**
     * Card number: inner spaces and dashes removed, upper case (loyalty cards).
     *
     * @return the normaliser
     */
    public static Normalizer cardNumber() {
        return new OpaqueNormalizer(CaseRule.UPPER, true);
    }

    /**
     * Name-and-address key from {@code firstName|surname|addressLine|postcode}: see
     * {@link Identifier#nameAddress(String, String, String, String)}.
     *
     * @return the normaliser
     */
    public static Normalizer nameAddress() {
        return new NameAddressNormalizer();
    }

    /**
     * The default normaliser of a built-in type.
     *
     * @param type a built-in type
     * @param defaultRegion region for phone numbers
     * @param gmailRules Gmail provider rules for emails
     * @return the normaliser
     * @throws IllegalArgumentException if {@code type} is not built in
     */
    public static Normalizer defaultFor(IdentifierType type, String defaultRegion, boolean gmailRules) {
        switch (type.name()) {
            case "email": return email(gmailRules);
            case "phone": return phone(defaultRegion);
            case "cookie": return uuid(false);
            case "maid": return uuid(true);
            case "device": return lowerCase();
            case "account": case "subscriber": return caseSensitive();
            case "crm": return upperCase();
            case "loyalty": return cardNumber();
            case "name_address": return nameAddress();
            default:
                throw new IllegalArgumentException("no built-in normaliser for type \"" + type.name()
                        + "\"; register it with Builder.type(type, normalizer, priority)");
        }
    }
}
