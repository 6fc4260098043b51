package io.omnicanal.journeys;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

import java.time.Duration;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** Invariants over random event streams, checked against brute-force oracles written here. */
class JourneyProperties {

    /** One input: profile, event type index, minutes since T0 (non-decreasing after sorting). */
    record In(long profile, int type, int minute) {}

    static final String[] TYPES = {"add_to_cart", "purchase", "visit", "signup", "open"};

    @Provide
    Arbitrary<List<In>> streams() {
        Arbitrary<In> one = Combinators.combine(Arbitraries.longs().between(1, 12), Arbitraries.integers().between(0, TYPES.length - 1),
                Arbitraries.integers().between(0, 14 * 24 * 60)).as(In::new);
        return one.list().ofMinSize(1).ofMaxSize(150)
                .map(l -> l.stream().sorted(Comparator.comparingInt(In::minute)).toList());
    }

    static JourneyEngine engine(Recorder r, List<FrequencyCap> caps, boolean quiet) {
        JourneyEngine.Builder b = r.engine().duplicateWindow(Duration.ZERO).arbitrationWindow(Duration.ofMinutes(30));
        caps.forEach(b::cap);
        if (quiet) {
            b.quietHours(LocalTime.of(22, 0), LocalTime.of(7, 0));
        }
        JourneyEngine e = b.build();
        e.deploy(CartAbandonmentScenarioTest.cart(false));
        e.deploy(StepScenarioTest.withReEntry(PressureScenarioTest.instant("promo", "visit", "promo",
                Delivery.marketing(Channel.SMS, Channel.EMAIL).withOnCap(Delivery.OnCap.DEFER).withPriority(3)), ReEntry.always()));
        e.deploy(StepScenarioTest.withReEntry(PressureScenarioTest.instant("order", "purchase", "receipt",
                Delivery.transactional(Channel.EMAIL)), ReEntry.always()));
        e.deploy(Journey.builder("welcome").entry(Trigger.event("signup")).reEntry(ReEntry.always())
                .step(new Step.RandomSplit("ab", List.of(new Step.Branch(1, null)), 1, null))
                .step(new Step.Send("w1", "welcome_1", null, Delivery.marketing(Channel.SMS, Channel.PUSH), null))
                .step(new Step.Wait("w", Duration.ofHours(20), null, null))
                .step(new Step.Send("w2", "welcome_2", null, Delivery.marketing(Channel.SMS, Channel.PUSH)
                        .withOnCap(Delivery.OnCap.DEFER), null)).build());
        for (long p = 1; p <= 12; p++) {
            Recorder.reachable(e, p, Channel.EMAIL, Channel.SMS, Channel.PUSH);
        }
        return e;
    }

    static void run(JourneyEngine e, List<In> stream) {
        for (In in : stream) {
            e.onEvent(JourneyEvent.of(in.profile(), TYPES[in.type()], Recorder.at(in.minute())));
        }
        e.advanceTo(Recorder.at(30 * 24 * 60));
    }

    @Property(tries = 60)
    void noProfileEverExceedsACap(@ForAll("streams") List<In> stream, @ForAll @IntRange(min = 1, max = 3) int total,
                                  @ForAll @IntRange(min = 1, max = 2) int sms, @ForAll boolean quiet) {
        List<FrequencyCap> caps = List.of(FrequencyCap.total(total, Duration.ofDays(2)),
                FrequencyCap.perChannel(Channel.SMS, sms, Duration.ofHours(12)));
        Recorder r = new Recorder();
        run(engine(r, caps, quiet), stream);
        List<Action> marketing = r.delivered.stream().filter(a -> !a.message().equals("receipt")).toList();
        for (Action a : marketing) {
            for (FrequencyCap c : caps) {
                if (c.channel() != null && c.channel() != a.channel()) {
                    continue;
                }
                long inWindow = marketing.stream().filter(b -> b.profile() == a.profile()
                        && (c.channel() == null || b.channel() == c.channel())
                        && !b.time().isAfter(a.time()) && b.time().isAfter(a.time().minus(c.window()))).count();
                assertThat(inWindow).as("%s at %s under %s", a.profile(), a.time(), c).isLessThanOrEqualTo(c.max());
            }
            if (quiet) {
                int hour = a.time().atZone(java.time.ZoneOffset.UTC).getHour();
                assertThat(hour).as("no marketing in quiet hours").isBetween(7, 21);
            }
        }
    }

    /**
     * The documented draw of a random split (journeys README, "Seeded splits"), written out here from the text:
     * z = profile * 0x9E3779B97F4A7C15 + hash(journey) * 0xBF58476D1CE4E5B9 + hash(step) (String.hashCode, 64-bit
     * wrapping arithmetic), then the SplitMix64 finaliser, and the draw is ((z >>> 32) * total) >>> 32.
     */
    static int documentedDraw(long profile, String journey, String step, int total) {
        long z = profile * 0x9E3779B97F4A7C15L + journey.hashCode() * 0xBF58476D1CE4E5B9L + step.hashCode();
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        z ^= z >>> 31;
        return (int) (((z >>> 32) * total) >>> 32);
    }

    /** The welcome journey's split "ab": one branch of weight 1, then a holdout of weight 1. */
    static boolean documentedHoldout(long profile) {
        return documentedDraw(profile, "welcome", "ab", 2) >= 1;
    }

