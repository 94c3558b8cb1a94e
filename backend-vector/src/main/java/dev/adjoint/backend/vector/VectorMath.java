package dev.adjoint.backend.vector;

import static dev.adjoint.backend.vector.Simd.D;

import dev.adjoint.api.spi.UnaryOp;
import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.LongVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;

/**
 * Transcendental functions on blocks of doubles, built only from IEEE arithmetic, fused multiply-add,
 * comparisons and bit operations, so every element's result is the same whether the code runs
 * interpreted or compiled (the Vector API's own {@code EXP}, {@code SIN}, ... give different bits before
 * and after the JIT swaps in its vector math library). Accuracy is within a few ulps of {@link Math}.
 *
 * <p>Each function is a short pipeline of stages, one vector loop each, passing values through scratch
 * arrays of {@link #BLOCK} doubles: a whole function in one loop holds more vector operations than the
 * JIT inlines into one compilation, and a vector that crosses a call that was not inlined is boxed on the
 * heap, which is slower than scalar code. For the same reason the loops call the Vector API directly and not
 * through small helpers of ours: once such a helper has been compiled on its own, the JIT may stop inlining it
 * into a loop compiled later, and every vector it returns is boxed. The polynomials are fdlibm's (log, sin, cos,
 * atan) and Taylor series (exp, expm1).
 */
final class VectorMath {
    /** Elements per block: the most one {@link #apply} call takes (a multiple of every lane count). */
    static final int BLOCK = 512;
    private static final int DL = D.length();

    /** {@code 1.5 * 2^52}: adding it rounds a double below 2^51 in magnitude to an integer. */
    private static final double SHIFT = 0x1.8p52;
    private static final long SHIFT_BITS = Double.doubleToRawLongBits(SHIFT);
    private static final long SIGN = Long.MIN_VALUE;

    private static final double LOG2E = 1.4426950408889634;
    private static final double LN2_HI = 6.93147180369123816490e-01;
    private static final double LN2_LO = 1.90821492927058770002e-10;

    private static final double LG1 = 6.666666666666735130e-01;
    private static final double LG2 = 3.999999999940941908e-01;
    private static final double LG3 = 2.857142874366239149e-01;
    private static final double LG4 = 2.222219843214978396e-01;
    private static final double LG5 = 1.818357216161805012e-01;
    private static final double LG6 = 1.531383769920937332e-01;
    private static final double LG7 = 1.479819860511658591e-01;
    private static final double SQRT2 = 1.4142135623730951;

    private static final double TWO_OVER_PI = 6.36619772367581382433e-01;
    private static final double PIO2_1 = 1.57079632673412561417e+00;
    private static final double PIO2_2 = 6.07710050630396597660e-11;
    private static final double PIO2_3 = 2.02226624871116645580e-21;
    /** Beyond this magnitude the three-part reduction by pi/2 loses bits; such elements use {@link Math}. */
    private static final double TRIG_LIMIT = 0x1p19;
    private static final double S1 = -1.66666666666666324348e-01;
    private static final double S2 = 8.33333333332248946124e-03;
    private static final double S3 = -1.98412698298579493134e-04;
    private static final double S4 = 2.75573137070700676789e-06;
    private static final double S5 = -2.50507602534068634195e-08;
    private static final double S6 = 1.58969099521155010221e-10;
    private static final double C1 = 4.16666666666666019037e-02;
    private static final double C2 = -1.38888888888741095749e-03;
    private static final double C3 = 2.48015872894767294178e-05;
    private static final double C4 = -2.75573143513906633035e-07;
    private static final double C5 = 2.08757232129817482790e-09;
    private static final double C6 = -1.13596475577881948265e-11;

