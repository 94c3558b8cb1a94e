package dev.adjoint.backend.vector;

import static dev.adjoint.backend.vector.Simd.D;
import static dev.adjoint.backend.vector.Simd.F;
import static dev.adjoint.backend.vector.Simd.FH;
import static dev.adjoint.backend.vector.Simd.I;
import static dev.adjoint.backend.vector.Simd.IH;

import dev.adjoint.api.spi.ReduceOp;
import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;

/**
 * The SIMD loops of the reductions. Float values (FLOAT32 widened) are accumulated in double lanes;
 * the lanes of an accumulator are combined one by one in lane order, never with the Vector API's
 * cross-lane reductions, whose order (and so the rounding of a sum) is unspecified. Every loop is
 * therefore a fixed sequence of IEEE operations: the same input range always gives the same bits.
 * SUM and PROD start from 0 and 1, MAX and MIN from the first element and propagate NaN like
 * {@link Math#max}.
 */
final class ReduceLoops {
    private static final int DL = D.length();
    private static final int FL = F.length();
    private static final int IL = I.length();

    private ReduceLoops() {
    }

    // ---- contiguous runs to one value ------------------------------------------------------------

    /** {@code op} over {@code x[from .. from + len)}, {@code len >= 1} for MAX and MIN. */
    static double run64(ReduceOp op, double[] x, int from, int len) {
        if (len < DL) {
            return scalarRun(op, x, from, len);
        }
        int bound = from + D.loopBound(len);
        int end = from + len;
        int i = from;
        DoubleVector acc;
        switch (op) {
            case SUM -> {
                DoubleVector a0 = DoubleVector.zero(D);
                DoubleVector a1 = DoubleVector.zero(D);
                for (; i + 2 * DL <= bound; i += 2 * DL) {
                    a0 = a0.add(DoubleVector.fromArray(D, x, i));
                    a1 = a1.add(DoubleVector.fromArray(D, x, i + DL));
                }
                for (; i < bound; i += DL) {
                    a0 = a0.add(DoubleVector.fromArray(D, x, i));
                }
                acc = a0.add(a1);
            }
            case PROD -> {
                acc = DoubleVector.broadcast(D, 1.0);
                for (; i < bound; i += DL) {
                    acc = acc.mul(DoubleVector.fromArray(D, x, i));
                }
            }
            case MAX -> {
                acc = DoubleVector.broadcast(D, x[from]);
                for (; i < bound; i += DL) {
                    acc = acc.lanewise(VectorOperators.MAX, DoubleVector.fromArray(D, x, i));
                }
            }
            case MIN -> {
                acc = DoubleVector.broadcast(D, x[from]);
                for (; i < bound; i += DL) {
                    acc = acc.lanewise(VectorOperators.MIN, DoubleVector.fromArray(D, x, i));
                }
            }
            default -> throw new IllegalArgumentException("not a value reduction: " + op);
        }
        double r = lanes(op, acc);
        for (; i < end; i++) {
            r = combine(op, r, x[i]);
        }
        return r;
    }

    /** {@code op} over {@code x[from .. from + len)} accumulated in double. */
    static double run32(ReduceOp op, float[] x, int from, int len) {
        if (len < FL) {
            double r = op == ReduceOp.MAX || op == ReduceOp.MIN ? x[from] : identity(op);
            for (int i = from; i < from + len; i++) {
                r = combine(op, r, x[i]);
            }
            return r;
        }
        int bound = from + F.loopBound(len);
        int end = from + len;
        int i = from;
        DoubleVector acc;
        switch (op) {
            case SUM -> {
                DoubleVector a0 = DoubleVector.zero(D);
                DoubleVector a1 = DoubleVector.zero(D);
                for (; i < bound; i += 2 * DL) {
                    a0 = a0.add(wide(x, i));
                    a1 = a1.add(wide(x, i + DL));
                }
                acc = a0.add(a1);
            }
            case PROD -> {
                DoubleVector a0 = DoubleVector.broadcast(D, 1.0);
                DoubleVector a1 = DoubleVector.broadcast(D, 1.0);
                for (; i < bound; i += 2 * DL) {
                    a0 = a0.mul(wide(x, i));
                    a1 = a1.mul(wide(x, i + DL));
                }
                acc = a0.mul(a1);
            }
            case MAX -> {
                FloatVector a = FloatVector.broadcast(F, x[from]);
                for (; i < bound; i += FL) {
                    a = a.lanewise(VectorOperators.MAX, FloatVector.fromArray(F, x, i));
                }
                acc = (DoubleVector) a.castShape(D, 0);
                acc = acc.lanewise(VectorOperators.MAX, a.castShape(D, 1));
            }
            case MIN -> {
                FloatVector a = FloatVector.broadcast(F, x[from]);
                for (; i < bound; i += FL) {
                    a = a.lanewise(VectorOperators.MIN, FloatVector.fromArray(F, x, i));
                }
                acc = (DoubleVector) a.castShape(D, 0);
                acc = acc.lanewise(VectorOperators.MIN, a.castShape(D, 1));
            }
            default -> throw new IllegalArgumentException("not a value reduction: " + op);
        }
        double r = lanes(op, acc);
        for (; i < end; i++) {
            r = combine(op, r, x[i]);
        }
        return r;
    }

