package dev.adjoint.backend.vector;

import static dev.adjoint.backend.vector.BinaryLoops.ld;
import static dev.adjoint.backend.vector.Simd.D;
import static dev.adjoint.backend.vector.Simd.F;
import static dev.adjoint.backend.vector.Simd.FH;
import static dev.adjoint.backend.vector.Simd.I;
import static dev.adjoint.backend.vector.Simd.IH;

import dev.adjoint.api.spi.CompareOp;
import dev.adjoint.api.spi.HeapStorage;
import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;

/**
 * The loops of {@code compare} (to an INT32 mask of 0 and 1) and {@code where} over one output segment of
 * a {@link BroadcastWalk}, vectorized when every operand's stride is 0 or 1 (stride 0: broadcast), scalar
 * otherwise and on tails. Comparisons follow IEEE: NaN compares false except under NE; a {@code where}
 * condition is true when nonzero, NaN included.
 */
final class SelectLoops {
    private static final int FL = F.length();
    private static final int DL = D.length();
    private static final int IL = I.length();

    private SelectLoops() {
    }

    // ---- compare ---------------------------------------------------------------------------------

    /** {@code r[ro + j] = op(a[ao + j as], b[bo + j bs]) ? 1 : 0} for j in {@code [0, len)}. */
    static void compare64(CompareOp op, double[] a, int ao, int as, double[] b, int bo, int bs, int[] r, int ro,
            int len) {
        int j = 0;
        if (unitOrZero(as, bs)) {
            int bound = D.loopBound(len);
            switch (op) {
                case EQ -> {
                    for (; j < bound; j += DL) {
                        stD(ld(a, ao, as, j).compare(VectorOperators.EQ, ld(b, bo, bs, j)), r, ro + j);
                    }
                }
                case NE -> {
                    for (; j < bound; j += DL) {
                        stD(ld(a, ao, as, j).compare(VectorOperators.NE, ld(b, bo, bs, j)), r, ro + j);
                    }
                }
                case LT -> {
                    for (; j < bound; j += DL) {
                        stD(ld(a, ao, as, j).compare(VectorOperators.LT, ld(b, bo, bs, j)), r, ro + j);
                    }
                }
                case LE -> {
                    for (; j < bound; j += DL) {
                        stD(ld(a, ao, as, j).compare(VectorOperators.LE, ld(b, bo, bs, j)), r, ro + j);
                    }
                }
                case GT -> {
                    for (; j < bound; j += DL) {
                        stD(ld(a, ao, as, j).compare(VectorOperators.GT, ld(b, bo, bs, j)), r, ro + j);
                    }
                }
                case GE -> {
                    for (; j < bound; j += DL) {
                        stD(ld(a, ao, as, j).compare(VectorOperators.GE, ld(b, bo, bs, j)), r, ro + j);
                    }
                }
            }
        }
        for (; j < len; j++) {
            r[ro + j] = test(op, a[ao + j * as], b[bo + j * bs]) ? 1 : 0;
        }
    }

    /** {@code r[ro + j] = op(a[ao + j as], b[bo + j bs]) ? 1 : 0} for j in {@code [0, len)}. */
    static void compare32(CompareOp op, float[] a, int ao, int as, float[] b, int bo, int bs, int[] r, int ro,
            int len) {
        int j = 0;
        if (unitOrZero(as, bs)) {
            int bound = F.loopBound(len);
            switch (op) {
                case EQ -> {
                    for (; j < bound; j += FL) {
                        st(ld(a, ao, as, j).compare(VectorOperators.EQ, ld(b, bo, bs, j)), r, ro + j);
                    }
                }
                case NE -> {
                    for (; j < bound; j += FL) {
                        st(ld(a, ao, as, j).compare(VectorOperators.NE, ld(b, bo, bs, j)), r, ro + j);
                    }
                }
                case LT -> {
                    for (; j < bound; j += FL) {
                        st(ld(a, ao, as, j).compare(VectorOperators.LT, ld(b, bo, bs, j)), r, ro + j);
                    }
                }
                case LE -> {
                    for (; j < bound; j += FL) {
                        st(ld(a, ao, as, j).compare(VectorOperators.LE, ld(b, bo, bs, j)), r, ro + j);
                    }
                }
                case GT -> {
                    for (; j < bound; j += FL) {
                        st(ld(a, ao, as, j).compare(VectorOperators.GT, ld(b, bo, bs, j)), r, ro + j);
                    }
                }
                case GE -> {
                    for (; j < bound; j += FL) {
                        st(ld(a, ao, as, j).compare(VectorOperators.GE, ld(b, bo, bs, j)), r, ro + j);
                    }
                }
            }
        }
        for (; j < len; j++) {
            r[ro + j] = test(op, a[ao + j * as], b[bo + j * bs]) ? 1 : 0;
        }
    }

