package dev.adjoint.nn;

import static dev.adjoint.nn.LayerTesting.assertValues;
import static dev.adjoint.nn.LayerTesting.random;
import static dev.adjoint.nn.LayerTesting.tensor;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.adjoint.api.ConvOptions;
import dev.adjoint.api.DType;
import dev.adjoint.api.Params;
import dev.adjoint.api.RandomKey;
import dev.adjoint.api.Tensor;
import dev.adjoint.api.testing.GradCheck;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class ConvTransposeTest {

    private static Tensor apply1d(DType dtype, ConvOptions options) {
        Params p = Params.of("weight", tensor(dtype, new double[] {1, 2}, 1, 1, 2),
                "bias", tensor(dtype, new double[] {0.5}, 1));
        return new ConvTranspose(1, 1, 1, 2, options).apply(p, tensor(dtype, new double[] {1, 3}, 1, 1, 2));
    }

    @ParameterizedTest
    @EnumSource(value = DType.class, names = {"FLOAT32", "FLOAT64"})
    void scattersEachInputTimesTheKernel(DType dtype) {
        // y[s * i + k] += x[i] * w[k] with x = [1, 3], w = [1, 2].
        assertValues(apply1d(dtype, ConvOptions.defaults()), dtype, new int[] {1, 1, 3},
                new double[] {1.5, 5.5, 6.5});
        assertValues(apply1d(dtype, ConvOptions.defaults().stride(2)), dtype, new int[] {1, 1, 4},
                new double[] {1.5, 2.5, 3.5, 6.5});
        // Padding crops one cell from each end; output padding appends one (zero) cell.
        assertValues(apply1d(dtype, ConvOptions.defaults().padding(1)), dtype, new int[] {1, 1, 1},
                new double[] {5.5});
        assertValues(apply1d(dtype, ConvOptions.defaults().stride(2).outputPadding(1)), dtype, new int[] {1, 1, 5},
                new double[] {1.5, 2.5, 3.5, 6.5, 0.5});
    }

    @Test
    void twoDimensionalOutputShapeAndWeightLayout() {
        ConvTranspose up = new ConvTranspose(2, 4, 6, 3, ConvOptions.defaults().stride(2).padding(1).outputPadding(1));
        Params p = up.init(RandomKey.of(2));
        assertThat(p.get("weight").shape().dims()).containsExactly(4, 6, 3, 3);
        assertThat(p.get("bias").shape().dims()).containsExactly(6);
        // (5 - 1) * 2 - 2 + 2 + 1 + 1 = 10 and (3 - 1) * 2 - 2 + 2 + 1 + 1 = 6.
        assertThat(up.apply(p, Tensor.zeros(2, 4, 5, 3)).shape().dims()).containsExactly(2, 6, 10, 6);
        assertThat(up.apply(p, Tensor.zeros(4, 5, 3)).shape().dims()).containsExactly(6, 10, 6);
    }

    @Test
    void initUsesTheFanInOfTheTransposedWeight() {
        // PyTorch computes fan in from weight [in, out/groups, k...]: out/groups * k^d = 6 * 9.
        ConvTranspose up = new ConvTranspose(2, 4, 6, 3, ConvOptions.defaults());
        double bound = 1 / Math.sqrt(6 * 9);
        double max = 0;
        for (double v : up.init(RandomKey.of(3)).get("weight").toDoubleArray()) {
            assertThat(Math.abs(v)).isLessThanOrEqualTo(bound);
            max = Math.max(max, Math.abs(v));
        }
        assertThat(max).isGreaterThan(0.9 * bound);
    }

    @Test
    void describesAndRejects() {
        assertThat(new ConvTranspose(2, 8, 4, 4, ConvOptions.defaults().stride(2).padding(1)).describe())
                .isEqualTo("ConvTranspose2d(8 -> 4, kernel=4, stride=2, padding=1)");
        assertThatThrownBy(() -> new ConvTranspose(1, 2, 2, 3, ConvOptions.defaults().samePadding()))
                .hasMessageContaining("ConvTranspose").hasMessageContaining("same padding");
        ConvTranspose up = new ConvTranspose(1, 2, 3, 3, ConvOptions.defaults());
        assertThatThrownBy(() -> up.apply(up.init(RandomKey.of(1)), Tensor.zeros(1, 3, 4)))
                .hasMessageContaining("ConvTranspose1d(2 -> 3, kernel=3)").hasMessageContaining("(1, 3, 4)");
    }

    @Test
    void gradientsMatchFiniteDifferencesInFloat64() {
        ConvTranspose up = new ConvTranspose(2, 2, 4, 3,
                ConvOptions.defaults().stride(2).padding(1).outputPadding(1).groups(2));
        Tensor w = random(1, DType.FLOAT64, 2, 2, 3, 3);
        Tensor b = random(2, DType.FLOAT64, 4);
        Tensor x = random(3, DType.FLOAT64, 2, 2, 3, 2);
        GradCheck.check(xs -> up.apply(Params.of("weight", xs[0], "bias", xs[1]), xs[2]), w, b, x);
    }
}
