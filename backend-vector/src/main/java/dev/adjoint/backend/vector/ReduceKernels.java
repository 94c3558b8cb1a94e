package dev.adjoint.backend.vector;

import dev.adjoint.api.DType;
import dev.adjoint.api.Shape;
import dev.adjoint.api.spi.HeapStorage;
import dev.adjoint.api.spi.ReduceOp;
import java.util.Arrays;
import java.util.Locale;

/**
 * Reductions over any set of axes. The input is first seen as alternating blocks of kept and reduced
 * axes (size-1 axes dropped, neighbours of the same kind merged); then:
 * <ul>
 * <li>when the innermost block is reduced ({@code [..., R]}: all axes, trailing axes, or e.g. {@code (0, 2)}
 * of {@code [N, C, HW]}), every output folds contiguous runs. A run is cut into fixed chunks of
 * {@link #CHUNK} elements (short runs are grouped {@code CHUNK / run} to a unit), each reduced with SIMD
 * accumulators, and the unit partials are combined in order;</li>
 * <li>when the innermost block is kept ({@code [..., R, K]}: leading or middle axes), whole rows of
 * {@code K} outputs are folded into a row of accumulators, one reduced offset after the other. Tall and
 * narrow inputs are cut into at most {@link #MAX_ROW_BLOCKS} fixed row blocks, combined in order.</li>
 * </ul>
 * The units, chunks and blocks depend only on the shape, so results do not depend on the thread count.
 * Float sums and products accumulate in double (FLOAT32 widened), INT32 ones wrap like Java ints. MAX and
 * MIN propagate NaN; ARGMAX and ARGMIN return the first extreme, a NaN counting as the extreme.
 */
final class ReduceKernels {
    /** Elements in one fixed chunk of a contiguous run. */
    static final int CHUNK = 1 << 12;
    /** Elements per parallel task group. */
    static final int GRAIN = 1 << 15;
    /** Width of a column block when folding rows. */
    static final int COLS = 1 << 10;
    /** Below this many (output row x column block) tasks, tall inputs are also cut into row blocks. */
    static final int MIN_COLUMN_TASKS = 8;
    /** The most row blocks a column fold is cut into. */
    static final int MAX_ROW_BLOCKS = 32;

    private ReduceKernels() {
    }

    /** Reduces {@code x} of {@code shape} over the sorted, unique {@code axes}. */
    static HeapStorage reduce(ReduceOp op, HeapStorage x, Shape shape, int[] axes) {
        int[] dims = shape.dims();
        if (op == ReduceOp.ARGMAX || op == ReduceOp.ARGMIN) {
            if (axes.length != 1) {
                throw new IllegalArgumentException(name(op) + ": expected exactly one axis, got "
                        + Arrays.toString(axes));
            }
            return arg(op == ReduceOp.ARGMAX, x, dims, axes[0]);
        }
        boolean[] reduced = new boolean[dims.length];
        for (int a : axes) {
            reduced[a] = true;
        }
        int outSize = 1;
        long count = 1;
        for (int d = 0; d < dims.length; d++) {
            if (reduced[d]) {
                count *= dims[d];
            } else {
                outSize *= dims[d];
            }
        }
        if (outSize == 0) {
            return HeapStorage.zeros(x.dtype(), 0);
        }
        if (count == 0) {
            if (op != ReduceOp.SUM && op != ReduceOp.PROD) {
                throw new IllegalArgumentException(name(op) + ": reduction over zero elements (axes "
                        + Arrays.toString(axes) + " of shape " + shape + ")");
            }
            return ElementwiseKernels.full(x.dtype(), outSize, ReduceLoops.identity(op));
        }
        Blocks b = Blocks.of(dims, reduced);
        if (b.count() == 0 || b.allKept()) {
            return copy(op, x);
        }
        return b.trailingReduced() ? runs(op, x, b, outSize) : columns(op, x, b, outSize);
    }

