package dev.adjoint.nn;

import static dev.adjoint.nn.LayerTesting.assertValues;
import static dev.adjoint.nn.LayerTesting.random;
import static dev.adjoint.nn.LayerTesting.tensor;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.adjoint.api.DType;
import dev.adjoint.api.OpException;
import dev.adjoint.api.Params;
import dev.adjoint.api.RandomKey;
import dev.adjoint.api.Tensor;
import dev.adjoint.api.testing.GradCheck;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** GroupNorm and LayerNorm. */
class NormalizationTest {
    private static final double EPS = 1e-5;

    @ParameterizedTest
    @EnumSource(value = DType.class, names = {"FLOAT32", "FLOAT64"})
    void layerNormStandardizesTheLastAxisThenScalesAndShifts(DType dtype) {
        LayerNorm norm = new LayerNorm(4);
        Tensor x = tensor(dtype, new double[] {1, 2, 3, 4, 10, 10, 10, 10}, 2, 4);
        // Row 1: mean 2.5, biased variance (2.25 + 0.25 + 0.25 + 2.25) / 4 = 1.25. Row 2: constant, so all 0.
        double s = 1 / Math.sqrt(1.25 + EPS);
        Params p = Params.of("weight", tensor(dtype, new double[] {1, 2, 1, 1}, 4),
                "bias", tensor(dtype, new double[] {0, 0, 1, 0}, 4));
        assertValues(norm.apply(p, x), dtype, new int[] {2, 4},
                new double[] {-1.5 * s, 2 * -0.5 * s, 0.5 * s + 1, 1.5 * s, 0, 0, 1, 0});
        assertValues(norm.apply(norm.withDType(dtype).init(RandomKey.of(1)), x), dtype, new int[] {2, 4},
                new double[] {-1.5 * s, -0.5 * s, 0.5 * s, 1.5 * s, 0, 0, 0, 0});
    }

    @Test
    void layerNormOverSeveralTrailingAxesHasMeanZeroAndVarianceOne() {
        LayerNorm norm = new LayerNorm(3, 5);
        Params p = norm.init(RandomKey.of(1));
        assertThat(p.get("weight").shape().dims()).containsExactly(3, 5);
        Tensor x = random(2, DType.FLOAT64, 4, 3, 5).mul(3.0).add(2.0);
        Tensor y = norm.apply(p.map(t -> t.cast(DType.FLOAT64)), x);
        assertMeanZeroVarianceOne(y.reshape(4, 15).toDoubleArray(), 4, 15);
    }

    @ParameterizedTest
    @EnumSource(value = DType.class, names = {"FLOAT32", "FLOAT64"})
    void groupNormStandardizesEachGroupOfEachSample(DType dtype) {
        GroupNorm norm = new GroupNorm(2, 4);
        // Group 0 = channels 0, 1 = {1, 3, 5, 7}: mean 4, variance 5. Group 1 = {0, 0, 2, 2}: mean 1, variance 1.
        Tensor x = tensor(dtype, new double[] {1, 3, 5, 7, 0, 0, 2, 2}, 1, 4, 2);
        double a = 1 / Math.sqrt(5 + EPS);
        double b = 1 / Math.sqrt(1 + EPS);
        Params p = Params.of("weight", tensor(dtype, new double[] {1, 2, 1, -1}, 4),
                "bias", tensor(dtype, new double[] {0, 0.5, 0, 1}, 4));
        assertValues(norm.apply(p, x), dtype, new int[] {1, 4, 2},
                new double[] {-3 * a, -a, 2 * a + 0.5, 2 * 3 * a + 0.5, -b, -b, -b + 1, -b + 1});
    }

