package io.omnicanal.identity;

import io.omnicanal.identity.internal.Masking;
import java.util.Objects;

/**
 * One identifier as handed to or returned by an {@link IdentityGraph}: a type, a value and the
 * form the value is in.
 *
 * <p>A {@link Form#RAW} value is normalised by the graph before it touches the graph; a
 * {@link Form#NORMALIZED} value is trusted to be in the graph's canonical form already (the
 * graph does not re-normalise it, which saves the cost when values come from an upstream system
 * that normalised them); a {@link Form#SHA256} value is the lower- or upper-case hex SHA-256 of a
 * normalised value, as handed back by an ad platform, and is only accepted for types the graph
 * stores hashed ({@link IdentityGraph.Builder#storeHashed(IdentifierType, Destination)}).
 *
 * <p>{@link #toString()} masks personal data, so identifiers can be logged. Immutable.
 *
 * @param type the identifier type, never null
 * @param value the value, never null
 * @param form the form of {@code value}, never null
 */
public record Identifier(IdentifierType type, String value, Form form) {

    /** The form an identifier value is in. */
    public enum Form {
        /** As captured; the graph normalises it. */
        RAW,
        /** Already in the graph's canonical form; the graph uses it as is. */
        NORMALIZED,
        /** Hex SHA-256 of the normalised value. */
        SHA256
    }

    /**
     * Validates that no component is null.
     *
     * @throws NullPointerException naming the null component
     */
    public Identifier {
        Objects.requireNonNull(type, "identifier type");
        Objects.requireNonNull(value, () -> "identifier value of type " + type.name());
        Objects.requireNonNull(form, "identifier form");
    }

    /**
     * A raw identifier of the given type.
     *
     * @param type the type, never null
     * @param raw the raw value, never null
     * @return the identifier
     */
    public static Identifier of(IdentifierType type, String raw) {
        return new Identifier(type, raw, Form.RAW);
    }

    /**
     * An identifier whose value is already in the graph's canonical form.
     *
     * @param type the type, never null
     * @param normalized the normalised value, never null
     * @return the identifier
     */
    public static Identifier normalized(IdentifierType type, String normalized) {
        return new Identifier(type, normalized, Form.NORMALIZED);
    }

    /**
     * A hashed identifier: the hex SHA-256 of the normalised value.
     *
     * @param type the type, never null
     * @param sha256Hex 64 hex digits, either case
     * @return the identifier
     */
    public static Identifier sha256(IdentifierType type, String sha256Hex) {
        return new Identifier(type, sha256Hex, Form.SHA256);
    }

    /**
     * A raw email.
     *
     * @param raw the address as captured, never null
     * @return the identifier
     */
    public static Identifier email(String raw) {
        return of(IdentifierType.EMAIL, raw);
    }

    /**
     * A raw phone number.
     *
     * @param raw the number as captured, never null
     * @return the identifier
     */
    public static Identifier phone(String raw) {
        return of(IdentifierType.PHONE, raw);
    }

    /**
     * A raw cookie GUID.
     *
     * @param raw the GUID as captured, never null
     * @return the identifier
     */
    public static Identifier cookie(String raw) {
        return of(IdentifierType.COOKIE, raw);
    }

    /**
     * A raw account id.
     *
     * @param raw the id as captured, never null
     * @return the identifier
     */
    public static Identifier account(String raw) {
        return of(IdentifierType.ACCOUNT, raw);
    }

    /**
     * A raw name-and-postal-address identifier for offline records. The graph's
     * {@link Normalizers#nameAddress()} builds the key from the normalised surname, the first
     * initial, the postcode and the house number and street of the address line.
     *
     * @param firstName given name, never null (only its initial is kept)
     * @param surname family name, never null or blank
     * @param addressLine street address with house number, e.g. {@code "10 Downing Street"}
     * @param postcode postal code, never null or blank
     * @return the identifier
     * @throws IllegalArgumentException if a part contains the separator {@code '|'}
     */
    public static Identifier nameAddress(String firstName, String surname, String addressLine, String postcode) {
        String[] parts = {firstName, surname, addressLine, postcode};
        String[] names = {"firstName", "surname", "addressLine", "postcode"};
        for (int i = 0; i < parts.length; i++) {
            Objects.requireNonNull(parts[i], names[i]);
            if (parts[i].indexOf('|') >= 0) {
                throw new IllegalArgumentException(names[i] + " must not contain '|', was \""
                        + Masking.mask(IdentifierType.NAME_ADDRESS, parts[i]) + "\"");
            }
        }
        return of(IdentifierType.NAME_ADDRESS, firstName + '|' + surname + '|' + addressLine + '|' + postcode);
    }

    /** Returns {@code type:maskedValue}, never the clear personal data. */
    @Override
    public String toString() {
        String shown = form == Form.SHA256 ? "sha256:" + Masking.mask(type, value) : Masking.mask(type, value);
        return type.name() + ':' + shown;
    }
}