    /** No axis of size above 1 is reduced: the values themselves (a sum adds them to +0 like the reference). */
    private static HeapStorage copy(ReduceOp op, HeapStorage x) {
        boolean sum = op == ReduceOp.SUM;
        return switch (x.dtype()) {
            case FLOAT64 -> {
                double[] s = x.f64();
                double[] r = s.clone();
                if (sum) {
                    for (int i = 0; i < r.length; i++) {
                        r[i] = 0.0 + s[i];
                    }
                }
                yield HeapStorage.of(r);
            }
            case FLOAT32 -> {
                float[] s = x.f32();
                float[] r = s.clone();
                if (sum) {
                    for (int i = 0; i < r.length; i++) {
                        r[i] = 0f + s[i];
                    }
                }
                yield HeapStorage.of(r);
            }
            case INT32 -> HeapStorage.of(x.i32().clone());
        };
    }

    // ---- innermost block reduced: folds of contiguous runs ---------------------------------------

    private static HeapStorage runs(ReduceOp op, HeapStorage x, Blocks b, int outSize) {
        int len = b.dim(b.count() - 1);
        int[] kept = b.offsets(true, b.count());
        int[] outer = b.offsets(false, b.count() - 1);
        int m = outer.length;
        Units u = Units.of(len, m);
        int tasks = kept.length * u.count;
        int grain = (int) Math.max(1, GRAIN / u.elements);
        if (x.dtype() == DType.INT32) {
            int[] s = x.i32();
            int[] part = new int[tasks];
            Parallel.forRange(tasks, grain, (from, to) -> {
                for (int t = from; t < to; t++) {
                    part[t] = unitInt(op, s, kept[t / u.count], outer, len, u, t % u.count);
                }
            });
            return HeapStorage.of(u.count == 1 ? part : foldUnits(op, part, outSize, u.count));
        }
        double[] part = new double[tasks];
        Parallel.forRange(tasks, grain, (from, to) -> {
            for (int t = from; t < to; t++) {
                part[t] = unit(op, x, kept[t / u.count], outer, len, u, t % u.count);
            }
        });
        double[] r = u.count == 1 ? part : foldUnits(op, part, outSize, u.count);
        return result(x.dtype(), r);
    }

    /**
     * How the runs of one output are cut: a run of at least {@link #CHUNK} elements into chunks (units
     * {@code run * perRun + chunk}); shorter runs grouped {@code group} to a unit.
     */
    private record Units(int count, int perRun, int group, long elements) {
        static Units of(int len, int runs) {
            if (len >= CHUNK) {
                int perRun = (len + CHUNK - 1) / CHUNK;
                return new Units(runs * perRun, perRun, 1, CHUNK);
            }
            int group = Math.max(1, CHUNK / len);
            return new Units((runs + group - 1) / group, 1, group, (long) group * len);
        }
    }

    /** The partial result of unit {@code k} of the output whose runs start at {@code base + outer[i]}. */
    private static double unit(ReduceOp op, HeapStorage x, int base, int[] outer, int len, Units u, int k) {
        if (u.perRun > 1 || len >= CHUNK) {
            int run = k / u.perRun;
            int c = (k % u.perRun) * CHUNK;
            return run(op, x, base + outer[run] + c, Math.min(CHUNK, len - c));
        }
        int first = k * u.group;
        int last = Math.min(outer.length, first + u.group);
        double acc = run(op, x, base + outer[first], len);
        for (int i = first + 1; i < last; i++) {
            acc = ReduceLoops.combine(op, acc, run(op, x, base + outer[i], len));
        }
        return acc;
    }

    private static double run(ReduceOp op, HeapStorage x, int from, int len) {
        return x.dtype() == DType.FLOAT64 ? ReduceLoops.run64(op, x.f64(), from, len)
                : ReduceLoops.run32(op, x.f32(), from, len);
    }

    /** {@link #unit} for ints. */
    private static int unitInt(ReduceOp op, int[] x, int base, int[] outer, int len, Units u, int k) {
        if (u.perRun > 1 || len >= CHUNK) {
            int run = k / u.perRun;
            int c = (k % u.perRun) * CHUNK;
            return ReduceLoops.runInt(op, x, base + outer[run] + c, Math.min(CHUNK, len - c));
        }
        int first = k * u.group;
        int last = Math.min(outer.length, first + u.group);
        int acc = ReduceLoops.runInt(op, x, base + outer[first], len);
        for (int i = first + 1; i < last; i++) {
            acc = ReduceLoops.combine(op, acc, ReduceLoops.runInt(op, x, base + outer[i], len));
        }
        return acc;
    }

