package dev.adjoint.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.adjoint.api.spi.Backend;
import dev.adjoint.api.spi.ConvSpec;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Convolution and transposed convolution: hand-computed examples, output sizes, adjointness and errors. */
class ConvolutionTest {
    private static Tensor t(DType dtype, double[] values, int... shape) {
        return Tensor.of(values, shape).cast(dtype);
    }

    private static double tol(DType dtype) {
        return dtype == DType.FLOAT32 ? 1e-4 : 1e-12;
    }

    // ---- forward, 1-D ------------------------------------------------------------------------------

    @ParameterizedTest
    @EnumSource(value = DType.class, names = {"FLOAT32", "FLOAT64"})
    void conv1dIsCrossCorrelationWithoutFlip(DType dtype) {
        Tensor x = t(dtype, new double[] {1, 2, 3, 4, 5}, 1, 1, 5);
        Tensor w = t(dtype, new double[] {1, 0, -1}, 1, 1, 3);
        Tensor y = x.conv(w);
        assertThat(y.shape()).isEqualTo(Shape.of(1, 1, 3));
        assertThat(y.dtype()).isEqualTo(dtype);
        // y[p] = x[p] - x[p + 2]
        assertThat(y.toDoubleArray()).containsExactly(-2, -2, -2);
        // An asymmetric kernel shows there is no flip: y[p] = x[p] + 10 x[p + 1]
        Tensor y2 = x.conv(t(dtype, new double[] {1, 10}, 1, 1, 2));
        assertThat(y2.toDoubleArray()).containsExactly(21, 32, 43, 54);
    }

    @ParameterizedTest
    @EnumSource(value = DType.class, names = {"FLOAT32", "FLOAT64"})
    void conv1dStrideDilationAndPadding(DType dtype) {
        Tensor w11 = t(dtype, new double[] {1, 1}, 1, 1, 2);
        // stride 2: windows [1,2], [3,4], [5,6]
        Tensor strided = t(dtype, new double[] {1, 2, 3, 4, 5, 6}, 1, 1, 6)
                .conv(w11, ConvOptions.defaults().stride(2));
        assertThat(strided.shape()).isEqualTo(Shape.of(1, 1, 3));
        assertThat(strided.toDoubleArray()).containsExactly(3, 7, 11);
        // stride 2 on 7 cells: floor((7 - 2) / 2) + 1 = 3 outputs, the last cell is dropped
        assertThat(t(dtype, new double[] {1, 2, 3, 4, 5, 6, 7}, 1, 1, 7)
                .conv(w11, ConvOptions.defaults().stride(2)).toDoubleArray()).containsExactly(3, 7, 11);
        // dilation 2: x[p] + x[p + 2]
        Tensor x5 = t(dtype, new double[] {1, 2, 3, 4, 5}, 1, 1, 5);
        assertThat(x5.conv(w11, ConvOptions.defaults().dilation(2)).toDoubleArray()).containsExactly(4, 6, 8);
        // padding 1: [0, 1, 2, 3, 0] against [1, 2, 3]
        Tensor padded = t(dtype, new double[] {1, 2, 3}, 1, 1, 3)
                .conv(t(dtype, new double[] {1, 2, 3}, 1, 1, 3), ConvOptions.defaults().padding(1));
        assertThat(padded.toDoubleArray()).containsExactly(8, 14, 8);
        // stride 2, dilation 2, padding 2 on [1..5]: padded [0 0 1 2 3 4 5 0 0], taps p*2 + {0, 2}
        Tensor all = x5.conv(w11, ConvOptions.defaults().stride(2).dilation(2).padding(2));
        assertThat(all.shape()).isEqualTo(Shape.of(1, 1, 4));
        assertThat(all.toDoubleArray()).containsExactly(1, 4, 8, 5);
    }

    @ParameterizedTest
    @EnumSource(value = DType.class, names = {"FLOAT32", "FLOAT64"})
    void samePaddingPutsTheExtraCellAfter(DType dtype) {
        Tensor x = t(dtype, new double[] {1, 2, 3, 4}, 1, 1, 4);
        // k = 4: total padding 3, one before and two after: [0, 1, 2, 3, 4, 0, 0]
        Tensor y = x.conv(t(dtype, new double[] {1, 1, 1, 1}, 1, 1, 4), ConvOptions.defaults().samePadding());
        assertThat(y.shape()).isEqualTo(Shape.of(1, 1, 4));
        assertThat(y.toDoubleArray()).containsExactly(6, 10, 9, 7);
        // k = 2, dilation 2: total 2, one on each side: [0, 1, 2, 3, 4, 0], taps p + {0, 2}
        Tensor yd = x.conv(t(dtype, new double[] {1, 10}, 1, 1, 2), ConvOptions.defaults().samePadding().dilation(2));
        assertThat(yd.toDoubleArray()).containsExactly(20, 31, 42, 3);
    }

