package dev.adjoint.physics.systems;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.adjoint.api.DType;
import dev.adjoint.api.RandomKey;
import dev.adjoint.api.Rng;
import dev.adjoint.api.Tensor;
import dev.adjoint.api.testing.GradCheck;
import java.util.List;
import org.junit.jupiter.api.Test;

class BurgersTest {

    @Test
    void bookForwardReferenceAtTimeOne() {
        // PBDL book, overview-burgers-forw: u[0:5] at t = 1.
        double[] expected = {0.0057228, 0.01716715, 0.02861034, 0.040052, 0.05149214};
        List<Tensor> states = Burgers.book().rollout(Burgers.bookInitialState(DType.FLOAT64), Burgers.BOOK_STEPS);
        assertThat(states).hasSize(33);
        double[] u = states.get(32).toDoubleArray();
        for (int i = 0; i < expected.length; i++) {
            assertThat(u[i]).as("u[%d]", i).isCloseTo(expected[i], within(1e-6));
        }
    }

    @Test
    void conservativeSchemeConservesTheMeanOnAPeriodicDomain() {
        Burgers b = Burgers.periodic1d(64, 1, 0.002, 0.004, Burgers.Scheme.CONSERVATIVE);
        Tensor u = Rng.uniform(RandomKey.of(1), DType.FLOAT64, -1, 1, 3, 64);
        double[] before = u.mean(1).toDoubleArray();
        for (int n = 0; n < 200; n++) {
            u = b.step(u);
        }
        assertThat(u.mean(1).toDoubleArray()).containsExactly(before, within(1e-14));
        // It does evolve: the random field is smoothed.
        assertThat(u.abs().max().item()).isLessThan(0.9);
    }

    /** The inviscid solution u(x, t) = u0(x - u t) with u0 = 0.5 + 0.2 sin(2 pi x), solved per point by Newton. */
    private static double exact(double x, double t) {
        double u = 0.5;
        for (int it = 0; it < 50; it++) {
            double phase = 2 * Math.PI * (x - u * t);
            double residual = u - 0.5 - 0.2 * Math.sin(phase);
            double slope = 1 + 0.2 * 2 * Math.PI * t * Math.cos(phase);
            u -= residual / slope;
        }
        return u;
    }

    /** Max error at t = 0.3 (before the shock at t = 0.796) against the characteristic solution. */
    private static double smoothError(int n, Burgers.Scheme scheme) {
        double dx = 1.0 / n;
        double dt = 0.3 / Math.round(0.3 / (0.4 * dx));
        Burgers b = Burgers.periodic1d(n, 1, 0, dt, scheme);
        double[] u0 = new double[n];
        for (int i = 0; i < n; i++) {
            u0[i] = 0.5 + 0.2 * Math.sin(2 * Math.PI * i * dx);
        }
        Tensor u = Tensor.of(u0, 1, n);
        int steps = (int) Math.round(0.3 / dt);
        for (int s = 0; s < steps; s++) {
            u = b.step(u);
        }
        double[] got = u.toDoubleArray();
        double worst = 0;
        for (int i = 0; i < n; i++) {
            worst = Math.max(worst, Math.abs(got[i] - exact(i * dx, 0.3)));
        }
        return worst;
    }

    @Test
    void bothSchemesConvergeToTheCharacteristicSolutionBeforeTheShock() {
        for (Burgers.Scheme scheme : Burgers.Scheme.values()) {
            double coarse = smoothError(64, scheme);
            double fine = smoothError(256, scheme);
            // First-order schemes: a quarter of the cell size gives at least 3x less error.
            assertThat(coarse / fine).as("%s", scheme).isGreaterThan(3);
            assertThat(fine).as("%s", scheme).isLessThan(0.01);
        }
    }

