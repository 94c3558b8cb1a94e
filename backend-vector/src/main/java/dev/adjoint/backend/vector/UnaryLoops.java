package dev.adjoint.backend.vector;

import static dev.adjoint.backend.vector.Simd.D;
import static dev.adjoint.backend.vector.Simd.F;
import static dev.adjoint.backend.vector.Simd.FH;
import static dev.adjoint.backend.vector.Simd.I;

import dev.adjoint.api.spi.ScalarMath;
import dev.adjoint.api.spi.UnaryOp;
import java.util.Arrays;
import java.util.Locale;
import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorOperators;

/**
 * The loops of the unary kernels over one range of a flat array. Exactly rounded ops (negation,
 * absolute value, sign, square, square root, reciprocal, relu) run on lanes of the array's own type and
 * match the reference bit for bit; transcendental ones run on double lanes through {@link VectorMath},
 * block by block (FLOAT32 widened and rounded once, like the reference); GELU, ERF and the rounding ops,
 * which the Vector API lacks, are scalar. Every element goes through the same code whatever its position
 * (a block's last partial vector is computed on zero padding). Each vector loop has a method of its own,
 * so the JIT compiles it as a small unit.
 */
final class UnaryLoops {
    private static final int FL = F.length();
    private static final int DL = D.length();
    private static final int IL = I.length();

    private UnaryLoops() {
    }

    /** Whether the op costs about as much as a memory access (it gets longer chunks). */
    static boolean isCheap(UnaryOp op) {
        return !VectorMath.handles(op) && op != UnaryOp.GELU && op != UnaryOp.ERF;
    }

    // ---- FLOAT64 ---------------------------------------------------------------------------------

    /** {@code r[i] = op(x[i])} for i in {@code [from, to)}. */
    static void f64(UnaryOp op, double[] x, double[] r, int from, int to) {
        if (VectorMath.handles(op)) {
            math64(op, x, r, from, to);
            return;
        }
        switch (op) {
            case NEG -> neg64(x, r, from, to);
            case ABS -> abs64(x, r, from, to);
            case SIGN -> sign64(x, r, from, to);
            case SQUARE -> square64(x, r, from, to);
            case SQRT -> sqrt64(x, r, from, to);
            case RSQRT -> rsqrt64(x, r, from, to);
            case RECIPROCAL -> reciprocal64(x, r, from, to);
            case RELU -> relu64(x, r, from, to);
            default -> scalar64(op, x, r, from, to);
        }
    }

    private static void math64(UnaryOp op, double[] x, double[] r, int from, int to) {
        VectorMath.Scratch s = new VectorMath.Scratch();
        double[] in = new double[VectorMath.BLOCK];
        double[] out = new double[VectorMath.BLOCK];
        for (int b = from; b < to; b += VectorMath.BLOCK) {
            int n = Math.min(VectorMath.BLOCK, to - b);
            int len = padded(n, DL);
            System.arraycopy(x, b, in, 0, n);
            Arrays.fill(in, n, len, 0.0);
            VectorMath.apply(op, in, out, s, len);
            System.arraycopy(out, 0, r, b, n);
        }
    }

    private static void scalar64(UnaryOp op, double[] x, double[] r, int from, int to) {
        switch (op) {
            case GELU -> {
                for (int i = from; i < to; i++) {
                    r[i] = ScalarMath.gelu(x[i]);
                }
            }
            case ERF -> {
                for (int i = from; i < to; i++) {
                    r[i] = ScalarMath.erf(x[i]);
                }
            }
            case FLOOR -> {
                for (int i = from; i < to; i++) {
                    r[i] = Math.floor(x[i]);
                }
            }
            case CEIL -> {
                for (int i = from; i < to; i++) {
                    r[i] = Math.ceil(x[i]);
                }
            }
            case ROUND -> {
                for (int i = from; i < to; i++) {
                    r[i] = Math.rint(x[i]);
                }
            }
            default -> throw new IllegalStateException("no loop for " + op);
        }
    }