    /** Output {@code o} is the in-order fold of {@code part[o * units .. (o + 1) * units)}. */
    private static double[] foldUnits(ReduceOp op, double[] part, int outSize, int units) {
        double[] r = new double[outSize];
        Parallel.forRange(outSize, Math.max(1, GRAIN / units), (from, to) -> {
            for (int o = from; o < to; o++) {
                double acc = part[o * units];
                for (int k = 1; k < units; k++) {
                    acc = ReduceLoops.combine(op, acc, part[o * units + k]);
                }
                r[o] = acc;
            }
        });
        return r;
    }

    /** {@link #foldUnits(ReduceOp, double[], int, int)} for ints. */
    private static int[] foldUnits(ReduceOp op, int[] part, int outSize, int units) {
        int[] r = new int[outSize];
        Parallel.forRange(outSize, Math.max(1, GRAIN / units), (from, to) -> {
            for (int o = from; o < to; o++) {
                int acc = part[o * units];
                for (int k = 1; k < units; k++) {
                    acc = ReduceLoops.combine(op, acc, part[o * units + k]);
                }
                r[o] = acc;
            }
        });
        return r;
    }

    // ---- innermost block kept: rows folded into rows ---------------------------------------------

    private static HeapStorage columns(ReduceOp op, HeapStorage x, Blocks b, int outSize) {
        int width = b.dim(b.count() - 1);
        int[] kept = b.offsets(true, b.count() - 1);
        int[] rows = b.offsets(false, b.count());
        int m = rows.length;
        int colBlocks = (width + COLS - 1) / COLS;
        long total = (long) kept.length * m * width;
        int rowBlocks = 1;
        if ((long) kept.length * colBlocks < MIN_COLUMN_TASKS && total > 2L * GRAIN) {
            rowBlocks = (int) Math.min(Math.min(MAX_ROW_BLOCKS, m), (total + GRAIN - 1) / GRAIN);
        }
        int perBlock = (m + rowBlocks - 1) / rowBlocks;
        int blocks = (m + perBlock - 1) / perBlock;
        int tasks = kept.length * blocks * colBlocks;
        int grain = (int) Math.max(1, GRAIN / ((long) perBlock * Math.min(width, COLS)));
        boolean fromFirst = op == ReduceOp.MAX || op == ReduceOp.MIN;
        if (x.dtype() == DType.INT32) {
            int[] s = x.i32();
            int[] part = new int[kept.length * blocks * width];
            Parallel.forRange(tasks, grain, (from, to) -> {
                for (int t = from; t < to; t++) {
                    int c0 = (t % colBlocks) * COLS;
                    int w = Math.min(COLS, width - c0);
                    int rb = (t / colBlocks) % blocks;
                    int o = t / colBlocks / blocks;
                    int m0 = rb * perBlock;
                    int m1 = Math.min(m, m0 + perBlock);
                    int base = kept[o] + c0;
                    int[] acc = new int[w];
                    if (fromFirst) {
                        System.arraycopy(s, base + rows[m0], acc, 0, w);
                    } else {
                        Arrays.fill(acc, (int) ReduceLoops.identity(op));
                    }
                    for (int i = fromFirst ? m0 + 1 : m0; i < m1; i++) {
                        ReduceLoops.foldRow(op, acc, s, base + rows[i], w);
                    }
                    System.arraycopy(acc, 0, part, (o * blocks + rb) * width + c0, w);
                }
            });
            return HeapStorage.of(blocks == 1 ? part : foldBlocks(op, part, kept.length, blocks, width));
        }
        double[] part = new double[kept.length * blocks * width];
        Parallel.forRange(tasks, grain, (from, to) -> {
            for (int t = from; t < to; t++) {
                int c0 = (t % colBlocks) * COLS;
                int w = Math.min(COLS, width - c0);
                int rb = (t / colBlocks) % blocks;
                int o = t / colBlocks / blocks;
                int m0 = rb * perBlock;
                int m1 = Math.min(m, m0 + perBlock);
                int base = kept[o] + c0;
                double[] acc = new double[w];
                if (fromFirst) {
                    initRow(x, acc, base + rows[m0], w);
                } else {
                    Arrays.fill(acc, ReduceLoops.identity(op));
                }
                for (int i = fromFirst ? m0 + 1 : m0; i < m1; i++) {
                    foldRow(op, x, acc, base + rows[i], w);
                }
                System.arraycopy(acc, 0, part, (o * blocks + rb) * width + c0, w);
            }
        });
        double[] r = blocks == 1 ? part : foldBlocks(op, part, kept.length, blocks, width);
        assert r.length == outSize;
        return result(x.dtype(), r);
    }

