package dev.adjoint.physics;

import dev.adjoint.api.Tensor;

/** Body forces on staggered velocities. */
public final class Forces {
    private Forces() {
    }

    /**
     * Buoyancy {@code factor * density} along each axis (e.g. {@code {0, 0.1}} for an upward force in 2-D),
     * resampled from the cell centres onto the faces of a velocity with the layout of {@code like}: the force
     * as a staggered field.
     */
    public static StaggeredGrid buoyancy(CenteredGrid density, double[] factor, StaggeredGrid like) {
        like.grid().requireSame(density.grid(), like.name(), density.name());
        if (density.batch() != like.batch() && density.batch() != 1) {
            throw new IllegalArgumentException("buoyancy: density '" + density.name() + "' has batch "
                    + density.batch() + " but velocity '" + like.name() + "' has batch " + like.batch()
                    + "; expected equal batches (or a density batch of 1)");
        }
        int dims = like.grid().dims();
        if (factor == null || factor.length != dims) {
            throw new IllegalArgumentException("buoyancy: factor has " + (factor == null ? "no" : factor.length)
                    + " entries; expected one per axis (" + dims + ")");
        }
        Tensor[] c = new Tensor[dims];
        for (int d = 0; d < dims; d++) {
            Tensor z = like.component(d).zerosLike();
            c[d] = factor[d] == 0 ? z : z.add(Operators.atFaces(density, d, like.boundaries()).mul(factor[d]));
        }
        return like.withComponents(c);
    }
}
