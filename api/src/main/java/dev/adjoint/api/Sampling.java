package dev.adjoint.api;

import dev.adjoint.api.spi.Backend;
import dev.adjoint.api.spi.SampleSpec;
import java.util.Arrays;

/**
 * Validation, dispatch and gradients of multilinear grid sampling at points and of its adjoint.
 *
 * <p>Gradients: {@code sample} is linear in the grid, so the grid's cotangent is {@code sampleAdjoint} of the
 * output's cotangent, and {@code sampleAdjoint} is linear in the values, whose cotangent is {@code sample} of
 * the grid's cotangent. The derivative with respect to a point coordinate {@code x_a} is exact for
 * multilinear interpolation: with {@code i0 = floor(x_a)} it is {@code sample(grid, p_hi) - sample(grid, p_lo)},
 * where {@code p_hi} / {@code p_lo} are the point with coordinate {@code a} set to {@code i0 + 1} / {@code i0}
 * (the weights of the other axes do not depend on {@code x_a}). It is built from recorded ops, so gradients of
 * gradients work (the second derivative along one axis is zero, the interpolation being piecewise linear).
 * Conventions at the kinks: on a node ({@code x_a} an integer) this is the one-sided derivative from the right;
 * CLAMP gives zero outside {@code [0, size - 1]} and at {@code x_a = size - 1}, ZERO gives zero for
 * {@code x_a < -1} and {@code x_a >= size} (both by the sampling itself: there both ends read the same clamped
 * node, or both read zero), and an infinite coordinate gets a zero derivative with these two boundaries.
 */
final class Sampling {
    private static final String LAYOUTS = "expected a grid [size..., channels] with points [n, dims] (unbatched)"
            + " or a grid [batch, size..., channels] with points [batch, n, dims] (batched), dims in 1..3";

    private Sampling() {
    }

    /** Interpolates {@code grid} at {@code points}; see {@link Tensor#sample}. */
    static Tensor sample(Tensor grid, Tensor points, Boundary[] boundary) {
        String op = "sample";
        requireFloats(op, grid, points, "grid", "points");
        int dims = spatialDims(op, points, grid.shape(), "grid");
        boolean batched;
        if (grid.rank() == dims + 1 && points.rank() == 2) {
            batched = false;
        } else if (grid.rank() == dims + 2 && points.rank() == 3 && grid.dim(0) == points.dim(0)) {
            batched = true;
        } else {
            String batch = grid.rank() == dims + 2 && points.rank() == 3
                    ? " (batch sizes " + grid.dim(0) + " and " + points.dim(0) + " differ)" : "";
            throw new OpException.ShapeException(op, "grid of shape " + grid.shape() + " and points of shape "
                    + points.shape() + " do not fit" + batch + "; " + LAYOUTS);
        }
        int[] g = grid.shape().dims();
        int batch = batched ? g[0] : 1;
        int[] size = Arrays.copyOfRange(g, batched ? 1 : 0, g.length - 1);
        int channels = g[g.length - 1];
        int n = points.dim(-2);
        Boundary[] perAxis = boundaries(op, boundary, dims);
        requireSamplable(op, size, perAxis, "grid of shape " + grid.shape());
        SampleSpec spec = new SampleSpec(batch, size, channels, n, perAxis);
        Backend b = Tensor.commonBackend(op, grid, points);
        Shape out = batched ? Shape.of(batch, n, channels) : Shape.of(n, channels);
        Tensor result = new Tensor(b, b.gridSample(grid.storage(), points.storage(), spec), out);
        return Autodiff.record(op, result, new Tensor[] {grid, points}, (gOut, needed) -> new Tensor[] {
            needed[0] ? sampleAdjoint(gOut, points, size, perAxis) : null,
            needed[1] ? pointsGradient(grid, points, gOut, perAxis) : null});
    }

    /** Spreads {@code values} onto a zero grid of spatial size {@code gridSize}; see {@link Tensor#sampleAdjoint}. */
    static Tensor sampleAdjoint(Tensor values, Tensor points, int[] gridSize, Boundary[] boundary) {
        String op = "sampleAdjoint";
        requireFloats(op, values, points, "values", "points");
        if (gridSize == null) {
            throw new OpException.ShapeException(op, "gridSize is null; expected the spatial sizes of the grid");
        }
        int dims = spatialDims(op, points, values.shape(), "values");
        boolean batched;
        if (values.rank() == 2 && points.rank() == 2 && values.dim(0) == points.dim(0)) {
            batched = false;
        } else if (values.rank() == 3 && points.rank() == 3 && values.dim(0) == points.dim(0)
                && values.dim(1) == points.dim(1)) {
            batched = true;
        } else {
            throw new OpException.ShapeException(op, "values of shape " + values.shape() + " and points of shape "
                    + points.shape() + " do not fit; expected values [n, channels] with points [n, dims]"
                    + " (unbatched) or values [batch, n, channels] with points [batch, n, dims] (batched)");
        }
        if (gridSize.length != dims) {
            throw new OpException.ShapeException(op, "gridSize " + Arrays.toString(gridSize) + " has "
                    + gridSize.length + " entries but points of shape " + points.shape() + " have " + dims
                    + " coordinates; expected one size per spatial axis");
        }
        for (int s : gridSize) {
            if (s < 0) {
                throw new OpException.ShapeException(op, "gridSize " + Arrays.toString(gridSize)
                        + " has a negative entry; expected sizes >= 0");
            }
        }
        Boundary[] perAxis = boundaries(op, boundary, dims);
        requireSamplable(op, gridSize, perAxis, "gridSize " + Arrays.toString(gridSize));
        int batch = batched ? values.dim(0) : 1;
        int channels = values.dim(-1);
        int n = points.dim(-2);
        int[] outDims = new int[dims + (batched ? 2 : 1)];
        if (batched) {
            outDims[0] = batch;
        }
        System.arraycopy(gridSize, 0, outDims, batched ? 1 : 0, dims);
        outDims[outDims.length - 1] = channels;
        Shape out = Shape.of(outDims);
        SampleSpec spec = new SampleSpec(batch, gridSize.clone(), channels, n, perAxis);
        Backend b = Tensor.commonBackend(op, values, points);
        Tensor result = new Tensor(b, b.gridSampleAdjoint(values.storage(), points.storage(), spec), out);
        return Autodiff.record(op, result, new Tensor[] {values, points}, (gGrid, needed) -> new Tensor[] {
            needed[0] ? sample(gGrid, points, perAxis) : null,
            needed[1] ? pointsGradient(gGrid, points, values, perAxis) : null});
    }

