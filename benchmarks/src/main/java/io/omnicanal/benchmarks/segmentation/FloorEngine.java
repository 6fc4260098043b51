package io.omnicanal.benchmarks.segmentation;

import io.omnicanal.segmentation.SegmentChangeListener;
import java.util.Arrays;
import java.util.List;

/**
 * Not a peer a user would write, and not a segment engine: a <em>floor</em>, as little work as an exact
 * real-time evaluator of {@link SegmentationData#realtimeRules()} could be made to do on the benchmark's
 * stream, to put the target of 2M events/s in proportion (a yardstick, not a proven lower bound). It knows the 50 rules at compile time: no catalog, no condition
 * tree, no interpretation. Each profile is one row of 36 {@code long}s: membership bits, flags (channels
 * seen, traits), its key, the latest times of each event type as many as the rules count, the three latest
 * purchases with their values, the last time of each channel and of each web device, the first purchase
 * and the latest return, the purchase sums' bits and next flip (cached until a purchase or that flip), and
 * its timer's instants.
 * Older purchases of the last 365 days sit beside the row; the history is one append-only log (16 bytes an
 * event, chained per profile), as batch evaluation and any later segment need it.
 *
 * <p>An event finds its row through an {@code int} index (row and a 10-bit fingerprint of the key's hash,
 * at most half full: 8 MB at 1M profiles, mostly in the L3 cache), updates the row, re-evaluates the 50 rules
 * in straight-line code at its time, reports the differences and re-arms the profile's single timer at the
 * next instant at which a membership flips with no further event. Timers sit in buckets of 2<sup>20</sup> ms
 * on a ring (one append each) and go into a small binary heap of {@code long}s when the clock reaches their
 * bucket. The row holds the instant its rules want to wake at and the instant of its queued timer: a timer
 * is queued again only when the wanted instant comes earlier than the queued one; one that moved later is
 * re-queued when it pops, and a superseded one dropped (both read the row, which a firing reads anyway).
 *
 * <p>What it leaves out, all of which the engine does: any other catalog, events older than the clock
 * (refused here), properties, merges, erasure, RFM, snapshots, validation beyond refusing what the rules do
 * not know. {@code FloorEngineTest} checks that it reports exactly the engine's changes, call by call, on the
 * benchmark's stream.
 */
final class FloorEngine {
    private static final long DAY = SegmentationData.DAY;
    /** "No such event": far enough before any real time that adding a year cannot reach one, and packable. */
    private static final long NONE = -(1L << 46);
    private static final long NEVER = Long.MAX_VALUE;

    // Row layout, in longs.
    private static final int STRIDE = 36;
    private static final int BITS = 0;
    private static final int FLAGS = 1;
    private static final int KEY = 2;
    /** The profile's latest event in the log, or -1. */
    private static final int LATEST = 3;
    /**
     * The latest times of each type, newest first, as many as the rules count: view 5, app_open 3,
     * purchase 3 (packed with their values, {@code time << 16 | cents}), the other three types 2 each.
     */
    private static final int[] TYPE_AT = {4, 9, 12, 14, 16, 18};
    private static final int[] TYPE_KEEP = {5, 3, 2, 2, 2, 3};
    private static final int VIEW = 4;
    private static final int APP = 9;
    private static final int EMAIL = 12;
    private static final int CART = 14;
    private static final int STORE = 16;
    private static final int PURCHASE = 18;
    private static final int CHANNEL_LAST = 21;
    private static final int WEB_DEVICE_LAST = 25;
    private static final int FIRST_PURCHASE = 29;
    private static final int RETURN = 30;
    /** The purchase sums' membership bits (9 and 33..40), valid until {@link #SUMS_UNTIL}. */
    private static final int SUMS = 31;
    /** When the cached sums' bits next change with no purchase: their earliest flip; a purchase resets it. */
    private static final int SUMS_UNTIL = 32;
    /** Head and end of the row's older purchases, two {@code int}s. */
    private static final int OLDER = 33;
    /** The instant the row's rules want to wake at. */
    private static final int WANTED = 34;
    /** The instant of the row's queued timer, or NEVER: at most one is live, the others are superseded. */
    private static final int QUEUED = 35;

