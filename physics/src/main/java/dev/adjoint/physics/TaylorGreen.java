package dev.adjoint.physics;

import dev.adjoint.api.DType;
import dev.adjoint.api.Tensor;

/**
 * The Taylor–Green vortex on the periodic square {@code [0, 2 pi)^2}: the exact decaying Navier–Stokes solution
 * {@code u = cos x sin y F}, {@code v = -sin x cos y F}, {@code F = exp(-2 nu t)} (PhiFlow's convention), sampled
 * on the staggered faces, and the error of a simulated velocity against it, measured at the faces themselves.
 */
public final class TaylorGreen {
    /** The outcome of a simulation. */
    public record Result(StaggeredGrid velocity, double time, int steps, double maxError, double amplitude) {
    }

    private TaylorGreen() {
    }

    /** The grid of {@code n x n} cells over {@code [0, 2 pi)^2}. */
    public static UniformGrid grid(int n) {
        return UniformGrid.square(2, n, 2 * Math.PI);
    }

    /** The exact velocity at time {@code t}. */
    public static StaggeredGrid exact(int n, double viscosity, double t, DType dtype) {
        double f = Math.exp(-2 * viscosity * t);
        return StaggeredGrid.fromFunction("taylor-green", grid(n), dtype, Boundaries.periodic(2), p -> {
            Tensor x = p.select(-1, 0);
            Tensor y = p.select(-1, 1);
            Tensor u = x.cos().mul(y.sin()).mul(f);
            Tensor v = x.sin().mul(y.cos()).mul(-f);
            return Tensor.stack(-1, u, v);
        });
    }

    /** {@code max |v - exact(t)|} over both components' faces. */
    public static double maxError(StaggeredGrid v, double viscosity, double t) {
        StaggeredGrid e = exact(v.grid().resolution(0), viscosity, t, v.dtype());
        return v.withName(e.name()).maxAbsDifference(e);
    }

    /** Runs {@code steps} steps of {@code dt} from the exact initial state with the given solver. */
    public static Result simulate(int n, double viscosity, double dt, int steps, NavierStokes solver, DType dtype) {
        NavierStokes.State s = NavierStokes.State.of(exact(n, viscosity, 0, dtype));
        for (int i = 0; i < steps; i++) {
            s = solver.step(s, dt);
        }
        double t = dt * steps;
        double amp = s.velocity().component(0).abs().max().item();
        return new Result(s.velocity(), t, steps, maxError(s.velocity(), viscosity, t), amp);
    }
}