    private static final double[] ATAN_HI = {
        4.63647609000806093515e-01, 7.85398163397448278999e-01, 9.82793723247329054082e-01,
        1.57079632679489655800e+00};
    private static final double[] ATAN_LO = {
        2.26987774529616870924e-17, 3.06161699786838301793e-17, 1.39033110312309984516e-17,
        6.12323399573676603587e-17};
    private static final double AT0 = 3.33333333333329318027e-01;
    private static final double AT1 = -1.99999999998764832476e-01;
    private static final double AT2 = 1.42857142725034663711e-01;
    private static final double AT3 = -1.11111104054623557880e-01;
    private static final double AT4 = 9.09088713343650656196e-02;
    private static final double AT5 = -7.69187620504482999495e-02;
    private static final double AT6 = 6.66107313738753120669e-02;
    private static final double AT7 = -5.83357013379057348645e-02;
    private static final double AT8 = 4.97687799461593236017e-02;
    private static final double AT9 = -3.65315727442169155270e-02;
    private static final double AT10 = 1.62858201153657823623e-02;

    /** Taylor coefficients {@code 1/k!} for k = 0..14. */
    private static final double[] E = invFactorials(14);

    private VectorMath() {
    }

    /** Scratch arrays for the stages of one thread. */
    static final class Scratch {
        final double[] a = new double[BLOCK];
        final double[] b = new double[BLOCK];
        final double[] c = new double[BLOCK];
        final double[] d = new double[BLOCK];
        final double[] e = new double[BLOCK];
        final double[] f = new double[BLOCK];
    }

    /** Whether {@link #apply} computes the op. */
    static boolean handles(UnaryOp op) {
        return switch (op) {
            case EXP, EXPM1, LOG, LOG1P, SIN, COS, TAN, ATAN, TANH, SIGMOID, SOFTPLUS, ELU, SILU -> true;
            default -> false;
        };
    }

    /**
     * {@code out[i] = op(x[i])} for i in {@code [0, len)}, {@code len <= BLOCK} a multiple of the double lane
     * count; {@code x} and {@code out} are not scratch arrays of {@code s}.
     */
    static void apply(UnaryOp op, double[] x, double[] out, Scratch s, int len) {
        switch (op) {
            case EXP -> exp(x, out, len);
            case EXPM1 -> expm1(x, out, s, len);
            case LOG -> log(x, out, s, len);
            case LOG1P -> log1p(x, out, s, len);
            case SIN, COS, TAN -> trig(op, x, out, s, len);
            case ATAN -> atan(x, out, s, len);
            case TANH -> {
                twiceAbs(x, s.e, len);
                expm1(s.e, s.f, s, len);
                tanhFinish(x, s.f, out, len);
            }
            case SIGMOID -> sigmoid(x, out, s, len);
            case SOFTPLUS -> {
                negAbs(x, s.e, len);
                exp(s.e, s.f, len);
                log1p(s.f, s.e, s, len);
                softplusFinish(x, s.e, out, len);
            }
            case ELU -> {
                expm1(x, s.e, s, len);
                eluFinish(x, s.e, out, len);
            }
            case SILU -> {
                sigmoid(x, s.c, s, len);
                siluFinish(x, s.c, out, len);
            }
            default -> throw new IllegalArgumentException("not a vector math function: " + op);
        }
    }

    // ---- exp and expm1 ---------------------------------------------------------------------------

