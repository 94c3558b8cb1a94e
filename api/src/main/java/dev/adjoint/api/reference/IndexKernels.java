package dev.adjoint.api.reference;

import dev.adjoint.api.Shape;
import dev.adjoint.api.spi.HeapStorage;

/**
 * Reference gather and scatter-add along one axis, for all three dtypes. A tensor is viewed as
 * {@code [outer, n, inner]} around the axis. Scatter-add sums in index order, FLOAT32 in double rounded
 * once at the end and INT32 with wrap-around, so results are deterministic.
 */
final class IndexKernels {
    private IndexKernels() {
    }

    /** {@code out[o, j, i] = x[o, idx[j], i]} for the first {@code count} indices. */
    static HeapStorage gather(HeapStorage x, Shape shape, int axis, HeapStorage idx, int count) {
        int[] dims = shape.dims();
        int n = dims[axis];
        int[] index = checked(idx, count, n);
        int outer = product(dims, 0, axis);
        int inner = product(dims, axis + 1, dims.length);
        HeapStorage out = HeapStorage.zeros(x.dtype(), outer * count * inner);
        Object src = LayoutKernels.array(x);
        Object dst = LayoutKernels.array(out);
        for (int o = 0; o < outer; o++) {
            for (int j = 0; j < count; j++) {
                System.arraycopy(src, (o * n + index[j]) * inner, dst, (o * count + j) * inner, inner);
            }
        }
        return out;
    }

    /** {@code out[o, idx[j], i] += src[o, j, i]} into zeros whose axis has {@code outSize} entries. */
    static HeapStorage scatterAdd(HeapStorage src, Shape srcShape, int axis, HeapStorage idx, int outSize) {
        int[] dims = srcShape.dims();
        int count = dims[axis];
        int[] index = checked(idx, count, outSize);
        int outer = product(dims, 0, axis);
        int inner = product(dims, axis + 1, dims.length);
        int size = outer * outSize * inner;
        return switch (src.dtype()) {
            case FLOAT32 -> {
                float[] in = src.f32();
                double[] acc = new double[size];
                for (int o = 0; o < outer; o++) {
                    for (int j = 0; j < count; j++) {
                        int from = (o * count + j) * inner;
                        int to = (o * outSize + index[j]) * inner;
                        for (int i = 0; i < inner; i++) {
                            acc[to + i] += in[from + i];
                        }
                    }
                }
                float[] out = new float[size];
                for (int i = 0; i < size; i++) {
                    out[i] = (float) acc[i];
                }
                yield HeapStorage.of(out);
            }
            case FLOAT64 -> {
                double[] in = src.f64();
                double[] out = new double[size];
                for (int o = 0; o < outer; o++) {
                    for (int j = 0; j < count; j++) {
                        int from = (o * count + j) * inner;
                        int to = (o * outSize + index[j]) * inner;
                        for (int i = 0; i < inner; i++) {
                            out[to + i] += in[from + i];
                        }
                    }
                }
                yield HeapStorage.of(out);
            }
            case INT32 -> {
                int[] in = src.i32();
                int[] out = new int[size];
                for (int o = 0; o < outer; o++) {
                    for (int j = 0; j < count; j++) {
                        int from = (o * count + j) * inner;
                        int to = (o * outSize + index[j]) * inner;
                        for (int i = 0; i < inner; i++) {
                            out[to + i] += in[from + i];
                        }
                    }
                }
                yield HeapStorage.of(out);
            }
        };
    }

    /** The first {@code count} indices, each checked to lie in {@code [0, n)}. */
    private static int[] checked(HeapStorage idx, int count, int n) {
        int[] index = idx.i32();
        for (int j = 0; j < count; j++) {
            if (index[j] < 0 || index[j] >= n) {
                throw new IndexOutOfBoundsException("index " + index[j] + " at position " + j
                        + " is outside [0, " + n + ")");
            }
        }
        return index;
    }

    private static int product(int[] dims, int from, int to) {
        int p = 1;
        for (int d = from; d < to; d++) {
            p *= dims[d];
        }
        return p;
    }
}