    private static void neg64(double[] x, double[] r, int from, int to) {
        int i = from;
        for (int bound = from + D.loopBound(to - from); i < bound; i += DL) {
            ld(x, i).neg().intoArray(r, i);
        }
        for (; i < to; i++) {
            r[i] = -x[i];
        }
    }

    private static void abs64(double[] x, double[] r, int from, int to) {
        int i = from;
        for (int bound = from + D.loopBound(to - from); i < bound; i += DL) {
            ld(x, i).abs().intoArray(r, i);
        }
        for (; i < to; i++) {
            r[i] = Math.abs(x[i]);
        }
    }

    /** {@link Math#signum}: ±1, and zeros and NaN unchanged. */
    private static void sign64(double[] x, double[] r, int from, int to) {
        int i = from;
        for (int bound = from + D.loopBound(to - from); i < bound; i += DL) {
            DoubleVector v = ld(x, i);
            v.blend(1.0, v.compare(VectorOperators.GT, 0.0)).blend(-1.0, v.compare(VectorOperators.LT, 0.0))
                    .intoArray(r, i);
        }
        for (; i < to; i++) {
            r[i] = Math.signum(x[i]);
        }
    }

    private static void square64(double[] x, double[] r, int from, int to) {
        int i = from;
        for (int bound = from + D.loopBound(to - from); i < bound; i += DL) {
            DoubleVector v = ld(x, i);
            v.mul(v).intoArray(r, i);
        }
        for (; i < to; i++) {
            r[i] = x[i] * x[i];
        }
    }

    private static void sqrt64(double[] x, double[] r, int from, int to) {
        int i = from;
        for (int bound = from + D.loopBound(to - from); i < bound; i += DL) {
            ld(x, i).sqrt().intoArray(r, i);
        }
        for (; i < to; i++) {
            r[i] = Math.sqrt(x[i]);
        }
    }

    private static void rsqrt64(double[] x, double[] r, int from, int to) {
        int i = from;
        for (int bound = from + D.loopBound(to - from); i < bound; i += DL) {
            DoubleVector.broadcast(D, 1.0).div(ld(x, i).sqrt()).intoArray(r, i);
        }
        for (; i < to; i++) {
            r[i] = 1 / Math.sqrt(x[i]);
        }
    }

    private static void reciprocal64(double[] x, double[] r, int from, int to) {
        int i = from;
        for (int bound = from + D.loopBound(to - from); i < bound; i += DL) {
            DoubleVector.broadcast(D, 1.0).div(ld(x, i)).intoArray(r, i);
        }
        for (; i < to; i++) {
            r[i] = 1 / x[i];
        }
    }

    /** {@code max(x, 0)}: zero for {@code x <= 0} (also -0), NaN unchanged. */
    private static void relu64(double[] x, double[] r, int from, int to) {
        int i = from;
        for (int bound = from + D.loopBound(to - from); i < bound; i += DL) {
            DoubleVector v = ld(x, i);
            v.blend(0.0, v.compare(VectorOperators.LE, 0.0)).intoArray(r, i);
        }
        for (; i < to; i++) {
            r[i] = Math.max(x[i], 0);
        }
    }

    // ---- FLOAT32 ---------------------------------------------------------------------------------

    /** {@code r[i] = op(x[i])} for i in {@code [from, to)}. */
    static void f32(UnaryOp op, float[] x, float[] r, int from, int to) {
        if (VectorMath.handles(op)) {
            math32(op, x, r, from, to);
            return;
        }
        switch (op) {
            case NEG -> neg32(x, r, from, to);
            case ABS -> abs32(x, r, from, to);
            case SIGN -> sign32(x, r, from, to);
            case SQUARE -> square32(x, r, from, to);
            case SQRT -> sqrt32(x, r, from, to);
            case RSQRT -> rsqrt32(x, r, from, to);
            case RECIPROCAL -> reciprocal32(x, r, from, to);
            case RELU -> relu32(x, r, from, to);
            default -> scalar32(op, x, r, from, to);
        }
    }

