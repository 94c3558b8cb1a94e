package dev.adjoint.physics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.adjoint.api.DType;
import dev.adjoint.api.Tensor;
import org.junit.jupiter.api.Test;

/** Semi-Lagrangian, MacCormack and point advection. */
class AdvectionTest {
    private static final UniformGrid G = UniformGrid.square(2, 16, 16);

    private static StaggeredGrid uniform(double ux, double uy) {
        return StaggeredGrid.fromFunction("wind", G, DType.FLOAT64, Boundaries.periodic(2),
                p -> p.mul(0).add(Tensor.of(new double[] {ux, uy}, 2)));
    }

    private static CenteredGrid wave(double shift) {
        double k = 2 * Math.PI / 16;
        return CenteredGrid.fromFunction("wave", G, DType.FLOAT64, Boundaries.periodic(2),
                p -> p.select(-1, 0).sub(shift).mul(k).sin().unsqueeze(-1));
    }

    @Test
    void semiLagrangianShiftsByWholeCellsExactly() {
        CenteredGrid f = wave(0);
        CenteredGrid moved = Advection.semiLagrangian(f, uniform(2, 0), 1.0);
        assertThat(moved.values().sub(wave(2).values()).abs().max().item()).isLessThan(1e-12);
        StaggeredGrid v = uniform(0.3, -0.7);
        StaggeredGrid self = Advection.semiLagrangian(v, uniform(1, 1), 0.4);
        assertThat(self.maxAbsDifference(v)).isLessThan(1e-12);
    }

    @Test
    void macCormackIsMoreAccurateThanSemiLagrangianForHalfCellShifts() {
        CenteredGrid sl = wave(0);
        CenteredGrid mc = wave(0);
        StaggeredGrid v = uniform(0.5, 0);
        for (int i = 0; i < 8; i++) {
            sl = Advection.semiLagrangian(sl, v, 1.0);
            mc = Advection.macCormack(mc, v, 1.0);
        }
        double errSl = sl.values().sub(wave(4).values()).abs().max().item();
        double errMc = mc.values().sub(wave(4).values()).abs().max().item();
        assertThat(errMc).isLessThan(errSl / 3);
    }

    @Test
    void macCormackLimiterKeepsAStepWithinItsRange() {
        double[] d = new double[256];
        for (int i = 4; i < 8; i++) {
            for (int j = 0; j < 16; j++) {
                d[i * 16 + j] = 1;
            }
        }
        CenteredGrid f = CenteredGrid.scalar("step", G, Tensor.of(d, 1, 16, 16), Boundaries.periodic(2));
        StaggeredGrid v = uniform(0.37, 0.21);
        for (int i = 0; i < 10; i++) {
            f = Advection.macCormack(f, v, 1.0);
        }
        assertThat(f.values().min().item()).isGreaterThanOrEqualTo(-1e-12);
        assertThat(f.values().max().item()).isLessThanOrEqualTo(1 + 1e-12);
        // The step moved: its centre of mass in x advanced by about 3.7 cells.
        Tensor x = G.cellCenters(DType.FLOAT64).select(-1, 0).unsqueeze(0).unsqueeze(3);
        double centre = f.values().mul(x).sum().item() / f.values().sum().item();
        assertThat(centre).isCloseTo(6 + 3.7, within(0.5));
    }

    @Test
    void rk4PointsFollowASolidBodyRotation() {
        UniformGrid g = UniformGrid.of(new int[] {20, 20}, new double[] {-2, -2}, new double[] {2, 2});
        StaggeredGrid rot = StaggeredGrid.fromFunction("rot", g, DType.FLOAT64, Boundaries.zeroGradient(2),
                p -> Tensor.stack(-1, p.select(-1, 1).neg(), p.select(-1, 0)));
        Tensor p = Tensor.of(new double[] {1, 0}, 1, 1, 2);
        Tensor rk = p;
        Tensor eu = p;
        int steps = 20;
        double dt = Math.PI / 2 / steps;
        for (int i = 0; i < steps; i++) {
            rk = Advection.points(rk, rot, dt, Advection.PointIntegrator.RK4);
            eu = Advection.points(eu, rot, dt, Advection.PointIntegrator.EULER);
        }
        // A quarter turn takes (1, 0) to (0, 1); the velocity field is linear, so interpolation is exact.
        assertThat(rk.get(0, 0, 0)).isCloseTo(0, within(1e-6));
        assertThat(rk.get(0, 0, 1)).isCloseTo(1, within(1e-6));
        double euRadius = Math.hypot(eu.get(0, 0, 0), eu.get(0, 0, 1));
        assertThat(euRadius).isCloseTo(Math.sqrt(Math.pow(1 + dt * dt, steps)), within(1e-9));
        assertThatThrownBy(() -> Advection.points(Tensor.zeros(DType.FLOAT64, 1, 3), rot, dt,
                Advection.PointIntegrator.RK4)).hasMessageContaining("'rot'");
    }

