package dev.adjoint.nn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.adjoint.api.DType;
import dev.adjoint.api.Npz;
import dev.adjoint.api.PadMode;
import dev.adjoint.api.Params;
import dev.adjoint.api.RandomKey;
import dev.adjoint.api.Rng;
import dev.adjoint.api.Tensor;
import dev.adjoint.api.testing.GradCheck;
import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelsTest {

    @Test
    void mlpHasTheRequestedWidthsAndNames() {
        Sequential mlp = Models.mlp(3, new int[] {5, 7}, 2, Activation.tanh());
        Params p = mlp.init(RandomKey.of(1));
        assertThat(p.names()).containsExactly("dense0/weight", "dense0/bias", "dense1/weight", "dense1/bias",
                "dense2/weight", "dense2/bias");
        assertThat(p.get("dense1/weight").shape().dims()).containsExactly(7, 5);
        assertThat(p.parameterCount()).isEqualTo(3 * 5 + 5 + 5 * 7 + 7 + 7 * 2 + 2);
        Tensor y = mlp.apply(p, Rng.normal(RandomKey.of(2), 4, 6, 3));
        assertThat(y.shape().dims()).containsExactly(4, 6, 2);
        assertThat(Models.mlp(3, new int[0], 2, Activation.relu()).init(RandomKey.of(1)).names())
                .containsExactly("dense0/weight", "dense0/bias");
    }

    @Test
    void mlpMatchesAHandComputedForwardPass() {
        // One hidden unit with tanh: y = w2 * tanh(w1 . x + b1) + b2.
        Sequential mlp = Models.mlp(2, new int[] {1}, 1, Activation.tanh());
        Params p = Params.of("dense0/weight", Tensor.of(new double[] {0.5, -1.0}, 1, 2),
                "dense0/bias", Tensor.of(new double[] {0.25}, 1),
                "dense1/weight", Tensor.of(new double[] {2.0}, 1, 1),
                "dense1/bias", Tensor.of(new double[] {-0.5}, 1));
        // x = (1, 0.5): pre-activation 0.5 - 0.5 + 0.25 = 0.25; tanh(0.25) = 0.24491866240370913.
        double y = mlp.apply(p, Tensor.of(new double[] {1.0, 0.5}, 1, 2)).item();
        assertThat(y).isCloseTo(2 * 0.24491866240370913 - 0.5, within(1e-15));
    }

    @Test
    void mlpGradientsMatchFiniteDifferences() {
        Sequential mlp = Models.mlp(3, new int[] {4}, 2, Activation.silu());
        Params p = mlp.init(RandomKey.of(3)).map(t -> t.cast(DType.FLOAT64));
        Tensor x = Rng.normal(RandomKey.of(4), DType.FLOAT64, 5, 3);
        GradCheck.check(xs -> mlp.apply(p.with("dense0/weight", xs[1]).with("dense1/bias", xs[2]), xs[0]),
                x, p.get("dense0/weight"), p.get("dense1/bias"));
    }

    @Test
    void convNetKeepsTheSpatialShapeInOneTwoAndThreeDimensions() {
        int[][] sizes = {{11}, {9, 6}, {4, 5, 3}};
        for (int dims = 1; dims <= 3; dims++) {
            for (int kernel : new int[] {3, 4}) {
                for (boolean periodic : new boolean[] {false, true}) {
                    Sequential net = Models.convNet(dims, 2, new int[] {4, 3}, 5, kernel, periodic, Activation.gelu());
                    Params p = net.init(RandomKey.of(dims));
                    assertThat(p.names()).containsExactly("conv0/weight", "conv0/bias", "conv1/weight",
                            "conv1/bias", "conv2/weight", "conv2/bias");
                    int[] shape = new int[dims + 2];
                    shape[0] = 2;
                    shape[1] = 2;
                    System.arraycopy(sizes[dims - 1], 0, shape, 2, dims);
                    Tensor y = net.apply(p, Rng.normal(RandomKey.of(5), shape));
                    shape[1] = 5;
                    assertThat(y.shape().dims()).containsExactly(shape);
                }
            }
        }
    }

    @Test
    void periodicConvNetCommutesWithShifts() {
        Sequential net = Models.convNet(2, 1, new int[] {3}, 1, 3, true, Activation.tanh());
        Params p = net.init(RandomKey.of(6)).map(t -> t.cast(DType.FLOAT64));
        Tensor x = Rng.normal(RandomKey.of(7), DType.FLOAT64, 1, 1, 7, 5);
        Tensor a = net.apply(p, x.shift(2, 3, PadMode.PERIODIC));
        Tensor b = net.apply(p, x).shift(2, 3, PadMode.PERIODIC);
        assertThat(a.allClose(b, 1e-12, 1e-12)).isTrue();
    }

    @Test
    void convNetGradientsMatchFiniteDifferences() {
        Sequential net = Models.convNet(1, 2, new int[] {3}, 1, 3, true, Activation.gelu());
        Params p = net.init(RandomKey.of(8)).map(t -> t.cast(DType.FLOAT64));
        Tensor x = Rng.normal(RandomKey.of(9), DType.FLOAT64, 2, 2, 6);
        GradCheck.check(xs -> net.apply(p.with("conv0/weight", xs[1]).with("conv1/bias", xs[2]), xs[0]),
                x, p.get("conv0/weight"), p.get("conv1/bias"));
    }

    @Test
    void resNetKeepsTheSpatialShapeAndNamesItsParameters() {
        ResNet net = Models.resNet(2, 2, 3, 8, 2, true);
        Params p = net.init(RandomKey.of(10));
        assertThat(p.names()).startsWith("stem/weight", "stem/bias", "block0/norm1/weight")
                .contains("block1/conv2/weight", "head/norm/weight", "head/conv/bias")
                .doesNotContain("block0/skip/weight");
        long conv3 = 8 * 8 * 9 + 8;
        long expected = (8 * 2 * 9 + 8) + 2 * (2 * 8 + conv3 + 2 * 8 + conv3) + 2 * 8 + (3 * 8 + 3);
        assertThat(p.parameterCount()).isEqualTo(expected);
        Tensor y = net.apply(p, Rng.normal(RandomKey.of(11), 3, 2, 7, 10));
        assertThat(y.shape().dims()).containsExactly(3, 3, 7, 10);
        Tensor z = Models.resNet(1, 1, 1, 4, 0, false, Activation.relu()).apply(
                Models.resNet(1, 1, 1, 4, 0, false, Activation.relu()).init(RandomKey.of(1)), Tensor.zeros(1, 1, 5));
        assertThat(z.shape().dims()).containsExactly(1, 1, 5);
        assertThatThrownBy(() -> net.apply(p, Tensor.zeros(1, 3, 4, 4)))
                .hasMessageContaining("ResNet").hasMessageContaining("(1, 3, 4, 4)");
    }

    @Test
    void resNetGradientsMatchFiniteDifferences() {
        ResNet net = Models.resNet(2, 1, 1, 4, 1, true);
        Params p = net.init(RandomKey.of(12)).map(t -> t.cast(DType.FLOAT64));
        Tensor x = Rng.normal(RandomKey.of(13), DType.FLOAT64, 2, 1, 5, 4);
        GradCheck.forDType(DType.FLOAT64).atol(1e-8).run(
                xs -> net.apply(p.with("block0/conv1/weight", xs[1]).with("head/norm/weight", xs[2]), xs[0]),
                x, p.get("block0/conv1/weight"), p.get("head/norm/weight"));
    }

    @Test
    void saveAndLoadRoundTripGivesIdenticalOutputs(@TempDir Path dir) throws IOException {
        ResNet net = Models.resNet(1, 2, 2, 4, 2, false);
        Params p = net.init(RandomKey.of(14));
        Npz.save(dir.resolve("resnet.npz"), p);
        Params loaded = Npz.load(dir.resolve("resnet.npz"));
        Tensor x = Rng.normal(RandomKey.of(15), 2, 2, 9);
        assertThat(net.apply(loaded, x).toFloatArray()).isEqualTo(net.apply(p, x).toFloatArray());
        Sequential mlp = Models.mlp(2, new int[] {3}, 1, Activation.gelu());
        Params q = mlp.init(RandomKey.of(16));
        Npz.save(dir.resolve("mlp.npz"), q);
        Tensor u = Rng.normal(RandomKey.of(17), 4, 2);
        assertThat(mlp.apply(Npz.load(dir.resolve("mlp.npz")), u).toFloatArray())
                .isEqualTo(mlp.apply(q, u).toFloatArray());
    }

    @Test
    void buildersRejectBadSizes() {
        assertThatThrownBy(() -> Models.mlp(0, new int[] {2}, 1, Activation.relu())).hasMessageContaining("mlp");
        assertThatThrownBy(() -> Models.mlp(2, new int[] {-1}, 1, Activation.relu()))
                .hasMessageContaining("mlp").hasMessageContaining("[-1]");
        assertThatThrownBy(() -> Models.convNet(4, 1, new int[] {2}, 1, 3, false, Activation.relu()))
                .hasMessageContaining("convNet").hasMessageContaining("dims 4");
        assertThatThrownBy(() -> Models.resNet(2, 1, 1, 0, 1, false)).hasMessageContaining("ResNet");
    }
}
