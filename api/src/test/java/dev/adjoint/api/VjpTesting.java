package dev.adjoint.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.adjoint.api.testing.GradCheck;
import java.util.SplittableRandom;
import java.util.function.Function;

/** Shared fixtures of the gradient tests of the core families: random inputs, dtype pairs, assertions. */
final class VjpTesting {
    private VjpTesting() {
    }

    /** A float64 tensor of the given shape with values uniform in [lo, hi) from {@code seed}. */
    static Tensor rand(long seed, double lo, double hi, int... shape) {
        SplittableRandom r = new SplittableRandom(seed);
        double[] v = new double[Shape.of(shape).size()];
        for (int i = 0; i < v.length; i++) {
            v[i] = r.nextDouble(lo, hi);
        }
        return tensor(v, shape);
    }

    /** A float64 tensor of the given shape with values in [-1, 1). */
    static Tensor rand(long seed, int... shape) {
        return rand(seed, -1, 1, shape);
    }

    /** A float64 tensor of the given shape with values of magnitude in [0.5, 1.5) and random sign. */
    static Tensor awayFromZero(long seed, int... shape) {
        SplittableRandom r = new SplittableRandom(seed);
        double[] v = new double[Shape.of(shape).size()];
        for (int i = 0; i < v.length; i++) {
            v[i] = r.nextDouble(0.5, 1.5) * (r.nextBoolean() ? 1 : -1);
        }
        return tensor(v, shape);
    }

    /** A float64 tensor of {@code shape} holding {@code v}; an empty shape gives a rank-0 tensor. */
    static Tensor tensor(double[] v, int... shape) {
        return shape.length == 0 ? Tensor.scalar(v[0], DType.FLOAT64) : Tensor.of(v, shape);
    }

    static Tensor f64(double... v) {
        return Tensor.of(v);
    }

    /** The same values in float32 (float64 tensors only; others unchanged). */
    static Tensor f32(Tensor t) {
        return t.dtype() == DType.FLOAT64 ? t.cast(DType.FLOAT32) : t;
    }

    /** GradCheck in float64 with the tight default tolerances, then in float32 with the loose ones. */
    static void checkBoth(Function<Tensor[], Tensor> f, Tensor... f64Inputs) {
        GradCheck.checkFloat64AndFloat32(f, f64Inputs);
    }

    /** Asserts shape, dtype and values of a gradient, each value within a relative {@code tol}. */
    static void assertValues(Tensor actual, DType dtype, int[] shape, double tol, double... expected) {
        assertThat(actual.shape()).isEqualTo(Shape.of(shape));
        assertThat(actual.dtype()).isEqualTo(dtype);
        double[] v = actual.toDoubleArray();
        assertThat(v).hasSize(expected.length);
        for (int i = 0; i < v.length; i++) {
            assertThat(v[i]).as("element %d", i).isCloseTo(expected[i], within(tol * Math.max(1, Math.abs(expected[i]))));
        }
    }
}
