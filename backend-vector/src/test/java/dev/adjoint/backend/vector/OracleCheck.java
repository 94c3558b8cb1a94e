package dev.adjoint.backend.vector;

import dev.adjoint.api.Backends;
import dev.adjoint.api.DType;
import dev.adjoint.api.Tensor;
import dev.adjoint.api.spi.Backend;
import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.function.Function;

/**
 * Test support: host arrays with a shape, random inputs, running a public op on the vector or the
 * reference backend, and element-by-element comparison that names the worst element.
 */
final class OracleCheck {
    /** The backend under test. */
    static final Backend VECTOR = new VectorBackend();
    /** The oracle. */
    static final Backend REFERENCE = Backends.byName("reference");
    /** Sizes around the vector lengths and the parallel thresholds. */
    static final int[] SIZES = {0, 1, 7, 17, 1029, 100003};
    /** Above every parallel threshold and not a multiple of any lane count. */
    static final int BIG = (1 << 20) + 3;

    private OracleCheck() {
    }

    /** A dense host array of one dtype (only the matching array is set). */
    record Host(DType dtype, int[] shape, float[] f, double[] d, int[] i) {
        static Host of(DType dtype, int[] shape, double[] values) {
            return switch (dtype) {
                case FLOAT32 -> {
                    float[] f = new float[values.length];
                    for (int k = 0; k < f.length; k++) {
                        f[k] = (float) values[k];
                    }
                    yield new Host(dtype, shape, f, null, null);
                }
                case FLOAT64 -> new Host(dtype, shape, null, values.clone(), null);
                case INT32 -> {
                    int[] v = new int[values.length];
                    for (int k = 0; k < v.length; k++) {
                        v[k] = (int) values[k];
                    }
                    yield new Host(dtype, shape, null, null, v);
                }
            };
        }

        /** Reads a tensor back. */
        static Host of(Tensor t) {
            int[] shape = t.shape().dims();
            return switch (t.dtype()) {
                case FLOAT32 -> new Host(t.dtype(), shape, t.toFloatArray(), null, null);
                case FLOAT64 -> new Host(t.dtype(), shape, null, t.toDoubleArray(), null);
                case INT32 -> new Host(t.dtype(), shape, null, null, t.toIntArray());
            };
        }

        /** A tensor on the current backend. */
        Tensor tensor() {
            return switch (dtype) {
                case FLOAT32 -> Tensor.of(f, shape);
                case FLOAT64 -> Tensor.of(d, shape);
                case INT32 -> Tensor.of(i, shape);
            };
        }

        int size() {
            return switch (dtype) {
                case FLOAT32 -> f.length;
                case FLOAT64 -> d.length;
                case INT32 -> i.length;
            };
        }

        double get(int k) {
            return switch (dtype) {
                case FLOAT32 -> f[k];
                case FLOAT64 -> d[k];
                case INT32 -> i[k];
            };
        }

        /** The bits of element k, every NaN the same. */
        long bits(int k) {
            return switch (dtype) {
                case FLOAT32 -> Float.floatToIntBits(f[k]);
                case FLOAT64 -> Double.doubleToLongBits(d[k]);
                case INT32 -> i[k];
            };
        }

        /** A copy whose first elements are {@code values} (converted to the dtype). */
        Host withFirst(double... values) {
            double[] all = new double[size()];
            for (int k = 0; k < all.length; k++) {
                all[k] = k < values.length ? values[k] : get(k);
            }
            return of(dtype, shape, all);
        }
    }

    static int size(int... shape) {
        int n = 1;
        for (int d : shape) {
            n *= d;
        }
        return n;
    }

    /** Uniform values in {@code [lo, hi)} (INT32: rounded down). */
    static Host uniform(DType dtype, long seed, double lo, double hi, int... shape) {
        SplittableRandom r = new SplittableRandom(seed);
        double[] v = new double[size(shape)];
        for (int k = 0; k < v.length; k++) {
            v[k] = lo + r.nextDouble() * (hi - lo);
            if (dtype == DType.INT32) {
                v[k] = Math.floor(v[k]);
            }
        }
        return Host.of(dtype, shape, v);
    }

