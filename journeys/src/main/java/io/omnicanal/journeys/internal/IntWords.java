package io.omnicanal.journeys.internal;

/**
 * A {@code long} kept in two adjacent ints of a record array (low word first), as the
 * {@link ProfileTable}, {@link StayTable} and {@link MessageTable} records hold their keys and
 * instants. Stateless.
 */
final class IntWords {
    private IntWords() {}

    /** @return the long in {@code a[i]} (low word) and {@code a[i + 1]} (high word) */
    static long getLong(int[] a, int i) {
        return (a[i] & 0xFFFF_FFFFL) | ((long) a[i + 1] << 32);
    }

    /** Stores {@code v} in {@code a[i]} (low word) and {@code a[i + 1]} (high word). */
    static void setLong(int[] a, int i, long v) {
        a[i] = (int) v;
        a[i + 1] = (int) (v >>> 32);
    }
}