    // FLAGS: channels ever (bits 0..3), email_open ever, purchase ever; traits above.
    private static final long EMAIL_OPEN_EVER = 1L << 4;
    private static final long PURCHASE_EVER = 1L << 5;
    private static final int CITY_SHIFT = 8; // 4 bits, 15 = none
    private static final int AGE_SHIFT = 12; // 8 bits + presence bit 20
    private static final long AGE_PRESENT = 1L << 20;
    private static final int CONSENT_SHIFT = 21; // 2 bits: 0 none, 1 yes, 2 no

    private static final long[] WINDOWS = {DAY, 7 * DAY, 30 * DAY};
    private static final long[] SPEND_CENTS = {5_000, 10_000, 20_000, 100_000};
    private static final long NEW_FOR = SegmentationData.LIFECYCLE.newFor().toMillis();
    private static final long ACTIVE_FOR = SegmentationData.LIFECYCLE.activeFor().toMillis();
    private static final long LAPSED_AFTER = SegmentationData.LIFECYCLE.lapsedAfter().toMillis();
    private static final long REACTIVATED_FOR = SegmentationData.LIFECYCLE.reactivatedFor().toMillis();

    // Timers: entry = (wake - base) << ROW_BITS | row; base moves up when the clock gets far from it.
    private static final int ROW_BITS = 21;
    private static final long TIMER_ROW = (1L << ROW_BITS) - 1;
    private static final int BUCKET_SHIFT = 20;
    private static final int RING = 1 << 15;

    private final String[] ids;
    private long now;

    /** Open addressing: {@code fingerprint << 22 | (row + 1)}, 0 empty, at most half full. */
    private int[] index = new int[1 << 5];
    private int rows;
    private long[] state = new long[STRIDE << 4];
    /** Purchases pushed out of the row, {@code time << 16 | cents}, oldest first from the head. */
    private long[][] older = new long[1 << 4][];

    /**
     * The event history: one log in arrival order, in chunks, two {@code long}s an event (its time; its
     * type, channel, device, cents and the log index of its profile's previous event), so that an append is
     * a sequential write and a profile's history is a chain from its row's {@link #LATEST}.
     */
    private static final int CHUNK_BITS = 20;
    private long[][] log = new long[16][];
    private long logEnd;
    /** Sink of the early loads in {@link #onEvent}, so that the compiler keeps them. */
    long touched;

    private final long[][] ring = new long[RING][];
    private final int[] ringSize = new int[RING];
    private long loaded;
    private long base;
    private static final long REBASE_AFTER = 1L << 40;
    private long[] heap = new long[1 << 10];
    private int heapSize;

    FloorEngine(long start) {
        List<SegmentationData.Rule> rules = SegmentationData.realtimeRules();
        this.ids = rules.stream().map(SegmentationData.Rule::id).toArray(String[]::new);
        if (ids.length != 50) {
            throw new IllegalStateException("the floor is written for the 50 real-time rules, got " + ids.length);
        }
        this.now = start;
        this.loaded = start >> BUCKET_SHIFT;
        this.base = start;
    }

    /** Whether {@code profile} is in rule {@code i}'s segment. */
    boolean isMember(long profile, int i) {
        int r = find(profile, mix(profile));
        return r >= 0 && (state[r * STRIDE + BITS] & (1L << i)) != 0;
    }

    // ---- vocabulary -----------------------------------------------------------------------------------

    static int type(String t) {
        return switch (t) {
            case "view" -> 0;
            case "app_open" -> 1;
            case "email_open" -> 2;
            case "add_to_cart" -> 3;
            case "store_visit" -> 4;
            case "purchase" -> 5;
            default -> throw new IllegalArgumentException("type not in the floor's rules: " + t);
        };
    }

    static int channel(String c) {
        return switch (c) {
            case "web" -> 0;
            case "app" -> 1;
            case "store" -> 2;
            case "email" -> 3;
            default -> throw new IllegalArgumentException("channel not in the floor's rules: " + c);
        };
    }

    static int device(String d) {
        return switch (d) {
            case "ios" -> 0;
            case "android" -> 1;
            case "desktop" -> 2;
            case "tablet" -> 3;
            default -> throw new IllegalArgumentException("device not in the floor's rules: " + d);
        };
    }

