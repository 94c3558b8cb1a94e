package dev.adjoint.physics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.adjoint.api.Autodiff;
import dev.adjoint.api.DType;
import dev.adjoint.api.Tensor;
import dev.adjoint.api.testing.GradCheck;
import java.util.SplittableRandom;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * Float64 gradient checks of advection, diffusion, buoyancy, the projection, one Navier–Stokes step and a 16-step
 * smoke rollout.
 */
class GradientTest {

    private static Tensor random(SplittableRandom r, int... shape) {
        int n = 1;
        for (int s : shape) {
            n *= s;
        }
        double[] d = new double[n];
        for (int i = 0; i < n; i++) {
            d[i] = r.nextDouble(-1, 1);
        }
        return Tensor.of(d, shape);
    }

    private static StaggeredGrid randomVelocity(UniformGrid g, Boundaries b, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        Tensor[] c = new Tensor[g.dims()];
        for (int d = 0; d < c.length; d++) {
            c[d] = random(r, StaggeredGrid.componentShape(g, b, d, 1));
        }
        return StaggeredGrid.of("velocity", g, c, b);
    }

    private static Tensor flat(StaggeredGrid v) {
        Tensor[] parts = v.components();
        for (int d = 0; d < parts.length; d++) {
            parts[d] = parts[d].flatten();
        }
        return Tensor.concat(0, parts);
    }

    /** Mixed sides on a non-square grid, so that every kind of ghost enters the stencils and lookups. */
    private static final UniformGrid MIXED_GRID = UniformGrid.of(new int[] {5, 4}, new double[] {5, 4});
    private static final Boundaries MIXED = Boundaries.of(new Side[] {Side.constant(0.5), Side.zeroGradient()},
            new Side[] {Side.zeroGradient(), Side.symmetric()});

    private static CenteredGrid randomScalar(long seed) {
        return CenteredGrid.scalar("f", MIXED_GRID, random(new SplittableRandom(seed), 1, 5, 4), MIXED);
    }

    @Test
    void explicitAndImplicitDiffusionOfCentredAndStaggeredFields() {
        CenteredGrid f = randomScalar(7);
        GradCheck.check(in -> Diffusion.explicit(f.withValues(in[0]), 0.3, 0.5, 2).values(), f.values());
        GradCheck.check(in -> Diffusion.implicit(f.withValues(in[0]), 0.3, 0.5).values(), f.values());
        StaggeredGrid v = randomVelocity(MIXED_GRID, Cavity.boundaries(), 8);
        GradCheck.check(in -> flat(Diffusion.explicit(v.withComponents(in), 0.2, 0.5, 1)), v.components());
        GradCheck.check(in -> flat(Diffusion.implicit(v.withComponents(in), 0.2, 0.5)), v.components());
    }

    @Test
    void semiLagrangianAndMacCormackStepsWithRespectToFieldAndVelocity() {
        // Random velocities put the departure points off the lattice, where interpolation is differentiable.
        CenteredGrid f = randomScalar(9);
        StaggeredGrid v = randomVelocity(MIXED_GRID, Boundaries.zero(2), 10).mul(0.6);
        Tensor[] in0 = {f.values(), v.component(0), v.component(1)};
        GradCheck.check(in -> Advection.semiLagrangian(f.withValues(in[0]), v.withComponents(in[1], in[2]), 0.7)
                .values(), in0);
        GradCheck.check(in -> Advection.macCormack(f.withValues(in[0]), v.withComponents(in[1], in[2]), 0.7)
                .values(), in0);
        GradCheck.check(in -> flat(Advection.semiLagrangian(v.withComponents(in), v.withComponents(in), 0.7)),
                v.components());
    }

    @Test
    void pointAdvectionAndBuoyancy() {
        StaggeredGrid v = randomVelocity(MIXED_GRID, Boundaries.zero(2), 11);
        Tensor points = Tensor.of(new double[] {1.3, 1.1, 3.2, 2.7, 2.2, 0.6}, 1, 3, 2);
        for (Advection.PointIntegrator integrator : Advection.PointIntegrator.values()) {
            GradCheck.check(in -> Advection.points(in[0], v.withComponents(in[1], in[2]), 0.4, integrator), points,
                    v.component(0), v.component(1));
        }
        CenteredGrid density = randomScalar(12);
        GradCheck.check(in -> flat(Forces.buoyancy(density.withValues(in[0]), new double[] {0.2, -0.5}, v)),
                density.values());
    }

    @Test
    void projectionWithObstacleInAClosedBox() {
        UniformGrid g = UniformGrid.square(2, 6, 6);
        Boundaries b = Boundaries.zero(2);
        Geometry obstacle = Geometry.union(Geometry.box(new double[] {1, 1}, new double[] {2.2, 2.2}),
                Geometry.sphere(new double[] {4.5, 4.5}, 0.6));
        StaggeredGrid v0 = randomVelocity(g, b, 1);
        PressureProjection p = new PressureProjection(obstacle, 1e-12, 1000);
        // The projection is linear, so a large step leaves no truncation error and keeps the CG error small.
        GradCheck.forDType(DType.FLOAT64).eps(1e-2).run(in -> flat(p.project(v0.withComponents(in)).velocity()),
                v0.components());
    }

