package dev.adjoint.physics;

/**
 * Incompressible Navier–Stokes on a staggered grid, {@code dv/dt = -(v . grad) v + nu laplacian(v) + f - grad p}
 * with {@code div v = 0}, in 2-D or 3-D, as one differentiable step function. Two schemes:
 * <ul>
 *   <li>{@link Scheme#SEMI_LAGRANGIAN}: operator splitting, first order: semi-Lagrangian self-advection,
 *       explicit (or implicit) diffusion, force, projection (PhiFlow's default step);</li>
 *   <li>{@link Scheme#CENTRAL}: second-order central differences for advection and diffusion, integrated with
 *       explicit Euler or classical RK4 with the projection inside every stage.</li>
 * </ul>
 * The pressure of the previous step warm-starts the next solve. The instance keeps the projection's masks and
 * iteration count; it is not meant to be shared between threads.
 */
public final class NavierStokes {
    /** Spatial discretisations of the momentum equation. */
    public enum Scheme {
        /** Semi-Lagrangian advection with operator splitting (first order). */
        SEMI_LAGRANGIAN,
        /** Second-order central differences. */
        CENTRAL
    }

    /** Time integrators of the central scheme. */
    public enum Integrator {
        /** Explicit Euler. */
        EULER,
        /** Classical RK4, projecting every stage. */
        RK4
    }

    /** The state of a flow: velocity and the last pressure (null before the first step). */
    public record State(StaggeredGrid velocity, CenteredGrid pressure) {
        /** A state at rest-pressure: the velocity alone. */
        public static State of(StaggeredGrid velocity) {
            return new State(velocity, null);
        }
    }

    private final double viscosity;
    private final Scheme scheme;
    private final Integrator integrator;
    private final boolean implicitDiffusion;
    private final PressureProjection projection;

    /**
     * A solver with kinematic viscosity {@code viscosity}, a scheme, an integrator (used by the central scheme),
     * implicit or explicit diffusion (used by the semi-Lagrangian scheme) and a projection (obstacles and
     * tolerances).
     */
    public NavierStokes(double viscosity, Scheme scheme, Integrator integrator, boolean implicitDiffusion,
            PressureProjection projection) {
        if (!(viscosity >= 0) || !Double.isFinite(viscosity)) {
            throw new IllegalArgumentException("NavierStokes: viscosity " + viscosity + "; expected a finite"
                    + " number >= 0");
        }
        if (scheme == null || integrator == null || projection == null) {
            throw new IllegalArgumentException("NavierStokes: scheme, integrator and projection must not be null");
        }
        this.viscosity = viscosity;
        this.scheme = scheme;
        this.integrator = integrator;
        this.implicitDiffusion = implicitDiffusion;
        this.projection = projection;
    }

    /** The projection (for its masks and iteration count). */
    public PressureProjection projection() {
        return projection;
    }

    /** The CG iteration count of the last pressure solve. */
    public int lastPressureIterations() {
        return projection.lastIterations();
    }

    /** One step of {@code dt} without a body force. */
    public State step(State s, double dt) {
        return step(s, dt, null);
    }

    /** One step of {@code dt} with the body force {@code force} (null for none), constant over the step. */
    public State step(State s, double dt, StaggeredGrid force) {
        if (!(dt > 0) || !Double.isFinite(dt)) {
            throw new IllegalArgumentException("NavierStokes.step: dt " + dt + "; expected a positive number");
        }
        StaggeredGrid v = s.velocity();
        if (force != null) {
            v.requireCompatible(force);
        }
        if (scheme == Scheme.SEMI_LAGRANGIAN) {
            StaggeredGrid w = Advection.semiLagrangian(v, v, dt);
            if (viscosity > 0) {
                w = implicitDiffusion ? Diffusion.implicit(w, viscosity, dt) : Diffusion.explicit(w, viscosity, dt, 1);
            }
            if (force != null) {
                w = w.addScaled(force, dt);
            }
            PressureProjection.Result r = projection.project(w, s.pressure());
            return new State(r.velocity(), r.pressure());
        }
        if (integrator == Integrator.EULER) {
            PressureProjection.Result r = projection.project(v.addScaled(rate(v, force), dt), s.pressure());
            return new State(r.velocity(), r.pressure());
        }
        StaggeredGrid k1 = rate(v, force);
        PressureProjection.Result r2 = projection.project(v.addScaled(k1, dt / 2), s.pressure());
        StaggeredGrid k2 = rate(r2.velocity(), force);
        PressureProjection.Result r3 = projection.project(v.addScaled(k2, dt / 2), r2.pressure());
        StaggeredGrid k3 = rate(r3.velocity(), force);
        PressureProjection.Result r4 = projection.project(v.addScaled(k3, dt), r3.pressure());
        StaggeredGrid k4 = rate(r4.velocity(), force);
        StaggeredGrid sum = k1.add(k2.mul(2)).add(k3.mul(2)).add(k4);
        PressureProjection.Result r = projection.project(v.addScaled(sum, dt / 6), r4.pressure());
        return new State(r.velocity(), r.pressure());
    }

    /** The right-hand side without pressure: central advection, diffusion and force. */
    private StaggeredGrid rate(StaggeredGrid v, StaggeredGrid force) {
        StaggeredGrid vb = projection.imposeBoundaries(v);
        StaggeredGrid r = Advection.advectionTerm(vb);
        if (viscosity > 0) {
            r = r.addScaled(Operators.laplacian(vb), viscosity);
        }
        return force == null ? r : r.add(force);
    }
}