    static int city(String c) {
        for (int i = 0; i < SegmentationData.CITIES.length; i++) {
            if (SegmentationData.CITIES[i].equals(c)) {
                return i;
            }
        }
        throw new IllegalArgumentException("city not in the floor's rules: " + c);
    }

    // ---- profiles -------------------------------------------------------------------------------------

    private static long mix(long k) {
        k *= 0x9E3779B97F4A7C15L;
        return k ^ (k >>> 29);
    }

    /** The row + 1 in an index entry (the fingerprint is above it). */
    private static final int INDEX_ROW = (1 << 22) - 1;

    private static int fingerprint(long h) {
        return (int) (h >>> 54);
    }

    /** The row of {@code key}, whose {@link #mix} is {@code h}; or {@code -(slot + 1)} of the free slot for it. */
    private int find(long key, long h) {
        int fp = fingerprint(h);
        int mask = index.length - 1;
        for (int s = (int) h & mask; ; s = (s + 1) & mask) {
            int e = index[s];
            if (e == 0) {
                return -(s + 1);
            }
            if (e >>> 22 == fp) {
                int r = (e & INDEX_ROW) - 1;
                if (state[r * STRIDE + KEY] == key) {
                    return r;
                }
            }
        }
    }

    private int row(long key, long h) {
        int r = find(key, h);
        return r >= 0 ? r : add(key, -r - 1, fingerprint(h));
    }

    private int add(long key, int slot, int fp) {
        if (rows == 1 << ROW_BITS) {
            throw new IllegalStateException("the floor holds at most " + (1 << ROW_BITS) + " profiles");
        }
        int r = rows++;
        index[slot] = fp << 22 | (r + 1);
        if (r == older.length) {
            int n = r * 2;
            state = Arrays.copyOf(state, n * STRIDE);
            older = Arrays.copyOf(older, n);
        }
        int b = r * STRIDE;
        Arrays.fill(state, b, b + STRIDE, NONE);
        Arrays.fill(state, b + PURCHASE, b + PURCHASE + 3, NONE << 16);
        state[b + BITS] = 0;
        state[b + FLAGS] = 15L << CITY_SHIFT;
        state[b + KEY] = key;
        state[b + LATEST] = -1;
        state[b + SUMS] = 0;
        state[b + SUMS_UNTIL] = NEVER;
        state[b + OLDER] = 0;
        state[b + WANTED] = NEVER;
        state[b + QUEUED] = NEVER;
        if (2 * rows > index.length) {
            rehash();
        }
        return r;
    }

    private void rehash() {
        index = new int[index.length * 2];
        int mask = index.length - 1;
        for (int r = 0; r < rows; r++) {
            long h = mix(state[r * STRIDE + KEY]);
            int s = (int) h & mask;
            while (index[s] != 0) {
                s = (s + 1) & mask;
            }
            index[s] = fingerprint(h) << 22 | (r + 1);
        }
    }

    /** Sets the profile's three traits (the only ones the rules read) and reports the changes. */
    void setTraits(long profile, String city, int age, String consent, SegmentChangeListener out) {
        if (age < 0 || age > 255) {
            throw new IllegalArgumentException("age out of the floor's range: " + age);
        }
        int r = row(profile, mix(profile));
        int b = r * STRIDE;
        long f = state[b + FLAGS] & ~((15L << CITY_SHIFT) | (255L << AGE_SHIFT) | AGE_PRESENT | (3L << CONSENT_SHIFT));
        f |= (long) city(city) << CITY_SHIFT;
        f |= ((long) age << AGE_SHIFT) | AGE_PRESENT;
        f |= switch (consent) {
            case "yes" -> 1L;
            case "no" -> 2L;
            default -> throw new IllegalArgumentException("consent not in the floor's rules: " + consent);
        } << CONSENT_SHIFT;
        state[b + FLAGS] = f;
        evaluate(r, now, out);
    }

    // ---- events ---------------------------------------------------------------------------------------

