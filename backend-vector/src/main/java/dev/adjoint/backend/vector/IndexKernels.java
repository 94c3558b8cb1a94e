package dev.adjoint.backend.vector;

import dev.adjoint.api.Shape;
import dev.adjoint.api.spi.HeapStorage;
import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * Gather and scatter-add along one axis for the vector backend, all three dtypes. A tensor is viewed as
 * {@code [outer, n, inner]} around the axis. Gather copies whole rows when {@code inner > 1} and uses SIMD
 * gathers along the last axis. Scatter-add splits the output into disjoint blocks (outer rows, inner column
 * ranges and ranges of the scattered axis) and fills each block by walking the indices in order, so every
 * output element sums its contributions in index order, as the reference does: the results are the same bit
 * for bit (FLOAT32 summed in double and rounded once, INT32 wrapping) whatever the number of threads.
 */
final class IndexKernels {
    private static final VectorSpecies<Float> F = FloatVector.SPECIES_PREFERRED;
    private static final VectorSpecies<Double> D = DoubleVector.SPECIES_PREFERRED;
    private static final VectorSpecies<Integer> I = IntVector.SPECIES_PREFERRED;
    /** Elements each parallel task should move at least. */
    private static final int GRAIN_ELEMENTS = 1 << 15;
    /** The widest inner column range one scatter-add task owns. */
    private static final int INNER_BLOCK = 2048;

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
        if (out.size() == 0) {
            return out;
        }
        Object src = LayoutKernels.array(x);
        Object dst = LayoutKernels.array(out);
        if (inner == 1) {
            Parallel.forRange(outer, Math.max(1, GRAIN_ELEMENTS / count), (from, to) -> {
                for (int o = from; o < to; o++) {
                    gatherRow(src, o * n, index, count, dst, o * count);
                }
            });
            return out;
        }
        Parallel.forRange(outer * count, Math.max(1, GRAIN_ELEMENTS / inner), (from, to) -> {
            for (int r = from; r < to; r++) {
                int o = r / count;
                int j = r - o * count;
                System.arraycopy(src, (o * n + index[j]) * inner, dst, r * inner, inner);
            }
        });
        return out;
    }

    /** {@code dst[at + j] = src[base + index[j]]} for {@code j < count}, with SIMD gathers. */
    private static void gatherRow(Object src, int base, int[] index, int count, Object dst, int at) {
        switch (src) {
            case float[] in -> {
                float[] out = (float[]) dst;
                int j = 0;
                for (int bound = F.loopBound(count); j < bound; j += F.length()) {
                    FloatVector.fromArray(F, in, base, index, j).intoArray(out, at + j);
                }
                for (; j < count; j++) {
                    out[at + j] = in[base + index[j]];
                }
            }
            case double[] in -> {
                double[] out = (double[]) dst;
                int j = 0;
                for (int bound = D.loopBound(count); j < bound; j += D.length()) {
                    DoubleVector.fromArray(D, in, base, index, j).intoArray(out, at + j);
                }
                for (; j < count; j++) {
                    out[at + j] = in[base + index[j]];
                }
            }
            case int[] in -> {
                int[] out = (int[]) dst;
                int j = 0;
                for (int bound = I.loopBound(count); j < bound; j += I.length()) {
                    IntVector.fromArray(I, in, base, index, j).intoArray(out, at + j);
                }
                for (; j < count; j++) {
                    out[at + j] = in[base + index[j]];
                }
            }
            default -> throw new IllegalStateException("unexpected array " + src.getClass());
        }
    }

    /** {@code out[o, idx[j], i] += src[o, j, i]} into zeros whose axis has {@code outSize} entries. */
    static HeapStorage scatterAdd(HeapStorage src, Shape srcShape, int axis, HeapStorage idx, int outSize) {
        int[] dims = srcShape.dims();
        int count = dims[axis];
        int[] index = checked(idx, count, outSize);
        int outer = product(dims, 0, axis);
        int inner = product(dims, axis + 1, dims.length);
        HeapStorage out = HeapStorage.zeros(src.dtype(), outer * outSize * inner);
        if (out.size() == 0 || count == 0) {
            return out;
        }
        int block = Math.min(inner, INNER_BLOCK);
        int blocks = (inner + block - 1) / block;
        // split the scattered axis too when outer rows and column blocks alone leave threads idle
        int wanted = 4 * Parallel.threads();
        int segments = outer * blocks >= wanted ? 1 : Math.min(outSize, (wanted + outer * blocks - 1) / (outer * blocks));
        int tasks = outer * blocks * segments;
        long work = (long) count * block;
        int grain = (int) Math.max(1, Math.min(tasks, GRAIN_ELEMENTS / Math.max(1, work)));
        Object in = LayoutKernels.array(src);
        Object dst = LayoutKernels.array(out);
        Parallel.forRange(tasks, grain, (from, to) -> {
            double[] scratch = null;
            for (int t = from; t < to; t++) {
                int seg = t % segments;
                int b = (t / segments) % blocks;
                int o = t / (segments * blocks);
                int s0 = (int) ((long) seg * outSize / segments);
                int s1 = (int) ((long) (seg + 1) * outSize / segments);
                int i0 = b * block;
                int len = Math.min(inner, i0 + block) - i0;
                if (in instanceof float[] f) {
                    int need = (s1 - s0) * len;
                    if (scratch == null || scratch.length < need) {
                        scratch = new double[need];
                    } else {
                        java.util.Arrays.fill(scratch, 0, need, 0.0);
                    }
                    scatterBlockF32(f, (float[]) dst, scratch, index, count, o, outSize, inner, s0, s1, i0, len);
                } else {
                    scatterBlock(in, dst, index, count, o, outSize, inner, s0, s1, i0, len);
                }
            }
        });
        return out;
    }

    /** One FLOAT32 output block, summed in double in {@code acc} and rounded once. */
    private static void scatterBlockF32(float[] in, float[] out, double[] acc, int[] index, int count, int o,
            int outSize, int inner, int s0, int s1, int i0, int len) {
        for (int j = 0; j < count; j++) {
            int t = index[j];
            if (t >= s0 && t < s1) {
                Rows.addWidened(acc, (t - s0) * len, in, (o * count + j) * inner + i0, len);
            }
        }
        for (int t = s0; t < s1; t++) {
            Rows.narrow(acc, (t - s0) * len, out, (o * outSize + t) * inner + i0, len);
        }
    }

    /** One FLOAT64 or INT32 output block, summed in place. */
    private static void scatterBlock(Object src, Object dst, int[] index, int count, int o, int outSize, int inner,
            int s0, int s1, int i0, int len) {
        switch (src) {
            case double[] in -> {
                double[] out = (double[]) dst;
                for (int j = 0; j < count; j++) {
                    int t = index[j];
                    if (t >= s0 && t < s1) {
                        Rows.add(out, (o * outSize + t) * inner + i0, in, (o * count + j) * inner + i0, len);
                    }
                }
            }
            case int[] in -> {
                int[] out = (int[]) dst;
                for (int j = 0; j < count; j++) {
                    int t = index[j];
                    if (t >= s0 && t < s1) {
                        Rows.add(out, (o * outSize + t) * inner + i0, in, (o * count + j) * inner + i0, len);
                    }
                }
            }
            default -> throw new IllegalStateException("unexpected array " + src.getClass());
        }
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
