package io.omnicanal.segmentation.internal;

import java.util.Arrays;
import org.roaringbitmap.RoaringBitmap;
import org.roaringbitmap.RoaringBitmapWriter;

/**
 * One {@link RoaringBitmap} of store rows per segment, kept in step with the authoritative membership bits
 * of the profiles' state blocks through a log of toggles.
 *
 * <p>Design note. In real time a change touches a random row of a random segment; applying it to the
 * bitmap at once costs a container search and, for array containers, a shift of up to 8 KB. Instead each
 * change appends the row to its segment's toggle log (a primitive array, no allocation once grown), and
 * the log is folded into the bitmap when the bitmap is read or the log reaches {@link #LOG_LIMIT} rows:
 * rows toggled an even number of times cancel, and the rest are applied with one bitmap {@code xor}. A
 * full log is folded through a scratch bit array (one bit per row, XORed per entry, then scanned in row
 * order, which leaves it clear again) rather than sorted: a profiler put 4% of the real-time samples in
 * sorting the logs. A short log (a read soon after a fold) is sorted, so that a read does not scan a bit
 * per row of a large engine. Not thread-safe.
 */
final class Memberships {
    static final int LOG_LIMIT = 1 << 16;

    private final RoaringBitmap[] bitmaps;
    private final int[][] log;
    private final int[] logSize;
    /** One bit per row, all clear between folds. */
    private long[] scratch = new long[0];

    /** Takes ownership of {@code bitmaps} (one per segment, exact). */
    Memberships(RoaringBitmap[] bitmaps) {
        this.bitmaps = bitmaps;
        this.log = new int[bitmaps.length][];
        this.logSize = new int[bitmaps.length];
        Arrays.fill(log, new int[0]);
    }

    int segments() {
        return bitmaps.length;
    }

    /** Records that row {@code row} entered or left segment {@code s}. */
    void toggle(int s, int row) {
        int n = logSize[s];
        int[] l = log[s];
        if (n == l.length) {
            if (n == LOG_LIMIT) {
                fold(s);
                n = 0;
            } else {
                l = Arrays.copyOf(l, Math.min(LOG_LIMIT, Math.max(16, 2 * n)));
                log[s] = l;
            }
        }
        l[n] = row;
        logSize[s] = n + 1;
    }

    /** The exact bitmap of segment {@code s} (folds its pending toggles first). */
    RoaringBitmap bitmap(int s) {
        if (logSize[s] > 0) {
            fold(s);
        }
        return bitmaps[s];
    }

    private void fold(int s) {
        int n = logSize[s];
        int[] l = log[s];
        int rows = 0;
        for (int i = 0; i < n; i++) {
            rows = Math.max(rows, l[i] + 1);
        }
        int words = (rows + 63) >>> 6;
        RoaringBitmapWriter<RoaringBitmap> flips = RoaringBitmapWriter.writer().get();
        if ((long) n * 16 < words) {
            Arrays.sort(l, 0, n);
            int i = 0;
            while (i < n) {
                int j = i;
                while (j < n && l[j] == l[i]) {
                    j++;
                }
                if (((j - i) & 1) == 1) {
                    flips.add(l[i]);
                }
                i = j;
            }
        } else {
            if (scratch.length < words) {
                scratch = new long[Math.max(words, 2 * scratch.length)];
            }
            long[] b = scratch;
            for (int i = 0; i < n; i++) {
                b[l[i] >>> 6] ^= 1L << l[i];
            }
            for (int w = 0; w < words; w++) {
                long x = b[w];
                if (x != 0) {
                    b[w] = 0;
                    for (; x != 0; x &= x - 1) {
                        flips.add((w << 6) + Long.numberOfTrailingZeros(x));
                    }
                }
            }
        }
        bitmaps[s].xor(flips.get());
        logSize[s] = 0;
    }

    /** Heap bytes of the bitmaps (folded) and the logs. */
    long bytes() {
        long b = 0;
        for (int s = 0; s < bitmaps.length; s++) {
            b += bitmap(s).getLongSizeInBytes() + 16 + 4L * log[s].length;
        }
        b += 8L * scratch.length;
        return b;
    }
}
