package dev.adjoint.api.reference;

import dev.adjoint.api.DType;
import dev.adjoint.api.PadMode;
import dev.adjoint.api.Shape;
import dev.adjoint.api.spi.HeapStorage;

/**
 * Reference layout kernels: strided reads (permute, slice, broadcast), concatenation and padding in every
 * {@link PadMode}, for all three dtypes. Each kernel first works out, for every output element, which input
 * element it copies, then copies; values are never converted, so results are exact.
 */
final class LayoutKernels {
    /** Marks an output element of {@link #pad} that takes the fill value instead of an input element. */
    private static final int FILL = -1;

    private LayoutKernels() {
    }

    /** {@code out[i...] = x[offset + sum(i_d * strides_d)]} for every index of {@code out}. */
    static HeapStorage strided(HeapStorage x, int offset, int[] strides, Shape out) {
        int[] src = new int[out.size()];
        Odometer it = new Odometer(out, strides);
        for (int i = 0; i < src.length; i++, it.next()) {
            src[i] = offset + it.offset(0);
        }
        return copy(x, src, 0);
    }

    /** Joins {@code parts} of the given shapes along {@code axis}; they agree on every other axis. */
    static HeapStorage concat(HeapStorage[] parts, Shape[] shapes, int axis) {
        int[] dims = shapes[0].dims();
        int outer = 1;
        for (int d = 0; d < axis; d++) {
            outer *= dims[d];
        }
        int inner = 1;
        for (int d = axis + 1; d < dims.length; d++) {
            inner *= dims[d];
        }
        int[] chunk = new int[parts.length];
        int row = 0;
        for (int p = 0; p < parts.length; p++) {
            chunk[p] = shapes[p].dims()[axis] * inner;
            row += chunk[p];
        }
        HeapStorage out = HeapStorage.zeros(parts[0].dtype(), outer * row);
        Object dst = array(out);
        int at = 0;
        for (int o = 0; o < outer; o++) {
            for (int p = 0; p < parts.length; p++) {
                System.arraycopy(array(parts[p]), o * chunk[p], dst, at, chunk[p]);
                at += chunk[p];
            }
        }
        return out;
    }

    /**
     * Pads {@code x} of {@code shape} by {@code before[d]} and {@code after[d]} cells per axis, with the
     * semantics of NumPy's {@code np.pad} modes 'constant', 'wrap', 'edge', 'reflect' and 'symmetric';
     * widths larger than the axis wrap or mirror repeatedly.
     */
    static HeapStorage pad(HeapStorage x, Shape shape, int[] before, int[] after, PadMode mode, double value) {
        int[] dims = shape.dims();
        int[] strides = shape.strides();
        int rank = dims.length;
        int[] outDims = new int[rank];
        // reads[d][i]: the offset contributed by output position i of axis d, or FILL
        int[][] reads = new int[rank][];
        for (int d = 0; d < rank; d++) {
            outDims[d] = before[d] + dims[d] + after[d];
            reads[d] = new int[outDims[d]];
            for (int i = 0; i < outDims[d]; i++) {
                int s = mode.sourceIndex(i - before[d], dims[d]);
                reads[d][i] = s == FILL ? FILL : s * strides[d];
            }
        }
        int size = Shape.of(outDims).size();
        int[] src = new int[size];
        int[] index = new int[rank];
        for (int o = 0; o < size; o++) {
            int off = 0;
            for (int d = 0; d < rank && off != FILL; d++) {
                int r = reads[d][index[d]];
                off = r == FILL ? FILL : off + r;
            }
            src[o] = off;
            for (int d = rank - 1; d >= 0; d--) {
                if (++index[d] < outDims[d]) {
                    break;
                }
                index[d] = 0;
            }
        }
        return copy(x, src, value);
    }

    /** {@code out[i] = x[src[i]]}, or {@code fill} (converted to the dtype) where {@code src[i]} is FILL. */
    private static HeapStorage copy(HeapStorage x, int[] src, double fill) {
        int n = src.length;
        return switch (x.dtype()) {
            case FLOAT32 -> {
                float[] in = x.f32();
                float[] out = new float[n];
                float f = (float) fill;
                for (int i = 0; i < n; i++) {
                    out[i] = src[i] == FILL ? f : in[src[i]];
                }
                yield HeapStorage.of(out);
            }
            case FLOAT64 -> {
                double[] in = x.f64();
                double[] out = new double[n];
                for (int i = 0; i < n; i++) {
                    out[i] = src[i] == FILL ? fill : in[src[i]];
                }
                yield HeapStorage.of(out);
            }
            case INT32 -> {
                int[] in = x.i32();
                int[] out = new int[n];
                int f = (int) fill;
                for (int i = 0; i < n; i++) {
                    out[i] = src[i] == FILL ? f : in[src[i]];
                }
                yield HeapStorage.of(out);
            }
        };
    }

    /** The backing primitive array, for {@link System#arraycopy}. */
    static Object array(HeapStorage s) {
        DType t = s.dtype();
        return switch (t) {
            case FLOAT32 -> s.f32();
            case FLOAT64 -> s.f64();
            case INT32 -> s.i32();
        };
    }
}
