package dev.adjoint.api;

import static dev.adjoint.api.VjpTesting.rand;
import static dev.adjoint.api.VjpTesting.f32;
import static dev.adjoint.api.VjpTesting.checkBoth;
import static org.assertj.core.api.Assertions.assertThat;

import dev.adjoint.api.testing.GradCheck;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Function;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

/**
 * Backward rules of convolution and transposed convolution: hand-computed vector-Jacobian products,
 * finite-difference checks in float64 (tight) and float32 (loose) over strides, dilations, groups and
 * explicit, uneven "same" and periodic padding, gradients of gradients, and random geometries.
 */
class ConvolutionGradTest {

    // ---- fixtures -----------------------------------------------------------------------------------

    /** Checks conv(x, w, o) with respect to both operands. */
    private static void checkConv(ConvOptions o, Tensor x, Tensor w) {
        checkBoth(a -> a[0].conv(a[1], o), x, w);
    }

    /** Checks convTranspose(x, w, o) with respect to both operands. */
    private static void checkConvTranspose(ConvOptions o, Tensor x, Tensor w) {
        checkBoth(a -> a[0].convTranspose(a[1], o), x, w);
    }

    private static ConvOptions opts() {
        return ConvOptions.defaults();
    }

    // ---- hand-computed ----------------------------------------------------------------------------------

    @Test
    void vjpOfAPlainConvolutionMatchesHandValues() {
        for (DType dtype : new DType[] {DType.FLOAT64, DType.FLOAT32}) {
            Tensor x = Tensor.of(new double[] {1, 2, 3}, 1, 1, 3).cast(dtype);
            Tensor w = Tensor.of(new double[] {1, 10}, 1, 1, 2).cast(dtype);
            Tensor g = Tensor.of(new double[] {1, 2}, 1, 1, 2).cast(dtype);
            // y = [x0 + 10 x1, x1 + 10 x2]; dx = [g0, 10 g0 + g1, 10 g1], dw = [g.x[0:2], g.x[1:3]].
            List<Tensor> grads = Autodiff.grad(a -> a.get(0).conv(a.get(1)).mul(g).sum(), List.of(x, w));
            assertThat(grads.get(0).dtype()).isEqualTo(dtype);
            assertThat(grads.get(0).shape()).isEqualTo(x.shape());
            assertThat(grads.get(0).toDoubleArray()).containsExactly(1, 12, 20);
            assertThat(grads.get(1).shape()).isEqualTo(w.shape());
            assertThat(grads.get(1).toDoubleArray()).containsExactly(5, 8);
        }
    }

    @Test
    void vjpOfAPeriodicUnevenSameConvolutionMatchesHandValues() {
        for (DType dtype : new DType[] {DType.FLOAT64, DType.FLOAT32}) {
            Tensor x = Tensor.of(new double[] {1, 2, 3}, 1, 1, 3).cast(dtype);
            Tensor w = Tensor.of(new double[] {1, 10}, 1, 1, 2).cast(dtype);
            Tensor g = Tensor.of(new double[] {1, 2, 3}, 1, 1, 3).cast(dtype);
            // Padding 0 before, 1 after, wrapping: y[p] = x[p] + 10 x[(p + 1) mod 3] = [21, 32, 13].
            ConvOptions o = opts().samePadding().periodic();
            List<Tensor> grads = Autodiff.grad(a -> a.get(0).conv(a.get(1), o).mul(g).sum(), List.of(x, w));
            // dx[j] = g[j] + 10 g[(j - 1) mod 3]; dw = [sum g x, sum g[p] x[(p + 1) mod 3]].
            assertThat(grads.get(0).toDoubleArray()).containsExactly(31, 12, 23);
            assertThat(grads.get(1).toDoubleArray()).containsExactly(14, 11);
        }
    }

