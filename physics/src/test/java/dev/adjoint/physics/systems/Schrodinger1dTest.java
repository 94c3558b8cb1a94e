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

class Schrodinger1dTest {

    private static Tensor normalised(Tensor psi) {
        return psi.div(Schrodinger1d.norm2(psi).sqrt().reshape(psi.dim(0), 1, 1));
    }

    @Test
    void crankNicolsonConservesTheNormForAnyRealPotential() {
        RandomKey[] k = RandomKey.of(7).split(2);
        Tensor psi = normalised(Rng.uniform(k[0], DType.FLOAT64, -1, 1, 3, 40, 2));
        Tensor v = Rng.uniform(k[1], DType.FLOAT64, -50, 50, 3, 40);
        Schrodinger1d s = new Schrodinger1d(40, 0.05, 0.01);
        for (int n = 0; n < 200; n++) {
            psi = s.step(psi, v);
        }
        for (double norm : Schrodinger1d.norm2(psi).toDoubleArray()) {
            assertThat(Math.abs(norm - 1)).isLessThan(1e-10);
        }
    }

    @Test
    void discreteSineModeTurnsByTheCrankNicolsonPhase() {
        int n = 20;
        int mode = 3;
        double dx = 1.0 / (n + 1);
        double dt = 1e-3;
        double[] psi0 = new double[2 * n];
        for (int j = 1; j <= n; j++) {
            psi0[2 * (j - 1)] = Math.sin(Math.PI * mode * j / (n + 1));
        }
        // Eigenvalue of [-1, 2, -1]/dx^2 on this mode, and the CN factor (1 - iE dt/2) / (1 + iE dt/2) = e^{-i theta}.
        double e = (2 - 2 * Math.cos(Math.PI * mode / (n + 1))) / (dx * dx);
        double theta = 2 * Math.atan(e * dt / 2);
        Schrodinger1d s = new Schrodinger1d(n, dx, dt);
        Tensor psi = Tensor.of(psi0, 1, n, 2);
        int steps = 25;
        for (int i = 0; i < steps; i++) {
            psi = s.step(psi, Tensor.zeros(DType.FLOAT64, n));
        }
        double[] got = psi.toDoubleArray();
        double c = Math.cos(theta * steps);
        double sn = Math.sin(theta * steps);
        for (int j = 0; j < n; j++) {
            assertThat(got[2 * j]).isCloseTo(psi0[2 * j] * c, within(1e-12));
            assertThat(got[2 * j + 1]).isCloseTo(-psi0[2 * j] * sn, within(1e-12));
        }
    }

    @Test
    void harmonicOscillatorGroundStateIsStationaryAndTurnsWithEnergyOne() {
        // H = -d^2/dx^2 + x^2 has the ground state exp(-x^2/2) with energy 1.
        int n = 255;
        double length = 16;
        double dx = length / (n + 1);
        double[] x = new double[n];
        double[] psi0 = new double[2 * n];
        for (int j = 0; j < n; j++) {
            x[j] = -length / 2 + (j + 1) * dx;
            psi0[2 * j] = Math.exp(-x[j] * x[j] / 2);
        }
        Tensor potential = Tensor.of(x).square();
        double dt = 0.01;
        int steps = 200;
        Schrodinger1d s = new Schrodinger1d(n, dx, dt);
        Tensor start = normalised(Tensor.of(psi0, 1, n, 2));
        Tensor psi = start;
        for (int i = 0; i < steps; i++) {
            psi = s.step(psi, potential);
        }
        double[] before = Complex.abs2(start).toDoubleArray();
        double[] after = Complex.abs2(psi).toDoubleArray();
        double peak = 0;
        double worst = 0;
        for (int j = 0; j < n; j++) {
            peak = Math.max(peak, before[j]);
            worst = Math.max(worst, Math.abs(after[j] - before[j]));
        }
        assertThat(worst / peak).isLessThan(1e-3);
        double[] overlap = Schrodinger1d.inner(start, psi).toDoubleArray();
        assertThat(Math.hypot(overlap[0], overlap[1])).isGreaterThan(1 - 1e-5);
        // Phase -E t with E = 1, t = 2 (Crank–Nicolson's own phase error 2 atan(dt/2) - dt is ~1e-7 per unit time).
        assertThat(Math.atan2(overlap[1], overlap[0])).isCloseTo(-steps * dt, within(2e-3));
    }

    @Test
    void stepGradientWithRespectToWaveFunctionAndPotential() {
        RandomKey[] k = RandomKey.of(3).split(2);
        Tensor psi = Rng.uniform(k[0], DType.FLOAT64, -1, 1, 2, 6, 2);
        Tensor v = Rng.uniform(k[1], DType.FLOAT64, -5, 5, 2, 6);
        Schrodinger1d s = new Schrodinger1d(6, 0.2, 0.05);
        GradCheck.checkFloat64AndFloat32(in -> s.step(in[0], in[1]), psi, v);
    }

    @Test
    void badInputIsRejected() {
        assertThatThrownBy(() -> new Schrodinger1d(8, 0.1, 0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("dt");
        assertThatThrownBy(() -> new Schrodinger1d(8, -0.1, 0.1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("dx");
        Schrodinger1d s = new Schrodinger1d(8, 0.1, 0.1);
        Tensor psi = Tensor.zeros(DType.FLOAT64, 2, 8, 2);
        assertThatThrownBy(() -> s.step(Tensor.zeros(DType.FLOAT64, 2, 7, 2), Tensor.zeros(DType.FLOAT64, 8)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("psi")
                .hasMessageContaining("[2, 7, 2]");
        assertThatThrownBy(() -> s.step(psi, Tensor.zeros(DType.FLOAT64, 3, 8)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("potential");
        assertThatThrownBy(() -> s.step(psi, Tensor.zeros(DType.FLOAT32, 8)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("potential")
                .hasMessageContaining("FLOAT32");
    }
}