    /** Advances the clock to {@code t} (firing timers), then records the event and reports its changes. */
    void onEvent(long profile, long t, String type, String channel, String device, double value,
                 SegmentChangeListener out) {
        int ty = type(type);
        int ch = channel(channel);
        int dv = device(device);
        long cents = Math.round(value * 100);
        if (cents < 0 || cents >= 1 << 16 || cents / 100.0 != value) {
            throw new IllegalArgumentException("value not in whole cents within the floor's range: " + value);
        }
        if (t < now) {
            throw new IllegalArgumentException("event before the clock: " + t + " < " + now);
        }
        // The event's index slot and row are loaded before the due timers fire, so that their misses
        // overlap the firings' (independent) ones.
        long h = mix(profile);
        int first = index[(int) h & (index.length - 1)];
        if (first != 0) {
            touched += state[((first & INDEX_ROW) - 1) * STRIDE + KEY];
        }
        advanceTo(t, out);
        int r = row(profile, h);
        int b = r * STRIDE;
        long[] s = state;
        // The type's latest times, newest first.
        int at = b + TYPE_AT[ty];
        int keep = TYPE_KEEP[ty];
        long out1 = s[at + keep - 1];
        System.arraycopy(s, at, s, at + 1, keep - 1);
        s[at] = ty == 5 ? t << 16 | cents : t;
        s[b + CHANNEL_LAST + ch] = t;
        long f = s[b + FLAGS] | (1L << ch);
        if (ch == 0) {
            s[b + WEB_DEVICE_LAST + dv] = t;
        }
        if (ty == 2) {
            f |= EMAIL_OPEN_EVER;
        } else if (ty == 5) {
            long prev = s[b + PURCHASE + 1] >> 16;
            if ((f & PURCHASE_EVER) == 0) {
                s[b + FIRST_PURCHASE] = t;
            } else if (t - prev >= LAPSED_AFTER) {
                s[b + RETURN] = t;
            }
            f |= PURCHASE_EVER;
            if (out1 >> 16 > t - 365 * DAY) {
                spill(r, b, out1, t);
            }
            s[b + SUMS_UNTIL] = Long.MIN_VALUE; // the sums change
        }
        s[b + FLAGS] = f;
        long e = logEnd;
        int c = (int) (e >>> CHUNK_BITS);
        if (c == log.length) {
            log = Arrays.copyOf(log, c * 2);
        }
        long[] chunk = log[c];
        if (chunk == null) {
            chunk = log[c] = new long[1 << CHUNK_BITS];
        }
        int i = (int) (e & ((1 << CHUNK_BITS) - 1));
        chunk[i] = t;
        chunk[i + 1] = ty | (long) ch << 3 | (long) dv << 6 | cents << 9 | (s[b + LATEST] + 1) << 25;
        s[b + LATEST] = e;
        logEnd = e + 2;
        evaluate(r, t, out);
    }

    /** Keeps a purchase of the last 365 days pushed out of the row, for sums that need more than three. */
    private void spill(int r, int b, long packed, long t) {
        long[] p = older[r];
        long he = state[b + OLDER];
        int head = (int) he;
        int end = (int) (he >>> 32);
        long horizon = t - 365 * DAY;
        while (head < end && (p[head] >> 16) <= horizon) {
            head++;
        }
        if (p == null) {
            p = older[r] = new long[4];
        } else if (end == p.length) {
            int live = end - head;
            long[] q = live * 2 < p.length ? p : new long[p.length * 2];
            System.arraycopy(p, head, q, 0, live);
            p = older[r] = q;
            head = 0;
            end = live;
        }
        p[end] = packed;
        state[b + OLDER] = (long) (end + 1) << 32 | head;
    }

