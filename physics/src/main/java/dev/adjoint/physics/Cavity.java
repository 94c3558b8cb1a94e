package dev.adjoint.physics;

import dev.adjoint.api.DType;

/**
 * The lid-driven cavity set-up: the unit square with no-slip walls and the lid y = 1 moving at u = 1,
 * viscosity 1/Re, the second-order central scheme (explicit Euler or RK4 steps), run from rest until the velocity
 * is steady ({@code max |v^{n+1} - v^n| / dt} below a tolerance).
 */
public final class Cavity {
    /** The outcome of a run. */
    public record Result(StaggeredGrid velocity, int steps, double dt, double residual, boolean converged,
            int lastPressureIterations) {
        /** The comparison with Ghia et al. at the Reynolds number of the run. */
        public GhiaCavity.Comparison compare(int re) {
            return GhiaCavity.compare(velocity, re);
        }
    }

    private Cavity() {
    }

    /** The cavity's velocity boundaries: walls at rest and the moving lid at the top. */
    public static Boundaries boundaries() {
        Side wall = Side.constant(0, 0);
        return Boundaries.of(new Side[] {wall, wall}, new Side[] {wall, Side.constant(1, 0)});
    }

    /** A stable time step for the central Euler scheme: limited by diffusion, by advection and by 2 nu / U^2. */
    public static double stableDt(double re, int resolution) {
        return stableDt(re, resolution, NavierStokes.Integrator.EULER);
    }

    /**
     * A stable time step (with a safety factor of 2) for the central scheme with the given integrator. Euler is
     * limited by diffusion, advection and {@code 2 nu / U^2}; RK4 (whose stability region covers part of the
     * imaginary axis) by diffusion and advection only, which makes it the choice at high Re.
     */
    public static double stableDt(double re, int resolution, NavierStokes.Integrator integrator) {
        double nu = 1 / re;
        double dx = 1.0 / resolution;
        if (integrator == NavierStokes.Integrator.RK4) {
            return 0.5 * Math.min(2.78 * dx * dx / (8 * nu), 2.8 * dx / 2);
        }
        return 0.5 * Math.min(Math.min(dx * dx / (4 * nu), 2 * nu), dx);
    }

    /**
     * Runs the cavity at Reynolds number {@code re} on {@code resolution x resolution} cells with time step
     * {@code dt} for at most {@code maxSteps} steps, stopping once the steady-state residual falls below
     * {@code tolerance} (checked every {@code checkEvery} steps). Float32.
     */
    public static Result run(double re, int resolution, double dt, int maxSteps, double tolerance,
            int checkEvery) {
        return run(re, resolution, dt, maxSteps, tolerance, checkEvery, NavierStokes.Integrator.EULER, null);
    }

    /**
     * {@link #run(double, int, double, int, double, int)} with a chosen integrator and an optional callback
     * that sees every step number (for progress bars); the callback may be null.
     */
    public static Result run(double re, int resolution, double dt, int maxSteps, double tolerance,
            int checkEvery, NavierStokes.Integrator integrator, java.util.function.IntConsumer progress) {
        if (!(re > 0) || resolution < 2 || resolution % 2 != 0 || maxSteps < 1 || checkEvery < 1
                || !(tolerance >= 0)) {
            throw new IllegalArgumentException("Cavity.run: re " + re + ", resolution " + resolution + ", maxSteps "
                    + maxSteps + ", checkEvery " + checkEvery + ", tolerance " + tolerance + "; expected re > 0, an"
                    + " even resolution >= 2, positive step counts and a tolerance >= 0");
        }
        UniformGrid grid = UniformGrid.square(2, resolution, 1);
        NavierStokes ns = new NavierStokes(1 / re, NavierStokes.Scheme.CENTRAL, integrator, false,
                new PressureProjection(null, 1e-5, 10_000));
        NavierStokes.State s = NavierStokes.State.of(StaggeredGrid.zeros("velocity", grid, 1, DType.FLOAT32,
                boundaries()).withBoundaryValues());
        double residual = Double.POSITIVE_INFINITY;
        int step = 0;
        while (step < maxSteps) {
            NavierStokes.State next = ns.step(s, dt);
            step++;
            if (progress != null) {
                progress.accept(step);
            }
            if (step % checkEvery == 0) {
                residual = s.velocity().maxAbsDifference(next.velocity()) / dt;
                if (residual < tolerance) {
                    s = next;
                    break;
                }
            }
            s = next;
        }
        return new Result(s.velocity(), step, dt, residual, residual < tolerance, ns.lastPressureIterations());
    }
}
