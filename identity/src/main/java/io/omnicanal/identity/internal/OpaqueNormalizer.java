package io.omnicanal.identity.internal;

import io.omnicanal.identity.IdentifierType;
import io.omnicanal.identity.Normalizer;
import java.util.Locale;

/**
 * Normaliser for opaque ids (device, account, subscriber, CRM, loyalty): strips whitespace at
 * both ends, applies a case rule, optionally removes inner spaces and dashes (card numbers
 * printed in groups), and refuses inner whitespace otherwise.
 */
public final class OpaqueNormalizer implements Normalizer {

    /** How letters are folded. */
    public enum CaseRule {
        /** Keep case: {@code Ab12} and {@code ab12} are two identifiers. */
        PRESERVE,
        /** Lower-case with {@link Locale#ROOT}. */
        LOWER,
        /** Upper-case with {@link Locale#ROOT}. */
        UPPER
    }

    private final CaseRule caseRule;
    private final boolean dropSeparators;

    /**
     * @param caseRule the case rule
     * @param dropSeparators whether inner spaces and dashes are removed
     */
    public OpaqueNormalizer(CaseRule caseRule, boolean dropSeparators) {
        this.caseRule = caseRule;
        this.dropSeparators = dropSeparators;
    }

    @Override
    public String normalize(IdentifierType type, String raw) {
        String s = Text.strip(type, raw);
        if (dropSeparators) {
            StringBuilder sb = new StringBuilder(s.length());
            for (int i = 0; i < s.length(); i++) {
                char c = s.charAt(i);
                if (c != '-' && !Character.isWhitespace(c) && !Character.isSpaceChar(c)) {
                    sb.append(c);
                }
            }
            s = sb.toString();
        }
        for (int i = 0; i < s.length(); i++) {
            if (Character.isWhitespace(s.charAt(i)) || Character.isSpaceChar(s.charAt(i))) {
                throw Text.invalid(type, raw, "contains whitespace at index " + i);
            }
        }
        switch (caseRule) {
            case LOWER:
                return s.toLowerCase(Locale.ROOT);
            case UPPER:
                return s.toUpperCase(Locale.ROOT);
            default:
                return s;
        }
    }
}
