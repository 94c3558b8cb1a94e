package dev.adjoint.physics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.adjoint.api.DType;
import dev.adjoint.api.Tensor;
import org.junit.jupiter.api.Test;

/** The smoke plume: incompressibility after projection, mass conservation, symmetry, the plume rises. */
class SmokePlumeTest {

    @Test
    void velocityIsDivergenceFreeAfterEveryProjection() {
        SmokePlume plume = new SmokePlume(32, 1, DType.FLOAT32, 1e-5, null);
        SmokePlume.State s = plume.initial();
        double dx = plume.grid().dx(0);
        for (int i = 0; i < 40; i++) {
            s = plume.step(s);
            if (i % 10 == 9) {
                double maxV = Math.max(s.velocity().component(0).abs().max().item(),
                        s.velocity().component(1).abs().max().item());
                double div = Operators.divergence(s.velocity()).values().abs().max().item();
                assertThat(maxV).isGreaterThan(0.1);
                assertThat(div / (maxV / dx)).as("relative divergence at step %d", i + 1).isLessThan(1e-4);
                // The obstacle-free closed box is solved directly (FFT), without CG iterations.
                assertThat(plume.lastPressureIterations()).isZero();
            }
        }
        // Walls stay closed.
        Tensor u = s.velocity().component(0);
        assertThat(u.slice(1, 0, 1).abs().max().item()).isZero();
        assertThat(s.velocity().component(1).slice(2, 32, 33).abs().max().item()).isZero();
    }

    @Test
    void plumeAroundAnObstacleUsesPreconditionedCg() {
        Geometry block = Geometry.box(new double[] {40, 40}, new double[] {60, 50});
        SmokePlume plume = new SmokePlume(32, 1, DType.FLOAT32, 1e-5, block);
        SmokePlume.State s = plume.initial();
        for (int i = 0; i < 30; i++) {
            s = plume.step(s);
        }
        assertThat(plume.lastPressureIterations()).isBetween(1, 100);
        Tensor fluid = plume.projection().solidMask(s.velocity()).neg().add(1);
        double div = Operators.divergence(s.velocity()).values().squeeze(-1).mul(fluid).abs().max().item();
        double maxV = s.velocity().component(1).abs().max().item();
        assertThat(div / (maxV / plume.grid().dx(0))).isLessThan(1e-4);
    }

    @Test
    void plumeStaysMirrorSymmetricNonNegativeAndRises() {
        SmokePlume plume = new SmokePlume(32, 1, DType.FLOAT64, 1e-10, null);
        SmokePlume.State s = plume.initial();
        double previousTop = 0;
        for (int i = 0; i < 60; i++) {
            s = plume.step(s);
            if (i % 20 == 19) {
                Tensor smoke = s.smoke().values();
                Tensor mirrored = smoke.slice(1, 31, -33, -1);
                assertThat(smoke.sub(mirrored).abs().max().item()).isLessThan(1e-6);
                assertThat(smoke.min().item()).isGreaterThanOrEqualTo(-1e-9);
                double top = topOfPlume(smoke, plume.grid());
                assertThat(top).isGreaterThan(previousTop);
                previousTop = top;
            }
        }
    }

    private static double topOfPlume(Tensor smoke, UniformGrid g) {
        double[] v = smoke.toDoubleArray();
        int n = g.resolution(1);
        double top = 0;
        for (int i = 0; i < g.resolution(0); i++) {
            for (int j = 0; j < n; j++) {
                if (v[i * n + j] > 0.05) {
                    top = Math.max(top, g.center(1, j));
                }
            }
        }
        return top;
    }

    @Test
    void badTimeStepOrInflowIsRejected() {
        assertThatThrownBy(() -> new SmokePlume(8, 1, DType.FLOAT32, 1e-5, null, 0.2, 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("dt 0.0");
        assertThatThrownBy(() -> new SmokePlume(8, 1, DType.FLOAT32, 1e-5, null, Double.NaN, 0.5))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("inflow rate NaN");
        SmokePlume plume = new SmokePlume(8, 1, DType.FLOAT32, 1e-5, null, 0.2, 0.5);
        for (Tensor bad : new Tensor[] {Tensor.scalar(1.0), Tensor.zeros(DType.FLOAT32, 2, 5)}) {
            assertThatThrownBy(() -> plume.unpack(bad)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("expected [batch, " + (64 + 2 * 72) + "]");
        }
    }

    @Test
    void macCormackConservesSmokeInAClosedBox() {
        // A buoyant Gaussian puff rising in the closed box, without inflow: the total stays within 1 % over 100 steps.
        SmokePlume plume = new SmokePlume(64, 1, DType.FLOAT32, 1e-5, null, 0, 0.25);
        CenteredGrid puff = CenteredGrid.fromFunction("smoke", plume.grid(), DType.FLOAT32, Boundaries.zeroGradient(2),
                p -> {
                    Tensor dx = p.select(-1, 0).sub(50);
                    Tensor dy = p.select(-1, 1).sub(30);
                    return dx.square().add(dy.square()).div(-2 * 64.0).exp().unsqueeze(-1);
                });
        SmokePlume.State s = new SmokePlume.State(puff, plume.initial().velocity(), null);
        double m0 = puff.integral().item();
        for (int i = 0; i < 100; i++) {
            s = plume.step(s);
        }
        double m = s.smoke().integral().item();
        assertThat(Math.abs(m / m0 - 1)).isLessThan(0.01);
        // The puff moved: its centre of mass rose.
        assertThat(s.velocity().component(1).max().item()).isGreaterThan(0.5);
    }
}