    /** {@code r[ro + j] = op(a[ao + j as], b[bo + j bs]) ? 1 : 0} for j in {@code [0, len)}. */
    static void compareInt(CompareOp op, int[] a, int ao, int as, int[] b, int bo, int bs, int[] r, int ro,
            int len) {
        int j = 0;
        if (unitOrZero(as, bs)) {
            int bound = I.loopBound(len);
            switch (op) {
                case EQ -> {
                    for (; j < bound; j += IL) {
                        st(ld(a, ao, as, j).compare(VectorOperators.EQ, ld(b, bo, bs, j)), r, ro + j);
                    }
                }
                case NE -> {
                    for (; j < bound; j += IL) {
                        st(ld(a, ao, as, j).compare(VectorOperators.NE, ld(b, bo, bs, j)), r, ro + j);
                    }
                }
                case LT -> {
                    for (; j < bound; j += IL) {
                        st(ld(a, ao, as, j).compare(VectorOperators.LT, ld(b, bo, bs, j)), r, ro + j);
                    }
                }
                case LE -> {
                    for (; j < bound; j += IL) {
                        st(ld(a, ao, as, j).compare(VectorOperators.LE, ld(b, bo, bs, j)), r, ro + j);
                    }
                }
                case GT -> {
                    for (; j < bound; j += IL) {
                        st(ld(a, ao, as, j).compare(VectorOperators.GT, ld(b, bo, bs, j)), r, ro + j);
                    }
                }
                case GE -> {
                    for (; j < bound; j += IL) {
                        st(ld(a, ao, as, j).compare(VectorOperators.GE, ld(b, bo, bs, j)), r, ro + j);
                    }
                }
            }
        }
        for (; j < len; j++) {
            r[ro + j] = test(op, a[ao + j * as], b[bo + j * bs]) ? 1 : 0;
        }
    }

    /** One comparison (ints convert to double exactly). */
    static boolean test(CompareOp op, double a, double b) {
        return switch (op) {
            case EQ -> a == b;
            case NE -> a != b;
            case LT -> a < b;
            case LE -> a <= b;
            case GT -> a > b;
            case GE -> a >= b;
        };
    }

    // ---- where -----------------------------------------------------------------------------------

    /**
     * {@code r[ro + j] = cond[co + j cs] != 0 ? a[ao + j as] : b[bo + j bs]} for j in {@code [0, len)}, for
     * a FLOAT64 result; {@code cond} may have any dtype.
     */
    static void where64(HeapStorage cond, int co, int cs, double[] a, int ao, int as, double[] b, int bo, int bs,
            double[] r, int ro, int len) {
        int j = 0;
        if (unitOrZero(cs, as) && unitOrZero(bs, 0)) {
            int bound = D.loopBound(len);
            switch (cond.dtype()) {
                case FLOAT64 -> {
                    double[] c = cond.f64();
                    for (; j < bound; j += DL) {
                        VectorMask<Double> m = ld(c, co, cs, j).compare(VectorOperators.NE, 0.0);
                        ld(b, bo, bs, j).blend(ld(a, ao, as, j), m).intoArray(r, ro + j);
                    }
                }
                case FLOAT32 -> {
                    float[] c = cond.f32();
                    for (; j < bound; j += DL) {
                        VectorMask<Double> m = half(c, co, cs, j).compare(VectorOperators.NE, 0f).cast(D);
                        ld(b, bo, bs, j).blend(ld(a, ao, as, j), m).intoArray(r, ro + j);
                    }
                }
                case INT32 -> {
                    int[] c = cond.i32();
                    for (; j < bound; j += DL) {
                        VectorMask<Double> m = half(c, co, cs, j).compare(VectorOperators.NE, 0).cast(D);
                        ld(b, bo, bs, j).blend(ld(a, ao, as, j), m).intoArray(r, ro + j);
                    }
                }
            }
        }
        for (; j < len; j++) {
            r[ro + j] = truth(cond, co + j * cs) ? a[ao + j * as] : b[bo + j * bs];
        }
    }

