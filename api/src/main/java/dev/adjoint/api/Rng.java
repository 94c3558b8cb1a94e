package dev.adjoint.api;

import dev.adjoint.api.spi.Backend;
import java.util.Arrays;

/**
 * Counter-based random tensors. Values are generated on the host in plain Java (StrictMath for the
 * transcendental functions), so a key gives bit-identical tensors on every backend and JVM; the result is
 * then uploaded to {@link Backends#current()}.
 *
 * <p>Element {@code i} (row-major) is computed from the Philox block of counter {@code i} of the key (see
 * {@link RandomKey}) and nothing else, so values depend only on the key, the dtype and the element's
 * position. Different distributions drawn with the same key reuse the same blocks and are therefore
 * correlated: {@link RandomKey#split() split} the key for each draw.
 */
public final class Rng {
    private static final float F24 = 0x1.0p-24f;
    private static final double D53 = 0x1.0p-53;
    private static final long MASK = 0xFFFFFFFFL;

    private Rng() {
    }

    /** FLOAT32 uniform in {@code [0, 1)}: the top 24 bits of the block's first word, times 2^-24. */
    public static Tensor uniform(RandomKey key, int... shape) {
        Shape s = shape("uniform", shape);
        float[] out = new float[s.size()];
        int[] w = new int[4];
        for (int i = 0; i < out.length; i++) {
            key.block(i, 0, w);
            out[i] = unit24(w[0]);
        }
        return upload(out, s);
    }

    /**
     * Uniform in {@code [lo, hi)} in a float dtype: {@code lo + (hi - lo) * u} with {@code u} from the top
     * 24 bits (FLOAT32, where lo and hi are first rounded to float) or 53 bits (FLOAT64, from the first two
     * words) of the block, computed in double; a result that rounds up to {@code hi} becomes the largest
     * value below it.
     */
    public static Tensor uniform(RandomKey key, DType dtype, double lo, double hi, int... shape) {
        String op = "uniform";
        requireFloat(op, dtype);
        if (!Double.isFinite(lo) || !Double.isFinite(hi) || !(lo < hi) || !Double.isFinite(hi - lo)) {
            throw new OpException(op, "bounds [" + lo + ", " + hi + "); expected finite lo < hi with a finite width");
        }
        Shape s = shape(op, shape);
        int[] w = new int[4];
        if (dtype == DType.FLOAT64) {
            double[] out = new double[s.size()];
            for (int i = 0; i < out.length; i++) {
                key.block(i, 0, w);
                double v = lo + (hi - lo) * unit53(w[0], w[1]);
                out[i] = v < hi ? v : Math.nextDown(hi);
            }
            return upload(out, s);
        }
        float lo32 = (float) lo;
        float hi32 = (float) hi;
        if (!(lo32 < hi32) || Float.isInfinite(hi32 - lo32)) {
            throw new OpException(op, "bounds [" + lo + ", " + hi + ") round to [" + lo32 + ", " + hi32
                    + ") in float32; expected bounds that stay distinct with a finite width");
        }
        float[] out = new float[s.size()];
        for (int i = 0; i < out.length; i++) {
            key.block(i, 0, w);
            float v = (float) (lo32 + ((double) hi32 - lo32) * unit24(w[0]));
            out[i] = v < hi32 ? v : Math.nextDown(hi32);
        }
        return upload(out, s);
    }

    /** FLOAT32 standard normal; see {@link #normal(RandomKey, DType, int...)}. */
    public static Tensor normal(RandomKey key, int... shape) {
        return normal(key, DType.FLOAT32, shape);
    }

    /**
     * Standard normal (mean 0, variance 1) in a float dtype by the Box–Muller transform: with 53-bit
     * uniforms {@code u1} in {@code (0, 1]} (from words 0 and 1, so log never sees 0) and {@code u2} in
     * {@code [0, 1)} (words 2 and 3), {@code sqrt(-2 ln u1) cos(2 pi u2)}, computed in double with StrictMath
     * and rounded to the dtype.
     */
    public static Tensor normal(RandomKey key, DType dtype, int... shape) {
        String op = "normal";
        requireFloat(op, dtype);
        Shape s = shape(op, shape);
        double[] z = new double[s.size()];
        int[] w = new int[4];
        for (int i = 0; i < z.length; i++) {
            key.block(i, 0, w);
            double u1 = 1.0 - unit53(w[0], w[1]);
            double u2 = unit53(w[2], w[3]);
            z[i] = StrictMath.sqrt(-2.0 * StrictMath.log(u1)) * StrictMath.cos(2.0 * StrictMath.PI * u2);
        }
        if (dtype == DType.FLOAT64) {
            return upload(z, s);
        }
        float[] out = new float[z.length];
        for (int i = 0; i < z.length; i++) {
            out[i] = (float) z[i];
        }
        return upload(out, s);
    }

