package io.omnicanal.examples.data;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.function.IntConsumer;

/**
 * A seeded simulator of one brand's customers over a year, writing the files of {@link Schema}.
 *
 * <h2>What it simulates</h2>
 * People live in households; each has one to five devices (desktop, mobile, tablet), web cookies
 * that churn, an advertising id on app-using phones, and, depending on how far they engaged, an
 * email, a phone, an online account, a CRM record and a loyalty card. Every month each person is
 * exposed to marketing on the channels of {@link Channel} and may convert online (web or app
 * purchase) or in a shop (point-of-sale purchase). Noise: case and whitespace variants and typos in
 * emails, Gmail dots and {@code +tags}, national and international phone formats, a tablet shared
 * by a household and sometimes a shared family email, bots with thousands of cookies on one device,
 * junk values typed at the shop counter and a house loyalty card, opted-out all-zero advertising
 * ids, and CRM and shop records that arrive late (written after the rest of the year).
 *
 * <h2>The truth</h2>
 * Every row carries the simulated person in {@value Schema#TRUTH_COLUMN}. Conversion follows a
 * known model: in a month with {@code k_c} touches of channel {@code c} a person converts with
 * probability {@code 1 - (1 - base) * prod_c (1 - lift_c)^min(k_c, 3)}. The true effect of a channel
 * is the expected number of conversions lost if that channel's touches were removed, summed over
 * every person-month; it is written to {@code truth.json} beside the data so that a run can compare
 * each attribution model with it.
 *
 * <h2>Determinism</h2>
 * The output depends only on the {@link Config}: each household draws from its own
 * {@link SplittableRandom} derived from the seed, rows of a month are sorted by time then by a
 * sequence number, and files are written with {@code \n} line ends in UTF-8. Memory grows with the
 * number of people (their state) and the rows of one month, not with the whole year.
 */
public final class DataGenerator {

    /** Marketing channels, their per-month touch rate, conversion lift, cost per touch and campaigns. */
    public enum Channel {
        DISPLAY("display", 1.6, 0.003, 0.004, "display-prospecting", "display-retargeting"),
        VIDEO("video", 0.6, 0.005, 0.012, "video-launch"),
        SOCIAL("social", 1.2, 0.006, 0.006, "social-retargeting", "social-lookalike"),
        SEARCH("search", 0.5, 0.020, 0.450, "search-brand", "search-generic"),
        EMAIL("email", 2.0, 0.010, 0.001, "email-newsletter", "email-promo"),
        SMS("sms", 0.4, 0.015, 0.045, "sms-flash-sale"),
        PUSH("push", 1.0, 0.008, 0.0005, "push-reminder");

        final String label;
        final double rate;
        final double lift;
        final double cost;
        final String[] campaigns;

        Channel(String label, double rate, double lift, double cost, String... campaigns) {
            this.label = label;
            this.rate = rate;
            this.lift = lift;
            this.cost = cost;
            this.campaigns = campaigns;
        }

        /** The channel's name as written in the files. */
        public String label() {
            return label;
        }

        /** The built-in conversion lift of one touch (the simulation's truth). */
        public double lift() {
            return lift;
        }
    }

    /**
     * What to generate.
     *
     * @param people number of people, 1 to 20,000,000
     * @param seed   the seed of every random draw
     * @param start  the first day simulated (UTC)
     * @param months number of months simulated, 1 to 36
     */
    public record Config(int people, long seed, LocalDate start, int months) {
        /** Validates the settings. */
        public Config {
            Objects.requireNonNull(start, "start");
            if (people < 1 || people > 20_000_000) {
                throw new IllegalArgumentException("people must be in [1, 20000000], was " + people);
            }
            if (months < 1 || months > 36) {
                throw new IllegalArgumentException("months must be in [1, 36], was " + months);
            }
        }

        /** The default bundled data set: 3,000 people over 2025, seed 42. */
        public static Config defaults() {
            return new Config(3_000, 42L, LocalDate.of(2025, 1, 1), 12);
        }
    }

    /** Counts of what was written, per file. */
    public record Summary(Map<String, Long> rowsPerFile, int people, int households) {}

