package dev.adjoint.nn;

import dev.adjoint.api.Autodiff;
import dev.adjoint.api.Boundary;
import dev.adjoint.api.DType;
import dev.adjoint.api.OpException;
import dev.adjoint.api.Params;
import dev.adjoint.api.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** The computations and checks the point convolutions share. */
final class PointConvSupport {
    private PointConvSupport() {
    }

    /**
     * The filter-grid convolution of CConv: {@code out_i = sum_j a_ij v_ij^T G(map((x_j - x_i) / R))} with
     * {@code v_ij = f_j}, or {@code f_i + f_j} when {@code pairSum}, for a grid {@code weight [K..., in,
     * out]} read by multilinear interpolation with aligned corners. The geometry (window, mapping, grid
     * coordinates) is computed once per edge; per chunk of queries the interpolation weights of each pair are
     * spread onto a per-query grid {@code [rows, K..., in]} by {@code sampleAdjoint} (no per-pair copy of the
     * filter), which one matrix product then contracts with the filter.
     */
    static Tensor filterGrid(Tensor weight, PointNeighborhood nb, Tensor features, double radius,
            int[] kernel, PointWindow window, BallToCube mapping, boolean includeSelf, boolean pairSum,
            boolean normalize) {
        int in = features.dim(1);
        int d = kernel.length;
        int cells = cells(kernel);
        Tensor filter = weight.reshape(cells * in, weight.dim(d + 1));
        Tensor p = nb.edgeOffsets().div(radius);
        Tensor a = nb.padEdges(edgeWindow(nb, window, p, includeSelf));
        Tensor grid = nb.padEdges(gridCoordinates(mapping.map(p), kernel));
        List<Tensor> outs = new ArrayList<>();
        for (PointNeighborhood.Chunk c : nb.chunks()) {
            Tensor slotWindow = nb.toSlots(c, a);
            Tensor values = nb.gatherNeighbors(c, features);
            if (pairSum) {
                values = values.add(nb.gatherQueries(c, features).reshape(c.rows(), 1, in));
            }
            Tensor spread = spread(values.mul(slotWindow), nb.toSlots(c, grid), kernel);
            Tensor out = spread.reshape(c.rows(), cells * in).matmul(filter);
            if (normalize) {
                Tensor psi = slotWindow.sum(new int[] {1}, false);
                out = out.div(Tensor.where(psi.gt(0.0), psi, psi.onesLike()));
            }
            outs.add(out);
        }
        return joinChunks(nb, outs, features.dtype(), weight.dim(d + 1));
    }

    /** The chunks' outputs {@code [rows, out]} joined and put back in query order; {@code [0, out]} if none. */
    static Tensor joinChunks(PointNeighborhood nb, List<Tensor> outs, DType dtype, int out) {
        if (outs.isEmpty()) {
            return Tensor.zeros(dtype, 0, out).to(nb.points().backend());
        }
        return nb.unsort(outs.size() == 1 ? outs.get(0) : Tensor.concat(0, outs.toArray(Tensor[]::new)));
    }

    /**
     * {@code values [m, width, c]} spread onto grids {@code [m, K..., c]} at grid coordinates {@code points
     * [m, width, dims]} (clamped to the grid), i.e. {@code sampleAdjoint}, with a cheaper gradient for the points:
     * along axis {@code a} the derivative of multilinear interpolation is the interpolation of the grid's
     * forward difference along {@code a} at the point moved to its node {@code floor(x_a)}, one sample per
     * axis instead of two.
     */
    static Tensor spread(Tensor values, Tensor points, int[] kernel) {
        return Autodiff.customGradient("pointSpread",
                xs -> xs[0].sampleAdjoint(xs[1], kernel, Boundary.CLAMP),
                (xs, out, g) -> new Tensor[] {
                    xs[0].requiresGrad() ? g.sample(xs[1], Boundary.CLAMP) : null,
                    xs[1].requiresGrad() ? spreadPointsGradient(g, xs[0], xs[1], kernel) : null},
                values, points);
    }

    private static Tensor spreadPointsGradient(Tensor gGrid, Tensor values, Tensor points, int[] kernel) {
        int d = kernel.length;
        int last = points.rank() - 1;
        double[] top = new double[d];
        for (int a = 0; a < d; a++) {
            top[a] = Math.max(0, kernel[a] - 2);
        }
        Tensor nodes = points.floor().minimum(Tensor.of(top, d).cast(points.dtype()).to(points.backend()))
                .maximum(0.0);
        Tensor[] parts = new Tensor[d];
        for (int a = 0; a < d; a++) {
            if (kernel[a] < 2) {
                parts[a] = points.slice(last, a, a + 1).zerosLike();
                continue;
            }
            Tensor diff = gGrid.slice(a + 1, 1, kernel[a]).sub(gGrid.slice(a + 1, 0, kernel[a] - 1));
            int[] column = new int[d];
            column[a] = 1;
            Tensor moved = d == 1 ? nodes : Tensor.where(Tensor.of(column).to(points.backend()), nodes, points);
            parts[a] = values.mul(diff.sample(moved, Boundary.CLAMP)).sum(new int[] {last}, true);
        }
        return d == 1 ? parts[0] : Tensor.concat(last, parts);
    }

    /**
     * The window {@code [edges, 1]} of every CSR edge at its normalised offset {@code p [edges, dims]}, zero on
     * self-pairs unless {@code includeSelf} (no mask to apply when every edge is kept).
     */
    static Tensor edgeWindow(PointNeighborhood nb, PointWindow window, Tensor p, boolean includeSelf) {
        Tensor a = window(window, p);
        return includeSelf || !nb.sameSet() ? a : a.mul(nb.edgeMask(false));
    }

