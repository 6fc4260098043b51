package io.omnicanal.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/**
 * Per-destination normalisation and hashing, checked against the platforms' published worked
 * examples.
 */
class DestinationTest {

    /**
     * Meta, Conversions API, customer information parameters ("em" and "ph" rows), which give
     * input, normalised form and expected SHA-256:
     * https://developers.facebook.com/docs/marketing-api/conversions-api/parameters/customer-information-parameters
     */
    @Test
    void metaPublishedExamples() {
        assertThat(Destination.META.normalize(IdentifierType.EMAIL, "John_Smith@gmail.com", "US")).isEqualTo("john_smith@gmail.com");
        assertThat(Destination.META.hash(IdentifierType.EMAIL, "John_Smith@gmail.com", "US"))
                .isEqualTo("62a14e44f765419d10fea99367361a727c12365e2520f32218d505ed9aa0f62f");
        assertThat(Destination.META.normalize(IdentifierType.PHONE, "(650)555-1212", "US")).isEqualTo("16505551212");
        assertThat(Destination.META.hash(IdentifierType.PHONE, "(650)555-1212", "US"))
                .isEqualTo("e323ec626319ca94ee8bff2e4c87cf613be6ea19919ed1364124e16807ab3176");
    }

    /**
     * Google, Data Manager API "Format user data" page, which publishes the normalised forms
     * (cloudy.sanfrancisco+shopping@gmail.com -> cloudysanfrancisco@gmail.com;
     * user.name+NYC@Example.com -> user.name+nyc@example.com; US (800)555-0100 -> +18005550100):
     * https://developers.google.com/data-manager/api/devguides/concepts/formatting
     * The page gives no digests; the SHA-256 values below were computed with coreutils
     * {@code printf '%s' VALUE | sha256sum} from the published normal forms, independently of
     * this library.
     */
    @Test
    void googlePublishedExamples() {
        assertThat(Destination.GOOGLE.normalize(IdentifierType.EMAIL, "cloudy.sanfrancisco+shopping@gmail.com", "US"))
                .isEqualTo("cloudysanfrancisco@gmail.com");
        assertThat(Destination.GOOGLE.hash(IdentifierType.EMAIL, "cloudy.sanfrancisco+shopping@gmail.com", "US"))
                .isEqualTo("223ebda6f6889b1494551ba902d9d381daf2f642bae055888e96343d53e9f9c4");
        assertThat(Destination.GOOGLE.normalize(IdentifierType.EMAIL, "user.name+NYC@Example.com", "US"))
                .isEqualTo("user.name+nyc@example.com");
        assertThat(Destination.GOOGLE.hash(IdentifierType.EMAIL, "user.name+NYC@Example.com", "US"))
                .isEqualTo("f109a2a632fbcea5fc82049f50beed3d8621bf9034399f437fb622222acccdac");
        assertThat(Destination.GOOGLE.normalize(IdentifierType.PHONE, "(800)555-0100", "US")).isEqualTo("+18005550100");
        assertThat(Destination.GOOGLE.hash(IdentifierType.PHONE, "(800)555-0100", "US"))
                .isEqualTo("fb4f73a6ec5fdb7077d564cdd22c3554b43ce49168550c3b12c547b78c517b30");
        // intermediate whitespace is removed for Google only
        assertThat(Destination.GOOGLE.normalize(IdentifierType.EMAIL, " cloudy. sanfrancisco@gmail.com ", "US"))
                .isEqualTo("cloudysanfrancisco@gmail.com");
    }

    @Test
    void destinationsDifferWhereThePlatformsDiffer() {
        String email = "Jane.Doe+promo@googlemail.com";
        assertThat(Destination.META.normalize(IdentifierType.EMAIL, email, "US")).isEqualTo("jane.doe+promo@googlemail.com");
        assertThat(Destination.SNAP.normalize(IdentifierType.EMAIL, email, "US")).isEqualTo("jane.doe+promo@googlemail.com");
        assertThat(Destination.GOOGLE.normalize(IdentifierType.EMAIL, email, "US")).isEqualTo("janedoe@googlemail.com");
        assertThat(Destination.SNAP.normalize(IdentifierType.PHONE, "06 12 34 56 78", "FR")).isEqualTo("33612345678");
        assertThat(Destination.SNAP.hash(IdentifierType.PHONE, "(800)555-0100", "US"))
                .isEqualTo("92cfdc5fbcd4a20fbe5d3857af6c1aba31762105bba7f21a17155e920653046c");
        assertThatThrownBy(() -> Destination.META.normalize(IdentifierType.COOKIE, "x", "US"))
                .hasMessageContaining("cookie");
        assertThatThrownBy(() -> Destination.META.hash(IdentifierType.EMAIL, "not-an-email", "US"))
                .isInstanceOf(InvalidIdentifierException.class);
    }