    private static final String[] FIRST = {"Anna", "Léa", "Zoé", "Chloé", "Emma", "Inès", "Jade", "Louise",
        "Lucas", "Hugo", "Louis", "Noé", "Jules", "Gabriel", "Arthur", "Raphaël", "İsmail", "Ümit", "Çağla",
        "Jürgen", "Sören", "Maëlle", "José", "Ana", "Björn", "Iñigo", "Oğuz", "Élodie", "François", "Ilse"};
    private static final String[] LAST = {"Martin", "Bernard", "Dubois", "Thomas", "Robert", "Richard",
        "Petit", "Durand", "Leroy", "Moreau", "Simon", "Laurent", "Lefèvre", "Müller", "Schröder", "Núñez",
        "Çelik", "Yılmaz", "O'Brien", "García", "Faure", "André", "Mercier", "Blanc", "Guérin", "Boyer",
        "Garnier", "Chevalier", "François", "Legrand", "Gauthier", "Perrin", "Robin", "Clément", "Morin",
        "Nicolas", "Henry", "Roussel", "Mathieu", "Gautier", "Masson", "Marchand", "Duval", "Denis", "Dumont"};
    private static final String[] STREET_TYPES = {"Rue", "Avenue", "Boulevard", "Chemin", "Place"};
    private static final String[] STREET_TYPE_ABBREVIATIONS = {"R.", "Av.", "Bd", "Ch.", "Pl."};
    private static final String[] STREET_NAMES = {"de la Paix", "Victor Hugo", "des Lilas", "du Moulin",
        "Jean Jaurès", "de la Gare", "Pasteur", "des Écoles", "Saint-Michel", "du Château"};
    private static final String[] CITIES = {"Paris", "Lyon", "Marseille", "Toulouse", "Nantes", "Lille",
        "Bordeaux", "Strasbourg"};
    private static final String[] PROVIDERS = {"gmail.com", "orange.fr", "yahoo.fr", "outlook.com",
        "free.fr", "laposte.net", "gmail.com", "web.de"};
    private static final String[] PRODUCTS = {"sku-shoes", "sku-jacket", "sku-bag", "sku-watch", "sku-shirt",
        "sku-dress", "sku-jeans", "sku-scarf"};
    private static final String[] JUNK_EMAILS = {"test@test.com", "none@none.com", "noemail@example.com",
        "a@a.fr"};
    private static final String[] JUNK_CARDS = {"0000000000", "-1", "LC0000000000", "null"};
    private static final String HOUSE_CARD = "LC9999999999";
    private static final String ZERO_MAID = "00000000-0000-0000-0000-000000000000";
    private static final double BASE_MONTHLY = 0.010;
    private static final int BOTS_PER_100K = 4;
    private static final int BOT_COOKIES = 2_000;

    private final Config config;

    /**
     * Creates a generator.
     *
     * @param config what to generate
     */
    public DataGenerator(Config config) {
        this.config = Objects.requireNonNull(config, "config");
    }

    /**
     * Writes every file of {@link Schema} and {@code truth.json} into {@code dir}, creating it.
     * Existing files of the same names are replaced.
     *
     * @param dir the data folder
     * @param progress called with the number of months done so far (0 to months + 1)
     * @return counts of rows written
     * @throws UncheckedIOException if a file cannot be written
     */
    public Summary writeTo(Path dir, IntConsumer progress) {
        Objects.requireNonNull(dir, "dir");
        Objects.requireNonNull(progress, "progress");
        try {
            Files.createDirectories(dir);
            return write(dir, progress);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write data to " + dir, e);
        }
    }

    private Summary write(Path dir, IntConsumer progress) throws IOException {
        List<Household> households = buildPopulation();
        Map<Schema, Sink> sinks = new EnumMap<>(Schema.class);
        for (Schema s : Schema.values()) {
            sinks.put(s, new Sink(dir.resolve(s.fileName()), s));
        }
        Map<Channel, double[]> truth = new EnumMap<>(Channel.class);
        for (Channel c : Channel.values()) {
            truth.put(c, new double[2]); // [0] true incremental conversions, [1] touches
        }
        double[] totals = new double[3]; // expected conversions, realised conversions, baseline share
        Map<String, double[]> spend = new TreeMap<>();
        List<Row> late = new ArrayList<>();
        try {
            writeCrmInitial(households, sinks.get(Schema.CRM), sinks.get(Schema.DEMOGRAPHICS));
            for (int m = 0; m < config.months(); m++) {
                progress.accept(m);
                List<Row> rows = new ArrayList<>();
                for (Household h : households) {
                    SplittableRandom r = h.monthRandom(config.seed(), m);
                    for (Person p : h.members) {
                        simulateMonth(p, h, m, r, rows, late, truth, totals, spend);
                    }
                    if (h.bot) {
                        simulateBot(h, m, r, rows);
                    }
                }
                rows.sort(Row.ORDER);
                for (Row row : rows) {
                    sinks.get(row.schema).write(row.values);
                }
            }
            // Late-arriving records: written after the year, in the order they were produced.
            late.sort(Row.ORDER);
            for (Row row : late) {
                sinks.get(row.schema).write(row.values);
            }
            Sink spendSink = sinks.get(Schema.SPEND);
            for (Map.Entry<String, double[]> e : spend.entrySet()) {
                String[] k = e.getKey().split("\\|", -1);
                spendSink.write(new String[] {k[0], k[1], k[2], money(e.getValue()[0] * 1.15)});
            }
        } finally {
            for (Sink s : sinks.values()) {
                s.close();
            }
        }
        writeTruth(dir.resolve("truth.json"), truth, totals, households.size());
        progress.accept(config.months() + 1);
        Map<String, Long> counts = new LinkedHashMap<>();
        for (Schema s : Schema.values()) {
            counts.put(s.fileName(), sinks.get(s).rows);
        }
        return new Summary(counts, config.people(), households.size());
    }