    /** The window of normalised offsets {@code p [..., dims]}, {@code [..., 1]}. */
    static Tensor window(PointWindow window, Tensor p) {
        Tensor sq = p.square().sum(new int[] {p.rank() - 1}, true);
        Tensor r = window.needsDistance() ? BallToCube.safeSqrt(sq) : sq;
        return window.of(sq, r);
    }

    /**
     * Grid index coordinates {@code (u + 0.5) (K - 1)} of cube points {@code u [..., dims]} whose components
     * are (x, y, z), reordered to the grid's axis order (z, y, x). Round-off may put a coordinate a hair outside
     * {@code [0, K - 1]}; the interpolation clamps it.
     */
    static Tensor gridCoordinates(Tensor u, int[] kernel) {
        int d = kernel.length;
        int last = u.rank() - 1;
        Tensor reordered = u;
        if (d > 1) {
            int[] reversed = new int[d];
            for (int a = 0; a < d; a++) {
                reversed[a] = d - 1 - a;
            }
            reordered = u.gather(last, Tensor.of(reversed).to(u.backend()));
        }
        double[] scale = new double[d];
        for (int a = 0; a < d; a++) {
            scale[a] = kernel[a] - 1;
        }
        Tensor s = Tensor.of(scale, d).cast(u.dtype()).to(u.backend());
        return reordered.add(0.5).mul(s);
    }

    /** Checks that the features fit the neighbourhood and the layer, and the dtypes agree. */
    static void requireInput(String op, PointNeighborhood nb, Tensor features, int dims, int in, Params params,
            String... names) {
        if (nb == null || features == null) {
            throw new IllegalArgumentException(op + ": neighborhood and features must not be null");
        }
        if (nb.dims() != dims) {
            throw new OpException.ShapeException(op, "points of shape " + nb.points().shape() + " have "
                    + nb.dims() + " coordinates; the layer is " + dims + "-dimensional");
        }
        if (features.rank() != 2 || features.dim(0) != nb.pointCount() || features.dim(1) != in) {
            throw new OpException.ShapeException(op, "features of shape " + features.shape() + " for "
                    + nb.pointCount() + " points; expected [" + nb.pointCount() + ", " + in + "]");
        }
        DType dtype = nb.points().dtype();
        if (features.dtype() != dtype || nb.queries().dtype() != dtype) {
            throw new OpException.DTypeException(op, "features " + features.dtype().label() + ", points "
                    + dtype.label() + ", queries " + nb.queries().dtype().label() + "; expected one float dtype");
        }
        for (String name : names) {
            Tensor t = params.get(name);
            if (t.dtype() != dtype) {
                throw new OpException.DTypeException(op, "parameter " + name + " is " + t.dtype().label()
                        + " but the points are " + dtype.label() + "; expected one float dtype");
            }
        }
    }

    /** Checks a parameter's shape. */
    static Tensor requireShape(String op, Params params, String name, int... shape) {
        Tensor t = params.get(name);
        if (!Arrays.equals(t.shape().dims(), shape)) {
            throw new OpException.ShapeException(op, "parameter " + name + " of shape " + t.shape()
                    + "; expected " + Arrays.toString(shape));
        }
        return t;
    }

    /** Checks a radius: finite and positive. */
    static double requireRadius(String op, double radius) {
        if (!(radius > 0.0) || !Double.isFinite(radius)) {
            throw new IllegalArgumentException(op + ": radius " + radius + "; expected a finite radius > 0");
        }
        return radius;
    }

    /** Checks the neighbourhood's radius equals the layer's. */
    static void requireSameRadius(String op, PointNeighborhood nb, double radius) {
        if (nb.radius() != radius) {
            throw new IllegalArgumentException(op + ": neighborhood searched with radius " + nb.radius()
                    + " but the layer's radius is " + radius + "; expected the same radius");
        }
    }

    /** The number of cells {@code prod(sizes)} of a filter grid or basis. */
    static int cells(int[] sizes) {
        int c = 1;
        for (int k : sizes) {
            c *= k;
        }
        return c;
    }

    /** The weight shape {@code [sizes..., in, out]}. */
    static int[] weightShape(int[] sizes, int in, int out) {
        int[] shape = Arrays.copyOf(sizes, sizes.length + 2);
        shape[sizes.length] = in;
        shape[sizes.length + 1] = out;
        return shape;
    }

    /** Checks 1 to 3 filter grid sizes, each >= 1, and returns a copy. */
    static int[] checkKernel(String op, int[] kernel) {
        if (kernel == null || kernel.length < 1 || kernel.length > 3) {
            throw new IllegalArgumentException(op + ": kernel " + Arrays.toString(kernel)
                    + "; expected 1 to 3 grid sizes, one per spatial dimension");
        }
        for (int k : kernel) {
            if (k < 1) {
                throw new IllegalArgumentException(op + ": kernel " + Arrays.toString(kernel)
                        + "; expected sizes >= 1");
            }
        }
        return kernel.clone();
    }

    /** Checks dims in 1..3 and channel counts >= 1. */
    static void requireSizes(String op, int dims, int in, int out) {
        if (dims < 1 || dims > 3 || in < 1 || out < 1) {
            throw new IllegalArgumentException(op + ": dims " + dims + ", in " + in + ", out " + out
                    + "; expected dims in 1..3 and in, out >= 1");
        }
    }
}
