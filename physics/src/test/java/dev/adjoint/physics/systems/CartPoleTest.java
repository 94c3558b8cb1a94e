package dev.adjoint.physics.systems;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.adjoint.api.DType;
import dev.adjoint.api.RandomKey;
import dev.adjoint.api.Rng;
import dev.adjoint.api.Tensor;
import dev.adjoint.api.testing.GradCheck;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class CartPoleTest {

    @Test
    void zeroControlLossIsAbout197ForEveryPoleCount() {
        // Reference: 1.972 (Monte Carlo over 2e5 samples); the per-sample spread is at most 0.031, so 4096 samples
        // put the sample mean within 0.0005 (one standard error) of it.
        for (int poles = 1; poles <= 4; poles++) {
            CartPole p = new CartPole(poles);
            Tensor start = p.initialStates(RandomKey.of(CartPole.SEED).foldIn(poles), 4096).cast(DType.FLOAT64);
            assertThat(p.zeroControlLoss(start).item()).as("P = %d", poles)
                    .isCloseTo(CartPole.ZERO_CONTROL_LOSS, within(0.003));
        }
    }

    @Test
    void releasedDataSizeGivesTheSanityLossInFloat32() {
        CartPole p = new CartPole(2);
        Tensor start = p.initialStates(RandomKey.of(CartPole.SEED), CartPole.DATA_SIZE);
        assertThat(p.zeroControlLoss(start).item()).isCloseTo(CartPole.ZERO_CONTROL_LOSS, within(0.01));
    }

    @Test
    void initialStatesFollowThePublishedRanges() {
        Tensor s = new CartPole(3).initialStates(RandomKey.of(1), 500);
        assertThat(s.shape().dims()).containsExactly(500, 4, 2);
        double[] v = s.toDoubleArray();
        for (int i = 0; i < 500; i++) {
            for (int r = 0; r < 4; r++) {
                double pos = v[8 * i + 2 * r];
                double vel = v[8 * i + 2 * r + 1];
                double centre = r == 0 ? 0 : Math.PI;
                double half = r == 0 ? 1 : Math.PI / 6;
                assertThat(Math.abs(pos - centre)).isLessThanOrEqualTo(half + 1e-6);
                assertThat(Math.abs(vel)).isLessThanOrEqualTo(1);
            }
        }
    }

    /** One step of the published equations, written out per sample with scalars. */
    private static double[] referenceStep(double[] s, int poles, double force, double dt) {
        double g = 9.8;
        double m = 0.1;
        double bigM = 1.1;
        double l = 0.5;
        double ml = m * l;
        double[] out = s.clone();
        double sum = 0;
        for (int k = 1; k <= poles; k++) {
            double th = s[2 * k];
            double thd = s[2 * k + 1];
            double a = (force + ml * Math.sin(th) * thd * thd) / bigM;
            double b = l * (4.0 / 3 - m * Math.cos(th) * Math.cos(th) / bigM);
            double thdd = (g * Math.sin(th) - Math.cos(th) * a) / b;
            sum += Math.sin(th) * thd * thd - thdd * Math.cos(th);
            out[2 * k + 1] = thd + dt * thdd;
            out[2 * k] = th + dt * out[2 * k + 1];
        }
        double xdd = (force + ml * sum) / bigM;
        out[1] = s[1] + dt * xdd;
        out[0] = s[0] + dt * out[1];
        return out;
    }

    @Test
    void stepMatchesThePublishedEquations() {
        CartPole p = new CartPole(3);
        Tensor state = p.initialStates(RandomKey.of(4), 2).cast(DType.FLOAT64);
        Tensor force = Tensor.of(new double[] {0.7, -2.5}, 2, 1);
        double[] got = p.step(state, force).toDoubleArray();
        double[] all = state.toDoubleArray();
        double[] forces = {0.7, -2.5};
        for (int b = 0; b < 2; b++) {
            double[] expected = referenceStep(Arrays.copyOfRange(all, 8 * b, 8 * b + 8), 3, forces[b], 0.01);
            for (int i = 0; i < 8; i++) {
                assertThat(got[8 * b + i]).as("sample %d entry %d", b, i).isCloseTo(expected[i], within(1e-14));
            }
        }
    }

    @Test
    void smallOscillationsOfTheHangingPoleHaveTheLinearisedPeriod() {
        // Near theta = pi: thetaddot = -g phi / (l (4/3 - m/M)), so T = 2 pi sqrt(l (4/3 - m/M) / g) = 1.5819 s.
        double expected = 2 * Math.PI * Math.sqrt(0.5 * (4.0 / 3 - 0.1 / 1.1) / 9.8);
        CartPole p = new CartPole(1, 0.001, 1);
        Tensor s = Tensor.of(new double[] {0, 0, Math.PI + 1e-3, 0}, 1, 2, 2);
        Tensor zero = Tensor.zeros(DType.FLOAT64, 1, 1);
        double previous = 1e-3;
        double firstUp = -1;
        double lastUp = -1;
        int crossings = 0;
        for (int n = 1; n <= 5000; n++) {
            s = p.step(s, zero);
            double phi = s.get(0, 1, 0) - Math.PI;
            if (previous < 0 && phi >= 0) {
                double t = (n - 1 + previous / (previous - phi)) * 0.001;
                if (firstUp < 0) {
                    firstUp = t;
                } else {
                    lastUp = t;
                    crossings++;
                }
            }
            previous = phi;
        }
        assertThat(crossings).isGreaterThanOrEqualTo(2);
        assertThat((lastUp - firstUp) / crossings).isCloseTo(expected, within(1e-3 * expected));
    }

    @Test
    void singlePoleEnergyIsConservedToFirstOrderInDt() {
        // These equations are exact Lagrangian dynamics for one pole, so with F = 0 the energy drift of the
        // first-order integrator shrinks in proportion to dt.
        Tensor start = new CartPole(1).initialStates(RandomKey.of(11), 8).cast(DType.FLOAT64);
        double coarse = energyDrift(start, 0.01, 100);
        double fine = energyDrift(start, 0.001, 1000);
        assertThat(fine).isLessThan(coarse / 5);
        assertThat(fine).isLessThan(5e-4);
    }

    private static double energyDrift(Tensor start, double dt, int steps) {
        CartPole p = new CartPole(1, dt, steps);
        double[] e0 = CartPole.singlePoleEnergy(start).toDoubleArray();
        Tensor s = start;
        double worst = 0;
        for (int n = 0; n < steps; n++) {
            s = p.step(s, p.zeroControl(s));
            double[] e = CartPole.singlePoleEnergy(s).toDoubleArray();
            for (int i = 0; i < e.length; i++) {
                worst = Math.max(worst, Math.abs(e[i] - e0[i]));
            }
        }
        return worst;
    }

    @Test
    void stepAndLossGradients() {
        CartPole p = new CartPole(2);
        RandomKey[] k = RandomKey.of(8).split(2);
        Tensor state = p.initialStates(k[0], 3).cast(DType.FLOAT64);
        Tensor force = Rng.uniform(k[1], DType.FLOAT64, -3, 3, 3, 1);
        GradCheck.checkFloat64AndFloat32(in -> p.step(in[0], in[1]), state, force);
        GradCheck.checkFloat64AndFloat32(in -> p.finalLoss(p.step(p.step(in[0], in[1]), in[1])), state, force);
    }

    @Test
    void badInputIsRejected() {
        assertThatThrownBy(() -> new CartPole(0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("poles");
        assertThatThrownBy(() -> new CartPole(1, 0, 10)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("dt");
        CartPole p = new CartPole(2);
        Tensor state = Tensor.zeros(DType.FLOAT64, 4, 3, 2);
        assertThatThrownBy(() -> p.step(state, Tensor.zeros(DType.FLOAT64, 4, 2)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("control")
                .hasMessageContaining("[4, 2]");
        assertThatThrownBy(() -> p.step(state, Tensor.zeros(DType.FLOAT64, 3)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("control");
        assertThatThrownBy(() -> p.step(Tensor.zeros(DType.FLOAT64, 4, 2, 2), Tensor.zeros(DType.FLOAT64, 4, 1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("state")
                .hasMessageContaining("2 poles");
        assertThatThrownBy(() -> p.step(state, Tensor.zeros(DType.FLOAT32, 4, 1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("FLOAT32");
    }
}
