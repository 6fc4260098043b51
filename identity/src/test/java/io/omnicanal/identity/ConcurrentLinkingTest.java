package io.omnicanal.identity;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * Stress test of the thread-safety claim: four writers and two readers hammer one graph; no
 * link may be lost and the result must equal a single-threaded graph fed the same links.
 */
class ConcurrentLinkingTest {

    @Test
    void concurrentWritersLoseNothingAndAgreeWithOneThread() throws Exception {
        List<Link> links = RandomLinks.generate(20240501L, 1500, 150, 100);
        IdentityGraph reference = IdentityGraph.builder().limit(IdentifierType.EMAIL, 3).maxProfileSize(50).build();
        links.forEach(l -> reference.link(l.time(), l.source(), l.identifiers().toArray(new Identifier[0])));

        AtomicLong merges = new AtomicLong();
        IdentityGraph shared = IdentityGraph.builder().limit(IdentifierType.EMAIL, 3).maxProfileSize(50)
                .listener(new IdentityListener() {
                    @Override
                    public void merged(long loser, long winner, java.time.Instant time) {
                        merges.incrementAndGet();
                    }
                }).build();
        List<Link> shuffled = new ArrayList<>(links);
        Collections.shuffle(shuffled, new Random(7));
        int writers = 4;
        ExecutorService pool = Executors.newFixedThreadPool(writers + 2);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<?>> futures = new ArrayList<>();
        for (int w = 0; w < writers; w++) {
            List<Link> mine = shuffled.subList(w * shuffled.size() / writers, (w + 1) * shuffled.size() / writers);
            futures.add(pool.submit(() -> {
                start.await();
                for (Link l : mine) {
                    long key = shared.link(l.time(), l.source(), l.identifiers().toArray(new Identifier[0]));
                    assertThat(key).isNotEqualTo(IdentityGraph.NO_PROFILE);
                }
                return null;
            }));
        }
        AtomicLong reads = new AtomicLong();
        for (int r = 0; r < 2; r++) {
            int offset = r;
            futures.add(pool.submit(() -> {
                start.await();
                Random rnd = new Random(offset);
                for (int i = 0; i < 3000; i++) {
                    Link l = links.get(rnd.nextInt(links.size()));
                    shared.profileKey(l.identifiers().get(0)).ifPresent(k -> reads.incrementAndGet());
                    if (i % 500 == 0) {
                        assertThat(shared.profiles()).allSatisfy(p -> assertThat(p.identifiers()).isNotEmpty());
                    }
                }
                return null;
            }));
        }
        start.countDown();
        for (Future<?> f : futures) {
            f.get(60, TimeUnit.SECONDS);
        }
        pool.shutdown();
        assertThat(shared.linkCount()).isEqualTo(reference.linkCount()).isEqualTo(links.size());
        assertThat(shared.profiles()).isEqualTo(reference.profiles());
        assertThat(shared.conflicts()).isEqualTo(reference.conflicts());
        assertThat(shared.snapshotBytes()).isEqualTo(reference.snapshotBytes());
        assertThat(reads.get()).isPositive();
    }
}