    /**
     * INT32 uniform integers in {@code [lo, hi)}, exactly unbiased: Lemire's multiply-and-reject on the
     * block's words in order, continuing with further blocks {@code (i, 1), (i, 2), ...} of the element
     * in the rare case all four are rejected.
     */
    public static Tensor randint(RandomKey key, int lo, int hi, int... shape) {
        String op = "randint";
        if (lo >= hi) {
            throw new OpException(op, "bounds [" + lo + ", " + hi + "); expected lo < hi");
        }
        Shape s = shape(op, shape);
        long range = (long) hi - lo;
        int[] out = new int[s.size()];
        int[] w = new int[4];
        for (int i = 0; i < out.length; i++) {
            out[i] = (int) (lo + bounded(key, i, range, w));
        }
        return upload(out, s);
    }

    /** INT32 mask: 1 where a 53-bit uniform (words 0 and 1) is below {@code p}, else 0; p in [0, 1]. */
    public static Tensor bernoulli(RandomKey key, double p, int... shape) {
        String op = "bernoulli";
        if (!(p >= 0.0 && p <= 1.0)) {
            throw new OpException(op, "probability " + p + "; expected p in [0, 1]");
        }
        Shape s = shape(op, shape);
        int[] out = new int[s.size()];
        int[] w = new int[4];
        for (int i = 0; i < out.length; i++) {
            key.block(i, 0, w);
            out[i] = unit53(w[0], w[1]) < p ? 1 : 0;
        }
        return upload(out, s);
    }

    /**
     * A random permutation of {@code 0 .. n-1} as INT32 {@code [n]}: Fisher–Yates from the end, where step
     * {@code s} (swapping position {@code n-1-s}) draws its unbiased index in {@code [0, n-1-s]} from
     * counter {@code s} as {@link #randint} does.
     */
    public static Tensor permutation(RandomKey key, int n) {
        if (n < 0) {
            throw new OpException("permutation", "length " + n + "; expected n >= 0");
        }
        int[] a = new int[n];
        for (int i = 0; i < n; i++) {
            a[i] = i;
        }
        int[] w = new int[4];
        for (int i = n - 1; i > 0; i--) {
            int j = (int) bounded(key, n - 1 - i, i + 1L, w);
            int t = a[i];
            a[i] = a[j];
            a[j] = t;
        }
        return upload(a, Shape.of(n));
    }

    /** An unbiased integer in {@code [0, range)}, {@code 1 <= range < 2^32}, from element {@code i}'s blocks. */
    private static long bounded(RandomKey key, int i, long range, int[] w) {
        long threshold = (0x1_0000_0000L - range) % range;
        for (int sub = 0; ; sub++) {
            key.block(i, sub, w);
            for (int word : w) {
                long product = (word & MASK) * range;
                if ((product & MASK) >= threshold) {
                    return product >>> 32;
                }
            }
        }
    }

    private static float unit24(int word) {
        return (word >>> 8) * F24;
    }

    private static double unit53(int a, int b) {
        return (((long) (a >>> 5) << 26) | (b >>> 6)) * D53;
    }

    private static void requireFloat(String op, DType dtype) {
        if (dtype == null || !dtype.isFloating()) {
            throw new OpException.DTypeException(op, "dtype " + (dtype == null ? "null" : dtype.label())
                    + "; expected float32 or float64" + (dtype == DType.INT32 ? " (use randint for integers)" : ""));
        }
    }

    private static Shape shape(String op, int[] dims) {
        for (int d : dims) {
            if (d < 0) {
                throw new OpException.ShapeException(op, "shape " + Arrays.toString(dims)
                        + " has a negative dimension; expected every dimension >= 0");
            }
        }
        return Shape.of(dims);
    }

    private static Tensor upload(float[] data, Shape s) {
        Backend b = Backends.current();
        return new Tensor(b, b.fromHost(data), s);
    }

    private static Tensor upload(double[] data, Shape s) {
        Backend b = Backends.current();
        return new Tensor(b, b.fromHost(data), s);
    }

    private static Tensor upload(int[] data, Shape s) {
        Backend b = Backends.current();
        return new Tensor(b, b.fromHost(data), s);
    }
}