    @Test
    void vjpOfATransposedConvolutionMatchesHandValues() {
        Tensor x = Tensor.of(new double[] {1, 2}, 1, 1, 2);
        Tensor w = Tensor.of(new double[] {1, 10}, 1, 1, 2);
        // Stride 2: y = [x0, 10 x0, x1, 10 x1]; with g = [1, 2, 3, 4], dx = [21, 43], dw = [1 + 6, 2 + 8].
        Tensor g = Tensor.of(new double[] {1, 2, 3, 4}, 1, 1, 4);
        ConvOptions o = opts().stride(2);
        List<Tensor> grads = Autodiff.grad(a -> a.get(0).convTranspose(a.get(1), o).mul(g).sum(), List.of(x, w));
        assertThat(grads.get(0).toDoubleArray()).containsExactly(21, 43);
        assertThat(grads.get(1).toDoubleArray()).containsExactly(7, 10);
    }

    @Test
    void onlyTheTrackedOperandGetsAGradient() {
        Tensor x = rand(1, 2, 2, 6);
        Tensor w = rand(2, 3, 2, 3);
        ConvOptions o = opts().padding(1).stride(2);
        checkBoth(a -> x.cast(a[0].dtype()).conv(a[0], o), w);
        checkBoth(a -> a[0].conv(w.cast(a[0].dtype()), o), x);
        Tensor gw = Autodiff.grad(v -> x.conv(v, o).sum(), w);
        assertThat(gw.shape()).isEqualTo(w.shape());
    }

    // ---- finite differences: conv -----------------------------------------------------------------------

    @Test
    void conv1dWithStrideDilationAndPadding() {
        checkConv(opts(), rand(10, 2, 2, 5), rand(11, 3, 2, 3));
        checkConv(opts().stride(2).dilation(2).padding(1), rand(12, 2, 2, 7), rand(13, 3, 2, 3));
        checkConv(opts().stride(3).padding(2), rand(14, 1, 2, 8), rand(15, 2, 2, 2));
    }

    @Test
    void conv1dWithGroups() {
        checkConv(opts().groups(2).padding(1), rand(20, 1, 4, 6), rand(21, 6, 2, 3));
        checkConv(opts().groups(3).stride(2), rand(22, 2, 3, 5), rand(23, 3, 1, 2));
    }

    @Test
    void conv1dWithSamePaddingForOddAndEvenKernels() {
        checkConv(opts().samePadding(), rand(30, 1, 2, 6), rand(31, 2, 2, 3));
        checkConv(opts().samePadding(), rand(32, 1, 2, 6), rand(33, 2, 2, 4));
        checkConv(opts().samePadding().dilation(2), rand(34, 2, 1, 7), rand(35, 2, 1, 2));
    }

    @Test
    void conv1dWithPeriodicPadding() {
        checkConv(opts().padding(2).periodic(), rand(40, 1, 2, 5), rand(41, 2, 2, 5));
        checkConv(opts().samePadding().periodic(), rand(42, 1, 2, 5), rand(43, 2, 2, 4));
        checkConv(opts().padding(1).stride(2).periodic(), rand(44, 2, 1, 5), rand(45, 2, 1, 3));
        checkConv(opts().samePadding().dilation(2).periodic(), rand(46, 1, 1, 4), rand(47, 1, 1, 3));
    }

    @Test
    void conv2d() {
        checkConv(opts().stride(2, 1).padding(1, 0).dilation(1, 2), rand(50, 1, 2, 5, 5), rand(51, 2, 2, 3, 2));
        checkConv(opts().groups(2).padding(1), rand(52, 1, 2, 4, 3), rand(53, 4, 1, 2, 2));
        checkConv(opts().samePadding(), rand(54, 1, 1, 4, 5), rand(55, 2, 1, 2, 3));
        checkConv(opts().samePadding().periodic(), rand(56, 1, 2, 4, 3), rand(57, 1, 2, 2, 3));
        checkConv(opts().padding(1, 2).stride(2).periodic(), rand(58, 1, 1, 5, 4), rand(59, 2, 1, 3, 3));
    }

    @Test
    void conv3d() {
        checkConv(opts().padding(1).stride(1, 2, 1), rand(60, 1, 1, 3, 4, 3), rand(61, 2, 1, 2, 2, 2));
        checkConv(opts().samePadding().periodic(), rand(62, 1, 2, 3, 2, 3), rand(63, 1, 2, 2, 1, 2));
        checkConv(opts().dilation(2, 1, 1).groups(2), rand(64, 1, 2, 4, 2, 2), rand(65, 2, 1, 2, 2, 1));
    }

