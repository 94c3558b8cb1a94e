package dev.adjoint.physics;

import dev.adjoint.api.DType;
import dev.adjoint.api.Tensor;
import java.util.Arrays;
import java.util.function.Function;

/**
 * A field sampled at cell centres: values {@code [batch, n_0, ..., n_{d-1}, channels]} (one channel for a
 * scalar, {@code d} for a vector field), with the boundary conditions that apply outside the grid.
 * Immutable; operations return new fields.
 */
public final class CenteredGrid {
    private final String name;
    private final UniformGrid grid;
    private final Tensor values;
    private final Boundaries boundaries;

    private CenteredGrid(String name, UniformGrid grid, Tensor values, Boundaries boundaries) {
        this.name = name == null ? "field" : name;
        if (grid == null || values == null || boundaries == null) {
            throw new IllegalArgumentException("field '" + this.name + "': grid, values and boundaries must not be"
                    + " null");
        }
        int d = grid.dims();
        boolean ok = values.rank() == d + 2 && values.dtype().isFloating();
        for (int i = 0; ok && i < d; i++) {
            ok = values.dim(i + 1) == grid.resolution(i);
        }
        if (!ok) {
            throw new IllegalArgumentException("field '" + this.name + "': values of shape " + values.shape() + " ("
                    + values.dtype() + ") do not fit " + grid + "; expected floating values [batch, "
                    + Arrays.toString(grid.resolution()).replaceAll("[\\[\\]]", "") + ", channels]");
        }
        boundaries.requireFits(this.name, d, values.dim(-1));
        this.grid = grid;
        this.values = values;
        this.boundaries = boundaries;
    }

    /** A field with values {@code [batch, n..., channels]}. */
    public static CenteredGrid of(String name, UniformGrid grid, Tensor values, Boundaries boundaries) {
        return new CenteredGrid(name, grid, values, boundaries);
    }

    /** A scalar field from values {@code [batch, n...]}. */
    public static CenteredGrid scalar(String name, UniformGrid grid, Tensor values, Boundaries boundaries) {
        return new CenteredGrid(name, grid, values.unsqueeze(values.rank()), boundaries);
    }

    /** A field of zeros with {@code channels} channels. */
    public static CenteredGrid zeros(String name, UniformGrid grid, int batch, int channels, DType dtype,
            Boundaries boundaries) {
        int[] shape = shape(grid, batch, channels);
        return new CenteredGrid(name, grid, Tensor.zeros(dtype, shape), boundaries);
    }

    /**
     * A field whose values at the cell centres are {@code f(centres)}, where {@code centres} is
     * {@code [n..., dims]} and {@code f} returns {@code [n..., channels]}; the batch has one entry.
     */
    public static CenteredGrid fromFunction(String name, UniformGrid grid, DType dtype, Boundaries boundaries,
            Function<Tensor, Tensor> f) {
        Tensor v = f.apply(grid.cellCenters(dtype));
        return new CenteredGrid(name, grid, v.unsqueeze(0), boundaries);
    }

    static int[] shape(UniformGrid grid, int batch, int channels) {
        int d = grid.dims();
        int[] shape = new int[d + 2];
        shape[0] = batch;
        for (int i = 0; i < d; i++) {
            shape[i + 1] = grid.resolution(i);
        }
        shape[d + 1] = channels;
        return shape;
    }

    /** The field's name (used in error messages). */
    public String name() {
        return name;
    }

    /** The grid. */
    public UniformGrid grid() {
        return grid;
    }

    /** The values {@code [batch, n..., channels]}. */
    public Tensor values() {
        return values;
    }

    /** The boundary conditions. */
    public Boundaries boundaries() {
        return boundaries;
    }

    /** The batch size. */
    public int batch() {
        return values.dim(0);
    }

    /** The number of channels. */
    public int channels() {
        return values.dim(-1);
    }

    /** The same field with other values of the same layout. */
    public CenteredGrid withValues(Tensor newValues) {
        return new CenteredGrid(name, grid, newValues, boundaries);
    }

    /** The same field under another name. */
    public CenteredGrid withName(String newName) {
        return new CenteredGrid(newName, grid, values, boundaries);
    }

    /** The same values with other boundary conditions. */
    public CenteredGrid withBoundaries(Boundaries newBoundaries) {
        return new CenteredGrid(name, grid, values, newBoundaries);
    }

    /** {@code this + other} (same grid). */
    public CenteredGrid add(CenteredGrid other) {
        requireCompatible(other);
        return withValues(values.add(other.values));
    }

    /** {@code this * factor}. */
    public CenteredGrid mul(double factor) {
        return withValues(values.mul(factor));
    }

    /** The sum of the values times the cell volume, per batch entry and channel: {@code [batch, channels]}. */
    public Tensor integral() {
        int[] axes = new int[grid.dims()];
        for (int i = 0; i < axes.length; i++) {
            axes[i] = i + 1;
        }
        return values.sum(axes).mul(grid.cellVolume());
    }

    /** Throws unless {@code other} lives on the same grid with the same batch and channels. */
    public void requireCompatible(CenteredGrid other) {
        grid.requireSame(other.grid, name, other.name);
        if (!values.shape().equals(other.values.shape())) {
            throw new IllegalArgumentException("field '" + other.name + "' has values of shape "
                    + other.values.shape() + " but field '" + name + "' has " + values.shape()
                    + "; expected equal shapes");
        }
    }

    /**
     * Multilinear interpolation at physical points {@code [batch, m, dims]}, reading outside values from the
     * boundary conditions; the result is {@code [batch, m, channels]}.
     */
    public Tensor sample(Tensor points) {
        return Sampler.sampleCells(values, grid, boundaries, -1, points, name);
    }

    @Override
    public String toString() {
        return "CenteredGrid '" + name + "' " + values.shape() + " on " + grid + " with " + boundaries;
    }
}
