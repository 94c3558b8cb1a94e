package dev.adjoint.api.conformance;

import dev.adjoint.api.Backends;
import dev.adjoint.api.DType;
import dev.adjoint.api.RandomKey;
import dev.adjoint.api.Rng;
import dev.adjoint.api.Tensor;
import java.util.ArrayList;
import java.util.List;

/**
 * Conformance cases of creation, host transfer and random numbers, all compared bit for bit: zeros, full
 * (including NaN, infinities and values an INT32 fill must saturate), the {@code *Like} variants, arange,
 * linspace, scalars and 2-D literals; host round trips of special values (NaN, signed zeros, infinities,
 * subnormals) through every read-back path and through another backend; and {@link Rng} draws, which must
 * be bit-identical on every backend for the same {@link RandomKey}.
 */
public final class CreationCases {
    private static final int[][] SHAPES = {{0}, {}, {1}, {17}, {3, 4, 5}, {1029}};

    private CreationCases() {
    }

    /** All creation, transfer and RNG cases. */
    public static List<Case> cases() {
        List<Case> out = new ArrayList<>();
        creation(out);
        hostRoundTrip(out);
        random(out);
        return out;
    }

    private static void creation(List<Case> out) {
        for (DType dtype : Shapes.ALL) {
            for (int[] shape : SHAPES) {
                String suffix = dtype.label() + " " + Shapes.str(shape);
                out.add(exact("creation", "zeros", "zeros " + suffix, in -> Tensor.zeros(dtype, shape)));
                out.add(exact("creation", "full", "full " + suffix, in -> Tensor.full(dtype, -1.75, shape)));
            }
            for (double v : new double[] {Double.NaN, Double.POSITIVE_INFINITY, -0.0, 2.5, -2.5, 3e9, -3e9, 1e-310}) {
                String name = "full " + dtype.label() + " (7,) value " + v;
                out.add(exact("creation", "full", name, in -> Tensor.full(dtype, v, 7)));
            }
            String like = dtype.label() + " (3, 5)";
            HostArray base = new RandomInputs("like " + like).uniform(dtype, new int[] {3, 5}, -9, 9);
            out.add(exact("creation", "zerosLike", "zerosLike " + like, in -> in[0].zerosLike(), base));
            out.add(exact("creation", "onesLike", "onesLike " + like, in -> in[0].onesLike(), base));
            out.add(exact("creation", "fullLike", "fullLike " + like, in -> in[0].fullLike(-0.5), base));
            out.add(exact("creation", "scalar", "scalar " + dtype.label() + " 0.1", in -> Tensor.scalar(0.1, dtype)));
            double[][] ranges = {{0, 10, 1}, {0, 1, 0.1}, {5, -3, -0.75}, {-2.5, 7.25, 0.5}, {3, 3, 1}, {0, 1029, 1}};
            for (double[] a : ranges) {
                String name = "arange " + dtype.label() + " " + a[0] + ".." + a[1] + " step " + a[2];
                out.add(exact("creation", "arange", name, in -> Tensor.arange(a[0], a[1], a[2], dtype)));
            }
            for (int num : new int[] {0, 1, 2, 17, 33}) {
                String name = "linspace " + dtype.label() + " -1.5..2.25 num " + num;
                out.add(exact("creation", "linspace", name, in -> Tensor.linspace(-1.5, 2.25, num, dtype)));
            }
        }
        out.add(exact("creation", "arange", "arange int32 stop 33", in -> Tensor.arange(33)));
        out.add(exact("creation", "arange", "arange int32 stop 0", in -> Tensor.arange(0)));
        out.add(exact("creation", "of", "of float32 rows (3, 4)",
                in -> Tensor.of(new float[][] {{1, 2, 3, 4}, {-0.0f, 5e-45f, 7, 8}, {9, 10, 11, 12.5f}})));
        out.add(exact("creation", "of", "of float64 rows (2, 3)",
                in -> Tensor.of(new double[][] {{1, 2, 3}, {4, 5, 1e-310}})));
    }

