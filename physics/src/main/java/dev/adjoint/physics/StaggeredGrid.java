package dev.adjoint.physics;

import dev.adjoint.api.DType;
import dev.adjoint.api.Tensor;
import java.util.Arrays;
import java.util.function.Function;

/**
 * A vector field on a staggered (MAC) grid: component {@code d} lives on the faces normal to axis {@code d}
 * and is stored as its own tensor {@code [batch, ..., f_d, ...]}, where {@code f_d} is {@code n_d} faces on a
 * periodic axis and {@code n_d + 1} otherwise (both boundary faces included); along the other axes it has
 * the cell counts. Boundary conditions apply per side; a vector constant gives each component its value
 * (a moving lid). Immutable.
 */
public final class StaggeredGrid {
    private final String name;
    private final UniformGrid grid;
    private final Tensor[] components;
    private final Boundaries boundaries;

    private StaggeredGrid(String name, UniformGrid grid, Tensor[] components, Boundaries boundaries) {
        this.name = name == null ? "velocity" : name;
        if (grid == null || components == null || boundaries == null) {
            throw new IllegalArgumentException("field '" + this.name + "': grid, components and boundaries must"
                    + " not be null");
        }
        int dims = grid.dims();
        boundaries.requireFits(this.name, dims, dims);
        if (components.length != dims) {
            throw new IllegalArgumentException("field '" + this.name + "': " + components.length
                    + " components on a " + dims + "-D grid; expected one per axis");
        }
        for (int d = 0; d < dims; d++) {
            int[] expected = componentShape(grid, boundaries, d, components[d] == null ? 1 : components[d].dim(0));
            if (components[d] == null || !Arrays.equals(components[d].shape().dims(), expected)
                    || !components[d].dtype().isFloating() || components[d].dtype() != components[0].dtype()) {
                throw new IllegalArgumentException("field '" + this.name + "': component " + d + " has shape "
                        + (components[d] == null ? "null" : components[d].shape() + " (" + components[d].dtype()
                        + ")") + "; expected " + Arrays.toString(expected) + " of the dtype of component 0 on "
                        + grid + " with " + boundaries);
            }
        }
        for (int d = 1; d < dims; d++) {
            if (components[d].dim(0) != components[0].dim(0)) {
                throw new IllegalArgumentException("field '" + this.name + "': component " + d + " has batch "
                        + components[d].dim(0) + " but component 0 has batch " + components[0].dim(0)
                        + "; expected one batch for all components");
            }
        }
        this.grid = grid;
        this.components = components.clone();
        this.boundaries = boundaries;
    }

    /** A field from its components. */
    public static StaggeredGrid of(String name, UniformGrid grid, Tensor[] components, Boundaries boundaries) {
        return new StaggeredGrid(name, grid, components, boundaries);
    }

    /** A field of zeros. */
    public static StaggeredGrid zeros(String name, UniformGrid grid, int batch, DType dtype, Boundaries boundaries) {
        Tensor[] c = new Tensor[grid.dims()];
        for (int d = 0; d < c.length; d++) {
            c[d] = Tensor.zeros(dtype, componentShape(grid, boundaries, d, batch));
        }
        return new StaggeredGrid(name, grid, c, boundaries);
    }

    /**
     * A field whose component {@code d} is {@code f(facePositions(d))} selected at channel {@code d}: {@code f}
     * maps points {@code [..., dims]} to vectors {@code [..., dims]}. The batch has one entry.
     */
    public static StaggeredGrid fromFunction(String name, UniformGrid grid, DType dtype, Boundaries boundaries,
            Function<Tensor, Tensor> f) {
        Tensor[] c = new Tensor[grid.dims()];
        for (int d = 0; d < c.length; d++) {
            c[d] = f.apply(facePositions(grid, boundaries, d, dtype)).select(-1, d).unsqueeze(0);
        }
        return new StaggeredGrid(name, grid, c, boundaries);
    }

    /** The shape of component {@code d} for a batch of {@code batch}. */
    public static int[] componentShape(UniformGrid grid, Boundaries boundaries, int d, int batch) {
        int dims = grid.dims();
        int[] shape = new int[dims + 1];
        shape[0] = batch;
        for (int e = 0; e < dims; e++) {
            shape[e + 1] = grid.resolution(e) + (e == d && !boundaries.isPeriodic(e) ? 1 : 0);
        }
        return shape;
    }

    /** The physical positions of the faces of component {@code d}: {@code [faces..., dims]}. */
    public static Tensor facePositions(UniformGrid grid, Boundaries boundaries, int d, DType dtype) {
        int dims = grid.dims();
        int[] shape = componentShape(grid, boundaries, d, 1);
        double[] offset = new double[dims];
        for (int e = 0; e < dims; e++) {
            offset[e] = e == d ? 0 : 0.5;
        }
        return grid.positions(Arrays.copyOfRange(shape, 1, shape.length), offset, dtype);
    }

