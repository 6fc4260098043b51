package io.omnicanal.identity.internal;

import io.omnicanal.identity.IdentifierType;
import io.omnicanal.identity.Normalizer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Builds the weak name-and-address key {@code surname|initial|postcode|house|street} from the
 * raw form {@code firstName|surname|addressLine|postcode}.
 *
 * <p>Design note. Offline records (a paper form, a shop receipt) often carry only a name and a
 * postal address, typed by different people in different ways. Each part is folded: Unicode
 * NFKD with combining marks removed (so {@code Müller}, {@code Muller} and the NFD form agree),
 * a few letters NFKD leaves alone spelled out ({@code ß -> ss}, {@code ø -> o}, {@code ł -> l},
 * {@code æ -> ae}, {@code œ -> oe}, dotless {@code ı -> i}), lower-cased with
 * {@link Locale#ROOT}, punctuation turned into spaces. The surname keeps letters and digits
 * only ({@code O'Brien-Smith -> obriensmith}); of the first name only the initial is kept
 * ({@code _} when empty); the postcode keeps letters and digits; the first token of the address
 * line that holds a digit is the house number, the remaining tokens are the street with common
 * street-type words unified ({@code Street/Str -> st}, {@code Avenue/Av -> ave},
 * {@code Straße/Strasse -> str}, ...). The key is weak by design: give its type a low priority.
 */
public final class NameAddressNormalizer implements Normalizer {

    private static final Map<String, String> STREET_TYPES = Map.ofEntries(
            Map.entry("street", "st"), Map.entry("st", "st"),
            Map.entry("avenue", "ave"), Map.entry("av", "ave"), Map.entry("ave", "ave"),
            Map.entry("road", "rd"), Map.entry("rd", "rd"),
            Map.entry("boulevard", "blvd"), Map.entry("blvd", "blvd"), Map.entry("bd", "blvd"), Map.entry("bld", "blvd"),
            Map.entry("drive", "dr"), Map.entry("dr", "dr"),
            Map.entry("lane", "ln"), Map.entry("ln", "ln"),
            Map.entry("place", "pl"), Map.entry("pl", "pl"),
            Map.entry("court", "ct"), Map.entry("ct", "ct"),
            Map.entry("square", "sq"), Map.entry("sq", "sq"),
            Map.entry("terrace", "ter"), Map.entry("ter", "ter"),
            Map.entry("highway", "hwy"), Map.entry("hwy", "hwy"),
            Map.entry("strasse", "str"), Map.entry("str", "str"),
            Map.entry("chemin", "ch"), Map.entry("ch", "ch"),
            Map.entry("allee", "all"), Map.entry("all", "all"));

    /**
     * The key's shape, as {@link #normalize} builds it: five {@code |}-separated parts; surname and
     * postcode non-empty letters and digits; the initial one letter or digit, or {@code _}; the
     * house number one token holding a digit; the street tokens joined by single spaces; no upper
     * case anywhere. (The key is not a raw form, so it cannot be normalised again to compare.)
     */
    @Override
    public String checkNormalized(IdentifierType type, String value) {
        String[] parts = value.split("\\|", -1);
        if (parts.length != 5) {
            throw Text.invalid(type, value, "given as normalised but not a key surname|initial|postcode|house|street, had "
                    + parts.length + " parts");
        }
        String initial = parts[1];
        boolean ok = keyToken(parts[0]) && keyToken(parts[2]) && keyToken(parts[3])
                && parts[3].chars().anyMatch(Character::isDigit)
                && (initial.equals("_") || keyToken(initial) && initial.codePointCount(0, initial.length()) == 1);
        for (String t : parts[4].isEmpty() ? new String[0] : parts[4].split(" ", -1)) {
            ok &= keyToken(t);
        }
        if (!ok) {
            throw Text.invalid(type, value, "given as normalised but not in the key's normal form (lower-case letters"
                    + " and digits; initial one character or _; house number with a digit; street words single-spaced)");
        }
        return value;
    }

    private static boolean keyToken(String t) {
        if (t.isEmpty()) {
            return false;
        }
        for (int i = 0; i < t.length(); ) {
            int c = t.codePointAt(i);
            if (!Character.isLetterOrDigit(c) || Character.isUpperCase(c) || Character.isTitleCase(c)) {
                return false;
            }
            i += Character.charCount(c);
        }
        return true;
    }

    @Override
    public String normalize(IdentifierType type, String raw) {
        Text.strip(type, raw);
        String[] parts = raw.split("\\|", -1);
        if (parts.length != 4) {
            throw Text.invalid(type, raw, "expected firstName|surname|addressLine|postcode, had " + parts.length + " parts");
        }
        String surname = alnum(fold(parts[1]));
        if (surname.isEmpty()) {
            throw Text.invalid(type, raw, "surname is empty");
        }
        String first = alnum(fold(parts[0]));
        String initial = first.isEmpty() ? "_" : first.substring(0, first.offsetByCodePoints(0, 1));
        String postcode = alnum(fold(parts[3]));
        if (postcode.isEmpty()) {
            throw Text.invalid(type, raw, "postcode is empty");
        }
        List<String> tokens = new ArrayList<>(List.of(fold(parts[2]).split(" ")));
        tokens.removeIf(String::isEmpty);
        String house = null;
        StringBuilder street = new StringBuilder();
        for (String t : tokens) {
            if (house == null && t.chars().anyMatch(Character::isDigit)) {
                house = t;
                continue;
            }
            String unified = t.endsWith("strasse") && t.length() > 7 ? t.substring(0, t.length() - 7) + "str" : t;
            unified = STREET_TYPES.getOrDefault(unified, unified);
            if (street.length() > 0) {
                street.append(' ');
            }
            street.append(unified);
        }
        if (house == null) {
            throw Text.invalid(type, raw, "address line has no house number");
        }
        return surname + '|' + initial + '|' + postcode + '|' + house + '|' + street;
    }

    /** Folds accents, case and punctuation; see the class comment. */
    static String fold(String s) {
        String d = java.text.Normalizer.normalize(s, java.text.Normalizer.Form.NFKD);
        StringBuilder sb = new StringBuilder(d.length());
        for (int i = 0; i < d.length(); i++) {
            char c = d.charAt(i);
            int t = Character.getType(c);
            if (t == Character.NON_SPACING_MARK || t == Character.COMBINING_SPACING_MARK || t == Character.ENCLOSING_MARK) {
                continue;
            }
            switch (c) {
                case 'ß': case '\u1E9E': sb.append("ss"); break; // NFKD leaves the capital sharp s alone
                case 'ø': case 'Ø': sb.append('o'); break;
                case 'ł': case 'Ł': sb.append('l'); break;
                case 'æ': case 'Æ': sb.append("ae"); break;
                case 'œ': case 'Œ': sb.append("oe"); break;
                case 'đ': case 'Đ': sb.append('d'); break;
                case 'ı': sb.append('i'); break;
                default:
                    if (Character.isLetterOrDigit(c)) {
                        sb.append(Character.toLowerCase(c));
                    } else if (c == '\'' || c == '\u2019') {
                        // apostrophes join: O'Brien -> obrien, l'Eglise -> leglise
                        continue;
                    } else {
                        sb.append(' ');
                    }
            }
        }
        // collapse runs of spaces by hand: String.replaceAll would compile a regex per call
        String lower = sb.toString().toLowerCase(Locale.ROOT).trim();
        StringBuilder out = new StringBuilder(lower.length());
        for (int i = 0; i < lower.length(); i++) {
            char c = lower.charAt(i);
            if (c != ' ' || out.charAt(out.length() - 1) != ' ') {
                out.append(c);
            }
        }
        return out.toString();
    }

    private static String alnum(String folded) {
        StringBuilder sb = new StringBuilder(folded.length());
        for (int i = 0; i < folded.length(); i++) {
            char c = folded.charAt(i);
            if (Character.isLetterOrDigit(c)) {
                sb.append(c);
            }
        }
        return sb.toString();
    }
}
