package dev.adjoint.nn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.adjoint.api.DType;
import dev.adjoint.api.Params;
import dev.adjoint.api.RandomKey;
import dev.adjoint.api.Rng;
import dev.adjoint.api.Tensor;
import dev.adjoint.api.testing.GradCheck;
import org.junit.jupiter.api.Test;

class ResidualBlockTest {

    @Test
    void groupCountIsTheLargestDivisorNotAboveTheRequest() {
        assertThat(ResidualBlock.groupsFor(8, 32)).isEqualTo(8);
        assertThat(ResidualBlock.groupsFor(8, 4)).isEqualTo(4);
        assertThat(ResidualBlock.groupsFor(8, 12)).isEqualTo(6);
        assertThat(ResidualBlock.groupsFor(8, 7)).isEqualTo(7);
        assertThat(ResidualBlock.groupsFor(8, 11)).isEqualTo(1);
        assertThat(ResidualBlock.groupsFor(1, 64)).isEqualTo(1);
    }

    @Test
    void parameterNamesAndShapesFollowTheArchitecture() {
        Params p = new ResidualBlock(2, 4, 6, 5, 8, Activation.silu(), false).init(RandomKey.of(3));
        assertThat(p.names()).containsExactly("norm1/weight", "norm1/bias", "conv1/weight", "conv1/bias",
                "time/weight", "time/bias", "norm2/weight", "norm2/bias", "conv2/weight", "conv2/bias",
                "skip/weight", "skip/bias");
        assertThat(p.get("conv1/weight").shape().dims()).containsExactly(6, 4, 3, 3);
        assertThat(p.get("time/weight").shape().dims()).containsExactly(6, 5);
        assertThat(p.get("skip/weight").shape().dims()).containsExactly(6, 4, 1, 1);
        Params same = new ResidualBlock(1, 4, 4, Activation.gelu()).init(RandomKey.of(3));
        assertThat(same.names()).doesNotContain("skip/weight", "time/weight");
    }

    @Test
    void keepsTheSpatialShapeAndAddsTheTimeEmbedding() {
        ResidualBlock block = new ResidualBlock(2, 3, 4, 6, 2, Activation.gelu(), true);
        Params p = block.init(RandomKey.of(1));
        Tensor x = Rng.normal(RandomKey.of(2), 2, 3, 5, 7);
        Tensor e1 = Rng.normal(RandomKey.of(3), 2, 6);
        Tensor e2 = e1.add(1.0);
        Tensor y1 = block.apply(p, x, Context.inference().withCondition(e1));
        Tensor y2 = block.apply(p, x, Context.inference().withCondition(e2));
        assertThat(y1.shape().dims()).containsExactly(2, 4, 5, 7);
        assertThat(y1.allClose(y2, 1e-6, 1e-6)).isFalse();
        assertThatThrownBy(() -> block.apply(p, x, Context.inference()))
                .hasMessageContaining("ResidualBlock").hasMessageContaining("[N, 6]");
        assertThatThrownBy(() -> block.apply(p, Tensor.zeros(2, 2, 5, 7), Context.inference().withCondition(e1)))
                .hasMessageContaining("ResidualBlock").hasMessageContaining("(2, 2, 5, 7)");
    }

    @Test
    void gradientsMatchFiniteDifferencesInFloat64() {
        ResidualBlock block = new ResidualBlock(1, 2, 4, 3, 2, Activation.gelu(), true);
        Params p = block.init(RandomKey.of(5)).map(t -> t.cast(DType.FLOAT64));
        Tensor x = Rng.normal(RandomKey.of(6), DType.FLOAT64, 2, 2, 6);
        Tensor e = Rng.normal(RandomKey.of(7), DType.FLOAT64, 2, 3);
        String[] names = {"conv1/weight", "time/weight", "norm2/weight", "skip/bias"};
        Tensor[] inputs = new Tensor[2 + names.length];
        inputs[0] = x;
        inputs[1] = e;
        for (int k = 0; k < names.length; k++) {
            inputs[2 + k] = p.get(names[k]);
        }
        GradCheck.forDType(DType.FLOAT64).atol(1e-8).run(xs -> {
            Params q = p;
            for (int k = 0; k < names.length; k++) {
                q = q.with(names[k], xs[2 + k]);
            }
            return block.apply(q, xs[0], Context.inference().withCondition(xs[1]));
        }, inputs);
    }
}