    @ParameterizedTest
    @EnumSource(value = DType.class, names = {"FLOAT32", "FLOAT64"})
    void periodicPaddingWrapsAround(DType dtype) {
        Tensor x = t(dtype, new double[] {1, 2, 3, 4}, 1, 1, 4);
        // padding 1: [4, 1, 2, 3, 4, 1] against [1, 2, 3]
        Tensor y = x.conv(t(dtype, new double[] {1, 2, 3}, 1, 1, 3), ConvOptions.defaults().padding(1).periodic());
        assertThat(y.toDoubleArray()).containsExactly(12, 14, 20, 14);
        // same + periodic, k = 4: [4, 1, 2, 3, 4, 1, 2], y[p] = P[p] + 2 P[p + 3]
        Tensor s = x.conv(t(dtype, new double[] {1, 0, 0, 2}, 1, 1, 4),
                ConvOptions.defaults().samePadding().periodic());
        assertThat(s.toDoubleArray()).containsExactly(10, 9, 4, 7);
        // padding equal to the size wraps a whole period: [1 2 3 4 | 1 2 3 4 | 1 2 3 4] against [1]
        Tensor whole = x.conv(t(dtype, new double[] {1}, 1, 1, 1), ConvOptions.defaults().padding(4).periodic());
        assertThat(whole.toDoubleArray()).containsExactly(1, 2, 3, 4, 1, 2, 3, 4, 1, 2, 3, 4);
    }

    @ParameterizedTest
    @EnumSource(value = DType.class, names = {"FLOAT32", "FLOAT64"})
    void channelsBatchAndGroups(DType dtype) {
        // two input channels summed: c0 = [1, 2, 3], c1 = [4, 5, 6]; w = [[1, 2], [3, 4]]
        Tensor x = t(dtype, new double[] {1, 2, 3, 4, 5, 6}, 1, 2, 3);
        Tensor w = t(dtype, new double[] {1, 2, 3, 4}, 1, 2, 2);
        // y[p] = c0[p] + 2 c0[p+1] + 3 c1[p] + 4 c1[p+1]
        assertThat(x.conv(w).toDoubleArray()).containsExactly(1 + 4 + 12 + 20, 2 + 6 + 15 + 24);
        // batch entries are independent
        Tensor batched = t(dtype, new double[] {1, 2, 3, 4, 5, 6, 0, 0, 0, 1, 1, 1}, 2, 2, 3);
        Tensor yb = batched.conv(w);
        assertThat(yb.shape()).isEqualTo(Shape.of(2, 1, 2));
        assertThat(yb.toDoubleArray()).containsExactly(37, 47, 7, 7);
        // groups 2 with two outputs per group: o0, o1 read c0, c1; o2, o3 read c2, c3 (k = 1)
        Tensor x4 = t(dtype, new double[] {1, 2, 3, 4, 5, 6, 7, 8}, 1, 4, 2);
        Tensor wg = t(dtype, new double[] {1, 10, 2, 0, 100, 1000, 0, 3}, 4, 2, 1);
        Tensor yg = x4.conv(wg, ConvOptions.defaults().groups(2));
        assertThat(yg.shape()).isEqualTo(Shape.of(1, 4, 2));
        assertThat(yg.toDoubleArray()).containsExactly(31, 42, 2, 4, 7500, 8600, 21, 24);
        // depthwise: groups == channels
        Tensor dw = t(dtype, new double[] {1, 2, 3, 4}, 1, 2, 2)
                .conv(t(dtype, new double[] {10, -1}, 2, 1, 1), ConvOptions.defaults().groups(2));
        assertThat(dw.toDoubleArray()).containsExactly(10, 20, -3, -4);
    }

    // ---- forward, 2-D and 3-D ------------------------------------------------------------------------