    /**
     * {@code sum over channels of weights * d sample(grid, points) / d points}, of the points' shape: for
     * every axis {@code a} the difference of the samples at the point moved to the nodes {@code floor(x_a) + 1}
     * and {@code floor(x_a)} of that axis (the right derivative on a node).
     */
    private static Tensor pointsGradient(Tensor grid, Tensor points, Tensor weights, Boundary[] perAxis) {
        int dims = perAxis.length;
        Backend b = points.backend();
        Tensor lo = points.floor();
        Tensor hi = lo.add(1.0);
        Tensor result = null;
        for (int a = 0; a < dims; a++) {
            int[] mask = new int[dims];
            mask[a] = 1;
            double[] unit = new double[dims];
            unit[a] = 1.0;
            Tensor column = Tensor.of(mask, dims).to(b);
            Tensor pLo = Tensor.where(column, lo, points);
            Tensor pHi = Tensor.where(column, hi, points);
            Tensor slope = sample(grid, pHi, perAxis).sub(sample(grid, pLo, perAxis));
            Tensor perPoint = weights.mul(slope).sum(new int[] {-1}, true);
            Tensor term = perPoint.mul(Tensor.of(unit, dims).to(b).cast(points.dtype()));
            result = result == null ? term : result.add(term);
        }
        return result;
    }

    private static void requireFloats(String op, Tensor data, Tensor points, String dataName, String pointsName) {
        if (!data.dtype().isFloating() || !points.dtype().isFloating()) {
            throw new OpException.DTypeException(op, dataName + " " + data.dtype().label() + " " + data.shape()
                    + " and " + pointsName + " " + points.dtype().label() + " " + points.shape()
                    + "; expected float32 or float64, cast first");
        }
        if (data.dtype() != points.dtype()) {
            throw new OpException.DTypeException(op, "dtypes " + data.dtype().label() + " and "
                    + points.dtype().label() + " differ (" + dataName + " " + data.shape() + ", " + pointsName
                    + " " + points.shape() + "); expected equal dtypes, cast one operand first");
        }
    }

    /** The number of coordinates per point, {@code points.dim(-1)}, checked to lie in 1..3. */
    private static int spatialDims(String op, Tensor points, Shape other, String otherName) {
        int dims = points.rank() == 0 ? -1 : points.dim(-1);
        if (dims < 1 || dims > 3) {
            throw new OpException.ShapeException(op, "points of shape " + points.shape() + " (with " + otherName
                    + " of shape " + other + ") must end in 1, 2 or 3 coordinates; " + LAYOUTS);
        }
        return dims;
    }

    /** One boundary per spatial axis from none (CLAMP), one for all, or one each. */
    private static Boundary[] boundaries(String op, Boundary[] boundary, int dims) {
        Boundary[] out = new Boundary[dims];
        if (boundary == null || boundary.length == 0) {
            Arrays.fill(out, Boundary.CLAMP);
            return out;
        }
        if (boundary.length != 1 && boundary.length != dims) {
            throw new OpException(op, boundary.length + " boundaries " + Arrays.toString(boundary) + " for "
                    + dims + " spatial axes; expected none (CLAMP), one for every axis, or " + dims);
        }
        for (int d = 0; d < dims; d++) {
            out[d] = boundary[boundary.length == 1 ? 0 : d];
            if (out[d] == null) {
                throw new OpException(op, "boundary " + Arrays.toString(boundary) + " holds null; expected "
                        + Arrays.toString(Boundary.values()));
            }
        }
        return out;
    }

    /** An empty spatial axis can only be read with the ZERO boundary (everything outside is zero). */
    private static void requireSamplable(String op, int[] size, Boundary[] perAxis, String what) {
        for (int d = 0; d < size.length; d++) {
            if (size[d] == 0 && perAxis[d] != Boundary.ZERO) {
                throw new OpException.ShapeException(op, what + " has an empty spatial axis " + d
                        + " with boundary " + perAxis[d] + "; expected size >= 1, or the ZERO boundary");
            }
        }
    }
}
