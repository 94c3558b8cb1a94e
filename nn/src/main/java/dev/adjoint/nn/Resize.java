package dev.adjoint.nn;

import dev.adjoint.api.PadMode;
import dev.adjoint.api.Tensor;

/** Spatial resizing helpers for {@code [N, C, spatial...]} fields: nearest upsampling, crop-or-pad to a size. */
final class Resize {
    private Resize() {
    }

    /** Repeats every cell {@code factor} times along each spatial axis. */
    static Tensor nearest(Tensor x, int factor) {
        int dims = x.rank() - 2;
        int[] split = new int[2 + 2 * dims];
        int[] repeated = new int[2 + 2 * dims];
        int[] merged = new int[2 + dims];
        split[0] = repeated[0] = merged[0] = x.dim(0);
        split[1] = repeated[1] = merged[1] = x.dim(1);
        for (int d = 0; d < dims; d++) {
            int n = x.dim(2 + d);
            split[2 + 2 * d] = repeated[2 + 2 * d] = n;
            split[3 + 2 * d] = 1;
            repeated[3 + 2 * d] = factor;
            merged[2 + d] = n * factor;
        }
        return x.reshape(split).broadcastTo(repeated).reshape(merged);
    }

    /**
     * Crops (keeping the leading cells) or pads (after the last cell; periodically or with zeros) each spatial
     * axis of {@code x} to the spatial size of {@code like}.
     */
    static Tensor toSpatialSize(Tensor x, Tensor like, boolean periodic) {
        int rank = x.rank();
        Tensor out = x;
        int[] before = new int[rank];
        int[] after = new int[rank];
        boolean pad = false;
        for (int axis = 2; axis < rank; axis++) {
            int have = x.dim(axis);
            int want = like.dim(axis);
            if (have > want) {
                out = out.slice(axis, 0, want);
            } else if (have < want) {
                after[axis] = want - have;
                pad = true;
            }
        }
        if (pad) {
            out = out.pad(before, after, periodic ? PadMode.PERIODIC : PadMode.CONSTANT);
        }
        return out;
    }
}