    /** {@code e^x}: overflows to infinity above ~709.78, underflows gradually through subnormals. */
    private static void exp(double[] x, double[] out, int len) {
        for (int i = 0; i < len; i += DL) {
            DoubleVector xc = DoubleVector.fromArray(D, x, i).max(-746.0).min(710.0);
            DoubleVector t = xc.fma(LOG2E, SHIFT);
            DoubleVector n = t.sub(SHIFT);
            DoubleVector r = n.fma(DoubleVector.broadcast(D, -LN2_HI), xc);
            r = n.fma(DoubleVector.broadcast(D, -LN2_LO), r);
            DoubleVector p = DoubleVector.broadcast(D, E[13]).fma(r, DoubleVector.broadcast(D, E[12]))
                    .fma(r, DoubleVector.broadcast(D, E[11])).fma(r, DoubleVector.broadcast(D, E[10]))
                    .fma(r, DoubleVector.broadcast(D, E[9])).fma(r, DoubleVector.broadcast(D, E[8]))
                    .fma(r, DoubleVector.broadcast(D, E[7])).fma(r, DoubleVector.broadcast(D, E[6]))
                    .fma(r, DoubleVector.broadcast(D, E[5])).fma(r, DoubleVector.broadcast(D, E[4]))
                    .fma(r, DoubleVector.broadcast(D, E[3])).fma(r, DoubleVector.broadcast(D, E[2]))
                    .fma(r, DoubleVector.broadcast(D, E[1])).fma(r, DoubleVector.broadcast(D, E[0]));
            // 2^n as two factors, so that neither overflows nor underflows on its own.
            LongVector k = t.reinterpretAsLongs().sub(SHIFT_BITS);
            LongVector k1 = k.lanewise(VectorOperators.ASHR, 1);
            p.mul(pow2(k1)).mul(pow2(k.sub(k1))).intoArray(out, i);
        }
    }

    /** {@code e^x - 1}, accurate near zero; uses {@code s.a, s.b}. */
    private static void expm1(double[] x, double[] out, Scratch s, int len) {
        exp(x, s.a, len);
        // x + x^2 (1/2! + x/3! + ... + x^12/14!) for |x| < ln2 / 2. Written without the helper h: once h has
        // been compiled on its own, the JIT stops inlining it here and every step runs boxed (five times slower).
        for (int i = 0; i < len; i += DL) {
            DoubleVector v = DoubleVector.fromArray(D, x, i);
            DoubleVector q = DoubleVector.broadcast(D, E[14]);
            q = q.fma(v, DoubleVector.broadcast(D, E[13]));
            q = q.fma(v, DoubleVector.broadcast(D, E[12]));
            q = q.fma(v, DoubleVector.broadcast(D, E[11]));
            q = q.fma(v, DoubleVector.broadcast(D, E[10]));
            q = q.fma(v, DoubleVector.broadcast(D, E[9]));
            q = q.fma(v, DoubleVector.broadcast(D, E[8]));
            q = q.fma(v, DoubleVector.broadcast(D, E[7]));
            q = q.fma(v, DoubleVector.broadcast(D, E[6]));
            q = q.fma(v, DoubleVector.broadcast(D, E[5]));
            q = q.fma(v, DoubleVector.broadcast(D, E[4]));
            q = q.fma(v, DoubleVector.broadcast(D, E[3]));
            q = q.fma(v, DoubleVector.broadcast(D, E[2]));
            v.mul(v).fma(q, v).intoArray(s.b, i);
        }
        for (int i = 0; i < len; i += DL) {
            DoubleVector v = DoubleVector.fromArray(D, x, i);
            DoubleVector big = DoubleVector.fromArray(D, s.a, i).sub(1.0);
            big.blend(DoubleVector.fromArray(D, s.b, i), v.abs().lt(0.34657359027997264)).blend(v, v.eq(0.0))
                    .intoArray(out, i);
        }
    }

    // ---- log and log1p ---------------------------------------------------------------------------