    @Test
    void aHashedEmailFromThePlatformLandsOnTheCrmProfile() {
        IdentityGraph g = IdentityGraph.builder().storeHashed(IdentifierType.EMAIL, Destination.GOOGLE).build();
        java.time.Instant t = java.time.Instant.parse("2024-01-01T00:00:00Z");
        long crm = g.link(t, "crm", Identifier.email("Cloudy.SanFrancisco@gmail.com"), Identifier.account("C-1"));
        String fromGoogle = "223EBDA6F6889B1494551BA902D9D381DAF2F642BAE055888E96343D53E9F9C4";
        assertThat(g.profileKey(Identifier.sha256(IdentifierType.EMAIL, fromGoogle))).hasValue(crm);
        long ad = g.link(t.plusSeconds(1), "google_ads", Identifier.sha256(IdentifierType.EMAIL, fromGoogle),
                Identifier.cookie("3f2504e0-4f89-11d3-9a0c-0305e82c3301"));
        assertThat(ad).isEqualTo(crm);
        // no clear email anywhere: not in the profile, not in the snapshot
        assertThat(g.profile(crm).orElseThrow().identifiers()).extracting(s -> s.identifier().value())
                .noneMatch(v -> v.contains("@"));
        assertThat(new String(g.snapshotBytes(), java.nio.charset.StandardCharsets.ISO_8859_1)).doesNotContain("cloudy");
        assertThatThrownBy(() -> IdentityGraph.builder().build().link(t, "x", Identifier.sha256(IdentifierType.EMAIL, fromGoogle)))
                .isInstanceOf(InvalidIdentifierException.class).hasMessageContaining("storeHashed");
    }

    /** Gmail folding is the graph's rule, not Meta's: with both on, the stored hash still is Meta's. */
    @Test
    void gmailRulesDoNotChangeTheHashStoredForADestination() throws Exception {
        IdentityGraph g = IdentityGraph.builder().gmailRules(true).storeHashed(IdentifierType.EMAIL, Destination.META).build();
        java.time.Instant t = java.time.Instant.parse("2024-01-01T00:00:00Z");
        long crm = g.link(t, "crm", Identifier.email(" John.Smith@Gmail.com"), Identifier.account("C-1"));
        // Meta hashes the trimmed, lower-cased address with its dots (computed here with the JDK's SHA-256)
        byte[] digest = java.security.MessageDigest.getInstance("SHA-256")
                .digest("john.smith@gmail.com".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        String fromMeta = java.util.HexFormat.of().formatHex(digest);
        assertThat(g.profileKey(Identifier.sha256(IdentifierType.EMAIL, fromMeta))).hasValue(crm);
        // the graph's own plain-email graph still folds Gmail addresses
        IdentityGraph plain = IdentityGraph.builder().gmailRules(true).build();
        long p = plain.link(t, "crm", Identifier.email("John.Smith@gmail.com"));
        assertThat(plain.profileKey(Identifier.email("johnsmith+news@googlemail.com"))).hasValue(p);
    }

    /** sha256("test@test.com") from an ad platform would glue strangers together as the plain value would. */
    @Test
    void aDigestOfAJunkValueIsBlockedLikeThePlainValue() throws Exception {
        IdentityGraph g = IdentityGraph.builder().storeHashed(IdentifierType.EMAIL, Destination.META).build();
        java.time.Instant t = java.time.Instant.parse("2024-01-01T00:00:00Z");
        String junk = java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
                .digest("test@test.com".getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        long a = g.link(t, "ads", Identifier.sha256(IdentifierType.EMAIL, junk),
                Identifier.cookie("3f2504e0-4f89-11d3-9a0c-0305e82c3301"));
        long b = g.link(t.plusSeconds(1), "ads", Identifier.sha256(IdentifierType.EMAIL, junk.toUpperCase(java.util.Locale.ROOT)),
                Identifier.cookie("3f2504e0-4f89-11d3-9a0c-0305e82c3302"));
        assertThat(a).isNotEqualTo(b);
        assertThat(g.profileKey(Identifier.sha256(IdentifierType.EMAIL, junk))).isEmpty();
        assertThat(g.conflicts()).hasSize(2);
        // an ordinary digest still links
        String ok = java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
                .digest("ada@mail.example".getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        long c = g.link(t.plusSeconds(2), "ads", Identifier.sha256(IdentifierType.EMAIL, ok),
                Identifier.cookie("3f2504e0-4f89-11d3-9a0c-0305e82c3303"));
        assertThat(g.profileKey(Identifier.sha256(IdentifierType.EMAIL, ok))).hasValue(c);
    }
}