    private static void hostRoundTrip(List<Case> out) {
        float[] f = {Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, 0f, -0f, Float.MIN_VALUE,
            -Float.MIN_VALUE, Float.MIN_NORMAL, Float.MAX_VALUE, -Float.MAX_VALUE, 1f / 3, 16777216f, 0.1f,
            1.5e-42f, 123456.78f, -1f, 2f, 3f, 4f};
        double[] d = {Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, 0.0, -0.0, Double.MIN_VALUE,
            -Double.MIN_VALUE, Double.MIN_NORMAL, Double.MAX_VALUE, -Double.MAX_VALUE, 1.0 / 3, 9007199254740993.0,
            0.1, 1e-310, 1e39, -1e39, 3e9, 2.5, -2.5};
        int[] i = {0, 1, -1, Integer.MAX_VALUE, Integer.MIN_VALUE, 16777217, -16777217, 123456789, 42, 7, -7, 3,
            1 << 24, 1 << 30, -(1 << 30), 5, 6, 8, 9};
        List<HostArray> inputs = List.of(HostArray.of(f), HostArray.of(d), HostArray.of(i));
        for (HostArray x : inputs) {
            String label = x.dtype().label() + " special values";
            out.add(exact("host", "roundTrip", "roundTrip " + label, in -> in[0], x));
            out.add(exact("host", "roundTrip", "roundTrip via toFloatArray " + label,
                    in -> Tensor.of(in[0].toFloatArray()), x));
            out.add(exact("host", "roundTrip", "roundTrip via toDoubleArray " + label,
                    in -> Tensor.of(in[0].toDoubleArray()), x));
            out.add(exact("host", "roundTrip", "roundTrip via toIntArray " + label,
                    in -> Tensor.of(in[0].toIntArray()), x));
            out.add(exact("host", "transfer", "transfer to reference and back " + label,
                    in -> in[0].to(Backends.byName("reference")).to(in[0].backend()), x));
            out.add(exact("host", "roundTrip", "roundTrip reshaped (19, 1) " + label, in -> in[0].reshape(19, 1),
                    x));
        }
        for (int[] shape : SHAPES) {
            for (DType dtype : Shapes.ALL) {
                String name = "roundTrip " + dtype.label() + " " + Shapes.str(shape);
                out.add(exact("host", "roundTrip", name, in -> in[0],
                        new RandomInputs(name).uniform(dtype, shape, -1e6, 1e6)));
            }
        }
    }

    private static void random(List<Case> out) {
        RandomKey[] keys = {RandomKey.of(0), RandomKey.of(42), RandomKey.of(-7).split(3)[2], RandomKey.of(1).foldIn(99)};
        int[][] shapes = {{0}, {}, {17}, {3, 5, 7}, {1029}};
        for (int k = 0; k < keys.length; k++) {
            RandomKey key = keys[k];
            String keyName = "key " + key;
            for (int[] shape : shapes) {
                String s = " " + Shapes.str(shape) + " " + keyName;
                out.add(exact("rng", "uniform", "uniform float32" + s, in -> Rng.uniform(key, shape)));
                out.add(exact("rng", "uniform", "uniform float64 [-2, 3)" + s,
                        in -> Rng.uniform(key, DType.FLOAT64, -2, 3, shape)));
                out.add(exact("rng", "uniform", "uniform float32 [-0.5, 0.25)" + s,
                        in -> Rng.uniform(key, DType.FLOAT32, -0.5, 0.25, shape)));
                out.add(exact("rng", "normal", "normal float32" + s, in -> Rng.normal(key, shape)));
                out.add(exact("rng", "normal", "normal float64" + s, in -> Rng.normal(key, DType.FLOAT64, shape)));
                out.add(exact("rng", "randint", "randint [-5, 1000)" + s, in -> Rng.randint(key, -5, 1000, shape)));
                out.add(exact("rng", "bernoulli", "bernoulli 0.3" + s, in -> Rng.bernoulli(key, 0.3, shape)));
            }
            for (int n : new int[] {0, 1, 17, 1029}) {
                out.add(exact("rng", "permutation", "permutation " + n + " " + keyName, in -> Rng.permutation(key, n)));
            }
        }
    }

    private static Case exact(String family, String op, String name, java.util.function.Function<Tensor[], Tensor> f,
            HostArray... inputs) {
        return Case.of(family, op, name, Tolerance.EXACT, f, inputs);
    }
}