    @Test
    void twoDimensionalStepActsPerAxisLikeTheOneDimensionalOne() {
        int n = 16;
        Burgers one = Burgers.periodic1d(n, 2, 0.01, 0.05, Burgers.Scheme.SEMI_LAGRANGIAN);
        Burgers two = Burgers.periodic2d(n, n, 2, 2, 0.01, 0.05);
        double[] profile = Rng.uniform(RandomKey.of(4), DType.FLOAT64, -1, 1, n).toDoubleArray();
        double[] expected = one.step(Tensor.of(profile, 1, n)).toDoubleArray();
        for (int axis = 0; axis < 2; axis++) {
            // Velocity along `axis` that varies only along `axis`; the other component is zero.
            double[] field = new double[n * n * 2];
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < n; j++) {
                    field[(i * n + j) * 2 + axis] = profile[axis == 0 ? i : j];
                }
            }
            double[] got = two.step(Tensor.of(field, 1, n, n, 2)).toDoubleArray();
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < n; j++) {
                    int cell = (i * n + j) * 2;
                    assertThat(got[cell + axis]).isCloseTo(expected[axis == 0 ? i : j], within(1e-14));
                    assertThat(got[cell + 1 - axis]).isZero();
                }
            }
        }
    }

    @Test
    void forcingIsAddedTimesDt() {
        Burgers b = Burgers.periodic2d(6, 5, 1, 1, 0.01, 0.1);
        RandomKey[] k = RandomKey.of(5).split(2);
        Tensor u = Rng.uniform(k[0], DType.FLOAT64, -1, 1, 2, 6, 5, 2);
        Tensor f = Rng.uniform(k[1], DType.FLOAT64, -1, 1, 2, 6, 5, 2);
        assertThat(b.step(u, f).allClose(b.step(u).add(f.mul(0.1)), 0, 1e-15)).isTrue();
    }

    @Test
    void gradientsOfEveryScheme() {
        RandomKey[] k = RandomKey.of(6).split(2);
        Tensor u1 = Rng.uniform(k[0], DType.FLOAT64, -1, 1, 2, 8);
        Tensor u2 = Rng.uniform(k[1], DType.FLOAT64, -1, 1, 1, 5, 4, 2);
        Burgers sl = Burgers.periodic1d(8, 1, 0.01, 0.05, Burgers.Scheme.SEMI_LAGRANGIAN);
        Burgers fv = Burgers.periodic1d(8, 1, 0.01, 0.05, Burgers.Scheme.CONSERVATIVE);
        Burgers two = Burgers.periodic2d(5, 4, 1, 1, 0.01, 0.05);
        GradCheck.checkFloat64AndFloat32(in -> sl.step(in[0]), u1);
        GradCheck.checkFloat64AndFloat32(in -> fv.step(in[0]), u1);
        GradCheck.checkFloat64AndFloat32(in -> two.step(in[0]), u2);
        GradCheck.checkFloat64AndFloat32(in -> two.step(in[0], in[1]), u2, u2.mul(0.5));
    }

    @Test
    void badInputIsRejected() {
        assertThatThrownBy(() -> Burgers.periodic1d(16, 1, 0.01, 0.01, null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("scheme");
        assertThatThrownBy(() -> Burgers.periodic1d(16, 1, 0.01, 0, Burgers.Scheme.CONSERVATIVE))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("dt");
        assertThatThrownBy(() -> Burgers.periodic1d(16, 1, 1, 0.01, Burgers.Scheme.CONSERVATIVE))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("diffusion limit");
        assertThatThrownBy(() -> Burgers.periodic2d(16, 8, 1, -1, 0.01, 0.01))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("length[1]");
        Burgers b = Burgers.periodic2d(6, 5, 1, 1, 0.01, 0.1);
        assertThatThrownBy(() -> b.step(Tensor.zeros(DType.FLOAT64, 2, 5, 6, 2)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("u")
                .hasMessageContaining("[any, 6, 5, 2]");
        Tensor u = Tensor.zeros(DType.FLOAT64, 2, 6, 5, 2);
        assertThatThrownBy(() -> b.step(u, Tensor.zeros(DType.FLOAT64, 1, 6, 5, 2)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("forcing");
        assertThatThrownBy(() -> Burgers.book().step(Tensor.zeros(DType.INT32, 1, 128)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("INT32");
    }
}
