package dev.adjoint.physics;

import dev.adjoint.api.Tensor;

/**
 * Differential operators and resampling on centred and staggered fields, built from whole-tensor slices,
 * ghost layers and arithmetic (differentiable and batched). Second-order central differences throughout;
 * boundary conditions enter through ghost layers (a constant side fixes the value at the wall).
 */
public final class Operators {
    private Operators() {
    }

    /** The divergence of a staggered field at the cell centres, {@code [batch, n...]}. */
    static Tensor divergenceValues(StaggeredGrid v) {
        UniformGrid g = v.grid();
        Tensor div = null;
        for (int d = 0; d < g.dims(); d++) {
            Tensor c = v.component(d);
            Tensor faces = v.boundaries().isPeriodic(d) ? Ghosts.periodic(c, d + 1, 0, 1) : c;
            Tensor term = Ghosts.pairDiff(faces, d + 1).div(g.dx(d));
            div = div == null ? term : div.add(term);
        }
        return div;
    }

    /** The divergence of a staggered field: a scalar centred field (zero-gradient or periodic boundaries). */
    public static CenteredGrid divergence(StaggeredGrid v) {
        return CenteredGrid.scalar("div " + v.name(), v.grid(), divergenceValues(v),
                scalarBoundaries(v.boundaries()));
    }

    /**
     * The gradient of a scalar centred field on the faces: a staggered field with the scalar's boundaries
     * (the boundary faces difference against the ghost values the conditions imply).
     */
    public static StaggeredGrid gradient(CenteredGrid f) {
        requireScalar(f, "gradient");
        UniformGrid g = f.grid();
        Boundaries b = f.boundaries();
        // The channel axis stays until the end, so that the ghosts treat the values as a scalar (even at
        // symmetric walls), not as a vector component.
        Tensor s = f.values();
        Tensor[] c = new Tensor[g.dims()];
        for (int d = 0; d < c.length; d++) {
            int axis = d + 1;
            Tensor padded = b.isPeriodic(d) ? Ghosts.periodic(s, axis, 1, 0)
                    : Ghosts.pad(s, axis, d, b.lower(d), b.upper(d), false, -1, false);
            c[d] = Ghosts.pairDiff(padded, axis).div(g.dx(d)).squeeze(s.rank() - 1);
        }
        return StaggeredGrid.of("grad " + f.name(), g, c, b);
    }

    /**
     * The gradient of every channel of a centred field by central differences at the cell centres:
     * {@code [batch, n..., channels * dims]} with channel {@code c * dims + d} = {@code d f_c / d x_d}.
     */
    public static CenteredGrid centeredGradient(CenteredGrid f) {
        UniformGrid g = f.grid();
        int dims = g.dims();
        int channels = f.channels();
        Tensor v = f.values();
        Tensor[] parts = new Tensor[dims];
        for (int d = 0; d < dims; d++) {
            parts[d] = centralDifference(v, d + 1, d, f.boundaries(), false, -1, g.dx(d));
        }
        Tensor stacked = Tensor.stack(v.rank(), parts);
        int[] shape = CenteredGrid.shape(g, f.batch(), channels * dims);
        return CenteredGrid.of("grad " + f.name(), g, stacked.reshape(shape),
                vectorBoundaries(f.boundaries(), channels * dims));
    }

    /** The Laplacian of every channel of a centred field, with the field's boundaries. */
    public static CenteredGrid laplacian(CenteredGrid f) {
        UniformGrid g = f.grid();
        Tensor v = f.values();
        Tensor out = null;
        for (int d = 0; d < g.dims(); d++) {
            Tensor term = secondDifference(v, d + 1, d, f.boundaries(), false, -1, g.dx(d));
            out = out == null ? term : out.add(term);
        }
        return f.withValues(out);
    }

    /** The Laplacian of every component of a staggered field at its own faces. */
    public static StaggeredGrid laplacian(StaggeredGrid v) {
        UniformGrid g = v.grid();
        Tensor[] c = new Tensor[g.dims()];
        for (int comp = 0; comp < c.length; comp++) {
            Tensor out = null;
            for (int d = 0; d < g.dims(); d++) {
                Tensor term = secondDifference(v.component(comp), d + 1, d, v.boundaries(), d == comp, comp,
                        g.dx(d));
                out = out == null ? term : out.add(term);
            }
            c[comp] = out;
        }
        return v.withComponents(c);
    }

    /** The velocity at the cell centres: the mean of the two faces around each cell, per component. */
    public static CenteredGrid toCentered(StaggeredGrid v) {
        UniformGrid g = v.grid();
        Tensor[] parts = new Tensor[g.dims()];
        for (int d = 0; d < parts.length; d++) {
            parts[d] = Ghosts.facesToCells(v.component(d), d + 1, v.boundaries().isPeriodic(d));
        }
        return CenteredGrid.of(v.name(), g, Tensor.stack(g.dims() + 1, parts), v.boundaries());
    }

