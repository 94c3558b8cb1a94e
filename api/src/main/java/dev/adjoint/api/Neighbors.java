package dev.adjoint.api;

import dev.adjoint.api.spi.Backend;
import dev.adjoint.api.spi.NeighborList;
import java.util.Arrays;

/** Validation and dispatch of the radius-neighbour search over point sets. */
final class Neighbors {
    private static final String OP = "radiusNeighbors";

    private Neighbors() {
    }

    /**
     * For each query, the points within {@code radius} (inclusive) as a CSR graph; {@code box} (nullable)
     * makes every axis periodic with the given side lengths.
     */
    static NeighborGraph radius(Tensor points, Tensor queries, double radius, double[] box) {
        if (points.rank() != 2 || queries.rank() != 2 || points.dim(1) != queries.dim(1)
                || points.dim(1) < 1 || points.dim(1) > 3) {
            throw new OpException.ShapeException(OP, "points of shape " + points.shape() + " and queries of shape "
                    + queries.shape() + "; expected points [n, dims] and queries [m, dims] with the same dims in 1..3");
        }
        if (!points.dtype().isFloating() || points.dtype() != queries.dtype()) {
            throw new OpException.DTypeException(OP, "points " + points.dtype().label() + " " + points.shape()
                    + " and queries " + queries.dtype().label() + " " + queries.shape()
                    + "; expected both float32 or both float64");
        }
        int dims = points.dim(1);
        if (!(radius > 0.0) || !Double.isFinite(radius)) {
            throw new OpException(OP, "radius " + radius + "; expected a finite radius > 0");
        }
        if (box != null) {
            if (box.length != dims) {
                throw new OpException.ShapeException(OP, "periodic box " + Arrays.toString(box) + " has "
                        + box.length + " sides but points of shape " + points.shape() + " have " + dims
                        + " coordinates; expected one side length per axis");
            }
            for (double side : box) {
                if (!(side > 0.0) || !Double.isFinite(side)) {
                    throw new OpException(OP, "periodic box " + Arrays.toString(box)
                            + " has a side that is not a finite positive length");
                }
                if (!(radius < side / 2.0)) {
                    throw new OpException(OP, "radius " + radius + " is not below half of the periodic box side "
                            + side + " (box " + Arrays.toString(box) + "); the minimum image would be ambiguous");
                }
            }
        }
        Backend b = Tensor.commonBackend(OP, points, queries);
        int n = points.dim(0);
        int m = queries.dim(0);
        NeighborList list = b.radiusNeighbors(points.storage(), n, queries.storage(), m, dims, radius,
                box == null ? null : box.clone());
        Tensor rowOffsets = new Tensor(b, list.rowOffsets(), Shape.of(m + 1));
        Tensor columns = new Tensor(b, list.columns(), Shape.of(list.columns().size()));
        return new NeighborGraph(rowOffsets, columns);
    }
}
