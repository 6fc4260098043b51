package io.omnicanal.identity.internal;

/**
 * Epoch nanoseconds as an {@code int} of whole seconds since 2000-01-01T00:00:00Z, for the time
 * columns that hold one value per identifier or per link. Exact only for whole seconds from
 * 1931-12-13 to 2068-01-19 ({@link #fits(long)}); the columns switch to {@code long}
 * nanoseconds the first time a value does not fit. Stateless.
 */
final class CompactTime {

    /** The encoding of "no time" ({@link Partition#UNSEEN}). */
    static final int NONE = Integer.MIN_VALUE;
    private static final long BASE = 946_684_800L;
    private static final long NANOS = 1_000_000_000L;

    private CompactTime() {
    }

    /** @return whether {@code nanos} is a whole second in the encodable range */
    static boolean fits(long nanos) {
        if (nanos % NANOS != 0) {
            return false;
        }
        long s = nanos / NANOS - BASE;
        return s > Integer.MIN_VALUE && s <= Integer.MAX_VALUE;
    }

    /** @return the encoding of a time that {@link #fits(long)} */
    static int encode(long nanos) {
        return (int) (nanos / NANOS - BASE);
    }

    /** @return epoch nanoseconds, or {@link Partition#UNSEEN} for {@link #NONE} */
    static long decode(int s) {
        return s == NONE ? Partition.UNSEEN : (s + BASE) * NANOS;
    }
}