    /** A centred vector field on the faces: the mean of the two cells around each face (ghosts at walls). */
    public static StaggeredGrid toStaggered(CenteredGrid f) {
        UniformGrid g = f.grid();
        int dims = g.dims();
        if (f.channels() != dims) {
            throw new IllegalArgumentException("toStaggered: field '" + f.name() + "' has " + f.channels()
                    + " channels; expected a vector field with " + dims);
        }
        Tensor[] c = new Tensor[dims];
        for (int d = 0; d < dims; d++) {
            Tensor comp = f.values().select(dims + 1, d);
            c[d] = Ghosts.cellsToFaces(comp, d + 1, d, f.boundaries().lower(d), f.boundaries().upper(d), d);
        }
        return StaggeredGrid.of(f.name(), g, c, f.boundaries());
    }

    /**
     * A scalar centred field resampled onto the faces normal to {@code axis}, in the layout of component
     * {@code axis} of a staggered field with {@code layout} boundaries (for forces such as buoyancy).
     */
    public static Tensor atFaces(CenteredGrid f, int axis, Boundaries layout) {
        requireScalar(f, "atFaces");
        if (layout.isPeriodic(axis) != f.boundaries().isPeriodic(axis)) {
            throw new IllegalArgumentException("atFaces: field '" + f.name() + "' is "
                    + (f.boundaries().isPeriodic(axis) ? "" : "not ") + "periodic along axis " + axis
                    + " but the target layout " + layout + " is " + (layout.isPeriodic(axis) ? "" : "not ")
                    + "periodic; expected matching periodicity");
        }
        Tensor s = f.values();
        return Ghosts.cellsToFaces(s, axis + 1, axis, f.boundaries().lower(axis), f.boundaries().upper(axis), -1)
                .squeeze(s.rank() - 1);
    }

    /**
     * The vorticity {@code dv/dx - du/dy} of a 2-D staggered field at the cell centres (central differences of
     * the centred velocity).
     */
    public static CenteredGrid vorticity(StaggeredGrid v) {
        UniformGrid g = v.grid();
        if (g.dims() != 2) {
            throw new IllegalArgumentException("vorticity: field '" + v.name() + "' lives on a " + g.dims()
                    + "-D grid; expected 2-D");
        }
        CenteredGrid c = toCentered(v);
        Tensor vals = c.values();
        Tensor u = vals.select(3, 0);
        Tensor w = vals.select(3, 1);
        Tensor dvdx = centralDifference(w, 1, 0, v.boundaries(), false, 1, g.dx(0));
        Tensor dudy = centralDifference(u, 2, 1, v.boundaries(), false, 0, g.dx(1));
        return CenteredGrid.scalar("vorticity " + v.name(), g, dvdx.sub(dudy), scalarBoundaries(v.boundaries()));
    }

    /** {@code (x[i+1] - x[i-1]) / (2 dx)} along tensor axis {@code axis} with ghost values. */
    static Tensor centralDifference(Tensor x, int axis, int spatialAxis, Boundaries b, boolean face, int component,
            double dx) {
        Tensor p = Ghosts.pad(x, axis, spatialAxis, b.lower(spatialAxis), b.upper(spatialAxis), face, component,
                false);
        int m = p.dim(axis);
        return p.slice(axis, 2, m).sub(p.slice(axis, 0, m - 2)).div(2 * dx);
    }

    /** {@code (x[i+1] - 2 x[i] + x[i-1]) / dx^2} along tensor axis {@code axis} with ghost values. */
    static Tensor secondDifference(Tensor x, int axis, int spatialAxis, Boundaries b, boolean face, int component,
            double dx) {
        Tensor p = Ghosts.pad(x, axis, spatialAxis, b.lower(spatialAxis), b.upper(spatialAxis), face, component,
                false);
        int m = p.dim(axis);
        return p.slice(axis, 2, m).add(p.slice(axis, 0, m - 2)).sub(x.mul(2)).div(dx * dx);
    }

    static Boundaries scalarBoundaries(Boundaries b) {
        Boundaries out = b;
        for (int d = 0; d < b.dims(); d++) {
            if (!b.isPeriodic(d)) {
                out = out.with(d, Side.zeroGradient(), Side.zeroGradient());
            }
        }
        return out;
    }

    private static Boundaries vectorBoundaries(Boundaries b, int channels) {
        Boundaries out = b;
        for (int d = 0; d < b.dims(); d++) {
            Side lo = b.lower(d).valueCount() > 1 && b.lower(d).valueCount() != channels ? Side.zeroGradient()
                    : b.lower(d);
            Side hi = b.upper(d).valueCount() > 1 && b.upper(d).valueCount() != channels ? Side.zeroGradient()
                    : b.upper(d);
            out = out.with(d, lo, hi);
        }
        return out;
    }

    private static void requireScalar(CenteredGrid f, String op) {
        if (f.channels() != 1) {
            throw new IllegalArgumentException(op + ": field '" + f.name() + "' has " + f.channels()
                    + " channels; expected a scalar field (1 channel)");
        }
    }
}
