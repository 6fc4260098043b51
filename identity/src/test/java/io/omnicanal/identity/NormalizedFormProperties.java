package io.omnicanal.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

/**
 * Values handed over as already normalised ({@link Identifier#normalized}) must be in normal form
 * (review of session 8, finding 2): they used to be checked for length only, so an upper-case
 * email never met its raw twin, and a phone in Meta's digits-only form was stored hashed without its
 * country code. The oracle for the fast checks is the documented rule itself: a value is in normal
 * form when normalising it succeeds and returns it unchanged.
 */
class NormalizedFormProperties {
    private static final Instant T = Instant.parse("2025-01-01T00:00:00Z");

    @Test
    void valuesNotInNormalFormAreRefusedAndTheGraphIsUnchanged() {
        IdentityGraph g = IdentityGraph.builder().storeHashed(IdentifierType.PHONE, Destination.META).build();
        g.link(T, "crm", Identifier.email("jane@x.com"), Identifier.phone("+16505551212"));
        byte[] before = g.snapshotBytes();
        assertThatThrownBy(() -> g.link(T, "ads", Identifier.normalized(IdentifierType.PHONE, "16505551212")))
                .isInstanceOf(InvalidIdentifierException.class).hasMessageContaining("phone").hasMessageContaining("E.164");
        assertThatThrownBy(() -> g.link(T, "crm", Identifier.normalized(IdentifierType.EMAIL, "Jane@X.COM ")))
                .isInstanceOf(InvalidIdentifierException.class).hasMessageContaining("email");
        assertThatThrownBy(() -> g.link(T, "crm", Identifier.normalized(IdentifierType.ACCOUNT, "A\u0000B")))
                .isInstanceOf(InvalidIdentifierException.class).hasMessageContaining("account");
        assertThatThrownBy(() -> g.link(T, "web", Identifier.normalized(IdentifierType.COOKIE,
                "0000000A-0000-4000-8000-000000000001"))).isInstanceOf(InvalidIdentifierException.class);
        assertThatThrownBy(() -> g.link(T, "app", Identifier.normalized(IdentifierType.MAID,
                "00000000-0000-0000-0000-000000000000"))).isInstanceOf(InvalidIdentifierException.class)
                .hasMessageContaining("opted out");
        assertThat(g.snapshotBytes()).isEqualTo(before);
        // the normal forms themselves meet their raw twins
        assertThat(g.link(T, "ads", Identifier.normalized(IdentifierType.PHONE, "+16505551212")))
                .isEqualTo(g.link(T, "crm", Identifier.normalized(IdentifierType.EMAIL, "jane@x.com")));
        IdentityGraph gmail = IdentityGraph.builder().gmailRules(true).build();
        assertThatThrownBy(() -> gmail.link(T, "crm", Identifier.normalized(IdentifierType.EMAIL, "jane.doe@gmail.com")))
                .isInstanceOf(InvalidIdentifierException.class).hasMessageContaining("normal form");
        assertThat(gmail.link(T, "crm", Identifier.normalized(IdentifierType.EMAIL, "janedoe@gmail.com")))
                .isEqualTo(gmail.link(T, "web", Identifier.email("Jane.Doe+news@googlemail.com")));
    }

    @Provide
    Arbitrary<String> emailLike() {
        Arbitrary<String> local = Arbitraries.strings().withChars("abcXYZ019.+-_'é ").ofMinLength(0).ofMaxLength(8);
        Arbitrary<String> domain = Arbitraries.of("gmail.com", "googlemail.com", "example.org", "Example.org", "a.b",
                "x-y.co.uk", "-x.com", "x..com", "com", "ex1.c0m", "ex.c", "exé.fr", "e.fr ", "");
        Arbitrary<String> ats = Arbitraries.of("@", "@", "@", "", "@@");
        return Combinators.combine(local, ats, domain).as((l, a, d) -> l + a + d);
    }

    @Property(tries = 3000)
    void emailFastCheckAgreesWithNormalisingAgain(@ForAll("emailLike") String value, @ForAll boolean gmailRules) {
        Normalizer n = Normalizers.email(gmailRules);
        assertThat(accepts(n, value)).as(value).isEqualTo(normalisesToItself(n, value));
    }

