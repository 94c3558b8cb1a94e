package dev.adjoint.nn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.adjoint.api.DType;
import dev.adjoint.api.Tensor;
import java.util.SplittableRandom;

/** Helpers for the point-convolution tests: random clouds, shifts, permutations and comparisons. */
final class PointTesting {
    private PointTesting() {
    }

    /** {@code n} points uniform in {@code [0, side)^dims}. */
    static Tensor cloud(long seed, int n, int dims, double side, DType dtype) {
        SplittableRandom r = new SplittableRandom(seed);
        double[] v = new double[n * dims];
        for (int i = 0; i < v.length; i++) {
            v[i] = r.nextDouble(0, side);
        }
        return Tensor.of(v, n, dims).cast(dtype);
    }

    /** A random permutation of {@code 0 .. n-1}. */
    static int[] permutation(long seed, int n) {
        SplittableRandom r = new SplittableRandom(seed);
        int[] p = new int[n];
        for (int i = 0; i < n; i++) {
            p[i] = i;
        }
        for (int i = n - 1; i > 0; i--) {
            int j = r.nextInt(i + 1);
            int t = p[i];
            p[i] = p[j];
            p[j] = t;
        }
        return p;
    }

    /** The rows of {@code x} in the order {@code perm}. */
    static Tensor rows(Tensor x, int[] perm) {
        return x.gather(0, Tensor.of(perm));
    }

    /** Asserts equal shapes and elementwise closeness relative to the largest magnitude of {@code expected}. */
    static void assertClose(Tensor actual, Tensor expected, double rtol) {
        assertThat(actual.shape().dims()).containsExactly(expected.shape().dims());
        double[] a = actual.toDoubleArray();
        double[] e = expected.toDoubleArray();
        double scale = 0;
        for (double v : e) {
            scale = Math.max(scale, Math.abs(v));
        }
        for (int i = 0; i < a.length; i++) {
            assertThat(a[i]).as("element %d", i).isCloseTo(e[i], within(rtol * Math.max(scale, 1e-300)));
        }
    }

    /** {@code |sum over rows| / sum over rows of |row|}, per channel maximised. */
    static double relativeRowSum(Tensor out) {
        double[] v = out.toDoubleArray();
        int c = out.dim(1);
        double worst = 0;
        for (int k = 0; k < c; k++) {
            double sum = 0;
            double abs = 0;
            for (int i = k; i < v.length; i += c) {
                sum += v[i];
                abs += Math.abs(v[i]);
            }
            worst = Math.max(worst, Math.abs(sum) / abs);
        }
        return worst;
    }
}
