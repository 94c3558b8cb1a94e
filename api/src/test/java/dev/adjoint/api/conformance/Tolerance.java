package dev.adjoint.api.conformance;

import dev.adjoint.api.DType;
import java.util.Arrays;
import java.util.Locale;

/**
 * How close a backend's result must be to the reference: element {@code a} matches the expected {@code e}
 * when {@code |a - e| <= atol + rtol * |e|}; NaN matches only NaN and an infinity only the same infinity.
 * {@link #EXACT} (both zero) compares bit patterns instead, so it also tells {@code -0.0} from {@code 0.0}.
 * INT32 results are always compared exactly.
 *
 * <p>The factory methods hold the kit's tolerance policy, per op class and dtype:
 * <table>
 * <caption>tolerances</caption>
 * <tr><th>op class</th><th>float32</th><th>float64</th></tr>
 * <tr><td>{@link #elementwise} (arithmetic)</td><td>rtol 1e-6, atol 1e-6</td><td>rtol 1e-12, atol 1e-13</td></tr>
 * <tr><td>{@link #transcendental}</td><td>rtol 4e-6, atol 2e-6</td><td>rtol 1e-11, atol 1e-12</td></tr>
 * <tr><td>{@link #reduction} of L terms of magnitude s</td><td>rtol 1e-5, atol 1e-5 sqrt(L) s</td>
 * <td>rtol 1e-12, atol 1e-13 sqrt(L) s</td></tr>
 * <tr><td>{@link #product} of L factors</td><td>rtol 1e-5 sqrt(L)</td><td>rtol 1e-12 sqrt(L)</td></tr>
 * <tr><td>{@link #fft} of size n, inputs of magnitude s</td><td>atol 2e-6 (log2 n + 1) sqrt(n) s</td>
 * <td>atol 1e-14 (log2 n + 1) sqrt(n) s</td></tr>
 * <tr><td>integer, index, layout, creation, RNG</td><td colspan="2">{@link #EXACT}</td></tr>
 * </table>
 *
 * @param rtol relative tolerance, scaled by the expected value's magnitude
 * @param atol absolute tolerance
 */
public record Tolerance(double rtol, double atol) {
    /** Bit-exact equality (NaN payloads aside). */
    public static final Tolerance EXACT = new Tolerance(0, 0);

    /** Checks the bounds are finite and non-negative. */
    public Tolerance {
        if (!(rtol >= 0) || !(atol >= 0) || !Double.isFinite(rtol) || !Double.isFinite(atol)) {
            throw new IllegalArgumentException("tolerance needs finite rtol, atol >= 0, got " + rtol + ", " + atol);
        }
    }

    /** Whether this is {@link #EXACT}. */
    public boolean isExact() {
        return rtol == 0 && atol == 0;
    }

    /** Correctly rounded arithmetic (add, mul, div, max, ...), where backends may still differ by an ulp. */
    public static Tolerance elementwise(DType dtype) {
        return switch (dtype) {
            case FLOAT32 -> new Tolerance(1e-6, 1e-6);
            case FLOAT64 -> new Tolerance(1e-12, 1e-13);
            case INT32 -> EXACT;
        };
    }

    /** Transcendental functions (exp, log, sin, erf, pow, ...): a few ulps apart between libraries. */
    public static Tolerance transcendental(DType dtype) {
        return switch (dtype) {
            case FLOAT32 -> new Tolerance(4e-6, 2e-6);
            case FLOAT64 -> new Tolerance(1e-11, 1e-12);
            case INT32 -> EXACT;
        };
    }

    /**
     * Sums of {@code length} terms of magnitude at most {@code scale} (sum, matmul, conv, scatter-add,
     * interpolation): rounding errors grow with the square root of the length for any reasonable order.
     */
    public static Tolerance reduction(DType dtype, long length, double scale) {
        double root = Math.sqrt(Math.max(length, 1));
        double s = scale > 0 && Double.isFinite(scale) ? scale : 1;
        return switch (dtype) {
            case FLOAT32 -> new Tolerance(1e-5, 1e-5 * root * s);
            case FLOAT64 -> new Tolerance(1e-12, 1e-13 * root * s);
            case INT32 -> EXACT;
        };
    }

    /** Products of {@code length} factors: a relative error growing with the square root of the length. */
    public static Tolerance product(DType dtype, long length) {
        double root = Math.sqrt(Math.max(length, 1));
        return switch (dtype) {
            case FLOAT32 -> new Tolerance(1e-5 * root, 1e-30);
            case FLOAT64 -> new Tolerance(1e-12 * root, 1e-300);
            case INT32 -> EXACT;
        };
    }