    /** Natural logarithm: NaN below zero, {@code -inf} at (signed) zero; uses {@code s.a, s.b}. */
    private static void log(double[] x, double[] out, Scratch s, int len) {
        // x = 2^k m with m in [sqrt(1/2), sqrt(2)), subnormals scaled up first.
        for (int i = 0; i < len; i += DL) {
            DoubleVector v = DoubleVector.fromArray(D, x, i);
            VectorMask<Double> subnormal = v.lt(0x1p-1022);
            LongVector bits = v.blend(v.mul(0x1p54), subnormal).reinterpretAsLongs();
            DoubleVector k = bits.lanewise(VectorOperators.LSHR, 52).sub(1023L).add(SHIFT_BITS).reinterpretAsDoubles()
                    .sub(SHIFT);
            DoubleVector m = bits.and(0x000FFFFFFFFFFFFFL).or(0x3FF0000000000000L).reinterpretAsDoubles();
            VectorMask<Double> high = m.compare(VectorOperators.GT, SQRT2);
            m.blend(m.mul(0.5), high).intoArray(s.a, i);
            k.blend(k.add(1.0), high).blend(k.sub(54.0), subnormal).intoArray(s.b, i);
        }
        for (int i = 0; i < len; i += DL) {
            DoubleVector v = DoubleVector.fromArray(D, x, i);
            DoubleVector k = DoubleVector.fromArray(D, s.b, i);
            DoubleVector f = DoubleVector.fromArray(D, s.a, i).sub(1.0);
            DoubleVector hfsq = f.mul(f).mul(0.5);
            DoubleVector sv = f.div(f.add(2.0));
            DoubleVector z = sv.mul(sv);
            DoubleVector w = z.mul(z);
            DoubleVector rr = w.mul(w.fma(LG6, LG4).fma(w, DoubleVector.broadcast(D, LG2)))
                    .add(z.mul(w.fma(LG7, LG5).fma(w, DoubleVector.broadcast(D, LG3))
                            .fma(w, DoubleVector.broadcast(D, LG1))));
            DoubleVector r = k.mul(LN2_HI).sub(hfsq.sub(sv.mul(hfsq.add(rr)).add(k.mul(LN2_LO))).sub(f));
            r.blend(Double.NaN, v.lt(0.0)).blend(Double.NEGATIVE_INFINITY, v.eq(0.0))
                    .blend(v, v.test(VectorOperators.IS_NAN).or(v.eq(Double.POSITIVE_INFINITY))).intoArray(out, i);
        }
    }

    /** {@code log(1 + x)}, accurate near zero (Goldberg's correction); uses {@code s.a .. s.d}. */
    private static void log1p(double[] x, double[] out, Scratch s, int len) {
        for (int i = 0; i < len; i += DL) {
            DoubleVector.fromArray(D, x, i).add(1.0).intoArray(s.c, i);
        }
        log(s.c, s.d, s, len);
        for (int i = 0; i < len; i += DL) {
            DoubleVector v = DoubleVector.fromArray(D, x, i);
            DoubleVector d = DoubleVector.fromArray(D, s.c, i).sub(1.0);
            DoubleVector.fromArray(D, s.d, i).mul(v.div(d)).blend(v, d.eq(0.0).or(v.eq(Double.POSITIVE_INFINITY)))
                    .intoArray(out, i);
        }
    }

    // ---- sin, cos, tan ---------------------------------------------------------------------------

