package dev.adjoint.nn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.adjoint.api.DType;
import dev.adjoint.api.RandomKey;
import dev.adjoint.api.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class InitializersTest {
    private static final int[] SHAPE = {400, 250};
    private static final int N = 400 * 250;

    @Test
    void fansFollowPyTorch() {
        assertThat(Initializers.fans(30, 20)).isEqualTo(new Initializers.Fans(20, 30));
        // Conv2d weight [out 6, in 4, 3, 5]: receptive field 15.
        assertThat(Initializers.fans(6, 4, 3, 5)).isEqualTo(new Initializers.Fans(60, 90));
        assertThat(Initializers.fanIn(8, 2, 3, 3, 3)).isEqualTo(54);
        assertThat(Initializers.fanOut(8, 2, 3, 3, 3)).isEqualTo(216);
        assertThatThrownBy(() -> Initializers.fans(5)).hasMessageContaining("fans").hasMessageContaining("[5]");
    }

    @Test
    void gainsFollowPyTorch() {
        assertThat(Initializers.gain("linear")).isEqualTo(1.0);
        assertThat(Initializers.gain("conv2d")).isEqualTo(1.0);
        assertThat(Initializers.gain("sigmoid")).isEqualTo(1.0);
        assertThat(Initializers.gain("tanh")).isEqualTo(5.0 / 3.0);
        assertThat(Initializers.gain("relu")).isEqualTo(Math.sqrt(2));
        assertThat(Initializers.gain("leaky_relu")).isCloseTo(Math.sqrt(2 / 1.0001), within(1e-15));
        assertThat(Initializers.gain("leaky_relu", Math.sqrt(5))).isCloseTo(Math.sqrt(1.0 / 3), within(1e-15));
        assertThat(Initializers.gain("selu")).isEqualTo(0.75);
        assertThatThrownBy(() -> Initializers.gain("swish")).hasMessageContaining("swish");
    }

    @ParameterizedTest
    @EnumSource(value = DType.class, names = {"FLOAT32", "FLOAT64"})
    void uniformInitializersStayInsideTheirBounds(DType dtype) {
        RandomKey key = RandomKey.of(1);
        double g = Math.sqrt(2);
        checkUniform(Initializers.kaimingUniform(key, SHAPE, 250, g, dtype), dtype, g * Math.sqrt(3.0 / 250));
        checkUniform(Initializers.xavierUniform(key, SHAPE, 250, 400, 1.5, dtype), dtype,
                1.5 * Math.sqrt(6.0 / 650));
        checkUniform(Initializers.lecunUniform(key, SHAPE, 250, dtype), dtype, Math.sqrt(3.0 / 250));
        checkUniform(Initializers.defaultUniform(key, SHAPE, 250, dtype), dtype, 1 / Math.sqrt(250));
    }

    @ParameterizedTest
    @EnumSource(value = DType.class, names = {"FLOAT32", "FLOAT64"})
    void normalInitializersHaveTheirStandardDeviation(DType dtype) {
        RandomKey key = RandomKey.of(2);
        checkNormal(Initializers.kaimingNormal(key, SHAPE, 250, Math.sqrt(2), dtype), dtype, Math.sqrt(2.0 / 250));
        checkNormal(Initializers.xavierNormal(key, SHAPE, 250, 400, 1.0, dtype), dtype, Math.sqrt(2.0 / 650));
        checkNormal(Initializers.lecunNormal(key, SHAPE, 250, dtype), dtype, 1 / Math.sqrt(250));
    }

    @Test
    void defaultsAreFloat32AndReproducible() {
        RandomKey key = RandomKey.of(3);
        Tensor a = Initializers.kaimingUniform(key, new int[] {3, 4}, 4, 1.0);
        assertThat(a.dtype()).isEqualTo(DType.FLOAT32);
        assertThat(a.toFloatArray()).containsExactly(Initializers.kaimingUniform(key, new int[] {3, 4}, 4, 1.0)
                .toFloatArray());
        assertThat(Initializers.kaimingUniform(RandomKey.of(4), new int[] {3, 4}, 4, 1.0).toFloatArray())
                .isNotEqualTo(a.toFloatArray());
        assertThat(Initializers.kaimingNormal(key, new int[] {2, 2}, 2, 1.0).dtype()).isEqualTo(DType.FLOAT32);
        assertThat(Initializers.xavierUniform(key, new int[] {2, 2}, 2, 2, 1.0).dtype()).isEqualTo(DType.FLOAT32);
        assertThat(Initializers.xavierNormal(key, new int[] {2, 2}, 2, 2, 1.0).dtype()).isEqualTo(DType.FLOAT32);
        assertThat(Initializers.lecunUniform(key, new int[] {2, 2}, 2).dtype()).isEqualTo(DType.FLOAT32);
        assertThat(Initializers.lecunNormal(key, new int[] {2, 2}, 2).dtype()).isEqualTo(DType.FLOAT32);
    }

    @Test
    void zerosOnesAndDegenerateFans() {
        assertThat(Initializers.zeros(2, 3).toFloatArray()).containsOnly(0f).hasSize(6);
        assertThat(Initializers.zeros(new int[] {2}, DType.FLOAT64).dtype()).isEqualTo(DType.FLOAT64);
        assertThat(Initializers.ones(new int[] {3}, DType.FLOAT64).toDoubleArray()).containsExactly(1, 1, 1);
        assertThat(Initializers.defaultUniform(RandomKey.of(1), new int[] {4}, 0, DType.FLOAT32).toFloatArray())
                .containsOnly(0f);
        assertThat(Initializers.kaimingUniform(RandomKey.of(1), new int[] {0, 4}, 4, 1.0).size()).isZero();
        assertThatThrownBy(() -> Initializers.kaimingUniform(RandomKey.of(1), new int[] {2}, 0, 1.0))
                .hasMessageContaining("kaimingUniform").hasMessageContaining("fan in 0");
        assertThatThrownBy(() -> Initializers.zeros(new int[] {2}, DType.INT32)).hasMessageContaining("int32");
    }

    private static void checkUniform(Tensor t, DType dtype, double bound) {
        assertThat(t.dtype()).isEqualTo(dtype);
        assertThat(t.shape().dims()).containsExactly(SHAPE);
        double[] v = t.toDoubleArray();
        double min = Double.MAX_VALUE;
        double max = -Double.MAX_VALUE;
        double sum = 0;
        double sq = 0;
        for (double x : v) {
            min = Math.min(min, x);
            max = Math.max(max, x);
            sum += x;
            sq += x * x;
        }
        // Float32 rounding of the bounds may move an extreme by an ulp.
        double slack = dtype == DType.FLOAT32 ? 1e-6 * bound : 0;
        assertThat(min).isGreaterThanOrEqualTo(-bound - slack).isLessThan(-0.999 * bound);
        assertThat(max).isLessThanOrEqualTo(bound + slack).isGreaterThan(0.999 * bound);
        // U(-b, b) has mean 0 and variance b^2 / 3; the sample mean's standard deviation is b / sqrt(3 N).
        assertThat(sum / N).isCloseTo(0, within(5 * bound / Math.sqrt(3.0 * N)));
        assertThat(sq / N).isCloseTo(bound * bound / 3, within(0.01 * bound * bound));
    }

    private static void checkNormal(Tensor t, DType dtype, double std) {
        assertThat(t.dtype()).isEqualTo(dtype);
        double[] v = t.toDoubleArray();
        double sum = 0;
        double sq = 0;
        for (double x : v) {
            sum += x;
            sq += x * x;
        }
        double mean = sum / N;
        double sampleStd = Math.sqrt(sq / N - mean * mean);
        assertThat(mean).isCloseTo(0, within(5 * std / Math.sqrt(N)));
        // The sample standard deviation's relative error is about 1 / sqrt(2 N) ~ 0.0022.
        assertThat(sampleStd).isCloseTo(std, within(0.012 * std));
    }
}
