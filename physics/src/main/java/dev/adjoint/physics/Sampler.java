package dev.adjoint.physics;

import dev.adjoint.api.Boundary;
import dev.adjoint.api.Tensor;

/** Multilinear lookups of lattice values at physical points with the api's grid sampling. */
final class Sampler {
    private Sampler() {
    }

    /** Samples cell-located values {@code [batch, n..., channels]}; component -1 means channel-wise. */
    static Tensor sampleCells(Tensor values, UniformGrid grid, Boundaries bc, int component, Tensor points,
            String name) {
        return sample(values, grid, bc, component, -1, points, name);
    }

    /**
     * Samples {@code values [batch, sizes..., channels]} at physical {@code points [batch, m, dims]}; the values
     * are face-located along {@code faceAxis} (-1: cell-located everywhere) and belong to vector component
     * {@code component} (-1: the channels are the components).
     */
    static Tensor sample(Tensor values, UniformGrid grid, Boundaries bc, int component, int faceAxis,
            Tensor points, String name) {
        int dims = grid.dims();
        if (points.rank() != 3 || points.dim(2) != dims
                || (points.dim(0) != values.dim(0) && points.dim(0) != 1)) {
            throw new IllegalArgumentException("field '" + name + "': points of shape " + points.shape()
                    + " do not fit values of shape " + values.shape() + "; expected physical points [batch, m, "
                    + dims + "] with batch " + values.dim(0) + " or 1");
        }
        if (points.dim(0) != values.dim(0)) {
            points = points.broadcastTo(values.dim(0), points.dim(1), dims);
        }
        Boundary[] modes = new Boundary[dims];
        double[] scale = new double[dims];
        double[] offset = new double[dims];
        Tensor padded = values;
        for (int d = 0; d < dims; d++) {
            boolean face = d == faceAxis;
            scale[d] = 1 / grid.dx(d);
            offset[d] = -grid.lower(d) / grid.dx(d) - (face ? 0 : 0.5);
            if (bc.isPeriodic(d)) {
                modes[d] = Boundary.PERIODIC;
            } else {
                modes[d] = Boundary.CLAMP;
                padded = Ghosts.pad(padded, d + 1, d, bc.lower(d), bc.upper(d), face, component, true);
                offset[d] += 1;
            }
        }
        Tensor s = Tensor.of(scale, dims).cast(points.dtype());
        Tensor o = Tensor.of(offset, dims).cast(points.dtype());
        return padded.sample(points.mul(s).add(o), modes);
    }
}
