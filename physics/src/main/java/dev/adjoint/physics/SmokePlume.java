package dev.adjoint.physics;

import dev.adjoint.api.DType;
import dev.adjoint.api.Tensor;

/**
 * The smoke-plume set-up of PhiFlow's demo: a closed 100 x 100 box, a staggered velocity at rest on the walls,
 * smoke on the cell centres with zero-gradient boundaries, an inflow sphere at (50, 9.5) of radius 5 that adds
 * 0.2 times each cell's covered fraction per step, buoyancy (0, 0.1 smoke) and dt = 0.5. One step: smoke by
 * MacCormack plus inflow; velocity by semi-Lagrangian self-advection plus buoyancy times dt; projection warm
 * started from the previous pressure. Differentiable end to end.
 */
public final class SmokePlume {
    /** The state of the plume. */
    public record State(CenteredGrid smoke, StaggeredGrid velocity, CenteredGrid pressure) {
    }

    /** The side length of the box. */
    public static final double SIZE = 100;
    /** The time step. */
    public static final double DT = 0.5;
    /** The buoyancy factor. */
    public static final double BUOYANCY = 0.1;

    private final UniformGrid grid;
    private final int batch;
    private final DType dtype;
    private final Tensor inflow;
    private final PressureProjection projection;
    private final double dt;

    /**
     * The standard plume on {@code resolution x resolution} cells for {@code batch} independent copies, with CG
     * relative tolerance {@code rtol} and an optional obstacle (null for none).
     */
    public SmokePlume(int resolution, int batch, DType dtype, double rtol, Geometry obstacle) {
        this(resolution, batch, dtype, rtol, obstacle, 0.2, DT);
    }

    /** A plume with a chosen inflow rate (per step) and time step. */
    public SmokePlume(int resolution, int batch, DType dtype, double rtol, Geometry obstacle, double inflowRate,
            double dt) {
        if (resolution < 4 || batch < 1 || dtype == null || !dtype.isFloating()) {
            throw new IllegalArgumentException("SmokePlume: resolution " + resolution + ", batch " + batch
                    + ", dtype " + dtype + "; expected at least 4 cells, a positive batch and a floating dtype");
        }
        if (!(dt > 0) || !Double.isFinite(dt) || !Double.isFinite(inflowRate)) {
            throw new IllegalArgumentException("SmokePlume: dt " + dt + ", inflow rate " + inflowRate
                    + "; expected a finite dt > 0 and a finite inflow rate");
        }
        this.grid = UniformGrid.square(2, resolution, SIZE);
        this.batch = batch;
        this.dtype = dtype;
        this.dt = dt;
        this.inflow = Geometry.sphere(new double[] {50, 9.5}, 5).coverage(grid, 4, dtype).mul(inflowRate)
                .unsqueeze(0).unsqueeze(3);
        this.projection = new PressureProjection(obstacle, rtol, 10_000);
    }

    /** The grid. */
    public UniformGrid grid() {
        return grid;
    }

    /** The smoke added per step, {@code [1, n, n, 1]}. */
    public Tensor inflow() {
        return inflow;
    }

    /** The time step. */
    public double dt() {
        return dt;
    }

    /** The projection (masks, iteration counts). */
    public PressureProjection projection() {
        return projection;
    }

    /** The CG iteration count of the last pressure solve. */
    public int lastPressureIterations() {
        return projection.lastIterations();
    }

    /** No smoke, fluid at rest. */
    public State initial() {
        CenteredGrid smoke = CenteredGrid.zeros("smoke", grid, batch, 1, dtype, Boundaries.zeroGradient(2));
        StaggeredGrid v = StaggeredGrid.zeros("velocity", grid, batch, dtype, Boundaries.zero(2));
        return new State(smoke, v, null);
    }

    /**
     * The smoke and velocity of a state as one tensor {@code [batch, cells + faces]} (the pressure is left out),
     * for {@link dev.adjoint.api.Autodiff#checkpoint} of long rollouts, whose step functions map one tensor to
     * one tensor.
     */
    public Tensor pack(State s) {
        int b = s.smoke().batch();
        Tensor[] parts = new Tensor[3];
        parts[0] = s.smoke().values().reshape(b, -1);
        parts[1] = s.velocity().component(0).reshape(b, -1);
        parts[2] = s.velocity().component(1).reshape(b, -1);
        return Tensor.concat(1, parts);
    }

    /** The inverse of {@link #pack} (without a pressure, so the next solve starts cold). */
    public State unpack(Tensor packed) {
        int n = grid.resolution(0);
        int cells = n * n;
        int faces = (n + 1) * n;
        if (packed.rank() != 2 || packed.dim(1) != cells + 2 * faces) {
            throw new IllegalArgumentException("SmokePlume.unpack: packed state of shape " + packed.shape()
                    + "; expected [batch, " + (cells + 2 * faces) + "]");
        }
        State layout = initial();
        int b = packed.dim(0);
        Tensor smoke = packed.slice(1, 0, cells).reshape(b, n, n, 1);
        Tensor u = packed.slice(1, cells, cells + faces).reshape(b, n + 1, n);
        Tensor v = packed.slice(1, cells + faces, cells + 2 * faces).reshape(b, n, n + 1);
        return new State(layout.smoke().withValues(smoke),
                StaggeredGrid.of("velocity", grid, new Tensor[] {u, v}, layout.velocity().boundaries()), null);
    }

    /** One step on a packed state (see {@link #pack}). */
    public Tensor step(Tensor packed) {
        return pack(step(unpack(packed)));
    }

    /** One step. */
    public State step(State s) {
        CenteredGrid smoke = Advection.macCormack(s.smoke(), s.velocity(), dt);
        smoke = smoke.withValues(smoke.values().add(inflow));
        StaggeredGrid v = Advection.semiLagrangian(s.velocity(), s.velocity(), dt);
        v = v.addScaled(Forces.buoyancy(smoke, new double[] {0, BUOYANCY}, v), dt);
        PressureProjection.Result r = projection.project(v, s.pressure());
        return new State(smoke, r.velocity(), r.pressure());
    }
}
