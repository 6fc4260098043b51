package io.omnicanal.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The contract every built-in normaliser honours, run once per implementation. */
class NormalizerContractTest {

    static Stream<Arguments> normalizers() {
        return Stream.of(
                Arguments.of(IdentifierType.EMAIL, Normalizers.email(false), List.of("Jo.Hn+x@Example.COM", "ü@exämple.de")),
                Arguments.of(IdentifierType.EMAIL, Normalizers.email(true), List.of("J.o.h.n+tag@GoogleMail.com", "a@b.co")),
                Arguments.of(IdentifierType.PHONE, Normalizers.phone("FR"), List.of("06 12 34 56 78", "+44 20 7031 3000")),
                Arguments.of(IdentifierType.COOKIE, Normalizers.uuid(false), List.of("{3F2504E0-4F89-11D3-9A0C-0305E82C3301}")),
                Arguments.of(IdentifierType.MAID, Normalizers.uuid(true), List.of("6D92078A8246418BA6B1D6E0D6A1A1B2")),
                Arguments.of(IdentifierType.ACCOUNT, Normalizers.caseSensitive(), List.of(" AbC-12 ")),
                Arguments.of(IdentifierType.DEVICE, Normalizers.lowerCase(), List.of("DEV-ICE-1")),
                Arguments.of(IdentifierType.CRM, Normalizers.upperCase(), List.of("crm-00a1")),
                Arguments.of(IdentifierType.LOYALTY, Normalizers.cardNumber(), List.of("1234 5678-90ab")));
    }

    @ParameterizedTest
    @MethodSource("normalizers")
    void isIdempotent(IdentifierType type, Normalizer n, List<String> samples) {
        for (String s : samples) {
            String once = n.normalize(type, s);
            assertThat(n.normalize(type, once)).isEqualTo(once);
        }
    }

    @ParameterizedTest
    @MethodSource("normalizers")
    void refusesBlankOversizedAndControlCharacters(IdentifierType type, Normalizer n, List<String> samples) {
        for (String bad : List.of("", "   ", "\u2003", "x".repeat(513), "ab\u0000cd", "ab\ncd")) {
            assertThatThrownBy(() -> n.normalize(type, bad))
                    .isInstanceOf(InvalidIdentifierException.class)
                    .hasMessageStartingWith(type.name() + " \"")
                    .satisfies(e -> assertThat(((InvalidIdentifierException) e).type()).isEqualTo(type));
        }
    }

    @ParameterizedTest
    @MethodSource("normalizers")
    void stripsSurroundingWhitespace(IdentifierType type, Normalizer n, List<String> samples) {
        for (String s : samples) {
            assertThat(n.normalize(type, " \t" + s + "\u2003 ")).isEqualTo(n.normalize(type, s));
        }
    }
}
