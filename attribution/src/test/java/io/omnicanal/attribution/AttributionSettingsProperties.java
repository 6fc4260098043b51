package io.omnicanal.attribution;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Builders;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AttributionSettingsProperties {

    @Provide
    Arbitrary<AttributionSettings> settings() {
        Arbitrary<PathSettings> paths = Builders.withBuilder(PathSettings::builder)
                .use(Arbitraries.longs().between(1, 10_000_000)).in((b, s) -> b.lookback(Duration.ofSeconds(s)))
                .use(Arbitraries.integers().between(0, 50)).in(PathSettings.Builder::lookbackSteps)
                .use(Arbitraries.of(Dimension.class).set().ofMinSize(1)).in((b, d) -> b.dimensions(new ArrayList<>(d)))
                .use(Arbitraries.strings().alpha().ofMinLength(1).ofMaxLength(8).set().ofMaxSize(3))
                .in(PathSettings.Builder::excludedChannels)
                .use(Arbitraries.strings().ofMaxLength(6).set().ofMaxSize(3)).in(PathSettings.Builder::conversionTypes)
                .use(Arbitraries.of(true, false)).in(PathSettings.Builder::collapseRepeats)
                .use(Arbitraries.of(true, false)).in(PathSettings.Builder::firstOccurrenceOnly)
                .use(Arbitraries.of(true, false)).in(PathSettings.Builder::uniqueChannels)
                .use(Arbitraries.integers().between(0, 30)).in(PathSettings.Builder::maxLength)
                .use(Arbitraries.of(true, false)).in(PathSettings.Builder::dropTrailingDirect)
                .use(Arbitraries.of("direct", "(direct)", "Direkt İ")).in(PathSettings.Builder::directChannel)
                .use(Arbitraries.of(true, false)).in(PathSettings.Builder::includeNonConverting)
                .build(PathSettings.Builder::build);
        Arbitrary<AttributionModel> model = Arbitraries.oneOf(
                Arbitraries.of(AttributionModel.firstTouch(), AttributionModel.lastTouch(),
                        AttributionModel.lastNonDirectTouch(), AttributionModel.linear(), AttributionModel.linearDistinct()),
                Arbitraries.doubles().between(0.01, 0.49).map(f -> AttributionModel.positionBased(f, 0.5 - f / 3)),
                Arbitraries.longs().between(1, 100_000_000).map(ms -> AttributionModel.timeDecay(Duration.ofMillis(ms))),
                Arbitraries.integers().between(1, 4).map(AttributionModel::markov),
                Arbitraries.longs().map(seed -> ShapleyModel.builder().game(ShapleyModel.Game.CONVERSION_RATE)
                        .seed(seed).permutations(1000).maxExactValues(12).build()),
                Arbitraries.of(AttributionModel.shapley(), ShapleyModel.builder().ordered(true).build()));
        Arbitrary<List<AttributionModel>> models = model.list().ofMinSize(1).ofMaxSize(6)
                .map(l -> {
                    Map<String, AttributionModel> byName = new java.util.LinkedHashMap<>();
                    l.forEach(m -> byName.putIfAbsent(m.name(), m));
                    return new ArrayList<>(byName.values());
                });
        return net.jqwik.api.Combinators.combine(paths, models).as(AttributionSettings::new);
    }

    @Property(tries = 100)
    void jsonRoundTripsExactly(@ForAll("settings") AttributionSettings s) {
        String json = s.toJson();
        AttributionSettings back = AttributionSettings.fromJson(json);
        assertThat(back).isEqualTo(s);
        assertThat(back.toJson()).isEqualTo(json);
    }

    @Example
    void absentFieldsTakeDefaults() {
        AttributionSettings s = AttributionSettings.fromJson("{\"models\":[{\"type\":\"markov\",\"order\":2},"
                + "{\"type\":\"time_decay\"},{\"type\":\"position_based\"}]}");
        assertThat(s.paths()).isEqualTo(PathSettings.defaults());
        assertThat(s.models()).containsExactly(AttributionModel.markov(2), AttributionModel.timeDecay(),
                AttributionModel.positionBased());
        AttributionSettings p = AttributionSettings.fromJson("{\"paths\":{\"lookback\":\"P14D\",\"dimensions\":[\"channel\","
                + "\"DEVICE\"]},\"models\":[{\"type\":\"linear\"}]}");
        assertThat(p.paths().lookback()).isEqualTo(Duration.ofDays(14));
        assertThat(p.paths().dimensions()).containsExactly(Dimension.CHANNEL, Dimension.DEVICE);
    }

    @Example
    void errorsCarryTheJsonPath() {
        assertError("{\"models\":[{\"type\":\"linear\"},{\"type\":\"markov\"},{\"type\":\"markov\",\"order\":5}]}",
                "models[2].order: order must be between 1 and 4, was 5");
        assertError("{\"models\":[{\"type\":\"markov\",\"order\":0}]}", "models[0].order");
        assertError("{\"models\":[{\"type\":\"fax\"}]}", "models[0].type: unknown model type \"fax\"");
        assertError("{\"paths\":{\"lookbak\":\"P1D\"},\"models\":[{\"type\":\"linear\"}]}", "paths.lookbak: unknown field");
        assertError("{\"paths\":{\"lookback\":\"30 days\"},\"models\":[{\"type\":\"linear\"}]}", "paths.lookback:");
        assertError("{\"paths\":{\"lookback\":\"-P1D\"},\"models\":[{\"type\":\"linear\"}]}", "paths.lookback: lookback must be positive");
        assertError("{\"paths\":{\"dimensions\":[\"channel\",\"region\"]},\"models\":[{\"type\":\"linear\"}]}",
                "paths.dimensions[1]");
        assertError("{\"paths\":{\"maxLength\":\"3\"},\"models\":[{\"type\":\"linear\"}]}", "paths.maxLength: expected an integer");
        assertError("{\"paths\":{\"collapseRepeats\":1},\"models\":[{\"type\":\"linear\"}]}", "paths.collapseRepeats");
        assertError("{\"models\":[{\"type\":\"time_decay\",\"halfLife\":\"PT0S\"}]}", "models[0].halfLife");
        assertError("{\"models\":[{\"type\":\"position_based\",\"firstWeight\":0.9,\"lastWeight\":0.9}]}", "models[0]: firstWeight + lastWeight");
        assertError("{\"models\":[{\"type\":\"shapley\",\"game\":\"votes\"}]}", "models[0].game: unknown game \"votes\"");
        assertError("{\"models\":[{\"type\":\"linear\",\"weight\":1}]}", "models[0].weight: unknown field");
        assertError("{\"models\":[]}", "models: at least one model");
        assertError("{\"models\":[{\"type\":\"linear\"},{\"type\":\"linear\"}]}", "two models are named \"linear\"");
        assertError("{\"models\":{}}", "models: expected an array");
        assertError("{\"models\":[", "$: malformed JSON");
        assertError("{\"models\":[{\"type\":\"linear\"}],\"extra\":1}", "$.extra: unknown field");
    }

    /** Every setting the builders refuse, and every wrong JSON type, named by its JSON path and value. */
    @Example
    void faultsNameTheirJsonPathAndValue() {
        assertError("{\"models\":[{\"type\":\"shapley\",\"seed\":1.5}]}", "models[0].seed: expected a 64-bit integer, was 1.5");
        assertError("{\"models\":[{\"type\":\"shapley\",\"seed\":18446744073709551616}]}",
                "models[0].seed: expected a 64-bit integer, was 18446744073709551616");
        assertError("{\"models\":[{\"type\":\"shapley\",\"maxExactValues\":30}]}",
                "models[0].maxExactValues: maxExactValues must be between 1 and 25, was 30");
        assertError("{\"models\":[{\"type\":\"shapley\",\"permutations\":99}]}",
                "models[0].permutations: permutations must be >= 100, was 99");
        assertError("{\"models\":[{\"type\":\"shapley\",\"game\":\"conversion_rate\",\"ordered\":true}]}",
                "models[0]: ordered: the ordered variant needs game CONVERSIONS, was CONVERSION_RATE");
        assertError("{\"models\":[{\"type\":\"markov\",\"order\":2.0}]}", "models[0].order: expected an integer, was 2.0");
        assertError("{\"models\":[{\"type\":\"markov\",\"order\":3000000000}]}",
                "models[0].order: expected an integer, was 3000000000");
        assertError("{\"models\":[{\"type\":\"time_decay\",\"halfLife\":\"P80000D\"}]}",
                "models[0].halfLife: halfLife must be at most");
        assertError("{\"models\":[{\"type\":\"position_based\",\"firstWeight\":\"0.4\"}]}",
                "models[0].firstWeight: expected a number, was \"0.4\"");
        assertError("{\"models\":[{\"type\":\"position_based\",\"firstWeight\":1.5}]}",
                "models[0].firstWeight: firstWeight must be in [0, 1], was 1.5");
        assertError("{\"models\":[{\"type\":\"linear\"},{\"type\":\"position_based\",\"lastWeight\":-0.1}]}",
                "models[1].lastWeight: lastWeight must be in [0, 1], was -0.1");
        assertError("{\"models\":[3]}", "models[0]: expected an object, was 3");
        assertError("{\"models\":[{\"type\":3}]}", "models[0].type: expected a string, was 3");
        assertError("{\"models\":[{}]}", "models[0].type: missing model type");
        assertError("{\"paths\":[],\"models\":[{\"type\":\"linear\"}]}", "paths: expected an object, was []");
        assertError("{\"paths\":{\"lookbackSteps\":-1},\"models\":[{\"type\":\"linear\"}]}",
                "paths.lookbackSteps: lookbackSteps must be >= 0, was -1");
        assertError("{\"paths\":{\"maxLength\":-2},\"models\":[{\"type\":\"linear\"}]}",
                "paths.maxLength: maxLength must be >= 0, was -2");
        assertError("{\"paths\":{\"excludedChannels\":[\"a\",3]},\"models\":[{\"type\":\"linear\"}]}",
                "paths.excludedChannels[1]: expected a string, was 3");
        assertError("{\"paths\":{\"excludedChannels\":[\"a\",\" \"]},\"models\":[{\"type\":\"linear\"}]}",
                "paths.excludedChannels: excludedChannels[1] must not be blank, was \" \"");
        assertError("{\"paths\":{\"dimensions\":[]},\"models\":[{\"type\":\"linear\"}]}",
                "paths.dimensions: dimensions must not be empty");
        assertError("{\"paths\":{\"dimensions\":[\"channel\",\"CHANNEL\"]},\"models\":[{\"type\":\"linear\"}]}",
                "paths.dimensions: dimensions must not repeat a dimension, was [CHANNEL, CHANNEL]");
        assertError("{\"paths\":{\"directChannel\":7},\"models\":[{\"type\":\"linear\"}]}",
                "paths.directChannel: expected a string, was 7");
        assertError("[]", "$: expected an object, was []");
        assertError("", "$: expected an object, was empty input");
        assertError("  ", "$: expected an object, was empty input");
        // a repeated field would silently keep its last value: refused, naming the field
        assertError("{\"models\":[{\"type\":\"markov\",\"order\":2,\"order\":3}]}", "'order'");
        assertError("{\"models\":[{\"type\":\"linear\"}],\"models\":[{\"type\":\"markov\"}]}", "'models'");
        // game names are read in Locale.ROOT: upper and mixed case work under the Turkish default locale
        assertThat(AttributionSettings.fromJson("{\"models\":[{\"type\":\"shapley\",\"game\":\"Conversion_Rate\"}]}")
                .models().get(0).name()).isEqualTo("shapley_rate");
    }

    @Example
    void userModelsHaveNoJsonForm() {
        AttributionModel mine = new AttributionModel() {
            @Override
            public String name() {
                return "mine";
            }

            @Override
            public Credits attribute(PathTable paths) {
                return AttributionModel.linear().attribute(paths);
            }
        };
        assertThatThrownBy(() -> new AttributionSettings(PathSettings.defaults(), List.of(mine)).toJson())
                .hasMessageContaining("models[0]").hasMessageContaining("\"mine\"");
    }

    private static void assertError(String json, String message) {
        assertThatThrownBy(() -> AttributionSettings.fromJson(json)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(message);
    }
}