    @Provide
    Arbitrary<String> uuidLike() {
        return Arbitraries.strings().withChars("0123456789abcdefABCDEF-g{}").ofMinLength(30).ofMaxLength(38)
                .injectDuplicates(0.1)
                .edgeCases(c -> c.add("00000000-0000-0000-0000-000000000000").add("0a1b2c3d-0000-4000-8000-00000000000f"));
    }

    @Property(tries = 3000)
    void uuidFastCheckAgreesWithNormalisingAgain(@ForAll("uuidLike") String value, @ForAll boolean refuseNil) {
        Normalizer n = Normalizers.uuid(refuseNil);
        assertThat(accepts(n, value)).as(value).isEqualTo(normalisesToItself(n, value));
    }

    /** A canonical UUID (sometimes the nil one) with one to three characters replaced: near misses of the fast path. */
    @Provide
    Arbitrary<String> uuidNearMiss() {
        Arbitrary<String> base = Arbitraries.longs().tuple2().map(t -> new java.util.UUID(t.get1(), t.get2()).toString())
                .edgeCases(c -> c.add("00000000-0000-0000-0000-000000000000"));
        Arbitrary<Character> chars = Arbitraries.of('0', 'a', 'f', 'F', 'g', '-', '{', ' ', '\u00e9', '\uff46', '\u0130');
        Arbitrary<Integer> places = Arbitraries.integers().between(0, 35);
        return Combinators.combine(base, places.list().ofMinSize(1).ofMaxSize(3), chars.list().ofSize(3))
                .as((u, at, with) -> {
                    char[] c = u.toCharArray();
                    for (int i = 0; i < at.size(); i++) {
                        c[at.get(i)] = with.get(i);
                    }
                    return new String(c);
                });
    }

    @Property(tries = 3000)
    void uuidFastCheckAgreesOnNearMisses(@ForAll("uuidNearMiss") String value, @ForAll boolean refuseNil) {
        Normalizer n = Normalizers.uuid(refuseNil);
        assertThat(accepts(n, value)).as(value).isEqualTo(normalisesToItself(n, value));
    }

    @Property(tries = 2000)
    void canonicalUuidsAreAccepted(@ForAll long hi, @ForAll long lo) {
        String u = new java.util.UUID(hi, lo).toString();
        Normalizer n = Normalizers.uuid(false);
        assertThat(accepts(n, u)).isTrue();
    }

    @Property(tries = 500)
    void theE164FormOfAnyValidNumberIsAccepted(@ForAll("nationalNumbers") String national) {
        Normalizer n = Normalizers.phone("FR");
        String e164;
        try {
            e164 = n.normalize(IdentifierType.PHONE, national);
        } catch (InvalidIdentifierException e) {
            return;
        }
        assertThat(accepts(n, e164)).isTrue();
        assertThat(accepts(n, e164.substring(1))).isFalse();
        assertThat(accepts(n, national)).isEqualTo(national.equals(e164));
    }

    @Provide
    Arbitrary<String> nationalNumbers() {
        return Arbitraries.strings().withChars("0123456789").ofLength(10).map(s -> "0" + s.substring(1));
    }

    @Test
    void nameAddressKeysOfTheNormaliserAreAcceptedAndOthersRefused() {
        Normalizer n = Normalizers.nameAddress();
        String key = n.normalize(IdentifierType.NAME_ADDRESS, "Zoë|Müller-Lüdenscheidt|12 Rue de l'Église|75001");
        assertThat(accepts(n, key)).isTrue();
        assertThat(accepts(n, key.toUpperCase(java.util.Locale.ROOT))).isFalse();
        assertThat(accepts(n, "Zoë|Müller|12 Rue|75001")).isFalse();
        assertThat(accepts(n, "muller|z|75001|12|rue  de")).isFalse();
        assertThat(accepts(n, "muller|z|75001|12|")).isTrue();
    }

    private static boolean accepts(Normalizer n, String value) {
        IdentifierType type = n instanceof io.omnicanal.identity.internal.UuidNormalizer ? IdentifierType.COOKIE
                : IdentifierType.EMAIL;
        try {
            return n.checkNormalized(type, value).equals(value);
        } catch (InvalidIdentifierException e) {
            return false;
        }
    }

    private static boolean normalisesToItself(Normalizer n, String value) {
        try {
            return n.normalize(IdentifierType.EMAIL, value).equals(value);
        } catch (InvalidIdentifierException e) {
            return false;
        }
    }
}
