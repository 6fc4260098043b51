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
}
