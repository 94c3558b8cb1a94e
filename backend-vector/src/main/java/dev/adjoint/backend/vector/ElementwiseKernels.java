package dev.adjoint.backend.vector;

import static dev.adjoint.backend.vector.Simd.D;
import static dev.adjoint.backend.vector.Simd.F;
import static dev.adjoint.backend.vector.Simd.FH;
import static dev.adjoint.backend.vector.Simd.I;

import dev.adjoint.api.DType;
import dev.adjoint.api.spi.BinaryOp;
import dev.adjoint.api.spi.Broadcast;
import dev.adjoint.api.spi.CompareOp;
import dev.adjoint.api.spi.HeapStorage;
import dev.adjoint.api.spi.UnaryOp;
import java.util.Arrays;
import java.util.Locale;
import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorOperators;

/**
 * The elementwise kernels: fill, cast, unary and binary math, comparisons and {@code where}. Each splits
 * its output into fixed chunks run by {@link Parallel}; the loops live in {@link UnaryLoops},
 * {@link BinaryLoops} and {@link SelectLoops}, and broadcast inputs are read segment by segment through a
 * {@link BroadcastWalk}. Every output element is computed by the same code whatever the thread count.
 */
final class ElementwiseKernels {
    /**
     * Chunk length for memory-bound loops: a chunk of 64K elements takes about as long as handing it to another
     * thread, so smaller inputs stay on the calling thread.
     */
    static final int GRAIN = 1 << 16;
    /** Chunk length for loops that compute a transcendental function per element. */
    static final int MATH_GRAIN = 1 << 12;

    private ElementwiseKernels() {
    }

    /** {@code size} copies of {@code value} converted to the dtype (to INT32 like a Java cast). */
    static HeapStorage full(DType dtype, int size, double value) {
        return switch (dtype) {
            case FLOAT32 -> {
                float[] r = new float[size];
                float v = (float) value;
                Parallel.forRange(size, GRAIN, (a, b) -> Arrays.fill(r, a, b, v));
                yield HeapStorage.of(r);
            }
            case FLOAT64 -> {
                double[] r = new double[size];
                Parallel.forRange(size, GRAIN, (a, b) -> Arrays.fill(r, a, b, value));
                yield HeapStorage.of(r);
            }
            case INT32 -> {
                int[] r = new int[size];
                int v = (int) value;
                Parallel.forRange(size, GRAIN, (a, b) -> Arrays.fill(r, a, b, v));
                yield HeapStorage.of(r);
            }
        };
    }

    // ---- cast ------------------------------------------------------------------------------------

    /** Converts to {@code to}; float to int truncates toward zero, NaN gives 0 and large values saturate. */
    static HeapStorage cast(HeapStorage x, DType to) {
        int n = x.size();
        switch (x.dtype()) {
            case FLOAT32 -> {
                float[] s = x.f32();
                switch (to) {
                    case FLOAT32 -> {
                        return HeapStorage.of(s.clone());
                    }
                    case FLOAT64 -> {
                        double[] r = new double[n];
                        Parallel.forRange(n, GRAIN, (a, b) -> widen(s, r, a, b));
                        return HeapStorage.of(r);
                    }
                    case INT32 -> {
                        int[] r = new int[n];
                        Parallel.forRange(n, GRAIN, (a, b) -> {
                            for (int i = a; i < b; i++) {
                                r[i] = (int) s[i];
                            }
                        });
                        return HeapStorage.of(r);
                    }
                }
            }
            case FLOAT64 -> {
                double[] s = x.f64();
                switch (to) {
                    case FLOAT32 -> {
                        float[] r = new float[n];
                        Parallel.forRange(n, GRAIN, (a, b) -> narrow(s, r, a, b));
                        return HeapStorage.of(r);
                    }
                    case FLOAT64 -> {
                        return HeapStorage.of(s.clone());
                    }
                    case INT32 -> {
                        int[] r = new int[n];
                        Parallel.forRange(n, GRAIN, (a, b) -> {
                            for (int i = a; i < b; i++) {
                                r[i] = (int) s[i];
                            }
                        });
                        return HeapStorage.of(r);
                    }
                }
            }
            case INT32 -> {
                int[] s = x.i32();
                switch (to) {
                    case FLOAT32 -> {
                        float[] r = new float[n];
                        Parallel.forRange(n, GRAIN, (a, b) -> intToFloat(s, r, a, b));
                        return HeapStorage.of(r);
                    }
                    case FLOAT64 -> {
                        double[] r = new double[n];
                        Parallel.forRange(n, GRAIN, (a, b) -> intToDouble(s, r, a, b));
                        return HeapStorage.of(r);
                    }
                    case INT32 -> {
                        return HeapStorage.of(s.clone());
                    }
                }
            }
        }
        throw new IllegalStateException("unreachable: cast " + x.dtype() + " to " + to);
    }