    /** {@link #where64} for a FLOAT32 result. */
    static void where32(HeapStorage cond, int co, int cs, float[] a, int ao, int as, float[] b, int bo, int bs,
            float[] r, int ro, int len) {
        int j = 0;
        if (unitOrZero(cs, as) && unitOrZero(bs, 0)) {
            int bound = D.loopBound(len);
            switch (cond.dtype()) {
                case FLOAT64 -> {
                    double[] c = cond.f64();
                    for (; j < bound; j += DL) {
                        VectorMask<Float> m = ld(c, co, cs, j).compare(VectorOperators.NE, 0.0).cast(FH);
                        half(b, bo, bs, j).blend(half(a, ao, as, j), m).intoArray(r, ro + j);
                    }
                }
                case FLOAT32 -> {
                    float[] c = cond.f32();
                    for (; j < bound; j += DL) {
                        VectorMask<Float> m = half(c, co, cs, j).compare(VectorOperators.NE, 0f);
                        half(b, bo, bs, j).blend(half(a, ao, as, j), m).intoArray(r, ro + j);
                    }
                }
                case INT32 -> {
                    int[] c = cond.i32();
                    for (; j < bound; j += DL) {
                        VectorMask<Float> m = half(c, co, cs, j).compare(VectorOperators.NE, 0).cast(FH);
                        half(b, bo, bs, j).blend(half(a, ao, as, j), m).intoArray(r, ro + j);
                    }
                }
            }
        }
        for (; j < len; j++) {
            r[ro + j] = truth(cond, co + j * cs) ? a[ao + j * as] : b[bo + j * bs];
        }
    }

    /** {@link #where64} for an INT32 result. */
    static void whereInt(HeapStorage cond, int co, int cs, int[] a, int ao, int as, int[] b, int bo, int bs,
            int[] r, int ro, int len) {
        int j = 0;
        if (unitOrZero(cs, as) && unitOrZero(bs, 0)) {
            int bound = D.loopBound(len);
            switch (cond.dtype()) {
                case FLOAT64 -> {
                    double[] c = cond.f64();
                    for (; j < bound; j += DL) {
                        VectorMask<Integer> m = ld(c, co, cs, j).compare(VectorOperators.NE, 0.0).cast(IH);
                        half(b, bo, bs, j).blend(half(a, ao, as, j), m).intoArray(r, ro + j);
                    }
                }
                case FLOAT32 -> {
                    float[] c = cond.f32();
                    for (; j < bound; j += DL) {
                        VectorMask<Integer> m = half(c, co, cs, j).compare(VectorOperators.NE, 0f).cast(IH);
                        half(b, bo, bs, j).blend(half(a, ao, as, j), m).intoArray(r, ro + j);
                    }
                }
                case INT32 -> {
                    int[] c = cond.i32();
                    for (; j < bound; j += DL) {
                        VectorMask<Integer> m = half(c, co, cs, j).compare(VectorOperators.NE, 0);
                        half(b, bo, bs, j).blend(half(a, ao, as, j), m).intoArray(r, ro + j);
                    }
                }
            }
        }
        for (; j < len; j++) {
            r[ro + j] = truth(cond, co + j * cs) ? a[ao + j * as] : b[bo + j * bs];
        }
    }

    /** Whether condition element {@code i} is nonzero (NaN is). */
    private static boolean truth(HeapStorage cond, int i) {
        return switch (cond.dtype()) {
            case FLOAT64 -> cond.f64()[i] != 0;
            case FLOAT32 -> cond.f32()[i] != 0;
            case INT32 -> cond.i32()[i] != 0;
        };
    }

    // ---- lane helpers ----------------------------------------------------------------------------

    private static boolean unitOrZero(int s, int t) {
        return (s == 0 || s == 1) && (t == 0 || t == 1);
    }

    private static FloatVector half(float[] x, int off, int stride, int j) {
        return stride == 0 ? FloatVector.broadcast(FH, x[off]) : FloatVector.fromArray(FH, x, off + j);
    }

    private static IntVector half(int[] x, int off, int stride, int j) {
        return stride == 0 ? IntVector.broadcast(IH, x[off]) : IntVector.fromArray(IH, x, off + j);
    }

    /** Stores a float or int comparison mask as ints 0 and 1. */
    private static void st(VectorMask<?> m, int[] r, int i) {
        IntVector.zero(I).blend(1, m.cast(I)).intoArray(r, i);
    }

    /** Stores a double comparison mask as ints 0 and 1. */
    private static void stD(VectorMask<Double> m, int[] r, int i) {
        IntVector.zero(IH).blend(1, m.cast(IH)).intoArray(r, i);
    }
}