    private static void initRow(HeapStorage x, double[] acc, int off, int w) {
        if (x.dtype() == DType.FLOAT64) {
            ReduceLoops.initRow(acc, x.f64(), off, w);
        } else {
            ReduceLoops.initRow(acc, x.f32(), off, w);
        }
    }

    private static void foldRow(ReduceOp op, HeapStorage x, double[] acc, int off, int w) {
        if (x.dtype() == DType.FLOAT64) {
            ReduceLoops.foldRow(op, acc, x.f64(), off, w);
        } else {
            ReduceLoops.foldRow(op, acc, x.f32(), off, w);
        }
    }

    /** Output {@code (o, j)} is the in-order fold over row blocks of {@code part[(o * blocks + rb) * width + j]}. */
    private static double[] foldBlocks(ReduceOp op, double[] part, int outer, int blocks, int width) {
        double[] r = new double[outer * width];
        for (int o = 0; o < outer; o++) {
            for (int j = 0; j < width; j++) {
                double acc = part[o * blocks * width + j];
                for (int rb = 1; rb < blocks; rb++) {
                    acc = ReduceLoops.combine(op, acc, part[(o * blocks + rb) * width + j]);
                }
                r[o * width + j] = acc;
            }
        }
        return r;
    }

    /** {@link #foldBlocks(ReduceOp, double[], int, int, int)} for ints. */
    private static int[] foldBlocks(ReduceOp op, int[] part, int outer, int blocks, int width) {
        int[] r = new int[outer * width];
        for (int o = 0; o < outer; o++) {
            for (int j = 0; j < width; j++) {
                int acc = part[o * blocks * width + j];
                for (int rb = 1; rb < blocks; rb++) {
                    acc = ReduceLoops.combine(op, acc, part[(o * blocks + rb) * width + j]);
                }
                r[o * width + j] = acc;
            }
        }
        return r;
    }

    /** Double results as storage of {@code dtype}: FLOAT32 rounds each once. */
    private static HeapStorage result(DType dtype, double[] r) {
        if (dtype == DType.FLOAT64) {
            return HeapStorage.of(r);
        }
        float[] f = new float[r.length];
        for (int i = 0; i < r.length; i++) {
            f[i] = (float) r[i];
        }
        return HeapStorage.of(f);
    }

    // ---- ARGMAX and ARGMIN -----------------------------------------------------------------------

    private static HeapStorage arg(boolean max, HeapStorage x, int[] dims, int axis) {
        int before = product(dims, 0, axis);
        int after = product(dims, axis + 1, dims.length);
        int len = dims[axis];
        int[] out = new int[before * after];
        if (out.length == 0) {
            return HeapStorage.of(out);
        }
        if (len == 0) {
            throw new IllegalArgumentException((max ? "argmax" : "argmin") + ": axis " + axis + " of shape "
                    + Arrays.toString(dims) + " is empty");
        }
        if (after == 1) {
            Parallel.forRange(before, Math.max(1, GRAIN / len), (from, to) -> {
                for (int k = from; k < to; k++) {
                    out[k] = switch (x.dtype()) {
                        case FLOAT64 -> ReduceLoops.argRun(max, x.f64(), k * len, len);
                        case FLOAT32 -> ReduceLoops.argRun(max, x.f32(), k * len, len);
                        case INT32 -> ReduceLoops.argRun(max, x.i32(), k * len, len);
                    };
                }
            });
            return HeapStorage.of(out);
        }
        int colBlocks = (after + COLS - 1) / COLS;
        int slab = len * after;
        Parallel.forRange(before * colBlocks, (int) Math.max(1, GRAIN / ((long) len * Math.min(after, COLS))),
                (from, to) -> {
                    for (int t = from; t < to; t++) {
                        int c0 = (t % colBlocks) * COLS;
                        int w = Math.min(COLS, after - c0);
                        int k = t / colBlocks;
                        argColumns(max, x, k * slab + c0, len, after, w, out, k * after + c0);
                    }
                });
        return HeapStorage.of(out);
    }

