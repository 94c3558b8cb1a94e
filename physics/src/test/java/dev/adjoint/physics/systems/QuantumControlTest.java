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

class QuantumControlTest {

    @Test
    void zeroControlLossIsExactly128ForEveryTarget() {
        Tensor start = new QuantumControl(3).initialStates(RandomKey.of(42), 64).cast(DType.FLOAT64);
        for (int target : QuantumControl.TARGETS) {
            QuantumControl q = new QuantumControl(target);
            assertThat(q.zeroControlLoss(start).item()).as("target %d", target).isCloseTo(128, within(1e-9));
        }
    }

    @Test
    void zeroControlLossInFloat32IsAlso128() {
        QuantumControl q = new QuantumControl(4);
        Tensor start = q.initialStates(RandomKey.of(1), 16);
        Tensor loss = q.zeroControlLoss(start);
        assertThat(loss.dtype()).isEqualTo(DType.FLOAT32);
        assertThat(loss.item()).isCloseTo(128, within(1e-3));
    }

    @Test
    void initialStatesAreNormalisedSuperpositionsOfTheFirstTwoEigenstates() {
        Tensor start = new QuantumControl(3).initialStates(RandomKey.of(5), 32).cast(DType.FLOAT64);
        for (double norm : Schrodinger1d.norm2(start).toDoubleArray()) {
            assertThat(norm).isCloseTo(1, within(1e-6));
        }
        double[] p1 = Complex.abs2(Schrodinger1d.inner(QuantumControl.eigenstate(1), start)).toDoubleArray();
        double[] p2 = Complex.abs2(Schrodinger1d.inner(QuantumControl.eigenstate(2), start)).toDoubleArray();
        for (int i = 0; i < p1.length; i++) {
            assertThat(p1[i] + p2[i]).isCloseTo(1, within(1e-6));
        }
    }

    @Test
    void startingInTheTargetWithoutControlCostsNothing() {
        QuantumControl q = new QuantumControl(5);
        Tensor start = QuantumControl.eigenstate(5).unsqueeze(0);
        // 128 terms, each zero up to round-off.
        assertThat(q.zeroControlLoss(start).item()).isCloseTo(0, within(1e-11));
    }

    @Test
    void controlMovesPopulationAndKeepsTheNorm() {
        QuantumControl q = new QuantumControl(3);
        Tensor start = q.initialStates(RandomKey.of(9), 4).cast(DType.FLOAT64);
        List<Tensor> controls = new ArrayList<>();
        for (int n = 0; n < q.steps(); n++) {
            controls.add(Tensor.full(DType.FLOAT64, 20 * Math.sin(0.3 * n), 4, 1));
        }
        ControlProblem.Trajectory t = q.rollout(start, controls);
        assertThat(t.loss(q).item()).isLessThan(128 - 1e-3);
        double[] before = Schrodinger1d.norm2(start).toDoubleArray();
        double[] after = Schrodinger1d.norm2(t.finalState()).toDoubleArray();
        for (int i = 0; i < before.length; i++) {
            assertThat(after[i]).isCloseTo(before[i], within(1e-12));
        }
    }

    @Test
    void stepGradientWithRespectToStateAndControl() {
        QuantumControl q = new QuantumControl(3);
        RandomKey[] k = RandomKey.of(2).split(2);
        Tensor psi = Rng.uniform(k[0], DType.FLOAT64, -1, 1, 2, QuantumControl.POINTS, 2);
        Tensor c = Rng.uniform(k[1], DType.FLOAT64, -10, 10, 2, 1);
        GradCheck.checkFloat64AndFloat32(in -> q.step(in[0], in[1]), psi, c);
        GradCheck.checkFloat64AndFloat32(in -> q.infidelity(q.step(in[0], in[1])), psi, c);
    }

    @Test
    void badInputIsRejected() {
        assertThatThrownBy(() -> new QuantumControl(0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("target");
        assertThatThrownBy(() -> new QuantumControl(3, -0.1, 10)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("dt");
        QuantumControl q = new QuantumControl(3);
        Tensor psi = Tensor.zeros(DType.FLOAT64, 2, QuantumControl.POINTS, 2);
        assertThatThrownBy(() -> q.step(psi, Tensor.zeros(DType.FLOAT64, 2, 2)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("control")
                .hasMessageContaining("[2, 2]");
        assertThatThrownBy(() -> q.step(Tensor.zeros(DType.FLOAT64, 2, 16, 2), Tensor.zeros(DType.FLOAT64, 2)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("state");
    }
}
