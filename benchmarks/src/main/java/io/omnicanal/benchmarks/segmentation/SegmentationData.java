package io.omnicanal.benchmarks.segmentation;

import io.omnicanal.segmentation.Condition;
import io.omnicanal.segmentation.EventFilter;
import io.omnicanal.segmentation.LifecycleSettings;
import io.omnicanal.segmentation.LifecycleStage;
import io.omnicanal.segmentation.RfmSettings;
import io.omnicanal.segmentation.SegmentCatalog;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The seeded population and the segment rules of {@link SegmentationBenchmark}, each rule written once as
 * a small expression and rendered three ways: our {@link Condition}, a DuckDB SQL predicate over
 * per-profile aggregates, and a JEXL expression over a map-based profile.
 *
 * <p>Event {@code i} is a pure function of {@code (seed, i)}: time {@code START + i * SPAN / events} (so
 * the stream is in time order and can be continued past the data set), a skewed profile, a type mix of
 * 45% view, 20% app open, 12% email open, 10% add to cart, 8% store visit, 5% purchase, a channel
 * implied by the type and the profile's preference (one profile in twenty shops only in store), one of the profile's devices, and for purchases a
 * value in whole cents from 5.00 to 299.99.
 */
public final class SegmentationData {
    static final long START = 1_735_689_600_000L; // 2025-01-01T00:00:00Z
    static final long DAY = 86_400_000L;
    static final long SPAN = 365 * DAY;
    static final String[] TYPES = {"view", "app_open", "email_open", "add_to_cart", "store_visit", "purchase"};
    static final String[] DEVICES = {"ios", "android", "desktop", "tablet"};
    static final String[] CITIES = {"Paris", "Lyon", "Marseille", "Lille", "Nantes", "Madrid", "Lisboa", "Berlin",
        "İstanbul", "Milano"};
    static final LifecycleSettings LIFECYCLE = LifecycleSettings.defaults();

    final long seed;
    final int profiles;
    final long events;

    SegmentationData(long seed, int profiles, long events) {
        this.seed = seed;
        this.profiles = profiles;
        this.events = events;
    }

    /** The instant at which the batch segments are evaluated: the end of the data set. */
    long end() {
        return START + SPAN;
    }