    /** Values drawn from a small set (so that ties and equal operands are frequent). */
    static Host choice(DType dtype, long seed, double[] values, int... shape) {
        SplittableRandom r = new SplittableRandom(seed);
        double[] v = new double[size(shape)];
        for (int k = 0; k < v.length; k++) {
            v[k] = values[r.nextInt(values.length)];
        }
        return Host.of(dtype, shape, v);
    }

    /** Runs a public op on {@code backend} with inputs made there from host arrays. */
    static Host on(Backend backend, Function<Tensor[], Tensor> op, Host... inputs) {
        try (var s = Backends.use(backend)) {
            Tensor[] in = new Tensor[inputs.length];
            for (int k = 0; k < in.length; k++) {
                in[k] = inputs[k].tensor();
            }
            Tensor out = op.apply(in);
            if (out.backend() != backend) {
                throw new AssertionError("op ran on " + out.backend().name() + ", not " + backend.name());
            }
            return Host.of(out);
        }
    }

    /** Runs the op on both backends and checks the vector result bit for bit. */
    static Host same(String what, Function<Tensor[], Tensor> op, Host... inputs) {
        Host expected = on(REFERENCE, op, inputs);
        Host actual = on(VECTOR, op, inputs);
        assertSame(what, expected, actual);
        return actual;
    }

    /** Runs the op on both backends and checks {@code |a - e| <= atol + rtol |e|} (NaN only for NaN). */
    static Host close(String what, double rtol, double atol, Function<Tensor[], Tensor> op, Host... inputs) {
        Host expected = on(REFERENCE, op, inputs);
        Host actual = on(VECTOR, op, inputs);
        assertClose(what, expected, actual, rtol, atol);
        return actual;
    }

    /** Same dtype, shape and bits (NaN payloads aside). */
    static void assertSame(String what, Host expected, Host actual) {
        checkLayout(what, expected, actual);
        for (int k = 0; k < expected.size(); k++) {
            if (expected.bits(k) != actual.bits(k)) {
                throw new AssertionError(what + ": element " + k + " of " + expected.size() + " is "
                        + show(actual, k) + ", expected " + show(expected, k) + " bit for bit");
            }
        }
    }

    /** Same dtype and shape, values within {@code atol + rtol |e|}; NaN and infinities must match exactly. */
    static void assertClose(String what, Host expected, Host actual, double rtol, double atol) {
        checkLayout(what, expected, actual);
        int worst = -1;
        double worstExcess = 1;
        for (int k = 0; k < expected.size(); k++) {
            double e = expected.get(k);
            double a = actual.get(k);
            double excess;
            if (Double.isNaN(e) || Double.isNaN(a) || Double.isInfinite(e) || Double.isInfinite(a)) {
                excess = Double.compare(e, a) == 0 || (Double.isNaN(e) && Double.isNaN(a)) ? 0
                        : Double.POSITIVE_INFINITY;
            } else {
                excess = Math.abs(a - e) / (atol + rtol * Math.abs(e));
            }
            if (excess > worstExcess) {
                worst = k;
                worstExcess = excess;
            }
        }
        if (worst >= 0) {
            throw new AssertionError(what + ": element " + worst + " of " + expected.size() + " is "
                    + show(actual, worst) + ", expected " + show(expected, worst) + " (rtol " + rtol + ", atol "
                    + atol + ")");
        }
    }

    private static void checkLayout(String what, Host expected, Host actual) {
        if (expected.dtype() != actual.dtype() || !Arrays.equals(expected.shape(), actual.shape())) {
            throw new AssertionError(what + ": got " + actual.dtype() + " " + Arrays.toString(actual.shape())
                    + ", expected " + expected.dtype() + " " + Arrays.toString(expected.shape()));
        }
    }

    private static String show(Host h, int k) {
        return switch (h.dtype()) {
            case FLOAT32 -> Float.toString(h.f()[k]);
            case FLOAT64 -> Double.toString(h.d()[k]);
            case INT32 -> Integer.toString(h.i()[k]);
        };
    }
}
