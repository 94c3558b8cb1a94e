package dev.adjoint.api.conformance;

import dev.adjoint.api.DType;
import dev.adjoint.api.Shape;
import java.util.SplittableRandom;

/**
 * Deterministic random host inputs for one case: a {@link SplittableRandom} seeded from the kit's fixed
 * seed and the case's name, so every case gets the same inputs on every run and every backend, whatever
 * order cases run in.
 */
public final class RandomInputs {
    /** The kit's fixed seed. */
    public static final long SEED = 0x5EEDAD70L;

    private final SplittableRandom rng;

    /** The generator for the case named {@code caseName}. */
    public RandomInputs(String caseName) {
        this.rng = new SplittableRandom(SEED * 31 + caseName.hashCode());
    }

    /** Uniform values in {@code [lo, hi)}; for INT32, uniform integers in {@code [lo, hi)}. */
    public HostArray uniform(DType dtype, int[] shape, double lo, double hi) {
        double[] v = new double[Shape.of(shape).size()];
        for (int i = 0; i < v.length; i++) {
            v[i] = dtype == DType.INT32 ? Math.floor(lo + rng.nextDouble() * (hi - lo)) : lo + rng.nextDouble() * (hi - lo);
        }
        return HostArray.exact(dtype, v, shape);
    }

    /** Values whose magnitude is uniform in {@code [lo, hi)} with a random sign (keeps away from zero). */
    public HostArray magnitude(DType dtype, int[] shape, double lo, double hi) {
        double[] v = new double[Shape.of(shape).size()];
        for (int i = 0; i < v.length; i++) {
            double m = dtype == DType.INT32 ? Math.floor(lo + rng.nextDouble() * (hi - lo)) : lo + rng.nextDouble() * (hi - lo);
            v[i] = rng.nextBoolean() ? m : -m;
        }
        return HostArray.exact(dtype, v, shape);
    }

    /** Values drawn from {@code choices}; small choice sets make ties and equal operands likely. */
    public HostArray choice(DType dtype, int[] shape, double... choices) {
        double[] v = new double[Shape.of(shape).size()];
        for (int i = 0; i < v.length; i++) {
            v[i] = choices[rng.nextInt(choices.length)];
        }
        return HostArray.exact(dtype, v, shape);
    }

    /**
     * Uniform values in {@code [lo, hi)} that are multiples of {@code 1 / denominator}; with a power-of-two
     * denominator they are exact in both float dtypes, and so are sums and products of a few of them.
     */
    public HostArray dyadic(DType dtype, int[] shape, int denominator, double lo, double hi) {
        double[] v = new double[Shape.of(shape).size()];
        long from = (long) Math.ceil(lo * denominator);
        long span = (long) Math.ceil(hi * denominator) - from;
        for (int i = 0; i < v.length; i++) {
            v[i] = (double) (from + rng.nextLong(span)) / denominator;
        }
        return HostArray.exact(dtype, v, shape);
    }

    /** {@code count} integers uniform in {@code [lo, hi)}. */
    public int[] ints(int count, int lo, int hi) {
        int[] v = new int[count];
        for (int i = 0; i < count; i++) {
            v[i] = rng.nextInt(lo, hi);
        }
        return v;
    }

    /** One integer uniform in {@code [lo, hi)}. */
    public int nextInt(int lo, int hi) {
        return rng.nextInt(lo, hi);
    }

    /** One double uniform in {@code [0, 1)}. */
    public double nextDouble() {
        return rng.nextDouble();
    }
}
