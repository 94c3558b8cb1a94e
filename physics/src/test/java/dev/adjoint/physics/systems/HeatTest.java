package dev.adjoint.physics.systems;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.adjoint.api.DType;
import dev.adjoint.api.RandomKey;
import dev.adjoint.api.Rng;
import dev.adjoint.api.Tensor;
import dev.adjoint.api.testing.GradCheck;
import org.junit.jupiter.api.Test;

class HeatTest {

    /** sin(2 pi m x / L) at the cells x_i = i L / n, that is sin(2 pi m i / n). */
    private static double[] sineMode(int n, double length, int m) {
        double[] u = new double[n];
        for (int i = 0; i < n; i++) {
            u[i] = Math.sin(2 * Math.PI * m * i / n);
        }
        return u;
    }

    private static double maxAbsDiff(double[] a, double[] b) {
        double worst = 0;
        for (int i = 0; i < a.length; i++) {
            worst = Math.max(worst, Math.abs(a[i] - b[i]));
        }
        return worst;
    }

    @Test
    void spectralStepIsTheAnalyticDecayOfASineMode() {
        double nu = 0.3;
        double length = 2;
        double t = 0.7;
        int m = 3;
        double[] u0 = sineMode(64, length, m);
        double decay = Math.exp(-nu * Math.pow(2 * Math.PI * m / length, 2) * t);
        double[] expected = new double[64];
        for (int i = 0; i < 64; i++) {
            expected[i] = u0[i] * decay;
        }
        Tensor out = new Heat(nu, length / 64).spectralStep(Tensor.of(u0, 1, 64), t);
        assertThat(maxAbsDiff(out.toDoubleArray(), expected)).isLessThan(1e-10);
    }

    @Test
    void spectralStepIn2dDecaysAProductModeWithTheSumOfWaveNumbers() {
        int n0 = 16;
        int n1 = 12;
        double dx0 = 0.5;
        double dx1 = 0.25;
        double[] u = new double[n0 * n1];
        double[] expected = new double[n0 * n1];
        double k0 = 2 * Math.PI * 2 / (n0 * dx0);
        double k1 = 2 * Math.PI * 1 / (n1 * dx1);
        double decay = Math.exp(-1.5 * (k0 * k0 + k1 * k1) * 0.4);
        for (int i = 0; i < n0; i++) {
            for (int j = 0; j < n1; j++) {
                u[i * n1 + j] = Math.cos(k0 * i * dx0) * Math.sin(k1 * j * dx1) + 0.25;
                expected[i * n1 + j] = Math.cos(k0 * i * dx0) * Math.sin(k1 * j * dx1) * decay + 0.25;
            }
        }
        Tensor out = new Heat(1.5, dx0, dx1).spectralStep(Tensor.of(u, 1, n0, n1), 0.4);
        assertThat(maxAbsDiff(out.toDoubleArray(), expected)).isLessThan(1e-10);
    }

    /** Max error of the FD scheme against the analytic decay at t = 0.025 for n cells on [0, 1], nu = 1. */
    private static double fdError(int n, boolean implicit) {
        Heat heat = new Heat(1, 1.0 / n);
        double dt = 0.2 / ((double) n * n);
        int steps = (int) Math.round(0.025 / dt);
        double[] u0 = sineMode(n, 1, 1);
        Tensor u = Tensor.of(u0, 1, n);
        for (int s = 0; s < steps; s++) {
            u = implicit ? heat.implicitStep(u, dt) : heat.explicitStep(u, dt);
        }
        double decay = Math.exp(-4 * Math.PI * Math.PI * steps * dt);
        double[] expected = new double[n];
        for (int i = 0; i < n; i++) {
            expected[i] = u0[i] * decay;
        }
        return maxAbsDiff(u.toDoubleArray(), expected);
    }

