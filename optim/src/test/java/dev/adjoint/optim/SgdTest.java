package dev.adjoint.optim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.adjoint.api.DType;
import dev.adjoint.api.Params;
import dev.adjoint.api.Tensor;
import org.junit.jupiter.api.Test;

class SgdTest {

    // Expected values: PyTorch's update written out per component (p0 = [1, -2, 0.5], gradients Trees.GRADS).

    @Test
    void plainSgdSubtractsLrTimesGradient() {
        double[][] r = Trees.run(Sgd.of(0.1), 2, DType.FLOAT64);
        // 1 - 0.1 * 0.5 = 0.95, -2 + 0.1 = -1.9, 0.5 - 0.2 = 0.3; then 0.95 - 0.01, -1.9 - 0.03, 0.3 + 0.1
        assertThat(r[0]).containsExactly(new double[] {0.95, -1.9, 0.3}, within(1e-15));
        assertThat(r[1]).containsExactly(new double[] {0.94, -1.93, 0.4}, within(1e-15));
    }

    @Test
    void momentumWithWeightDecay() {
        double[][] r = Trees.run(Sgd.of(0.1).withMomentum(0.9).withWeightDecay(0.1), 3, DType.FLOAT64);
        // step 1: g = 0.5 + 0.1 * 1 = 0.6, b = 0.6, p = 1 - 0.06 = 0.94
        assertThat(r[0]).containsExactly(new double[] {0.94, -1.88, 0.295}, within(1e-14));
        // step 2 (w0): g = 0.1 + 0.094 = 0.194, b = 0.54 + 0.194 = 0.734, p = 0.94 - 0.0734 = 0.8666
        assertThat(r[1]).containsExactly(new double[] {0.8666, -1.7832, 0.20755}, within(1e-14));
        assertThat(r[2]).containsExactly(new double[] {0.811874, -1.678248, 0.0767695}, within(1e-14));
    }

    @Test
    void nesterovMomentum() {
        double[][] r = Trees.run(Sgd.of(0.1).withNesterov(0.9), 3, DType.FLOAT64);
        // step 1 (w0): b = 0.5, g = 0.5 + 0.9 * 0.5 = 0.95, p = 1 - 0.095 = 0.905
        assertThat(r[0]).containsExactly(new double[] {0.905, -1.81, 0.12}, within(1e-14));
        // step 2 (w0): b = 0.45 + 0.1 = 0.55, g = 0.1 + 0.495 = 0.595, p = 0.905 - 0.0595 = 0.8455
        assertThat(r[1]).containsExactly(new double[] {0.8455, -1.786, 0.148}, within(1e-14));
        assertThat(r[2]).containsExactly(new double[] {0.83895, -1.7374, -0.0118}, within(1e-14));
    }

    @Test
    void float32FollowsTheSameRule() {
        double[][] r = Trees.run(Sgd.of(0.1).withNesterov(0.9), 3, DType.FLOAT32);
        assertThat(r[2]).containsExactly(new double[] {0.83895, -1.7374, -0.0118}, within(1e-6));
    }

    @Test
    void slotsAreNamedAfterTheParameters() {
        Params p = Trees.tree(DType.FLOAT64, Trees.P0);
        assertThat(Sgd.of(0.1).init(p).slots().names()).isEmpty();
        OptimizerState s = Sgd.of(0.1).withMomentum(0.5).init(p);
        assertThat(s.slots().names()).containsExactly("momentum/layer/w", "momentum/b");
        assertThat(s.step()).isZero();
        Optimizer.Step step = Sgd.of(0.1).withMomentum(0.5).update(p, Trees.tree(DType.FLOAT64, Trees.GRADS[0]), s);
        assertThat(step.state().step()).isEqualTo(1);
        assertThat(step.state().slot("momentum", "b").toDoubleArray()).containsExactly(2.0);
    }

    @Test
    void rejectsBadArgumentsAndMismatchedTrees() {
        assertThatThrownBy(() -> Sgd.of(0.1).withNesterov(0)).hasMessageContaining("Nesterov");
        assertThatThrownBy(() -> Sgd.of(0.1).withMomentum(1.0)).hasMessageContaining("momentum");
        Params p = Trees.tree(DType.FLOAT64, Trees.P0);
        Params wrongNames = Params.of("b", Tensor.of(new double[] {1}));
        assertThatThrownBy(() -> Sgd.of(0.1).update(p, wrongNames, Sgd.of(0.1).init(p)))
                .hasMessageContaining("layer/w");
        Params wrongShape = p.with("b", Tensor.of(new double[] {1, 2}));
        assertThatThrownBy(() -> Sgd.of(0.1).update(p, wrongShape, Sgd.of(0.1).init(p)))
                .hasMessageContaining("'b'").hasMessageContaining("(2,)");
        OptimizerState noSlots = Sgd.of(0.1).init(p);
        assertThatThrownBy(() -> Sgd.of(0.1).withMomentum(0.9).update(p, p, noSlots))
                .hasMessageContaining("momentum/layer/w");
    }
}
