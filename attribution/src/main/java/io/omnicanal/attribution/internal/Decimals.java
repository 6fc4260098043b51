package io.omnicanal.attribution.internal;

/**
 * Plain decimals ({@code [-+]digits[.digits]}) read exactly as {@link Double#parseDouble} reads
 * them, without making a {@code String}: with at most 15 digits and at most 22 after the point,
 * the value is {@code m / 10^k} with both operands exact doubles, which IEEE division rounds
 * correctly. Anything else gives NaN, and the caller asks {@code Double.parseDouble}. Stateless.
 */
final class Decimals {
    private static final double[] POW10 = new double[23];

    static {
        POW10[0] = 1;
        for (int i = 1; i < POW10.length; i++) {
            POW10[i] = POW10[i - 1] * 10;
        }
    }

    private Decimals() {
    }

    /** {@code text[a, z)} (ASCII bytes) as a plain decimal, or NaN. */
    static double plain(byte[] text, int a, int z) {
        int i = a;
        boolean negative = false;
        if (i < z && (text[i] == '-' || text[i] == '+')) {
            negative = text[i] == '-';
            i++;
        }
        long mantissa = 0;
        int digits = 0;
        int fraction = -1;
        for (; i < z; i++) {
            int d = text[i] - '0';
            if (d >= 0 && d <= 9) {
                mantissa = mantissa * 10 + d;
                digits++;
                if (fraction >= 0) {
                    fraction++;
                }
            } else if (text[i] == '.' && fraction < 0) {
                fraction = 0;
            } else {
                return Double.NaN;
            }
        }
        return value(negative, mantissa, digits, fraction);
    }

    private static double value(boolean negative, long mantissa, int digits, int fraction) {
        if (digits == 0 || digits > 15 || fraction > 22) {
            return Double.NaN;
        }
        double v = fraction > 0 ? mantissa / POW10[fraction] : mantissa;
        return negative ? -v : v;
    }
}