    /** Column-wise arg reduction of {@code len} rows of width {@code w} (row stride {@code stride}). */
    private static void argColumns(boolean max, HeapStorage x, int base, int len, int stride, int w, int[] out,
            int outOff) {
        int[] idx = new int[w];
        switch (x.dtype()) {
            case FLOAT64 -> {
                double[] best = Arrays.copyOfRange(x.f64(), base, base + w);
                for (int i = 1; i < len; i++) {
                    ReduceLoops.argStep(max, best, idx, x.f64(), base + i * stride, w, i);
                }
            }
            case FLOAT32 -> {
                float[] best = Arrays.copyOfRange(x.f32(), base, base + w);
                for (int i = 1; i < len; i++) {
                    ReduceLoops.argStep(max, best, idx, x.f32(), base + i * stride, w, i);
                }
            }
            case INT32 -> {
                int[] best = Arrays.copyOfRange(x.i32(), base, base + w);
                for (int i = 1; i < len; i++) {
                    ReduceLoops.argStep(max, best, idx, x.i32(), base + i * stride, w, i);
                }
            }
        }
        System.arraycopy(idx, 0, out, outOff, w);
    }

    private static int product(int[] dims, int from, int to) {
        int p = 1;
        for (int d = from; d < to; d++) {
            p *= dims[d];
        }
        return p;
    }

    private static String name(ReduceOp op) {
        return op.name().toLowerCase(Locale.ROOT);
    }

    /**
     * A shape seen as blocks of kept and reduced axes: size-1 axes dropped, neighbouring axes of the same
     * kind merged, with row-major strides over the original layout.
     */
    private record Blocks(int[] dims, int[] strides, boolean[] reduced) {
        static Blocks of(int[] shape, boolean[] reducedAxes) {
            int[] d = new int[shape.length];
            boolean[] r = new boolean[shape.length];
            int n = 0;
            for (int a = 0; a < shape.length; a++) {
                if (shape[a] == 1) {
                    continue;
                }
                if (n > 0 && r[n - 1] == reducedAxes[a]) {
                    d[n - 1] *= shape[a];
                } else {
                    d[n] = shape[a];
                    r[n] = reducedAxes[a];
                    n++;
                }
            }
            int[] dims = Arrays.copyOf(d, n);
            int[] strides = new int[n];
            int s = 1;
            for (int i = n - 1; i >= 0; i--) {
                strides[i] = s;
                s *= dims[i];
            }
            return new Blocks(dims, strides, Arrays.copyOf(r, n));
        }

        int count() {
            return dims.length;
        }

        int dim(int i) {
            return dims[i];
        }

        boolean allKept() {
            for (boolean r : reduced) {
                if (r) {
                    return false;
                }
            }
            return true;
        }

        boolean trailingReduced() {
            return reduced[dims.length - 1];
        }

        /**
         * The flat offsets, in row-major order, of every index over the blocks before {@code end} that
         * are kept ({@code kept}) or reduced.
         */
        int[] offsets(boolean kept, int end) {
            int k = 0;
            int size = 1;
            for (int i = 0; i < end; i++) {
                if (reduced[i] != kept) {
                    k++;
                    size *= dims[i];
                }
            }
            int[] sd = new int[k];
            int[] ss = new int[k];
            for (int i = 0, j = 0; i < end; i++) {
                if (reduced[i] != kept) {
                    sd[j] = dims[i];
                    ss[j++] = strides[i];
                }
            }
            int[] out = new int[size];
            int[] index = new int[k];
            int off = 0;
            for (int o = 0; o < size; o++) {
                out[o] = off;
                for (int d = k - 1; d >= 0; d--) {
                    index[d]++;
                    off += ss[d];
                    if (index[d] < sd[d]) {
                        break;
                    }
                    off -= ss[d] * sd[d];
                    index[d] = 0;
                }
            }
            return out;
        }
    }
}
