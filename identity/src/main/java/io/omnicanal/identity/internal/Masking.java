package io.omnicanal.identity.internal;

import io.omnicanal.identity.IdentifierType;

/** Masks identifier values for messages and logs. Pure and thread-safe. */
public final class Masking {

    private Masking() {
    }

    /**
     * Masks a value: emails keep the first character of the local part and the domain; other
     * values of 9 characters or more keep the first two and last two, of 5 to 8 the first and the
     * last, and shorter ones are fully starred. Control characters are shown as {@code ?}. Values longer than 64 characters are
     * cut, with their length appended.
     *
     * @param type the identifier type, may be null
     * @param value the value, may be null
     * @return the masked value, never null
     */
    public static String mask(IdentifierType type, String value) {
        return mask(type, value, false);
    }

    /**
     * The mask this library wrote before session 9, which kept two characters at each end of values
     * of 5 to 8 characters too; refusals in older snapshots carry it, and an erasure must still find them.
     *
     * @param type the identifier type
     * @param value the value
     * @return the older mask
     */
    public static String maskBeforeSession9(IdentifierType type, String value) {
        return mask(type, value, true);
    }

    private static String mask(IdentifierType type, String value, boolean older) {
        if (value == null) {
            return "null";
        }
        String v = value.length() > 64 ? value.substring(0, 64) : value;
        StringBuilder sb = new StringBuilder(v.length() + 16);
        int at = IdentifierType.EMAIL.equals(type) ? v.lastIndexOf('@') : -1;
        if (at > 0) {
            sb.append(printable(v.charAt(0))).append("***").append(clean(v.substring(at)));
        } else if (v.length() <= 4) {
            sb.append("*".repeat(v.length()));
        } else if (v.length() <= 8 && !older) {
            // two characters at each end would show most of a short value
            sb.append(printable(v.charAt(0))).append("*".repeat(v.length() - 2)).append(printable(v.charAt(v.length() - 1)));
        } else {
            sb.append(printable(v.charAt(0))).append(printable(v.charAt(1)))
                    .append("*".repeat(Math.min(v.length() - 4, 12)))
                    .append(printable(v.charAt(v.length() - 2))).append(printable(v.charAt(v.length() - 1)));
        }
        if (value.length() > 64) {
            sb.append("...(").append(value.length()).append(" chars)");
        }
        return sb.toString();
    }

    private static String clean(String s) {
        StringBuilder sb = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            sb.append(printable(s.charAt(i)));
        }
        return sb.toString();
    }

    private static char printable(char c) {
        return Character.isISOControl(c) ? '?' : c;
    }
}