    @ParameterizedTest
    @EnumSource(value = DType.class, names = {"FLOAT32", "FLOAT64"})
    void conv2dHandComputed(DType dtype) {
        Tensor x = t(dtype, new double[] {1, 2, 3, 4, 5, 6, 7, 8, 9}, 1, 1, 3, 3);
        Tensor w = t(dtype, new double[] {1, 2, 3, 4}, 1, 1, 2, 2);
        Tensor y = x.conv(w);
        assertThat(y.shape()).isEqualTo(Shape.of(1, 1, 2, 2));
        assertThat(y.toDoubleArray()).containsExactly(37, 47, 67, 77);
        // stride (2, 1), padding (1, 0): rows [0 0 0], [1 2 3], [4 5 6], [7 8 9], [0 0 0]
        Tensor ys = x.conv(w, ConvOptions.defaults().stride(2, 1).padding(1, 0));
        assertThat(ys.shape()).isEqualTo(Shape.of(1, 1, 2, 2));
        assertThat(ys.toDoubleArray()).containsExactly(11, 18, 67, 77);
        // columns only, dilation 2, periodic padding 1: P = [c2 c0 c1 c2 c0], y[j] = P[j] + P[j + 2]
        Tensor wc = t(dtype, new double[] {1, 1}, 1, 1, 1, 2);
        Tensor yp = x.conv(wc, ConvOptions.defaults().dilation(1, 2).padding(0, 1).periodic());
        assertThat(yp.shape()).isEqualTo(Shape.of(1, 1, 3, 3));
        assertThat(yp.toDoubleArray()).containsExactly(5, 4, 3, 11, 10, 9, 17, 16, 15);
        // same padding in 2-D keeps the size: 3x3 box sum with zero padding
        Tensor box = x.conv(t(dtype, new double[] {1, 1, 1, 1, 1, 1, 1, 1, 1}, 1, 1, 3, 3),
                ConvOptions.defaults().samePadding());
        assertThat(box.toDoubleArray()).containsExactly(12, 21, 16, 27, 45, 33, 24, 39, 28);
        // periodic 3x3 box sum on a 3x3 grid: every output is the total, 45
        Tensor torus = x.conv(t(dtype, new double[] {1, 1, 1, 1, 1, 1, 1, 1, 1}, 1, 1, 3, 3),
                ConvOptions.defaults().padding(1).periodic());
        assertThat(torus.toDoubleArray()).containsOnly(45);
    }

    @ParameterizedTest
    @EnumSource(value = DType.class, names = {"FLOAT32", "FLOAT64"})
    void conv3dMatchesANaiveFormula(DType dtype) {
        SplittableRandom rnd = new SplittableRandom(7);
        int n = 2;
        int cin = 4;
        int cout = 6;
        int groups = 2;
        int[] in = {5, 4, 6};
        int[] k = {3, 2, 2};
        int[] stride = {2, 1, 3};
        int[] dilation = {1, 2, 1};
        int[] pad = {1, 0, 2};
        double[] xv = random(rnd, n * cin * in[0] * in[1] * in[2]);
        double[] wv = random(rnd, cout * (cin / groups) * k[0] * k[1] * k[2]);
        Tensor x = t(dtype, xv, n, cin, in[0], in[1], in[2]);
        Tensor w = t(dtype, wv, cout, cin / groups, k[0], k[1], k[2]);
        for (boolean periodic : new boolean[] {false, true}) {
            ConvOptions o = ConvOptions.defaults().stride(stride).dilation(dilation).padding(pad).groups(groups);
            Tensor y = x.conv(w, periodic ? o.periodic() : o);
            int[] out = new int[3];
            for (int d = 0; d < 3; d++) {
                out[d] = (in[d] + 2 * pad[d] - dilation[d] * (k[d] - 1) - 1) / stride[d] + 1;
            }
            assertThat(y.shape()).isEqualTo(Shape.of(n, cout, out[0], out[1], out[2]));
            double[] expected = naiveConv3d(xv, wv, n, cin, cout, groups, in, k, out, stride, dilation, pad,
                    periodic);
            double[] actual = y.toDoubleArray();
            for (int i = 0; i < expected.length; i++) {
                assertThat(actual[i]).as("periodic=%s, element %d", periodic, i)
                        .isCloseTo(expected[i], within(tol(dtype)));
            }
        }
    }

    /** The textbook 3-D cross-correlation, written out with six nested loops. */
    private static double[] naiveConv3d(double[] x, double[] w, int n, int cin, int cout, int groups, int[] in,
            int[] k, int[] out, int[] stride, int[] dilation, int[] pad, boolean periodic) {
        double[] y = new double[n * cout * out[0] * out[1] * out[2]];
        int cg = cin / groups;
        int og = cout / groups;
        int yi = 0;
        for (int b = 0; b < n; b++) {
            for (int o = 0; o < cout; o++) {
                for (int a0 = 0; a0 < out[0]; a0++) {
                    for (int a1 = 0; a1 < out[1]; a1++) {
                        for (int a2 = 0; a2 < out[2]; a2++) {
                            double sum = 0;
                            for (int j = 0; j < cg; j++) {
                                int c = (o / og) * cg + j;
                                for (int q0 = 0; q0 < k[0]; q0++) {
                                    for (int q1 = 0; q1 < k[1]; q1++) {
                                        for (int q2 = 0; q2 < k[2]; q2++) {
                                            int[] pos = {a0 * stride[0] + q0 * dilation[0] - pad[0],
                                                    a1 * stride[1] + q1 * dilation[1] - pad[1],
                                                    a2 * stride[2] + q2 * dilation[2] - pad[2]};
                                            boolean inside = true;
                                            for (int d = 0; d < 3; d++) {
                                                if (periodic) {
                                                    pos[d] = ((pos[d] % in[d]) + in[d]) % in[d];
                                                } else if (pos[d] < 0 || pos[d] >= in[d]) {
                                                    inside = false;
                                                }
                                            }
                                            if (inside) {
                                                double xv = x[(((b * cin + c) * in[0] + pos[0]) * in[1] + pos[1])
                                                        * in[2] + pos[2]];
                                                double wv = w[(((o * cg + j) * k[0] + q0) * k[1] + q1) * k[2] + q2];
                                                sum += xv * wv;
                                            }
                                        }
                                    }
                                }
                            }
                            y[yi++] = sum;
                        }
                    }
                }
            }
        }
        return y;
    }

