package io.omnicanal.attribution.internal;

/**
 * Compensated (Neumaier) summation, so that totals over millions of rows stay within 1e-9 of the
 * exact sum and credits can be checked against them. Not thread-safe.
 */
public final class KahanSum {
    private double sum;
    private double compensation;

    public void add(double x) {
        double t = sum + x;
        if (Math.abs(sum) >= Math.abs(x)) {
            compensation += (sum - t) + x;
        } else {
            compensation += (x - t) + sum;
        }
        sum = t;
    }

    public double sum() {
        return sum + compensation;
    }

    public static double of(double[] values) {
        KahanSum k = new KahanSum();
        for (double v : values) {
            k.add(v);
        }
        return k.sum();
    }
}
