package dev.adjoint.optim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.adjoint.api.DType;
import dev.adjoint.api.Params;
import org.junit.jupiter.api.Test;

class AdamTest {

    @Test
    void firstStepIsLrTimesSignThanksToBiasCorrection() {
        // m^ = g and v^ = g^2 at t = 1, so p -= lr * g / (|g| + eps)
        double[][] r = Trees.run(Adam.of(0.1), 1, DType.FLOAT64);
        double[] g = Trees.GRADS[0];
        for (int i = 0; i < 3; i++) {
            double expected = Trees.P0[i] - 0.1 * g[i] / (Math.abs(g[i]) + 1e-8);
            assertThat(r[0][i]).isCloseTo(expected, within(1e-15));
        }
        assertThat(r[0]).containsExactly(new double[] {0.900000002, -1.900000001, 0.4000000005}, within(1e-15));
    }

    @Test
    void threeStepsWithBiasCorrection() {
        // Step 2 (w0): m = 0.9 * 0.05 + 0.01 = 0.055, v = 0.999 * 2.5e-4 + 1e-5 = 2.5975e-4,
        // m^ = 0.055 / 0.19, v^ = 2.5975e-4 / 0.001999, p = 0.900000002 - 0.1 * m^ / (sqrt(v^) + 1e-8)
        double[][] r = Trees.run(Adam.of(0.1), 3, DType.FLOAT64);
        assertThat(r[1]).containsExactly(new double[] {0.8196959063846518, -1.8572151424292265, 0.37336629670243154},
                within(1e-13));
        assertThat(r[2]).containsExactly(new double[] {0.785260531835489, -1.8241423228510014, 0.33932338213894264},
                within(1e-13));
    }

    @Test
    void l2WeightDecayIsAddedToTheGradient() {
        double[][] r = Trees.run(Adam.of(0.1).withWeightDecay(0.1), 3, DType.FLOAT64);
        assertThat(r[0]).containsExactly(new double[] {0.9000000016666666, -1.9000000008333333, 0.4000000004878049},
                within(1e-13));
        assertThat(r[1]).containsExactly(new double[] {0.8136483454297575, -1.8400703555381717, 0.37089514609880114},
                within(1e-13));
        assertThat(r[2]).containsExactly(new double[] {0.7598997572221902, -1.7846241917957342, 0.3342455593220084},
                within(1e-13));
    }

    @Test
    void adamWDecaysTheParametersBeforeTheAdamStep() {
        // step 1 (w0): p = 1 * (1 - 0.1 * 0.1) = 0.99, then 0.99 - 0.1 * 0.5 / (0.5 + 1e-8) = 0.890000002
        double[][] r = Trees.run(AdamW.of(0.1).withWeightDecay(0.1), 3, DType.FLOAT64);
        assertThat(r[0]).containsExactly(new double[] {0.890000002, -1.880000001, 0.3950000005}, within(1e-13));
        assertThat(r[1]).containsExactly(new double[] {0.8007959063646517, -1.8184151424192265, 0.36441629669743153},
                within(1e-13));
        assertThat(r[2]).containsExactly(new double[] {0.7583525727518423, -1.7671581714168092, 0.3267292191669683},
                within(1e-13));
    }

    @Test
    void adamWWithoutDecayIsAdam() {
        double[][] a = Trees.run(Adam.of(0.1), 3, DType.FLOAT64);
        double[][] w = Trees.run(AdamW.of(0.1).withWeightDecay(0), 3, DType.FLOAT64);
        assertThat(w).isDeepEqualTo(a);
    }

    @Test
    void float32() {
        double[][] r = Trees.run(Adam.of(0.1), 3, DType.FLOAT32);
        assertThat(r[2]).containsExactly(new double[] {0.785260531835489, -1.8241423228510014, 0.33932338213894264},
                within(2e-6));
    }

    @Test
    void customBetasAndEps() {
        // beta1 = 0.5, beta2 = 0.5, eps = 0.1; step 1 (w0): m^ = 0.5, v^ = 0.25, p = 1 - 0.1 * 0.5 / 0.6
        double[][] r = Trees.run(Adam.of(0.1).withBetas(0.5, 0.5).withEps(0.1), 2, DType.FLOAT64);
        assertThat(r[0][0]).isCloseTo(1 - 0.1 * 0.5 / 0.6, within(1e-15));
        // step 2 (w0): m = 0.5 * 0.25 + 0.5 * 0.1 = 0.175, m^ = 0.175 / 0.75;
        // v = 0.5 * 0.125 + 0.5 * 0.01 = 0.0675, v^ = 0.09, p -= 0.1 * (0.175 / 0.75) / (0.3 + 0.1)
        assertThat(r[1][0]).isCloseTo(1 - 0.1 * 0.5 / 0.6 - 0.1 * (0.175 / 0.75) / 0.4, within(1e-14));
    }

    @Test
    void slotNamesAndChecks() {
        Params p = Trees.tree(DType.FLOAT64, Trees.P0);
        assertThat(Adam.of(1e-3).init(p).slots().names()).containsExactly("m/layer/w", "m/b", "v/layer/w", "v/b");
        assertThatThrownBy(() -> Adam.of(1e-3).withBetas(1.0, 0.999)).hasMessageContaining("beta1");
        assertThatThrownBy(() -> AdamW.of(1e-3).withEps(-1)).hasMessageContaining("eps");
        OptimizerState sgdState = Sgd.of(0.1).withMomentum(0.9).init(p);
        assertThatThrownBy(() -> Adam.of(1e-3).update(p, p, sgdState)).hasMessageContaining("m/layer/w");
    }
}
