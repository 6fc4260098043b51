package io.omnicanal.attribution;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import static io.omnicanal.attribution.PathBuilderTest.rows;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * Conversions of one profile at the same instant (two order lines, an order and a sign-up at
 * checkout) share one path, whatever order they arrive in: the documented rule is that they make
 * one row holding all of them (their count and summed value), with the touches the first of them
 * would get. Expected rows are worked out by hand from that rule (review 7, finding 1).
 */
class SameInstantConversionsTest {
    static final Instant T = Instant.parse("2026-03-01T09:00:00Z");

    static final Conversion A = new Conversion(42, T.plus(Duration.ofDays(2)), 120.0, "order");
    static final Conversion B = new Conversion(42, T.plus(Duration.ofDays(2)), 30.0, "order");

    /** Every way a table is made from these inputs: objects sorted and not, and columns. */
    static List<PathTable> everyWay(PathBuilder builder, List<Touchpoint> touches, List<Conversion> conversions) {
        List<Touchpoint> descending = new ArrayList<>(touches);
        descending.sort(Comparator.comparingLong(Touchpoint::profile).reversed());
        return List.of(builder.build(touches, conversions), builder.build(descending, conversions),
                builder.build(TouchColumns.of(touches), conversions));
    }

    @Test
    void reviewExampleGivesOneRowWithBothConversionsInEitherOrder() {
        List<Touchpoint> touches = List.of(Touchpoint.of(42, T, "search"), Touchpoint.of(7, T, "social"));
        PathBuilder builder = new PathBuilder(PathSettings.defaults());
        for (List<Conversion> conversions : List.of(List.of(A, B), List.of(B, A))) {
            for (PathTable t : everyWay(builder, touches, conversions)) {
                assertThat(rows(t)).containsExactly("|social|0.0|0.0|1.0", "|search|2.0|150.0|0.0");
                assertThat(t.unattributedConversions()).isZero();
                assertThat(t.unattributedValue()).isZero();
            }
            Credits last = builder.attribute(AttributionModel.lastTouch(), touches, conversions);
            assertThat(last.conversions("search")).isEqualTo(2.0);
            assertThat(last.value("search")).isEqualTo(150.0);
            Credits markov = builder.attribute(AttributionModel.markov(1), touches, conversions);
            assertThat(markov.value("search")).isCloseTo(150.0, within(1e-9));
            assertThat(builder.attribute(AttributionModel.markov(1), TouchColumns.of(touches), conversions))
                    .isEqualTo(markov);
            Credits shapley = builder.attribute(AttributionModel.shapley(), touches, conversions);
            assertThat(shapley.value("search")).isCloseTo(150.0, within(1e-9));
        }
    }

    @Test
    void aLaterConversionTakesOnlyTheTouchesAfterTheSharedInstant() {
        // search (day 0), email (day 2, the conversions' instant: it belongs to them), social (day 3),
        // then a conversion on day 4: the two at day 2 get search>email, the one at day 4 gets social
        List<Touchpoint> touches = List.of(Touchpoint.of(42, T, "search"),
                Touchpoint.of(42, T.plus(Duration.ofDays(2)), "email"),
                Touchpoint.of(42, T.plus(Duration.ofDays(3)), "social"));
        Conversion later = new Conversion(42, T.plus(Duration.ofDays(4)), 10.0, "order");
        PathBuilder builder = new PathBuilder(PathSettings.defaults());
        for (List<Conversion> conversions : List.of(List.of(A, later, B), List.of(later, B, A), List.of(B, A, later))) {
            for (PathTable t : everyWay(builder, touches, conversions)) {
                assertThat(rows(t)).containsExactly("|search>email|2.0|150.0|0.0", "|social|1.0|10.0|0.0");
            }
        }
    }

    @Test
    void sameInstantConversionsWithoutTouchesAreUnattributedTogether() {
        List<Touchpoint> touches = List.of(Touchpoint.of(7, T, "social"));
        Conversion c = new Conversion(42, T, 5.0, "signup");
        for (PathTable t : everyWay(new PathBuilder(PathSettings.defaults()), touches, List.of(A, c, B))) {
            assertThat(rows(t)).containsExactly("|social|0.0|0.0|1.0");
            assertThat(t.unattributedConversions()).isEqualTo(3.0);
            assertThat(t.unattributedValue()).isEqualTo(155.0);
        }
    }

    @Test
    void theSummedValueDoesNotDependOnTheOrderOfTheConversions() {
        // 0.1 + 0.2 + 0.3 rounds differently in different orders; every order must give one double
        List<Touchpoint> touches = List.of(Touchpoint.of(42, T, "search"));
        Instant at = T.plus(Duration.ofHours(1));
        List<Conversion> cs = List.of(new Conversion(42, at, 0.3, "order"), new Conversion(42, at, 0.1, "order"),
                new Conversion(42, at, 0.2, "order"));
        PathBuilder builder = new PathBuilder(PathSettings.defaults());
        List<Double> seen = new ArrayList<>();
        for (List<Conversion> order : permutations(cs)) {
            for (PathTable t : everyWay(builder, touches, order)) {
                assertThat(t.size()).isEqualTo(1);
                assertThat(t.conversions(0)).isEqualTo(3.0);
                seen.add(t.conversionValue(0));
            }
        }
        assertThat(seen).allSatisfy(v -> assertThat(v).isEqualTo(seen.get(0)));
        assertThat(seen.get(0)).isCloseTo(0.6, within(1e-15));
    }

    @Test
    void lookbackInStepsCountsFromTheSharedInstant() {
        List<Touchpoint> touches = List.of(Touchpoint.of(42, T, "search"),
                Touchpoint.of(42, T.plus(Duration.ofDays(1)), "email"));
        PathBuilder builder = new PathBuilder(PathSettings.builder().lookbackSteps(1).build());
        for (List<Conversion> conversions : List.of(List.of(A, B), List.of(B, A))) {
            for (PathTable t : everyWay(builder, touches, conversions)) {
                assertThat(rows(t)).containsExactly("|email|2.0|150.0|0.0");
            }
        }
    }

    static <T> List<List<T>> permutations(List<T> items) {
        if (items.size() <= 1) {
            return List.of(items);
        }
        List<List<T>> out = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            List<T> rest = new ArrayList<>(items);
            T head = rest.remove(i);
            for (List<T> p : permutations(rest)) {
                List<T> l = new ArrayList<>();
                l.add(head);
                l.addAll(p);
                out.add(l);
            }
        }
        return out;
    }
}
