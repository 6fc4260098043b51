package io.omnicanal.journeys;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Trait values are forgotten when no profile holds them (see Names): against a model of who holds what, under
 * random trait updates, merges, erasures and a snapshot and restore at a random point, every profile still reads
 * its own value (a split on the value's number decides the message it gets), and a snapshot holds exactly the
 * values some profile holds.
 */
class InternedNamesProperties {
    // numbers with a sign, so that the split's bounds in the definition's JSON never read as one of them
    static final String[] VALUES = {"+2000001", "+2000002", "+2000003", "+2000004", "+2000005", "+2000006"};

    /** kind 0: setTrait(a, VALUES[v] or null when v == 6); 1: merge(a, b); 2: erase(a); 3: signup of a. */
    record Op(int kind, long a, long b, int v) {}

    @Provide
    Arbitrary<List<Op>> ops() {
        Arbitrary<Op> one = Combinators.combine(Arbitraries.integers().between(0, 3).withDistribution(
                        net.jqwik.api.RandomDistribution.uniform()), Arbitraries.longs().between(1, 5),
                Arbitraries.longs().between(1, 5), Arbitraries.integers().between(0, 6)).as(Op::new);
        return one.list().ofMaxSize(80);
    }

    static JourneyEngine engine(Recorder r) {
        JourneyEngine e = r.engine().build();
        Delivery d = Delivery.transactional(Channel.EMAIL);
        e.deploy(Journey.builder("j").entry(Trigger.event("signup")).reEntry(ReEntry.always())
                .step(new Step.DecisionSplit("d", new Condition.Range(Condition.Source.TRAIT, "t", 2000003, 2000004.5), "in", "out"))
                .step(new Step.Send("in", "in", null, d, "done"))
                .step(new Step.Send("out", "out", null, d, "done"))
                .step(new Step.Exit("done")).build());
        return e;
    }

    @Property(tries = 150)
    void everyProfileReadsItsOwnValueAndSnapshotsHoldOnlyHeldValues(@ForAll("ops") List<Op> ops,
                                                                   @ForAll @IntRange(min = 0, max = 80) int cut)
            throws IOException {
        Path dir = Files.createTempDirectory("names");
        Path file = dir.resolve("s");
        Recorder r = new Recorder();
        JourneyEngine e = engine(r);
        Map<Long, String> held = new HashMap<>();
        Set<Long> suppressed = new HashSet<>();
        List<String> expected = new ArrayList<>();
        Instant t = Recorder.T0;
        for (int k = 0; k < ops.size(); k++) {
            if (k == cut) {
                e.snapshot(file);
                Recorder r2 = new Recorder();
                JourneyEngine back = engine(r2);
                back.restore(file);
                e = back;
                r = r2;
                expected.clear();
            }
            Op op = ops.get(k);
            t = t.plusSeconds(60);
            switch (op.kind()) {
                case 0 -> {
                    String v = op.v() == VALUES.length ? null : VALUES[op.v()];
                    e.setTrait(op.a(), "t", v);
                    if (!suppressed.contains(op.a())) {
                        if (v == null) {
                            held.remove(op.a());
                        } else {
                            held.put(op.a(), v);
                        }
                    }
                }
                case 1 -> {
                    if (op.a() == op.b()) {
                        continue;
                    }
                    e.merge(op.a(), op.b(), t);
                    if (suppressed.contains(op.a()) || suppressed.contains(op.b())) {
                        suppressed.add(op.a());
                        suppressed.add(op.b());
                        held.remove(op.a());
                        held.remove(op.b());
                    } else {
                        String loser = held.remove(op.a());
                        if (loser != null) {
                            held.putIfAbsent(op.b(), loser);
                        }
                    }
                }
                case 2 -> {
                    e.erase(op.a());
                    suppressed.add(op.a());
                    held.remove(op.a());
                }
                default -> {
                    e.setReachable(op.a(), Channel.EMAIL, true);
                    e.onEvent(JourneyEvent.of(op.a(), "signup", t));
                    if (!suppressed.contains(op.a())) {
                        double v = held.containsKey(op.a()) ? Double.parseDouble(held.get(op.a())) : Double.NaN;
                        expected.add(op.a() + " " + (v >= 2000003 && v <= 2000004.5 ? "in" : "out"));
                    }
                }
            }
        }
        assertThat(r.delivered).extracting(a -> a.profile() + " " + a.message()).containsExactlyElementsOf(expected);
        e.snapshot(file);
        String text = new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1);
        for (String v : VALUES) {
            assertThat(text.contains(v)).as("%s in the snapshot, held: %s", v, held).isEqualTo(held.containsValue(v));
        }
        Files.delete(file);
        Files.delete(dir);
    }
}
