package dev.adjoint.nn;

import static dev.adjoint.nn.LayerTesting.assertValues;
import static dev.adjoint.nn.LayerTesting.tensor;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.adjoint.api.DType;
import dev.adjoint.api.Params;
import dev.adjoint.api.RandomKey;
import dev.adjoint.api.Tensor;
import dev.adjoint.api.testing.GradCheck;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class ActivationTest {
    private static final double LN2 = 0.6931471805599453;
    private static final double LN3 = 1.0986122886681098;
    /** Phi(1), the standard normal CDF at 1. */
    private static final double PHI1 = 0.8413447460685429;

    private static void check(Activation a, DType dtype, double[] x, double[] expected) {
        Tensor in = tensor(dtype, x, x.length);
        assertValues(a.apply(Params.empty(), in), dtype, new int[] {x.length}, expected);
        assertValues(a.apply(in), dtype, new int[] {x.length}, expected);
    }

    @ParameterizedTest
    @EnumSource(value = DType.class, names = {"FLOAT32", "FLOAT64"})
    void matchesTheDefinitions(DType dtype) {
        check(Activation.relu(), dtype, new double[] {-2, 0, 3}, new double[] {0, 0, 3});
        check(Activation.leakyRelu(0.1), dtype, new double[] {-2, 0, 3}, new double[] {-0.2, 0, 3});
        check(Activation.leakyRelu(2), dtype, new double[] {-2, 0, 3}, new double[] {-4, 0, 3});
        check(Activation.gelu(), dtype, new double[] {1, -1, 0}, new double[] {PHI1, -(1 - PHI1), 0});
        check(Activation.silu(), dtype, new double[] {LN3, 0}, new double[] {0.75 * LN3, 0});
        check(Activation.tanh(), dtype, new double[] {1, 0, -1},
                new double[] {0.7615941559557649, 0, -0.7615941559557649});
        check(Activation.sigmoid(), dtype, new double[] {LN3, 0, -LN3}, new double[] {0.75, 0.5, 0.25});
        check(Activation.elu(), dtype, new double[] {-LN2, 2}, new double[] {-0.5, 2});
        check(Activation.identity(), dtype, new double[] {-1.5, 2}, new double[] {-1.5, 2});
    }

    @Test
    void hasNoParametersAndDescribesItself() {
        assertThat(Activation.relu().init(RandomKey.of(1)).size()).isZero();
        assertThat(List.of(Activation.relu(), Activation.gelu(), Activation.silu(), Activation.tanh(),
                Activation.sigmoid(), Activation.elu(), Activation.leakyRelu(0.01), Activation.identity())
                .stream().map(Layer::describe).toList())
                .containsExactly("ReLU", "GELU", "SiLU", "Tanh", "Sigmoid", "ELU", "LeakyReLU(0.01)", "Identity");
        assertThatThrownBy(() -> Activation.leakyRelu(Double.NaN)).hasMessageContaining("leakyRelu")
                .hasMessageContaining("NaN");
    }

    @Test
    void gradientsMatchFiniteDifferencesInFloat64() {
        // Points away from the kinks at 0.
        Tensor x = tensor(DType.FLOAT64, new double[] {-1.7, -0.4, 0.3, 1.2, 2.5, -3.1}, 2, 3);
        for (Activation a : List.of(Activation.relu(), Activation.gelu(), Activation.silu(), Activation.tanh(),
                Activation.sigmoid(), Activation.elu(), Activation.leakyRelu(0.2), Activation.identity())) {
            GradCheck.check(xs -> a.apply(Params.empty(), xs[0]), x);
        }
    }
}