    static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return z ^ (z >>> 31);
    }

    long time(long i) {
        return START + (long) ((double) i * SPAN / events);
    }

    long profile(long i) {
        long h = mix(seed * 0x9E3779B97F4A7C15L + i);
        double u = (h >>> 11) * 0x1.0p-53;
        return (long) (profiles * u * u);
    }

    int typeIndex(long i) {
        int b = (int) Long.remainderUnsigned(mix(seed + 31 * i + 7), 100);
        if (storeOnly(profile(i))) {
            return b < 85 ? 4 : 5;
        }
        if (b < 45) {
            return 0;
        } else if (b < 65) {
            return 1;
        } else if (b < 77) {
            return 2;
        } else if (b < 87) {
            return 3;
        } else if (b < 95) {
            return 4;
        }
        return 5;
    }

    /** One profile in twenty only ever shops in store. */
    boolean storeOnly(long p) {
        return Long.remainderUnsigned(mix(p * 3 + seed), 20) == 0;
    }

    String type(long i) {
        return TYPES[typeIndex(i)];
    }

    String channel(long i) {
        long p = profile(i);
        boolean appPerson = (mix(p + seed) & 3) == 0;
        return switch (typeIndex(i)) {
            case 1 -> "app";
            case 2 -> "email";
            case 4 -> "store";
            case 5 -> storeOnly(p) || (mix(i + 11) & 3) == 0 ? "store" : appPerson ? "app" : "web";
            default -> appPerson ? "app" : "web";
        };
    }

    String device(long i) {
        long p = profile(i);
        int own = 1 + (int) Long.remainderUnsigned(mix(p ^ seed), 4);
        int pick = (int) Long.remainderUnsigned(mix(i * 3 + seed), own);
        return DEVICES[(int) ((p + pick) % 4)];
    }

    double value(long i) {
        if (typeIndex(i) != 5) {
            return 0;
        }
        return (500 + Long.remainderUnsigned(mix(i * 5 + seed), 29_500)) / 100.0;
    }

    String city(long p) {
        return CITIES[(int) Long.remainderUnsigned(mix(p * 7 + seed), CITIES.length)];
    }

    int age(long p) {
        return 18 + (int) Long.remainderUnsigned(mix(p * 13 + seed), 63);
    }

    String consent(long p) {
        return Long.remainderUnsigned(mix(p * 17 + seed), 3) == 0 ? "no" : "yes";
    }

    // ---- rules --------------------------------------------------------------------------------------

    /** A per-profile variable: an aggregate or a last time over events of an optional type and channel. */
    record Var(String name, Kind kind, String type, String channel, long window) {
        enum Kind { COUNT, SUM, DISTINCT_DEVICES, DISTINCT_CHANNELS, LAST }

        boolean matches(String t, String ch) {
            return (type == null || type.equals(t)) && (channel == null || channel.equals(ch));
        }

        EventFilter filter() {
            return new EventFilter(type, channel, null, null);
        }

        String sqlFilter(long now) {
            List<String> parts = new ArrayList<>();
            if (type != null) {
                parts.add("type = '" + type + "'");
            }
            if (channel != null) {
                parts.add("channel = '" + channel + "'");
            }
            if (window > 0) {
                parts.add("t > " + (now - window));
            }
            return parts.isEmpty() ? "TRUE" : String.join(" AND ", parts);
        }

        String sqlColumn(long now) {
            String f = " FILTER (WHERE " + sqlFilter(now) + ")";
            return switch (kind) {
                case COUNT -> "count(*)" + f;
                case SUM -> "CAST(sum(CAST(round(value * 1000000) AS BIGINT))" + f + " AS BIGINT)";
                case DISTINCT_DEVICES -> "count(DISTINCT device)" + f;
                case DISTINCT_CHANNELS -> "count(DISTINCT channel)" + f;
                case LAST -> "max(t)" + f;
            } + " AS " + name;
        }
    }

    /** A rule expression, rendered for each engine. */
    interface Expr {
        Condition condition();

        String sql(long now);

        String jexl();
    }

    record Range(Var v, double min, double max) implements Expr {
        public Condition condition() {
            Condition.Measure m = switch (v.kind()) {
                case COUNT -> Condition.Measure.COUNT;
                case SUM -> Condition.Measure.SUM;
                case DISTINCT_DEVICES -> Condition.Measure.DISTINCT_DEVICES;
                case DISTINCT_CHANNELS -> Condition.Measure.DISTINCT_CHANNELS;
                case LAST -> throw new IllegalArgumentException("range over a time");
            };
            return new Condition.Aggregate(m, v.filter(), v.window() == 0 ? null : Duration.ofMillis(v.window()), min, max);
        }

        private String scaled() {
            return v.kind() == Var.Kind.SUM ? "(coalesce(" + v.name() + ", 0) / 1000000.0)" : "coalesce(" + v.name() + ", 0)";
        }

        public String sql(long now) {
            return bounds(scaled(), min, max);
        }

        public String jexl() {
            return bounds(v.kind() == Var.Kind.SUM ? "(" + v.name() + " / 1000000.0)" : v.name(), min, max)
                    .replace(" AND ", " && ");
        }

        private static String bounds(String x, double min, double max) {
            List<String> p = new ArrayList<>();
            if (min != Double.NEGATIVE_INFINITY) {
                p.add(x + " >= " + num(min));
            }
            if (max != Double.POSITIVE_INFINITY) {
                p.add(x + " <= " + num(max));
            }
            return "(" + String.join(" AND ", p) + ")";
        }
    }

    record Ago(Var v, long age) implements Expr {
        public Condition condition() {
            return new Condition.LastEventAgo(v.filter(), Duration.ofMillis(age));
        }

        public String sql(long now) {
            return "(" + v.name() + " IS NOT NULL AND " + now + " - " + v.name() + " >= " + age + ")";
        }

        public String jexl() {
            return "(" + v.name() + " > 0 && now - " + v.name() + " >= " + age + ")";
        }
    }

    record TraitIn(String trait, List<String> values) implements Expr {
        public Condition condition() {
            return new Condition.TraitIn(trait, values);
        }

        public String sql(long now) {
            return "(" + trait + " IN (" + String.join(", ", values.stream().map(x -> "'" + x + "'").toList()) + "))";
        }

        public String jexl() {
            return "(" + String.join(" || ", values.stream().map(x -> trait + " == '" + x + "'").toList()) + ")";
        }
    }

    record AgeRange(int min, int max) implements Expr {
        public Condition condition() {
            return new Condition.TraitRange("age", min, max);
        }

        public String sql(long now) {
            return "(age BETWEEN " + min + " AND " + max + ")";
        }

        public String jexl() {
            return "(age >= " + min + " && age <= " + max + ")";
        }
    }

    record Stage(LifecycleStage stage) implements Expr {
        public Condition condition() {
            return new Condition.Lifecycle(stage);
        }

        public String sql(long now) {
            return "(stage = '" + stage.name() + "')";
        }

        public String jexl() {
            long n = LIFECYCLE.newFor().toMillis();
            long r = LIFECYCLE.reactivatedFor().toMillis();
            long a = LIFECYCLE.activeFor().toMillis();
            long l = LIFECYCLE.lapsedAfter().toMillis();
            String isNew = "(p_first > 0 && now - p_first < " + n + ")";
            String isBack = "(p_back > 0 && now - p_back < " + r + ")";
            String old = "p_first > 0 && !" + isNew + " && !" + isBack;
            return switch (stage) {
                case PROSPECT -> "(p_first == 0)";
                case NEW -> isNew;
                case REACTIVATED -> "(p_first > 0 && !" + isNew + " && " + isBack + ")";
                case ACTIVE -> "(" + old + " && now - p_last < " + a + ")";
                case AT_RISK -> "(" + old + " && now - p_last >= " + a + " && now - p_last < " + l + ")";
                case LAPSED -> "(" + old + " && now - p_last >= " + l + ")";
            };
        }
    }

    record Cell(String cell) implements Expr {
        public Condition condition() {
            return new Condition.RfmCell(cell);
        }

        public String sql(long now) {
            return "(cell = '" + cell.replace("'", "''") + "')";
        }

        public String jexl() {
            throw new UnsupportedOperationException("RFM cells need the population: batch only");
        }
    }

    record All(List<Expr> of) implements Expr {
        public Condition condition() {
            return new Condition.And(of.stream().map(Expr::condition).toList());
        }

        public String sql(long now) {
            return "(" + String.join(" AND ", of.stream().map(e -> e.sql(now)).toList()) + ")";
        }

        public String jexl() {
            return "(" + String.join(" && ", of.stream().map(Expr::jexl).toList()) + ")";
        }
    }

    record Rule(String id, Expr expr) {
    }

    static String num(double d) {
        return d == Math.rint(d) ? Long.toString((long) d) : Double.toString(d);
    }

    // Variables.
    static final Var APP30 = new Var("c_app_30d", Var.Kind.COUNT, "app_open", null, 30 * DAY);
    static final Var PURCHASE_EVER = new Var("c_purchase_ever", Var.Kind.COUNT, "purchase", null, 0);
    static final Var STORE_EVER = new Var("c_store_ever", Var.Kind.COUNT, null, "store", 0);
    static final Var WEB_EVER = new Var("c_web_ever", Var.Kind.COUNT, null, "web", 0);
    static final Var APPCH_EVER = new Var("c_appch_ever", Var.Kind.COUNT, null, "app", 0);
    static final Var EMAIL_EVER = new Var("c_email_ever", Var.Kind.COUNT, "email_open", null, 0);
    static final Var WEB_DEVICES30 = new Var("d_web_30d", Var.Kind.DISTINCT_DEVICES, null, "web", 30 * DAY);
    static final Var SPEND365 = new Var("s_purchase_365d", Var.Kind.SUM, "purchase", null, 365 * DAY);
    static final Var LAST_STORE = new Var("l_store_visit", Var.Kind.LAST, "store_visit", null, 0);
    static final Var EMAIL30 = new Var("c_email_30d", Var.Kind.COUNT, "email_open", null, 30 * DAY);
    static final Var VIEW7 = new Var("c_view_7d", Var.Kind.COUNT, "view", null, 7 * DAY);
    static final Var CART7 = new Var("c_cart_7d", Var.Kind.COUNT, "add_to_cart", null, 7 * DAY);
    static final Var CHANNELS = new Var("d_channels_ever", Var.Kind.DISTINCT_CHANNELS, null, null, 0);

    private static Expr ge(Var v, double min) {
        return new Range(v, min, Double.POSITIVE_INFINITY);
    }

    private static Expr none(Var v) {
        return new Range(v, Double.NEGATIVE_INFINITY, 0);
    }

    private static Expr all(Expr... of) {
        return new All(List.of(of));
    }

    /** The 20 typical segments of the batch benchmark: 6 lifecycle stages, 5 RFM cells, 9 behaviours. */
    static List<Rule> batchRules() {
        List<Rule> r = new ArrayList<>();
        for (LifecycleStage s : LifecycleStage.values()) {
            r.add(new Rule("stage-" + s.name().toLowerCase(Locale.ROOT), new Stage(s)));
        }
        for (String c : List.of("Champions", "Loyal", "At risk", "Hibernating", "Can't lose them")) {
            r.add(new Rule("rfm-" + c.toLowerCase(Locale.ROOT).replaceAll("[^a-z]+", "-"), new Cell(c)));
        }
        r.addAll(behaviours());
        return r;
    }

    private static List<Rule> behaviours() {
        List<Rule> r = new ArrayList<>();
        r.add(new Rule("app-users-never-buy", all(ge(APP30, 3), none(PURCHASE_EVER))));
        r.add(new Rule("shop-only-no-email", all(ge(STORE_EVER, 1), none(WEB_EVER), none(APPCH_EVER), none(EMAIL_EVER))));
        r.add(new Rule("web-3-devices", ge(WEB_DEVICES30, 3)));
        r.add(new Rule("big-spenders", ge(SPEND365, 500)));
        r.add(new Rule("store-lapsed-90d", new Ago(LAST_STORE, 90 * DAY)));
        r.add(new Rule("email-engaged", ge(EMAIL30, 2)));
        r.add(new Rule("young-consenting-city", all(new TraitIn("city", List.of("Paris", "Lyon", "İstanbul")),
                new AgeRange(18, 35), new TraitIn("consent", List.of("yes")))));
        r.add(new Rule("browsers-no-cart", all(ge(VIEW7, 5), none(CART7))));
        r.add(new Rule("multichannel", ge(CHANNELS, 3)));
        return r;
    }

    /** The 50 segments of the real-time benchmark (everything but RFM cells, which need the population). */
    static List<Rule> realtimeRules() {
        List<Rule> r = new ArrayList<>();
        for (LifecycleStage s : LifecycleStage.values()) {
            r.add(new Rule("stage-" + s.name().toLowerCase(Locale.ROOT), new Stage(s)));
        }
        r.addAll(behaviours());
        long[] windows = {DAY, 7 * DAY, 30 * DAY};
        for (String t : TYPES) {
            for (long w : windows) {
                Var v = new Var("c_" + t + "_" + (w / DAY) + "d", Var.Kind.COUNT, t, null, w);
                r.add(new Rule(t + "-2-in-" + (w / DAY) + "d", ge(v, 2)));
            }
        }
        for (long w : new long[] {30 * DAY, 90 * DAY}) {
            Var v = new Var("s_purchase_" + (w / DAY) + "d", Var.Kind.SUM, "purchase", null, w);
            for (int amount : new int[] {50, 100, 200, 1000}) {
                r.add(new Rule("spend-" + amount + "-in-" + (w / DAY) + "d", ge(v, amount)));
            }
        }
        for (String ch : List.of("web", "app", "store", "email")) {
            Var v = new Var("c_" + ch + "_14d", Var.Kind.COUNT, null, ch, 14 * DAY);
            r.add(new Rule(ch + "-user-14d", ge(v, 1)));
        }
        r.add(new Rule("paris-consent", all(new TraitIn("city", List.of("Paris")), new TraitIn("consent", List.of("yes")))));
        r.add(new Rule("seniors", new AgeRange(60, 80)));
        r.add(new Rule("south", new TraitIn("city", List.of("Marseille", "Madrid", "Lisboa", "Milano"))));
        r.add(new Rule("no-consent", new TraitIn("consent", List.of("no"))));
        r.add(new Rule("young", new AgeRange(18, 25)));
        return r;
    }

    /** Every variable the rules use, by name, in first-use order. */
    static Map<String, Var> vars(List<Rule> rules) {
        Map<String, Var> out = new LinkedHashMap<>();
        for (Rule r : rules) {
            collect(r.expr(), out);
        }
        return out;
    }

    private static void collect(Expr e, Map<String, Var> out) {
        if (e instanceof Range r) {
            out.putIfAbsent(r.v().name(), r.v());
        } else if (e instanceof Ago a) {
            out.putIfAbsent(a.v().name(), a.v());
        } else if (e instanceof All a) {
            a.of().forEach(x -> collect(x, out));
        }
    }

    static SegmentCatalog catalog(List<Rule> rules) {
        SegmentCatalog.Builder b = SegmentCatalog.builder()
                .rfm(new RfmSettings(EventFilter.type("purchase"), null, RfmSettings.TieRule.SHARE, RfmSettings.defaultCells()))
                .lifecycle(LIFECYCLE);
        for (Rule r : rules) {
            b.add(r.id(), r.expr().condition());
        }
        return b.build();
    }
}