    private static void widen(float[] s, double[] r, int from, int to) {
        int i = from;
        for (int bound = from + D.loopBound(to - from); i < bound; i += D.length()) {
            ((DoubleVector) FloatVector.fromArray(FH, s, i).castShape(D, 0)).intoArray(r, i);
        }
        for (; i < to; i++) {
            r[i] = s[i];
        }
    }

    private static void narrow(double[] s, float[] r, int from, int to) {
        int i = from;
        for (int bound = from + D.loopBound(to - from); i < bound; i += D.length()) {
            ((FloatVector) DoubleVector.fromArray(D, s, i).castShape(FH, 0)).intoArray(r, i);
        }
        for (; i < to; i++) {
            r[i] = (float) s[i];
        }
    }

    private static void intToFloat(int[] s, float[] r, int from, int to) {
        int i = from;
        for (int bound = from + I.loopBound(to - from); i < bound; i += I.length()) {
            ((FloatVector) IntVector.fromArray(I, s, i).convertShape(VectorOperators.I2F, F, 0)).intoArray(r, i);
        }
        for (; i < to; i++) {
            r[i] = s[i];
        }
    }

    private static void intToDouble(int[] s, double[] r, int from, int to) {
        int i = from;
        for (int bound = from + D.loopBound(to - from); i < bound; i += D.length()) {
            ((DoubleVector) IntVector.fromArray(Simd.IH, s, i).castShape(D, 0)).intoArray(r, i);
        }
        for (; i < to; i++) {
            r[i] = s[i];
        }
    }

    // ---- unary -----------------------------------------------------------------------------------

    /** {@code op(x)} elementwise; INT32 only for ops with {@link UnaryOp#supportsInt()}. */
    static HeapStorage unary(UnaryOp op, HeapStorage x) {
        int n = x.size();
        int grain = UnaryLoops.isCheap(op) ? GRAIN : MATH_GRAIN;
        return switch (x.dtype()) {
            case FLOAT32 -> {
                float[] s = x.f32();
                float[] r = new float[n];
                Parallel.forRange(n, grain, (a, b) -> UnaryLoops.f32(op, s, r, a, b));
                yield HeapStorage.of(r);
            }
            case FLOAT64 -> {
                double[] s = x.f64();
                double[] r = new double[n];
                Parallel.forRange(n, grain, (a, b) -> UnaryLoops.f64(op, s, r, a, b));
                yield HeapStorage.of(r);
            }
            case INT32 -> {
                if (!op.supportsInt()) {
                    throw new IllegalArgumentException(name(op) + ": not defined for int32");
                }
                int[] s = x.i32();
                int[] r = new int[n];
                Parallel.forRange(n, grain, (a, b) -> UnaryLoops.i32(op, s, r, a, b));
                yield HeapStorage.of(r);
            }
        };
    }

    // ---- binary ----------------------------------------------------------------------------------

    /**
     * {@code op(a, b)} with broadcasting. INT32 DIV and MOD are floor division and floor modulo; an integer
     * division by zero throws {@link ArithmeticException} naming the op and the first offending dividend.
     */
    static HeapStorage binary(BinaryOp op, HeapStorage a, HeapStorage b, Broadcast plan) {
        int size = plan.out().size();
        if (size <= GRAIN && a.dtype() != DType.INT32 && plan.isContiguous(0) && plan.isContiguous(1)) {
            // Small same-shape operands: one loop on this thread, without planning a walk (its cost shows at 1K).
            if (a.dtype() == DType.FLOAT32) {
                float[] r = new float[size];
                BinaryLoops.f32(op, a.f32(), 0, 1, b.f32(), 0, 1, r, 0, size);
                return HeapStorage.of(r);
            }
            double[] r = new double[size];
            BinaryLoops.f64(op, a.f64(), 0, 1, b.f64(), 0, 1, r, 0, size);
            return HeapStorage.of(r);
        }
        BroadcastWalk walk = BroadcastWalk.of(plan);
        int n = walk.size();
        int as = walk.innerStride(0);
        int bs = walk.innerStride(1);
        int grain = BinaryLoops.isVector(op, a.dtype() == DType.INT32) ? GRAIN : MATH_GRAIN;
        return switch (a.dtype()) {
            case FLOAT32 -> {
                float[] x = a.f32();
                float[] y = b.f32();
                float[] r = new float[n];
                Parallel.forRange(n, grain, (s, e) -> walk.segments(s, e,
                        (o, len, off) -> BinaryLoops.f32(op, x, off[0], as, y, off[1], bs, r, o, len)));
                yield HeapStorage.of(r);
            }
            case FLOAT64 -> {
                double[] x = a.f64();
                double[] y = b.f64();
                double[] r = new double[n];
                Parallel.forRange(n, grain, (s, e) -> walk.segments(s, e,
                        (o, len, off) -> BinaryLoops.f64(op, x, off[0], as, y, off[1], bs, r, o, len)));
                yield HeapStorage.of(r);
            }
            case INT32 -> {
                if (!op.supportsInt()) {
                    throw new IllegalArgumentException(name(op) + ": not defined for int32");
                }
                int[] x = a.i32();
                int[] y = b.i32();
                if ((op == BinaryOp.DIV || op == BinaryOp.MOD) && n > 0) {
                    checkDivisors(op, x, y, walk);
                }
                int[] r = new int[n];
                Parallel.forRange(n, grain, (s, e) -> walk.segments(s, e,
                        (o, len, off) -> BinaryLoops.i32(op, x, off[0], as, y, off[1], bs, r, o, len)));
                yield HeapStorage.of(r);
            }
        };
    }

