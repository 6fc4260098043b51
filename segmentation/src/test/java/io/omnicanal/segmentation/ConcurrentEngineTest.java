package io.omnicanal.segmentation;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

/** Four threads hammer one engine on disjoint profiles; at the end every view agrees with the oracle. */
class ConcurrentEngineTest {
    private static final String[] TYPES = {"view", "add_to_cart", "purchase", "email_open", "app_open", "store_visit"};

    @Test
    void concurrentWritersKeepRealTimeBatchAndOracleEqual() throws Exception {
        SegmentCatalog catalog = TestCatalogs.rich(RfmSettings.TieRule.SHARE);
        long t0 = 1_700_000_000_000L;
        SegmentEngine engine = SegmentEngine.create(catalog, Instant.ofEpochMilli(t0));
        int threads = 4;
        int perThread = 3000;
        ConcurrentLinkedQueue<Event> fed = new ConcurrentLinkedQueue<>();
        ConcurrentLinkedQueue<SegmentChange> changes = new ConcurrentLinkedQueue<>();
        CountDownLatch start = new CountDownLatch(1);
        List<Thread> ts = new ArrayList<>();
        for (int w = 0; w < threads; w++) {
            for (int k = 0; k < 25; k += 3) {
                changes.addAll(engine.setTrait(w * 1000L + k, "email", "x@y"));
            }
        }
        List<Throwable> failures = new java.util.concurrent.CopyOnWriteArrayList<>();
        for (int w = 0; w < threads; w++) {
            final int worker = w;
            Thread t = new Thread(() -> {
                try {
                    start.await();
                    Random rnd = new Random(worker);
                    long time = t0;
                    for (int i = 0; i < perThread; i++) {
                        time += rnd.nextInt(120_000);
                        Event e = Event.of(worker * 1000L + rnd.nextInt(25), Instant.ofEpochMilli(time),
                                TYPES[rnd.nextInt(6)], rnd.nextBoolean() ? "web" : "app", "d" + rnd.nextInt(3),
                                rnd.nextInt(20_000) / 100.0);
                        fed.add(e);
                        // The listener runs under the engine's lock: the queue sees the engine's own order.
                        engine.onEvent(e.profile(), e.time().toEpochMilli(), e.type(), e.channel(), e.device(),
                                e.value(), (p, s, en, ms) -> changes.add(new SegmentChange(p, s, en, Instant.ofEpochMilli(ms))));
                    }
                } catch (Throwable x) {
                    failures.add(x);
                }
            });
            ts.add(t);
            t.start();
        }
        start.countDown();
        for (Thread t : ts) {
            t.join();
        }
        assertThat(failures).isEmpty();
        assertThat(engine.eventCount()).isEqualTo((long) threads * perThread);
        Oracle oracle = new Oracle(catalog);
        for (Event e : fed) {
            oracle.event(e);
        }
        for (long k : oracle.profiles()) {
            if (engine.traits(k).containsKey("email")) {
                oracle.trait(k, "email", "x@y");
            }
        }
        oracle.refreshRfm(engine.now().toEpochMilli());
        // The engine's RFM reference is from install (empty population): align both by refreshing.
        engine.refreshRfm();
        long now = engine.now().toEpochMilli();
        java.util.Map<Long, java.util.Set<String>> replayed = new java.util.HashMap<>();
        for (SegmentChange c : changes) {
            java.util.Set<String> s = replayed.computeIfAbsent(c.profile(), k -> new java.util.HashSet<>());
            if (c.entered()) {
                s.add(c.segment());
            } else {
                s.remove(c.segment());
            }
        }
        BatchResult batch = engine.evaluate(2);
        for (long k : oracle.profiles()) {
            assertThat(new java.util.HashSet<>(engine.segmentsOf(k))).as("profile %d", k)
                    .isEqualTo(oracle.segmentsOf(k, now));
            assertThat(new java.util.HashSet<>(batch.segmentsOf(k))).isEqualTo(oracle.segmentsOf(k, now));
            java.util.Set<String> beforeRefresh = new java.util.HashSet<>(replayed.getOrDefault(k, java.util.Set.of()));
            beforeRefresh.removeIf(id -> id.startsWith("champions") || id.startsWith("rfm-"));
            java.util.Set<String> expected = new java.util.HashSet<>(oracle.segmentsOf(k, now));
            expected.removeIf(id -> id.startsWith("champions") || id.startsWith("rfm-"));
            assertThat(beforeRefresh).as("changes reported to the threads, profile %d", k).isEqualTo(expected);
        }
    }
}