    private static void math32(UnaryOp op, float[] x, float[] r, int from, int to) {
        VectorMath.Scratch s = new VectorMath.Scratch();
        double[] in = new double[VectorMath.BLOCK];
        double[] out = new double[VectorMath.BLOCK];
        for (int b = from; b < to; b += VectorMath.BLOCK) {
            int n = Math.min(VectorMath.BLOCK, to - b);
            int len = padded(n, DL);
            widen(x, b, in, n);
            Arrays.fill(in, n, len, 0.0);
            VectorMath.apply(op, in, out, s, len);
            narrow(out, r, b, n);
        }
    }

    /** {@code in[j] = x[off + j]} for j in {@code [0, n)}. */
    private static void widen(float[] x, int off, double[] in, int n) {
        int j = 0;
        for (int bound = D.loopBound(n); j < bound; j += DL) {
            ((DoubleVector) FloatVector.fromArray(FH, x, off + j).castShape(D, 0)).intoArray(in, j);
        }
        for (; j < n; j++) {
            in[j] = x[off + j];
        }
    }

    /** {@code r[off + j] = (float) out[j]} for j in {@code [0, n)}. */
    private static void narrow(double[] out, float[] r, int off, int n) {
        int j = 0;
        for (int bound = D.loopBound(n); j < bound; j += DL) {
            ((FloatVector) DoubleVector.fromArray(D, out, j).castShape(FH, 0)).intoArray(r, off + j);
        }
        for (; j < n; j++) {
            r[off + j] = (float) out[j];
        }
    }

    private static void scalar32(UnaryOp op, float[] x, float[] r, int from, int to) {
        switch (op) {
            case GELU -> {
                for (int i = from; i < to; i++) {
                    r[i] = (float) ScalarMath.gelu(x[i]);
                }
            }
            case ERF -> {
                for (int i = from; i < to; i++) {
                    r[i] = (float) ScalarMath.erf(x[i]);
                }
            }
            case FLOOR -> {
                for (int i = from; i < to; i++) {
                    r[i] = (float) Math.floor(x[i]);
                }
            }
            case CEIL -> {
                for (int i = from; i < to; i++) {
                    r[i] = (float) Math.ceil(x[i]);
                }
            }
            case ROUND -> {
                for (int i = from; i < to; i++) {
                    r[i] = (float) Math.rint(x[i]);
                }
            }
            default -> throw new IllegalStateException("no loop for " + op);
        }
    }

    private static void neg32(float[] x, float[] r, int from, int to) {
        int i = from;
        for (int bound = from + F.loopBound(to - from); i < bound; i += FL) {
            FloatVector.fromArray(F, x, i).neg().intoArray(r, i);
        }
        for (; i < to; i++) {
            r[i] = -x[i];
        }
    }

    private static void abs32(float[] x, float[] r, int from, int to) {
        int i = from;
        for (int bound = from + F.loopBound(to - from); i < bound; i += FL) {
            FloatVector.fromArray(F, x, i).abs().intoArray(r, i);
        }
        for (; i < to; i++) {
            r[i] = Math.abs(x[i]);
        }
    }

    private static void sign32(float[] x, float[] r, int from, int to) {
        int i = from;
        for (int bound = from + F.loopBound(to - from); i < bound; i += FL) {
            FloatVector v = FloatVector.fromArray(F, x, i);
            v.blend(1f, v.compare(VectorOperators.GT, 0f)).blend(-1f, v.compare(VectorOperators.LT, 0f))
                    .intoArray(r, i);
        }
        for (; i < to; i++) {
            r[i] = Math.signum(x[i]);
        }
    }

    private static void square32(float[] x, float[] r, int from, int to) {
        int i = from;
        for (int bound = from + F.loopBound(to - from); i < bound; i += FL) {
            FloatVector v = FloatVector.fromArray(F, x, i);
            v.mul(v).intoArray(r, i);
        }
        for (; i < to; i++) {
            r[i] = x[i] * x[i];
        }
    }

    private static void sqrt32(float[] x, float[] r, int from, int to) {
        int i = from;
        for (int bound = from + F.loopBound(to - from); i < bound; i += FL) {
            FloatVector.fromArray(F, x, i).sqrt().intoArray(r, i);
        }
        for (; i < to; i++) {
            r[i] = (float) Math.sqrt(x[i]);
        }
    }

