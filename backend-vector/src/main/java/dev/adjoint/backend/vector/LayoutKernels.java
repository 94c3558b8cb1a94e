package dev.adjoint.backend.vector;

import dev.adjoint.api.DType;
import dev.adjoint.api.PadMode;
import dev.adjoint.api.Shape;
import dev.adjoint.api.spi.HeapStorage;
import java.util.Arrays;

/**
 * Layout kernels of the vector backend: strided reads (permute, slice, broadcast), concatenation and padding.
 * They only move values, so results equal the reference backend's bit for bit. Axes are first merged where
 * the access pattern allows, then the work is split into rows of the innermost axis: contiguous rows move
 * with {@link System#arraycopy}, broadcast rows with {@link Arrays#fill}, and swaps of the last two axes go
 * through cache-sized tiles. Rows are spread over threads with {@link Parallel}.
 */
final class LayoutKernels {
    /** Marks a padded position that takes the fill value instead of an input element. */
    /** What {@link PadMode#sourceIndex} answers for a cell that reads the fill value. */
    private static final int FILL = -1;
    /** Elements each parallel task should move at least. */
    private static final int GRAIN_ELEMENTS = 1 << 15;
    /** Side of the square tiles a transposed copy goes through. */
    private static final int TILE = 32;

    private LayoutKernels() {
    }

    /** {@code out[i...] = x[offset + sum(i_d * strides_d)]} for every index of {@code out}. */
    static HeapStorage strided(HeapStorage x, int offset, int[] strides, Shape out) {
        int size = out.size();
        HeapStorage result = HeapStorage.zeros(x.dtype(), size);
        if (size == 0) {
            return result;
        }
        Object src = array(x);
        Object dst = array(result);
        // merge axes that walk the input as one, dropping size-1 axes
        int[] dims = out.dims();
        int[] cd = new int[dims.length];
        int[] cs = new int[dims.length];
        int k = 0;
        for (int d = 0; d < dims.length; d++) {
            if (dims[d] == 1) {
                continue;
            }
            if (k > 0 && cs[k - 1] == dims[d] * strides[d]) {
                cd[k - 1] *= dims[d];
                cs[k - 1] = strides[d];
            } else {
                cd[k] = dims[d];
                cs[k] = strides[d];
                k++;
            }
        }
        if (k == 0) {
            System.arraycopy(src, offset, dst, 0, 1);
            return result;
        }
        int[] rd = Arrays.copyOf(cd, k);
        int[] rs = Arrays.copyOf(cs, k);
        if (k >= 2 && rs[k - 2] == 1 && Math.abs(rs[k - 1]) > 1 && rd[k - 1] >= TILE / 4 && rd[k - 2] >= TILE / 4) {
            transposed(src, dst, offset, rd, rs);
        } else {
            rows(src, dst, offset, rd, rs);
        }
        return result;
    }

    /** Copies row by row along the innermost (merged) axis. */
    private static void rows(Object src, Object dst, int offset, int[] dims, int[] strides) {
        int last = dims.length - 1;
        int len = dims[last];
        int step = strides[last];
        int rows = size(dims, 0, last);
        Parallel.forRange(rows, Math.max(1, GRAIN_ELEMENTS / len), (from, to) -> {
            Cursor at = new Cursor(dims, strides, last, offset, from);
            for (int r = from; r < to; r++, at.next()) {
                copyRow(src, at.offset, step, dst, r * len, len);
            }
        });
    }

    /** {@code dst[at + i] = src[from + i * step]} for {@code i < len}. */
    private static void copyRow(Object src, int from, int step, Object dst, int at, int len) {
        if (step == 1) {
            System.arraycopy(src, from, dst, at, len);
            return;
        }
        switch (src) {
            case float[] in -> {
                float[] out = (float[]) dst;
                if (step == 0) {
                    Arrays.fill(out, at, at + len, in[from]);
                } else {
                    for (int i = 0; i < len; i++) {
                        out[at + i] = in[from + i * step];
                    }
                }
            }
            case double[] in -> {
                double[] out = (double[]) dst;
                if (step == 0) {
                    Arrays.fill(out, at, at + len, in[from]);
                } else {
                    for (int i = 0; i < len; i++) {
                        out[at + i] = in[from + i * step];
                    }
                }
            }
            case int[] in -> {
                int[] out = (int[]) dst;
                if (step == 0) {
                    Arrays.fill(out, at, at + len, in[from]);
                } else {
                    for (int i = 0; i < len; i++) {
                        out[at + i] = in[from + i * step];
                    }
                }
            }
            default -> throw new IllegalStateException("unexpected array " + src.getClass());
        }
    }

