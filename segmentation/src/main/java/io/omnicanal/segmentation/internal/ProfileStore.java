package io.omnicanal.segmentation.internal;

import it.unimi.dsi.fastutil.ints.IntArrayList;
import it.unimi.dsi.fastutil.longs.Long2IntOpenHashMap;
import it.unimi.dsi.fastutil.objects.Object2IntOpenHashMap;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The profile store: dense rows for profile keys, each row's event history time-sorted in one packed
 * {@code long[]}, and traits as one primitive column per trait name.
 *
 * <p>Design note. An event is two longs, 16 bytes: the epoch milliseconds, then a word holding, in its high
 * half, the event's dimension combination (its type/channel/device ids, interned store-wide as a 31-bit
 * combination id; a store sees a few hundred combinations where each id alone may need 21 bits) and, in
 * its low half, the value in micro-units when it fits in an {@code int} (|value| below 2 147.48) and the
 * event carries no properties. Otherwise the word's top bit is set and its low half indexes the row's side
 * array, which holds the event's value (micro-units, a {@code long}) and its reference into the shared
 * property pool. Side entries are appended and never move, so an insertion into the middle of the
 * history (a late event) shifts only the two-long entries. The previous layout spent four longs (time,
 * packed ids, value bits, property reference) on every event: most events (views, opens, visits) have no
 * value and no properties, and purchases mostly fit the inline range. Values are stored as the
 * micro-units every sum uses, so nothing reads the original {@code double}.
 *
 * <p>One array per profile keeps a profile's history contiguous, so both the per-profile batch scan and
 * the incremental window cursors walk memory sequentially; histories grow by half, amortising appends to
 * O(1). Rows of erased or merged-away profiles are tombstoned (history, traits and key cleared, row not reused)
 * so that row numbers, on which the segment bitmaps and timers are keyed, stay stable. Not thread-safe
 * (the engine serialises access).
 */
public final class ProfileStore {
    /** Longs per event. */
    static final int STRIDE = 2;
    static final int ID_BITS = 21;
    static final int ID_MAX = (1 << ID_BITS) - 2;
    /** Top bit of an event word: value and property reference live in the row's side array. */
    private static final long SIDE = Long.MIN_VALUE;
    private static final int COMBO_MASK = 0x7FFF_FFFF;
    private static final long[] EMPTY = new long[0];

    /**
     * The most longs one compiled catalog's slab (every profile's state block, one {@code long[]}) may hold;
     * a test knob, otherwise the largest array the VM allocates. See {@link Compiled#maxRows()}.
     */
    long maxSlabLongs = Integer.MAX_VALUE - 16;
    final KeyIndex index = new KeyIndex();
    long[] keys = new long[16];
    boolean[] alive = new boolean[16];
    long[][] hist = new long[16][];
    int[] size = new int[16];
    /** Per row: {@code [used, micros0, ref0, micros1, ref1, ...]} for events flagged {@link #SIDE}, or null. */
    long[][] side = new long[16][];
    /** Per row: the sum of {@code |micros|} over its {@link #isLarge large} events; see {@link #LARGE_BUDGET}. */
    long[] large = new long[16];
    int rows;
    int live;
    long events;

    final Interner types = new Interner();
    final Interner channels = new Interner();
    final Interner devices = new Interner();
    final Interner strings = new Interner();
    final IntArrayList props = new IntArrayList();
    /** Dimension combinations: packed ids ({@link #dims}) to a dense id, and back. */
    private final Long2IntOpenHashMap comboIndex = new Long2IntOpenHashMap();
    private long[] comboDims = new long[16];
    private int combos;

    final Object2IntOpenHashMap<String> traitIndex = new Object2IntOpenHashMap<>();
    final List<String> traitNames = new ArrayList<>();
    final List<int[]> traitValues = new ArrayList<>();
    final List<double[]> traitNumbers = new ArrayList<>();

    /** An empty store. */
    public ProfileStore() {
        traitIndex.defaultReturnValue(-1);
        comboIndex.defaultReturnValue(-1);
        props.add(0); // offset 0 is reserved so that a reference of 0 means "no properties"
    }

    int row(long key) {
        return index.get(key);
    }

    int rowOrCreate(long key) {
        int r = index.get(key);
        if (r >= 0) {
            return r;
        }
        if (rows == keys.length) {
            int cap = rows + (rows >> 1) + 16;
            keys = Arrays.copyOf(keys, cap);
            alive = Arrays.copyOf(alive, cap);
            hist = Arrays.copyOf(hist, cap);
            size = Arrays.copyOf(size, cap);
            side = Arrays.copyOf(side, cap);
            large = Arrays.copyOf(large, cap);
            for (int t = 0; t < traitValues.size(); t++) {
                traitValues.set(t, Arrays.copyOf(traitValues.get(t), cap));
                double[] nums = Arrays.copyOf(traitNumbers.get(t), cap);
                Arrays.fill(nums, rows, cap, Double.NaN);
                traitNumbers.set(t, nums);
            }
        }
        r = rows++;
        keys[r] = key;
        alive[r] = true;
        hist[r] = EMPTY;
        index.put(key, r);
        live++;
        return r;
    }