    @Test
    void emptyBatchAndEmptyChannelsGiveEmptyOrZeroOutputs() {
        Tensor y = Tensor.of(new double[0], 0, 2, 5).conv(Tensor.of(new double[6], 1, 2, 3));
        assertThat(y.shape()).isEqualTo(Shape.of(0, 1, 3));
        Tensor z = Tensor.of(new double[0], 1, 0, 5).conv(Tensor.of(new double[0], 2, 0, 3));
        assertThat(z.shape()).isEqualTo(Shape.of(1, 2, 3));
        assertThat(z.toDoubleArray()).containsOnly(0);
    }

    // ---- transposed convolution ----------------------------------------------------------------------

    @ParameterizedTest
    @EnumSource(value = DType.class, names = {"FLOAT32", "FLOAT64"})
    void convTranspose1dHandComputed(DType dtype) {
        Tensor x = t(dtype, new double[] {1, 2}, 1, 1, 2);
        Tensor w = t(dtype, new double[] {1, 2, 3}, 1, 1, 3);
        // stride 2 scatters x[i] * w to cells 2i..2i+2: [1 2 3 0 0] + [0 0 2 4 6]
        Tensor y = x.convTranspose(w, ConvOptions.defaults().stride(2));
        assertThat(y.shape()).isEqualTo(Shape.of(1, 1, 5));
        assertThat(y.dtype()).isEqualTo(dtype);
        assertThat(y.toDoubleArray()).containsExactly(1, 2, 5, 4, 6);
        // padding 1 crops one cell from each side
        assertThat(x.convTranspose(w, ConvOptions.defaults().stride(2).padding(1)).toDoubleArray())
                .containsExactly(2, 5, 4);
        // outputPadding 1 keeps one more cell at the end
        assertThat(x.convTranspose(w, ConvOptions.defaults().stride(2).padding(1).outputPadding(1)).toDoubleArray())
                .containsExactly(2, 5, 4, 6);
        // dilation 2: x0 lands on 0, 2, 4 and x1 on 1, 3, 5
        assertThat(x.convTranspose(w, ConvOptions.defaults().dilation(2)).toDoubleArray())
                .containsExactly(1, 2, 2, 4, 3, 6);
        // groups 2: input channel 0 -> output channel 0 with [1, 2], channel 1 -> channel 1 with [3, 4]
        Tensor xg = t(dtype, new double[] {1, 10}, 1, 2, 1);
        Tensor wg = t(dtype, new double[] {1, 2, 3, 4}, 2, 1, 2);
        Tensor yg = xg.convTranspose(wg, ConvOptions.defaults().groups(2));
        assertThat(yg.shape()).isEqualTo(Shape.of(1, 2, 2));
        assertThat(yg.toDoubleArray()).containsExactly(1, 2, 30, 40);
        // several output channels: w [in = 1, out = 2, k = 1]
        Tensor yc = t(dtype, new double[] {1, 2, 3}, 1, 1, 3)
                .convTranspose(t(dtype, new double[] {2, -1}, 1, 2, 1), ConvOptions.defaults());
        assertThat(yc.shape()).isEqualTo(Shape.of(1, 2, 3));
        assertThat(yc.toDoubleArray()).containsExactly(2, 4, 6, -1, -2, -3);
    }

    @ParameterizedTest
    @EnumSource(value = DType.class, names = {"FLOAT32", "FLOAT64"})
    void periodicConvTransposeScattersWithWrapAround(DType dtype) {
        // adjoint of y[p] = sum_k w[k] x[(p + k - 1) mod 4]: an impulse at p = 0 lands on cells 3, 0, 1
        Tensor x = t(dtype, new double[] {1, 0, 0, 0}, 1, 1, 4);
        Tensor w = t(dtype, new double[] {1, 2, 3}, 1, 1, 3);
        Tensor y = x.convTranspose(w, ConvOptions.defaults().padding(1).periodic());
        assertThat(y.shape()).isEqualTo(Shape.of(1, 1, 4));
        assertThat(y.toDoubleArray()).containsExactly(2, 3, 0, 1);
        // an impulse at p = 3 lands on cells 2, 3, 0
        Tensor x3 = t(dtype, new double[] {0, 0, 0, 1}, 1, 1, 4);
        assertThat(x3.convTranspose(w, ConvOptions.defaults().padding(1).periodic()).toDoubleArray())
                .containsExactly(3, 0, 1, 2);
    }

