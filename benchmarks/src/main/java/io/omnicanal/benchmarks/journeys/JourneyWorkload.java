package io.omnicanal.benchmarks.journeys;

import io.omnicanal.journeys.Channel;
import io.omnicanal.journeys.Condition;
import io.omnicanal.journeys.Delivery;
import io.omnicanal.journeys.FrequencyCap;
import io.omnicanal.journeys.Journey;
import io.omnicanal.journeys.JourneyEngine;
import io.omnicanal.journeys.JourneyEvent;
import io.omnicanal.journeys.Offer;
import io.omnicanal.journeys.ReEntry;
import io.omnicanal.journeys.SendOutcome;
import io.omnicanal.journeys.Step;
import io.omnicanal.journeys.Trigger;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.MonthDay;
import java.time.ZoneId;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * A seeded, synthetic two-week event stream for {@code profiles} shoppers, the ten journeys of the benchmark,
 * and the engine set-up (reachability, consent, zones, birthdays, caps). Built once per benchmark trial.
 *
 * <p>Each profile has 1 to 3 sessions at least four hours apart; a session is 1-3 product views, then with
 * probability 1/2 one add-to-cart, followed with probability 2/5 by a purchase 5 to 120 minutes later (never
 * within 30 seconds of the one-hour mark, so that timer-versus-event ties cannot decide the cart pattern).
 * Some profiles sign up, open messages, get price-drop alerts, have orders delivered, or lapse (a segment
 * change). At most one add-to-cart per session keeps the cart pattern's semantics identical in Siddhi's
 * {@code every ... -> not ... for 1 hour} and in the journey (which ignores a second add while waiting).
 */
public final class JourneyWorkload {
    /** Event type codes. */
    public static final byte VIEW = 0, CART = 1, PURCHASE = 2, SIGNUP = 3, OPEN = 4, DELIVERED = 5, PRICE_DROP = 6, LAPSED = 7;
    static final String[] TYPE_NAMES = {"product_view", "add_to_cart", "purchase", "signup", "open", "delivered", "price_drop",
        "lapsed_60d"};

    /** The stream's start. */
    public static final Instant START = Instant.parse("2026-03-02T00:00:00Z");
    static final long HOUR = 3_600_000L;
    static final long DAY = 24 * HOUR;

    /** Profiles, their keys are 1..profiles. */
    public final int profiles;
    /** Events sorted by time (ties by generation order). */
    public final long[] profile;
    /** Epoch millis of each event. */
    public final long[] time;
    /** Type code of each event. */
    public final byte[] type;
    /** The stream's end plus one day: every cart timer has fired by then. */
    public final long end;

    private static final Map<String, String> SHOES = Map.of("category", "shoes");
    private static final Map<String, String> BOOKS = Map.of("category", "books");
    private static final Map<String, String> ITEM_A = Map.of("item", "sku-a", "amount", "250");
    private static final Map<String, String> ITEM_B = Map.of("item", "sku-b", "amount", "40");
    private static final Map<String, String> OPEN_PUSH = Map.of("channel", "push");
    private static final Map<String, String> OPEN_EMAIL = Map.of("channel", "email");