    /**
     * The Euler back-trace {@code x - v(x) dt} of PhiFlow's semi-Lagrangian step is not area-preserving: for a
     * linear divergence-free flow with gradient J the total changes by {@code 1 / det(I - dt J)} per step, i.e.
     * {@code 1 / (1 + (w dt)^2)} for a rotation and {@code 1 / (1 - (a dt)^2)} for a strain; MacCormack without
     * its clamp cancels this to second order. (Why the smoke plume, with strains of O(1) per step, gains mass.)
     */
    @Test
    void semiLagrangianMassFollowsTheJacobianOfTheEulerBackTrace() {
        UniformGrid g = UniformGrid.square(2, 64, 64);
        CenteredGrid blob = CenteredGrid.fromFunction("blob", g, DType.FLOAT64, Boundaries.zeroGradient(2), p -> {
            Tensor x = p.select(-1, 0).sub(32);
            Tensor y = p.select(-1, 1).sub(32);
            return x.mul(x).add(y.mul(y)).div(-2 * 16.0).exp().unsqueeze(-1);
        });
        double m0 = blob.values().sum().item();
        double k = 0.2;
        double dt = 0.5;
        StaggeredGrid rotation = StaggeredGrid.fromFunction("rotation", g, DType.FLOAT64, Boundaries.zero(2),
                p -> Tensor.stack(-1, p.select(-1, 1).sub(32).mul(-k), p.select(-1, 0).sub(32).mul(k)));
        StaggeredGrid strain = StaggeredGrid.fromFunction("strain", g, DType.FLOAT64, Boundaries.zero(2),
                p -> Tensor.stack(-1, p.select(-1, 0).sub(32).mul(k), p.select(-1, 1).sub(32).mul(-k)));
        assertThat(Operators.divergence(rotation).values().abs().max().item()).isLessThan(1e-12);
        assertThat(Operators.divergence(strain).values().abs().max().item()).isLessThan(1e-12);
        double rot = Advection.semiLagrangian(blob, rotation, dt).values().sum().item() / m0;
        double str = Advection.semiLagrangian(blob, strain, dt).values().sum().item() / m0;
        assertThat(rot).isCloseTo(1 / (1 + k * k * dt * dt), within(1e-4));
        assertThat(str).isCloseTo(1 / (1 - k * k * dt * dt), within(3e-3));
        assertThat(str - 1).as("the strain adds mass").isGreaterThan(0.008);
        for (StaggeredGrid v : new StaggeredGrid[] {rotation, strain}) {
            CenteredGrid forward = Advection.semiLagrangian(blob, v, dt);
            CenteredGrid reverse = Advection.semiLagrangian(forward, v, -dt);
            double unclamped = forward.values().add(blob.values().sub(reverse.values()).mul(0.5)).sum().item();
            assertThat(unclamped / m0).isCloseTo(1, within(2e-3));
        }
    }

    @Test
    void mismatchedLayoutsAndNonFiniteStepsAreRejected() {
        StaggeredGrid closed = StaggeredGrid.zeros("box", G, 1, DType.FLOAT64, Boundaries.zero(2));
        assertThatThrownBy(() -> Advection.semiLagrangian(uniform(1, 0), closed, 0.1))
                .hasMessageContaining("'wind'").hasMessageContaining("'box'")
                .hasMessageContaining("periodic along axis 0");
        assertThatThrownBy(() -> Advection.semiLagrangian(wave(0), uniform(1, 0), Double.NaN))
                .hasMessageContaining("dt NaN");
        assertThatThrownBy(() -> Advection.macCormack(wave(0), uniform(1, 0), Double.POSITIVE_INFINITY))
                .hasMessageContaining("dt Infinity");
    }

    @Test
    void centralAdvectionTermOfAUniformFlowVanishes() {
        StaggeredGrid v = uniform(0.3, -0.2);
        StaggeredGrid a = Advection.advectionTerm(v);
        assertThat(a.maxAbsDifference(v.mul(0))).isLessThan(1e-14);
    }

    @Test
    void centralAdvectionTermOfAShearWaveMatchesTheDiscreteClosedForm() {
        // u = v = sin(k x) with dx = 1: the central difference of sin(k x) is cos(k x) sin(k). On the u faces
        // -(u du/dx + v dv/dy) = -sin cos sin(k); on the v faces (cell centres in x) u is the mean of the two
        // neighbouring u faces, sin(k x) cos(k / 2), and -(u dv/dx + v dv/dy) = -sin(k x) cos(k / 2) cos(k x) sin(k).
        double k = 2 * Math.PI / 16;
        StaggeredGrid v = StaggeredGrid.fromFunction("shear", G, DType.FLOAT64, Boundaries.periodic(2),
                p -> {
                    Tensor s = p.select(-1, 0).mul(k).sin();
                    return Tensor.stack(-1, s, s);
                });
        StaggeredGrid expected = StaggeredGrid.fromFunction("shear", G, DType.FLOAT64, Boundaries.periodic(2),
                p -> {
                    Tensor x = p.select(-1, 0).mul(k);
                    Tensor product = x.sin().mul(x.cos()).mul(-Math.sin(k));
                    return Tensor.stack(-1, product, product.mul(Math.cos(k / 2)));
                });
        assertThat(Advection.advectionTerm(v).maxAbsDifference(expected)).isLessThan(1e-14);
    }
}