    @Test
    void convTransposeOutputSizeFollowsPyTorch() {
        // (in, kernel, stride, padding, dilation, outputPadding)
        int[][] cases = {{4, 3, 1, 0, 1, 0}, {4, 3, 2, 1, 1, 1}, {5, 4, 3, 2, 1, 2}, {3, 2, 1, 0, 3, 2},
                {1, 1, 1, 0, 1, 0}, {6, 5, 2, 3, 2, 1}, {2, 3, 4, 0, 1, 3}};
        for (int[] c : cases) {
            Tensor x = Tensor.of(new double[2 * c[0]], 1, 2, c[0]);
            Tensor w = Tensor.of(new double[2 * 3 * c[1]], 2, 3, c[1]);
            ConvOptions o = ConvOptions.defaults().stride(c[2]).padding(c[3]).dilation(c[4]).outputPadding(c[5]);
            int expected = (c[0] - 1) * c[2] - 2 * c[3] + c[4] * (c[1] - 1) + c[5] + 1;
            assertThat(x.convTranspose(w, o).shape()).as(Arrays.toString(c)).isEqualTo(Shape.of(1, 3, expected));
        }
        // 2-D and 3-D with per-axis options
        Tensor x2 = Tensor.of(new double[3 * 4], 1, 1, 3, 4);
        Tensor w2 = Tensor.of(new double[2 * 2 * 3], 1, 2, 2, 3);
        assertThat(x2.convTranspose(w2, ConvOptions.defaults().stride(2, 3).padding(0, 1).outputPadding(1, 2))
                .shape()).isEqualTo(Shape.of(1, 2, 2 * 2 + 2 + 1, 3 * 3 - 2 + 2 + 2 + 1));
        Tensor x3 = Tensor.of(new double[2 * 3 * 4], 1, 1, 2, 3, 4);
        Tensor w3 = Tensor.of(new double[2 * 2 * 2], 1, 1, 2, 2, 2);
        assertThat(x3.convTranspose(w3, ConvOptions.defaults().stride(2)).shape())
                .isEqualTo(Shape.of(1, 1, 4, 6, 8));
    }

    // ---- adjointness -----------------------------------------------------------------------------------

    @Test
    void convTransposeIsTheAdjointOfConvThroughTheApi() {
        SplittableRandom rnd = new SplittableRandom(11);
        // (dims, stride, dilation, padding, groups, periodic)
        Object[][] cases = {
                {1, new int[] {1}, new int[] {1}, new int[] {0}, 1, false},
                {1, new int[] {3}, new int[] {2}, new int[] {2}, 2, false},
                {1, new int[] {2}, new int[] {1}, new int[] {1}, 1, true},
                {2, new int[] {2, 1}, new int[] {1, 2}, new int[] {1, 2}, 3, false},
                {2, new int[] {1, 3}, new int[] {2, 1}, new int[] {2, 1}, 1, true},
                {3, new int[] {2, 1, 2}, new int[] {1, 1, 2}, new int[] {0, 1, 2}, 2, false},
                {3, new int[] {1, 2, 1}, new int[] {2, 1, 1}, new int[] {1, 1, 1}, 1, true}};
        for (Object[] c : cases) {
            int dims = (int) c[0];
            int[] stride = (int[]) c[1];
            int[] dilation = (int[]) c[2];
            int[] pad = (int[]) c[3];
            int groups = (int) c[4];
            boolean periodic = (boolean) c[5];
            int[] in = new int[dims];
            int[] k = new int[dims];
            int[] outputPadding = new int[dims];
            for (int d = 0; d < dims; d++) {
                in[d] = 5 + d;
                k[d] = 2 + (d % 2);
                outputPadding[d] = Math.floorMod(in[d] + 2 * pad[d] - dilation[d] * (k[d] - 1) - 1, stride[d]);
            }
            int batch = 2;
            int cin = 2 * groups;
            int cout = 3 * groups;
            Tensor x = Tensor.of(random(rnd, batch * cin * prod(in)), concat(batch, cin, in));
            Tensor w = Tensor.of(random(rnd, cout * 2 * prod(k)), concat(cout, 2, k));
            ConvOptions o = ConvOptions.defaults().stride(stride).dilation(dilation).padding(pad).groups(groups)
                    .outputPadding(outputPadding);
            if (periodic) {
                o = o.periodic();
            }
            Tensor y = x.conv(w, o);
            Tensor dy = Tensor.of(random(rnd, y.size()), y.shape().dims());
            Tensor dx = dy.convTranspose(w, o);
            assertThat(dx.shape()).as("case %s", Arrays.deepToString(c)).isEqualTo(x.shape());
            double lhs = dot(y.toDoubleArray(), dy.toDoubleArray());
            double rhs = dot(x.toDoubleArray(), dx.toDoubleArray());
            assertThat(rhs).as("case %s", Arrays.deepToString(c)).isCloseTo(lhs, within(1e-10 * (1 + Math.abs(lhs))));
        }
    }