    // ----------------------------------------------------------------------------------------
    // Population

    private List<Household> buildPopulation() {
        SplittableRandom root = new SplittableRandom(config.seed());
        List<Household> households = new ArrayList<>();
        int made = 0;
        int householdIndex = 0;
        while (made < config.people()) {
            SplittableRandom r = root.split();
            int size = Math.min(config.people() - made, pickSize(r));
            Household h = new Household(householdIndex++, r.nextLong());
            String last = pick(r, LAST);
            String street = pick(r, STREET_NAMES);
            int streetType = r.nextInt(STREET_TYPES.length);
            String house = Integer.toString(1 + r.nextInt(120));
            String postcode = String.format(Locale.ROOT, "%05d", 1000 + r.nextInt(95000));
            String city = pick(r, CITIES);
            Device tablet = size > 1 && r.nextDouble() < 0.25 ? new Device("tablet", r) : null;
            boolean familyEmail = size > 1 && r.nextDouble() < 0.15;
            String sharedEmail = familyEmail
                    ? "famille." + ascii(last) + h.index + "@" + pick(r, PROVIDERS) : null;
            for (int i = 0; i < size; i++) {
                Person p = new Person(made + i, "P" + String.format(Locale.ROOT, "%07d", made + i), r);
                p.first = pick(r, FIRST);
                p.last = last;
                p.street = street;
                p.streetType = streetType;
                p.house = house;
                p.postcode = postcode;
                p.city = city;
                p.build(r, sharedEmail);
                if (tablet != null) {
                    p.devices.add(tablet);
                }
                h.members.add(p);
            }
            made += size;
            households.add(h);
        }
        int bots = Math.max(1, (int) ((long) config.people() * BOTS_PER_100K / 100_000));
        for (int b = 0; b < bots; b++) {
            Household h = new Household(householdIndex++, root.split().nextLong());
            h.bot = true;
            h.botId = "BOT" + String.format(Locale.ROOT, "%03d", b);
            households.add(h);
        }
        return households;
    }

    private static int pickSize(SplittableRandom r) {
        double u = r.nextDouble();
        return u < 0.45 ? 1 : u < 0.75 ? 2 : u < 0.92 ? 3 : 4;
    }

    private static final class Household {
        final int index;
        final long salt;
        final List<Person> members = new ArrayList<>(4);
        boolean bot;
        String botId;

        Household(int index, long salt) {
            this.index = index;
            this.salt = salt;
        }

        SplittableRandom monthRandom(long seed, int month) {
            return new SplittableRandom(mix(seed ^ mix(salt + month * 0x9E3779B97F4A7C15L)));
        }
    }

    private static final class Device {
        final String type;
        final String deviceId;
        final String maid; // advertising id, null where the device has no app
        final boolean optedOut;
        final List<String> cookies = new ArrayList<>();
        final SplittableRandom cookieRandom;

        Device(String type, SplittableRandom r) {
            this.type = type;
            this.deviceId = "dev-" + Long.toHexString(r.nextLong() & 0xFFFFFFFFFFFFL);
            boolean app = !type.equals("desktop") && r.nextDouble() < 0.6;
            this.optedOut = app && r.nextDouble() < 0.1;
            this.maid = app ? uuid(r) : null;
            this.cookieRandom = r.split();
            cookies.add(uuid(cookieRandom));
        }

        /** A cookie of this device in a month: cookies churn (cleared, new browser) now and then. */
        String cookie(SplittableRandom r) {
            if (r.nextDouble() < 0.08) {
                cookies.add(uuid(cookieRandom));
            }
            return cookies.get(cookies.size() - 1);
        }