    /** Advances the clock to {@code t}, firing every timer up to and including {@code t} at its instant. */
    void advanceTo(long t, SegmentChangeListener out) {
        if (t < now) {
            throw new IllegalArgumentException("time before the clock: " + t + " < " + now);
        }
        long bucket = t >> BUCKET_SHIFT;
        while (loaded < bucket) {
            loaded++;
            int i = (int) (loaded & (RING - 1));
            long[] entries = ring[i];
            for (int k = 0, n = ringSize[i]; k < n; k++) {
                push(entries[k]);
            }
            ringSize[i] = 0;
        }
        long limit = ((t - base) << ROW_BITS) | TIMER_ROW;
        while (heapSize > 0 && heap[0] <= limit) {
            long e = pop();
            long at = (e >>> ROW_BITS) + base;
            int r = (int) (e & TIMER_ROW);
            long[] s = state;
            int b = r * STRIDE;
            if (s[b + QUEUED] != at) {
                continue; // superseded by an earlier timer of the same row
            }
            long wanted = s[b + WANTED];
            if (wanted != at) { // moved later (or to never) since it was queued
                s[b + QUEUED] = wanted;
                if (wanted != NEVER) {
                    enqueue(wanted, r);
                }
                continue;
            }
            s[b + WANTED] = NEVER;
            s[b + QUEUED] = NEVER;
            now = at;
            evaluate(r, at, out);
        }
        now = t;
        if (t - base >= REBASE_AFTER) {
            rebase(t);
        }
    }

    /**
     * Moves {@link #base} up to {@code t}: every pending entry is later than {@code t} (the ones due were
     * just fired), so none goes negative. Once every 2<sup>40</sup> ms (35 years) of stream, which only the
     * in-cache runs' stream reaches, at hundreds of years per benchmark.
     */
    private void rebase(long t) {
        long d = (t - base) << ROW_BITS;
        for (int i = 0; i < heapSize; i++) {
            heap[i] -= d;
        }
        for (int k = 0; k < RING; k++) {
            long[] a = ring[k];
            for (int i = 0, n = ringSize[k]; i < n; i++) {
                a[i] -= d;
            }
        }
        base = t;
    }

    /** The row's rules want to wake at {@code wake}: queued only if no queued timer of the row comes first. */
    private void arm(int r, long wake) {
        int b = r * STRIDE;
        state[b + WANTED] = wake;
        if (wake < state[b + QUEUED]) {
            state[b + QUEUED] = wake;
            enqueue(wake, r);
        }
    }

    private void enqueue(long wake, int r) {
        if (wake - now >= (long) (RING - 2) << BUCKET_SHIFT) {
            throw new IllegalStateException("timer beyond the floor's horizon: " + wake);
        }
        long e = (wake - base) << ROW_BITS | r;
        long bucket = wake >> BUCKET_SHIFT;
        if (bucket <= loaded) {
            push(e);
        } else {
            int i = (int) (bucket & (RING - 1));
            long[] a = ring[i];
            int n = ringSize[i];
            if (a == null) {
                a = ring[i] = new long[16];
            } else if (n == a.length) {
                a = ring[i] = Arrays.copyOf(a, n * 2);
            }
            a[n] = e;
            ringSize[i] = n + 1;
        }
    }

    private void push(long e) {
        if (heapSize == heap.length) {
            heap = Arrays.copyOf(heap, heapSize * 2);
        }
        long[] h = heap;
        int i = heapSize++;
        while (i > 0) {
            int parent = (i - 1) >>> 1;
            if (h[parent] <= e) {
                break;
            }
            h[i] = h[parent];
            i = parent;
        }
        h[i] = e;
    }

    private long pop() {
        long[] h = heap;
        long top = h[0];
        long last = h[--heapSize];
        int n = heapSize;
        int i = 0;
        while (true) {
            int c = 2 * i + 1;
            if (c >= n) {
                break;
            }
            if (c + 1 < n && h[c + 1] < h[c]) {
                c++;
            }
            if (h[c] >= last) {
                break;
            }
            h[i] = h[c];
            i = c;
        }
        if (n > 0) {
            h[i] = last;
        }
        return top;
    }

    // ---- the 50 rules ---------------------------------------------------------------------------------

    /** The next instant at which a membership of the row being evaluated flips with no further event. */
    private long wake;

    private void wakeAt(long instant) {
        if (instant < wake) {
            wake = instant;
        }
    }

    /** 1 if {@code at} lies within {@code w} before {@code t} (and the row then wakes when it leaves), else 0. */
    private long within(long at, long w, long t) {
        if (at > t - w) {
            wakeAt(at + w);
            return 1;
        }
        return 0;
    }