    int capacity() {
        return keys.length;
    }

    static long dims(int type, int channel, int device) {
        return (long) type << (2 * ID_BITS) | (long) (channel + 1) << ID_BITS | (device + 1);
    }

    static int type(long dims) {
        return (int) (dims >>> (2 * ID_BITS));
    }

    static int channel(long dims) {
        return (int) ((dims >>> ID_BITS) & ((1L << ID_BITS) - 1)) - 1;
    }

    static int device(long dims) {
        return (int) (dims & ((1L << ID_BITS) - 1)) - 1;
    }

    /**
     * The most {@code |micros|} a row's large events may carry together: {@code Long.MAX_VALUE - 2^61},
     * 6 917 529 027 641.081855 in value units.
     *
     * <p>Design note. Every sum the engine computes (a windowed or whole-history sum, RFM monetary, the
     * partial sums of the deadline walks, a batch rebuild) adds the values of some of one row's events,
     * so its magnitude is at most the row's total {@code |micros|}: while that total fits a {@code long},
     * no sum can overflow. A row holds fewer than 2^30 events (its history is one {@code long[]} of two longs
     * an event) and a small event's {@code |micros|} is at most 2^31 (it fits an {@code int}), so the small
     * events of a row total less than 2^61 whatever they are; only the large ones need counting. That is
     * done where they are stored (they already take the side-array path), and the real-time path pays one
     * comparison ({@code micros != (int) micros}) for the others: no load, no per-event total. The price
     * is a bound below the exact range by 2^61 micro-units (2.3 trillion in value units), which no profile
     * reaches unless its events are mostly of the order of 1e12.
     */
    static final long LARGE_BUDGET = Long.MAX_VALUE - (1L << 61);

    /** Whether a value in micro-units counts against {@link #LARGE_BUDGET} (it does not fit an {@code int}). */
    static boolean isLarge(long micros) {
        return micros != (int) micros;
    }

    /**
     * The most events one profile's history holds: its time-sorted array of {@link #STRIDE} longs an
     * event must fit one Java array (1,073,741,815 events, just under 2^30, which the exact-sum
     * bound of {@code Event} relies on).
     */
    static final int MAX_PROFILE_EVENTS = (Integer.MAX_VALUE - 16) / STRIDE;
    /** {@link #MAX_PROFILE_EVENTS}, lowered by tests. */
    int maxProfileEvents = MAX_PROFILE_EVENTS;

    /** Events in the history of {@code row}, 0 for an unknown profile (-1). */
    int historySize(int row) {
        return row < 0 ? 0 : size[row];
    }

    /** What row {@code row}'s large events total, in {@code |micros|}; 0 for -1 (an unknown profile). */
    long largeTotal(int row) {
        return row < 0 ? 0 : large[row];
    }

    /** A value in micro-units (rounded to 6 decimals), the unit every sum uses. */
    static long micros(double value) {
        return Math.round(value * 1e6);
    }

    /**
     * The dense id of a dimension combination, interned on first sight. Ids fit 31 bits: there are at most
     * as many combinations as stored events, and the table is an array (at most 2^31 - 1 entries).
     */
    int comboId(long dims) {
        int c = comboIndex.get(dims);
        if (c < 0) {
            c = combos++;
            if (c == comboDims.length) {
                comboDims = Arrays.copyOf(comboDims, 2 * c);
            }
            comboDims[c] = dims;
            comboIndex.put(dims, c);
        }
        return c;
    }

    long time(int row, int pos) {
        return hist[row][pos * STRIDE];
    }

    /** The event word at {@code pos}: dimension combination, and inline value or side index. */
    long word(int row, int pos) {
        return hist[row][pos * STRIDE + 1];
    }

    /** The packed type/channel/device ids of an event word. */
    long dims(long word) {
        return comboDims[combo(word)];
    }

    /** The dimension combination id of an event word. */
    static int combo(long word) {
        return (int) (word >>> 32) & COMBO_MASK;
    }

    /** The packed type/channel/device ids of combination {@code combo}. */
    long comboDims(int combo) {
        return comboDims[combo];
    }

    long dimsAt(int row, int pos) {
        return dims(word(row, pos));
    }

    /** The value, in micro-units, of the event of {@code row} whose word is {@code word}. */
    long micros(int row, long word) {
        return word < 0 ? side[row][1 + 2 * (int) word] : (int) word;
    }

    long microsAt(int row, int pos) {
        return micros(row, word(row, pos));
    }