    /**
     * A read whose second-to-last (merged) axis is contiguous in the input while the last one is not: a swap of
     * the last two axes, copied through square tiles so that both reads and writes stay in cache.
     */
    private static void transposed(Object src, Object dst, int offset, int[] dims, int[] strides) {
        int rank = dims.length;
        int a = dims[rank - 2];
        int b = dims[rank - 1];
        int step = strides[rank - 1];
        int tileRows = (a + TILE - 1) / TILE;
        int outer = size(dims, 0, rank - 2);
        Parallel.forRange(outer * tileRows, Math.max(1, GRAIN_ELEMENTS / (TILE * b)), (from, to) -> {
            Cursor at = new Cursor(dims, strides, rank - 2, offset, from / tileRows);
            int o = from / tileRows;
            for (int u = from; u < to; u++) {
                int uo = u / tileRows;
                while (o < uo) {
                    at.next();
                    o++;
                }
                int i0 = (u % tileRows) * TILE;
                int i1 = Math.min(a, i0 + TILE);
                int outBase = o * a * b;
                for (int j0 = 0; j0 < b; j0 += TILE) {
                    int j1 = Math.min(b, j0 + TILE);
                    tile(src, at.offset, step, dst, outBase, b, i0, i1, j0, j1);
                }
            }
        });
    }

    /** {@code dst[base + i * b + j] = src[from + i + j * step]} over one tile. */
    private static void tile(Object src, int from, int step, Object dst, int base, int b, int i0, int i1, int j0,
            int j1) {
        switch (src) {
            case float[] in -> {
                float[] out = (float[]) dst;
                for (int j = j0; j < j1; j++) {
                    int s = from + j * step;
                    for (int i = i0; i < i1; i++) {
                        out[base + i * b + j] = in[s + i];
                    }
                }
            }
            case double[] in -> {
                double[] out = (double[]) dst;
                for (int j = j0; j < j1; j++) {
                    int s = from + j * step;
                    for (int i = i0; i < i1; i++) {
                        out[base + i * b + j] = in[s + i];
                    }
                }
            }
            case int[] in -> {
                int[] out = (int[]) dst;
                for (int j = j0; j < j1; j++) {
                    int s = from + j * step;
                    for (int i = i0; i < i1; i++) {
                        out[base + i * b + j] = in[s + i];
                    }
                }
            }
            default -> throw new IllegalStateException("unexpected array " + src.getClass());
        }
    }

    /** Joins {@code parts} of the given shapes along {@code axis}; they agree on every other axis. */
    static HeapStorage concat(HeapStorage[] parts, Shape[] shapes, int axis) {
        int[] dims = shapes[0].dims();
        int outer = size(dims, 0, axis);
        int inner = size(dims, axis + 1, dims.length);
        int[] chunk = new int[parts.length];
        int[] at = new int[parts.length];
        int row = 0;
        for (int p = 0; p < parts.length; p++) {
            chunk[p] = shapes[p].dims()[axis] * inner;
            at[p] = row;
            row += chunk[p];
        }
        HeapStorage out = HeapStorage.zeros(parts[0].dtype(), outer * row);
        if (outer * row == 0) {
            return out;
        }
        Object dst = array(out);
        Object[] src = new Object[parts.length];
        for (int p = 0; p < parts.length; p++) {
            src[p] = array(parts[p]);
        }
        int rowLength = row;
        Parallel.forRange(outer, Math.max(1, GRAIN_ELEMENTS / rowLength), (from, to) -> {
            for (int o = from; o < to; o++) {
                for (int p = 0; p < src.length; p++) {
                    System.arraycopy(src[p], o * chunk[p], dst, o * rowLength + at[p], chunk[p]);
                }
            }
        });
        return out;
    }

