package dev.adjoint.api.reference;

import dev.adjoint.api.DType;
import dev.adjoint.api.Shape;
import dev.adjoint.api.spi.HeapStorage;
import dev.adjoint.api.spi.ReduceOp;

/**
 * Reference reductions over any sorted set of axes: for each output element, a walk over the reduced
 * sub-index space. Float sums and products accumulate in double, INT32 ones in long (then wrap to int).
 * MAX/MIN propagate NaN; ARGMAX/ARGMIN return the first extreme index, a NaN counting as the extreme.
 */
final class ReduceKernels {
    private ReduceKernels() {
    }

    /** Reduces {@code x} of {@code shape} over the sorted, unique {@code axes}. */
    static HeapStorage reduce(ReduceOp op, HeapStorage x, Shape shape, int[] axes) {
        int[] dims = shape.dims();
        int[] strides = shape.strides();
        boolean[] reduced = new boolean[dims.length];
        for (int a : axes) {
            reduced[a] = true;
        }
        int[] keptDims = new int[dims.length - axes.length];
        int[] keptStrides = new int[keptDims.length];
        int[] redDims = new int[axes.length];
        int[] redStrides = new int[axes.length];
        for (int d = 0, k = 0, r = 0; d < dims.length; d++) {
            if (reduced[d]) {
                redDims[r] = dims[d];
                redStrides[r++] = strides[d];
            } else {
                keptDims[k] = dims[d];
                keptStrides[k++] = strides[d];
            }
        }
        int[] bases = offsets(Shape.of(keptDims), keptStrides);
        int[] inner = offsets(Shape.of(redDims), redStrides);
        boolean arg = op == ReduceOp.ARGMAX || op == ReduceOp.ARGMIN;
        if (arg) {
            return HeapStorage.of(argReduce(op == ReduceOp.ARGMAX, values(x), bases, inner));
        }
        if (x.dtype() == DType.INT32) {
            return HeapStorage.of(intReduce(op, x.i32(), bases, inner));
        }
        double[] r = floatReduce(op, values(x), bases, inner);
        if (x.dtype() == DType.FLOAT64) {
            return HeapStorage.of(r);
        }
        float[] f = new float[r.length];
        for (int i = 0; i < r.length; i++) {
            f[i] = (float) r[i];
        }
        return HeapStorage.of(f);
    }

    /** Flat offsets of every index of {@code shape} read with {@code strides}, in row-major order. */
    private static int[] offsets(Shape shape, int[] strides) {
        int[] out = new int[shape.size()];
        Odometer it = new Odometer(shape, strides);
        for (int i = 0; i < out.length; i++, it.next()) {
            out[i] = it.offset(0);
        }
        return out;
    }

    /** The elements as doubles (exact for every dtype). */
    private static double[] values(HeapStorage x) {
        return switch (x.dtype()) {
            case FLOAT64 -> x.f64();
            case FLOAT32, INT32 -> ElementwiseKernels.cast(x, DType.FLOAT64).f64();
        };
    }

    private static double[] floatReduce(ReduceOp op, double[] x, int[] bases, int[] inner) {
        double[] r = new double[bases.length];
        for (int o = 0; o < bases.length; o++) {
            int base = bases[o];
            double acc = switch (op) {
                case SUM -> 0;
                case PROD -> 1;
                default -> x[base + inner[0]];
            };
            for (int j = 0; j < inner.length; j++) {
                double v = x[base + inner[j]];
                acc = switch (op) {
                    case SUM -> acc + v;
                    case PROD -> acc * v;
                    case MAX -> Math.max(acc, v);
                    case MIN -> Math.min(acc, v);
                    default -> throw new IllegalArgumentException("not a value reduction: " + op);
                };
            }
            r[o] = acc;
        }
        return r;
    }

    private static int[] intReduce(ReduceOp op, int[] x, int[] bases, int[] inner) {
        int[] r = new int[bases.length];
        for (int o = 0; o < bases.length; o++) {
            int base = bases[o];
            long acc = switch (op) {
                case SUM -> 0;
                case PROD -> 1;
                default -> x[base + inner[0]];
            };
            for (int j = 0; j < inner.length; j++) {
                int v = x[base + inner[j]];
                acc = switch (op) {
                    case SUM -> acc + v;
                    case PROD -> (int) acc * (long) v;
                    case MAX -> Math.max(acc, v);
                    case MIN -> Math.min(acc, v);
                    default -> throw new IllegalArgumentException("not a value reduction: " + op);
                };
            }
            r[o] = (int) acc;
        }
        return r;
    }

    private static int[] argReduce(boolean max, double[] x, int[] bases, int[] inner) {
        int[] r = new int[bases.length];
        for (int o = 0; o < bases.length; o++) {
            int base = bases[o];
            int best = 0;
            double bestValue = x[base + inner[0]];
            for (int j = 0; j < inner.length && !Double.isNaN(bestValue); j++) {
                double v = x[base + inner[j]];
                if (Double.isNaN(v) || (max ? v > bestValue : v < bestValue)) {
                    best = j;
                    bestValue = v;
                }
            }
            r[o] = best;
        }
        return r;
    }
}