    /** Sine, cosine or tangent; uses {@code s.a .. s.d}. */
    private static void trig(UnaryOp op, double[] x, double[] out, Scratch s, int len) {
        // r = x - n pi/2 with pi/2 in three parts (exact products for |n| < 2^19); s.b keeps n + SHIFT.
        for (int i = 0; i < len; i += DL) {
            DoubleVector v = DoubleVector.fromArray(D, x, i);
            DoubleVector t = v.fma(TWO_OVER_PI, SHIFT);
            DoubleVector n = t.sub(SHIFT);
            n
                    .fma(DoubleVector.broadcast(D, -PIO2_3), n.fma(DoubleVector.broadcast(D, -PIO2_2),
                            n.fma(DoubleVector.broadcast(D, -PIO2_1), v)))
                    .intoArray(s.a, i);
            t.intoArray(s.b, i);
        }
        // fdlibm's sine and cosine kernels on [-pi/4, pi/4].
        for (int i = 0; i < len; i += DL) {
            DoubleVector r = DoubleVector.fromArray(D, s.a, i);
            DoubleVector z = r.mul(r);
            DoubleVector p = z.fma(S6, S5).fma(z, DoubleVector.broadcast(D, S4)).fma(z, DoubleVector.broadcast(D, S3))
                    .fma(z, DoubleVector.broadcast(D, S2));
            z.mul(r).mul(p.fma(z, DoubleVector.broadcast(D, S1))).add(r).intoArray(s.c, i);
        }
        for (int i = 0; i < len; i += DL) {
            DoubleVector r = DoubleVector.fromArray(D, s.a, i);
            DoubleVector z = r.mul(r);
            DoubleVector p = z
                    .mul(z.fma(C6, C5).fma(z, DoubleVector.broadcast(D, C4)).fma(z, DoubleVector.broadcast(D, C3))
                            .fma(z, DoubleVector.broadcast(D, C2)).fma(z, DoubleVector.broadcast(D, C1)));
            DoubleVector hz = z.mul(0.5);
            DoubleVector w = DoubleVector.broadcast(D, 1.0).sub(hz);
            w.add(DoubleVector.broadcast(D, 1.0).sub(w).sub(hz).add(z.mul(p))).intoArray(s.d, i);
        }
        switch (op) {
            case SIN -> sinFinish(x, s.b, s.c, s.d, out, len);
            case COS -> cosFinish(s.b, s.c, s.d, out, len);
            default -> tanFinish(x, s.b, s.c, s.d, out, len);
        }
        // Arguments beyond the reduction's range (and infinities, NaN) go to Math.
        for (int i = 0; i < len; i++) {
            double v = x[i];
            if (!(Math.abs(v) < TRIG_LIMIT)) {
                out[i] = switch (op) {
                    case SIN -> Math.sin(v);
                    case COS -> Math.cos(v);
                    default -> Math.tan(v);
                };
            }
        }
    }

    /** Quadrant q = n mod 4 (from the low bits of {@code n + SHIFT}): sin r, cos r, -sin r, -cos r. */
    private static void sinFinish(double[] x, double[] t, double[] sin, double[] cos, double[] out, int len) {
        for (int i = 0; i < len; i += DL) {
            LongVector q = DoubleVector.fromArray(D, t, i).reinterpretAsLongs();
            DoubleVector v = DoubleVector.fromArray(D, sin, i)
                    .blend(DoubleVector.fromArray(D, cos, i), q.and(1L).eq(1L).cast(D));
            DoubleVector xv = DoubleVector.fromArray(D, x, i);
            v.blend(v.neg(), q.and(2L).eq(2L).cast(D)).blend(xv, xv.eq(0.0)).intoArray(out, i);
        }
    }

    /** cos r, -sin r, -cos r, sin r by quadrant. */
    private static void cosFinish(double[] t, double[] sin, double[] cos, double[] out, int len) {
        for (int i = 0; i < len; i += DL) {
            LongVector q = DoubleVector.fromArray(D, t, i).reinterpretAsLongs();
            DoubleVector v = DoubleVector.fromArray(D, cos, i)
                    .blend(DoubleVector.fromArray(D, sin, i), q.and(1L).eq(1L).cast(D));
            v.blend(v.neg(), q.add(1L).and(2L).eq(2L).cast(D)).intoArray(out, i);
        }
    }

    /** sin r / cos r in even quadrants, -cos r / sin r in odd ones. */
    private static void tanFinish(double[] x, double[] t, double[] sin, double[] cos, double[] out, int len) {
        for (int i = 0; i < len; i += DL) {
            LongVector q = DoubleVector.fromArray(D, t, i).reinterpretAsLongs();
            DoubleVector sv = DoubleVector.fromArray(D, sin, i);
            DoubleVector cv = DoubleVector.fromArray(D, cos, i);
            DoubleVector xv = DoubleVector.fromArray(D, x, i);
            sv.div(cv).blend(cv.div(sv).neg(), q.and(1L).eq(1L).cast(D)).blend(xv, xv.eq(0.0)).intoArray(out, i);
        }
    }

    // ---- atan ------------------------------------------------------------------------------------

