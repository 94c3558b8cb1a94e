package dev.adjoint.physics;

import dev.adjoint.api.DType;
import dev.adjoint.api.Tensor;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A uniform Cartesian grid in 1 to 3 dimensions: a number of cells per axis over the box
 * {@code [lower, upper]}. Axis 0 is x, axis 1 is y, axis 2 is z; cell {@code i} along axis {@code d} covers
 * {@code [lower_d + i dx_d, lower_d + (i + 1) dx_d]}.
 */
public final class UniformGrid {
    private final int[] resolution;
    private final double[] lower;
    private final double[] upper;
    private final Map<String, Tensor> positionCache = new ConcurrentHashMap<>();

    private UniformGrid(int[] resolution, double[] lower, double[] upper) {
        if (resolution == null || lower == null || upper == null) {
            throw new IllegalArgumentException("UniformGrid: resolution, lower and upper must not be null");
        }
        if (resolution.length < 1 || resolution.length > 3) {
            throw new IllegalArgumentException("UniformGrid: " + resolution.length
                    + " dimensions; expected 1 to 3");
        }
        if (lower.length != resolution.length || upper.length != resolution.length) {
            throw new IllegalArgumentException("UniformGrid: resolution " + Arrays.toString(resolution)
                    + " has " + resolution.length + " axes but the bounds have " + lower.length + " and "
                    + upper.length + "; expected one bound per axis");
        }
        for (int d = 0; d < resolution.length; d++) {
            if (resolution[d] < 1) {
                throw new IllegalArgumentException("UniformGrid: resolution " + Arrays.toString(resolution)
                        + " has a non-positive axis " + d + "; expected at least one cell per axis");
            }
            if (!(upper[d] > lower[d]) || !Double.isFinite(upper[d] - lower[d])) {
                throw new IllegalArgumentException("UniformGrid: axis " + d + " has bounds [" + lower[d] + ", "
                        + upper[d] + "]; expected finite bounds with upper > lower");
            }
        }
        this.resolution = resolution.clone();
        this.lower = lower.clone();
        this.upper = upper.clone();
    }

    /** A grid of {@code resolution} cells over {@code [0, size]} per axis. */
    public static UniformGrid of(int[] resolution, double[] size) {
        return new UniformGrid(resolution, new double[size == null ? 0 : size.length], size);
    }

    /** A grid of {@code resolution} cells over {@code [lower, upper]} per axis. */
    public static UniformGrid of(int[] resolution, double[] lower, double[] upper) {
        return new UniformGrid(resolution, lower, upper);
    }

    /** A square (cube) grid of {@code n} cells per axis over {@code [0, size]^dims}. */
    public static UniformGrid square(int dims, int n, double size) {
        int[] res = new int[dims];
        double[] s = new double[dims];
        Arrays.fill(res, n);
        Arrays.fill(s, size);
        return of(res, s);
    }

    /** The number of spatial dimensions. */
    public int dims() {
        return resolution.length;
    }

    /** Cells along every axis (a copy). */
    public int[] resolution() {
        return resolution.clone();
    }

    /** Cells along {@code axis}. */
    public int resolution(int axis) {
        return resolution[axis];
    }

    /** The lower corner coordinate along {@code axis}. */
    public double lower(int axis) {
        return lower[axis];
    }

    /** The upper corner coordinate along {@code axis}. */
    public double upper(int axis) {
        return upper[axis];
    }

    /** The cell size along {@code axis}. */
    public double dx(int axis) {
        return (upper[axis] - lower[axis]) / resolution[axis];
    }

    /** The volume (area, length) of one cell. */
    public double cellVolume() {
        double v = 1;
        for (int d = 0; d < dims(); d++) {
            v *= dx(d);
        }
        return v;
    }

    /** The total number of cells. */
    public int cellCount() {
        int n = 1;
        for (int r : resolution) {
            n *= r;
        }
        return n;
    }

    /** The coordinate of cell centre {@code i} along {@code axis}. */
    public double center(int axis, int i) {
        return lower[axis] + (i + 0.5) * dx(axis);
    }

    /** The coordinates of all cell centres, {@code [n_0, ..., n_{d-1}, dims]}. */
    public Tensor cellCenters(DType dtype) {
        int[] sizes = resolution.clone();
        double[] offset = new double[dims()];
        Arrays.fill(offset, 0.5);
        return positions(sizes, offset, dtype);
    }

    /**
     * Coordinates of points on a lattice: entry {@code (i_0, ..., i_{d-1})} is at
     * {@code lower_d + (i_d + offset_d) dx_d}; the result is {@code [sizes..., dims]} (built once per lattice and
     * dtype, then shared: tensors are immutable).
     */
    public Tensor positions(int[] sizes, double[] offset, DType dtype) {
        String key = Arrays.toString(sizes) + Arrays.toString(offset) + dtype;
        return positionCache.computeIfAbsent(key, k -> computePositions(sizes, offset, dtype));
    }

    private Tensor computePositions(int[] sizes, double[] offset, DType dtype) {
        int n = 1;
        for (int s : sizes) {
            n *= s;
        }
        int dims = dims();
        double[] data = new double[n * dims];
        int[] idx = new int[dims];
        for (int flat = 0; flat < n; flat++) {
            int rem = flat;
            for (int d = dims - 1; d >= 0; d--) {
                idx[d] = rem % sizes[d];
                rem /= sizes[d];
            }
            for (int d = 0; d < dims; d++) {
                data[flat * dims + d] = lower[d] + (idx[d] + offset[d]) * dx(d);
            }
        }
        int[] shape = Arrays.copyOf(sizes, dims + 1);
        shape[dims] = dims;
        Tensor t = Tensor.of(data, shape);
        return dtype == DType.FLOAT64 ? t : t.cast(dtype);
    }

    /** Throws when {@code other} is not the same grid, naming both fields. */
    public void requireSame(UniformGrid other, String field, String otherField) {
        if (!equals(other)) {
            throw new IllegalArgumentException("field '" + otherField + "' lives on " + other + " but field '"
                    + field + "' lives on " + this + "; expected the same grid");
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof UniformGrid g && Arrays.equals(resolution, g.resolution)
                && Arrays.equals(lower, g.lower) && Arrays.equals(upper, g.upper);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(resolution) * 31 + Arrays.hashCode(upper);
    }

    @Override
    public String toString() {
        return "UniformGrid" + Arrays.toString(resolution) + " over " + Arrays.toString(lower) + ".."
                + Arrays.toString(upper);
    }
}
