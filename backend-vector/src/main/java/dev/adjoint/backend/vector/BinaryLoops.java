package dev.adjoint.backend.vector;

import static dev.adjoint.backend.vector.Simd.D;
import static dev.adjoint.backend.vector.Simd.F;
import static dev.adjoint.backend.vector.Simd.I;

import dev.adjoint.api.spi.BinaryOp;
import dev.adjoint.api.spi.ScalarMath;
import java.util.Locale;
import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorOperators;

/**
 * The loops of the binary kernels over one output segment of a {@link BroadcastWalk}: operand {@code a}
 * starts at {@code ao} and moves by {@code as} per element, {@code b} likewise. Segments where both strides
 * are 0 or 1 run on vectors (a stride-0 operand is broadcast); the rest, the tails and the ops the Vector
 * API cannot do exactly like {@link Math} (POW, ATAN2, MOD, integer DIV and MOD) are scalar. The vector
 * ops used here (+ - * /, max, min) are exactly rounded, so both paths give the same bits.
 */
final class BinaryLoops {
    private static final int FL = F.length();
    private static final int DL = D.length();
    private static final int IL = I.length();

    private BinaryLoops() {
    }

    /** Whether the op runs on vectors (otherwise it is a scalar loop that costs more per element). */
    static boolean isVector(BinaryOp op, boolean integer) {
        return switch (op) {
            case ADD, SUB, MUL, MAX, MIN -> true;
            case DIV -> !integer;
            case POW, ATAN2, MOD -> false;
        };
    }

    // ---- FLOAT64 ---------------------------------------------------------------------------------

    /** {@code r[ro + j] = op(a[ao + j as], b[bo + j bs])} for j in {@code [0, len)}. */
    static void f64(BinaryOp op, double[] a, int ao, int as, double[] b, int bo, int bs, double[] r, int ro,
            int len) {
        int j = 0;
        if (isVector(op, false) && (as == 0 || as == 1) && (bs == 0 || bs == 1)) {
            int bound = D.loopBound(len);
            switch (op) {
                case ADD -> {
                    for (; j < bound; j += DL) {
                        ld(a, ao, as, j).add(ld(b, bo, bs, j)).intoArray(r, ro + j);
                    }
                }
                case SUB -> {
                    for (; j < bound; j += DL) {
                        ld(a, ao, as, j).sub(ld(b, bo, bs, j)).intoArray(r, ro + j);
                    }
                }
                case MUL -> {
                    for (; j < bound; j += DL) {
                        ld(a, ao, as, j).mul(ld(b, bo, bs, j)).intoArray(r, ro + j);
                    }
                }
                case DIV -> {
                    for (; j < bound; j += DL) {
                        ld(a, ao, as, j).div(ld(b, bo, bs, j)).intoArray(r, ro + j);
                    }
                }
                case MAX -> {
                    for (; j < bound; j += DL) {
                        ld(a, ao, as, j).lanewise(VectorOperators.MAX, ld(b, bo, bs, j)).intoArray(r, ro + j);
                    }
                }
                case MIN -> {
                    for (; j < bound; j += DL) {
                        ld(a, ao, as, j).lanewise(VectorOperators.MIN, ld(b, bo, bs, j)).intoArray(r, ro + j);
                    }
                }
                default -> throw new IllegalStateException("no vector loop for " + op);
            }
        }
        for (; j < len; j++) {
            r[ro + j] = apply(op, a[ao + j * as], b[bo + j * bs]);
        }
    }

    /** One binary op on doubles, as the reference computes it. */
    static double apply(BinaryOp op, double a, double b) {
        return switch (op) {
            case ADD -> a + b;
            case SUB -> a - b;
            case MUL -> a * b;
            case DIV -> a / b;
            case POW -> Math.pow(a, b);
            case MAX -> Math.max(a, b);
            case MIN -> Math.min(a, b);
            case ATAN2 -> Math.atan2(a, b);
            case MOD -> ScalarMath.floorMod(a, b);
        };
    }

    // ---- FLOAT32 ---------------------------------------------------------------------------------