    /** Arctangent in {@code [-pi/2, pi/2]} (fdlibm's argument reduction); uses {@code s.a .. s.d}. */
    private static void atan(double[] x, double[] out, Scratch s, int len) {
        // |x| in [0, 7/16), [7/16, 11/16), [11/16, 19/16), [19/16, 39/16), [39/16, inf] reduced to a small
        // argument around 0, 0.5, 1, 1.5 and inf; s.a: reduced argument.
        for (int i = 0; i < len; i += DL) {
            DoubleVector ax = DoubleVector.fromArray(D, x, i).abs();
            VectorMask<Double> m0 = ax.compare(VectorOperators.GE, 0.4375);
            VectorMask<Double> m1 = ax.compare(VectorOperators.GE, 0.6875);
            VectorMask<Double> m2 = ax.compare(VectorOperators.GE, 1.1875);
            VectorMask<Double> m3 = ax.compare(VectorOperators.GE, 2.4375);
            DoubleVector num = ax.blend(ax.fma(2.0, -1.0), m0).blend(ax.sub(1.0), m1).blend(ax.sub(1.5), m2)
                    .blend(-1.0, m3);
            DoubleVector den = DoubleVector.broadcast(D, 1.0).blend(ax.add(2.0), m0).blend(ax.add(1.0), m1)
                    .blend(ax.fma(1.5, 1.0), m2)
                    .blend(ax, m3);
            num.div(den).intoArray(s.a, i);
        }
        // s.b, s.c: atan of the interval's centre in two parts.
        for (int i = 0; i < len; i += DL) {
            DoubleVector ax = DoubleVector.fromArray(D, x, i).abs();
            VectorMask<Double> m0 = ax.compare(VectorOperators.GE, 0.4375);
            VectorMask<Double> m1 = ax.compare(VectorOperators.GE, 0.6875);
            VectorMask<Double> m2 = ax.compare(VectorOperators.GE, 1.1875);
            VectorMask<Double> m3 = ax.compare(VectorOperators.GE, 2.4375);
            DoubleVector.zero(D).blend(ATAN_HI[0], m0).blend(ATAN_HI[1], m1).blend(ATAN_HI[2], m2)
                    .blend(ATAN_HI[3], m3).intoArray(s.b, i);
            DoubleVector.zero(D).blend(ATAN_LO[0], m0).blend(ATAN_LO[1], m1).blend(ATAN_LO[2], m2)
                    .blend(ATAN_LO[3], m3).intoArray(s.c, i);
        }
        // s.d: the odd polynomial's tail, x^2 (aT0 + ... ) in two interleaved halves.
        for (int i = 0; i < len; i += DL) {
            DoubleVector xr = DoubleVector.fromArray(D, s.a, i);
            DoubleVector z = xr.mul(xr);
            DoubleVector w = z.mul(z);
            DoubleVector s1 = z
                    .mul(w.fma(AT10, AT8).fma(w, DoubleVector.broadcast(D, AT6)).fma(w, DoubleVector.broadcast(D, AT4))
                            .fma(w, DoubleVector.broadcast(D, AT2)).fma(w, DoubleVector.broadcast(D, AT0)));
            DoubleVector s2 = w
                    .mul(w.fma(AT9, AT7).fma(w, DoubleVector.broadcast(D, AT5)).fma(w, DoubleVector.broadcast(D, AT3))
                            .fma(w, DoubleVector.broadcast(D, AT1)));
            s1.add(s2).intoArray(s.d, i);
        }
        for (int i = 0; i < len; i += DL) {
            DoubleVector v = DoubleVector.fromArray(D, x, i);
            DoubleVector ax = v.abs();
            DoubleVector xr = DoubleVector.fromArray(D, s.a, i);
            DoubleVector ss = DoubleVector.fromArray(D, s.d, i);
            DoubleVector small = ax.sub(ax.mul(ss));
            DoubleVector large = DoubleVector.fromArray(D, s.b, i)
                    .sub(xr.mul(ss).sub(DoubleVector.fromArray(D, s.c, i)).sub(xr));
            copySign(small.blend(large, ax.compare(VectorOperators.GE, 0.4375)), v).intoArray(out, i);
        }
    }

