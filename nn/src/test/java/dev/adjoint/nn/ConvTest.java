package dev.adjoint.nn;

import static dev.adjoint.nn.LayerTesting.assertValues;
import static dev.adjoint.nn.LayerTesting.random;
import static dev.adjoint.nn.LayerTesting.tensor;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.adjoint.api.ConvOptions;
import dev.adjoint.api.DType;
import dev.adjoint.api.OpException;
import dev.adjoint.api.Params;
import dev.adjoint.api.RandomKey;
import dev.adjoint.api.Tensor;
import dev.adjoint.api.testing.GradCheck;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class ConvTest {
    private static final double[] X1 = {1, 2, 4, 7, 11};

    private static Tensor conv1d(DType dtype, ConvOptions options, Tensor x) {
        Params p = Params.of("weight", tensor(dtype, new double[] {1, 0, -1}, 1, 1, 3),
                "bias", tensor(dtype, new double[] {0.5}, 1));
        return new Conv(1, 1, 1, 3, options).apply(p, x);
    }

    @ParameterizedTest
    @EnumSource(value = DType.class, names = {"FLOAT32", "FLOAT64"})
    void conv1dIsCrossCorrelationPlusBias(DType dtype) {
        Tensor x = tensor(dtype, X1, 1, 1, 5);
        // y[i] = x[i] - x[i + 2] + 0.5.
        assertValues(conv1d(dtype, ConvOptions.defaults(), x), dtype, new int[] {1, 1, 3},
                new double[] {-2.5, -4.5, -6.5});
        // Zero padding 1: x = [0, 1, 2, 4, 7, 11, 0].
        assertValues(conv1d(dtype, ConvOptions.defaults().padding(1), x), dtype, new int[] {1, 1, 5},
                new double[] {-1.5, -2.5, -4.5, -6.5, 7.5});
        assertValues(conv1d(dtype, ConvOptions.defaults().samePadding(), x), dtype, new int[] {1, 1, 5},
                new double[] {-1.5, -2.5, -4.5, -6.5, 7.5});
        // Stride 2 keeps outputs 0, 2 and 4 of the padded case.
        assertValues(conv1d(dtype, ConvOptions.defaults().padding(1).stride(2), x), dtype, new int[] {1, 1, 3},
                new double[] {-1.5, -4.5, 7.5});
        // Periodic padding: x = [11, 1, 2, 4, 7, 11, 1].
        assertValues(conv1d(dtype, ConvOptions.defaults().padding(1).periodic(), x), dtype, new int[] {1, 1, 5},
                new double[] {9.5, -2.5, -4.5, -6.5, 6.5});
        // Dilation 2: y[0] = x[0] - x[4].
        assertValues(conv1d(dtype, ConvOptions.defaults().dilation(2), x), dtype, new int[] {1, 1, 1},
                new double[] {-9.5});
    }

    @Test
    void unbatchedInputKeepsItsRank() {
        Tensor x = tensor(DType.FLOAT64, X1, 1, 5);
        assertValues(conv1d(DType.FLOAT64, ConvOptions.defaults(), x), DType.FLOAT64, new int[] {1, 3},
                new double[] {-2.5, -4.5, -6.5});
    }

    @ParameterizedTest
    @EnumSource(value = DType.class, names = {"FLOAT32", "FLOAT64"})
    void conv2dWithPaddingAndStride(DType dtype) {
        Tensor x = tensor(dtype, new double[] {1, 2, 3, 4, 5, 6, 7, 8, 9}, 1, 1, 3, 3);
        // Output channel 0 sums the diagonal of each 2x2 window, channel 1 takes top-right minus bottom-left.
        Params p = Params.of("weight", tensor(dtype, new double[] {1, 0, 0, 1, 0, 1, -1, 0}, 2, 1, 2, 2),
                "bias", tensor(dtype, new double[] {1, -1}, 2));
        assertValues(new Conv(2, 1, 2, 2, ConvOptions.defaults()).apply(p, x), dtype, new int[] {1, 2, 2, 2},
                new double[] {7, 9, 13, 15, -3, -3, -3, -3});
        // Padding 1, stride 2: window (a, b) covers padded rows/cols 2a..2a+1, 2b..2b+1.
        // Channel 0: 0+1, 0+3, 0+7, 5+9; channel 1: (0-0), (0-2), (4-0), (6-8).
        assertValues(new Conv(2, 1, 2, 2, ConvOptions.defaults().padding(1).stride(2)).apply(p, x), dtype,
                new int[] {1, 2, 2, 2}, new double[] {2, 4, 8, 15, -1, -3, 3, -3});
    }

    @Test
    void samePaddingKeepsTheSpatialShapeAndGroupsSplitChannels() {
        Conv conv = new Conv(2, 4, 6, 3, ConvOptions.defaults().samePadding().groups(2));
        Params p = conv.init(RandomKey.of(1));
        assertThat(p.get("weight").shape().dims()).containsExactly(6, 2, 3, 3);
        assertThat(conv.apply(p, Tensor.zeros(2, 4, 5, 7)).shape().dims()).containsExactly(2, 6, 5, 7);
        // With groups, output channel 0 ignores input channels 2 and 3.
        Tensor x = random(3, DType.FLOAT32, 1, 4, 5, 7);
        Tensor onlyFirstHalf = Tensor.concat(1, x.slice(1, 0, 2), Tensor.zeros(1, 2, 5, 7));
        assertThat(conv.apply(p, x).slice(1, 0, 3).allClose(conv.apply(p, onlyFirstHalf).slice(1, 0, 3), 1e-6, 1e-6))
                .isTrue();
    }

    @Test
    void initUsesTheFanInOfTheWeight() {
        Conv conv = new Conv(2, 4, 6, 3, ConvOptions.defaults());
        assertThat(conv.weightShape()).containsExactly(6, 4, 3, 3);
        Params p = conv.init(RandomKey.of(11));
        double bound = 1 / Math.sqrt(4 * 9);
        double max = 0;
        for (double v : p.get("weight").toDoubleArray()) {
            assertThat(Math.abs(v)).isLessThanOrEqualTo(bound);
            max = Math.max(max, Math.abs(v));
        }
        assertThat(max).isGreaterThan(0.9 * bound);
        for (double v : p.get("bias").toDoubleArray()) {
            assertThat(Math.abs(v)).isLessThanOrEqualTo(bound);
        }
        Conv grouped = new Conv(1, 4, 6, 5, ConvOptions.defaults().groups(2), false);
        Params q = grouped.init(RandomKey.of(11));
        assertThat(q.names()).containsExactly("weight");
        double groupedBound = 1 / Math.sqrt(2 * 5);
        double gmax = 0;
        for (double v : q.get("weight").toDoubleArray()) {
            gmax = Math.max(gmax, Math.abs(v));
        }
        assertThat(gmax).isLessThanOrEqualTo(groupedBound).isGreaterThan(0.8 * groupedBound);
    }

    @Test
    void describesItsConfiguration() {
        assertThat(new Conv(2, 3, 16, 3, ConvOptions.defaults()).describe()).isEqualTo("Conv2d(3 -> 16, kernel=3)");
        assertThat(new Conv(1, 4, 8, 5, ConvOptions.defaults().stride(2).padding(2).groups(2).periodic(), false)
                .describe()).isEqualTo("Conv1d(4 -> 8, kernel=5, stride=2, padding=2, groups=2, periodic, bias=false)");
        assertThat(new Conv(2, 1, 1, new int[] {3, 1}, ConvOptions.defaults().samePadding(), true).describe())
                .isEqualTo("Conv2d(1 -> 1, kernel=(3, 1), padding=same)");
    }

    @Test
    void rejectsBadConfigurationsAndInputs() {
        assertThatThrownBy(() -> new Conv(4, 1, 1, 3, ConvOptions.defaults())).hasMessageContaining("Conv")
                .hasMessageContaining("4 spatial dimensions");
        assertThatThrownBy(() -> new Conv(2, 3, 4, 3, ConvOptions.defaults().groups(2)))
                .hasMessageContaining("groups=2").hasMessageContaining("3 -> 4");
        Conv conv = new Conv(2, 3, 4, 3, ConvOptions.defaults());
        Params p = conv.init(RandomKey.of(1));
        assertThatThrownBy(() -> conv.apply(p, Tensor.zeros(1, 2, 5, 5)))
                .isInstanceOf(OpException.ShapeException.class)
                .hasMessageContaining("Conv2d(3 -> 4, kernel=3)").hasMessageContaining("(1, 2, 5, 5)");
    }

    @Test
    void gradientsMatchFiniteDifferencesInFloat64() {
        Conv conv = new Conv(2, 2, 3, 3, ConvOptions.defaults().padding(1).stride(2, 1));
        Tensor w = random(1, DType.FLOAT64, 3, 2, 3, 3);
        Tensor b = random(2, DType.FLOAT64, 3);
        Tensor x = random(3, DType.FLOAT64, 2, 2, 4, 5);
        GradCheck.check(xs -> conv.apply(Params.of("weight", xs[0], "bias", xs[1]), xs[2]), w, b, x);
        Conv periodic1d = new Conv(1, 2, 2, 3, ConvOptions.defaults().samePadding().periodic());
        GradCheck.check(xs -> periodic1d.apply(Params.of("weight", xs[0], "bias", xs[1]), xs[2]),
                random(4, DType.FLOAT64, 2, 2, 3), random(5, DType.FLOAT64, 2), random(6, DType.FLOAT64, 1, 2, 6));
    }
}
