package io.omnicanal.benchmarks.segmentation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.omnicanal.segmentation.SegmentChange;
import io.omnicanal.segmentation.SegmentChangeListener;
import io.omnicanal.segmentation.SegmentEngine;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * The floor reports exactly the engine's changes on the benchmark's stream, call by call: it is a floor for
 * the same work, not for less. The engine is itself checked against JEXL ({@code SegmentationBenchmarkTest})
 * and against a naive oracle over raw events (the segmentation module's property tests).
 */
class FloorEngineTest {
    record Change(long profile, String segment, boolean entered, long at) {
    }

    private static final Comparator<Change> ORDER = Comparator.comparingLong(Change::at)
            .thenComparingLong(Change::profile).thenComparing(Change::segment).thenComparing(Change::entered);

    private static SegmentChangeListener into(List<Change> out) {
        return (p, s, en, t) -> out.add(new Change(p, s, en, t));
    }

    private static List<Change> sorted(List<Change> c) {
        List<Change> s = new ArrayList<>(c);
        s.sort(ORDER);
        return s;
    }

    @Test
    void reportsTheEnginesChangesCallByCall() {
        long total = agree(new SegmentationData(SegmentationBenchmark.SEED, 3000, 200_000), 200_000, 0);
        assertThat(total).isGreaterThan(100_000);
    }

    /**
     * The in-cache benchmark's stream (few profiles, few events a year) runs for centuries: 300 profiles with
     * 10 000 events a year, continued by 500 000 events, is 50 years, past the 35 after which the floor moves
     * its timers' base.
     */
    @Test
    void agreesOverDecadesOfStream() {
        assertThat(agree(new SegmentationData(SegmentationBenchmark.SEED, 300, 10_000), 500_000, 0)).isGreaterThan(100_000);
    }

    /**
     * Traits changed in the middle of the stream (the benchmark sets them only before its events): every
     * 997th event's profile gets a new city, age and consent on both sides; its memberships must then be
     * equal (the engine reports the update over three calls, the floor in one, so the lists are not
     * compared), and every later call must still report the same changes.
     */
    @Test
    void agreesWhenTraitsChangeMidStream() {
        assertThat(agree(new SegmentationData(SegmentationBenchmark.SEED, 3000, 200_000), 100_000, 997))
                .isGreaterThan(50_000);
    }

    /**
     * Feeds both the same traits, events and advances; asserts equal changes per call; returns their number.
     * With {@code traitEvery > 0}, every such event's profile also gets new traits just before its event.
     */
    private static long agree(SegmentationData d, long continued, int traitEvery) {
        List<SegmentationData.Rule> rules = SegmentationData.realtimeRules();
        SegmentEngine engine = SegmentEngine.create(SegmentationData.catalog(rules),
                Instant.ofEpochMilli(SegmentationData.START));
        FloorEngine floor = new FloorEngine(SegmentationData.START);
        List<Change> ours = new ArrayList<>();
        List<Change> theirs = new ArrayList<>();
        for (long p = 0; p < d.profiles; p++) {
            engine.setTrait(p, "city", d.city(p));
            engine.setTrait(p, "age", Integer.toString(d.age(p)));
            engine.setTrait(p, "consent", d.consent(p));
            floor.setTraits(p, d.city(p), d.age(p), d.consent(p), into(theirs));
        }
        // The engine reports a profile's trait segments over three calls, the floor in one: compare the phase.
        for (int r = 0; r < rules.size(); r++) {
            for (long p = 0; p < d.profiles; p++) {
                assertThat(floor.isMember(p, r)).as("%s after the traits, profile %d", rules.get(r).id(), p)
                        .isEqualTo(engine.isMember(p, rules.get(r).id()));
            }
        }
        theirs.clear();
        TreeSet<String> changed = new TreeSet<>();
        TreeSet<String> traitChanged = new TreeSet<>();
        long total = 0;
        long end = d.events + continued;
        for (long i = 0; i < end; i++) {
            if (i == d.events) {
                List<Change> advanced = asChanges(engine.advanceTo(Instant.ofEpochMilli(d.end())));
                floor.advanceTo(d.end(), into(theirs));
                assertThat(sorted(theirs)).as("advance to the end of the year").isEqualTo(sorted(advanced));
                theirs.clear();
            }
            if (traitEvery > 0 && i % traitEvery == 0) {
                long q = d.profile(i);
                String city = d.city(q + i);
                int age = 18 + (int) ((d.age(q) + i) % 63);
                String consent = d.consent(q + i);
                engine.setTrait(q, "city", city);
                engine.setTrait(q, "age", Integer.toString(age));
                engine.setTrait(q, "consent", consent);
                floor.setTraits(q, city, age, consent, into(theirs));
                for (int r = 0; r < rules.size(); r++) {
                    assertThat(floor.isMember(q, r)).as("%s after new traits at event %d", rules.get(r).id(), i)
                            .isEqualTo(engine.isMember(q, rules.get(r).id()));
                }
                theirs.forEach(c -> traitChanged.add(c.segment()));
                theirs.clear();
            }
            engine.onEvent(d.profile(i), d.time(i), d.type(i), d.channel(i), d.device(i), d.value(i), into(ours));
            floor.onEvent(d.profile(i), d.time(i), d.type(i), d.channel(i), d.device(i), d.value(i), into(theirs));
            if (!ours.equals(theirs)) {
                assertThat(sorted(theirs)).as("event %d", i).isEqualTo(sorted(ours));
            }
            total += ours.size();
            ours.forEach(c -> changed.add(c.segment()));
            ours.clear();
            theirs.clear();
        }
        for (int r = 0; r < rules.size(); r++) {
            for (long p = 0; p < d.profiles; p++) {
                assertThat(floor.isMember(p, r)).as("%s at the end, profile %d", rules.get(r).id(), p)
                        .isEqualTo(engine.isMember(p, rules.get(r).id()));
            }
        }
        // Every rule that events or time can move did move (the six rules on traits alone cannot).
        assertThat(changed).hasSize(44);
        if (traitEvery > 0) {
            assertThat(traitChanged).as("rules moved by the new traits").hasSize(6);
        }
        return total;
    }

    private static List<Change> asChanges(List<SegmentChange> list) {
        return list.stream().map(c -> new Change(c.profile(), c.segment(), c.entered(), c.time().toEpochMilli())).toList();
    }

    @Test
    void refusesWhatItsRulesDoNotKnow() {
        FloorEngine floor = new FloorEngine(SegmentationData.START);
        SegmentChangeListener none = (p, s, en, t) -> { };
        long t = SegmentationData.START + 1;
        assertThatThrownBy(() -> floor.onEvent(1, t, "refund", "web", "ios", 0, none))
                .hasMessageContaining("refund");
        assertThatThrownBy(() -> floor.onEvent(1, t, "purchase", "web", "ios", 1.234, none))
                .hasMessageContaining("1.234");
        floor.onEvent(1, t, "view", "web", "ios", 0, none);
        assertThatThrownBy(() -> floor.onEvent(1, t - 1, "view", "web", "ios", 0, none))
                .hasMessageContaining("before the clock");
    }
}
