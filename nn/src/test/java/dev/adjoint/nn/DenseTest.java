package dev.adjoint.nn;

import static dev.adjoint.nn.LayerTesting.assertValues;
import static dev.adjoint.nn.LayerTesting.random;
import static dev.adjoint.nn.LayerTesting.tensor;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.adjoint.api.DType;
import dev.adjoint.api.OpException;
import dev.adjoint.api.Params;
import dev.adjoint.api.RandomKey;
import dev.adjoint.api.Tensor;
import dev.adjoint.api.testing.GradCheck;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.Test;

class DenseTest {
    private static final double[] W = {1, 2, 3, 4, 5, 6};
    private static final double[] B = {0.5, -1, 2};

    private static Params params(DType dtype) {
        return Params.of("weight", tensor(dtype, W, 3, 2), "bias", tensor(dtype, B, 3));
    }

    @ParameterizedTest
    @EnumSource(value = DType.class, names = {"FLOAT32", "FLOAT64"})
    void computesXWTransposedPlusBias(DType dtype) {
        Dense dense = new Dense(2, 3);
        Tensor x = tensor(dtype, new double[] {1, -1, 2, 0.5}, 2, 2);
        // Row 1: (1 - 2, 3 - 4, 5 - 6) + b; row 2: (2 + 1, 6 + 2, 10 + 3) + b.
        assertValues(dense.apply(params(dtype), x), dtype, new int[] {2, 3}, new double[] {-0.5, -2, 1, 3.5, 7, 15});
    }

    @ParameterizedTest
    @EnumSource(value = DType.class, names = {"FLOAT32", "FLOAT64"})
    void actsOnTheLastAxisOfAnyRank(DType dtype) {
        Dense dense = new Dense(2, 3);
        Tensor x3 = tensor(dtype, new double[] {1, -1, 2, 0.5}, 2, 1, 2);
        assertValues(dense.apply(params(dtype), x3), dtype, new int[] {2, 1, 3},
                new double[] {-0.5, -2, 1, 3.5, 7, 15});
        Tensor x1 = tensor(dtype, new double[] {2, 0.5}, 2);
        assertValues(dense.apply(params(dtype), x1), dtype, new int[] {3}, new double[] {3.5, 7, 15});
    }

    @Test
    void withoutBiasHasOnlyAWeight() {
        Dense dense = new Dense(2, 3, false).withDType(DType.FLOAT64);
        Params p = dense.init(RandomKey.of(1));
        assertThat(p.names()).containsExactly("weight");
        Params given = Params.of("weight", tensor(DType.FLOAT64, W, 3, 2));
        assertValues(dense.apply(given, tensor(DType.FLOAT64, new double[] {1, -1}, 1, 2)), DType.FLOAT64,
                new int[] {1, 3}, new double[] {-1, -1, -1});
        assertThat(dense.describe()).isEqualTo("Dense(2 -> 3, bias=false)");
    }

    @Test
    void initIsPyTorchsDefaultAndReproducible() {
        Dense dense = new Dense(16, 200);
        Params p = dense.init(RandomKey.of(7));
        assertThat(p.names()).containsExactly("weight", "bias");
        assertThat(p.get("weight").shape().dims()).containsExactly(200, 16);
        assertThat(p.get("bias").shape().dims()).containsExactly(200);
        assertThat(p.get("weight").dtype()).isEqualTo(DType.FLOAT32);
        double bound = 1 / Math.sqrt(16);
        for (String name : p.names()) {
            double[] v = p.get(name).toDoubleArray();
            double max = 0;
            for (double x : v) {
                assertThat(Math.abs(x)).isLessThanOrEqualTo(bound);
                max = Math.max(max, Math.abs(x));
            }
            assertThat(max).isGreaterThan(0.95 * bound);
        }
        assertThat(p.get("weight").toFloatArray()).containsExactly(dense.init(RandomKey.of(7)).get("weight")
                .toFloatArray());
        assertThat(dense.withDType(DType.FLOAT64).init(RandomKey.of(7)).get("bias").dtype()).isEqualTo(DType.FLOAT64);
    }

    @Test
    void rejectsAWrongInputShape() {
        Dense dense = new Dense(2, 3);
        Params p = dense.init(RandomKey.of(1));
        assertThatThrownBy(() -> dense.apply(p, Tensor.zeros(4, 5)))
                .isInstanceOf(OpException.ShapeException.class)
                .hasMessageContaining("Dense(2 -> 3)").hasMessageContaining("(4, 5)").hasMessageContaining("(..., 2)");
        assertThatThrownBy(() -> new Dense(0, 3)).hasMessageContaining("Dense").hasMessageContaining("0 -> 3");
    }

    @Test
    void gradientsMatchFiniteDifferencesInFloat64() {
        Dense dense = new Dense(3, 4);
        Tensor w = random(1, DType.FLOAT64, 4, 3);
        Tensor b = random(2, DType.FLOAT64, 4);
        Tensor x = random(3, DType.FLOAT64, 2, 5, 3);
        GradCheck.check(xs -> dense.apply(Params.of("weight", xs[0], "bias", xs[1]), xs[2]), w, b, x);
    }
}