    @Test
    void referenceKernelsAreExactAdjointsOfEachOther() {
        Backend ref = Backends.byName("reference");
        SplittableRandom rnd = new SplittableRandom(3);
        // dims, groups, periodic, in, kernel, stride, dilation, padBefore, padAfter
        Object[][] cases = {
                {1, 1, false, new int[] {7}, new int[] {3}, new int[] {1}, new int[] {1}, new int[] {0}, new int[] {0}},
                {1, 2, false, new int[] {9}, new int[] {2}, new int[] {2}, new int[] {3}, new int[] {1}, new int[] {2}},
                {1, 1, true, new int[] {6}, new int[] {4}, new int[] {1}, new int[] {1}, new int[] {1}, new int[] {2}},
                {2, 3, false, new int[] {5, 6}, new int[] {3, 2}, new int[] {2, 1}, new int[] {1, 2}, new int[] {1, 0},
                        new int[] {1, 1}},
                {2, 1, true, new int[] {4, 5}, new int[] {3, 3}, new int[] {1, 2}, new int[] {2, 1}, new int[] {2, 1},
                        new int[] {2, 1}},
                {3, 2, false, new int[] {4, 5, 3}, new int[] {2, 3, 2}, new int[] {1, 2, 1}, new int[] {2, 1, 1},
                        new int[] {1, 1, 0}, new int[] {0, 2, 1}},
                {3, 1, true, new int[] {3, 4, 5}, new int[] {2, 2, 3}, new int[] {2, 1, 1}, new int[] {1, 2, 1},
                        new int[] {1, 2, 1}, new int[] {0, 1, 1}}};
        for (Object[] c : cases) {
            int dims = (int) c[0];
            int groups = (int) c[1];
            boolean periodic = (boolean) c[2];
            int[] in = (int[]) c[3];
            int[] k = (int[]) c[4];
            int[] stride = (int[]) c[5];
            int[] dilation = (int[]) c[6];
            int[] before = (int[]) c[7];
            int[] after = (int[]) c[8];
            int[] out = new int[dims];
            for (int d = 0; d < dims; d++) {
                out[d] = Math.floorDiv(in[d] + before[d] + after[d] - dilation[d] * (k[d] - 1) - 1, stride[d]) + 1;
            }
            int batch = 2;
            int cin = 2 * groups;
            int cout = 2 * groups;
            ConvSpec spec = new ConvSpec(dims, batch, cin, cout, groups, in, k, out, stride, dilation, before,
                    periodic);
            Tensor x = Tensor.of(random(rnd, batch * cin * prod(in)), concat(batch, cin, in)).to(ref);
            Tensor w = Tensor.of(random(rnd, cout * 2 * prod(k)), concat(cout, 2, k)).to(ref);
            Tensor dy = Tensor.of(random(rnd, batch * cout * prod(out)), concat(batch, cout, out)).to(ref);
            double[] y = ref.toDoubles(ref.conv(x.storage(), w.storage(), spec));
            double[] dx = ref.toDoubles(ref.convTranspose(dy.storage(), w.storage(), spec));
            double[] dw = ref.toDoubles(ref.convWeightGrad(x.storage(), dy.storage(), spec));
            assertThat(dx).hasSize(x.size());
            assertThat(dw).hasSize(w.size());
            double lhs = dot(y, dy.toDoubleArray());
            double viaInput = dot(x.toDoubleArray(), dx);
            double viaWeight = dot(w.toDoubleArray(), dw);
            String label = Arrays.deepToString(c);
            assertThat(viaInput).as("input adjoint %s", label).isCloseTo(lhs, within(1e-10 * (1 + Math.abs(lhs))));
            assertThat(viaWeight).as("weight adjoint %s", label).isCloseTo(lhs, within(1e-10 * (1 + Math.abs(lhs))));
        }
    }

