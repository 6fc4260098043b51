package io.omnicanal.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.text.Normalizer.Form;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Per-type normalisation rules, under the Turkish default locale the build sets. */
class NormalizersTest {

    private static final IdentifierType E = IdentifierType.EMAIL;

    @Test
    void testsRunUnderTheTurkishLocale() {
        // the surefire argLine sets tr-TR: "I".toLowerCase() would give a dotless i
        assertThat(Locale.getDefault().getLanguage()).isEqualTo("tr");
    }

    @Test
    void emailIsTrimmedAndLowerCasedWithoutTheDefaultLocale() {
        assertThat(Normalizers.email(false).normalize(E, "  INFO@ISTANBUL.IO ")).isEqualTo("info@istanbul.io");
    }

    @Test
    void emailNfdAndNfcAgree() {
        String nfc = "jos\u00e9@example.com";
        String nfd = java.text.Normalizer.normalize(nfc, Form.NFD);
        assertThat(nfd).isNotEqualTo(nfc);
        assertThat(Normalizers.email(false).normalize(E, nfd)).isEqualTo(nfc);
    }

    @Test
    void gmailRulesAreOptional() {
        assertThat(Normalizers.email(false).normalize(E, "John.Smith+news@gmail.com")).isEqualTo("john.smith+news@gmail.com");
        assertThat(Normalizers.email(true).normalize(E, "John.Smith+news@gmail.com")).isEqualTo("johnsmith@gmail.com");
        assertThat(Normalizers.email(true).normalize(E, "john.smith@googlemail.com")).isEqualTo("johnsmith@gmail.com");
        assertThat(Normalizers.email(true).normalize(E, "john.smith+x@example.com")).isEqualTo("john.smith+x@example.com");
    }

    @ParameterizedTest
    @ValueSource(strings = {"plainaddress", "a@b", "a@@b.com", "a@b@c.com", ".a@b.com", "a.@b.com", "a..b@c.com",
        "a b@c.com", "a@-b.com", "a@b-.com", "a@b..com", "a@b.c", "a@b.c0m", "\"quoted\"@b.com", "a@[127.0.0.1]", "@b.com"})
    void malformedEmailsAreRefusedWithTypeAndMaskedValue(String bad) {
        assertThatThrownBy(() -> Normalizers.email(false).normalize(E, bad))
                .isInstanceOf(InvalidIdentifierException.class)
                .hasMessageStartingWith("email \"");
    }

    @Test
    void emailMessageMasksThePersonalData() {
        assertThatThrownBy(() -> Normalizers.email(false).normalize(E, "secretperson@@example.com"))
                .hasMessageNotContaining("secretperson")
                .hasMessageContaining("s***@example.com");
    }

    @Test
    void phoneGoesToE164WithTheDefaultRegion() {
        Normalizer fr = Normalizers.phone("FR");
        assertThat(fr.normalize(IdentifierType.PHONE, "06 12 34 56 78")).isEqualTo("+33612345678");
        assertThat(fr.normalize(IdentifierType.PHONE, "+33 (0)6-12-34-56-78")).isEqualTo("+33612345678");
        assertThat(fr.normalize(IdentifierType.PHONE, "0044 20 7031 3000")).isEqualTo("+442070313000");
        assertThat(Normalizers.phone("us").normalize(IdentifierType.PHONE, "(650) 555-1212")).isEqualTo("+16505551212");
    }

    @ParameterizedTest
    @ValueSource(strings = {"12", "abc", "+33 1", "+999 123456789", "06 12 34"})
    void invalidPhonesAreRefused(String bad) {
        assertThatThrownBy(() -> Normalizers.phone("FR").normalize(IdentifierType.PHONE, bad))
                .isInstanceOf(InvalidIdentifierException.class)
                .hasMessageStartingWith("phone \"");
    }

    @Test
    void unknownRegionIsRefusedWithTheValue() {
        assertThatThrownBy(() -> Normalizers.phone("XX")).hasMessageContaining("\"XX\"");
    }

    @Test
    void uuidsBecomeLowerCaseDashed() {
        Normalizer u = Normalizers.uuid(false);
        String want = "3f2504e0-4f89-11d3-9a0c-0305e82c3301";
        assertThat(u.normalize(IdentifierType.COOKIE, "3F2504E0-4F89-11D3-9A0C-0305E82C3301")).isEqualTo(want);
        assertThat(u.normalize(IdentifierType.COOKIE, "3f2504e04f8911d39a0c0305e82c3301")).isEqualTo(want);
        assertThat(u.normalize(IdentifierType.COOKIE, "{3f2504e0-4f89-11d3-9a0c-0305e82c3301}")).isEqualTo(want);
        assertThatThrownBy(() -> u.normalize(IdentifierType.COOKIE, "3f2504e0_4f89-11d3-9a0c-0305e82c3301"))
                .isInstanceOf(InvalidIdentifierException.class);
        assertThatThrownBy(() -> u.normalize(IdentifierType.COOKIE, "3g2504e0-4f89-11d3-9a0c-0305e82c3301"))
                .isInstanceOf(InvalidIdentifierException.class);
    }