    /** The face positions of component {@code d} of this field, {@code [faces..., dims]}. */
    public Tensor facePositions(int d) {
        return facePositions(grid, boundaries, d, dtype());
    }

    /** The field's name (used in error messages). */
    public String name() {
        return name;
    }

    /** The grid. */
    public UniformGrid grid() {
        return grid;
    }

    /** The boundary conditions. */
    public Boundaries boundaries() {
        return boundaries;
    }

    /** Component {@code d}, {@code [batch, faces...]}. */
    public Tensor component(int d) {
        return components[d];
    }

    /** All components (a copy of the array). */
    public Tensor[] components() {
        return components.clone();
    }

    /** The batch size. */
    public int batch() {
        return components[0].dim(0);
    }

    /** The dtype of the components. */
    public DType dtype() {
        return components[0].dtype();
    }

    /** The same field with new components of the same layout. */
    public StaggeredGrid withComponents(Tensor... newComponents) {
        return new StaggeredGrid(name, grid, newComponents, boundaries);
    }

    /** The same field under another name. */
    public StaggeredGrid withName(String newName) {
        return new StaggeredGrid(newName, grid, components, boundaries);
    }

    /** {@code this + other} (same grid and layout). */
    public StaggeredGrid add(StaggeredGrid other) {
        requireCompatible(other);
        Tensor[] c = new Tensor[components.length];
        for (int d = 0; d < c.length; d++) {
            c[d] = components[d].add(other.components[d]);
        }
        return withComponents(c);
    }

    /** {@code this * factor}. */
    public StaggeredGrid mul(double factor) {
        Tensor[] c = new Tensor[components.length];
        for (int d = 0; d < c.length; d++) {
            c[d] = components[d].mul(factor);
        }
        return withComponents(c);
    }

    /** {@code this + factor * other}. */
    public StaggeredGrid addScaled(StaggeredGrid other, double factor) {
        requireCompatible(other);
        Tensor[] c = new Tensor[components.length];
        for (int d = 0; d < c.length; d++) {
            c[d] = components[d].add(other.components[d].mul(factor));
        }
        return withComponents(c);
    }

    /** Throws unless {@code other} has the same grid, boundaries, batch and dtype. */
    public void requireCompatible(StaggeredGrid other) {
        grid.requireSame(other.grid, name, other.name);
        if (!boundaries.equals(other.boundaries) || other.batch() != batch() || other.dtype() != dtype()) {
            throw new IllegalArgumentException("field '" + other.name + "' (" + other.boundaries + ", batch "
                    + other.batch() + ", " + other.dtype() + ") does not match field '" + name + "' ("
                    + boundaries + ", batch " + batch() + ", " + dtype() + "); expected the same layout");
        }
    }

    /**
     * {@code max |this - other|} over all components and faces, read to the host (a diagnostic, not
     * differentiable).
     */
    public double maxAbsDifference(StaggeredGrid other) {
        requireCompatible(other);
        double m = 0;
        for (int d = 0; d < components.length; d++) {
            m = Math.max(m, components[d].sub(other.components[d]).abs().max().item());
        }
        return m;
    }

    /**
     * The field with the values the boundary conditions prescribe written onto the boundary faces: a constant
     * side sets its normal component, a symmetric side sets it to zero; other faces are unchanged.
     */
    public StaggeredGrid withBoundaryValues() {
        Tensor[] c = components.clone();
        for (int d = 0; d < c.length; d++) {
            if (boundaries.isPeriodic(d)) {
                continue;
            }
            int axis = d + 1;
            int n = c[d].dim(axis);
            Tensor low = wallValue(boundaries.lower(d), c[d].slice(axis, 0, 1), d);
            Tensor high = wallValue(boundaries.upper(d), c[d].slice(axis, n - 1, n), d);
            c[d] = Tensor.concat(axis, low, c[d].slice(axis, 1, n - 1), high);
        }
        return withComponents(c);
    }

    private static Tensor wallValue(Side s, Tensor face, int d) {
        return switch (s.kind()) {
            case CONSTANT -> face.zerosLike().add(s.value(d));
            case SYMMETRIC -> face.zerosLike();
            default -> face;
        };
    }

    /**
     * Multilinear interpolation of every component at physical points {@code [batch, m, dims]}; the result is
     * {@code [batch, m, dims]}.
     */
    public Tensor sample(Tensor points) {
        Tensor[] parts = new Tensor[components.length];
        for (int d = 0; d < parts.length; d++) {
            Tensor v = components[d].unsqueeze(components[d].rank());
            parts[d] = Sampler.sample(v, grid, boundaries, d, d, points, name);
        }
        return Tensor.concat(2, parts);
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("StaggeredGrid '" + name + "' [");
        for (int d = 0; d < components.length; d++) {
            sb.append(d == 0 ? "" : ", ").append(components[d].shape());
        }
        return sb.append("] on ").append(grid).append(" with ").append(boundaries).toString();
    }
}
