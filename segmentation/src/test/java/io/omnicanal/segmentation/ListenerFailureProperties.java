package io.omnicanal.segmentation;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;

/**
 * Two engines fed the same random stream: one reports to listeners that throw at a random call, the other
 * returns lists. After every step both hold the same memberships (so a throwing listener never leaves the
 * engine half-updated, and no timer is lost), the throwing listener saw exactly a prefix of the other
 * engine's changes and was not called after it threw, and at the end both agree with the {@link Oracle}.
 */
class ListenerFailureProperties {
    private static final String[] TYPES = {"view", "add_to_cart", "purchase", "email_open", "app_open", "store_visit"};
    private static final String[] CHANNELS = {"web", "app", "store", "email", null};
    private static final long MIN = 60_000L;

    @Property(tries = 25)
    void aThrowingListenerLeavesTheSameStateAsOneThatDoesNot(@ForAll long seed) {
        Random rnd = new Random(seed);
        SegmentCatalog catalog = TestCatalogs.rich(RfmSettings.TieRule.SHARE);
        long now = 1_700_000_000_000L;
        SegmentEngine failing = SegmentEngine.create(catalog, Instant.ofEpochMilli(now));
        SegmentEngine plain = SegmentEngine.create(catalog, Instant.ofEpochMilli(now));
        Oracle oracle = new Oracle(catalog);
        int keys = 2 + rnd.nextInt(5);
        int thrown = 0;
        for (int step = 0; step < 150; step++) {
            int op = rnd.nextInt(100);
            String ctx = seed + " step " + step;
            if (op < 80) {
                long key = 1 + rnd.nextInt(keys);
                long t = rnd.nextInt(8) == 0 ? now - rnd.nextInt(30) * MIN : now + rnd.nextInt(25) * MIN + rnd.nextInt(3);
                Event e = new Event(key, Instant.ofEpochMilli(t), TYPES[rnd.nextInt(TYPES.length)],
                        CHANNELS[rnd.nextInt(CHANNELS.length)], "d" + rnd.nextInt(4), rnd.nextInt(20_000) / 100.0, Map.of());
                List<SegmentChange> expected = plain.onEvent(e);
                ListenerFailureTest.Failing l = new ListenerFailureTest.Failing(rnd.nextInt(4));
                boolean threw = false;
                try {
                    failing.onEvent(e.profile(), t, e.type(), e.channel(), e.device(), e.value(), l);
                } catch (IllegalStateException x) {
                    assertThat(x).as(ctx).isSameAs(l.boom);
                    threw = true;
                    thrown++;
                }
                assertThat(threw).as("threw iff there was a change number %d, %s", l.failAt, ctx)
                        .isEqualTo(expected.size() > l.failAt);
                assertThat(l.seen).as("reported prefix, %s", ctx)
                        .containsExactlyElementsOf(expected.subList(0, Math.min(expected.size(), l.failAt)));
                assertThat(l.calls).as("no call after the throw, %s", ctx).isEqualTo(Math.min(expected.size(), l.failAt + 1));
                oracle.event(e);
                now = Math.max(now, t);
            } else if (op < 90) {
                now += rnd.nextInt(40) * MIN + rnd.nextInt(3);
                assertThat(failing.advanceTo(Instant.ofEpochMilli(now))).as(ctx)
                        .isEqualTo(plain.advanceTo(Instant.ofEpochMilli(now)));
            } else if (op < 94) {
                long key = 1 + rnd.nextInt(keys);
                String v = rnd.nextBoolean() ? "Paris" : null;
                assertThat(failing.setTrait(key, "city", v)).as(ctx).isEqualTo(plain.setTrait(key, "city", v));
                oracle.trait(key, "city", v);
            } else if (op < 97) {
                long loser = 1 + rnd.nextInt(keys);
                long winner = 1 + rnd.nextInt(keys + 1);
                if (loser != winner) {
                    assertThat(failing.merge(loser, winner)).as(ctx).isEqualTo(plain.merge(loser, winner));
                    oracle.merge(loser, winner);
                }
            } else {
                assertThat(failing.refreshRfm()).as(ctx).isEqualTo(plain.refreshRfm());
                oracle.refreshRfm(now);
            }
            for (long key = 1; key <= keys + 1; key++) {
                assertThat(failing.segmentsOf(key)).as("profile %d, %s", key, ctx).isEqualTo(plain.segmentsOf(key));
            }
            for (Segment s : catalog.segments()) {
                assertThat(failing.members(s.id())).as("%s, %s", s.id(), ctx).containsExactly(plain.members(s.id()));
            }
        }
        BatchResult batch = failing.evaluate();
        for (long key : oracle.profiles()) {
            assertThat(new HashSet<>(failing.segmentsOf(key))).as("oracle, profile %d", key).isEqualTo(oracle.segmentsOf(key, now));
            assertThat(new HashSet<>(batch.segmentsOf(key))).as("batch, profile %d", key).isEqualTo(oracle.segmentsOf(key, now));
        }
        assertThat(thrown).as("the stream exercised throwing listeners").isPositive();
    }
}