    /** {@code r[ro + j] = op(a[ao + j as], b[bo + j bs])} for j in {@code [0, len)}. */
    static void f32(BinaryOp op, float[] a, int ao, int as, float[] b, int bo, int bs, float[] r, int ro,
            int len) {
        int j = 0;
        if (isVector(op, false) && (as == 0 || as == 1) && (bs == 0 || bs == 1)) {
            int bound = F.loopBound(len);
            switch (op) {
                case ADD -> {
                    for (; j < bound; j += FL) {
                        ld(a, ao, as, j).add(ld(b, bo, bs, j)).intoArray(r, ro + j);
                    }
                }
                case SUB -> {
                    for (; j < bound; j += FL) {
                        ld(a, ao, as, j).sub(ld(b, bo, bs, j)).intoArray(r, ro + j);
                    }
                }
                case MUL -> {
                    for (; j < bound; j += FL) {
                        ld(a, ao, as, j).mul(ld(b, bo, bs, j)).intoArray(r, ro + j);
                    }
                }
                case DIV -> {
                    for (; j < bound; j += FL) {
                        ld(a, ao, as, j).div(ld(b, bo, bs, j)).intoArray(r, ro + j);
                    }
                }
                case MAX -> {
                    for (; j < bound; j += FL) {
                        ld(a, ao, as, j).lanewise(VectorOperators.MAX, ld(b, bo, bs, j)).intoArray(r, ro + j);
                    }
                }
                case MIN -> {
                    for (; j < bound; j += FL) {
                        ld(a, ao, as, j).lanewise(VectorOperators.MIN, ld(b, bo, bs, j)).intoArray(r, ro + j);
                    }
                }
                default -> throw new IllegalStateException("no vector loop for " + op);
            }
        }
        for (; j < len; j++) {
            r[ro + j] = apply(op, a[ao + j * as], b[bo + j * bs]);
        }
    }

    /**
     * One binary op on floats: exactly rounded float arithmetic for + - * / max min (equal to computing in
     * double and rounding), double then rounding for the rest, like the reference.
     */
    static float apply(BinaryOp op, float a, float b) {
        return switch (op) {
            case ADD -> a + b;
            case SUB -> a - b;
            case MUL -> a * b;
            case DIV -> a / b;
            case MAX -> Math.max(a, b);
            case MIN -> Math.min(a, b);
            case POW -> (float) Math.pow(a, b);
            case ATAN2 -> (float) Math.atan2(a, b);
            case MOD -> (float) ScalarMath.floorMod(a, b);
        };
    }

    // ---- INT32 -----------------------------------------------------------------------------------

    /**
     * {@code r[ro + j] = op(a[ao + j as], b[bo + j bs])} for j in {@code [0, len)}: wrapping + - *, floor
     * division and modulo. The caller has ruled out division by zero.
     */
    static void i32(BinaryOp op, int[] a, int ao, int as, int[] b, int bo, int bs, int[] r, int ro, int len) {
        int j = 0;
        if (isVector(op, true) && (as == 0 || as == 1) && (bs == 0 || bs == 1)) {
            int bound = I.loopBound(len);
            switch (op) {
                case ADD -> {
                    for (; j < bound; j += IL) {
                        ld(a, ao, as, j).add(ld(b, bo, bs, j)).intoArray(r, ro + j);
                    }
                }
                case SUB -> {
                    for (; j < bound; j += IL) {
                        ld(a, ao, as, j).sub(ld(b, bo, bs, j)).intoArray(r, ro + j);
                    }
                }
                case MUL -> {
                    for (; j < bound; j += IL) {
                        ld(a, ao, as, j).mul(ld(b, bo, bs, j)).intoArray(r, ro + j);
                    }
                }
                case MAX -> {
                    for (; j < bound; j += IL) {
                        ld(a, ao, as, j).max(ld(b, bo, bs, j)).intoArray(r, ro + j);
                    }
                }
                case MIN -> {
                    for (; j < bound; j += IL) {
                        ld(a, ao, as, j).min(ld(b, bo, bs, j)).intoArray(r, ro + j);
                    }
                }
                default -> throw new IllegalStateException("no vector loop for " + op);
            }
        }
        for (; j < len; j++) {
            r[ro + j] = apply(op, a[ao + j * as], b[bo + j * bs]);
        }
    }

    /** One binary op on ints (the divisor of DIV and MOD is nonzero). */
    static int apply(BinaryOp op, int a, int b) {
        return switch (op) {
            case ADD -> a + b;
            case SUB -> a - b;
            case MUL -> a * b;
            case DIV -> Math.floorDiv(a, b);
            case MOD -> Math.floorMod(a, b);
            case MAX -> Math.max(a, b);
            case MIN -> Math.min(a, b);
            default -> throw new IllegalArgumentException(op.name().toLowerCase(Locale.ROOT)
                    + ": not defined for int32");
        };
    }

    // ---- lane helpers: a stride-0 operand is one element broadcast to every lane ---------------

    static DoubleVector ld(double[] x, int off, int stride, int j) {
        return stride == 0 ? DoubleVector.broadcast(D, x[off]) : DoubleVector.fromArray(D, x, off + j);
    }

    static FloatVector ld(float[] x, int off, int stride, int j) {
        return stride == 0 ? FloatVector.broadcast(F, x[off]) : FloatVector.fromArray(F, x, off + j);
    }

    static IntVector ld(int[] x, int off, int stride, int j) {
        return stride == 0 ? IntVector.broadcast(I, x[off]) : IntVector.fromArray(I, x, off + j);
    }
}
