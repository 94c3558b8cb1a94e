package dev.adjoint.backend.vector;

import static org.assertj.core.api.Assertions.assertThat;

import dev.adjoint.api.Backends;
import dev.adjoint.api.DType;
import dev.adjoint.api.Shape;
import dev.adjoint.api.Tensor;
import dev.adjoint.api.spi.Backend;
import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.function.Function;

/**
 * Test support for the layout, indexing, sampling, spectral and neighbour kernels: builds the same inputs on
 * the vector and the reference backend, runs an op on both, and compares the results, exactly or within a
 * tolerance; also checks that the vector backend gives bit-identical results on pools of different sizes.
 */
final class ReferenceOracle {
    static final Backend VECTOR = Backends.byName(VectorProvider.NAME);
    static final Backend REFERENCE = Backends.byName("reference");
    /** Pool sizes a result must not depend on (1 runs inline). */
    static final int[] THREAD_COUNTS = {1, 2, 3, 7};

    private ReferenceOracle() {
    }

    /** A tensor of {@code data} on backend {@code b}. */
    static Tensor on(Backend b, float[] data, int... shape) {
        return Tensor.fromStorage(b, b.fromHost(data.clone()), Shape.of(shape));
    }

    static Tensor on(Backend b, double[] data, int... shape) {
        return Tensor.fromStorage(b, b.fromHost(data.clone()), Shape.of(shape));
    }

    static Tensor on(Backend b, int[] data, int... shape) {
        return Tensor.fromStorage(b, b.fromHost(data.clone()), Shape.of(shape));
    }

    /** Random data of the given dtype on {@code b}: uniform in [-1, 1), or 0..999 for INT32. */
    static Tensor random(Backend b, DType dtype, long seed, int... shape) {
        int n = Shape.of(shape).size();
        SplittableRandom rng = new SplittableRandom(seed);
        return switch (dtype) {
            case FLOAT32 -> {
                float[] v = new float[n];
                for (int i = 0; i < n; i++) {
                    v[i] = (float) (2 * rng.nextDouble() - 1);
                }
                yield on(b, v, shape);
            }
            case FLOAT64 -> {
                double[] v = new double[n];
                for (int i = 0; i < n; i++) {
                    v[i] = 2 * rng.nextDouble() - 1;
                }
                yield on(b, v, shape);
            }
            case INT32 -> {
                int[] v = new int[n];
                for (int i = 0; i < n; i++) {
                    v[i] = rng.nextInt(1000);
                }
                yield on(b, v, shape);
            }
        };
    }

    /** {@code count} random indices in {@code [0, n)}. */
    static int[] indices(long seed, int count, int n) {
        SplittableRandom rng = new SplittableRandom(seed);
        int[] idx = new int[count];
        for (int i = 0; i < count; i++) {
            idx[i] = rng.nextInt(n);
        }
        return idx;
    }

    /** Runs {@code op} on the vector backend (inside its scope) and returns the result. */
    static Tensor onVector(Function<Backend, Tensor> op) {
        try (var scope = Backends.use(VECTOR)) {
            Tensor t = op.apply(VECTOR);
            assertThat(t.backend().name()).isEqualTo(VectorProvider.NAME);
            return t;
        }
    }

    /**
     * Asserts that {@code op} gives bit-identical results on the vector backend and the reference backend, and
     * on the vector backend with every pool size of {@link #THREAD_COUNTS}.
     */
    static void sameAsReference(Function<Backend, Tensor> op) {
        Tensor expected = op.apply(REFERENCE);
        Tensor actual = onVector(op);
        assertIdentical(actual, expected);
        sameForAllThreadCounts(actual, op);
    }

    /**
     * Asserts that {@code op} on the vector backend agrees with the reference within
     * {@code |a - e| <= tol * (1 + |e|)}, and is bit-identical across pool sizes.
     */
    static void closeToReference(Function<Backend, Tensor> op, double tol) {
        Tensor expected = op.apply(REFERENCE);
        Tensor actual = onVector(op);
        assertThat(actual.shape()).isEqualTo(expected.shape());
        assertThat(actual.dtype()).isEqualTo(expected.dtype());
        double[] a = values(actual);
        double[] e = values(expected);
        for (int i = 0; i < e.length; i++) {
            if (Double.isNaN(e[i])) {
                assertThat(a[i]).as("element %d", i).isNaN();
            } else {
                assertThat(Math.abs(a[i] - e[i])).as("element %d: %s vs reference %s", i, a[i], e[i])
                        .isLessThanOrEqualTo(tol * (1 + Math.abs(e[i])));
            }
        }
        sameForAllThreadCounts(actual, op);
    }

    /** Asserts that the vector backend repeats {@code first} exactly on every pool size. */
    static void sameForAllThreadCounts(Tensor first, Function<Backend, Tensor> op) {
        for (int threads : THREAD_COUNTS) {
            Tensor again = Parallel.withThreads(threads, () -> onVector(op));
            assertIdentical(again, first);
        }
    }

    /** The elements of a float tensor as doubles, read without any kernel. */
    static double[] values(Tensor t) {
        Backend b = t.backend();
        if (t.dtype() == DType.FLOAT64) {
            return b.toDoubles(t.storage());
        }
        float[] f = b.toFloats(t.storage());
        double[] d = new double[f.length];
        for (int i = 0; i < f.length; i++) {
            d[i] = f[i];
        }
        return d;
    }

    /** Same shape, dtype and bits (NaNs compared as NaN). */
    static void assertIdentical(Tensor actual, Tensor expected) {
        assertThat(actual.shape()).isEqualTo(expected.shape());
        assertThat(actual.dtype()).isEqualTo(expected.dtype());
        long[] a = bits(actual);
        long[] e = bits(expected);
        int at = Arrays.mismatch(a, e);
        assertThat(at).as("first differing element of %s tensors of shape %s: %s",
                expected.dtype(), expected.shape(), at < 0 ? "" : "element " + at + " is "
                        + show(actual, a[at]) + ", expected " + show(expected, e[at])).isEqualTo(-1);
    }

    private static String show(Tensor t, long bits) {
        return switch (t.dtype()) {
            case FLOAT32 -> Float.toString(Float.intBitsToFloat((int) bits));
            case FLOAT64 -> Double.toString(Double.longBitsToDouble(bits));
            case INT32 -> Long.toString(bits);
        };
    }

    /** The elements as 64-bit patterns: ints widened, floats and doubles by their (canonical NaN) bits. */
    static long[] bits(Tensor t) {
        Backend b = t.backend();
        return switch (t.dtype()) {
            case FLOAT32 -> {
                float[] v = b.toFloats(t.storage());
                long[] out = new long[v.length];
                for (int i = 0; i < v.length; i++) {
                    out[i] = Float.floatToIntBits(v[i]);
                }
                yield out;
            }
            case FLOAT64 -> {
                double[] v = b.toDoubles(t.storage());
                long[] out = new long[v.length];
                for (int i = 0; i < v.length; i++) {
                    out[i] = Double.doubleToLongBits(v[i]);
                }
                yield out;
            }
            case INT32 -> {
                int[] v = b.toInts(t.storage());
                long[] out = new long[v.length];
                for (int i = 0; i < v.length; i++) {
                    out[i] = v[i];
                }
                yield out;
            }
        };
    }
}