    /** In double lanes: {@code 1 / sqrt(x)} rounded once, like the reference. */
    private static void rsqrt32(float[] x, float[] r, int from, int to) {
        int i = from;
        for (int bound = from + D.loopBound(to - from); i < bound; i += DL) {
            DoubleVector v = (DoubleVector) FloatVector.fromArray(FH, x, i).castShape(D, 0);
            DoubleVector.broadcast(D, 1.0).div(v.sqrt()).castShape(FH, 0).reinterpretAsFloats().intoArray(r, i);
        }
        for (; i < to; i++) {
            r[i] = (float) (1 / Math.sqrt(x[i]));
        }
    }

    private static void reciprocal32(float[] x, float[] r, int from, int to) {
        int i = from;
        for (int bound = from + F.loopBound(to - from); i < bound; i += FL) {
            FloatVector.broadcast(F, 1f).div(FloatVector.fromArray(F, x, i)).intoArray(r, i);
        }
        for (; i < to; i++) {
            r[i] = 1 / x[i];
        }
    }

    private static void relu32(float[] x, float[] r, int from, int to) {
        int i = from;
        for (int bound = from + F.loopBound(to - from); i < bound; i += FL) {
            FloatVector v = FloatVector.fromArray(F, x, i);
            v.blend(0f, v.compare(VectorOperators.LE, 0f)).intoArray(r, i);
        }
        for (; i < to; i++) {
            r[i] = Math.max(x[i], 0f);
        }
    }

    // ---- INT32 -----------------------------------------------------------------------------------

    /** {@code r[i] = op(x[i])} for i in {@code [from, to)}, wrapping like Java int arithmetic. */
    static void i32(UnaryOp op, int[] x, int[] r, int from, int to) {
        switch (op) {
            case NEG -> negInt(x, r, from, to);
            case ABS -> absInt(x, r, from, to);
            case SIGN -> signInt(x, r, from, to);
            case SQUARE -> squareInt(x, r, from, to);
            default -> throw new IllegalArgumentException(op.name().toLowerCase(Locale.ROOT)
                    + ": not defined for int32");
        }
    }

    private static void negInt(int[] x, int[] r, int from, int to) {
        int i = from;
        for (int bound = from + I.loopBound(to - from); i < bound; i += IL) {
            IntVector.fromArray(I, x, i).neg().intoArray(r, i);
        }
        for (; i < to; i++) {
            r[i] = -x[i];
        }
    }

    private static void absInt(int[] x, int[] r, int from, int to) {
        int i = from;
        for (int bound = from + I.loopBound(to - from); i < bound; i += IL) {
            IntVector.fromArray(I, x, i).abs().intoArray(r, i);
        }
        for (; i < to; i++) {
            r[i] = Math.abs(x[i]);
        }
    }

    private static void signInt(int[] x, int[] r, int from, int to) {
        int i = from;
        for (int bound = from + I.loopBound(to - from); i < bound; i += IL) {
            IntVector v = IntVector.fromArray(I, x, i);
            IntVector.zero(I).blend(1, v.compare(VectorOperators.GT, 0)).blend(-1, v.compare(VectorOperators.LT, 0))
                    .intoArray(r, i);
        }
        for (; i < to; i++) {
            r[i] = Integer.signum(x[i]);
        }
    }

    private static void squareInt(int[] x, int[] r, int from, int to) {
        int i = from;
        for (int bound = from + I.loopBound(to - from); i < bound; i += IL) {
            IntVector v = IntVector.fromArray(I, x, i);
            v.mul(v).intoArray(r, i);
        }
        for (; i < to; i++) {
            r[i] = x[i] * x[i];
        }
    }

    // ---- helpers ---------------------------------------------------------------------------------

    private static DoubleVector ld(double[] x, int i) {
        return DoubleVector.fromArray(D, x, i);
    }

    /** {@code n} rounded up to a multiple of {@code lanes}. */
    private static int padded(int n, int lanes) {
        return (n + lanes - 1) / lanes * lanes;
    }
}