    @Test
    void groupNormOutputHasMeanZeroAndVarianceOnePerGroup() {
        GroupNorm norm = new GroupNorm(3, 6).withDType(DType.FLOAT64);
        Params p = norm.init(RandomKey.of(1));
        assertThat(p.names()).containsExactly("weight", "bias");
        assertThat(p.get("weight").toDoubleArray()).containsOnly(1.0);
        assertThat(p.get("bias").toDoubleArray()).containsOnly(0.0);
        Tensor x = random(2, DType.FLOAT64, 2, 6, 4, 5).mul(4.0).sub(1.0);
        Tensor y = norm.apply(p, x);
        assertThat(y.shape().dims()).containsExactly(2, 6, 4, 5);
        assertMeanZeroVarianceOne(y.toDoubleArray(), 2 * 3, 2 * 20);
        // Each sample is normalized on its own: scaling sample 1 changes nothing.
        Tensor scaled = Tensor.concat(0, x.slice(0, 0, 1), x.slice(0, 1, 2).mul(10.0).add(3.0));
        assertThat(norm.apply(p, scaled).allClose(y, 1e-6, 1e-6)).isTrue();
    }

    private static void assertMeanZeroVarianceOne(double[] v, int groups, int perGroup) {
        for (int g = 0; g < groups; g++) {
            double mean = 0;
            for (int i = 0; i < perGroup; i++) {
                mean += v[g * perGroup + i];
            }
            mean /= perGroup;
            double var = 0;
            for (int i = 0; i < perGroup; i++) {
                var += (v[g * perGroup + i] - mean) * (v[g * perGroup + i] - mean);
            }
            var /= perGroup;
            assertThat(mean).isCloseTo(0, within(1e-12));
            assertThat(var).isCloseTo(1, within(1e-4));
        }
    }

    @Test
    void withoutAffineThereAreNoParameters() {
        assertThat(new GroupNorm(1, 4, 1e-6, false).init(RandomKey.of(1)).size()).isZero();
        assertThat(new LayerNorm(new int[] {4}, 1e-6, false).init(RandomKey.of(1)).size()).isZero();
        assertThat(new GroupNorm(1, 4, 1e-6, false).describe()).isEqualTo("GroupNorm(1, 4, eps=1.0E-6, affine=false)");
        assertThat(new GroupNorm(2, 8).describe()).isEqualTo("GroupNorm(2, 8)");
        assertThat(new LayerNorm(3, 5).describe()).isEqualTo("LayerNorm((3, 5))");
    }

    @Test
    void rejectsBadConfigurationsAndInputs() {
        assertThatThrownBy(() -> new GroupNorm(3, 8)).hasMessageContaining("GroupNorm")
                .hasMessageContaining("3 groups of 8 channels");
        assertThatThrownBy(() -> new LayerNorm()).hasMessageContaining("LayerNorm");
        GroupNorm gn = new GroupNorm(2, 4);
        assertThatThrownBy(() -> gn.apply(gn.init(RandomKey.of(1)), Tensor.zeros(2, 3, 5)))
                .isInstanceOf(OpException.ShapeException.class)
                .hasMessageContaining("GroupNorm(2, 4)").hasMessageContaining("(2, 3, 5)");
        LayerNorm ln = new LayerNorm(3, 5);
        assertThatThrownBy(() -> ln.apply(ln.init(RandomKey.of(1)), Tensor.zeros(2, 5, 3)))
                .isInstanceOf(OpException.ShapeException.class)
                .hasMessageContaining("LayerNorm((3, 5))").hasMessageContaining("(2, 5, 3)");
    }

    @Test
    void gradientsMatchFiniteDifferencesInFloat64() {
        GroupNorm gn = new GroupNorm(2, 4);
        GradCheck.check(xs -> gn.apply(Params.of("weight", xs[0], "bias", xs[1]), xs[2]),
                random(1, DType.FLOAT64, 4), random(2, DType.FLOAT64, 4), random(3, DType.FLOAT64, 2, 4, 3));
        LayerNorm ln = new LayerNorm(2, 3);
        GradCheck.check(xs -> ln.apply(Params.of("weight", xs[0], "bias", xs[1]), xs[2]),
                random(4, DType.FLOAT64, 2, 3), random(5, DType.FLOAT64, 2, 3), random(6, DType.FLOAT64, 3, 2, 3));
    }
}