    /**
     * Pads {@code x} of {@code shape} by {@code before[d]} and {@code after[d]} cells per axis with the
     * semantics of NumPy's {@code np.pad} modes; widths larger than an axis wrap or mirror repeatedly. Each
     * output row of the last axis copies its interior in one piece and fills its two borders.
     */
    static HeapStorage pad(HeapStorage x, Shape shape, int[] before, int[] after, PadMode mode, double value) {
        int[] dims = shape.dims();
        int rank = dims.length;
        if (rank == 0) {
            HeapStorage out = HeapStorage.zeros(x.dtype(), 1);
            System.arraycopy(array(x), 0, array(out), 0, 1);
            return out;
        }
        int[] strides = shape.strides();
        int last = rank - 1;
        int[] outDims = new int[rank];
        // reads[d][i]: the input offset contributed by output position i of axis d < last, or FILL
        int[][] reads = new int[last][];
        for (int d = 0; d < rank; d++) {
            outDims[d] = before[d] + dims[d] + after[d];
            if (d < last) {
                reads[d] = new int[outDims[d]];
                for (int i = 0; i < outDims[d]; i++) {
                    int s = mode.sourceIndex(i - before[d], dims[d]);
                    reads[d][i] = s == FILL ? FILL : s * strides[d];
                }
            }
        }
        int n = dims[last];
        int lead = before[last];
        int width = outDims[last];
        // border[k]: the input position read by border cell k (the before cells, then the after cells), or FILL
        int[] border = new int[lead + after[last]];
        for (int k = 0; k < border.length; k++) {
            int j = k < lead ? k - lead : n + (k - lead);
            border[k] = mode.sourceIndex(j, n);
        }
        int rows = size(outDims, 0, last);
        HeapStorage result = HeapStorage.zeros(x.dtype(), rows * width);
        if (rows * width == 0) {
            return result;
        }
        Object src = array(x);
        Object dst = array(result);
        Parallel.forRange(rows, Math.max(1, GRAIN_ELEMENTS / width), (from, to) -> {
            int[] index = new int[last];
            int rest = from;
            for (int d = last - 1; d >= 0; d--) {
                index[d] = rest % outDims[d];
                rest /= outDims[d];
            }
            for (int r = from; r < to; r++) {
                int off = 0;
                for (int d = 0; d < last && off != FILL; d++) {
                    int s = reads[d][index[d]];
                    off = s == FILL ? FILL : off + s;
                }
                padRow(src, off, n, border, lead, dst, r * width, width, value);
                for (int d = last - 1; d >= 0; d--) {
                    if (++index[d] < outDims[d]) {
                        break;
                    }
                    index[d] = 0;
                }
            }
        });
        return result;
    }

    /**
     * One output row of {@link #pad}: the {@code n} input cells from {@code from} (or, when {@code from} is
     * FILL, the fill value throughout) with the border cells read as {@code border} says.
     */
    private static void padRow(Object src, int from, int n, int[] border, int lead, Object dst, int at, int width,
            double value) {
        switch (dst) {
            case float[] out -> {
                float fill = (float) value;
                if (from == FILL) {
                    Arrays.fill(out, at, at + width, fill);
                    return;
                }
                float[] in = (float[]) src;
                for (int k = 0; k < border.length; k++) {
                    int pos = k < lead ? at + k : at + n + k;
                    out[pos] = border[k] == FILL ? fill : in[from + border[k]];
                }
            }
            case double[] out -> {
                if (from == FILL) {
                    Arrays.fill(out, at, at + width, value);
                    return;
                }
                double[] in = (double[]) src;
                for (int k = 0; k < border.length; k++) {
                    int pos = k < lead ? at + k : at + n + k;
                    out[pos] = border[k] == FILL ? value : in[from + border[k]];
                }
            }
            case int[] out -> {
                int fill = (int) value;
                if (from == FILL) {
                    Arrays.fill(out, at, at + width, fill);
                    return;
                }
                int[] in = (int[]) src;
                for (int k = 0; k < border.length; k++) {
                    int pos = k < lead ? at + k : at + n + k;
                    out[pos] = border[k] == FILL ? fill : in[from + border[k]];
                }
            }
            default -> throw new IllegalStateException("unexpected array " + dst.getClass());
        }
        System.arraycopy(src, from, dst, at + lead, n);
    }

    private static int size(int[] dims, int from, int to) {
        int p = 1;
        for (int d = from; d < to; d++) {
            p *= dims[d];
        }
        return p;
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

    /**
     * Walks the rows (indices of the first {@code axes} axes) in row-major order, tracking the input offset
     * {@code base + sum(i_d * strides_d)}.
     */
    private static final class Cursor {
        private final int[] dims;
        private final int[] strides;
        private final int[] index;
        int offset;

        Cursor(int[] dims, int[] strides, int axes, int base, int start) {
            this.dims = dims;
            this.strides = strides;
            this.index = new int[axes];
            int rest = start;
            offset = base;
            for (int d = axes - 1; d >= 0; d--) {
                index[d] = rest % dims[d];
                rest /= dims[d];
                offset += index[d] * strides[d];
            }
        }

        void next() {
            for (int d = index.length - 1; d >= 0; d--) {
                offset += strides[d];
                if (++index[d] < dims[d]) {
                    return;
                }
                offset -= strides[d] * dims[d];
                index[d] = 0;
            }
        }
    }
}