        String maidAsSent() {
            return optedOut ? ZERO_MAID : maid;
        }
    }

    private static final class Person {
        final int index;
        final String id;
        final double propensity;
        String first;
        String last;
        String street;
        int streetType;
        String house;
        String postcode;
        String city;
        String email;
        String phoneDigits; // national significant number, French mobile
        String crmId;
        String accountId;
        String loyaltyCard;
        boolean consentEmail;
        boolean consentSms;
        boolean newsletter;
        LocalDate birth;
        String gender;
        int knownFromMonth;
        final List<Device> devices = new ArrayList<>(5);
        final double[] exposure = new double[Channel.values().length];

        Person(int index, String id, SplittableRandom r) {
            this.index = index;
            this.id = id;
            this.propensity = 0.5 + r.nextDouble() * 1.5;
        }

        void build(SplittableRandom r, String sharedEmail) {
            gender = r.nextBoolean() ? "F" : "M";
            birth = LocalDate.of(1950 + r.nextInt(55), 1 + r.nextInt(12), 1 + r.nextInt(28));
            boolean known = r.nextDouble() < 0.75;
            if (known) {
                String provider = pick(r, PROVIDERS);
                // A person's own email, phone and account are theirs alone, as in life: each is
                // built from the person's index through a bijection, so two people never draw the
                // same one by chance. (Drawn at random from a fixed space, they collided more as the
                // population grew: at 1M people over half the emails were shared by strangers, which
                // no resolver can tell apart, and graded precision fell with size.) Sharing is
                // simulated where it is real: the family email and tablet, junk counter values.
                email = sharedEmail != null && r.nextDouble() < 0.6 ? sharedEmail
                        : ascii(first) + "." + ascii(last) + index + "@" + provider;
                phoneDigits = null;
                if (r.nextDouble() < 0.8) {
                    r.nextInt(100_000_000); // the draw a random number took: later draws stay as they were
                    phoneDigits = "6" + String.format(Locale.ROOT, "%08d", uniqueMobile(index));
                }
                crmId = r.nextDouble() < 0.85 ? "C" + String.format(Locale.ROOT, "%08d", index + 1) : null;
                accountId = r.nextDouble() < 0.6 ? "acct-" + Long.toUnsignedString(mix(index * 31L + 7), 36) : null;
                loyaltyCard = r.nextDouble() < 0.5 ? "LC" + String.format(Locale.ROOT, "%010d", 100_000 + index)
                        : null;
                consentEmail = r.nextDouble() < 0.8;
                consentSms = phoneDigits != null && r.nextDouble() < 0.5;
                newsletter = r.nextDouble() < 0.5;
                knownFromMonth = r.nextDouble() < 0.7 ? 0 : r.nextInt(12);
            } else {
                knownFromMonth = Integer.MAX_VALUE;
            }
            int nDevices = 1 + Math.min(4, (int) Math.floor(-Math.log(1 - r.nextDouble()) * 1.2));
            for (int d = 0; d < nDevices; d++) {
                String type = d == 0 ? (r.nextDouble() < 0.6 ? "mobile" : "desktop")
                        : r.nextDouble() < 0.5 ? "mobile" : r.nextDouble() < 0.5 ? "desktop" : "tablet";
                devices.add(new Device(type, r));
            }
            for (Channel c : Channel.values()) {
                exposure[c.ordinal()] = c.rate * (0.3 + r.nextDouble() * 1.4);
            }
        }

        boolean knownIn(int month) {
            return month >= knownFromMonth;
        }

        Device appDevice() {
            for (Device d : devices) {
                if (d.maid != null && !d.type.equals("tablet")) {
                    return d;
                }
            }
            return null;
        }
    }

    // ----------------------------------------------------------------------------------------
    // Rows

    private static final class Row {
        static final Comparator<Row> ORDER =
                Comparator.comparingLong((Row x) -> x.time).thenComparingLong(x -> x.seq);
        final Schema schema;
        final long time;
        final long seq;
        final String[] values;

        Row(Schema schema, long time, long seq, String[] values) {
            this.schema = schema;
            this.time = time;
            this.seq = seq;
            this.values = values;
        }
    }

    private long seq;

    private Row row(Schema s, long time, String... values) {
        return new Row(s, time, seq++, values);
    }