    /** {@code op} over {@code x[from .. from + len)} with wrapping int arithmetic. */
    static int runInt(ReduceOp op, int[] x, int from, int len) {
        int bound = from + I.loopBound(len);
        int end = from + len;
        int i = from;
        int r;
        switch (op) {
            case SUM -> {
                IntVector a = IntVector.zero(I);
                for (; i < bound; i += IL) {
                    a = a.add(IntVector.fromArray(I, x, i));
                }
                r = a.reduceLanes(VectorOperators.ADD);
            }
            case PROD -> {
                IntVector a = IntVector.broadcast(I, 1);
                for (; i < bound; i += IL) {
                    a = a.mul(IntVector.fromArray(I, x, i));
                }
                r = a.reduceLanes(VectorOperators.MUL);
            }
            case MAX -> {
                IntVector a = IntVector.broadcast(I, x[from]);
                for (; i < bound; i += IL) {
                    a = a.max(IntVector.fromArray(I, x, i));
                }
                r = a.reduceLanes(VectorOperators.MAX);
            }
            case MIN -> {
                IntVector a = IntVector.broadcast(I, x[from]);
                for (; i < bound; i += IL) {
                    a = a.min(IntVector.fromArray(I, x, i));
                }
                r = a.reduceLanes(VectorOperators.MIN);
            }
            default -> throw new IllegalArgumentException("not a value reduction: " + op);
        }
        for (; i < end; i++) {
            r = combine(op, r, x[i]);
        }
        return r;
    }

    /** A short run, element by element. */
    private static double scalarRun(ReduceOp op, double[] x, int from, int len) {
        double r = op == ReduceOp.MAX || op == ReduceOp.MIN ? x[from] : identity(op);
        for (int i = from; i < from + len; i++) {
            r = combine(op, r, x[i]);
        }
        return r;
    }

    /** Two partial results combined. */
    static double combine(ReduceOp op, double a, double b) {
        return switch (op) {
            case SUM -> a + b;
            case PROD -> a * b;
            case MAX -> Math.max(a, b);
            case MIN -> Math.min(a, b);
            default -> throw new IllegalArgumentException("not a value reduction: " + op);
        };
    }

    /** Two partial int results combined (wrapping). */
    static int combine(ReduceOp op, int a, int b) {
        return switch (op) {
            case SUM -> a + b;
            case PROD -> a * b;
            case MAX -> Math.max(a, b);
            case MIN -> Math.min(a, b);
            default -> throw new IllegalArgumentException("not a value reduction: " + op);
        };
    }

    /** The identity of SUM and PROD (the others have none). */
    static double identity(ReduceOp op) {
        return op == ReduceOp.PROD ? 1 : 0;
    }

    /** The lanes of an accumulator combined in lane order. */
    private static double lanes(ReduceOp op, DoubleVector acc) {
        double[] a = acc.toArray();
        double r = a[0];
        for (int k = 1; k < a.length; k++) {
            r = combine(op, r, a[k]);
        }
        return r;
    }

    // ---- rows folded into a row of accumulators --------------------------------------------------

