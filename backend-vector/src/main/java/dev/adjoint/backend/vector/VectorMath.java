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
 * heap, which is slower than scalar code. The polynomials are fdlibm's (log, sin, cos, atan) and Taylor
 * series (exp, expm1).
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
            DoubleVector xc = ld(x, i).max(-746.0).min(710.0);
            DoubleVector t = xc.fma(LOG2E, SHIFT);
            DoubleVector n = t.sub(SHIFT);
            DoubleVector r = n.fma(bc(-LN2_HI), xc);
            r = n.fma(bc(-LN2_LO), r);
            DoubleVector p = h(h(h(h(h(h(h(h(h(h(h(h(h(bc(E[13]), r, E[12]), r, E[11]), r, E[10]), r, E[9]), r,
                    E[8]), r, E[7]), r, E[6]), r, E[5]), r, E[4]), r, E[3]), r, E[2]), r, E[1]), r, E[0]);
            // 2^n as two factors, so that neither overflows nor underflows on its own.
            LongVector k = t.reinterpretAsLongs().sub(SHIFT_BITS);
            LongVector k1 = k.lanewise(VectorOperators.ASHR, 1);
            p.mul(pow2(k1)).mul(pow2(k.sub(k1))).intoArray(out, i);
        }
    }

    /** {@code e^x - 1}, accurate near zero; uses {@code s.a}. */
    private static void expm1(double[] x, double[] out, Scratch s, int len) {
        exp(x, s.a, len);
        for (int i = 0; i < len; i += DL) {
            DoubleVector v = ld(x, i);
            DoubleVector big = ld(s.a, i).sub(1.0);
            // x + x^2 (1/2! + x/3! + ... + x^12/14!) for |x| < ln2 / 2.
            DoubleVector q = h(h(h(h(h(h(h(h(h(h(h(h(bc(E[14]), v, E[13]), v, E[12]), v, E[11]), v, E[10]), v, E[9]),
                    v, E[8]), v, E[7]), v, E[6]), v, E[5]), v, E[4]), v, E[3]), v, E[2]);
            DoubleVector small = v.mul(v).fma(q, v);
            big.blend(small, v.abs().lt(0.34657359027997264)).blend(v, v.eq(0.0)).intoArray(out, i);
        }
    }

    // ---- log and log1p ---------------------------------------------------------------------------

    /** Natural logarithm: NaN below zero, {@code -inf} at (signed) zero; uses {@code s.a, s.b}. */
    private static void log(double[] x, double[] out, Scratch s, int len) {
        // x = 2^k m with m in [sqrt(1/2), sqrt(2)), subnormals scaled up first.
        for (int i = 0; i < len; i += DL) {
            DoubleVector v = ld(x, i);
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
            DoubleVector v = ld(x, i);
            DoubleVector k = ld(s.b, i);
            DoubleVector f = ld(s.a, i).sub(1.0);
            DoubleVector hfsq = f.mul(f).mul(0.5);
            DoubleVector sv = f.div(f.add(2.0));
            DoubleVector z = sv.mul(sv);
            DoubleVector w = z.mul(z);
            DoubleVector rr = w.mul(h(w.fma(LG6, LG4), w, LG2)).add(z.mul(h(h(w.fma(LG7, LG5), w, LG3), w, LG1)));
            DoubleVector r = k.mul(LN2_HI).sub(hfsq.sub(sv.mul(hfsq.add(rr)).add(k.mul(LN2_LO))).sub(f));
            r.blend(Double.NaN, v.lt(0.0)).blend(Double.NEGATIVE_INFINITY, v.eq(0.0))
                    .blend(v, v.test(VectorOperators.IS_NAN).or(v.eq(Double.POSITIVE_INFINITY))).intoArray(out, i);
        }
    }

    /** {@code log(1 + x)}, accurate near zero (Goldberg's correction); uses {@code s.a .. s.d}. */
    private static void log1p(double[] x, double[] out, Scratch s, int len) {
        for (int i = 0; i < len; i += DL) {
            ld(x, i).add(1.0).intoArray(s.c, i);
        }
        log(s.c, s.d, s, len);
        for (int i = 0; i < len; i += DL) {
            DoubleVector v = ld(x, i);
            DoubleVector d = ld(s.c, i).sub(1.0);
            ld(s.d, i).mul(v.div(d)).blend(v, d.eq(0.0).or(v.eq(Double.POSITIVE_INFINITY))).intoArray(out, i);
        }
    }

    // ---- sin, cos, tan ---------------------------------------------------------------------------

    /** Sine, cosine or tangent; uses {@code s.a .. s.d}. */
    private static void trig(UnaryOp op, double[] x, double[] out, Scratch s, int len) {
        // r = x - n pi/2 with pi/2 in three parts (exact products for |n| < 2^19); s.b keeps n + SHIFT.
        for (int i = 0; i < len; i += DL) {
            DoubleVector v = ld(x, i);
            DoubleVector t = v.fma(TWO_OVER_PI, SHIFT);
            DoubleVector n = t.sub(SHIFT);
            n.fma(bc(-PIO2_3), n.fma(bc(-PIO2_2), n.fma(bc(-PIO2_1), v))).intoArray(s.a, i);
            t.intoArray(s.b, i);
        }
        // fdlibm's sine and cosine kernels on [-pi/4, pi/4].
        for (int i = 0; i < len; i += DL) {
            DoubleVector r = ld(s.a, i);
            DoubleVector z = r.mul(r);
            DoubleVector p = h(h(h(z.fma(S6, S5), z, S4), z, S3), z, S2);
            z.mul(r).mul(h(p, z, S1)).add(r).intoArray(s.c, i);
        }
        for (int i = 0; i < len; i += DL) {
            DoubleVector r = ld(s.a, i);
            DoubleVector z = r.mul(r);
            DoubleVector p = z.mul(h(h(h(h(z.fma(C6, C5), z, C4), z, C3), z, C2), z, C1));
            DoubleVector hz = z.mul(0.5);
            DoubleVector w = bc(1.0).sub(hz);
            w.add(bc(1.0).sub(w).sub(hz).add(z.mul(p))).intoArray(s.d, i);
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
            LongVector q = ld(t, i).reinterpretAsLongs();
            DoubleVector v = ld(sin, i).blend(ld(cos, i), q.and(1L).eq(1L).cast(D));
            DoubleVector xv = ld(x, i);
            v.blend(v.neg(), q.and(2L).eq(2L).cast(D)).blend(xv, xv.eq(0.0)).intoArray(out, i);
        }
    }

    /** cos r, -sin r, -cos r, sin r by quadrant. */
    private static void cosFinish(double[] t, double[] sin, double[] cos, double[] out, int len) {
        for (int i = 0; i < len; i += DL) {
            LongVector q = ld(t, i).reinterpretAsLongs();
            DoubleVector v = ld(cos, i).blend(ld(sin, i), q.and(1L).eq(1L).cast(D));
            v.blend(v.neg(), q.add(1L).and(2L).eq(2L).cast(D)).intoArray(out, i);
        }
    }

    /** sin r / cos r in even quadrants, -cos r / sin r in odd ones. */
    private static void tanFinish(double[] x, double[] t, double[] sin, double[] cos, double[] out, int len) {
        for (int i = 0; i < len; i += DL) {
            LongVector q = ld(t, i).reinterpretAsLongs();
            DoubleVector sv = ld(sin, i);
            DoubleVector cv = ld(cos, i);
            DoubleVector xv = ld(x, i);
            sv.div(cv).blend(cv.div(sv).neg(), q.and(1L).eq(1L).cast(D)).blend(xv, xv.eq(0.0)).intoArray(out, i);
        }
    }

    // ---- atan ------------------------------------------------------------------------------------

    /** Arctangent in {@code [-pi/2, pi/2]} (fdlibm's argument reduction); uses {@code s.a .. s.d}. */
    private static void atan(double[] x, double[] out, Scratch s, int len) {
        // |x| in [0, 7/16), [7/16, 11/16), [11/16, 19/16), [19/16, 39/16), [39/16, inf] reduced to a small
        // argument around 0, 0.5, 1, 1.5 and inf; s.a: reduced argument.
        for (int i = 0; i < len; i += DL) {
            DoubleVector ax = ld(x, i).abs();
            VectorMask<Double> m0 = ax.compare(VectorOperators.GE, 0.4375);
            VectorMask<Double> m1 = ax.compare(VectorOperators.GE, 0.6875);
            VectorMask<Double> m2 = ax.compare(VectorOperators.GE, 1.1875);
            VectorMask<Double> m3 = ax.compare(VectorOperators.GE, 2.4375);
            DoubleVector num = ax.blend(ax.fma(2.0, -1.0), m0).blend(ax.sub(1.0), m1).blend(ax.sub(1.5), m2)
                    .blend(-1.0, m3);
            DoubleVector den = bc(1.0).blend(ax.add(2.0), m0).blend(ax.add(1.0), m1).blend(ax.fma(1.5, 1.0), m2)
                    .blend(ax, m3);
            num.div(den).intoArray(s.a, i);
        }
        // s.b, s.c: atan of the interval's centre in two parts.
        for (int i = 0; i < len; i += DL) {
            DoubleVector ax = ld(x, i).abs();
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
            DoubleVector xr = ld(s.a, i);
            DoubleVector z = xr.mul(xr);
            DoubleVector w = z.mul(z);
            DoubleVector s1 = z.mul(h(h(h(h(w.fma(AT10, AT8), w, AT6), w, AT4), w, AT2), w, AT0));
            DoubleVector s2 = w.mul(h(h(h(w.fma(AT9, AT7), w, AT5), w, AT3), w, AT1));
            s1.add(s2).intoArray(s.d, i);
        }
        for (int i = 0; i < len; i += DL) {
            DoubleVector v = ld(x, i);
            DoubleVector ax = v.abs();
            DoubleVector xr = ld(s.a, i);
            DoubleVector ss = ld(s.d, i);
            DoubleVector small = ax.sub(ax.mul(ss));
            DoubleVector large = ld(s.b, i).sub(xr.mul(ss).sub(ld(s.c, i)).sub(xr));
            copySign(small.blend(large, ax.compare(VectorOperators.GE, 0.4375)), v).intoArray(out, i);
        }
    }

    // ---- functions built on the above ------------------------------------------------------------

    /** {@code 1 / (1 + e^-x)}, written like the reference so that it never overflows; uses {@code s.e, s.f}. */
    private static void sigmoid(double[] x, double[] out, Scratch s, int len) {
        negAbs(x, s.e, len);
        exp(s.e, s.f, len);
        for (int i = 0; i < len; i += DL) {
            DoubleVector e = ld(s.f, i);
            DoubleVector d = e.add(1.0);
            e.div(d).blend(bc(1.0).div(d), ld(x, i).compare(VectorOperators.GE, 0.0)).intoArray(out, i);
        }
    }

    private static void negAbs(double[] x, double[] out, int len) {
        for (int i = 0; i < len; i += DL) {
            ld(x, i).abs().neg().intoArray(out, i);
        }
    }

    private static void twiceAbs(double[] x, double[] out, int len) {
        for (int i = 0; i < len; i += DL) {
            DoubleVector a = ld(x, i).abs();
            a.add(a).intoArray(out, i);
        }
    }

    /** {@code tanh x = sign(x) e / (e + 2)} with {@code e = expm1(2|x|)}, 1 beyond 22. */
    private static void tanhFinish(double[] x, double[] em1, double[] out, int len) {
        for (int i = 0; i < len; i += DL) {
            DoubleVector v = ld(x, i);
            DoubleVector e = ld(em1, i);
            copySign(e.div(e.add(2.0)).blend(1.0, v.abs().compare(VectorOperators.GT, 22.0)), v).intoArray(out, i);
        }
    }

    /** {@code max(x, 0) + log1p(e^-|x|)}. */
    private static void softplusFinish(double[] x, double[] l, double[] out, int len) {
        for (int i = 0; i < len; i += DL) {
            ld(x, i).max(0.0).add(ld(l, i)).intoArray(out, i);
        }
    }

    /** ELU with alpha 1: x above 0, expm1(x) elsewhere (NaN stays NaN). */
    private static void eluFinish(double[] x, double[] em1, double[] out, int len) {
        for (int i = 0; i < len; i += DL) {
            DoubleVector v = ld(x, i);
            ld(em1, i).blend(v, v.compare(VectorOperators.GT, 0.0)).intoArray(out, i);
        }
    }

    /** {@code x sigmoid(x)}, with {@code silu(-inf) = -0}. */
    private static void siluFinish(double[] x, double[] sig, double[] out, int len) {
        for (int i = 0; i < len; i += DL) {
            DoubleVector v = ld(x, i);
            v.mul(ld(sig, i)).blend(-0.0, v.eq(Double.NEGATIVE_INFINITY)).intoArray(out, i);
        }
    }

    // ---- helpers ---------------------------------------------------------------------------------

    private static DoubleVector ld(double[] a, int i) {
        return DoubleVector.fromArray(D, a, i);
    }

    /** One Horner step: {@code p * z + c}. */
    private static DoubleVector h(DoubleVector p, DoubleVector z, double c) {
        return p.fma(z, DoubleVector.broadcast(D, c));
    }

    /** {@code c} in every lane. */
    private static DoubleVector bc(double c) {
        return DoubleVector.broadcast(D, c);
    }

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
