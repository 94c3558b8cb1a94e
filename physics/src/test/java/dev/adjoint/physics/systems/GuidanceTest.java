package dev.adjoint.physics.systems;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.adjoint.api.DType;
import dev.adjoint.api.RandomKey;
import dev.adjoint.api.Rng;
import dev.adjoint.api.Tensor;
import dev.adjoint.api.testing.GradCheck;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class GuidanceTest {

    @Test
    void zeroControlPhysicsLossIsAbout512() {
        // Reference: 5.12. The per-sample spread of the loss is about 2.25, so 4096 samples put the sample mean
        // within 0.035 (one standard error) of the distribution's mean.
        Guidance g = new Guidance(0.1);
        Tensor start = g.initialStates(RandomKey.of(Guidance.SEED), 4096).cast(DType.FLOAT64);
        ControlProblem.Trajectory t = g.rollout(start, g::zeroControl);
        assertThat(g.physicsLoss(t.states()).item()).isCloseTo(Guidance.ZERO_CONTROL_LOSS, within(0.15));
        // Zero controls add nothing to the loss.
        assertThat(t.loss(g).item()).isEqualTo(g.physicsLoss(t.states()).item());
    }

    @Test
    void initialStatesFollowThePublishedDistribution() {
        Tensor s = new Guidance(1).initialStates(RandomKey.of(3), 400);
        assertThat(s.shape().dims()).containsExactly(400, 6, 2, 2);
        double[] v = s.toDoubleArray();
        for (int b = 0; b < 400; b++) {
            double cx = 0;
            double cy = 0;
            for (int o = 0; o < 6; o++) {
                int base = 24 * b + 4 * o;
                double r = Math.hypot(v[base], v[base + 1]);
                assertThat(v[base + 2]).isZero();
                assertThat(v[base + 3]).isZero();
                if (o < 2) {
                    assertThat(r).isBetween(3 - 1e-5, 4 + 1e-5);
                } else {
                    cx += v[base] / 4;
                    cy += v[base + 1] / 4;
                }
            }
            // The evaders' mean lies within the offset box of the centre on the annulus [1, 2].
            assertThat(Math.hypot(cx, cy)).isBetween(1 - 0.71, 2 + 0.71);
        }
    }

    private static double d(double rx, double ry) {
        return 0.1 + Math.hypot(rx, ry);
    }

    /** One explicit Euler step of the published equations for one sample: s[object][x/v][coordinate]. */
    private static double[][][] referenceStep(double[][][] s, double[][] c, double dt) {
        double[][] a = new double[6][2];
        double sx = 0;
        double sy = 0;
        for (int e = 2; e < 6; e++) {
            sx += s[e][0][0];
            sy += s[e][0][1];
        }
        for (int j = 0; j < 2; j++) {
            double rx = s[j][0][0] - sx;
            double ry = s[j][0][1] - sy;
            a[j][0] = c[j][0] * rx - c[j][1] * ry - s[j][1][0];
            a[j][1] = c[j][0] * ry + c[j][1] * rx - s[j][1][1];
            int i = 1 - j;
            double qx = s[j][0][0] - s[i][0][0];
            double qy = s[j][0][1] - s[i][0][1];
            double dd = d(qx, qy);
            a[j][0] += 0.2 * qx / (dd * dd);
            a[j][1] += 0.2 * qy / (dd * dd);
        }
        for (int e = 2; e < 6; e++) {
            a[e][0] = -4 * s[e][1][0];
            a[e][1] = -4 * s[e][1][1];
            for (int j = 0; j < 2; j++) {
                double rx = s[j][0][0] - s[e][0][0];
                double ry = s[j][0][1] - s[e][0][1];
                double dd = d(rx, ry);
                a[e][0] -= 15 * rx / (dd * dd);
                a[e][1] -= 15 * ry / (dd * dd);
            }
            for (int i = 2; i < 6; i++) {
                if (i != e) {
                    double rx = s[i][0][0] - s[e][0][0];
                    double ry = s[i][0][1] - s[e][0][1];
                    double dd = d(rx, ry);
                    double p = (0.5 / dd - 1) / dd;
                    a[e][0] += 0.2 * p * rx;
                    a[e][1] += 0.2 * p * ry;
                }
            }
        }
        double[][][] out = new double[6][2][2];
        for (int o = 0; o < 6; o++) {
            for (int k = 0; k < 2; k++) {
                out[o][0][k] = s[o][0][k] + dt * s[o][1][k];
                out[o][1][k] = s[o][1][k] + dt * a[o][k];
            }
        }
        return out;
    }

    @Test
    void stepMatchesThePublishedEquations() {
        Guidance g = new Guidance(0.01);
        RandomKey[] k = RandomKey.of(5).split(3);
        Tensor state = g.initialStates(k[0], 2).cast(DType.FLOAT64)
                .add(Rng.uniform(k[1], DType.FLOAT64, -0.5, 0.5, 2, 6, 2, 2));
        Tensor control = Rng.uniform(k[2], DType.FLOAT64, -1, 1, 2, 2, 2);
        double[] got = g.step(state, control).toDoubleArray();
        double[] sv = state.toDoubleArray();
        double[] cv = control.toDoubleArray();
        for (int b = 0; b < 2; b++) {
            double[][][] s = new double[6][2][2];
            double[][] c = new double[2][2];
            for (int o = 0; o < 6; o++) {
                for (int q = 0; q < 4; q++) {
                    s[o][q / 2][q % 2] = sv[24 * b + 4 * o + q];
                }
            }
            for (int q = 0; q < 4; q++) {
                c[q / 2][q % 2] = cv[4 * b + q];
            }
            double[][][] expected = referenceStep(s, c, 1.0 / 15);
            for (int o = 0; o < 6; o++) {
                for (int q = 0; q < 4; q++) {
                    assertThat(got[24 * b + 4 * o + q]).as("sample %d object %d entry %d", b, o, q)
                            .isCloseTo(expected[o][q / 2][q % 2], within(1e-13));
                }
            }
        }
        // The flat control layout [batch, 4] is the same control.
        assertThat(g.step(state, control.reshape(2, 4)).toDoubleArray()).containsExactly(got, within(0.0));
    }

    @Test
    void lossAddsTheRegularisationOverAllControls() {
        Guidance g = new Guidance(0.5, Guidance.DT, 2);
        Tensor start = g.initialStates(RandomKey.of(6), 3).cast(DType.FLOAT64);
        List<Tensor> controls = new ArrayList<>();
        controls.add(Tensor.full(DType.FLOAT64, 1, 3, 2, 2));
        controls.add(Tensor.full(DType.FLOAT64, 3, 3, 2, 2));
        ControlProblem.Trajectory t = g.rollout(start, controls);
        // mean(c^2) over both steps = (1 + 9) / 2 = 5, times rc 0.5.
        assertThat(t.loss(g).item() - g.physicsLoss(t.states()).item()).isCloseTo(2.5, within(1e-12));
    }

    @Test
    void stepAndLossGradients() {
        Guidance g = new Guidance(0.1, Guidance.DT, 2);
        RandomKey[] k = RandomKey.of(9).split(3);
        Tensor state = g.initialStates(k[0], 2).cast(DType.FLOAT64)
                .add(Rng.uniform(k[1], DType.FLOAT64, -0.3, 0.3, 2, 6, 2, 2));
        Tensor control = Rng.uniform(k[2], DType.FLOAT64, -1, 1, 2, 2, 2);
        GradCheck.checkFloat64AndFloat32(in -> g.step(in[0], in[1]), state, control);
        GradCheck.checkFloat64AndFloat32(in -> g.rollout(in[0], x -> in[1]).loss(g), state, control);
    }

    @Test
    void badInputIsRejected() {
        assertThatThrownBy(() -> new Guidance(-1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("rc");
        assertThatThrownBy(() -> new Guidance(0.1, 0, 5)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("dt");
        Guidance g = new Guidance(0.1);
        Tensor state = Tensor.zeros(DType.FLOAT64, 3, 6, 2, 2);
        assertThatThrownBy(() -> g.step(state, Tensor.zeros(DType.FLOAT64, 3, 2)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("control")
                .hasMessageContaining("[3, 2]");
        assertThatThrownBy(() -> g.step(Tensor.zeros(DType.FLOAT64, 3, 5, 2, 2), Tensor.zeros(DType.FLOAT64, 3, 4)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("state")
                .hasMessageContaining("[3, 5, 2, 2]");
    }
}
