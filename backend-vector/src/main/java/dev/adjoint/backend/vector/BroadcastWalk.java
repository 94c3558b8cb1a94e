package dev.adjoint.backend.vector;

import dev.adjoint.api.spi.Broadcast;

/**
 * Walks the output of a broadcast elementwise kernel as contiguous segments along its innermost axis.
 * Output axes of size 1 are dropped and neighbouring axes that every input reads as one (stride of the
 * outer axis = stride x size of the inner one) are merged, so same-shape inputs become one flat segment,
 * a scalar operand a stride-0 one, and {@code [n, m] + [m]} rows of {@code m}. Each segment hands the
 * kernel one offset per input and the inputs' innermost strides (0 or 1 in practice), which is what the
 * vector loops specialize on.
 */
final class BroadcastWalk {
    private final int size;
    private final int inner;
    private final int[] outer;
    private final int[][] outerStrides;
    private final int[] innerStrides;

    /** The per-segment work of a kernel. */
    @FunctionalInterface
    interface Segment {
        /**
         * Processes output elements {@code [out, out + len)}; input {@code i} starts at {@code offsets[i]}
         * and moves by {@link #innerStride(int)} per element. The array is reused between calls.
         */
        void run(int out, int len, int[] offsets);
    }

    private BroadcastWalk(int size, int inner, int[] outer, int[][] outerStrides, int[] innerStrides) {
        this.size = size;
        this.inner = inner;
        this.outer = outer;
        this.outerStrides = outerStrides;
        this.innerStrides = innerStrides;
    }

    /** The walk of a broadcast plan over any number of inputs. */
    static BroadcastWalk of(Broadcast plan) {
        int[] dims = plan.out().dims();
        int[][] strides = plan.strides();
        int k = strides.length;
        int rank = dims.length;
        // Collapsed axes, innermost first.
        int[] gDims = new int[rank];
        int[][] gStrides = new int[k][rank];
        int groups = 0;
        for (int d = rank - 1; d >= 0; d--) {
            if (dims[d] == 1) {
                continue;
            }
            if (groups > 0 && mergeable(strides, d, gDims[groups - 1], gStrides, groups - 1)) {
                gDims[groups - 1] *= dims[d];
                continue;
            }
            gDims[groups] = dims[d];
            for (int i = 0; i < k; i++) {
                gStrides[i][groups] = strides[i][d];
            }
            groups++;
        }
        int inner = groups == 0 ? 1 : gDims[0];
        int[] innerStrides = new int[k];
        for (int i = 0; i < k; i++) {
            innerStrides[i] = groups == 0 ? 0 : gStrides[i][0];
        }
        int outerRank = Math.max(groups - 1, 0);
        int[] outer = new int[outerRank];
        int[][] outerStrides = new int[k][outerRank];
        for (int g = 1; g < groups; g++) {
            outer[outerRank - g] = gDims[g];
            for (int i = 0; i < k; i++) {
                outerStrides[i][outerRank - g] = gStrides[i][g];
            }
        }
        return new BroadcastWalk(plan.out().size(), inner, outer, outerStrides, innerStrides);
    }

    private static boolean mergeable(int[][] strides, int d, int innerSize, int[][] gStrides, int g) {
        for (int i = 0; i < strides.length; i++) {
            if ((long) strides[i][d] != (long) gStrides[i][g] * innerSize) {
                return false;
            }
        }
        return true;
    }

    /** The number of output elements. */
    int size() {
        return size;
    }

    /** The length of the innermost collapsed axis (1 for a scalar output). */
    int inner() {
        return inner;
    }

    /** Input {@code i}'s stride along the innermost collapsed axis. */
    int innerStride(int i) {
        return innerStrides[i];
    }

    /** Runs {@code body} over the segments covering output elements {@code [start, end)}, in order. */
    void segments(int start, int end, Segment body) {
        int k = innerStrides.length;
        int rank = outer.length;
        int[] index = new int[rank];
        int[] base = new int[k];
        int row = start / inner;
        int col = start - row * inner;
        for (int d = rank - 1; d >= 0; d--) {
            index[d] = row % outer[d];
            row /= outer[d];
            for (int i = 0; i < k; i++) {
                base[i] += index[d] * outerStrides[i][d];
            }
        }
        int[] offsets = new int[k];
        int pos = start;
        while (pos < end) {
            int len = Math.min(inner - col, end - pos);
            for (int i = 0; i < k; i++) {
                offsets[i] = base[i] + col * innerStrides[i];
            }
            body.run(pos, len, offsets);
            pos += len;
            col = 0;
            for (int d = rank - 1; d >= 0; d--) {
                index[d]++;
                for (int i = 0; i < k; i++) {
                    base[i] += outerStrides[i][d];
                }
                if (index[d] < outer[d]) {
                    break;
                }
                for (int i = 0; i < k; i++) {
                    base[i] -= outerStrides[i][d] * outer[d];
                }
                index[d] = 0;
            }
        }
    }
}