    private void writeCrmInitial(List<Household> households, Sink crm, Sink demographics) throws IOException {
        for (Household h : households) {
            SplittableRandom r = h.monthRandom(config.seed(), -1);
            for (Person p : h.members) {
                if (p.crmId == null || p.knownFromMonth != 0) {
                    continue;
                }
                crm.write(crmRow(p, r, startInstant().minus(30 + r.nextInt(700), ChronoUnit.DAYS)));
                if (p.email != null && r.nextDouble() < 0.5) {
                    demographics.write(new String[] {sha256(p.email.toLowerCase(Locale.ROOT)),
                        ageBand(p), pick(r, new String[] {"low", "middle", "upper-middle", "high"}), p.id});
                }
            }
        }
    }

    private String[] crmRow(Person p, SplittableRandom r, Instant at) {
        boolean abbreviate = r.nextDouble() < 0.3;
        String streetType = abbreviate ? STREET_TYPE_ABBREVIATIONS[p.streetType] : STREET_TYPES[p.streetType];
        String street = streetType + " " + p.street;
        String last = r.nextDouble() < 0.2 ? p.last.toUpperCase(Locale.ROOT) : p.last;
        return new String[] {"R" + Long.toString(mix(p.index * 131L + at.getEpochSecond()) & 0xFFFFFFFFL, 36),
            p.crmId, p.first, last, street, p.house, p.postcode, p.city,
            p.email == null ? "" : noisyEmail(p.email, r, 0.03), p.phoneDigits == null ? "" : formatPhone(p.phoneDigits, r),
            p.birth.toString(), p.gender, Boolean.toString(p.consentEmail), Boolean.toString(p.consentSms),
            at.toString(), p.id};
    }

    private Instant startInstant() {
        return config.start().atStartOfDay(ZoneOffset.UTC).toInstant();
    }

    private void simulateMonth(Person p, Household h, int m, SplittableRandom r, List<Row> rows, List<Row> late,
            Map<Channel, double[]> truth, double[] totals, Map<String, double[]> spend) {
        LocalDate monthStart = config.start().plusMonths(m);
        long t0 = monthStart.atStartOfDay(ZoneOffset.UTC).toEpochSecond();
        long span = monthStart.plusMonths(1).atStartOfDay(ZoneOffset.UTC).toEpochSecond() - t0;
        String month = monthStart.toString().substring(0, 7);
        boolean known = p.knownIn(m);

        if (p.crmId != null && m == p.knownFromMonth && m > 0) {
            long t = t0 + r.nextLong(span);
            Row crm = row(Schema.CRM, t, crmRow(p, r, Instant.ofEpochSecond(t)));
            (r.nextDouble() < 0.05 ? late : rows).add(crm);
        }

        // Marketing exposure on each reachable channel.
        int[] k = new int[Channel.values().length];
        long lastTouch = t0;
        for (Channel c : Channel.values()) {
            int n = poisson(r, p.exposure[c.ordinal()]);
            for (int i = 0; i < n; i++) {
                long t = t0 + r.nextLong(span - 3 * 86_400L);
                String[] ids = touchIdentifiers(c, p, known, r);
                if (ids == null) {
                    break;
                }
                String campaign = c.campaigns[r.nextInt(c.campaigns.length)];
                String kind = switch (c) {
                    case DISPLAY, VIDEO, SOCIAL -> r.nextDouble() < 0.1 ? "click" : "impression";
                    case SEARCH -> "click";
                    case EMAIL, SMS, PUSH -> r.nextDouble() < 0.35 ? "open" : "sent";
                };
                rows.add(row(Schema.TOUCHPOINTS, t, Instant.ofEpochSecond(t).toString(), c.label, campaign, kind,
                        ids[4], ids[0], ids[1], ids[2], ids[3], money(c.cost), p.id));
                spend.computeIfAbsent(c.label + "|" + campaign + "|" + month, x -> new double[1])[0] += c.cost;
                k[c.ordinal()]++;
                lastTouch = Math.max(lastTouch, t);
            }
        }

        // Browsing: anonymous until a login or sign-up reveals who it is.
        int visits = poisson(r, 2.0);
        for (int i = 0; i < visits; i++) {
            Device d = p.devices.get(r.nextInt(p.devices.size()));
            long t = t0 + r.nextLong(span);
            boolean app = d.maid != null && r.nextDouble() < 0.5;
            String type = app ? "app_open" : "view";
            String login = known && p.accountId != null && r.nextDouble() < 0.3 ? p.accountId : "";
            String email = known && p.email != null && r.nextDouble() < (p.newsletter ? 0.15 : 0.05)
                    ? noisyEmail(p.email, r, 0.05) : "";
            String signupType = !email.isEmpty() && login.isEmpty() ? "signup" : !login.isEmpty() ? "login" : type;
            rows.add(webRow(t, d, app, signupType, login, email, 0, "", r, p.id));
            if (r.nextDouble() < 0.15) {
                String product = pick(r, PRODUCTS);
                rows.add(webRow(t + 60 + r.nextInt(600), d, app, "add_to_cart", login, "", 0, product, r, p.id));
            }
        }

        // Conversion by the known model.
        double pNone = 1 - BASE_MONTHLY * p.propensity;
        double pAll = 1 - pNone * noConversion(k, -1);
        totals[0] += pAll;
        for (Channel c : Channel.values()) {
            double pWithout = 1 - pNone * noConversion(k, c.ordinal());
            truth.get(c)[0] += pAll - pWithout;
            truth.get(c)[1] += k[c.ordinal()];
        }
        totals[2] += 1 - pNone;
        if (r.nextDouble() < pAll) {
            totals[1] += 1;
            long t = Math.min(t0 + span - 1, lastTouch + 3_600 + r.nextLong(2 * 86_400L));
            String product = pick(r, PRODUCTS);
            String amount = money(20 + r.nextDouble() * 180);
            boolean shop = r.nextDouble() < 0.4;
            if (shop) {
                rows.add(posRow(p, t, product, amount, known, r));
            } else {
                Device d = p.devices.get(r.nextInt(p.devices.size()));
                boolean app = d.maid != null && r.nextDouble() < 0.5;
                String login = known && p.accountId != null ? p.accountId : "";
                String email = known && p.email != null && login.isEmpty() ? noisyEmail(p.email, r, 0.03) : "";
                rows.add(webRow(t - 300, d, app, "add_to_cart", login, email, 0, product, r, p.id));
                rows.add(webRow(t, d, app, "purchase", login, email, Double.parseDouble(amount), product, r, p.id));
            }
        }

        if (known && p.phoneDigits != null && r.nextDouble() < 0.06) {
            long t = t0 + r.nextLong(span);
            rows.add(row(Schema.CALLS, t, Instant.ofEpochSecond(t).toString(), formatPhone(p.phoneDigits, r),
                    p.crmId != null && r.nextDouble() < 0.5 ? p.crmId : "",
                    pick(r, new String[] {"delivery", "return", "complaint", "product-question"}), p.id));
        }
    }

