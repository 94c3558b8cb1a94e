package dev.adjoint.api.spi;

/**
 * The scalar definitions of the ops no library function gives exactly, shared by every backend so that they agree
 * with the reference to the last bit: the error function and its complement (W. J. Cody's rational Chebyshev
 * approximations, Math. Comp. 23, 1969, the coefficients of his CALERF routine; relative error near machine
 * precision everywhere, including the tail of {@code erfc}), exact GELU, and Python's float modulo. Double
 * precision; float32 backends round the result.
 */
public final class ScalarMath {
    private static final double THRESHOLD = 0.46875;
    private static final double ONE_OVER_SQRT_PI = 0.56418958354775628695;
    /** Beyond this, erfc underflows to zero in double. */
    private static final double ERFC_ZERO = 26.543;
    private static final double INV_SQRT2 = 0.70710678118654752440;
    /** Below {@code -GELU_TAIL}, GELU is computed from the scaled complementary error function. */
    private static final double GELU_TAIL = 1.0;
    /**
     * Below {@code -GELU_ZERO}, {@code x * Phi(x)} underflows to -0.0 (and the tail formula would multiply an
     * underflowed exp(-x^2 / 2) by the overflowed exp of the rounding error of a huge x^2: NaN).
     */
    private static final double GELU_ZERO = 40.0;

    private static final double[] A = {
        3.16112374387056560e00, 1.13864154151050156e02, 3.77485237685302021e02,
        3.20937758913846947e03, 1.85777706184603153e-1};
    private static final double[] B = {
        2.36012909523441209e01, 2.44024637934444173e02, 1.28261652607737228e03,
        2.84423683343917062e03};
    private static final double[] C = {
        5.64188496988670089e-1, 8.88314979438837594e00, 6.61191906371416295e01,
        2.98635138197400131e02, 8.81952221241769090e02, 1.71204761263407058e03,
        2.05107837782607147e03, 1.23033935479799725e03, 2.15311535474403846e-8};
    private static final double[] D = {
        1.57449261107098347e01, 1.17693950891312499e02, 5.37181101862009858e02,
        1.62138957456669019e03, 3.29079923573345963e03, 4.36261909014324716e03,
        3.43936767414372164e03, 1.23033935480374942e03};
    private static final double[] P = {
        3.05326634961232344e-1, 3.60344899949804439e-1, 1.25781726111229246e-1,
        1.60837851487422766e-2, 6.58749161529837803e-4, 1.63153871373020978e-2};
    private static final double[] Q = {
        2.56852019228982242e00, 1.87295284992346047e00, 5.27905102951428412e-1,
        6.05183413124413191e-2, 2.33520497626869185e-3};

    private ScalarMath() {
    }

    /** {@code erf(x)}; odd, {@code erf(±inf) = ±1}, NaN stays NaN. */
    public static double erf(double x) {
        double y = Math.abs(x);
        if (y <= THRESHOLD) {
            return smallErf(x);
        }
        double r = 1 - upperTail(y);
        return x < 0 ? -r : r;
    }

    /** {@code erfc(x) = 1 - erf(x)}, accurate in relative terms for large positive x. */
    public static double erfc(double x) {
        double y = Math.abs(x);
        if (y <= THRESHOLD) {
            return 1 - smallErf(x);
        }
        double r = upperTail(y);
        return x < 0 ? 2 - r : r;
    }

    /**
     * Exact GELU {@code x * Phi(x)}. In the left tail {@code Phi(x) = exp(-x^2 / 2) * erfcScaled(-x / sqrt 2) / 2},
     * with {@code x^2} split exactly into two doubles, keeps full relative accuracy where the result is tiny.
     */
    public static double gelu(double x) {
        if (x >= -GELU_TAIL) {
            return 0.5 * x * erfc(-x * INV_SQRT2);
        }
        if (x < -GELU_ZERO) {
            return -0.0;
        }
        double sq = x * x;
        double sqError = Math.fma(x, x, -sq);
        return 0.5 * x * Math.exp(-0.5 * sq) * Math.exp(-0.5 * sqError) * erfcScaled(-x * INV_SQRT2);
    }

    /**
     * Python's float modulo: the remainder has the divisor's sign (zero takes the divisor's sign too).
     * Built on the exact truncated remainder, so it stays exact for large quotients.
     */
    public static double floorMod(double a, double b) {
        double m = a % b;
        if (m != 0) {
            if ((b < 0) != (m < 0)) {
                m += b;
            }
        } else {
            m = Math.copySign(0.0, b);
        }
        return m;
    }

    /** erf on {@code |x| <= 0.46875}: x times a rational function of x^2. */
    private static double smallErf(double x) {
        double z = x * x;
        double num = A[4] * z;
        double den = z;
        for (int i = 0; i < 3; i++) {
            num = (num + A[i]) * z;
            den = (den + B[i]) * z;
        }
        return x * (num + A[3]) / (den + B[3]);
    }

    /**
     * The scaled complement {@code exp(x^2) * erfc(x)}. For {@code x > 0.46875} it comes straight from the
     * rational approximations, without forming {@code exp(-x^2)}, so callers can supply that factor exactly.
     */
    private static double erfcScaled(double x) {
        if (x <= THRESHOLD) {
            return Math.exp(x * x) * erfc(x);
        }
        if (x <= 4) {
            double num = C[8] * x;
            double den = x;
            for (int i = 0; i < 7; i++) {
                num = (num + C[i]) * x;
                den = (den + D[i]) * x;
            }
            return (num + C[7]) / (den + D[7]);
        }
        double z = 1 / (x * x);
        double num = P[5] * z;
        double den = z;
        for (int i = 0; i < 4; i++) {
            num = (num + P[i]) * z;
            den = (den + Q[i]) * z;
        }
        return (ONE_OVER_SQRT_PI - z * (num + P[4]) / (den + Q[4])) / x;
    }

    /** erfc(y) for {@code y > 0.46875} (NaN for NaN). */
    private static double upperTail(double y) {
        if (Double.isNaN(y)) {
            return y;
        }
        if (y >= ERFC_ZERO) {
            return 0;
        }
        // exp(-y^2) split as exp(-r^2) * exp(-(y - r)(y + r)) with r = y rounded down to 1/16, so that
        // the rounding error of y^2 does not get amplified.
        double r = Math.floor(y * 16) / 16;
        double del = (y - r) * (y + r);
        return Math.exp(-r * r) * Math.exp(-del) * erfcScaled(y);
    }
}