    // ---- functions built on the above ------------------------------------------------------------

    /** {@code 1 / (1 + e^-x)}, written like the reference so that it never overflows; uses {@code s.e, s.f}. */
    private static void sigmoid(double[] x, double[] out, Scratch s, int len) {
        negAbs(x, s.e, len);
        exp(s.e, s.f, len);
        for (int i = 0; i < len; i += DL) {
            DoubleVector e = DoubleVector.fromArray(D, s.f, i);
            DoubleVector d = e.add(1.0);
            e.div(d)
                    .blend(DoubleVector.broadcast(D, 1.0).div(d),
                            DoubleVector.fromArray(D, x, i).compare(VectorOperators.GE, 0.0))
                    .intoArray(out, i);
        }
    }

    private static void negAbs(double[] x, double[] out, int len) {
        for (int i = 0; i < len; i += DL) {
            DoubleVector.fromArray(D, x, i).abs().neg().intoArray(out, i);
        }
    }

    private static void twiceAbs(double[] x, double[] out, int len) {
        for (int i = 0; i < len; i += DL) {
            DoubleVector a = DoubleVector.fromArray(D, x, i).abs();
            a.add(a).intoArray(out, i);
        }
    }

    /** {@code tanh x = sign(x) e / (e + 2)} with {@code e = expm1(2|x|)}, 1 beyond 22. */
    private static void tanhFinish(double[] x, double[] em1, double[] out, int len) {
        for (int i = 0; i < len; i += DL) {
            DoubleVector v = DoubleVector.fromArray(D, x, i);
            DoubleVector e = DoubleVector.fromArray(D, em1, i);
            copySign(e.div(e.add(2.0)).blend(1.0, v.abs().compare(VectorOperators.GT, 22.0)), v).intoArray(out, i);
        }
    }

    /** {@code max(x, 0) + log1p(e^-|x|)}. */
    private static void softplusFinish(double[] x, double[] l, double[] out, int len) {
        for (int i = 0; i < len; i += DL) {
            DoubleVector.fromArray(D, x, i).max(0.0).add(DoubleVector.fromArray(D, l, i)).intoArray(out, i);
        }
    }

    /** ELU with alpha 1: x above 0, expm1(x) elsewhere (NaN stays NaN). */
    private static void eluFinish(double[] x, double[] em1, double[] out, int len) {
        for (int i = 0; i < len; i += DL) {
            DoubleVector v = DoubleVector.fromArray(D, x, i);
            DoubleVector.fromArray(D, em1, i).blend(v, v.compare(VectorOperators.GT, 0.0)).intoArray(out, i);
        }
    }

    /** {@code x sigmoid(x)}, with {@code silu(-inf) = -0}. */
    private static void siluFinish(double[] x, double[] sig, double[] out, int len) {
        for (int i = 0; i < len; i += DL) {
            DoubleVector v = DoubleVector.fromArray(D, x, i);
            v.mul(DoubleVector.fromArray(D, sig, i)).blend(-0.0, v.eq(Double.NEGATIVE_INFINITY)).intoArray(out, i);
        }
    }

    // ---- helpers ---------------------------------------------------------------------------------




    /** {@code 2^k} for integer lanes in {@code [-1022, 1023]}. */
    private static DoubleVector pow2(LongVector k) {
        return k.add(1023L).lanewise(VectorOperators.LSHL, 52).reinterpretAsDoubles();
    }

    /** {@code |v|} with the sign bit of {@code sign}. */
    private static DoubleVector copySign(DoubleVector v, DoubleVector sign) {
        return v.reinterpretAsLongs().and(~SIGN).or(sign.reinterpretAsLongs().and(SIGN)).reinterpretAsDoubles();
    }

    private static double[] invFactorials(int n) {
        double[] c = new double[n + 1];
        double f = 1;
        for (int k = 0; k <= n; k++) {
            if (k > 0) {
                f *= k;
            }
            c[k] = 1 / f;
        }
        return c;
    }
}
