package dev.adjoint.nn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class UNetTest {

    static Stream<Arguments> sizes() {
        return Stream.of(
                Arguments.of(2, 3, new int[] {16, 16}),
                Arguments.of(2, 3, new int[] {17, 15}),
                Arguments.of(1, 4, new int[] {33}),
                Arguments.of(1, 3, new int[] {1}),
                Arguments.of(3, 2, new int[] {8, 9, 8}));
    }

    @ParameterizedTest(name = "{0}D levels {1} size {2}")
    @MethodSource("sizes")
    void outputHasTheInputSpatialShape(int dims, int levels, int[] size) {
        for (boolean time : new boolean[] {false, true}) {
            for (boolean periodic : new boolean[] {false, true}) {
                for (UNetConfig.Upsampling up : UNetConfig.Upsampling.values()) {
                    UNetConfig config = UNetConfig.builder().dims(dims).inChannels(2).outChannels(3).levels(levels)
                            .baseFilters(4).blocksPerLevel(1).timeConditioning(time).periodic(periodic)
                            .upsampling(up).build();
                    UNet net = Models.uNet(config);
                    Params p = net.init(RandomKey.of(7));
                    int[] shape = new int[dims + 2];
                    shape[0] = 2;
                    shape[1] = 2;
                    System.arraycopy(size, 0, shape, 2, dims);
                    Tensor x = Rng.normal(RandomKey.of(8), shape);
                    Context ctx = time ? Context.inference().withCondition(Tensor.of(new float[] {0.2f, 0.7f}, 2))
                            : Context.inference();
                    Tensor y = net.apply(p, x, ctx);
                    shape[1] = 3;
                    assertThat(y.shape().dims()).as("%s", config).containsExactly(shape);
                    assertThat(y.dtype()).isEqualTo(DType.FLOAT32);
                }
            }
        }
    }

    @Test
    void parameterCountOfTheDefaultTwoDimensionalUNetMatchesTheFormula() {
        for (boolean time : new boolean[] {false, true}) {
            UNetConfig config = UNetConfig.builder().dims(2).inChannels(1).outChannels(1).levels(4).baseFilters(32)
                    .timeConditioning(time).build();
            UNet net = Models.uNet(config);
            Params p = net.init(RandomKey.of(0));
            long expected = expectedCount(2, 1, 1, 4, 32, 2, time);
            System.out.println("UNet 2D levels 4 base 32 blocks 2 time " + time + ": " + p.parameterCount()
                    + " parameters in " + p.size() + " tensors");
            if (time) {
                System.out.println(Summary.table(net, p));
            }
            assertThat(p.parameterCount()).isEqualTo(expected);
        }
        assertThat(Models.uNet(UNetConfig.builder().dims(3).inChannels(2).outChannels(5).levels(3).baseFilters(6)
                .blocksPerLevel(1).groups(4).timeConditioning(true).build()).init(RandomKey.of(0)).parameterCount())
                .isEqualTo(expectedCount(3, 2, 5, 3, 6, 1, true));
    }

    /** The parameter count from the architecture, written out independently of the code. */
    private static long expectedCount(int d, int in, int out, int levels, int base, int blocks, boolean time) {
        int t = time ? 4 * base : 0;
        long n = conv(d, in, base, 3);
        if (time) {
            int s = base + base % 2;
            n += (long) s * t + t + (long) t * t + t;
        }
        int c = base;
        for (int i = 0; i < levels; i++) {
            int ci = base << i;
            for (int b = 0; b < blocks; b++) {
                n += res(d, c, ci, t);
                c = ci;
            }
            if (i < levels - 1) {
                n += conv(d, ci, ci, 3);
            }
        }
        n += res(d, c, c, t);
        for (int i = levels - 2; i >= 0; i--) {
            int ci = base << i;
            n += (long) c * ci * (1L << d) + ci;
            c = 2 * ci;
            for (int b = 0; b < blocks; b++) {
                n += res(d, c, ci, t);
                c = ci;
            }
        }
        return n + 2L * c + conv(d, c, out, 1);
    }

    private static long conv(int d, int in, int out, int k) {
        return (long) out * in * (long) Math.pow(k, d) + out;
    }

    private static long res(int d, int in, int out, int t) {
        return 2L * in + conv(d, in, out, 3) + (t > 0 ? (long) t * out + out : 0) + 2L * out + conv(d, out, out, 3)
                + (in != out ? conv(d, in, out, 1) : 0);
    }

    @Test
    void parameterNamesAreReadableAndStable() {
        UNet net = Models.uNet(UNetConfig.builder().levels(2).baseFilters(4).timeConditioning(true).build());
        Params p = net.init(RandomKey.of(1));
        assertThat(p.names()).contains("stem/weight", "time/dense0/weight", "time/dense1/bias",
                "down0/block0/conv1/weight", "down0/block1/norm2/bias", "down0/downsample/weight",
                "down1/block0/skip/weight", "mid/conv2/weight", "up0/upsample/weight", "up0/block0/skip/weight",
                "up0/block1/time/weight", "head/norm/weight", "head/conv/bias");
        assertThat(p.get("up0/upsample/weight").shape().dims()).containsExactly(8, 4, 2, 2);
        assertThat(p.get("down0/downsample/weight").shape().dims()).containsExactly(4, 4, 3, 3);
        assertThat(net.init(RandomKey.of(1)).names()).isEqualTo(p.names());
        assertThat(net.describe()).isEqualTo("UNet(2D, 1 -> 1, levels 2, base 4, blocks 2, time)");
    }

    @Test
    void initIsReproducibleFromTheKey() {
        UNet net = Models.uNet(UNetConfig.builder().levels(2).baseFilters(4).build());
        Params a = net.init(RandomKey.of(9));
        Params b = net.init(RandomKey.of(9));
        Params c = net.init(RandomKey.of(10));
        assertThat(a.get("down1/block0/conv1/weight").toFloatArray())
                .isEqualTo(b.get("down1/block0/conv1/weight").toFloatArray())
                .isNotEqualTo(c.get("down1/block0/conv1/weight").toFloatArray());
        assertThat(a.get("down0/block0/conv1/weight").toFloatArray())
                .isNotEqualTo(a.get("down0/block1/conv1/weight").toFloatArray());
    }

    @Test
    void differentConditionValuesChangeTheOutput() {
        UNet net = Models.uNet(UNetConfig.builder().dims(2).levels(3).baseFilters(8).timeConditioning(true).build());
        Params p = net.init(RandomKey.of(2));
        Tensor x = Rng.normal(RandomKey.of(3), 2, 1, 12, 12);
        Tensor y1 = net.apply(p, x, Context.inference().withCondition(Tensor.of(new float[] {0.1f, 0.1f}, 2)));
        Tensor y1again = net.apply(p, x, Context.inference().withCondition(Tensor.of(new float[] {0.1f, 0.1f}, 2)));
        Tensor y2 = net.apply(p, x, Context.inference().withCondition(Tensor.of(new float[] {0.9f, 0.1f}, 2)));
        assertThat(y1.toFloatArray()).isEqualTo(y1again.toFloatArray());
        double changedFirst = y1.select(0, 0).sub(y2.select(0, 0)).abs().max().item();
        double changedSecond = y1.select(0, 1).sub(y2.select(0, 1)).abs().max().item();
        assertThat(changedFirst).isGreaterThan(1e-4);
        assertThat(changedSecond).isZero();
        Tensor scalar = net.apply(p, x, Context.inference().withCondition(Tensor.scalar(0.1)));
        assertThat(scalar.allClose(y1, 1e-5, 1e-6)).isTrue();
    }

    @Test
    void periodicUNetCommutesWithShiftsByTheCoarsestCellSize() {
        UNet net = Models.uNet(UNetConfig.builder().dims(2).levels(3).baseFilters(4).blocksPerLevel(1)
                .periodic(true).build());
        Params p = net.init(RandomKey.of(4)).map(t -> t.cast(DType.FLOAT64));
        Tensor x = Rng.normal(RandomKey.of(5), DType.FLOAT64, 1, 1, 16, 8);
        Tensor shiftedThenNet = net.apply(p, x.shift(2, 4, PadMode.PERIODIC).shift(3, -4, PadMode.PERIODIC));
        Tensor netThenShifted = net.apply(p, x).shift(2, 4, PadMode.PERIODIC).shift(3, -4, PadMode.PERIODIC);
        assertThat(shiftedThenNet.allClose(netThenShifted, 1e-12, 1e-12)).isTrue();
        UNet zeroPadded = Models.uNet(net.config().toBuilder().periodic(false).build());
        Tensor notEquivariant = zeroPadded.apply(p, x.shift(2, 4, PadMode.PERIODIC).shift(3, -4, PadMode.PERIODIC));
        Tensor reference = zeroPadded.apply(p, x).shift(2, 4, PadMode.PERIODIC).shift(3, -4, PadMode.PERIODIC);
        assertThat(notEquivariant.allClose(reference, 1e-6, 1e-6)).isFalse();
    }

    @Test
    void gradientsOfATinyUNetMatchFiniteDifferencesInFloat64() {
        UNet net = Models.uNet(UNetConfig.builder().dims(2).inChannels(1).outChannels(2).levels(2).baseFilters(4)
                .blocksPerLevel(1).timeConditioning(true).build());
        Params p = net.init(RandomKey.of(11)).map(t -> t.cast(DType.FLOAT64));
        Tensor x = Rng.normal(RandomKey.of(12), DType.FLOAT64, 2, 1, 8, 8);
        Tensor times = Tensor.of(new double[] {0.25, 0.8}, 2);
        String[] names = {"stem/weight", "down0/downsample/weight", "down1/block0/conv1/weight", "mid/norm1/bias",
            "up0/upsample/weight", "up0/block0/skip/weight", "time/dense0/weight", "head/conv/bias"};
        Tensor[] inputs = new Tensor[2 + names.length];
        inputs[0] = x;
        inputs[1] = times;
        for (int k = 0; k < names.length; k++) {
            inputs[2 + k] = p.get(names[k]);
        }
        GradCheck.forDType(DType.FLOAT64).atol(1e-8).directions(4).run(xs -> {
            Params q = p;
            for (int k = 0; k < names.length; k++) {
                q = q.with(names[k], xs[2 + k]);
            }
            return net.apply(q, xs[0], Context.inference().withCondition(xs[1]));
        }, inputs);
    }

    @Test
    void gradientsWithNearestUpsamplingAndPeriodicOddSizesMatchFiniteDifferences() {
        UNet net = Models.uNet(UNetConfig.builder().dims(1).inChannels(2).outChannels(1).levels(3).baseFilters(2)
                .blocksPerLevel(1).periodic(true).upsampling(UNetConfig.Upsampling.NEAREST_CONV).build());
        Params p = net.init(RandomKey.of(13)).map(t -> t.cast(DType.FLOAT64));
        Tensor x = Rng.normal(RandomKey.of(14), DType.FLOAT64, 2, 2, 7);
        GradCheck.forDType(DType.FLOAT64).atol(1e-8).run(xs -> net.apply(p.with("up1/upsample/weight", xs[1]),
                xs[0]), x, p.get("up1/upsample/weight"));
    }

    @Test
    void saveAndLoadRoundTripGivesIdenticalOutputs(@TempDir Path dir) throws IOException {
        UNet net = Models.uNet(UNetConfig.builder().levels(2).baseFilters(4).timeConditioning(true).build());
        Params p = net.init(RandomKey.of(21));
        Path file = dir.resolve("unet.npz");
        Npz.save(file, p);
        Params loaded = Npz.load(file);
        assertThat(loaded.names()).isEqualTo(p.names());
        Tensor x = Rng.normal(RandomKey.of(22), 3, 1, 9, 10);
        Context ctx = Context.inference().withCondition(Tensor.of(new float[] {0.1f, 0.5f, 0.9f}, 3));
        assertThat(net.apply(loaded, x, ctx).toFloatArray()).isEqualTo(net.apply(p, x, ctx).toFloatArray());
    }

    @Test
    void errorsNameTheProblem() {
        UNet timed = Models.uNet(UNetConfig.builder().levels(2).baseFilters(4).timeConditioning(true).build());
        Params p = timed.init(RandomKey.of(1));
        assertThatThrownBy(() -> timed.apply(p, Tensor.zeros(1, 1, 8, 8)))
                .hasMessageContaining("UNet").hasMessageContaining("condition");
        assertThatThrownBy(() -> timed.apply(p, Tensor.zeros(2, 1, 8, 8),
                Context.inference().withCondition(Tensor.zeros(3))))
                .hasMessageContaining("UNet").hasMessageContaining("(3,)");
        assertThatThrownBy(() -> timed.apply(p, Tensor.zeros(1, 3, 8, 8)))
                .hasMessageContaining("UNet").hasMessageContaining("(1, 3, 8, 8)");
        assertThatThrownBy(() -> UNetConfig.builder().dims(4).build()).hasMessageContaining("dims");
        assertThatThrownBy(() -> UNetConfig.builder().levels(0).build()).hasMessageContaining("levels 0");
    }

    @Test
    void configDefaults() {
        UNetConfig c = UNetConfig.of(2, 3, 1);
        assertThat(c.levels()).isEqualTo(4);
        assertThat(c.baseFilters()).isEqualTo(32);
        assertThat(c.groups()).isEqualTo(8);
        assertThat(c.timeDim()).isEqualTo(128);
        assertThat(c.periodic()).isFalse();
        assertThat(c.timeConditioning()).isFalse();
        assertThat(c.channels(3)).isEqualTo(256);
        assertThat(c.activation().describe()).isEqualTo("GELU");
    }
}