    @Test
    void projectionWithOpenSidesAndPeriodicAxis() {
        UniformGrid g = UniformGrid.of(new int[] {5, 6}, new double[] {5, 3});
        Boundaries b = Boundaries.of(new Side[] {Side.periodic(), Side.constant(0, 0)},
                new Side[] {Side.periodic(), Side.zeroGradient()});
        StaggeredGrid v0 = randomVelocity(g, b, 2);
        PressureProjection p = new PressureProjection(Geometry.box(new double[] {2, 1}, new double[] {3, 2}),
                1e-12, 1000);
        // The projection is linear, so a large step leaves no truncation error and keeps the CG error small.
        GradCheck.forDType(DType.FLOAT64).eps(1e-2).run(in -> flat(p.project(v0.withComponents(in)).velocity()),
                v0.components());
    }

    @Test
    void oneSemiLagrangianNavierStokesStep() {
        UniformGrid g = UniformGrid.square(2, 6, 1);
        Boundaries b = Boundaries.zero(2);
        StaggeredGrid v0 = randomVelocity(g, b, 3).mul(0.05);
        NavierStokes ns = new NavierStokes(0.01, NavierStokes.Scheme.SEMI_LAGRANGIAN, NavierStokes.Integrator.EULER,
                true, new PressureProjection(null, 1e-12, 1000));
        GradCheck.check(in -> flat(ns.step(NavierStokes.State.of(v0.withComponents(in)), 0.5).velocity()),
                v0.components());
    }

    @Test
    void oneCentralRk4NavierStokesStepWithLid() {
        UniformGrid g = UniformGrid.square(2, 6, 1);
        StaggeredGrid v0 = randomVelocity(g, Cavity.boundaries(), 4).mul(0.1);
        NavierStokes ns = new NavierStokes(0.05, NavierStokes.Scheme.CENTRAL, NavierStokes.Integrator.RK4, false,
                new PressureProjection(null, 1e-12, 1000));
        GradCheck.check(in -> flat(ns.step(NavierStokes.State.of(v0.withComponents(in)), 0.02).velocity()),
                v0.components());
    }

    @Test
    void checkpointedRolloutGivesTheSameGradient() {
        SmokePlume plume = new SmokePlume(8, 1, DType.FLOAT64, 1e-12, null);
        SmokePlume.State s0 = plume.initial();
        StaggeredGrid v0 = randomVelocity(plume.grid(), Boundaries.zero(2), 6).mul(0.5);
        Tensor start = plume.pack(new SmokePlume.State(s0.smoke(), v0, null));
        Tensor w = random(new SplittableRandom(3), start.shape().dims());
        Function<Tensor, Tensor> plain = x -> {
            Tensor y = x;
            for (int i = 0; i < 4; i++) {
                y = plume.step(y);
            }
            return y.mul(w).sum();
        };
        Function<Tensor, Tensor> checkpointed = x -> {
            Tensor y = x;
            for (int i = 0; i < 4; i++) {
                y = Autodiff.checkpoint(plume::step, y);
            }
            return y.mul(w).sum();
        };
        Tensor g1 = Autodiff.grad(plain, start);
        Tensor g2 = Autodiff.grad(checkpointed, start);
        assertThat(g1.sub(g2).abs().max().item()).isLessThan(1e-12);
        assertThat(g1.abs().max().item()).isGreaterThan(1e-3);
        SmokePlume.State back = plume.unpack(start);
        assertThat(back.velocity().maxAbsDifference(v0)).isZero();
    }

    @Test
    void sixteenStepSmokeRolloutMatchesFiniteDifferences() {
        SmokePlume plume = new SmokePlume(16, 1, DType.FLOAT64, 1e-12, null);
        UniformGrid g = plume.grid();
        CenteredGrid blob = CenteredGrid.fromFunction("smoke", g, DType.FLOAT64, Boundaries.zeroGradient(2), p -> {
            Tensor dx = p.select(-1, 0).sub(50);
            Tensor dy = p.select(-1, 1).sub(35);
            return dx.square().add(dy.square()).div(-2 * 150.0).exp().unsqueeze(-1);
        });
        StaggeredGrid v0 = randomVelocity(g, Boundaries.zero(2), 5).mul(0.5);
        Tensor target = random(new SplittableRandom(9), 1, 16, 16, 1);
        Function<Tensor[], Tensor> loss = in -> {
            SmokePlume.State s = new SmokePlume.State(blob, v0.withComponents(in), null);
            for (int i = 0; i < 16; i++) {
                s = plume.step(s);
            }
            return s.smoke().values().mul(target).sum().add(flat(s.velocity()).square().sum().mul(0.1));
        };
        Tensor[] x = v0.components();
        java.util.List<Tensor> grads = Autodiff.grad(xs -> loss.apply(xs.toArray(new Tensor[0])),
                java.util.List.of(x));
        SplittableRandom r = new SplittableRandom(11);
        double eps = 1e-6;
        for (int k = 0; k < 3; k++) {
            Tensor[] dir = new Tensor[x.length];
            Tensor[] plus = new Tensor[x.length];
            Tensor[] minus = new Tensor[x.length];
            double analytic = 0;
            for (int d = 0; d < x.length; d++) {
                dir[d] = random(r, x[d].shape().dims());
                plus[d] = x[d].add(dir[d].mul(eps));
                minus[d] = x[d].sub(dir[d].mul(eps));
                analytic += grads.get(d).mul(dir[d]).sum().item();
            }
            double numeric = (loss.apply(plus).item() - loss.apply(minus).item()) / (2 * eps);
            assertThat(analytic).as("direction %d", k).isCloseTo(numeric, within(1e-5 * (1 + Math.abs(numeric))));
            assertThat(Math.abs(analytic)).isGreaterThan(1e-3);
        }
    }
}
