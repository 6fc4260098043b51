package io.omnicanal.attribution.internal;

/**
 * LU factorisation with partial pivoting of a dense row-major matrix, solving two right-hand sides
 * at once. O(n^3 / 3) time, in place. Not thread-safe on shared arrays.
 */
final class DenseLu {
    private DenseLu() {
    }

    static void solveInPlace(double[] a, int n, double[] x, double[] y) {
        for (int k = 0; k < n; k++) {
            int pivot = k;
            double best = Math.abs(a[k * n + k]);
            for (int i = k + 1; i < n; i++) {
                double v = Math.abs(a[i * n + k]);
                if (v > best) {
                    best = v;
                    pivot = i;
                }
            }
            if (best == 0) {
                throw new IllegalStateException("markov: singular transition system at state " + k);
            }
            if (pivot != k) {
                for (int j = 0; j < n; j++) {
                    double t = a[k * n + j];
                    a[k * n + j] = a[pivot * n + j];
                    a[pivot * n + j] = t;
                }
                double t = x[k];
                x[k] = x[pivot];
                x[pivot] = t;
                t = y[k];
                y[k] = y[pivot];
                y[pivot] = t;
            }
            double d = a[k * n + k];
            for (int i = k + 1; i < n; i++) {
                double f = a[i * n + k] / d;
                if (f == 0) {
                    continue;
                }
                a[i * n + k] = f;
                for (int j = k + 1; j < n; j++) {
                    a[i * n + j] -= f * a[k * n + j];
                }
                x[i] -= f * x[k];
                y[i] -= f * y[k];
            }
        }
        for (int i = n - 1; i >= 0; i--) {
            double sx = x[i];
            double sy = y[i];
            for (int j = i + 1; j < n; j++) {
                sx -= a[i * n + j] * x[j];
                sy -= a[i * n + j] * y[j];
            }
            x[i] = sx / a[i * n + i];
            y[i] = sy / a[i * n + i];
        }
    }
}