    private static double noConversion(int[] k, int without) {
        double q = 1;
        for (Channel c : Channel.values()) {
            if (c.ordinal() != without) {
                q *= Math.pow(1 - c.lift, Math.min(k[c.ordinal()], 3));
            }
        }
        return q;
    }

    /** Identifiers carried by a touch: [cookie, maid, email, phone, device type], or null if unreachable. */
    private static String[] touchIdentifiers(Channel c, Person p, boolean known, SplittableRandom r) {
        switch (c) {
            case EMAIL:
                return known && p.email != null && p.consentEmail ? new String[] {"", "", p.email, "", ""} : null;
            case SMS:
                return known && p.consentSms ? new String[] {"", "", "", "+33" + p.phoneDigits, "mobile"} : null;
            case PUSH: {
                Device d = p.appDevice();
                return d == null || d.optedOut ? null : new String[] {"", d.maid, "", "", d.type};
            }
            default: {
                Device d = p.devices.get(r.nextInt(p.devices.size()));
                if (d.maid != null && !d.optedOut && r.nextDouble() < 0.4) {
                    return new String[] {"", d.maid, "", "", d.type};
                }
                return new String[] {d.cookie(r), "", "", "", d.type};
            }
        }
    }

    private Row webRow(long t, Device d, boolean app, String type, String account, String email, double value,
            String product, SplittableRandom r, String truth) {
        String cookie = app ? "" : d.cookie(r);
        String maid = app ? d.maidAsSent() : "";
        String deviceId = app || r.nextDouble() < 0.3 ? d.deviceId : "";
        return row(Schema.WEB_EVENTS, t, Instant.ofEpochSecond(t).toString(), app ? "app" : "web", d.type, type,
                cookie, maid, deviceId, account, email, value == 0 ? "" : money(value), product, truth);
    }