    // ---- finite differences: convTranspose --------------------------------------------------------------

    @Test
    void convTranspose1d() {
        checkConvTranspose(opts(), rand(70, 2, 2, 4), rand(71, 2, 3, 3));
        checkConvTranspose(opts().stride(2).padding(1).outputPadding(1), rand(72, 1, 2, 4), rand(73, 2, 2, 3));
        checkConvTranspose(opts().stride(3).dilation(2).outputPadding(2), rand(74, 1, 2, 3), rand(75, 2, 1, 2));
        checkConvTranspose(opts().groups(2).stride(2), rand(76, 1, 4, 3), rand(77, 4, 1, 3));
        checkConvTranspose(opts().padding(1).periodic(), rand(78, 1, 2, 4), rand(79, 2, 2, 3));
    }

    @Test
    void convTranspose2dAnd3d() {
        checkConvTranspose(opts().stride(2, 1).padding(1, 0).outputPadding(1, 0), rand(80, 1, 2, 3, 3),
                rand(81, 2, 1, 3, 2));
        checkConvTranspose(opts().dilation(1, 2).groups(2), rand(82, 1, 2, 2, 3), rand(83, 2, 2, 2, 2));
        checkConvTranspose(opts().stride(2).outputPadding(1), rand(84, 1, 1, 2, 2, 2), rand(85, 1, 2, 2, 1, 2));
    }

    // ---- gradients of gradients -------------------------------------------------------------------------

    /** {@code 0.5 * sum(conv(x, w)^2)}, whose gradients run all three conv maps. */
    private static Tensor energy(Tensor x, Tensor w, ConvOptions o) {
        return x.conv(w, o).square().sum().mul(0.5);
    }

    @Test
    void gradientsOfConvGradientsInBothOperands() {
        ConvOptions o = opts().stride(2).padding(1).dilation(2);
        Tensor x = rand(90, 1, 2, 6);
        Tensor w = rand(91, 2, 2, 3);
        Function<List<Tensor>, Tensor> loss = v -> energy(v.get(0), v.get(1), o);
        checkBoth(a -> Autodiff.grad(loss, List.of(a[0], a[1])).get(0), x, w);
        checkBoth(a -> Autodiff.grad(loss, List.of(a[0], a[1])).get(1), x, w);
    }

    @Test
    void gradientsOfGradientsWithPeriodicAndUnevenSamePadding() {
        ConvOptions o = opts().samePadding().periodic();
        Tensor x = rand(92, 1, 1, 4, 3);
        Tensor w = rand(93, 2, 1, 2, 2);
        checkBoth(a -> Autodiff.grad(v -> energy(v, a[1], o), a[0]), x, w);
        checkBoth(a -> Autodiff.grad(v -> energy(a[0], v, o), a[1]), x, w);
    }

    @Test
    void gradientsOfConvTransposeGradients() {
        ConvOptions o = opts().stride(2).padding(1).outputPadding(1);
        Tensor x = rand(94, 1, 2, 3);
        Tensor w = rand(95, 2, 1, 3);
        Function<List<Tensor>, Tensor> loss = v -> v.get(0).convTranspose(v.get(1), o).square().sum();
        checkBoth(a -> Autodiff.grad(loss, List.of(a[0], a[1])).get(0), x, w);
        checkBoth(a -> Autodiff.grad(loss, List.of(a[0], a[1])).get(1), x, w);
    }

    @Test
    void thirdOrderThroughTheWeightGradient() {
        // d/dw of <weightGrad-based gradient, v>: the rules of the rules' rules.
        ConvOptions o = opts().padding(1);
        Tensor x = rand(96, 1, 1, 4);
        Tensor w = rand(97, 1, 1, 3);
        checkBoth(a -> Autodiff.grad(
                u -> Autodiff.grad(v -> x.cast(v.dtype()).conv(v, o).square().square().sum(), u).square().sum(),
                a[0]), w);
    }

    // ---- random geometry ------------------------------------------------------------------------------

