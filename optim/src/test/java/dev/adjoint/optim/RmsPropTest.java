package dev.adjoint.optim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.adjoint.api.DType;
import dev.adjoint.api.Params;
import org.junit.jupiter.api.Test;

class RmsPropTest {

    @Test
    void plain() {
        // step 1 (w0): s = 0.01 * 0.25 = 0.0025, p = 1 - 0.01 * 0.5 / (0.05 + 1e-8)
        double[][] r = Trees.run(RmsProp.of(0.01), 2, DType.FLOAT64);
        assertThat(r[0][0]).isCloseTo(1 - 0.01 * 0.5 / (0.05 + 1e-8), within(1e-15));
        assertThat(r[0]).containsExactly(new double[] {0.900000019999996, -1.900000009999999, 0.40000000499999977},
                within(1e-13));
        assertThat(r[1]).containsExactly(new double[] {0.8802934383202046, -1.9288675206817028, 0.4449013284905645},
                within(1e-13));
    }

    @Test
    void centeredSubtractsTheSquaredMeanGradient() {
        // step 1 (w0): s = 0.0025, a = 0.005, d = sqrt(0.0025 - 0.000025) + 1e-8, p = 1 - 0.01 * 0.5 / d
        double[][] r = Trees.run(RmsProp.of(0.01).withCentered(true), 3, DType.FLOAT64);
        assertThat(r[0][0]).isCloseTo(1 - 0.01 * 0.5 / (Math.sqrt(0.0025 - 0.000025) + 1e-8), within(1e-15));
        assertThat(r[0]).containsExactly(new double[] {0.899496238676095, -1.8994962285750878, 0.39949622352458364},
                within(1e-13));
        assertThat(r[1]).containsExactly(new double[] {0.8796527755549144, -1.9284275792039856, 0.44444108124365767},
                within(1e-13));
        // w1's third gradient is 0: it does not move
        assertThat(r[2]).containsExactly(new double[] {0.9165753030833326, -1.9284275792039856, 0.4223844208582623},
                within(1e-13));
    }

    @Test
    void centeredWithMomentum() {
        double[][] r = Trees.run(RmsProp.of(0.01).withCentered(true).withMomentum(0.9), 3, DType.FLOAT64);
        assertThat(r[0]).containsExactly(new double[] {0.899496238676095, -1.8994962285750878, 0.39949622352458364},
                within(1e-13));
        assertThat(r[1]).containsExactly(new double[] {0.7891993903633998, -1.8379741849215647, 0.35398768241578293},
                within(1e-13));
        assertThat(r[2]).containsExactly(new double[] {0.7268547544103924, -1.782604345633394, 0.2909733350324669},
                within(1e-13));
    }

    @Test
    void momentumWeightDecayAndAlpha() {
        double[][] r = Trees.run(RmsProp.of(0.01).withAlpha(0.9).withMomentum(0.5).withWeightDecay(0.1), 3,
                DType.FLOAT64);
        // step 1 (w0): g = 0.6, s = 0.1 * 0.36, b = 0.6 / (sqrt(0.036) + 1e-8), p = 1 - 0.01 * b
        assertThat(r[0][0]).isCloseTo(1 - 0.01 * 0.6 / (Math.sqrt(0.036) + 1e-8), within(1e-15));
        assertThat(r[1]).containsExactly(new double[] {0.9422309076344244, -1.955419761158835, 0.46648281085757304},
                within(1e-13));
        assertThat(r[2]).containsExactly(new double[] {0.9349141556076973, -1.9433293584729638, 0.4574051655869354},
                within(1e-13));
    }

    @Test
    void slots() {
        Params p = Trees.tree(DType.FLOAT64, Trees.P0);
        assertThat(RmsProp.of(0.01).init(p).slots().names()).containsExactly("square_avg/layer/w", "square_avg/b");
        assertThat(RmsProp.of(0.01).withCentered(true).withMomentum(0.9).init(p).slots().names()).containsExactly(
                "square_avg/layer/w", "square_avg/b", "grad_avg/layer/w", "grad_avg/b", "momentum/layer/w",
                "momentum/b");
    }
}
