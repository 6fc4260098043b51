package io.omnicanal.benchmarks.identity;

import io.omnicanal.identity.Identifier;
import io.omnicanal.identity.IdentifierType;
import java.time.Instant;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * A seeded, realistic stream of link events for the identity benchmarks.
 *
 * <p>People each own an email ({@code first.last123@domain}), an E.164 phone and two UUID
 * cookies; each event picks a person and 2 to 4 of their identifiers, and with probability 1/4
 * brings a brand-new cookie (a first visit on a new browser). One event in twenty is an
 * anonymous visit (a new advertising id with a new cookie) whose cookie the person's next
 * identified link brings along, merging two existing profiles: about 5% of events merge. There
 * are {@code events / 64} people, so about 0.35 identifiers per event. Values are already normalised (the peers get them so too; normalisation is
 * measured by {@link NormalizationBenchmark}). Every occurrence of a value is a distinct
 * {@code String} instance, as when events are parsed from a stream. Same seed, same data.
 */
public final class LinkData {

    private static final String[] FIRST = {"ana", "ben", "chloe", "david", "elif", "farid", "gina", "hugo", "ines",
        "jonas", "kemal", "lea", "marta", "nils", "olga", "pablo", "quinn", "rosa", "sami", "tara"};
    private static final String[] LAST = {"silva", "martin", "yilmaz", "muller", "rossi", "dubois", "novak", "smith",
        "kowalski", "garcia", "jensen", "ozturk", "bianchi", "weber", "lefebvre", "santos"};
    private static final String[] DOMAIN = {"gmail.com", "yahoo.fr", "outlook.com", "gmx.de", "orange.fr", "icloud.com"};
    private static final String[] SOURCES = {"web", "app", "pos", "crm", "callcentre"};

    /** Event times, one second apart. */
    public final Instant[] time;
    /** Event sources. */
    public final String[] source;
    /** Event identifiers as the library takes them (normalised form). */
    public final Identifier[][] ids;
    /** The same identifiers' values, as the peers take them. */
    public final String[][] values;

    /**
     * @param events number of link events
     * @param seed generator seed
     */
    public LinkData(int events, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        int people = Math.max(1, events / 64);
        Identifier[][] personIds = new Identifier[people][];
        for (int p = 0; p < people; p++) {
            personIds[p] = new Identifier[] {
                Identifier.normalized(IdentifierType.EMAIL, email(p)),
                Identifier.normalized(IdentifierType.PHONE, phone(r)),
                Identifier.normalized(IdentifierType.COOKIE, uuid(r)),
                Identifier.normalized(IdentifierType.COOKIE, uuid(r))};
        }
        time = new Instant[events];
        source = new String[events];
        ids = new Identifier[events][];
        values = new String[events][];
        Instant t0 = Instant.parse("2025-01-01T00:00:00Z");
        Identifier[] pending = new Identifier[people];
        for (int e = 0; e < events; e++) {
            int person = r.nextInt(people);
            Identifier[] own = personIds[person];
            Identifier[] source0;
            int k;
            if (r.nextInt(20) == 0) {
                // an anonymous app-and-web visit: new advertising id and new cookie, a profile of
                // their own until the person's next identified link brings the cookie along
                pending[person] = Identifier.normalized(IdentifierType.COOKIE, uuid(r));
                source0 = new Identifier[] {Identifier.normalized(IdentifierType.MAID, uuid(r)), pending[person]};
                k = 2;
            } else {
                k = 2 + r.nextInt(3);
                boolean fresh = r.nextInt(4) == 0;
                int start = r.nextInt(4);
                source0 = new Identifier[k];
                for (int i = 0; i < k; i++) {
                    source0[i] = own[(start + i) % 4];
                }
                if (pending[person] != null) {
                    source0[k - 1] = pending[person];
                    pending[person] = null;
                } else if (fresh) {
                    source0[k - 1] = Identifier.normalized(IdentifierType.COOKIE, uuid(r));
                }
            }
            Identifier[] ev = new Identifier[k];
            for (int i = 0; i < k; i++) {
                Identifier id = source0[i];
                // a distinct String per occurrence, as parsing an event stream gives: no identity
                // hits in the peers' maps, and no hash code cached before the first pass
                ev[i] = Identifier.normalized(id.type(), new String(id.value().toCharArray()));
            }
            time[e] = t0.plusSeconds(e);
            source[e] = SOURCES[r.nextInt(SOURCES.length)];
            ids[e] = ev;
            values[e] = new String[k];
            for (int i = 0; i < k; i++) {
                values[e][i] = ev[i].value();
            }
        }
    }

    /**
     * Replaces every identifier by a new one around a new {@code String} with the same value, as
     * freshly parsed events would be (no hash code cached, no instance shared with earlier runs).
     */
    public void refreshIdentifiers() {
        for (Identifier[] ev : ids) {
            for (int i = 0; i < ev.length; i++) {
                ev[i] = Identifier.normalized(ev[i].type(), new String(ev[i].value().toCharArray()));
            }
        }
    }

    /** Replaces every peer value by a new {@code String} with the same value (see {@link #refreshIdentifiers()}). */
    public void refreshValues() {
        for (String[] ev : values) {
            for (int i = 0; i < ev.length; i++) {
                ev[i] = new String(ev[i].toCharArray());
            }
        }
    }

    static String email(int p) {
        return FIRST[p % FIRST.length] + '.' + LAST[(p / FIRST.length) % LAST.length] + p + '@' + DOMAIN[p % DOMAIN.length];
    }

    static String phone(SplittableRandom r) {
        return String.format(Locale.ROOT, "+336%08d", r.nextInt(100_000_000));
    }

    static String uuid(SplittableRandom r) {
        long hi = r.nextLong();
        long lo = r.nextLong();
        hi = (hi & ~0xF000L) | 0x4000L;
        lo = (lo & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
        return new java.util.UUID(hi, lo).toString();
    }
}