    /** {@code acc[j] = x[off + j]} (widened), the start of a MAX or MIN fold. */
    static void initRow(double[] acc, double[] x, int off, int len) {
        System.arraycopy(x, off, acc, 0, len);
    }

    /** {@code acc[j] = x[off + j]} widened to double. */
    static void initRow(double[] acc, float[] x, int off, int len) {
        for (int j = 0; j < len; j++) {
            acc[j] = x[off + j];
        }
    }

    /** {@code acc[j] = op(acc[j], x[off + j])} for j in {@code [0, len)}. */
    static void foldRow(ReduceOp op, double[] acc, double[] x, int off, int len) {
        int bound = D.loopBound(len);
        int j = 0;
        switch (op) {
            case SUM -> {
                for (; j < bound; j += DL) {
                    DoubleVector.fromArray(D, acc, j).add(DoubleVector.fromArray(D, x, off + j)).intoArray(acc, j);
                }
            }
            case PROD -> {
                for (; j < bound; j += DL) {
                    DoubleVector.fromArray(D, acc, j).mul(DoubleVector.fromArray(D, x, off + j)).intoArray(acc, j);
                }
            }
            case MAX -> {
                for (; j < bound; j += DL) {
                    DoubleVector v = DoubleVector.fromArray(D, x, off + j);
                    DoubleVector.fromArray(D, acc, j).lanewise(VectorOperators.MAX, v).intoArray(acc, j);
                }
            }
            case MIN -> {
                for (; j < bound; j += DL) {
                    DoubleVector v = DoubleVector.fromArray(D, x, off + j);
                    DoubleVector.fromArray(D, acc, j).lanewise(VectorOperators.MIN, v).intoArray(acc, j);
                }
            }
            default -> throw new IllegalArgumentException("not a value reduction: " + op);
        }
        for (; j < len; j++) {
            acc[j] = combine(op, acc[j], x[off + j]);
        }
    }

    /** {@code acc[j] = op(acc[j], x[off + j])} for j in {@code [0, len)}, x widened to double. */
    static void foldRow(ReduceOp op, double[] acc, float[] x, int off, int len) {
        int bound = D.loopBound(len);
        int j = 0;
        switch (op) {
            case SUM -> {
                for (; j < bound; j += DL) {
                    DoubleVector.fromArray(D, acc, j).add(wide(x, off + j)).intoArray(acc, j);
                }
            }
            case PROD -> {
                for (; j < bound; j += DL) {
                    DoubleVector.fromArray(D, acc, j).mul(wide(x, off + j)).intoArray(acc, j);
                }
            }
            case MAX -> {
                for (; j < bound; j += DL) {
                    DoubleVector.fromArray(D, acc, j).lanewise(VectorOperators.MAX, wide(x, off + j)).intoArray(acc, j);
                }
            }
            case MIN -> {
                for (; j < bound; j += DL) {
                    DoubleVector.fromArray(D, acc, j).lanewise(VectorOperators.MIN, wide(x, off + j)).intoArray(acc, j);
                }
            }
            default -> throw new IllegalArgumentException("not a value reduction: " + op);
        }
        for (; j < len; j++) {
            acc[j] = combine(op, acc[j], x[off + j]);
        }
    }

    /** {@code acc[j] = op(acc[j], x[off + j])} for j in {@code [0, len)}, wrapping. */
    static void foldRow(ReduceOp op, int[] acc, int[] x, int off, int len) {
        int bound = I.loopBound(len);
        int j = 0;
        switch (op) {
            case SUM -> {
                for (; j < bound; j += IL) {
                    IntVector.fromArray(I, acc, j).add(IntVector.fromArray(I, x, off + j)).intoArray(acc, j);
                }
            }
            case PROD -> {
                for (; j < bound; j += IL) {
                    IntVector.fromArray(I, acc, j).mul(IntVector.fromArray(I, x, off + j)).intoArray(acc, j);
                }
            }
            case MAX -> {
                for (; j < bound; j += IL) {
                    IntVector.fromArray(I, acc, j).max(IntVector.fromArray(I, x, off + j)).intoArray(acc, j);
                }
            }
            case MIN -> {
                for (; j < bound; j += IL) {
                    IntVector.fromArray(I, acc, j).min(IntVector.fromArray(I, x, off + j)).intoArray(acc, j);
                }
            }
            default -> throw new IllegalArgumentException("not a value reduction: " + op);
        }
        for (; j < len; j++) {
            acc[j] = combine(op, acc[j], x[off + j]);
        }
    }