    /** Generates the stream with {@code seed}. */
    public JourneyWorkload(int profiles, long seed) {
        this.profiles = profiles;
        SplittableRandom rnd = new SplittableRandom(seed);
        int cap = profiles * 8;
        long[] p = new long[cap];
        long[] t = new long[cap];
        byte[] ty = new byte[cap];
        int n = 0;
        long t0 = START.toEpochMilli();
        for (int k = 1; k <= profiles; k++) {
            int sessions = 1 + rnd.nextInt(3);
            int slot = rnd.nextInt(20);
            for (int s = 0; s < sessions; s++) {
                if (n + 12 > cap) {
                    cap = cap * 2;
                    p = Arrays.copyOf(p, cap);
                    t = Arrays.copyOf(t, cap);
                    ty = Arrays.copyOf(ty, cap);
                }
                long start = t0 + slot * 4 * HOUR + rnd.nextLong(HOUR);
                slot += 2 + rnd.nextInt(30);
                if (s == 0 && rnd.nextInt(10) == 0) {
                    p[n] = k; t[n] = start; ty[n++] = SIGNUP;
                }
                int views = 1 + rnd.nextInt(3);
                for (int v = 0; v < views; v++) {
                    p[n] = k; t[n] = start + v * 60_000L + rnd.nextLong(60_000L); ty[n++] = VIEW;
                }
                if (rnd.nextBoolean()) {
                    long add = start + 10 * 60_000L + rnd.nextLong(5 * 60_000L);
                    p[n] = k; t[n] = add; ty[n++] = CART;
                    if (rnd.nextInt(5) < 2) {
                        long delay;
                        do {
                            delay = 5 * 60_000L + rnd.nextLong(115 * 60_000L);
                        } while (Math.abs(delay - HOUR) < 30_000L);
                        p[n] = k; t[n] = add + delay; ty[n++] = PURCHASE;
                        if (rnd.nextInt(2) == 0) {
                            p[n] = k; t[n] = add + delay + 2 * DAY; ty[n++] = DELIVERED;
                        }
                    }
                }
                if (rnd.nextInt(5) == 0) {
                    p[n] = k; t[n] = start + 20 * 60_000L; ty[n++] = OPEN;
                }
            }
            if (rnd.nextInt(20) == 0) {
                p[n] = k; t[n] = t0 + rnd.nextLong(14 * DAY); ty[n++] = PRICE_DROP;
            }
            if (rnd.nextInt(50) == 0) {
                p[n] = k; t[n] = t0 + rnd.nextLong(14 * DAY); ty[n++] = LAPSED;
            }
        }
        // sort by (time, generation index): pack relative time (< 2^36 ms) and index (< 2^27) in one long
        long[] keys = new long[n];
        for (int i = 0; i < n; i++) {
            keys[i] = ((t[i] - t0) << 27) | i;
        }
        Arrays.sort(keys);
        profile = new long[n];
        time = new long[n];
        type = new byte[n];
        long last = t0;
        for (int i = 0; i < n; i++) {
            int src = (int) (keys[i] & ((1 << 27) - 1));
            profile[i] = p[src];
            time[i] = t[src];
            type[i] = ty[src];
            last = Math.max(last, t[src]);
        }
        end = last + DAY;
    }

    /** Number of events. */
    public int size() {
        return time.length;
    }

    /** The events as engine inputs (segment changes are carried as events of type {@code lapsed_60d}). */
    public JourneyEvent[] events() {
        JourneyEvent[] out = new JourneyEvent[size()];
        for (int i = 0; i < out.length; i++) {
            Map<String, String> props = switch (type[i]) {
                case VIEW -> (profile[i] & 1) == 0 ? SHOES : BOOKS;
                case PURCHASE -> (profile[i] % 3) == 0 ? ITEM_A : ITEM_B;
                case OPEN -> (profile[i] & 1) == 0 ? OPEN_PUSH : OPEN_EMAIL;
                default -> Map.of();
            };
            out[i] = new JourneyEvent(profile[i], TYPE_NAMES[type[i]], Instant.ofEpochMilli(time[i]), props);
        }
        return out;
    }

    /** Feeds event {@code i} to the engine: segment changes through onSegmentChange, the rest through onEvent. */
    public static void feed(JourneyEngine engine, JourneyEvent e) {
        if (e.type().equals("lapsed_60d")) {
            engine.onSegmentChange(e.profile(), "lapsed_60d", true, e.time());
        } else {
            engine.onEvent(e);
        }
    }

    // ------------------------------------------------------------------ journeys

    static final Delivery PUSH_EMAIL = Delivery.marketing(Channel.PUSH, Channel.EMAIL);

