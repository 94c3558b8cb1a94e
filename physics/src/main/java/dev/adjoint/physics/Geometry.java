package dev.adjoint.physics;

import dev.adjoint.api.DType;
import dev.adjoint.api.Tensor;
import java.util.Arrays;
import java.util.List;

/**
 * A solid region of space (boxes, spheres and their unions) that can be rasterised onto a grid: as a cell
 * mask (cell centre inside) or as the covered fraction of each cell. Rasterising reads no tensors and runs
 * once per set-up.
 */
public interface Geometry {
    /** Whether the point {@code x} (one coordinate per axis) lies inside. */
    boolean contains(double[] x);

    /** The number of axes the geometry is defined in. */
    int dims();

    /** The axis-aligned box {@code [lower, upper]}. */
    static Geometry box(double[] lower, double[] upper) {
        if (lower == null || upper == null || lower.length != upper.length || lower.length < 1) {
            throw new IllegalArgumentException("Geometry.box: lower " + Arrays.toString(lower) + " and upper "
                    + Arrays.toString(upper) + " must have one entry per axis");
        }
        double[] lo = lower.clone();
        double[] hi = upper.clone();
        return new Geometry() {
            @Override
            public boolean contains(double[] x) {
                for (int d = 0; d < lo.length; d++) {
                    if (x[d] < lo[d] || x[d] > hi[d]) {
                        return false;
                    }
                }
                return true;
            }

            @Override
            public int dims() {
                return lo.length;
            }

            @Override
            public String toString() {
                return "box " + Arrays.toString(lo) + ".." + Arrays.toString(hi);
            }
        };
    }

    /** The closed ball of {@code radius} around {@code center}. */
    static Geometry sphere(double[] center, double radius) {
        if (center == null || center.length < 1 || !(radius > 0)) {
            throw new IllegalArgumentException("Geometry.sphere: center " + Arrays.toString(center) + ", radius "
                    + radius + "; expected a centre with one entry per axis and a positive radius");
        }
        double[] c = center.clone();
        return new Geometry() {
            @Override
            public boolean contains(double[] x) {
                double s = 0;
                for (int d = 0; d < c.length; d++) {
                    s += (x[d] - c[d]) * (x[d] - c[d]);
                }
                return s <= radius * radius;
            }

            @Override
            public int dims() {
                return c.length;
            }

            @Override
            public String toString() {
                return "sphere " + Arrays.toString(c) + " r=" + radius;
            }
        };
    }

    /** The union of the given geometries (all of one dimension). */
    static Geometry union(Geometry... parts) {
        if (parts == null || parts.length == 0) {
            throw new IllegalArgumentException("Geometry.union: no parts given");
        }
        List<Geometry> list = List.of(parts);
        int dims = parts[0].dims();
        for (Geometry g : list) {
            if (g.dims() != dims) {
                throw new IllegalArgumentException("Geometry.union: parts of " + dims + " and " + g.dims()
                        + " dimensions; expected one dimension");
            }
        }
        return new Geometry() {
            @Override
            public boolean contains(double[] x) {
                for (Geometry g : list) {
                    if (g.contains(x)) {
                        return true;
                    }
                }
                return false;
            }

            @Override
            public int dims() {
                return dims;
            }

            @Override
            public String toString() {
                return "union " + list;
            }
        };
    }

    /** 1 where the cell centre lies inside, else 0: {@code [n...]}. */
    default Tensor cellMask(UniformGrid grid, DType dtype) {
        return coverage(grid, 1, dtype);
    }

    /**
     * The fraction of each cell that lies inside, estimated with {@code samples^dims} evenly spaced points per
     * cell (1 sample: the cell centre): {@code [n...]}.
     */
    default Tensor coverage(UniformGrid grid, int samples, DType dtype) {
        requireDims(grid);
        if (samples < 1) {
            throw new IllegalArgumentException("coverage: samples " + samples + "; expected at least 1");
        }
        int dims = grid.dims();
        int n = grid.cellCount();
        int[] res = grid.resolution();
        double[] out = new double[n];
        int[] idx = new int[dims];
        int[] sub = new int[dims];
        double[] x = new double[dims];
        int perCell = (int) Math.pow(samples, dims);
        for (int flat = 0; flat < n; flat++) {
            int rem = flat;
            for (int d = dims - 1; d >= 0; d--) {
                idx[d] = rem % res[d];
                rem /= res[d];
            }
            int inside = 0;
            for (int s = 0; s < perCell; s++) {
                int r = s;
                for (int d = 0; d < dims; d++) {
                    sub[d] = r % samples;
                    r /= samples;
                    x[d] = grid.lower(d) + (idx[d] + (sub[d] + 0.5) / samples) * grid.dx(d);
                }
                if (contains(x)) {
                    inside++;
                }
            }
            out[flat] = (double) inside / perCell;
        }
        Tensor t = Tensor.of(out, res);
        return dtype == DType.FLOAT64 ? t : t.cast(dtype);
    }

    private void requireDims(UniformGrid grid) {
        if (grid.dims() != dims()) {
            throw new IllegalArgumentException("geometry " + this + " has " + dims() + " dimensions but " + grid
                    + " has " + grid.dims());
        }
    }
}
