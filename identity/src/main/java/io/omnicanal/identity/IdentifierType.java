package io.omnicanal.identity;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * The kind of an identifier: email, phone, cookie, advertising id, account, and so on, or a
 * custom kind registered by the user.
 *
 * <p>A type is only a name; how values of the type are normalised, how strongly they bind a
 * profile and which merge rules apply is configured per graph in {@link IdentityGraph.Builder}.
 * Names are lower-case ASCII ({@code [a-z][a-z0-9_]{0,31}}), so that they compare the same in
 * every locale. Immutable and thread-safe.
 *
 * @param name the type name, never null, matching {@code [a-z][a-z0-9_]{0,31}}
 */
public record IdentifierType(String name) implements Comparable<IdentifierType> {

    private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9_]{0,31}");

    /** An email address; normalised by trimming, lower-casing and a syntax check. */
    public static final IdentifierType EMAIL = new IdentifierType("email");
    /** A phone number; normalised to E.164 with libphonenumber and the graph's default region. */
    public static final IdentifierType PHONE = new IdentifierType("phone");
    /** A first-party cookie GUID; canonical lower-case UUID form. */
    public static final IdentifierType COOKIE = new IdentifierType("cookie");
    /** A mobile advertising id (IDFA or GAID); canonical lower-case UUID, all-zero refused. */
    public static final IdentifierType MAID = new IdentifierType("maid");
    /** A device id; trimmed and lower-cased. */
    public static final IdentifierType DEVICE = new IdentifierType("device");
    /** A login account id; trimmed, case preserved. */
    public static final IdentifierType ACCOUNT = new IdentifierType("account");
    /** A subscriber id (telecom, streaming, newspaper); trimmed, case preserved. */
    public static final IdentifierType SUBSCRIBER = new IdentifierType("subscriber");
    /** A CRM customer number; trimmed and upper-cased. */
    public static final IdentifierType CRM = new IdentifierType("crm");
    /** A loyalty card number; trimmed, inner spaces and dashes removed, upper-cased. */
    public static final IdentifierType LOYALTY = new IdentifierType("loyalty");
    /**
     * A weak key for offline records built from surname, first initial, postcode and house
     * number (see {@link Identifier#nameAddress(String, String, String, String)}).
     */
    public static final IdentifierType NAME_ADDRESS = new IdentifierType("name_address");

    /**
     * Validates the name.
     *
     * @throws NullPointerException if {@code name} is null
     * @throws IllegalArgumentException if {@code name} does not match {@code [a-z][a-z0-9_]{0,31}}
     */
    public IdentifierType {
        Objects.requireNonNull(name, "identifier type name");
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException(
                    "identifier type name must match [a-z][a-z0-9_]{0,31}, was \"" + name + "\"");
        }
    }

    /**
     * Returns the type with this name (a built-in constant or a custom type).
     *
     * @param name the type name, see the class comment for the allowed form
     * @return the type, never null
     */
    public static IdentifierType of(String name) {
        return new IdentifierType(name);
    }

    /** Orders types by name (ordinal-free, so it does not depend on registration order). */
    @Override
    public int compareTo(IdentifierType other) {
        return name.compareTo(other.name);
    }

    @Override
    public String toString() {
        return name;
    }
}
