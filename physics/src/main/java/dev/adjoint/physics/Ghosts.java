package dev.adjoint.physics;

import dev.adjoint.api.PadMode;
import dev.adjoint.api.Tensor;

/**
 * Ghost layers that realise boundary conditions for stencils and sampling, built with differentiable slices
 * and concatenations. Values either sit half a cell from the walls (cell-located) or on the walls themselves
 * (face-located: the normal component of a staggered field along its own axis, boundary faces included).
 */
final class Ghosts {
    private Ghosts() {
    }

    /**
     * Pads one ghost layer on both ends of tensor axis {@code axis}, which is spatial axis {@code spatialAxis}.
     *
     * @param face whether the values are face-located along this axis
     * @param component the vector component the values belong to, or -1 when the last tensor axis holds
     *     the channels (of a vector field when there are as many channels as axes, at least two; otherwise
     *     each channel is a scalar)
     * @param sampling true for lookups outside the grid, false for stencils. Cell-located values next to a
     *     constant side get the ghost {@code 2c - edge}, so that the value at the wall is the constant; on a
     *     face-located axis the wall value is stored, and the ghost is the constant for lookups and the linear
     *     extrapolation for stencils
     */
    static Tensor pad(Tensor t, int axis, int spatialAxis, Side lo, Side hi, boolean face, int component,
            boolean sampling) {
        if (lo.kind() == Side.Kind.PERIODIC) {
            return periodic(t, axis, 1, 1);
        }
        if (lo.kind() == Side.Kind.ZERO_GRADIENT && hi.kind() == Side.Kind.ZERO_GRADIENT) {
            int[] b = new int[t.rank()];
            b[axis] = 1;
            return t.pad(b, b, PadMode.EDGE);
        }
        int n = t.dim(axis);
        Tensor first = t.slice(axis, 0, 1);
        Tensor second = n > 1 ? t.slice(axis, 1, 2) : first;
        Tensor last = t.slice(axis, n - 1, n);
        Tensor beforeLast = n > 1 ? t.slice(axis, n - 2, n - 1) : last;
        Tensor low = ghost(lo, first, second, face, spatialAxis, component, sampling);
        Tensor high = ghost(hi, last, beforeLast, face, spatialAxis, component, sampling);
        return Tensor.concat(axis, low, t, high);
    }

    private static Tensor ghost(Side s, Tensor edge, Tensor inner, boolean face, int spatialAxis, int component,
            boolean sampling) {
        return switch (s.kind()) {
            case CONSTANT -> {
                Tensor c = constant(s, component, edge);
                yield face ? (sampling ? edge.zerosLike().add(c) : edge.mul(2).sub(inner)) : c.mul(2).sub(edge);
            }
            case ZERO_GRADIENT -> edge;
            case SYMMETRIC -> face ? inner.neg() : edge.mul(mirrorSign(spatialAxis, component, edge));
            case PERIODIC -> throw new IllegalStateException("periodic sides are padded by wrapping");
        };
    }

    private static Tensor constant(Side s, int component, Tensor like) {
        int channels = like.dim(-1);
        if (component >= 0 || s.valueCount() <= 1) {
            return Tensor.scalar(s.value(Math.max(component, 0)), like.dtype());
        }
        double[] v = new double[channels];
        for (int c = 0; c < channels; c++) {
            v[c] = s.value(c);
        }
        return Tensor.of(v, channels).cast(like.dtype());
    }

    private static Tensor mirrorSign(int spatialAxis, int component, Tensor like) {
        if (component >= 0) {
            return Tensor.scalar(component == spatialAxis ? -1 : 1, like.dtype());
        }
        // Channels form a vector only when there is one per axis ([batch, n..., channels]); a single channel is
        // a scalar, also on a 1-D grid.
        int channels = like.dim(-1);
        boolean vector = channels > 1 && channels == like.rank() - 2;
        double[] v = new double[channels];
        for (int c = 0; c < channels; c++) {
            v[c] = vector && c == spatialAxis ? -1 : 1;
        }
        return Tensor.of(v, channels).cast(like.dtype());
    }

    /** Wraps {@code before} cells from the end and {@code after} from the start around tensor axis {@code axis}. */
    static Tensor periodic(Tensor t, int axis, int before, int after) {
        int[] b = new int[t.rank()];
        int[] a = new int[t.rank()];
        b[axis] = before;
        a[axis] = after;
        return t.pad(b, a, PadMode.PERIODIC);
    }

    /** Means of neighbouring entries along {@code axis}: {@code (t[i] + t[i + 1]) / 2}, one entry fewer. */
    static Tensor pairMean(Tensor t, int axis) {
        int m = t.dim(axis);
        return t.slice(axis, 0, m - 1).add(t.slice(axis, 1, m)).mul(0.5);
    }

    /** Differences of neighbouring entries along {@code axis}: {@code t[i + 1] - t[i]}, one entry fewer. */
    static Tensor pairDiff(Tensor t, int axis) {
        int m = t.dim(axis);
        return t.slice(axis, 1, m).sub(t.slice(axis, 0, m - 1));
    }

    /**
     * Cell-located values to the faces along {@code axis}: n faces on a periodic axis, n + 1 otherwise (the
     * boundary faces take the wall value the conditions imply).
     */
    static Tensor cellsToFaces(Tensor t, int axis, int spatialAxis, Side lo, Side hi, int component) {
        if (lo.kind() == Side.Kind.PERIODIC) {
            return pairMean(periodic(t, axis, 1, 0), axis);
        }
        return pairMean(pad(t, axis, spatialAxis, lo, hi, false, component, false), axis);
    }

    /** Face-located values along {@code axis} to the cells between them. */
    static Tensor facesToCells(Tensor t, int axis, boolean periodicAxis) {
        return pairMean(periodicAxis ? periodic(t, axis, 0, 1) : t, axis);
    }
}
