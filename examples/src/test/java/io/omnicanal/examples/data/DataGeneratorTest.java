package io.omnicanal.examples.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DataGeneratorTest {

    private static DataGenerator.Config config(int people, long seed) {
        return new DataGenerator.Config(people, seed, LocalDate.of(2025, 1, 1), 3);
    }

    @Test
    void sameConfigSameBytesOtherSeedOtherData(@TempDir Path dir) throws IOException {
        new DataGenerator(config(200, 5)).writeTo(dir.resolve("a"), m -> { });
        new DataGenerator(config(200, 5)).writeTo(dir.resolve("b"), m -> { });
        new DataGenerator(config(200, 6)).writeTo(dir.resolve("c"), m -> { });
        for (Schema s : Schema.values()) {
            assertThat(Files.readAllBytes(dir.resolve("b").resolve(s.fileName())))
                    .as(s.fileName()).isEqualTo(Files.readAllBytes(dir.resolve("a").resolve(s.fileName())));
        }
        assertThat(Files.readAllBytes(dir.resolve("c/touchpoints.csv")))
                .isNotEqualTo(Files.readAllBytes(dir.resolve("a/touchpoints.csv")));
    }

    @Test
    void everyFileReadsBackAgainstItsSchemaWithTheTruth(@TempDir Path dir) {
        new DataGenerator(config(150, 9)).writeTo(dir, m -> { });
        try (DataReader reader = new DataReader(dir, DataReader.OnError.STOP, dir.resolve("rejects.csv"))) {
            for (Schema s : Schema.values()) {
                List<String> truths = new ArrayList<>();
                DataReader.Counts c = reader.read(s, row -> truths.add(row.truth()));
                assertThat(c.rejected()).isZero();
                assertThat(c.read()).as(s.fileName()).isPositive();
                if (s != Schema.SPEND) {
                    assertThat(truths).as(s.fileName()).allMatch(t -> t.matches("P\\d{7}|BOT\\d{3}"));
                }
            }
        }
    }

    @Test
    void truthSharesSumToOneAndFollowTheLifts(@TempDir Path dir) throws IOException {
        new DataGenerator(config(300, 11)).writeTo(dir, m -> { });
        JsonNode truth = new ObjectMapper().readTree(dir.resolve("truth.json").toFile());
        double sum = 0;
        for (DataGenerator.Channel c : DataGenerator.Channel.values()) {
            JsonNode n = truth.path("channels").path(c.label());
            assertThat(n.path("liftPerTouch").asDouble()).isEqualTo(c.lift());
            assertThat(n.path("incrementalConversions").asDouble()).isPositive();
            sum += n.path("shareOfIncremental").asDouble();
        }
        assertThat(sum).isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-5));
        assertThat(truth.path("people").asInt()).isEqualTo(300);
    }

    /**
     * Strangers never share an email, phone or account by chance: in the CRM, each own (non
     * family) email, each phone and each account belongs to one person only. Checked on the
     * written rows, with an email compared as the identity module would (trimmed, lower-cased).
     */
    @Test
    void ownEmailsPhonesAndAccountsBelongToOnePersonOnly(@TempDir Path dir) {
        new DataGenerator(config(4_000, 42)).writeTo(dir, m -> { });
        Map<String, Set<String>> byEmail = new HashMap<>();
        Map<String, Set<String>> byPhone = new HashMap<>();
        Map<String, Set<String>> byAccount = new HashMap<>();
        try (DataReader reader = new DataReader(dir, DataReader.OnError.STOP, dir.resolve("rejects.csv"))) {
            reader.read(Schema.CRM, row -> {
                String email = row.text("email");
                if (!email.isBlank() && !email.strip().toLowerCase(Locale.ROOT).startsWith("famille.")) {
                    byEmail.computeIfAbsent(email.strip().toLowerCase(Locale.ROOT), e -> new HashSet<>()).add(row.truth());
                }
                String phone = row.text("phone");
                if (!phone.isBlank()) {
                    String digits = phone.replaceAll("\\D", "");
                    if (digits.length() >= 9) { // junk such as "n/a" has no number to share
                        byPhone.computeIfAbsent(digits.substring(digits.length() - 9), d -> new HashSet<>()).add(row.truth());
                    }
                }
            });
            reader.read(Schema.WEB_EVENTS, row -> {
                String account = row.text("account_id");
                if (!account.isBlank()) {
                    byAccount.computeIfAbsent(account, a -> new HashSet<>()).add(row.truth());
                }
            });
        }
        assertThat(byEmail).hasSizeGreaterThan(1_000);
        assertThat(byPhone).hasSizeGreaterThan(1_000);
        assertThat(byAccount).hasSizeGreaterThan(500);
        for (Map<String, Set<String>> m : List.of(byEmail, byPhone, byAccount)) {
            assertThat(m.entrySet()).allSatisfy(e -> assertThat(e.getValue()).as(e.getKey()).hasSize(1));
        }
    }

    @Test
    void mobileNumbersAreABijectionOverEveryPersonIndex() {
        BitSet seen = new BitSet(100_000_000);
        List<Integer> bad = new ArrayList<>();
        for (int i = 0; i < 20_000_000; i++) { // every index a Config allows
            int n = DataGenerator.uniqueMobile(i);
            if (n < 0 || n >= 100_000_000 || seen.get(n)) {
                bad.add(i);
            } else {
                seen.set(n);
            }
        }
        assertThat(bad).isEmpty();
        assertThat(seen.cardinality()).isEqualTo(20_000_000);
    }

    @Test
    void moneyKeepsFourDecimalsWithoutTrailingZeros() {
        assertThat(DataGenerator.money(12.5)).isEqualTo("12.5");
        assertThat(DataGenerator.money(0.0005)).isEqualTo("0.0005");
        assertThat(DataGenerator.money(3)).isEqualTo("3");
        assertThat(DataGenerator.money(0.12345)).isEqualTo("0.1235");
    }

    @Test
    void rejectsOutOfRangeSettings() {
        assertThatThrownBy(() -> config(0, 1)).hasMessage("people must be in [1, 20000000], was 0");
        assertThatThrownBy(() -> new DataGenerator.Config(10, 1, LocalDate.of(2025, 1, 1), 0))
                .hasMessage("months must be in [1, 36], was 0");
    }
}