    private Row posRow(Person p, long t, String product, String amount, boolean known, SplittableRandom r) {
        String card = known && p.loyaltyCard != null && r.nextDouble() < 0.85 ? p.loyaltyCard : "";
        String receipt = known && p.email != null && r.nextDouble() < 0.3 ? noisyEmail(p.email, r, 0.05) : "";
        double u = r.nextDouble();
        if (card.isEmpty() && u < 0.08) {
            card = HOUSE_CARD; // the cashier's own card, used for customers without one
        } else if (u > 0.97) {
            card = pick(r, JUNK_CARDS);
        }
        if (receipt.isEmpty() && r.nextDouble() < 0.03) {
            receipt = pick(r, JUNK_EMAILS);
        }
        boolean delivery = known && card.isEmpty() && receipt.isEmpty() && r.nextDouble() < 0.5;
        Row row = row(Schema.POS, t, Instant.ofEpochSecond(t).toString(), "store-" + (1 + r.nextInt(12)), card,
                receipt, delivery ? p.first : "", delivery ? p.last : "",
                delivery ? STREET_TYPE_ABBREVIATIONS[p.streetType] + " " + p.street : "",
                delivery ? p.house : "", delivery ? p.postcode : "", amount, product, p.id);
        return row;
    }

    private void simulateBot(Household h, int m, SplittableRandom r, List<Row> rows) {
        LocalDate monthStart = config.start().plusMonths(m);
        long t0 = monthStart.atStartOfDay(ZoneOffset.UTC).toEpochSecond();
        String deviceId = "dev-bot" + h.index;
        int cookies = BOT_COOKIES / config.months() + 1;
        for (int i = 0; i < cookies; i++) {
            long t = t0 + r.nextLong(27 * 86_400L);
            rows.add(row(Schema.WEB_EVENTS, t, Instant.ofEpochSecond(t).toString(), "web", "desktop", "view",
                    uuid(r), "", deviceId, "", "", "", "", h.botId));
        }
    }

    // ----------------------------------------------------------------------------------------
    // Noise

    private static String noisyEmail(String email, SplittableRandom r, double typoRate) {
        double u = r.nextDouble();
        if (u < typoRate) {
            return email.replace("gmail.com", "gmial.com").replace("orange.fr", "ornage.fr")
                    .replace("outlook.com", "outlok.com").replaceFirst("\\.", "..");
        }
        if (u < 0.15) {
            return "  " + email.toUpperCase(Locale.ROOT) + " ";
        }
        if (u < 0.25 && email.endsWith("@gmail.com")) {
            String local = email.substring(0, email.indexOf('@'));
            return local.replace(".", "") + "+shop@gmail.com";
        }
        if (u < 0.30) {
            return Character.toUpperCase(email.charAt(0)) + email.substring(1);
        }
        return email;
    }

    private static String formatPhone(String digits, SplittableRandom r) {
        String d = digits;
        return switch (r.nextInt(5)) {
            case 0 -> "0" + d;
            case 1 -> "0" + d.charAt(0) + " " + d.substring(1, 3) + " " + d.substring(3, 5) + " " + d.substring(5, 7)
                    + " " + d.substring(7);
            case 2 -> "+33 " + d.charAt(0) + " " + d.substring(1, 3) + " " + d.substring(3, 5) + " "
                    + d.substring(5, 7) + " " + d.substring(7);
            case 3 -> "0033" + d;
            default -> "0" + d.charAt(0) + "." + d.substring(1, 3) + "." + d.substring(3, 5) + "." + d.substring(5, 7)
                    + "." + d.substring(7);
        };
    }

    // ----------------------------------------------------------------------------------------
    // Output

    private void writeTruth(Path file, Map<Channel, double[]> truth, double[] totals, int households)
            throws IOException {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("people", config.people());
        doc.put("seed", config.seed());
        doc.put("start", config.start().toString());
        doc.put("months", config.months());
        doc.put("households", households);
        doc.put("expectedConversions", round(totals[0]));
        doc.put("realisedConversions", (long) totals[1]);
        doc.put("expectedBaselineConversions", round(totals[2]));
        Map<String, Object> channels = new LinkedHashMap<>();
        double sum = 0;
        for (double[] v : truth.values()) {
            sum += v[0];
        }
        for (Map.Entry<Channel, double[]> e : truth.entrySet()) {
            Map<String, Object> c = new LinkedHashMap<>();
            c.put("liftPerTouch", e.getKey().lift);
            c.put("touches", (long) e.getValue()[1]);
            c.put("incrementalConversions", round(e.getValue()[0]));
            c.put("shareOfIncremental", round(sum == 0 ? 0 : e.getValue()[0] / sum));
            channels.put(e.getKey().label, c);
        }
        doc.put("channels", channels);
        new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(file.toFile(), doc);
    }

    private static double round(double v) {
        return Math.round(v * 1e6) / 1e6;
    }

    /** One output file: CSV with a header, or JSON lines. */
    private static final class Sink implements AutoCloseable {
        final Schema schema;
        final Writer csv;
        final OutputStream out;
        final JsonGenerator json;
        long rows;