    // ---- arg reductions --------------------------------------------------------------------------

    /**
     * The index in {@code [0, len)} of the first maximum ({@code max}) or minimum of
     * {@code x[from .. from + len)}; the first NaN when there is one.
     */
    static int argRun(boolean max, double[] x, int from, int len) {
        int bound = from + D.loopBound(len);
        int end = from + len;
        DoubleVector acc = DoubleVector.broadcast(D, x[from]);
        int i = from;
        if (max) {
            for (; i < bound; i += DL) {
                acc = acc.lanewise(VectorOperators.MAX, DoubleVector.fromArray(D, x, i));
            }
        } else {
            for (; i < bound; i += DL) {
                acc = acc.lanewise(VectorOperators.MIN, DoubleVector.fromArray(D, x, i));
            }
        }
        double best = lanes(max ? ReduceOp.MAX : ReduceOp.MIN, acc);
        for (; i < end; i++) {
            best = max ? Math.max(best, x[i]) : Math.min(best, x[i]);
        }
        // The first element equal to the extreme (IEEE equality: -0 == 0), or the first NaN.
        boolean nan = Double.isNaN(best);
        for (i = from; i < bound; i += DL) {
            DoubleVector v = DoubleVector.fromArray(D, x, i);
            VectorMask<Double> hit = nan ? v.test(VectorOperators.IS_NAN) : v.eq(best);
            if (hit.anyTrue()) {
                return i - from + hit.firstTrue();
            }
        }
        for (; i < end; i++) {
            if (nan ? Double.isNaN(x[i]) : x[i] == best) {
                return i - from;
            }
        }
        throw new IllegalStateException("unreachable: no extreme found");
    }

    /** {@link #argRun(boolean, double[], int, int)} for floats. */
    static int argRun(boolean max, float[] x, int from, int len) {
        int bound = from + F.loopBound(len);
        int end = from + len;
        FloatVector acc = FloatVector.broadcast(F, x[from]);
        int i = from;
        if (max) {
            for (; i < bound; i += FL) {
                acc = acc.lanewise(VectorOperators.MAX, FloatVector.fromArray(F, x, i));
            }
        } else {
            for (; i < bound; i += FL) {
                acc = acc.lanewise(VectorOperators.MIN, FloatVector.fromArray(F, x, i));
            }
        }
        float best = acc.lane(0);
        for (int k = 1; k < FL; k++) {
            best = max ? Math.max(best, acc.lane(k)) : Math.min(best, acc.lane(k));
        }
        for (; i < end; i++) {
            best = max ? Math.max(best, x[i]) : Math.min(best, x[i]);
        }
        boolean nan = Float.isNaN(best);
        for (i = from; i < bound; i += FL) {
            FloatVector v = FloatVector.fromArray(F, x, i);
            VectorMask<Float> hit = nan ? v.test(VectorOperators.IS_NAN) : v.eq(best);
            if (hit.anyTrue()) {
                return i - from + hit.firstTrue();
            }
        }
        for (; i < end; i++) {
            if (nan ? Float.isNaN(x[i]) : x[i] == best) {
                return i - from;
            }
        }
        throw new IllegalStateException("unreachable: no extreme found");
    }

    /** {@link #argRun(boolean, double[], int, int)} for ints. */
    static int argRun(boolean max, int[] x, int from, int len) {
        int bound = from + I.loopBound(len);
        int end = from + len;
        IntVector acc = IntVector.broadcast(I, x[from]);
        int i = from;
        if (max) {
            for (; i < bound; i += IL) {
                acc = acc.max(IntVector.fromArray(I, x, i));
            }
        } else {
            for (; i < bound; i += IL) {
                acc = acc.min(IntVector.fromArray(I, x, i));
            }
        }
        int best = acc.reduceLanes(max ? VectorOperators.MAX : VectorOperators.MIN);
        for (; i < end; i++) {
            best = max ? Math.max(best, x[i]) : Math.min(best, x[i]);
        }
        for (i = from; i < bound; i += IL) {
            VectorMask<Integer> hit = IntVector.fromArray(I, x, i).eq(best);
            if (hit.anyTrue()) {
                return i - from + hit.firstTrue();
            }
        }
        for (; i < end; i++) {
            if (x[i] == best) {
                return i - from;
            }
        }
        throw new IllegalStateException("unreachable: no extreme found");
    }

