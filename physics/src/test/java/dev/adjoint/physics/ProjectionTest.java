package dev.adjoint.physics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.adjoint.api.DType;
import dev.adjoint.api.Tensor;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Pressure projection: closed boxes, obstacles, open sides, 3-D, warm starts and bad input. */
class ProjectionTest {

    private static StaggeredGrid random(UniformGrid g, Boundaries b, long seed, DType dtype) {
        SplittableRandom r = new SplittableRandom(seed);
        Tensor[] c = new Tensor[g.dims()];
        for (int d = 0; d < c.length; d++) {
            int[] shape = StaggeredGrid.componentShape(g, b, d, 2);
            int n = 1;
            for (int s : shape) {
                n *= s;
            }
            double[] v = new double[n];
            for (int i = 0; i < n; i++) {
                v[i] = r.nextDouble(-1, 1);
            }
            c[d] = Tensor.of(v, shape).cast(dtype);
        }
        return StaggeredGrid.of("velocity", g, c, b);
    }

    private static double maxDivergence(StaggeredGrid v, Tensor fluid) {
        return Operators.divergence(v).values().squeeze(-1).mul(fluid).abs().max().item();
    }

    @Test
    void closedBoxWithObstaclesBecomesDivergenceFree() {
        UniformGrid g = UniformGrid.square(2, 16, 1);
        Geometry obstacle = Geometry.union(Geometry.box(new double[] {0.2, 0.2}, new double[] {0.4, 0.5}),
                Geometry.sphere(new double[] {0.7, 0.6}, 0.15));
        PressureProjection p = new PressureProjection(obstacle, 1e-10, 5000);
        StaggeredGrid v = random(g, Boundaries.zero(2), 1, DType.FLOAT64);
        PressureProjection.Result r = p.project(v);
        Tensor fluid = p.solidMask(v).neg().add(1);
        assertThat(maxDivergence(r.velocity(), fluid)).isLessThan(1e-8);
        assertThat(r.iterations()).isPositive().isEqualTo(p.lastIterations());
        // Faces touching the obstacle and the walls carry no flow.
        Tensor u = r.velocity().component(0);
        assertThat(u.slice(1, 0, 1).abs().max().item()).isZero();
        int i = (int) Math.round(0.3 / g.dx(0));
        int j = (int) (0.35 / g.dx(1));
        assertThat(u.get(0, i, j)).isZero();
        // Projecting again changes nothing, and a warm start from the solution needs no iterations.
        PressureProjection.Result again = p.project(r.velocity());
        assertThat(again.velocity().maxAbsDifference(r.velocity())).isLessThan(1e-8);
        PressureProjection.Result warm = p.project(v, r.pressure());
        assertThat(warm.iterations()).isLessThan(r.iterations() / 4);
        assertThat(warm.velocity().maxAbsDifference(r.velocity())).isLessThan(1e-7);
    }

    @Test
    void closedBoxWithoutObstaclesIsSolvedDirectlyBySpectralMethods() {
        UniformGrid g = UniformGrid.of(new int[] {24, 16}, new double[] {3, 2});
        PressureProjection p = new PressureProjection(null, 1e-5, 100);
        StaggeredGrid v = random(g, Boundaries.zero(2), 5, DType.FLOAT32);
        PressureProjection.Result r = p.project(v);
        assertThat(r.iterations()).isZero();
        double vmax = r.velocity().component(0).abs().max().item();
        assertThat(maxDivergence(r.velocity(), Tensor.ones(1, 24, 16)) / (vmax / g.dx(0))).isLessThan(1e-5);
    }

    @Test
    void openSideAndPeriodicAxis() {
        UniformGrid g = UniformGrid.of(new int[] {12, 10}, new double[] {2, 1});
        Boundaries b = Boundaries.of(new Side[] {Side.periodic(), Side.constant(0, 0)},
                new Side[] {Side.periodic(), Side.zeroGradient()});
        PressureProjection p = new PressureProjection(null, 1e-10, 5000);
        StaggeredGrid v = random(g, b, 2, DType.FLOAT64);
        PressureProjection.Result r = p.project(v);
        assertThat(maxDivergence(r.velocity(), Tensor.ones(DType.FLOAT64, 1, 12, 10))).isLessThan(1e-8);
        // The open top lets flow through, but with a closed bottom and a periodic x axis the net flux through it
        // is what crosses the bottom wall: zero.
        Tensor top = r.velocity().component(1).slice(2, 10, 11);
        assertThat(top.abs().max().item()).isGreaterThan(0.01);
        assertThat(Math.abs(top.sum().item())).isLessThan(1e-8);
    }

    @Test
    void threeDimensionalStepOnASmallGrid() {
        UniformGrid g = UniformGrid.square(3, 6, 1);
        PressureProjection p = new PressureProjection(Geometry.sphere(new double[] {0.5, 0.5, 0.5}, 0.2), 1e-5,
                2000);
        NavierStokes ns = new NavierStokes(0.01, NavierStokes.Scheme.SEMI_LAGRANGIAN, NavierStokes.Integrator.EULER,
                false, p);
        StaggeredGrid v = random(g, Boundaries.zero(3), 3, DType.FLOAT32);
        NavierStokes.State s = ns.step(NavierStokes.State.of(v), 0.05);
        double div = maxDivergence(s.velocity(), p.solidMask(v).neg().add(1));
        double vmax = s.velocity().component(2).abs().max().item();
        assertThat(div / (vmax / g.dx(0))).isLessThan(1e-4);
        assertThat(ns.lastPressureIterations()).isPositive();
    }

    @Test
    void nonFiniteVelocityAndBadWarmStartNameTheField() {
        UniformGrid g = UniformGrid.square(2, 4, 1);
        StaggeredGrid v = random(g, Boundaries.zero(2), 4, DType.FLOAT32).withName("wind");
        Tensor[] c = v.components();
        c[1] = c[1].mul(Double.POSITIVE_INFINITY);
        PressureProjection p = new PressureProjection();
        assertThatThrownBy(() -> p.project(v.withComponents(c))).hasMessageContaining("'wind'")
                .hasMessageContaining("non-finite");
        CenteredGrid wrong = CenteredGrid.zeros("p0", g, 1, 1, DType.FLOAT32, Boundaries.zeroGradient(2));
        assertThatThrownBy(() -> p.project(v, wrong)).hasMessageContaining("'p0'").hasMessageContaining("'wind'");
        assertThatThrownBy(() -> new PressureProjection(Geometry.sphere(new double[] {0, 0, 0}, 1), 1e-5, 10)
                .project(v)).hasMessageContaining("'wind'");
    }
}