    /** The property reference (0: none) of the event of {@code row} whose word is {@code word}. */
    int propsRef(int row, long word) {
        return word < 0 ? (int) side[row][2 + 2 * (int) word] : 0;
    }

    int propsRefAt(int row, int pos) {
        return propsRef(row, word(row, pos));
    }

    long lastTime(int row) {
        return size[row] == 0 ? Long.MIN_VALUE : hist[row][(size[row] - 1) * STRIDE];
    }

    /** The value of property {@code key} in the pool entry {@code ref}, or -1. */
    int property(int ref, int key) {
        if (ref == 0) {
            return -1;
        }
        int n = props.getInt(ref);
        for (int i = 0; i < n; i++) {
            if (props.getInt(ref + 1 + 2 * i) == key) {
                return props.getInt(ref + 2 + 2 * i);
            }
        }
        return -1;
    }

    /** Stores interned property pairs; returns the reference (0 for none). */
    int addProperties(int[] pairs) {
        if (pairs.length == 0) {
            return 0;
        }
        int ref = props.size();
        props.add(pairs.length / 2);
        for (int p : pairs) {
            props.add(p);
        }
        return ref;
    }

    /** The event word for these parts, appending a side entry to {@code row} when they do not fit inline. */
    private long encode(int row, int combo, long micros, int propsRef) {
        long hi = (long) combo << 32;
        if (propsRef == 0 && micros == (int) micros) {
            return hi | (micros & 0xFFFF_FFFFL);
        }
        if (isLarge(micros)) {
            large[row] += Math.abs(micros);
        }
        long[] x = side[row];
        int used = x == null ? 0 : (int) x[0];
        if (x == null || 1 + 2 * (used + 1) > x.length) {
            int cap = Math.max(2, used + (used >> 1) + 1);
            x = x == null ? new long[1 + 2 * cap] : Arrays.copyOf(x, 1 + 2 * cap);
            side[row] = x;
        }
        x[1 + 2 * used] = micros;
        x[2 + 2 * used] = propsRef;
        x[0] = used + 1;
        return SIDE | hi | used;
    }

    /**
     * Inserts an event into the row's time-sorted history after every event at or before {@code time};
     * returns its position.
     */
    int insert(int row, long time, long dims, long micros, int propsRef) {
        return insertCombo(row, time, comboId(dims), micros, propsRef);
    }

    /** As {@link #insert}, for an event whose dimension combination is already interned as {@code combo}. */
    int insertCombo(int row, long time, int combo, long micros, int propsRef) {
        long word = encode(row, combo, micros, propsRef);
        long[] h = hist[row];
        int n = size[row];
        if ((n + 1) * STRIDE > h.length) {
            int cap = (int) Math.min(MAX_PROFILE_EVENTS, Math.max(4L, n + (n >> 1) + 1L));
            if (cap <= n) {
                throw new IllegalStateException("a profile's history holds at most " + MAX_PROFILE_EVENTS + " events");
            }
            h = Arrays.copyOf(h, cap * STRIDE);
            hist[row] = h;
        }
        int pos = n;
        if (n > 0 && h[(n - 1) * STRIDE] > time) {
            int lo = 0;
            int hi = n;
            while (lo < hi) {
                int mid = (lo + hi) >>> 1;
                if (h[mid * STRIDE] <= time) {
                    lo = mid + 1;
                } else {
                    hi = mid;
                }
            }
            pos = lo;
            System.arraycopy(h, pos * STRIDE, h, (pos + 1) * STRIDE, (n - pos) * STRIDE);
        }
        int o = pos * STRIDE;
        h[o] = time;
        h[o + 1] = word;
        size[row] = n + 1;
        events++;
        return pos;
    }

    // ---- traits -----------------------------------------------------------------------------------

    int traitId(String name) {
        return traitIndex.getInt(name);
    }

    int traitIdOrCreate(String name) {
        int t = traitIndex.getInt(name);
        if (t < 0) {
            t = traitNames.size();
            traitIndex.put(name, t);
            traitNames.add(name);
            traitValues.add(new int[keys.length]);
            double[] nums = new double[keys.length];
            Arrays.fill(nums, Double.NaN);
            traitNumbers.add(nums);
        }
        return t;
    }

    /** The interned value id of trait {@code t} at {@code row}, or -1 when absent. */
    int traitValue(int t, int row) {
        return traitValues.get(t)[row] - 1;
    }

    double traitNumber(int t, int row) {
        return traitNumbers.get(t)[row];
    }

    void setTrait(int t, int row, String value) {
        if (value == null) {
            traitValues.get(t)[row] = 0;
            traitNumbers.get(t)[row] = Double.NaN;
            return;
        }
        traitValues.get(t)[row] = strings.intern(value) + 1;
        traitNumbers.get(t)[row] = parseNumber(value);
    }

