package io.omnicanal.identity;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Method;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/**
 * The ingest hot path allocates nothing per link: re-linking known identifiers (the common case)
 * into a pre-sized graph is measured with the JVM's per-thread allocation counter. (Without
 * {@code expectedSize} the only allocation is the amortised growth of the link log's arrays.)
 */
class SteadyStateAllocationTest {

    @Test
    void relinkingKnownIdentifiersAllocatesNoObjects() throws Exception {
        // reflection: the test compiles inside the library's module, which does not read java.management
        Object mx = Class.forName("java.lang.management.ManagementFactory").getMethod("getThreadMXBean").invoke(null);
        Method allocated = Class.forName("com.sun.management.ThreadMXBean").getMethod("getCurrentThreadAllocatedBytes");
        int n = 200_000;
        IdentityGraph g = IdentityGraph.builder().expectedSize(10_000, 2 * n).build();
        List<Identifier[]> events = new ArrayList<>();
        for (int i = 0; i < 2_000; i++) {
            events.add(new Identifier[] {
                Identifier.normalized(IdentifierType.EMAIL, "person" + i + "@example.com"),
                Identifier.normalized(IdentifierType.PHONE, String.format(Locale.ROOT, "+3361%07d", i)),
                Identifier.normalized(IdentifierType.COOKIE, String.format(Locale.ROOT, "00000000-0000-4000-8000-%012d", i + 1))});
        }
        Instant[] times = new Instant[n];
        Instant[] later = new Instant[n];
        Instant t0 = Instant.parse("2025-01-01T00:00:00Z");
        for (int i = 0; i < n; i++) {
            times[i] = t0.plusSeconds(i);
            later[i] = t0.plusSeconds(n + i);
        }
        // warm up: create the identifiers and compile the hot path
        for (int i = 0; i < n; i++) {
            g.link(times[i], "web", events.get(i % events.size()));
        }
        long before = (Long) allocated.invoke(mx);
        for (int i = 0; i < n; i++) {
            g.link(later[i], "web", events.get(i % events.size()));
        }
        long perLink = ((Long) allocated.invoke(mx) - before) / n;
        System.out.println("steady-state allocation per link: " + perLink + " bytes");
        // pre-sized: the log's arrays do not grow, no object is allocated per link
        assertThat(perLink).isLessThan(2);
        assertThat(g.linkCount()).isEqualTo(2 * n);
    }
}