    @Test
    void optedOutAdvertisingIdIsRefused() {
        assertThatThrownBy(() -> Normalizers.uuid(true).normalize(IdentifierType.MAID, "00000000-0000-0000-0000-000000000000"))
                .isInstanceOf(InvalidIdentifierException.class).hasMessageContaining("opted out");
        assertThat(Normalizers.uuid(false).normalize(IdentifierType.COOKIE, "00000000000000000000000000000000"))
                .isEqualTo("00000000-0000-0000-0000-000000000000");
    }

    @Test
    void opaqueIdsFollowTheirCaseRule() {
        assertThat(Normalizers.caseSensitive().normalize(IdentifierType.ACCOUNT, " Ab1 ")).isEqualTo("Ab1");
        assertThat(Normalizers.upperCase().normalize(IdentifierType.CRM, "crm-i1")).isEqualTo("CRM-I1");
        assertThat(Normalizers.lowerCase().normalize(IdentifierType.DEVICE, "DEVICE-I")).isEqualTo("device-i");
        assertThat(Normalizers.cardNumber().normalize(IdentifierType.LOYALTY, "1234 5678-90")).isEqualTo("1234567890");
        assertThatThrownBy(() -> Normalizers.caseSensitive().normalize(IdentifierType.ACCOUNT, "a b"))
                .isInstanceOf(InvalidIdentifierException.class);
    }

    @Test
    void nameAddressKeyFoldsAccentsCasePunctuationAndStreetTypes() {
        Normalizer n = Normalizers.nameAddress();
        IdentifierType t = IdentifierType.NAME_ADDRESS;
        String a = n.normalize(t, Identifier.nameAddress("Jürgen", "Müller-Lüdenscheidt", "12 Hauptstraße", "10115").value());
        String b = n.normalize(t, Identifier.nameAddress("j.", "MULLER LUDENSCHEIDT", "12, Hauptstr.", " 10115 ").value());
        String nfd = java.text.Normalizer.normalize("Müller-Lüdenscheidt", Form.NFD);
        String c = n.normalize(t, Identifier.nameAddress("Jurgen", nfd, "12 Haupt strasse", "10115").value());
        assertThat(a).isEqualTo("mullerludenscheidt|j|10115|12|hauptstr");
        assertThat(b).isEqualTo(a);
        assertThat(c).isEqualTo("mullerludenscheidt|j|10115|12|haupt str");
        String d = n.normalize(t, Identifier.nameAddress("Mary", "O'Brien", "221B Baker Street", "NW1 6XE").value());
        String e = n.normalize(t, Identifier.nameAddress("M", "OBrien", "221b baker st.", "nw16xe").value());
        assertThat(d).isEqualTo("obrien|m|nw16xe|221b|baker st").isEqualTo(e);
        assertThat(n.normalize(t, Identifier.nameAddress("Işıl", "Yıldız", "5 Avenue Foch", "75016").value()))
                .isEqualTo("yildiz|i|75016|5|ave foch");
    }

    @Test
    void nameAddressNeedsSurnamePostcodeAndHouseNumber() {
        Normalizer n = Normalizers.nameAddress();
        IdentifierType t = IdentifierType.NAME_ADDRESS;
        assertThatThrownBy(() -> n.normalize(t, Identifier.nameAddress("a", "--", "1 x st", "1").value())).hasMessageContaining("surname");
        assertThatThrownBy(() -> n.normalize(t, Identifier.nameAddress("a", "b", "high st", "1").value())).hasMessageContaining("house number");
        assertThatThrownBy(() -> n.normalize(t, Identifier.nameAddress("a", "b", "1 high st", " ").value())).hasMessageContaining("postcode");
        assertThatThrownBy(() -> n.normalize(t, "a|b|c")).hasMessageContaining("4 parts".replace("4", "3"));
        assertThatThrownBy(() -> Identifier.nameAddress("a|x", "b", "1 st", "1")).hasMessageContaining("firstName");
    }

    @Test
    void identifierToStringMasks() {
        assertThat(Identifier.email("john.smith@example.com").toString()).isEqualTo("email:j***@example.com");
        assertThat(Identifier.phone("+33612345678").toString()).doesNotContain("12345");
        assertThat(IdentifierType.of("ticket_id").name()).isEqualTo("ticket_id");
        assertThatThrownBy(() -> IdentifierType.of("Ticket")).hasMessageContaining("\"Ticket\"");
    }
}
