package io.omnicanal.segmentation.internal;

import it.unimi.dsi.fastutil.ints.IntArrayList;
import it.unimi.dsi.fastutil.objects.Object2IntOpenHashMap;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The profile store: dense rows for profile keys, each row's event history time-sorted in one packed
 * {@code long[]}, and traits as one primitive column per trait name.
 *
 * <p>Design note. An event is four longs: epoch milliseconds, the interned type/channel/device ids packed
 * 21 bits each (channel and device stored +1 so that 0 means unknown), the value as raw double bits, and a
 * reference into the shared property pool (0: none). One array per profile keeps a profile's history
 * contiguous, so both the per-profile batch scan and the incremental window cursors walk memory
 * sequentially; histories grow by half, amortising appends to O(1). Rows of erased or merged-away
 * profiles are tombstoned (history and traits freed, row not reused) so that row numbers, on which the
 * segment bitmaps and timers are keyed, stay stable. Not thread-safe (the engine serialises access).
 */
public final class ProfileStore {
    /** Longs per event. */
    static final int STRIDE = 4;
    static final int ID_BITS = 21;
    static final int ID_MAX = (1 << ID_BITS) - 2;
    private static final long[] EMPTY = new long[0];

    final KeyIndex index = new KeyIndex();
    long[] keys = new long[16];
    boolean[] alive = new boolean[16];
    long[][] hist = new long[16][];
    int[] size = new int[16];
    int rows;
    int live;
    long events;

    final Interner types = new Interner();
    final Interner channels = new Interner();
    final Interner devices = new Interner();
    final Interner strings = new Interner();
    final IntArrayList props = new IntArrayList();

    final Object2IntOpenHashMap<String> traitIndex = new Object2IntOpenHashMap<>();
    final List<String> traitNames = new ArrayList<>();
    final List<int[]> traitValues = new ArrayList<>();
    final List<double[]> traitNumbers = new ArrayList<>();

    /** An empty store. */
    public ProfileStore() {
        traitIndex.defaultReturnValue(-1);
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

    static long micros(double value) {
        return Math.round(value * 1e6);
    }

    long time(int row, int pos) {
        return hist[row][pos * STRIDE];
    }

    long dimsAt(int row, int pos) {
        return hist[row][pos * STRIDE + 1];
    }

    double value(int row, int pos) {
        return Double.longBitsToDouble(hist[row][pos * STRIDE + 2]);
    }

    int propsRef(int row, int pos) {
        return (int) hist[row][pos * STRIDE + 3];
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

    /**
     * Inserts an event into the row's time-sorted history after every event at or before {@code time};
     * returns its position.
     */
    int insert(int row, long time, long dims, double value, int propsRef) {
        long[] h = hist[row];
        int n = size[row];
        if ((n + 1) * STRIDE > h.length) {
            int cap = Math.max(4, n + (n >> 1) + 1);
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
        h[o + 1] = dims;
        h[o + 2] = Double.doubleToRawLongBits(value);
        h[o + 3] = propsRef;
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

    /** Clears the row's history, traits and properties and tombstones it; the key becomes unknown. */
    void erase(int row) {
        long[] h = hist[row];
        for (int i = 0; i < size[row]; i++) {
            int ref = (int) h[i * STRIDE + 3];
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
        for (int t = 0; t < traitValues.size(); t++) {
            traitValues.get(t)[row] = 0;
            traitNumbers.get(t)[row] = Double.NaN;
        }
        index.remove(keys[row]);
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
        int na = size[winner];
        int nb = size[loser];
        long[] out = new long[Math.max(4, na + nb) * STRIDE];
        int i = 0;
        int j = 0;
        int k = 0;
        while (i < na || j < nb) {
            boolean takeA = j >= nb || i < na && a[i * STRIDE] <= b[j * STRIDE];
            if (takeA) {
                System.arraycopy(a, i++ * STRIDE, out, k++ * STRIDE, STRIDE);
            } else {
                System.arraycopy(b, j++ * STRIDE, out, k++ * STRIDE, STRIDE);
            }
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
        for (int t = 0; t < traitValues.size(); t++) {
            traitValues.get(t)[loser] = 0;
            traitNumbers.get(t)[loser] = Double.NaN;
        }
        index.remove(keys[loser]);
        alive[loser] = false;
        live--;
    }

    /** Approximate heap bytes held (arrays and pools; hash maps estimated at 16 bytes per entry). */
    long bytes() {
        long b = 8L * keys.length + keys.length + 8L * hist.length + 4L * size.length;
        for (int r = 0; r < rows; r++) {
            b += 16 + 8L * hist[r].length;
        }
        b += index.bytes() + 4L * props.size();
        b += (long) traitValues.size() * keys.length * 12;
        return b;
    }
}