    static double parseNumber(String s) {
        String v = s.strip();
        if (v.isEmpty() || v.length() > 64) {
            return Double.NaN;
        }
        for (int i = 0; i < v.length(); i++) {
            char c = v.charAt(i);
            if (!(c >= '0' && c <= '9' || c == '.' || c == '-' || c == '+' || c == 'e' || c == 'E')) {
                return Double.NaN;
            }
        }
        try {
            double d = Double.parseDouble(v);
            return Double.isFinite(d) ? d : Double.NaN;
        } catch (NumberFormatException e) {
            return Double.NaN;
        }
    }

    /** The traits of {@code row} as (name, value) pairs sorted by name. */
    java.util.SortedMap<String, String> traits(int row) {
        java.util.TreeMap<String, String> m = new java.util.TreeMap<>();
        for (int t = 0; t < traitNames.size(); t++) {
            int v = traitValues.get(t)[row];
            if (v > 0) {
                m.put(traitNames.get(t), strings.name(v - 1));
            }
        }
        return m;
    }

    // ---- identity following ------------------------------------------------------------------------

    /**
     * Clears the row's history, traits and properties and tombstones it: the key becomes unknown and is not
     * kept (the row's key reads 0), the property values of its events are overwritten in the pool.
     */
    void erase(int row) {
        long[] x = side[row];
        for (int i = 0, used = x == null ? 0 : (int) x[0]; i < used; i++) {
            int ref = (int) x[2 + 2 * i];
            if (ref != 0) {
                int n = props.getInt(ref);
                for (int j = 0; j < 2 * n; j++) {
                    props.set(ref + 1 + j, -1);
                }
            }
        }
        events -= size[row];
        hist[row] = EMPTY;
        size[row] = 0;
        side[row] = null;
        large[row] = 0;
        for (int t = 0; t < traitValues.size(); t++) {
            traitValues.get(t)[row] = 0;
            traitNumbers.get(t)[row] = Double.NaN;
        }
        index.remove(keys[row]);
        keys[row] = 0; // a tombstone keeps no key
        alive[row] = false;
        live--;
    }

    /**
     * Moves the loser's history into the winner's (merged in time order; at equal times the winner's
     * events first) and fills the winner's missing traits from the loser's; the loser row is tombstoned.
     */
    void mergeInto(int loser, int winner) {
        long[] a = hist[winner];
        long[] b = hist[loser];
        long[] sa = side[winner];
        long[] sb = side[loser];
        int na = size[winner];
        int nb = size[loser];
        long[] out = new long[Math.max(4, na + nb) * STRIDE];
        side[winner] = null;
        large[winner] = 0; // the winner's and the loser's large events are encoded again below
        int i = 0;
        int j = 0;
        int k = 0;
        while (i < na || j < nb) {
            boolean takeA = j >= nb || i < na && a[i * STRIDE] <= b[j * STRIDE];
            long[] from = takeA ? a : b;
            long[] fromSide = takeA ? sa : sb;
            int o = (takeA ? i++ : j++) * STRIDE;
            long word = from[o + 1];
            if (word < 0) {
                int x = 1 + 2 * (int) word;
                word = encode(winner, combo(word), fromSide[x], (int) fromSide[x + 1]);
            }
            out[k * STRIDE] = from[o];
            out[k * STRIDE + 1] = word;
            k++;
        }
        hist[winner] = out;
        size[winner] = na + nb;
        for (int t = 0; t < traitValues.size(); t++) {
            int[] vals = traitValues.get(t);
            if (vals[winner] == 0 && vals[loser] != 0) {
                vals[winner] = vals[loser];
                traitNumbers.get(t)[winner] = traitNumbers.get(t)[loser];
            }
        }
        hist[loser] = EMPTY;
        size[loser] = 0;
        side[loser] = null;
        large[loser] = 0;
        for (int t = 0; t < traitValues.size(); t++) {
            traitValues.get(t)[loser] = 0;
            traitNumbers.get(t)[loser] = Double.NaN;
        }
        index.remove(keys[loser]);
        keys[loser] = 0; // a tombstone keeps no key
        alive[loser] = false;
        live--;
    }

    /** Approximate heap bytes held (arrays and pools; hash maps estimated at 16 bytes per entry). */
    long bytes() {
        long b = 8L * keys.length + keys.length + 8L * hist.length + 4L * size.length + 8L * side.length
                + 8L * large.length;
        for (int r = 0; r < rows; r++) {
            b += 16 + 8L * hist[r].length + (side[r] == null ? 0 : 16 + 8L * side[r].length);
        }
        b += index.bytes() + 4L * props.size() + 8L * comboDims.length + 16L * combos;
        b += (long) traitValues.size() * keys.length * 12;
        return b;
    }
}