    /** Throws like the reference at the first output element (in row-major order) with a zero divisor. */
    private static void checkDivisors(BinaryOp op, int[] x, int[] y, BroadcastWalk walk) {
        boolean anyZero = false;
        for (int v : y) {
            if (v == 0) {
                anyZero = true;
                break;
            }
        }
        if (!anyZero) {
            return;
        }
        int as = walk.innerStride(0);
        int bs = walk.innerStride(1);
        int[] first = {-1};
        walk.segments(0, walk.size(), (o, len, off) -> {
            for (int j = 0; j < len && first[0] < 0; j++) {
                if (y[off[1] + j * bs] == 0) {
                    first[0] = x[off[0] + j * as];
                    throw new ArithmeticException(op == BinaryOp.DIV
                            ? "div: integer division by zero (" + first[0] + " / 0)"
                            : "mod: integer modulo by zero (" + first[0] + " % 0)");
                }
            }
        });
    }

    // ---- compare and where -----------------------------------------------------------------------

    /** {@code op(a, b)} with broadcasting as an INT32 mask; NaN compares false except under NE. */
    static HeapStorage compare(CompareOp op, HeapStorage a, HeapStorage b, Broadcast plan) {
        BroadcastWalk walk = BroadcastWalk.of(plan);
        int n = walk.size();
        int as = walk.innerStride(0);
        int bs = walk.innerStride(1);
        int[] r = new int[n];
        switch (a.dtype()) {
            case FLOAT32 -> {
                float[] x = a.f32();
                float[] y = b.f32();
                Parallel.forRange(n, GRAIN, (s, e) -> walk.segments(s, e,
                        (o, len, off) -> SelectLoops.compare32(op, x, off[0], as, y, off[1], bs, r, o, len)));
            }
            case FLOAT64 -> {
                double[] x = a.f64();
                double[] y = b.f64();
                Parallel.forRange(n, GRAIN, (s, e) -> walk.segments(s, e,
                        (o, len, off) -> SelectLoops.compare64(op, x, off[0], as, y, off[1], bs, r, o, len)));
            }
            case INT32 -> {
                int[] x = a.i32();
                int[] y = b.i32();
                Parallel.forRange(n, GRAIN, (s, e) -> walk.segments(s, e,
                        (o, len, off) -> SelectLoops.compareInt(op, x, off[0], as, y, off[1], bs, r, o, len)));
            }
        }
        return HeapStorage.of(r);
    }

    /** {@code cond != 0 ? a : b} with broadcasting over three inputs; NaN in cond counts as true. */
    static HeapStorage where(HeapStorage cond, HeapStorage a, HeapStorage b, Broadcast plan) {
        BroadcastWalk walk = BroadcastWalk.of(plan);
        int n = walk.size();
        int cs = walk.innerStride(0);
        int as = walk.innerStride(1);
        int bs = walk.innerStride(2);
        return switch (a.dtype()) {
            case FLOAT32 -> {
                float[] x = a.f32();
                float[] y = b.f32();
                float[] r = new float[n];
                Parallel.forRange(n, GRAIN, (s, e) -> walk.segments(s, e, (o, len, off) ->
                        SelectLoops.where32(cond, off[0], cs, x, off[1], as, y, off[2], bs, r, o, len)));
                yield HeapStorage.of(r);
            }
            case FLOAT64 -> {
                double[] x = a.f64();
                double[] y = b.f64();
                double[] r = new double[n];
                Parallel.forRange(n, GRAIN, (s, e) -> walk.segments(s, e, (o, len, off) ->
                        SelectLoops.where64(cond, off[0], cs, x, off[1], as, y, off[2], bs, r, o, len)));
                yield HeapStorage.of(r);
            }
            case INT32 -> {
                int[] x = a.i32();
                int[] y = b.i32();
                int[] r = new int[n];
                Parallel.forRange(n, GRAIN, (s, e) -> walk.segments(s, e, (o, len, off) ->
                        SelectLoops.whereInt(cond, off[0], cs, x, off[1], as, y, off[2], bs, r, o, len)));
                yield HeapStorage.of(r);
            }
        };
    }

    private static String name(Enum<?> op) {
        return op.name().toLowerCase(Locale.ROOT);
    }
}