    /**
     * One step of a column-wise arg reduction: for j in {@code [0, len)}, row {@code row}'s element
     * {@code x[off + j]} replaces {@code best[j]} (and {@code idx[j] = row}) when it is strictly more
     * extreme or a NaN, unless {@code best[j]} is already NaN. Keeps the first extreme, like the reference.
     */
    static void argStep(boolean max, double[] best, int[] idx, double[] x, int off, int len, int row) {
        int bound = D.loopBound(len);
        int j = 0;
        for (; j < bound; j += DL) {
            DoubleVector b = DoubleVector.fromArray(D, best, j);
            DoubleVector v = DoubleVector.fromArray(D, x, off + j);
            VectorMask<Double> nanV = v.test(VectorOperators.IS_NAN);
            VectorMask<Double> keep = b.test(VectorOperators.IS_NAN);
            VectorMask<Double> up = (max ? v.compare(VectorOperators.GT, b) : v.compare(VectorOperators.LT, b))
                    .or(nanV).andNot(keep);
            b.blend(v, up).intoArray(best, j);
            IntVector.fromArray(IH, idx, j).blend(row, up.cast(IH)).intoArray(idx, j);
        }
        for (; j < len; j++) {
            double b = best[j];
            double v = x[off + j];
            if (!Double.isNaN(b) && (Double.isNaN(v) || (max ? v > b : v < b))) {
                best[j] = v;
                idx[j] = row;
            }
        }
    }

    /** {@link #argStep(boolean, double[], int[], double[], int, int, int)} for floats. */
    static void argStep(boolean max, float[] best, int[] idx, float[] x, int off, int len, int row) {
        int bound = F.loopBound(len);
        int j = 0;
        for (; j < bound; j += FL) {
            FloatVector b = FloatVector.fromArray(F, best, j);
            FloatVector v = FloatVector.fromArray(F, x, off + j);
            VectorMask<Float> nanV = v.test(VectorOperators.IS_NAN);
            VectorMask<Float> keep = b.test(VectorOperators.IS_NAN);
            VectorMask<Float> up = (max ? v.compare(VectorOperators.GT, b) : v.compare(VectorOperators.LT, b))
                    .or(nanV).andNot(keep);
            b.blend(v, up).intoArray(best, j);
            IntVector.fromArray(I, idx, j).blend(row, up.cast(I)).intoArray(idx, j);
        }
        for (; j < len; j++) {
            float b = best[j];
            float v = x[off + j];
            if (!Float.isNaN(b) && (Float.isNaN(v) || (max ? v > b : v < b))) {
                best[j] = v;
                idx[j] = row;
            }
        }
    }

    /** {@link #argStep(boolean, double[], int[], double[], int, int, int)} for ints. */
    static void argStep(boolean max, int[] best, int[] idx, int[] x, int off, int len, int row) {
        int bound = I.loopBound(len);
        int j = 0;
        for (; j < bound; j += IL) {
            IntVector b = IntVector.fromArray(I, best, j);
            IntVector v = IntVector.fromArray(I, x, off + j);
            VectorMask<Integer> up = max ? v.compare(VectorOperators.GT, b) : v.compare(VectorOperators.LT, b);
            b.blend(v, up).intoArray(best, j);
            IntVector.fromArray(I, idx, j).blend(row, up).intoArray(idx, j);
        }
        for (; j < len; j++) {
            int b = best[j];
            int v = x[off + j];
            if (max ? v > b : v < b) {
                best[j] = v;
                idx[j] = row;
            }
        }
    }

    // ---- lane helpers ----------------------------------------------------------------------------

    /** Floats {@code x[i .. i + DL)} widened to double lanes. */
    private static DoubleVector wide(float[] x, int i) {
        return (DoubleVector) FloatVector.fromArray(FH, x, i).castShape(D, 0);
    }
}
