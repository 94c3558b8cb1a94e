package dev.adjoint.physics;

import dev.adjoint.api.DType;
import dev.adjoint.api.Tensor;
import java.util.Arrays;

/**
 * The masks a staggered flow needs on one grid with one set of velocity boundaries and obstacles, built once
 * on the host: fluid cells, faces touching a solid cell, faces whose velocity is free (neither a wall nor an
 * obstacle), and the coefficients of the pressure Poisson operator. Every tensor has a leading batch axis of 1.
 */
final class FlowMasks {
    final UniformGrid grid;
    final Boundaries boundaries;
    final DType dtype;
    /** 1 in fluid cells, {@code [1, n...]}. */
    final Tensor fluid;
    /** 1 in solid cells, {@code [1, n...]}. */
    final Tensor solid;
    /** Per component: 0 on faces next to a solid cell, else 1 (component shape). */
    final Tensor[] keep;
    /** Per component: 1 where the face velocity is free, i.e. the pressure gradient acts. */
    final Tensor[] free;
    /** Per axis: the Poisson coefficient of the lower / upper neighbour of each cell, {@code [1, n...]}. */
    final Tensor[] lowCoefficient;
    final Tensor[] highCoefficient;
    /** The diagonal of the Poisson operator; solid cells get an identity-like row. */
    final Tensor diagonal;
    /** Whether the pressure is determined only up to a constant (no open boundary). */
    final boolean singular;
    final boolean hasObstacles;
    final int fluidCells;

    FlowMasks(UniformGrid grid, Boundaries boundaries, Geometry obstacle, DType dtype) {
        this.grid = grid;
        this.boundaries = boundaries;
        this.dtype = dtype;
        int dims = grid.dims();
        int[] res = grid.resolution();
        int n = grid.cellCount();
        boolean[] isSolid = new boolean[n];
        if (obstacle != null) {
            double[] mask = obstacle.cellMask(grid, DType.FLOAT64).toDoubleArray();
            for (int i = 0; i < n; i++) {
                isSolid[i] = mask[i] > 0.5;
            }
        }
        int count = 0;
        double[] fluidData = new double[n];
        double[] solidData = new double[n];
        for (int i = 0; i < n; i++) {
            fluidData[i] = isSolid[i] ? 0 : 1;
            solidData[i] = isSolid[i] ? 1 : 0;
            count += isSolid[i] ? 0 : 1;
        }
        if (count == 0) {
            throw new IllegalArgumentException("obstacles " + obstacle + " cover every cell of " + grid
                    + "; expected some fluid");
        }
        this.fluidCells = count;
        this.hasObstacles = count < n;
        int[] batched = prepend(res);
        this.fluid = tensor(fluidData, batched);
        this.solid = tensor(solidData, batched);
        boolean open = false;
        this.keep = new Tensor[dims];
        this.free = new Tensor[dims];
        this.lowCoefficient = new Tensor[dims];
        this.highCoefficient = new Tensor[dims];
        double[] diag = new double[n];
        int[] strides = new int[dims];
        int s = 1;
        for (int d = dims - 1; d >= 0; d--) {
            strides[d] = s;
            s *= res[d];
        }
        for (int d = 0; d < dims; d++) {
            boolean periodic = boundaries.isPeriodic(d);
            int[] faceShape = res.clone();
            faceShape[d] += periodic ? 0 : 1;
            int faces = 1;
            for (int f : faceShape) {
                faces *= f;
            }
            double[] keepData = new double[faces];
            double[] freeData = new double[faces];
            int[] idx = new int[dims];
            for (int f = 0; f < faces; f++) {
                int rem = f;
                for (int e = dims - 1; e >= 0; e--) {
                    idx[e] = rem % faceShape[e];
                    rem /= faceShape[e];
                }
                int k = idx[d];
                int base = 0;
                for (int e = 0; e < dims; e++) {
                    base += e == d ? 0 : idx[e] * strides[e];
                }
                int below = k - 1;
                int above = k;
                if (periodic) {
                    below = Math.floorMod(k - 1, res[d]);
                }
                boolean belowSolid = below >= 0 && isSolid[base + below * strides[d]];
                boolean aboveSolid = above < res[d] && isSolid[base + above * strides[d]];
                boolean touchesSolid = belowSolid || aboveSolid;
                keepData[f] = touchesSolid ? 0 : 1;
                boolean wall = false;
                if (!periodic && (k == 0 || k == res[d])) {
                    Side side = k == 0 ? boundaries.lower(d) : boundaries.upper(d);
                    wall = side.kind() != Side.Kind.ZERO_GRADIENT;
                    if (!wall && !touchesSolid) {
                        open = true;
                    }
                }
                freeData[f] = touchesSolid || wall ? 0 : 1;
            }
            int[] faceBatched = prepend(faceShape);
            keep[d] = tensor(keepData, faceBatched);
            free[d] = tensor(freeData, faceBatched);
            double[] low = new double[n];
            double[] high = new double[n];
            double inv = 1 / (grid.dx(d) * grid.dx(d));
            for (int c = 0; c < n; c++) {
                int i = (c / strides[d]) % res[d];
                int baseFace = faceIndex(c, d, i, res, faceShape, strides);
                int nextFace = periodic && i == res[d] - 1 ? faceIndex(c, d, 0, res, faceShape, strides)
                        : faceIndex(c, d, i + 1, res, faceShape, strides);
                low[c] = freeData[baseFace] * inv;
                high[c] = freeData[nextFace] * inv;
                diag[c] += low[c] + high[c];
            }
            lowCoefficient[d] = tensor(low, batched);
            highCoefficient[d] = tensor(high, batched);
        }
        double solidDiag = 0;
        for (int d = 0; d < dims; d++) {
            solidDiag += 2 / (grid.dx(d) * grid.dx(d));
        }
        for (int c = 0; c < n; c++) {
            if (isSolid[c]) {
                diag[c] = solidDiag;
            } else if (diag[c] == 0) {
                diag[c] = solidDiag;
            }
        }
        this.diagonal = tensor(diag, batched);
        this.singular = !open;
    }

    private static int faceIndex(int cell, int d, int k, int[] res, int[] faceShape, int[] strides) {
        int dims = res.length;
        int f = 0;
        for (int e = 0; e < dims; e++) {
            int i = e == d ? k : (cell / strides[e]) % res[e];
            f = f * faceShape[e] + i;
        }
        return f;
    }

    private static int[] prepend(int[] shape) {
        int[] out = new int[shape.length + 1];
        out[0] = 1;
        System.arraycopy(shape, 0, out, 1, shape.length);
        return out;
    }

    private Tensor tensor(double[] data, int[] shape) {
        Tensor t = Tensor.of(data, shape);
        return dtype == DType.FLOAT64 ? t : t.cast(dtype);
    }

    /** Whether these masks were built for the given layout. */
    boolean matches(UniformGrid g, Boundaries b, DType dt) {
        return grid.equals(g) && boundaries.equals(b) && dtype == dt;
    }

    @Override
    public String toString() {
        return "FlowMasks" + Arrays.toString(grid.resolution()) + " fluid " + fluidCells;
    }
}