    @Property(tries = 40)
    void convGradientsOnRandomGeometries(@ForAll @IntRange(min = 1, max = 3) int dims,
            @ForAll @IntRange(max = 100_000) int seed) {
        SplittableRandom r = new SplittableRandom(seed);
        int groups = 1 + r.nextInt(2);
        int inPerGroup = 1 + r.nextInt(2);
        int outPerGroup = 1 + r.nextInt(2);
        int mode = r.nextInt(3); // 0: explicit padding, 1: same, 2: periodic (explicit or same)
        boolean same = mode == 1 || (mode == 2 && r.nextBoolean());
        int[] stride = new int[dims];
        int[] dilation = new int[dims];
        int[] padding = new int[dims];
        int[] kernel = new int[dims];
        int[] size = new int[dims];
        for (int d = 0; d < dims; d++) {
            stride[d] = same ? 1 : 1 + r.nextInt(2);
            dilation[d] = 1 + r.nextInt(2);
            kernel[d] = 1 + r.nextInt(dims == 3 ? 2 : 3);
            int extent = dilation[d] * (kernel[d] - 1) + 1;
            padding[d] = same ? extent / 2 : r.nextInt(3); // for same: the larger (after) side
            // A valid output needs the padded input to cover the kernel extent; periodic padding wraps once.
            int minSize = same ? 1 : Math.max(1, extent - 2 * padding[d]);
            if (mode == 2) {
                minSize = Math.max(minSize, padding[d]);
            }
            size[d] = minSize + r.nextInt(3);
        }
        ConvOptions o = opts().stride(stride).dilation(dilation).groups(groups);
        o = same ? o.samePadding() : o.padding(padding);
        if (mode == 2) {
            o = o.periodic();
        }
        int[] xShape = new int[dims + 2];
        int[] wShape = new int[dims + 2];
        xShape[0] = 1 + r.nextInt(2);
        xShape[1] = groups * inPerGroup;
        wShape[0] = groups * outPerGroup;
        wShape[1] = inPerGroup;
        System.arraycopy(size, 0, xShape, 2, dims);
        System.arraycopy(kernel, 0, wShape, 2, dims);
        ConvOptions options = o;
        Function<Tensor[], Tensor> f = a -> a[0].conv(a[1], options);
        GradCheck.forDType(DType.FLOAT64).elementLimit(32).run(f, rand(seed, xShape), rand(seed + 1L, wShape));
    }

    @Property(tries = 25)
    void convTransposeGradientsOnRandomGeometries(@ForAll @IntRange(min = 1, max = 2) int dims,
            @ForAll @IntRange(max = 100_000) int seed) {
        SplittableRandom r = new SplittableRandom(seed);
        int groups = 1 + r.nextInt(2);
        int[] stride = new int[dims];
        int[] dilation = new int[dims];
        int[] padding = new int[dims];
        int[] outputPadding = new int[dims];
        int[] kernel = new int[dims];
        int[] size = new int[dims];
        for (int d = 0; d < dims; d++) {
            stride[d] = 1 + r.nextInt(3);
            dilation[d] = 1 + r.nextInt(2);
            kernel[d] = 1 + r.nextInt(3);
            size[d] = 1 + r.nextInt(4);
            outputPadding[d] = r.nextInt(Math.max(stride[d], dilation[d]));
            int full = (size[d] - 1) * stride[d] + dilation[d] * (kernel[d] - 1) + outputPadding[d] + 1;
            padding[d] = r.nextInt(Math.min(2, (full - 1) / 2) + 1);
        }
        ConvOptions o = opts().stride(stride).dilation(dilation).padding(padding).outputPadding(outputPadding)
                .groups(groups);
        int[] xShape = new int[dims + 2];
        int[] wShape = new int[dims + 2];
        xShape[0] = 1 + r.nextInt(2);
        xShape[1] = groups * (1 + r.nextInt(2));
        wShape[0] = xShape[1];
        wShape[1] = 1 + r.nextInt(2);
        System.arraycopy(size, 0, xShape, 2, dims);
        System.arraycopy(kernel, 0, wShape, 2, dims);
        GradCheck.forDType(DType.FLOAT64).elementLimit(32)
                .run(a -> a[0].convTranspose(a[1], o), rand(seed, xShape), rand(seed + 1L, wShape));
    }
}