    /** Re-evaluates the 50 rules of row {@code r} at {@code t}, reports the differences and re-arms its timer. */
    private void evaluate(int r, long t, SegmentChangeListener out) {
        long[] s = state;
        int b = r * STRIDE;
        wake = NEVER;
        long f = s[b + FLAGS];
        long bits = lifecycle(s, b, t);

        // 6 app-users-never-buy: at least 3 app_open in 30 days and no purchase ever.
        if ((f & PURCHASE_EVER) == 0) {
            bits |= within(s[b + APP + 2], 30 * DAY, t) << 6;
        }
        // 7 shop-only-no-email: a store event, and no web, app or email_open event, ever.
        if ((f & 0b0111) == 0b0100 && (f & EMAIL_OPEN_EVER) == 0) {
            bits |= 1L << 7;
        }
        // 8 web-3-devices: the third latest of the web devices' last times within 30 days.
        bits |= within(third(s, b + WEB_DEVICE_LAST), 30 * DAY, t) << 8;
        // 9, 33..40: purchase sums, cached until a purchase or their next flip.
        if (t >= s[b + SUMS_UNTIL]) {
            long w = wake;
            wake = NEVER;
            s[b + SUMS] = sums(r, b, t);
            s[b + SUMS_UNTIL] = wake;
            wake = w;
        }
        bits |= s[b + SUMS];
        wakeAt(s[b + SUMS_UNTIL]);
        // 10 store-lapsed-90d: a store visit, the latest at least 90 days ago.
        long store = s[b + STORE];
        if (store != NONE) {
            if (t - store >= 90 * DAY) {
                bits |= 1L << 10;
            } else {
                wakeAt(store + 90 * DAY);
            }
        }
        // 11 email-engaged: at least 2 email_open in 30 days.
        bits |= within(s[b + EMAIL + 1], 30 * DAY, t) << 11;
        // 12 young-consenting-city.
        int city = (int) (f >>> CITY_SHIFT) & 15;
        int age = (f & AGE_PRESENT) == 0 ? -1 : (int) (f >>> AGE_SHIFT) & 255;
        int consent = (int) (f >>> CONSENT_SHIFT) & 3;
        if ((city == 0 || city == 1 || city == 8) && age >= 18 && age <= 35 && consent == 1) {
            bits |= 1L << 12;
        }
        // 13 browsers-no-cart: at least 5 views in 7 days and no add_to_cart in 7 days.
        long view5 = s[b + VIEW + 4];
        long cart = s[b + CART];
        boolean views = view5 > t - 7 * DAY;
        boolean carts = cart > t - 7 * DAY;
        if (views && !carts) {
            bits |= 1L << 13;
            wakeAt(view5 + 7 * DAY);
        } else if (views && view5 > cart) {
            wakeAt(cart + 7 * DAY);
        }
        // 14 multichannel: at least 3 distinct channels ever.
        if (Long.bitCount(f & 15) >= 3) {
            bits |= 1L << 14;
        }
        // 15..32: at least 2 of each type in 1, 7 and 30 days.
        for (int ty = 0; ty < 6; ty++) {
            long second = ty == 5 ? s[b + PURCHASE + 1] >> 16 : s[b + TYPE_AT[ty] + 1];
            for (int w = 0; w < 3; w++) {
                bits |= within(second, WINDOWS[w], t) << (15 + 3 * ty + w);
            }
        }
        // 41..44: a web, app, store, email event in 14 days.
        for (int ch = 0; ch < 4; ch++) {
            bits |= within(s[b + CHANNEL_LAST + ch], 14 * DAY, t) << (41 + ch);
        }
        // 45..49: traits.
        if (city == 0 && consent == 1) {
            bits |= 1L << 45;
        }
        if (age >= 60 && age <= 80) {
            bits |= 1L << 46;
        }
        if (city == 2 || city == 5 || city == 6 || city == 9) {
            bits |= 1L << 47;
        }
        if (consent == 2) {
            bits |= 1L << 48;
        }
        if (age >= 18 && age <= 25) {
            bits |= 1L << 49;
        }

        long old = s[b + BITS];
        s[b + BITS] = bits;
        for (long d = old ^ bits; d != 0; d &= d - 1) {
            int i = Long.numberOfTrailingZeros(d);
            out.onChange(s[b + KEY], ids[i], (bits & (1L << i)) != 0, t);
        }
        arm(r, wake);
    }