    @Test
    void finiteDifferencesConvergeWithSecondOrderInSpace() {
        for (boolean implicit : new boolean[] {false, true}) {
            double e16 = fdError(16, implicit);
            double e32 = fdError(32, implicit);
            double e64 = fdError(64, implicit);
            double order1 = Math.log(e16 / e32) / Math.log(2);
            double order2 = Math.log(e32 / e64) / Math.log(2);
            assertThat(order1).as("implicit %s, 16 -> 32", implicit).isBetween(1.9, 2.1);
            assertThat(order2).as("implicit %s, 32 -> 64", implicit).isBetween(1.9, 2.1);
            assertThat(e64).isLessThan(2e-3);
        }
    }

    @Test
    void implicitStepInvertsOneMinusDtNuLaplacian() {
        Heat heat = new Heat(0.8, 0.5, 0.25);
        Tensor u = Rng.uniform(RandomKey.of(1), DType.FLOAT64, -1, 1, 2, 8, 6);
        double dt = 0.3;
        Tensor next = heat.implicitStep(u, dt);
        Tensor back = next.sub(heat.laplacian(next).mul(dt * 0.8));
        assertThat(maxAbsDiff(back.toDoubleArray(), u.toDoubleArray())).isLessThan(1e-12);
    }

    @Test
    void everyStepConservesTheMean() {
        Tensor u = Rng.uniform(RandomKey.of(2), DType.FLOAT64, -1, 1, 3, 10, 10);
        Heat heat = new Heat(0.1, 1, 1);
        double[] mean = u.mean(1, 2).toDoubleArray();
        for (Tensor out : new Tensor[] {heat.explicitStep(u, 1), heat.implicitStep(u, 10), heat.spectralStep(u, 10)}) {
            assertThat(out.mean(1, 2).toDoubleArray()).containsExactly(mean, within(1e-14));
        }
    }

    @Test
    void sipForwardKeepsTheMeanAndKillsHighFrequencies() {
        // exp(-4 pi^2 8 / 64^2) ~ 0.926 for the lowest mode; the checkerboard mode decays below 1e-100.
        double[] u = new double[64 * 64];
        for (int i = 0; i < 64; i++) {
            for (int j = 0; j < 64; j++) {
                u[64 * i + j] = 2 + ((i + j) % 2 == 0 ? 1 : -1) + Math.sin(2 * Math.PI * j / 64);
            }
        }
        double[] y = Heat.sipForward(Tensor.of(u, 1, 64, 64)).toDoubleArray();
        double decay = Math.exp(-4 * Math.PI * Math.PI * 8 / (64.0 * 64));
        for (int i = 0; i < 64; i++) {
            for (int j = 0; j < 64; j++) {
                assertThat(y[64 * i + j]).isCloseTo(2 + decay * Math.sin(2 * Math.PI * j / 64), within(1e-12));
            }
        }
    }

    @Test
    void gradientsOfEveryStep() {
        Tensor u = Rng.uniform(RandomKey.of(3), DType.FLOAT64, -1, 1, 2, 6, 5);
        Heat heat = new Heat(0.4, 1, 0.5);
        GradCheck.checkFloat64AndFloat32(in -> heat.explicitStep(in[0], 0.1), u);
        GradCheck.checkFloat64AndFloat32(in -> heat.implicitStep(in[0], 0.5), u);
        GradCheck.checkFloat64AndFloat32(in -> heat.spectralStep(in[0], 0.5), u);
    }

    @Test
    void badInputIsRejected() {
        assertThatThrownBy(() -> new Heat(-1, 1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("diffusivity");
        assertThatThrownBy(() -> new Heat(1, 1, 0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("spacing[1]");
        assertThatThrownBy(() -> new Heat(1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("spacing");
        Heat heat = new Heat(1, 0.1);
        Tensor u = Tensor.zeros(DType.FLOAT64, 2, 8);
        assertThatThrownBy(() -> heat.explicitStep(u, 0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("dt");
        assertThatThrownBy(() -> heat.implicitStep(u, -1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("dt");
        assertThatThrownBy(() -> heat.explicitStep(u, 0.01)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("stability limit").hasMessageContaining("0.005");
        assertThatThrownBy(() -> new Heat(1, 1, 1).spectralStep(u.reshape(16), 1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("2 spatial axes");
    }
}