        Sink(Path file, Schema schema) throws IOException {
            this.schema = schema;
            if (schema.jsonLines()) {
                this.out = new java.io.BufferedOutputStream(Files.newOutputStream(file), 1 << 16);
                this.json = new JsonFactory().createGenerator(out, JsonEncoding.UTF8);
                this.json.setRootValueSeparator(new com.fasterxml.jackson.core.io.SerializedString("\n"));
                this.csv = null;
            } else {
                this.csv = new BufferedWriter(Files.newBufferedWriter(file, StandardCharsets.UTF_8), 1 << 16);
                this.out = null;
                this.json = null;
                List<String> header = new ArrayList<>(schema.columns());
                if (schema != Schema.SPEND) {
                    header.add(Schema.TRUTH_COLUMN);
                }
                writeCsvLine(header.toArray(new String[0]));
            }
        }

        void write(String[] values) throws IOException {
            rows++;
            if (json != null) {
                json.writeStartObject();
                List<String> cols = schema.columns();
                for (int i = 0; i < cols.size(); i++) {
                    String v = values[i];
                    if (v == null || v.isEmpty()) {
                        continue;
                    }
                    if (cols.get(i).equals("value")) {
                        json.writeFieldName("value");
                        json.writeNumber(v);
                    } else {
                        json.writeStringField(cols.get(i), v);
                    }
                }
                json.writeStringField(Schema.TRUTH_COLUMN, values[cols.size()]);
                json.writeEndObject();
            } else {
                int n = schema == Schema.SPEND ? schema.columns().size() : schema.columns().size() + 1;
                String[] v = values.length == n ? values : java.util.Arrays.copyOf(values, n);
                writeCsvLine(v);
            }
        }

        private void writeCsvLine(String[] values) throws IOException {
            csv.write(Csv.line(java.util.Arrays.asList(values)));
        }

        @Override
        public void close() throws IOException {
            if (json != null) {
                json.writeRaw('\n');
                json.close();
                out.close();
            } else {
                csv.close();
            }
        }
    }

    // ----------------------------------------------------------------------------------------
    // Small pure helpers

    static String sha256(String s) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            return HexFormat.of().formatHex(md.digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 missing from this JVM", e);
        }
    }

    private static String ageBand(Person p) {
        int age = 2025 - p.birth.getYear();
        return age < 25 ? "18-24" : age < 35 ? "25-34" : age < 50 ? "35-49" : age < 65 ? "50-64" : "65+";
    }

    /** A non-negative amount with at most four decimals, trailing zeros dropped ({@code 12.5}, {@code 0.0005}). */
    static String money(double v) {
        long scaled = Math.round(v * 10_000);
        long whole = scaled / 10_000;
        int frac = (int) (scaled % 10_000);
        if (frac == 0) {
            return Long.toString(whole);
        }
        String digits = Integer.toString(10_000 + frac).substring(1);
        int end = digits.length();
        while (digits.charAt(end - 1) == '0') {
            end--;
        }
        return whole + "." + digits.substring(0, end);
    }

    private static String pick(SplittableRandom r, String[] values) {
        return values[r.nextInt(values.length)];
    }

    private static String uuid(SplittableRandom r) {
        long hi = r.nextLong();
        long lo = r.nextLong();
        hi = (hi & ~0xF000L) | 0x4000L;
        lo = (lo & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
        return new java.util.UUID(hi, lo).toString();
    }

    private static String ascii(String s) {
        String n = java.text.Normalizer.normalize(s, java.text.Normalizer.Form.NFD)
                .replaceAll("\\p{M}", "").toLowerCase(Locale.ROOT);
        StringBuilder b = new StringBuilder(n.length());
        for (int i = 0; i < n.length(); i++) {
            char c = n.charAt(i);
            if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) {
                b.append(c);
            } else if (c == 'ı') {
                b.append('i');
            }
        }
        return b.toString();
    }

    private static int poisson(SplittableRandom r, double mean) {
        double l = Math.exp(-mean);
        int k = 0;
        double p = r.nextDouble();
        while (p > l) {
            k++;
            p *= r.nextDouble();
        }
        return k;
    }

    /**
     * The eight digits after the leading 6 of a person's mobile: {@code index} through an affine
     * map modulo 10^8 whose factor is prime to 10^8, a bijection, so no two of the first 10^8
     * people share a number.
     */
    static int uniqueMobile(int index) {
        return (int) Math.floorMod(index * 7_654_321L + 12_345_679L, 100_000_000L);
    }

    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
