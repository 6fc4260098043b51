package io.omnicanal.attribution;

import io.omnicanal.attribution.internal.SettingsJson;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A complete attribution set-up as data: how paths are built and which models run, with a JSON
 * form that round-trips exactly.
 *
 * <p>JSON shape: {@code {"paths": {...every PathSettings field...}, "models": [{"type":
 * "markov", "order": 2}, ...]}}. Model types: {@code first_touch}, {@code last_touch},
 * {@code last_non_direct_touch}, {@code linear}, {@code linear_distinct}, {@code position_based}
 * ({@code firstWeight}, {@code lastWeight}), {@code time_decay} ({@code halfLife}, ISO-8601),
 * {@code markov} ({@code order}), {@code shapley} ({@code game}, {@code ordered},
 * {@code maxExactValues}, {@code permutations}, {@code seed}). Absent fields take their defaults;
 * an unknown field, a wrong type or an out-of-range value fails with the JSON path of the fault,
 * for example {@code models[2].order: must be between 1 and 4, was 5}. Only built-in models can be
 * written as JSON. Immutable and thread-safe.
 *
 * @param paths how paths are built
 * @param models the models, in column order, at least one
 */
public record AttributionSettings(PathSettings paths, List<AttributionModel> models) {

    /**
     * Validates and copies.
     *
     * @throws IllegalArgumentException when no model is given or two share a name
     */
    public AttributionSettings {
        Objects.requireNonNull(paths, "paths");
        Objects.requireNonNull(models, "models");
        models = List.copyOf(models);
        if (models.isEmpty()) {
            throw new IllegalArgumentException("models: at least one model is needed, was none");
        }
        List<String> names = new ArrayList<>();
        for (AttributionModel m : models) {
            if (names.contains(m.name())) {
                throw new IllegalArgumentException("models: two models are named \"" + m.name() + "\"");
            }
            names.add(m.name());
        }
    }

    /**
     * Parses the JSON form.
     *
     * @param json the settings as JSON, not null
     * @return the settings
     * @throws IllegalArgumentException with the JSON path of the fault on malformed JSON, an
     *     unknown field, a wrong type or an invalid value
     */
    public static AttributionSettings fromJson(String json) {
        return SettingsJson.read(Objects.requireNonNull(json, "json"));
    }

    /**
     * Writes the JSON form, every field present, in a fixed order, so that
     * {@code fromJson(s.toJson()).equals(s)} and the text is stable.
     *
     * @return the JSON text
     * @throws IllegalArgumentException naming the model when a model is not built in
     */
    public String toJson() {
        return SettingsJson.write(this);
    }

    /** @return a report running these models */
    public AttributionReport report() {
        return AttributionReport.builder().models(models).build();
    }

    /** @return a path builder with these path settings */
    public PathBuilder pathBuilder() {
        return new PathBuilder(paths);
    }
}