    /** The third latest of four times (the second earliest). */
    private static long third(long[] s, int at) {
        long a = s[at];
        long b = s[at + 1];
        long c = s[at + 2];
        long d = s[at + 3];
        long lo1 = Math.min(a, b);
        long hi1 = Math.max(a, b);
        long lo2 = Math.min(c, d);
        long hi2 = Math.max(c, d);
        return Math.min(Math.max(lo1, lo2), Math.min(hi1, hi2));
    }

    /** Bits 0..5 of the lifecycle stage at {@code t}; the next instant at which it changes into {@code wake}. */
    private long lifecycle(long[] s, int b, long t) {
        long first = s[b + FIRST_PURCHASE];
        if (first == NONE) {
            return 1L; // prospect, for good without a purchase
        }
        long last = s[b + PURCHASE] >> 16;
        long ret = s[b + RETURN];
        int stage = stage(first, last, ret, t);
        // The stage changes only at these instants; the first at which it differs is the next change.
        stageChange(first, last, ret, stage, t, first + NEW_FOR);
        if (ret != NONE) {
            stageChange(first, last, ret, stage, t, ret + REACTIVATED_FOR);
        }
        stageChange(first, last, ret, stage, t, last + ACTIVE_FOR);
        stageChange(first, last, ret, stage, t, last + LAPSED_AFTER);
        return 1L << stage;
    }

    private void stageChange(long first, long last, long ret, int stage, long t, long candidate) {
        if (candidate > t && candidate < wake && stage(first, last, ret, candidate) != stage) {
            wake = candidate;
        }
    }

    /** The stage's ordinal (PROSPECT 0, NEW 1, ACTIVE 2, AT_RISK 3, LAPSED 4, REACTIVATED 5) at {@code t}. */
    private static int stage(long first, long last, long ret, long t) {
        if (t - first < NEW_FOR) {
            return 1;
        }
        if (ret != NONE && t - ret < REACTIVATED_FOR) {
            return 5;
        }
        if (t - last < ACTIVE_FOR) {
            return 2;
        }
        return t - last < LAPSED_AFTER ? 3 : 4;
    }

    /**
     * Bit 9 (at least 500 in purchases over 365 days) and bits 33..40 (at least 50, 100, 200, 1000 over 30
     * and then over 90 days), walking the purchases newest first until every rule is decided; a sum that holds
     * holds until the purchase that took it over its threshold leaves the window.
     */
    private long sums(int r, int b, long t) {
        long[] s = state;
        long bits = 0;
        long acc = 0;
        int next30 = 0;
        int next90 = 0;
        boolean big = false;
        long[] p = null;
        int k = 0;
        int head = 0;
        while (true) {
            long e;
            if (p == null && k < 3) {
                e = s[b + PURCHASE + k++];
            } else {
                if (p == null) {
                    p = older[r];
                    if (p == null) {
                        break;
                    }
                    long he = s[b + OLDER];
                    head = (int) he;
                    k = (int) (he >>> 32);
                }
                if (--k < head) {
                    break;
                }
                e = p[k];
            }
            long at = e >> 16;
            if (at <= t - 365 * DAY) {
                break;
            }
            acc += e & 0xFFFF;
            if (at > t - 30 * DAY) {
                while (next30 < 4 && acc >= SPEND_CENTS[next30]) {
                    bits |= 1L << (33 + next30++);
                    wakeAt(at + 30 * DAY);
                }
            }
            if (at > t - 90 * DAY) {
                while (next90 < 4 && acc >= SPEND_CENTS[next90]) {
                    bits |= 1L << (37 + next90++);
                    wakeAt(at + 90 * DAY);
                }
            }
            if (!big && acc >= 50_000) {
                big = true;
                bits |= 1L << 9;
                wakeAt(at + 365 * DAY);
            }
            if (big && (next90 == 4 || at <= t - 90 * DAY)) {
                break; // every rule decided
            }
        }
        return bits;
    }
}