    @Property(tries = 60)
    void holdoutProfilesNeverReceiveAMessageOfThatJourney(@ForAll("streams") List<In> stream) {
        Recorder r = new Recorder();
        run(engine(r, List.of(), false), stream);
        // the expected sides come from the documented rule, not from the engine's own HOLDOUT reports
        Set<Long> signedUp = new HashSet<>();
        stream.stream().filter(in -> TYPES[in.type()].equals("signup")).forEach(in -> signedUp.add(in.profile()));
        Set<Long> holdout = new HashSet<>();
        Set<Long> treated = new HashSet<>();
        signedUp.forEach(p -> (documentedHoldout(p) ? holdout : treated).add(p));
        Set<Long> welcomed = new HashSet<>();
        r.delivered.stream().filter(a -> a.journey().equals("welcome")).forEach(a -> welcomed.add(a.profile()));
        assertThat(welcomed).as("no holdout profile gets a welcome message").noneMatch(holdout::contains);
        // no caps or quiet hours here, and a conflict waits: every treated profile that signed up is welcomed
        assertThat(welcomed).isEqualTo(treated);
        Set<Long> skipped = new HashSet<>();
        r.skips.stream().filter(s -> s.reason() == SkipReason.HOLDOUT).forEach(s -> skipped.add(s.profile()));
        assertThat(skipped).isEqualTo(holdout);
    }

    /** The documented rule itself splits evenly: 1:1 weights put 50% +- 5 standard deviations in the holdout. */
    @net.jqwik.api.Example
    void theDocumentedDrawSplitsProfilesByTheWeights() {
        int n = 20_000;
        long holdout = java.util.stream.LongStream.rangeClosed(1, n).filter(JourneyProperties::documentedHoldout).count();
        double sd = Math.sqrt(n * 0.25);
        assertThat((double) holdout).isBetween(n / 2.0 - 5 * sd, n / 2.0 + 5 * sd);
    }

    @Property(tries = 40)
    void batchesGiveTheSameActionsAsOneEventAtATime(@ForAll("streams") List<In> stream,
                                                     @ForAll @IntRange(min = 1, max = 40) int batch) {
        Recorder one = new Recorder();
        Recorder batched = new Recorder();
        List<FrequencyCap> caps = List.of(FrequencyCap.total(2, Duration.ofDays(1)));
        run(engine(one, caps, true), stream);
        JourneyEngine e = engine(batched, caps, true);
        List<JourneyEvent> events = stream.stream()
                .map(in -> JourneyEvent.of(in.profile(), TYPES[in.type()], Recorder.at(in.minute()))).toList();
        for (int from = 0; from < events.size(); from += batch) {
            e.onEvents(events.subList(from, Math.min(events.size(), from + batch)));
        }
        e.advanceTo(Recorder.at(30 * 24 * 60));
        assertThat(batched.log).isEqualTo(one.log);
    }

    @Property(tries = 40)
    void replayIsDeterministic(@ForAll("streams") List<In> stream) {
        Recorder a = new Recorder();
        Recorder b = new Recorder();
        List<FrequencyCap> caps = List.of(FrequencyCap.total(2, Duration.ofDays(1)));
        run(engine(a, caps, true), stream);
        run(engine(b, caps, true), stream);
        assertThat(b.log).isEqualTo(a.log);
    }

    /**
     * Cart abandonment against a reference written from the definition: a profile not in the journey enters on
     * add_to_cart; a purchase within the hour ends the stay; otherwise one reminder exactly an hour after entry.
     */
    @Property(tries = 80)
    void cartAbandonmentMatchesTheReference(@ForAll("streams") List<In> stream) {
        Recorder r = new Recorder();
        JourneyEngine e = r.engine().duplicateWindow(Duration.ZERO).build();
        e.deploy(CartAbandonmentScenarioTest.cart(false));
        for (long p = 1; p <= 12; p++) {
            Recorder.reachable(e, p, Channel.PUSH);
        }
        run(e, stream);
        Map<Long, Integer> enteredAt = new HashMap<>();
        List<String> expected = new ArrayList<>();
        for (In in : stream) {
            Integer s = enteredAt.get(in.profile());
            if (s != null && s + 60 <= in.minute()) {
                expected.add(in.profile() + "@" + (s + 60));
                enteredAt.remove(in.profile());
                s = null;
            }
            if (TYPES[in.type()].equals("purchase") && s != null) {
                enteredAt.remove(in.profile());
            } else if (TYPES[in.type()].equals("add_to_cart") && s == null) {
                enteredAt.put(in.profile(), in.minute());
            }
        }
        enteredAt.forEach((p, s) -> expected.add(p + "@" + (s + 60)));
        List<String> actual = r.delivered.stream()
                .map(a -> a.profile() + "@" + Duration.between(Recorder.T0, a.time()).toMinutes()).toList();
        assertThat(actual).containsExactlyInAnyOrderElementsOf(expected);
    }

    @Property(tries = 20)
    void snapshotAtAnyPointChangesNothing(@ForAll("streams") List<In> stream, @ForAll @IntRange(min = 0, max = 150) int cut)
            throws java.io.IOException {
        int at = Math.min(cut, stream.size());
        List<FrequencyCap> caps = List.of(FrequencyCap.total(2, Duration.ofDays(1)));
        Recorder a = new Recorder();
        run(engine(a, caps, true), stream);
        Recorder b = new Recorder();
        JourneyEngine first = engine(b, caps, true);
        for (In in : stream.subList(0, at)) {
            first.onEvent(JourneyEvent.of(in.profile(), TYPES[in.type()], Recorder.at(in.minute())));
        }
        java.nio.file.Path dir = java.nio.file.Files.createTempDirectory("journeys");
        java.nio.file.Path file = dir.resolve("s.snap");
        first.snapshot(file);
        Recorder c = new Recorder();
        JourneyEngine second = engine(c, caps, true);
        second.restore(file);
        run(second, stream.subList(at, stream.size()));
        List<String> combined = new ArrayList<>(b.log);
        combined.addAll(c.log);
        assertThat(combined).isEqualTo(a.log);
        java.nio.file.Files.delete(file);
        java.nio.file.Files.delete(dir);
    }

}