    /** The cart-abandonment journey, the pattern shared with Siddhi. */
    public static Journey cartAbandonment() {
        return Journey.builder("cart_abandonment").entry(Trigger.event("add_to_cart")).reEntry(ReEntry.always())
                .goal(Trigger.event("purchase"))
                .step(new Step.WaitForEvent("wait", Trigger.event("purchase"), Duration.ofHours(1), null, "bought", "remind"))
                .step(new Step.Send("remind", "cart_reminder", null, PUSH_EMAIL.withPriority(5), "bought"))
                .step(new Step.Exit("bought"))
                .build();
    }

    /** A journey of two one-day waits entered on signup: pure timer work. */
    public static Journey twoWaits() {
        return Journey.builder("two_waits").entry(Trigger.event("signup"))
                .step(new Step.Wait("w1", Duration.ofDays(1), null, null))
                .step(new Step.Wait("w2", Duration.ofDays(1), null, null))
                .build();
    }

    /** The ten journeys of the benchmark. */
    public static List<Journey> tenJourneys() {
        Delivery email = Delivery.marketing(Channel.EMAIL);
        return List.of(
                cartAbandonment(),
                Journey.builder("welcome").entry(Trigger.event("signup"))
                        .step(new Step.Send("w1", "welcome_1", null, email.withPriority(8), null))
                        .step(new Step.Wait("d1", Duration.ofDays(1), null, null))
                        .step(new Step.Send("w2", "welcome_2", null, email.withOnCap(Delivery.OnCap.DEFER), null))
                        .step(new Step.Wait("d2", null, LocalTime.of(10, 0), null))
                        .step(new Step.NextBestAction("w3", List.of(), PUSH_EMAIL, null, null))
                        .build(),
                Journey.builder("win_back").entry(new Trigger.OnSegment("lapsed_60d", true)).reEntry(ReEntry.afterCoolDown(Duration.ofDays(30)))
                        .goal(Trigger.event("purchase"))
                        .step(new Step.Send("wb1", "we_miss_you", null, email, null))
                        .step(new Step.Wait("wbw", Duration.ofDays(3), null, null))
                        .step(new Step.DecisionSplit("gold", Condition.trait("tier", "gold"), "wb2", "end"))
                        .step(new Step.Send("wb2", "gold_voucher", null, Delivery.marketing(Channel.SMS, Channel.EMAIL), null))
                        .step(new Step.Exit("end"))
                        .build(),
                Journey.builder("cross_sell").entry(Trigger.event("purchase")).reEntry(ReEntry.afterCoolDown(Duration.ofDays(7)))
                        .step(new Step.Wait("cw", Duration.ofDays(3), null, null))
                        .step(new Step.NextBestAction("pick", List.of("socks", "bag", "vip"), PUSH_EMAIL, null, null))
                        .build(),
                Journey.builder("birthday").entry(new Trigger.OnDate("birthday", LocalTime.of(9, 0))).reEntry(ReEntry.always())
                        .step(new Step.Send("hb", "happy_birthday", null, email.withPriority(9), null))
                        .build(),
                Journey.builder("browse_abandonment").entry(Trigger.event("product_view", new Condition.In(Condition.Source.EVENT,
                                "category", List.of("bags", "shoes")))).reEntry(ReEntry.afterCoolDown(Duration.ofDays(1)))
                        .exit(Trigger.event("purchase"))
                        .step(new Step.WaitForEvent("bw", Trigger.event("add_to_cart"), Duration.ofMinutes(30), null, "end", "nudge"))
                        .step(new Step.Send("nudge", "still_looking", null, Delivery.marketing(Channel.PUSH).withPriority(2), null))
                        .step(new Step.Exit("end"))
                        .build(),
                Journey.builder("price_drop").entry(Trigger.event("price_drop")).reEntry(ReEntry.always())
                        .step(new Step.Send("pd", "price_dropped", null, Delivery.marketing(Channel.PUSH, Channel.SMS).withPriority(4), null))
                        .build(),
                Journey.builder("order_confirmation").entry(Trigger.event("purchase")).reEntry(ReEntry.always())
                        .step(new Step.Send("oc", "order_confirmation", null, Delivery.transactional(Channel.EMAIL), null))
                        .build(),
                Journey.builder("review_request").entry(Trigger.event("delivered")).reEntry(ReEntry.always())
                        .step(new Step.Wait("rw", Duration.ofDays(2), null, null))
                        .step(new Step.Send("rr", "review_please", null, email, null))
                        .build(),
                Journey.builder("loyalty").entry(Trigger.event("purchase", new Condition.Range(Condition.Source.EVENT, "amount", 200,
                                Double.POSITIVE_INFINITY))).reEntry(ReEntry.afterCoolDown(Duration.ofDays(14)))
                        .step(new Step.RandomSplit("ab", List.of(new Step.Branch(9, null)), 1, null))
                        .step(new Step.Send("lv", "loyalty_points", "sku-a", Delivery.marketing(Channel.EMAIL, Channel.PUSH), null))
                        .build());
    }