    /**
     * Discrete Fourier transforms of total size {@code n} over inputs of magnitude at most {@code scale}: the
     * error of an FFT grows like {@code log n} times the input's 2-norm, {@code sqrt(n) scale}.
     */
    public static Tolerance fft(DType dtype, long n, double scale) {
        double size = Math.max(n, 1);
        double bound = (Math.log(size) / Math.log(2) + 1) * Math.sqrt(size) * (scale > 0 ? scale : 1);
        return switch (dtype) {
            case FLOAT32 -> new Tolerance(2e-6, 2e-6 * bound);
            case FLOAT64 -> new Tolerance(1e-13, 1e-14 * bound);
            case INT32 -> EXACT;
        };
    }

    /** A tolerance with the larger of each bound of this and {@code other}. */
    public Tolerance max(Tolerance other) {
        return new Tolerance(Math.max(rtol, other.rtol), Math.max(atol, other.atol));
    }

    /** Whether {@code actual} matches {@code expected} (both read as doubles) under this tolerance. */
    public boolean accepts(double expected, double actual) {
        return excess(expected, actual) <= 1;
    }

    /**
     * How far outside the tolerance {@code actual} is: {@code |a - e| / (atol + rtol |e|)}, at most 1 when
     * accepted, infinite for a NaN or infinity mismatch.
     */
    private double excess(double expected, double actual) {
        if (Double.isNaN(expected) || Double.isNaN(actual)) {
            return Double.isNaN(expected) && Double.isNaN(actual) ? 0 : Double.POSITIVE_INFINITY;
        }
        if (expected == actual) {
            return 0;
        }
        if (Double.isInfinite(expected) || Double.isInfinite(actual)) {
            return Double.POSITIVE_INFINITY;
        }
        double diff = Math.abs(actual - expected);
        double allowed = atol + rtol * Math.abs(expected);
        return allowed == 0 ? Double.POSITIVE_INFINITY : diff / allowed;
    }

    /**
     * Throws an {@link AssertionError} unless {@code actual} has the dtype and shape of {@code expected} and
     * every element matches. The message names {@code what} (op, dtype and shape), the number of mismatches,
     * the worst index, both values and this tolerance.
     */
    public void check(String what, HostArray expected, HostArray actual) {
        if (expected.dtype() != actual.dtype()) {
            throw new AssertionError(what + ": dtype " + actual.dtype().label() + ", expected "
                    + expected.dtype().label() + " (as the reference)");
        }
        if (!Arrays.equals(expected.shape(), actual.shape())) {
            throw new AssertionError(what + ": shape " + actual.shapeString() + ", expected "
                    + expected.shapeString() + " (as the reference)");
        }
        boolean exact = isExact() || expected.dtype() == DType.INT32;
        int worst = -1;
        double worstExcess = 0;
        int mismatches = 0;
        for (int i = 0; i < expected.size(); i++) {
            double e;
            if (exact) {
                e = expected.bits(i) == actual.bits(i) ? 0 : Double.POSITIVE_INFINITY;
            } else {
                e = excess(expected.get(i), actual.get(i));
            }
            if (e > 1) {
                mismatches++;
                if (worst < 0 || e > worstExcess) {
                    worst = i;
                    worstExcess = e;
                }
            }
        }
        if (mismatches == 0) {
            return;
        }
        double want = expected.get(worst);
        double got = actual.get(worst);
        String bound;
        if (exact) {
            bound = "tolerance: exact (bitwise) equality";
        } else if (!Double.isFinite(want) || !Double.isFinite(got)) {
            bound = "NaN and infinities must match exactly (tolerance " + this + ")";
        } else {
            bound = String.format(Locale.ROOT, "|diff| %.3e > allowed %.3e (rtol %.1e, atol %.3e)",
                    Math.abs(got - want), atol + rtol * Math.abs(want), rtol, atol);
        }
        throw new AssertionError(String.format(Locale.ROOT,
                "%s: %d of %d elements differ from the reference; worst at index %s (flat %d): expected %s, got %s;"
                        + " %s", what, mismatches, expected.size(), expected.indexOf(worst), worst,
                show(expected, worst), show(actual, worst), bound));
    }

    private static String show(HostArray a, int i) {
        return switch (a.dtype()) {
            case INT32 -> String.valueOf((int) a.get(i));
            case FLOAT32 -> Float.toString((float) a.get(i));
            case FLOAT64 -> Double.toString(a.get(i));
        };
    }

    /** E.g. {@code rtol 1e-06, atol 1e-06}. */
    @Override
    public String toString() {
        return isExact() ? "exact" : String.format(Locale.ROOT, "rtol %.1e, atol %.3e", rtol, atol);
    }
}