    @ParameterizedTest
    @EnumSource(value = DType.class, names = {"FLOAT32", "FLOAT64"})
    void weightGradientHandComputed(DType dtype) {
        Backend ref = Backends.byName("reference");
        // y[p] = w0 x[p] + w1 x[p + 1] on x = [1, 2, 3]; dL/dw_k = sum_p dy[p] x[p + k]
        Tensor x = t(dtype, new double[] {1, 2, 3}, 1, 1, 3).to(ref);
        Tensor dy = t(dtype, new double[] {10, 100}, 1, 1, 2).to(ref);
        ConvSpec spec = new ConvSpec(1, 1, 1, 1, 1, new int[] {3}, new int[] {2}, new int[] {2}, new int[] {1},
                new int[] {1}, new int[] {0}, false);
        Tensor dw = Tensor.fromStorage(ref, ref.convWeightGrad(x.storage(), dy.storage(), spec), Shape.of(1, 1, 2));
        assertThat(dw.dtype()).isEqualTo(dtype);
        assertThat(dw.toDoubleArray()).containsExactly(210, 320);
        Tensor viaHelper = Convolution.weightGrad(x, dy, spec);
        assertThat(viaHelper.shape()).isEqualTo(Shape.of(1, 1, 2));
        assertThat(viaHelper.toDoubleArray()).containsExactly(210, 320);
        // the input adjoint through the spec-level helper: dx[i] = sum_p dy[p] w[i - p] with w = [1, 2]
        Tensor w = t(dtype, new double[] {1, 2}, 1, 1, 2).to(ref);
        Tensor dx = Convolution.transpose(dy, w, spec);
        assertThat(dx.shape()).isEqualTo(Shape.of(1, 1, 3));
        assertThat(dx.toDoubleArray()).containsExactly(10, 120, 200);
    }

    // ---- errors ------------------------------------------------------------------------------------------

    @Test
    void rejectsBadRanksAndDtypes() {
        Tensor w = Tensor.of(new double[3], 1, 1, 3);
        assertThatThrownBy(() -> Tensor.of(new double[3], 1, 3).conv(Tensor.of(new double[3], 1, 3)))
                .isInstanceOf(OpException.ShapeException.class).hasMessageContaining("conv")
                .hasMessageContaining("(1, 3)");
        assertThatThrownBy(() -> Tensor.of(new double[5], 1, 1, 5).conv(Tensor.of(new double[3], 1, 1, 1, 3)))
                .isInstanceOf(OpException.ShapeException.class).hasMessageContaining("(1, 1, 5)")
                .hasMessageContaining("(1, 1, 1, 3)");
        assertThatThrownBy(() -> Tensor.of(new double[1], 1, 1, 1, 1, 1, 1)
                .conv(Tensor.of(new double[1], 1, 1, 1, 1, 1, 1)))
                .isInstanceOf(OpException.ShapeException.class).hasMessageContaining("(1, 1, 1, 1, 1, 1)");
        assertThatThrownBy(() -> Tensor.of(new float[5], 1, 1, 5).conv(w))
                .isInstanceOf(OpException.DTypeException.class).hasMessageContaining("conv")
                .hasMessageContaining("float32").hasMessageContaining("float64");
        assertThatThrownBy(() -> Tensor.of(new int[5], 1, 1, 5).conv(Tensor.of(new int[3], 1, 1, 3)))
                .isInstanceOf(OpException.DTypeException.class).hasMessageContaining("int32");
        assertThatThrownBy(() -> Tensor.of(new int[5], 1, 1, 5).convTranspose(Tensor.of(new int[3], 1, 1, 3),
                ConvOptions.defaults())).isInstanceOf(OpException.DTypeException.class)
                .hasMessageContaining("convTranspose");
        assertThatThrownBy(() -> Tensor.of(new double[5], 1, 1, 5).conv(Tensor.of(new double[0], 1, 1, 0)))
                .isInstanceOf(OpException.ShapeException.class).hasMessageContaining("(1, 1, 0)");
    }

    @Test
    void rejectsChannelAndGroupMismatches() {
        Tensor x = Tensor.of(new double[3 * 5], 1, 3, 5);
        assertThatThrownBy(() -> x.conv(Tensor.of(new double[2 * 2 * 3], 2, 2, 3)))
                .isInstanceOf(OpException.ShapeException.class).hasMessageContaining("conv")
                .hasMessageContaining("(1, 3, 5)").hasMessageContaining("(2, 2, 3)");
        assertThatThrownBy(() -> x.conv(Tensor.of(new double[2 * 3 * 3], 2, 3, 3), ConvOptions.defaults().groups(3)))
                .isInstanceOf(OpException.ShapeException.class).hasMessageContaining("groups=3")
                .hasMessageContaining("(2, 3, 3)");
        Tensor x4 = Tensor.of(new double[4 * 5], 1, 4, 5);
        assertThatThrownBy(() -> x4.conv(Tensor.of(new double[3 * 2 * 3], 3, 2, 3), ConvOptions.defaults().groups(2)))
                .isInstanceOf(OpException.ShapeException.class).hasMessageContaining("output channels");
        assertThatThrownBy(() -> x.convTranspose(Tensor.of(new double[2 * 2 * 3], 2, 2, 3), ConvOptions.defaults()))
                .isInstanceOf(OpException.ShapeException.class).hasMessageContaining("convTranspose")
                .hasMessageContaining("(1, 3, 5)").hasMessageContaining("(2, 2, 3)");
        assertThatThrownBy(() -> x.convTranspose(Tensor.of(new double[3 * 3], 3, 1, 3),
                ConvOptions.defaults().groups(2))).isInstanceOf(OpException.ShapeException.class)
                .hasMessageContaining("groups=2");
    }