    /** The engine with caps on (3 a week in all, 1 SMS a day), quiet hours 21:00-08:00, arbitration and offers. */
    public static JourneyEngine.Builder engine(boolean pressure) {
        JourneyEngine.Builder b = JourneyEngine.builder().start(START);
        SendOutcome delivered = SendOutcome.DELIVERED;
        for (Channel c : Channel.values()) {
            b.sender(c, a -> delivered);
        }
        b.offer(new Offer("socks", "socks_offer", "sku-socks", null, 1.0, Duration.ofDays(7)))
                .offer(new Offer("bag", "bag_offer", "sku-b", null, 2.0, Duration.ofDays(7)))
                .offer(new Offer("vip", "vip_offer", null, Condition.trait("tier", "gold"), 3.0, Duration.ofDays(7)));
        if (pressure) {
            b.cap(FrequencyCap.total(3, Duration.ofDays(7)))
                    .cap(FrequencyCap.perChannel(Channel.SMS, 1, Duration.ofDays(1)))
                    .quietHours(LocalTime.of(21, 0), LocalTime.of(8, 0))
                    .brandZone(ZoneId.of("Europe/Paris"))
                    .arbitrationWindow(Duration.ofHours(1))
                    .rateLimit(Channel.SMS, 5_000, Duration.ofSeconds(1));
        } else {
            b.duplicateWindow(Duration.ZERO).convertedWindow(Duration.ZERO).arbitrationWindow(Duration.ofMillis(1));
        }
        return b;
    }

    /**
     * Registers every profile: reachable with consent on e-mail and push (SMS for a third), traits, zones, birthdays;
     * the engine pre-sized for them ({@code reserve}).
     */
    public void register(JourneyEngine engine, boolean birthdays) {
        register(engine, birthdays, true);
    }

    /**
     * As {@link #register(JourneyEngine, boolean)}, pre-sizing the engine's tables only when {@code reserve}: the
     * comparison with Siddhi does not, since Siddhi is offered no pre-sizing (its tables grow in the timed run; ours
     * grow there too, apart from the profile records the registration itself creates).
     */
    public void register(JourneyEngine engine, boolean birthdays, boolean reserve) {
        if (reserve) {
            engine.reserve(profiles, profiles * 2);
        }
        ZoneId[] zones = {ZoneId.of("Europe/Paris"), ZoneId.of("Europe/London"), ZoneId.of("America/New_York")};
        for (long k = 1; k <= profiles; k++) {
            engine.setReachable(k, Channel.EMAIL, true);
            engine.setConsent(k, Channel.EMAIL, "marketing", true);
            engine.setReachable(k, Channel.PUSH, true);
            engine.setConsent(k, Channel.PUSH, "marketing", true);
            if (k % 3 == 0) {
                engine.setReachable(k, Channel.SMS, true);
                engine.setConsent(k, Channel.SMS, "marketing", true);
                engine.setTrait(k, "tier", "gold");
            }
            if (k % 7 == 0) {
                engine.setTimeZone(k, zones[(int) (k % 3)]);
            }
            if (birthdays) {
                engine.setDate(k, "birthday", MonthDay.of(1 + (int) (k % 12), 1 + (int) (k % 28)));
            }
        }
    }
}
