package io.omnicanal.attribution;

import it.unimi.dsi.fastutil.longs.Long2IntOpenHashMap;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Settings given too late are refused, not silently ignored, and a caller's grouping is called
 * once per profile whichever way the builder takes (review 7, finding 11); a refused row changes
 * nothing.
 */
class BuilderStateTest {
    static final Instant T = Instant.parse("2026-03-01T09:00:00Z");

    @Test
    void directChannelAfterTheFirstRowIsRefusedNamingTheSetting() {
        PathTable.Builder b = PathTable.builder().add(List.of("email", "direct"), 1, 10, 0);
        assertThatThrownBy(() -> b.directChannel("(direct)"))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("directChannel");
        // nothing changed: the row was read with "direct" and the builder still works
        PathTable t = b.add(List.of("(direct)"), 1, 5, 0).build();
        assertThat(t.isDirect(t.indexOf("direct"))).isTrue();
        assertThat(t.isDirect(t.indexOf("(direct)"))).isFalse();
        assertThat(AttributionModel.lastNonDirectTouch().attribute(t).value("email")).isEqualTo(10.0);
    }

    @Test
    void withTimesAfterRowsWithoutTimesIsRefusedNamingTheSetting() {
        PathTable.Builder b = PathTable.builder().add(List.of("email"), 1, 10, 0);
        assertThatThrownBy(b::withTimes).isInstanceOf(IllegalStateException.class).hasMessageContaining("withTimes");
        assertThatThrownBy(() -> b.addJourney(List.of("search"), List.of(T), T, 1, 1, 0))
                .isInstanceOf(IllegalStateException.class);
        assertThat(b.build().hasAges()).isFalse();
        // before the first row both settings are taken
        PathTable timed = PathTable.builder().directChannel("(direct)").withTimes()
                .addJourney(List.of("search", "(direct)"), List.of(T, T.plusSeconds(60)), T.plusSeconds(120), 1, 2, 0)
                .build();
        assertThat(timed.age(0, 0)).isEqualTo(Duration.ofMinutes(2));
        assertThat(timed.isDirect(timed.indexOf("(direct)"))).isTrue();
    }

    @Test
    void aBuilderThatBuiltItsTableRefusesMoreRowsAndASecondBuild() {
        PathTable.Builder b = PathTable.builder().add(List.of("email"), 1, 10, 0);
        PathTable first = b.build();
        assertThatThrownBy(() -> b.add(List.of("search"), 1, 5, 0))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("built its table already");
        assertThatThrownBy(b::build).isInstanceOf(IllegalStateException.class);
        assertThat(first.size()).isEqualTo(1);
    }

    @Test
    void theGroupingIsCalledOncePerProfileWhenTheStreamedPassIsAbandoned() {
        // profiles 1..5 ascending, then 0 and 3 again: the streamed pass cuts 1..5 (and the
        // conversion-only profile 9 is never reached by it), then gives way to the general pass
        List<Touchpoint> touches = new ArrayList<>();
        for (long k = 1; k <= 5; k++) {
            touches.add(Touchpoint.of(k, T, "c" + k));
        }
        touches.add(Touchpoint.of(0, T, "c0"));
        touches.add(Touchpoint.of(3, T.plusSeconds(1), "c3"));
        List<Conversion> conversions = List.of(new Conversion(2, T.plusSeconds(5), 1, "order"),
                new Conversion(9, T, 1, "order"));
        Long2IntOpenHashMap calls = new Long2IntOpenHashMap();
        PathTable t = new PathBuilder(PathSettings.defaults()).build(touches, conversions, k -> {
            calls.addTo(k, 1);
            return k % 2 == 0 ? "even" : "odd";
        });
        assertThat(calls.keySet().toLongArray()).containsExactlyInAnyOrder(0, 1, 2, 3, 4, 5, 9);
        assertThat(calls.values().toIntArray()).containsOnly(1);
        assertThat(t.groups()).containsExactly("even", "odd");
        // and so for the columns and a sorted input (one pass each)
        calls.clear();
        new PathBuilder(PathSettings.defaults()).build(TouchColumns.of(touches), conversions, k -> {
            calls.addTo(k, 1);
            return "g";
        });
        assertThat(calls.values().toIntArray()).containsOnly(1);
        assertThat(calls.size()).isEqualTo(7);
    }

    /**
     * A row the table builder refuses names the field and value, and changes nothing: settings that
     * must come before the first row can still be given, and the table holds only the rows taken.
     */
    @Test
    void aRefusedRowNamesFieldAndValueAndChangesNothing() {
        PathTable.Builder b = PathTable.builder();
        assertThatThrownBy(() -> b.add(List.of("a", " "), 1, 1, 0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("path[1] must not be blank, was \" \"");
        assertThatThrownBy(() -> b.add(List.of("a"), -1, 0, 0)).hasMessage("conversions must be finite and >= 0, was -1.0");
        assertThatThrownBy(() -> b.add(List.of("a"), 0, 5, 1)).hasMessage("value must be 0 when conversions are 0, was 5.0");
        assertThatThrownBy(() -> b.add("g", List.of("a"), 1, 1, Double.NaN)).hasMessage("nulls must be finite and >= 0, was NaN");
        List<String> path = List.of("a", "b");
        assertThatThrownBy(() -> b.addJourney(path, List.of(T), T, 1, 1, 0))
                .hasMessage("times must have one entry per step, was 1 times for 2 steps");
        assertThatThrownBy(() -> b.addJourney(path, List.of(T, T.plusSeconds(1)), T, 1, 1, 0))
                .hasMessage("times[1]: touch at 2026-03-01T09:00:01Z is after its path end 2026-03-01T09:00:00Z");
        assertThatThrownBy(() -> b.addJourney(path, List.of(T, T.minusSeconds(1)), T, 1, 1, 0))
                .hasMessage("times[1]: 2026-03-01T08:59:59Z is before the previous step 2026-03-01T09:00:00Z");
        // nothing was taken: settings for before the first row are still accepted
        PathTable t = b.directChannel("(direct)").withTimes()
                .addJourney(path, List.of(T.minusSeconds(60), T), T, 1, 4, 0).build();
        assertThat(PathBuilderTest.rows(t)).containsExactly("|a>b|1.0|4.0|0.0");
        assertThat(t.age(0, 0)).isEqualTo(Duration.ofMinutes(1));
    }
}
