package dev.adjoint.nn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.adjoint.api.DType;
import dev.adjoint.api.Tensor;
import java.util.SplittableRandom;

/** Small helpers for the layer tests: deterministic inputs and closeness checks. */
final class LayerTesting {
    private LayerTesting() {
    }

    /** A tensor of {@code dtype} with values uniform in [-1, 1) from {@code seed}. */
    static Tensor random(long seed, DType dtype, int... shape) {
        SplittableRandom r = new SplittableRandom(seed);
        int n = 1;
        for (int d : shape) {
            n *= d;
        }
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            v[i] = r.nextDouble(-1, 1);
        }
        return Tensor.of(v, shape).cast(dtype);
    }

    /** {@code values} as a tensor of {@code dtype} and {@code shape}. */
    static Tensor tensor(DType dtype, double[] values, int... shape) {
        return Tensor.of(values, shape).cast(dtype);
    }

    /** The tolerance for comparisons with hand-computed values in {@code dtype}. */
    static double tol(DType dtype) {
        return dtype == DType.FLOAT64 ? 1e-12 : 1e-5;
    }

    /** Asserts the dtype, shape and values of {@code actual}. */
    static void assertValues(Tensor actual, DType dtype, int[] shape, double[] expected) {
        assertThat(actual.dtype()).isEqualTo(dtype);
        assertThat(actual.shape().dims()).containsExactly(shape);
        double[] a = actual.toDoubleArray();
        assertThat(a).hasSize(expected.length);
        double t = tol(dtype);
        for (int i = 0; i < a.length; i++) {
            assertThat(a[i]).as("element %d", i).isCloseTo(expected[i], within(t * Math.max(1, Math.abs(expected[i]))));
        }
    }
}
