package dev.adjoint.nn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.adjoint.api.DType;
import dev.adjoint.api.Params;
import dev.adjoint.api.RandomKey;
import dev.adjoint.api.Tensor;
import dev.adjoint.api.testing.GradCheck;
import org.junit.jupiter.api.Test;

class SinusoidalEmbeddingTest {

    // dim 4: half 2, frequencies 1 and exp(-ln 10000) = 1e-4; t = 0.5 and t = 0.
    private static final double[] DIM4_T05 = {
        0.479425538604203, 4.99999999791667e-5, 0.8775825618903728, 0.99999999875};
    private static final double[] DIM4_T0 = {0, 0, 1, 1};
    // dim 6: half 3, frequencies 1, 1e-2, 1e-4; t = 2.
    private static final double[] DIM6_T2 = {
        0.9092974268256817, 0.01999866669333308, 1.9999999866666667e-4,
        -0.4161468365471424, 0.9998000066665778, 0.99999998};

    @Test
    void matchesHandComputedFeaturesInFloat64() {
        Tensor e = new SinusoidalEmbedding(4).apply(Params.empty(), Tensor.of(new double[] {0.5, 0.0}, 2));
        assertThat(e.shape().dims()).containsExactly(2, 4);
        assertThat(e.dtype()).isEqualTo(DType.FLOAT64);
        double[] v = e.toDoubleArray();
        for (int j = 0; j < 4; j++) {
            assertThat(v[j]).as("t=0.5 feature %d", j).isCloseTo(DIM4_T05[j], within(1e-14));
            assertThat(v[4 + j]).as("t=0 feature %d", j).isCloseTo(DIM4_T0[j], within(1e-15));
        }
        double[] w = new SinusoidalEmbedding(6).apply(Params.empty(), Tensor.of(new double[] {2.0}, 1))
                .toDoubleArray();
        for (int j = 0; j < 6; j++) {
            assertThat(w[j]).as("dim 6 feature %d", j).isCloseTo(DIM6_T2[j], within(1e-14));
        }
    }

    @Test
    void matchesHandComputedFeaturesInFloat32() {
        Tensor e = new SinusoidalEmbedding(6).apply(Params.empty(), Tensor.of(new float[] {2f}, 1, 1));
        assertThat(e.dtype()).isEqualTo(DType.FLOAT32);
        assertThat(e.shape().dims()).containsExactly(1, 6);
        float[] v = e.toFloatArray();
        for (int j = 0; j < 6; j++) {
            assertThat((double) v[j]).as("feature %d", j).isCloseTo(DIM6_T2[j], within(1e-6));
        }
    }

    @Test
    void embedsTheConditionWhenTheInputIsNullAndTreatsAScalarAsABatchOfOne() {
        SinusoidalEmbedding emb = new SinusoidalEmbedding(4);
        Context ctx = Context.inference().withCondition(Tensor.scalar(0.5, DType.FLOAT64));
        Tensor e = emb.apply(Params.empty(), null, ctx);
        assertThat(e.shape().dims()).containsExactly(1, 4);
        double[] v = e.toDoubleArray();
        for (int j = 0; j < 4; j++) {
            assertThat(v[j]).isCloseTo(DIM4_T05[j], within(1e-14));
        }
    }

    @Test
    void hasNoParametersAndDescribesItself() {
        SinusoidalEmbedding emb = new SinusoidalEmbedding(8);
        assertThat(emb.init(RandomKey.of(1)).size()).isZero();
        assertThat(emb.dim()).isEqualTo(8);
        assertThat(emb.describe()).isEqualTo("SinusoidalEmbedding(8)");
    }

    @Test
    void rejectsOddDimsBadShapesAndMissingInput() {
        assertThatThrownBy(() -> new SinusoidalEmbedding(5)).hasMessageContaining("SinusoidalEmbedding")
                .hasMessageContaining("5");
        SinusoidalEmbedding emb = new SinusoidalEmbedding(4);
        assertThatThrownBy(() -> emb.apply(Params.empty(), Tensor.zeros(DType.FLOAT64, 2, 3)))
                .hasMessageContaining("SinusoidalEmbedding").hasMessageContaining("(2, 3)");
        assertThatThrownBy(() -> emb.apply(Params.empty(), null, Context.inference()))
                .hasMessageContaining("no input");
        assertThatThrownBy(() -> emb.apply(Params.empty(), Tensor.of(new int[] {1}, 1)))
                .hasMessageContaining("floating");
    }

    @Test
    void gradientWithRespectToTheTimesMatchesFiniteDifferences() {
        SinusoidalEmbedding emb = new SinusoidalEmbedding(8);
        GradCheck.check(xs -> emb.apply(Params.empty(), xs[0]), Tensor.of(new double[] {0.3, 1.7, -2.1}, 3));
    }
}
