package io.omnicanal.identity;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/** Seeded random link sequences over a small universe, so that profiles merge often. */
final class RandomLinks {

    static final Instant T0 = Instant.parse("2024-03-01T00:00:00Z");
    private static final String[] SOURCES = {"web", "pos", "crm", "app"};

    private RandomLinks() {
    }

    /** An identifier from a universe of {@code universe} values per type, already normalised. */
    static Identifier identifier(Random r, int universe) {
        int i = r.nextInt(universe);
        switch (r.nextInt(5)) {
            case 0: return Identifier.normalized(IdentifierType.EMAIL, "user" + i + "@example.com");
            case 1: return Identifier.normalized(IdentifierType.PHONE, String.format(Locale.ROOT, "+3361234%04d", i));
            case 2: return Identifier.normalized(IdentifierType.COOKIE, String.format(Locale.ROOT, "00000000-0000-4000-8000-%012d", i + 1));
            case 3: return Identifier.normalized(IdentifierType.ACCOUNT, "acct-" + i);
            default: return Identifier.normalized(IdentifierType.DEVICE, "dev-" + i);
        }
    }

    /**
     * @param seed seed
     * @param links how many links
     * @param universe values per type
     * @param times distinct timestamps (few give ties)
     * @return the links in generation order
     */
    static List<Link> generate(long seed, int links, int universe, int times) {
        Random r = new Random(seed);
        List<Link> out = new ArrayList<>(links);
        for (int i = 0; i < links; i++) {
            int k = 1 + r.nextInt(3);
            List<Identifier> ids = new ArrayList<>();
            for (int j = 0; j < k; j++) {
                ids.add(identifier(r, universe));
            }
            out.add(new Link(T0.plusSeconds(3600L * r.nextInt(times)), SOURCES[r.nextInt(SOURCES.length)], ids));
        }
        return out;
    }
}
