package io.omnicanal.identity;

/**
 * Turns a raw identifier value into its canonical form, or refuses it.
 *
 * <p>Implementations must be pure (same input, same output, in every default locale; use
 * {@link java.util.Locale#ROOT}) and thread-safe, and should be idempotent where the normal
 * form is itself a valid raw form (every built-in except the name-and-address key, whose normal
 * form has five parts): normalising a normalised value returns it unchanged. Built-in normalisers come from {@link Normalizers};
 * users register their own for custom identifier types with
 * {@link IdentityGraph.Builder#type(IdentifierType, Normalizer, int)}.
 */
@FunctionalInterface
public interface Normalizer {

    /**
     * Normalises a raw value.
     *
     * @param type the identifier type being normalised (for error messages)
     * @param raw the raw value, never null
     * @return the canonical form, never null or empty
     * @throws InvalidIdentifierException if the value is malformed; the message names the type
     *     and the (masked) value
     */
    String normalize(IdentifierType type, String raw);

    /**
     * Checks a value handed over as already normalised ({@link Identifier#normalized}): returns it
     * when it is a form this normaliser produces, and refuses it otherwise, so that a value in
     * another form (an upper-case email, a phone without its {@code +}) cannot enter the graph as
     * an identifier no raw value will ever meet. The default normalises the value again and
     * requires the result to be the value itself; a normaliser whose normal form is not a valid raw
     * form (the name-and-address key) overrides it, and the built-in email, phone and UUID
     * normalisers override it with a check of the form that costs no parsing.
     *
     * @param type the identifier type (for error messages)
     * @param value the value given as normalised, never null
     * @return {@code value}
     * @throws InvalidIdentifierException naming the type and the (masked) value when it is not in
     *     normal form
     */
    default String checkNormalized(IdentifierType type, String value) {
        String again = normalize(type, value);
        if (!again.equals(value)) {
            throw new InvalidIdentifierException(type, io.omnicanal.identity.internal.Masking.mask(type, value),
                    "given as normalised but not in normal form (normalising it changes it)");
        }
        return value;
    }
}
