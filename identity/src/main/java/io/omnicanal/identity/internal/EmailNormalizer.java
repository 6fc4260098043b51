package io.omnicanal.identity.internal;

import io.omnicanal.identity.IdentifierType;
import io.omnicanal.identity.Normalizer;
import java.text.Normalizer.Form;
import java.util.Locale;

/**
 * Email normaliser: strip, Unicode NFC, lower-case ({@link Locale#ROOT}), syntax check, and
 * optionally the Gmail provider rules (dots in the local part ignored, {@code +tag} dropped,
 * {@code googlemail.com} folded into {@code gmail.com}).
 *
 * <p>The syntax check is the practical subset of RFC 5321/5322 that ad platforms and mail
 * providers accept: one {@code @}; a local part of 1-64 characters made of letters, digits and
 * {@code !#$%&'*+/=?^_`{|}~.-}, no leading, trailing or double dot; a domain of at most 253
 * characters with at least two dot-separated labels of letters, digits and inner hyphens, the
 * last label at least two letters. Quoted local parts and IP-literal domains are refused.
 */
public final class EmailNormalizer implements Normalizer {

    private static final String LOCAL_SPECIALS = "!#$%&'*+/=?^_`{|}~.-";
    private final boolean gmailRules;

    /** @param gmailRules whether to apply the Gmail provider rules */
    public EmailNormalizer(boolean gmailRules) {
        this.gmailRules = gmailRules;
    }

    /** @return whether the Gmail provider rules apply */
    public boolean gmailRules() {
        return gmailRules;
    }

    @Override
    public String normalize(IdentifierType type, String raw) {
        String s = java.text.Normalizer.normalize(Text.strip(type, raw), Form.NFC).toLowerCase(Locale.ROOT);
        int at = s.indexOf('@');
        if (at < 0 || at != s.lastIndexOf('@')) {
            throw Text.invalid(type, raw, "must contain exactly one '@'");
        }
        String local = s.substring(0, at);
        String domain = s.substring(at + 1);
        checkLocal(type, raw, local);
        checkDomain(type, raw, domain);
        if (gmailRules && (domain.equals("gmail.com") || domain.equals("googlemail.com"))) {
            int plus = local.indexOf('+');
            String base = (plus >= 0 ? local.substring(0, plus) : local).replace(".", "");
            if (base.isEmpty()) {
                throw Text.invalid(type, raw, "Gmail local part is empty once dots and +tag are removed");
            }
            return base + "@gmail.com";
        }
        return s;
    }

    /**
     * A plain ASCII value in normal form (no upper case, space or control character; the syntax
     * below; under the Gmail rules a {@code gmail.com} local part without dots or {@code +tag}) is
     * accepted by one allocation-free scan; any other value is normalised again and compared, which
     * also gives the precise reason of a refusal.
     */
    @Override
    public String checkNormalized(IdentifierType type, String value) {
        return isPlainNormalForm(value) ? value : Normalizer.super.checkNormalized(type, value);
    }

    private boolean isPlainNormalForm(String v) {
        int n = v.length();
        int at = v.indexOf('@');
        if (at < 1 || at > 64 || at != v.lastIndexOf('@') || n - at - 1 < 1 || n - at - 1 > 253) {
            return false;
        }
        boolean dots = false;
        for (int i = 0; i < at; i++) {
            char c = v.charAt(i);
            if (c == '.') {
                if (i == 0 || i == at - 1 || v.charAt(i - 1) == '.') {
                    return false;
                }
                dots = true;
            } else if (!(c >= 'a' && c <= 'z' || c >= '0' && c <= '9') && (c >= 0x7F || LOCAL_SPECIALS.indexOf(c) < 0)) {
                return false;
            }
        }
        int labels = 0;
        int labelStart = at + 1;
        boolean lettersOnly = true;
        for (int i = at + 1; i <= n; i++) {
            char c = i < n ? v.charAt(i) : '.';
            if (c == '.') {
                int len = i - labelStart;
                if (len < 1 || len > 63 || v.charAt(labelStart) == '-' || v.charAt(i - 1) == '-') {
                    return false;
                }
                labels++;
                if (i < n) {
                    labelStart = i + 1;
                    lettersOnly = true;
                }
            } else if (c >= 'a' && c <= 'z') {
                continue;
            } else if (c >= '0' && c <= '9' || c == '-') {
                lettersOnly = false;
            } else {
                return false;
            }
        }
        if (labels < 2 || !lettersOnly || n - labelStart < 2) {
            return false;
        }
        if (gmailRules) {
            boolean gmail = v.regionMatches(at + 1, "gmail.com", 0, 9) && n - at - 1 == 9;
            boolean googlemail = v.regionMatches(at + 1, "googlemail.com", 0, 14) && n - at - 1 == 14;
            return !googlemail && !(gmail && (dots || v.lastIndexOf('+', at) >= 0));
        }
        return true;
    }

    static void checkLocal(IdentifierType type, String raw, String local) {
        if (local.isEmpty() || local.length() > 64) {
            throw Text.invalid(type, raw, "local part must have 1 to 64 characters, had " + local.length());
        }
        if (local.charAt(0) == '.' || local.charAt(local.length() - 1) == '.' || local.contains("..")) {
            throw Text.invalid(type, raw, "local part has a leading, trailing or double dot");
        }
        for (int i = 0; i < local.length(); i++) {
            char c = local.charAt(i);
            if (!Character.isLetterOrDigit(c) && LOCAL_SPECIALS.indexOf(c) < 0) {
                throw Text.invalid(type, raw, "local part has a forbidden character at index " + i);
            }
        }
    }

    static void checkDomain(IdentifierType type, String raw, String domain) {
        if (domain.isEmpty() || domain.length() > 253) {
            throw Text.invalid(type, raw, "domain must have 1 to 253 characters, had " + domain.length());
        }
        String[] labels = domain.split("\\.", -1);
        if (labels.length < 2) {
            throw Text.invalid(type, raw, "domain needs at least two labels");
        }
        for (String label : labels) {
            if (label.isEmpty() || label.length() > 63 || label.charAt(0) == '-' || label.charAt(label.length() - 1) == '-') {
                throw Text.invalid(type, raw, "domain has an empty, oversized or hyphen-edged label");
            }
            for (int i = 0; i < label.length(); i++) {
                char c = label.charAt(i);
                if (!Character.isLetterOrDigit(c) && c != '-') {
                    throw Text.invalid(type, raw, "domain has a forbidden character '" + c + "'");
                }
            }
        }
        String tld = labels[labels.length - 1];
        if (tld.length() < 2 || !tld.chars().allMatch(Character::isLetter)) {
            throw Text.invalid(type, raw, "top-level domain must be at least two letters");
        }
    }
}