    @Test
    void rejectsBadOptions() {
        Tensor x = Tensor.of(new double[5], 1, 1, 5);
        Tensor w = Tensor.of(new double[3], 1, 1, 3);
        assertThatThrownBy(() -> x.conv(w, ConvOptions.defaults().stride(1, 2)))
                .isInstanceOf(OpException.class).hasMessageContaining("stride [1, 2]")
                .hasMessageContaining("(1, 1, 5)").hasMessageContaining("1 spatial axes");
        Tensor x2 = Tensor.of(new double[9], 1, 1, 3, 3);
        Tensor w2 = Tensor.of(new double[4], 1, 1, 2, 2);
        assertThatThrownBy(() -> x2.conv(w2, ConvOptions.defaults().padding(1, 1, 1)))
                .isInstanceOf(OpException.class).hasMessageContaining("padding [1, 1, 1]");
        assertThatThrownBy(() -> x.conv(w, ConvOptions.defaults().samePadding().stride(2)))
                .isInstanceOf(OpException.class).hasMessageContaining("same padding")
                .hasMessageContaining("stride [2]");
        assertThatThrownBy(() -> x.convTranspose(w, ConvOptions.defaults().samePadding()))
                .isInstanceOf(OpException.class).hasMessageContaining("convTranspose")
                .hasMessageContaining("same padding");
        assertThatThrownBy(() -> x.convTranspose(w, ConvOptions.defaults().stride(2).outputPadding(2)))
                .isInstanceOf(OpException.class).hasMessageContaining("outputPadding [2]")
                .hasMessageContaining("max(stride, dilation)");
        assertThatThrownBy(() -> x.convTranspose(w, ConvOptions.defaults().outputPadding(1, 1)))
                .isInstanceOf(OpException.class).hasMessageContaining("outputPadding [1, 1]");
        assertThatThrownBy(() -> ConvOptions.defaults().groups(0)).isInstanceOf(OpException.class);
    }

    @Test
    void rejectsSizesThatLeaveNoOutput() {
        Tensor x = Tensor.of(new double[2], 1, 1, 2);
        Tensor w = Tensor.of(new double[3], 1, 1, 3);
        assertThatThrownBy(() -> x.conv(w)).isInstanceOf(OpException.ShapeException.class)
                .hasMessageContaining("conv").hasMessageContaining("size 2").hasMessageContaining("kernel 3")
                .hasMessageContaining("padded by 0 + 0");
        assertThatThrownBy(() -> x.conv(w, ConvOptions.defaults().dilation(2).padding(1)))
                .isInstanceOf(OpException.ShapeException.class).hasMessageContaining("extent 5")
                .hasMessageContaining("padded by 1 + 1");
        Tensor w1 = Tensor.of(new double[1], 1, 1, 1);
        assertThatThrownBy(() -> x.conv(w1, ConvOptions.defaults().padding(3).periodic()))
                .isInstanceOf(OpException.ShapeException.class).hasMessageContaining("periodic padding 3")
                .hasMessageContaining("input size 2");
        assertThatThrownBy(() -> Tensor.of(new double[3], 1, 1, 3).convTranspose(w, ConvOptions.defaults().padding(3)))
                .isInstanceOf(OpException.ShapeException.class).hasMessageContaining("convTranspose")
                .hasMessageContaining("(1, 1, 3)").hasMessageContaining("output size would be -1");
        // output size (1 - 1) - 4 + 4 + 1 = 1 cannot wrap a padding of 2
        assertThatThrownBy(() -> Tensor.of(new double[1], 1, 1, 1).convTranspose(Tensor.of(new double[5], 1, 1, 5),
                ConvOptions.defaults().padding(2).periodic())).isInstanceOf(OpException.ShapeException.class)
                .hasMessageContaining("periodic padding 2").hasMessageContaining("output size 1");
    }

    // ---- helpers -----------------------------------------------------------------------------------------

    private static double[] random(SplittableRandom rnd, int n) {
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            v[i] = rnd.nextDouble(-1, 1);
        }
        return v;
    }

    private static int prod(int[] v) {
        int p = 1;
        for (int x : v) {
            p *= x;
        }
        return p;
    }

    private static int[] concat(int a, int b, int[] rest) {
        int[] out = new int[rest.length + 2];
        out[0] = a;
        out[1] = b;
        System.arraycopy(rest, 0, out, 2, rest.length);
        return out;
    }

    private static double dot(double[] a, double[] b) {
        assertThat(a).hasSameSizeAs(b);
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += a[i] * b[i];
        }
        return s;
    }
}
