package io.omnicanal.identity;

/**
 * Thrown when an identifier value cannot be normalised: malformed syntax, empty, oversized, an
 * unknown type, a refused placeholder value. The message names the type and the value, masked
 * where the value is personal data (email, phone, name and address), so that the message can be
 * logged.
 */
public final class InvalidIdentifierException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    private final transient IdentifierType type;
    private final String maskedValue;

    /**
     * Creates the exception.
     *
     * @param type the identifier type, may be null when the type itself is the fault
     * @param maskedValue the offending value, already masked for logging
     * @param reason what is wrong, in a few words
     */
    public InvalidIdentifierException(IdentifierType type, String maskedValue, String reason) {
        super((type == null ? "identifier" : type.name()) + " \"" + maskedValue + "\": " + reason);
        this.type = type;
        this.maskedValue = maskedValue;
    }

    /** Returns the identifier type whose value was refused, or null when the type is the fault. */
    public IdentifierType type() {
        return type;
    }

    /** Returns the refused value, masked where it is personal data. */
    public String maskedValue() {
        return maskedValue;
    }
}
