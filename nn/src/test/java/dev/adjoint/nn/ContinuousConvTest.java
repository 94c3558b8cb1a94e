package dev.adjoint.nn;

import static dev.adjoint.nn.PointTesting.assertClose;
import static dev.adjoint.nn.PointTesting.cloud;
import static dev.adjoint.nn.PointTesting.permutation;
import static dev.adjoint.nn.PointTesting.rows;
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
import org.junit.jupiter.params.provider.ValueSource;

class ContinuousConvTest {
    private static final DType F64 = DType.FLOAT64;

    @Test
    void twoPointsByHand() {
        // Identity mapping, 3x3 grid, radius 1: point 1 sits at +0.3 along x from point 0, so each sees the
        // other at grid coordinates (y, x) = (1, 1 +- 0.3) and itself at the centre (1, 1).
        double[] g = {0, 0, 0, -1, 2, 5, 0, 0, 0};
        Tensor weight = Tensor.of(g, 3, 3, 1, 1);
        Params p = Params.of("weight", weight, "bias", Tensor.of(new double[] {0.25}, 1));
        ContinuousConv conv = new ContinuousConv(1, 1, new int[] {3, 3}, 1.0).withMapping(BallToCube.IDENTITY);
        Tensor x = Tensor.of(new double[] {0, 0, 0.3, 0}, 2, 2);
        Tensor f = Tensor.of(new double[] {1.5, -2}, 2, 1);
        double a = Math.pow(1 - 0.09, 3);
        double out0 = 1.5 * 2 + a * -2 * (0.7 * 2 + 0.3 * 5) + 0.25;
        double out1 = -2 * 2 + a * 1.5 * (0.3 * -1 + 0.7 * 2) + 0.25;
        double[] y = conv.apply(p, x, f).toDoubleArray();
        assertThat(y[0]).isCloseTo(out0, within(1e-12));
        assertThat(y[1]).isCloseTo(out1, within(1e-12));
        double[] noSelf = conv.ignoringSelf().apply(p, x, f).toDoubleArray();
        assertThat(noSelf[0]).isCloseTo(out0 - 3, within(1e-12));
        double[] normalized = conv.normalized().apply(p, x, f).toDoubleArray();
        assertThat(normalized[0]).isCloseTo((out0 - 0.25) / (1 + a) + 0.25, within(1e-12));
    }

    @Test
    void volumePreservingMappingByHand() {
        double c = 4 / Math.PI;
        // 2D: |y| <= |x| branch and |y| > |x| branch of the disk-to-square map, then halved.
        Tensor p2 = Tensor.of(new double[] {0.6, 0.3, -0.1, 0.5, 1, 0, Math.sqrt(0.5), Math.sqrt(0.5)}, 4, 2);
        double r1 = Math.sqrt(0.45);
        double r2 = Math.sqrt(0.26);
        double[] e2 = {r1 / 2, c * r1 * Math.atan(0.5) / 2, c * r2 * Math.atan(-0.2) / 2, r2 / 2, 0.5, 0, 0.5, 0.5};
        assertClose(BallToCube.VOLUME_PRESERVING.map(p2), Tensor.of(e2, 4, 2), 1e-14);
        // 3D, polar branch (5/4 z^2 > x^2 + y^2) and side branch.
        Tensor p3 = Tensor.of(new double[] {0.1, 0.2, 0.6, 0.5, -0.2, 0.3, 0, 0, 1}, 3, 3);
        double t = Math.sqrt(0.41);
        double s = Math.sqrt(3 * t / (t + 0.6));
        double rp = s * Math.sqrt(0.05);
        double t2 = Math.sqrt(0.38);
        double s2 = t2 / Math.sqrt(0.29);
        double rs = s2 * Math.sqrt(0.29);
        double[] e3 = {c * rp * Math.atan(0.5) / 2, rp / 2, t / 2,
            rs / 2, c * rs * Math.atan(-0.4) / 2, 1.5 * 0.3 / 2,
            0, 0, 0.5};
        assertClose(BallToCube.VOLUME_PRESERVING.map(p3), Tensor.of(e3, 3, 3), 1e-14);
        Tensor radial = BallToCube.RADIAL.map(Tensor.of(new double[] {0.6, 0.3}, 1, 2));
        assertClose(radial, Tensor.of(new double[] {0.6 * r1 / 1.2, 0.3 * r1 / 1.2}, 1, 2), 1e-14);
    }

    @Test
    void mappingsAreOddAndFixTheOrigin() {
        Tensor p = cloud(3, 50, 3, 1, F64).sub(0.5).mul(1.1);
        for (BallToCube m : BallToCube.values()) {
            assertThat(m.map(p).add(m.map(p.neg())).abs().max().item()).as("%s", m).isEqualTo(0.0);
            assertThat(m.map(Tensor.zeros(F64, 1, 3)).abs().max().item()).isEqualTo(0.0);
        }
    }

    @Test
    void windowsByHand() {
        Tensor p = Tensor.of(new double[] {0.3, 0.4}, 1, 1, 2);
        double[] expected = {1, Math.pow(0.75, 3), 0.25, 0.5, 0.75, 0.125, 0.125, 0.0625 * 3};
        PointWindow[] w = PointWindow.values();
        for (int i = 0; i < w.length; i++) {
            assertThat(PointConvSupport.window(w[i], p).item()).as("%s", w[i]).isCloseTo(expected[i], within(1e-15));
        }
        // r = 0.3: the cubic spline's inner bracket (1/2 - r)^3 is live here, unlike at r = 0.5.
        Tensor inner = Tensor.of(new double[] {0.3, 0.0}, 1, 1, 2);
        assertThat(PointConvSupport.window(PointWindow.CUBIC_SPLINE, inner).item())
                .isCloseTo(Math.pow(0.7, 3) - 4 * Math.pow(0.2, 3), within(1e-15));
        Tensor outside = Tensor.of(new double[] {1.0, 0.2}, 1, 1, 2);
        for (int i = 1; i < w.length; i++) {
            assertThat(PointConvSupport.window(w[i], outside).item()).as("%s", w[i]).isEqualTo(0.0);
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 3})
    void gradientsInFeaturesWeightsAndPositions(int dims) {
        int[] kernel = dims == 1 ? new int[] {5} : dims == 2 ? new int[] {4, 4} : new int[] {3, 3, 3};
        ContinuousConv conv = new ContinuousConv(2, 3, kernel, 0.45).withDType(F64);
        Params p = conv.init(RandomKey.of(dims));
        Tensor x = cloud(10 + dims, 14, dims, 1, F64);
        Tensor f = cloud(20 + dims, 14, 2, 2, F64).sub(1);
        GradCheck.check(xs -> conv.apply(Params.of("weight", xs[0], "bias", xs[1]), xs[3], xs[2]),
                p.get("weight"), p.get("bias"), f, x);
        Tensor q = cloud(30 + dims, 5, dims, 1, F64);
        GradCheck.check(xs -> conv.withMapping(BallToCube.RADIAL).apply(p, xs[0], f, xs[1]), x, q);
    }

    @Test
    void gradientsWithOtherOptionsAndPeriodicImages() {
        ContinuousConv conv = new ContinuousConv(2, 2, new int[] {3, 5}, 0.4).withMapping(BallToCube.IDENTITY)
                .withWindow(PointWindow.PEAK).normalized().ignoringSelf().withDType(F64);
        Params p = conv.init(RandomKey.of(21));
        Tensor f = cloud(22, 14, 2, 1, F64);
        GradCheck.check(xs -> conv.apply(Params.of("weight", xs[0], "bias", xs[1]), xs[3], xs[2]),
                p.get("weight"), p.get("bias"), f, cloud(23, 14, 2, 1, F64));
        ContinuousConv periodic = new ContinuousConv(1, 2, new int[] {4, 4}, 0.3).withDType(F64);
        Params q = periodic.init(RandomKey.of(24));
        double[] box = {1, 1};
        GradCheck.check(xs -> periodic.apply(q, PointNeighborhood.searchPeriodic(xs[0], 0.3, box), xs[1]),
                cloud(25, 12, 2, 1, F64), cloud(26, 12, 1, 1, F64));
    }

    @Test
    void translationInvariantAndPermutationEquivariant() {
        ContinuousConv conv = new ContinuousConv(3, 4, new int[] {4, 4, 4}, 0.3).withDType(F64);
        Params p = conv.init(RandomKey.of(5));
        Tensor x = cloud(1, 60, 3, 1, F64);
        Tensor f = cloud(2, 60, 3, 1, F64);
        Tensor y = conv.apply(p, x, f);
        assertThat(y.abs().max().item()).isGreaterThan(0.1);
        Tensor shift = Tensor.of(new double[] {0.37, -1.25, 2.5}, 1, 3);
        assertClose(conv.apply(p, x.add(shift), f), y, 1e-12);
        int[] perm = permutation(3, 60);
        assertClose(conv.apply(p, rows(x, perm), rows(f, perm)), rows(y, perm), 1e-12);
    }

    @Test
    void degreeSortedChunksGiveTheUnchunkedResult() {
        Tensor x = cloud(11, 700, 2, 1, F64);
        Tensor f = cloud(12, 700, 3, 1, F64);
        PointNeighborhood whole = PointNeighborhood.search(x, 0.08).withChunkRows(700);
        PointNeighborhood cut = whole.withChunkRows(97);
        assertThat(whole.chunks()).hasSize(1);
        assertThat(cut.chunks()).hasSize(8);
        assertThat(cut.chunks().get(0).width()).isGreaterThan(cut.chunks().get(7).width());
        PointLayer[] layers = {
            new ContinuousConv(3, 2, new int[] {4, 4}, 0.08).withDType(F64),
            new AntisymmetricContinuousConv(3, 2, new int[] {4, 4}, 0.08).withDType(F64),
            new SymmetricBasisConv(3, 2, PointBasis.FOURIER, new int[] {3, 3}, 0.08).withDType(F64)};
        for (PointLayer layer : layers) {
            Params p = layer.init(RandomKey.of(13));
            assertClose(layer.apply(p, cut, f), layer.apply(p, whole, f), 1e-13);
        }
        ContinuousConv conv = new ContinuousConv(1, 2, new int[] {3, 3}, 0.4).withDType(F64);
        Params p = conv.init(RandomKey.of(14));
        GradCheck.check(xs -> conv.apply(p, PointNeighborhood.search(xs[0], 0.4).withChunkRows(3), xs[1]),
                cloud(15, 14, 2, 1, F64), cloud(16, 14, 1, 1, F64));
    }

    @Test
    void sharedNeighborhoodEqualsOwnSearch() {
        ContinuousConv conv = new ContinuousConv(2, 2, new int[] {4, 4}, 0.3).withDType(F64);
        Params p = conv.init(RandomKey.of(7));
        Tensor x = cloud(4, 40, 2, 1, F64);
        Tensor q = cloud(5, 9, 2, 1, F64);
        Tensor f = cloud(6, 40, 2, 1, F64);
        PointNeighborhood nb = PointNeighborhood.of(x, q, 0.3, null, x.radiusNeighbors(q, 0.3));
        Tensor y = conv.apply(p, nb, f);
        assertThat(y.shape().dims()).containsExactly(9, 2);
        assertClose(y, conv.apply(p, x, f, q), 0);
    }

    @Test
    void queriesWithoutNeighboursGetTheBiasAndNoQueriesGiveNoRows() {
        ContinuousConv conv = new ContinuousConv(2, 3, new int[] {4, 4}, 0.3).withDType(F64);
        Params p = conv.init(RandomKey.of(9));
        Tensor x = cloud(4, 20, 2, 1, F64);
        Tensor f = cloud(5, 20, 2, 1, F64);
        Tensor far = Tensor.of(new double[] {5, 5, 0.5, 0.5}, 2, 2);
        Tensor y = conv.apply(p, x, f, far);
        assertClose(y.slice(0, 0, 1), p.get("bias").reshape(1, 3), 0);
        assertThat(y.slice(0, 1, 2).sub(p.get("bias")).abs().max().item()).isGreaterThan(1e-3);
        Tensor none = conv.apply(p, x, f, Tensor.zeros(F64, 0, 2));
        assertThat(none.shape().dims()).containsExactly(0, 3);
        SymmetricBasisConv sbc = new SymmetricBasisConv(2, 3, PointBasis.FOURIER, new int[] {2, 2}, 0.3)
                .withDType(F64);
        assertThat(sbc.apply(sbc.init(RandomKey.of(1)), x, f, Tensor.zeros(F64, 0, 2)).shape().dims())
                .containsExactly(0, 3);
    }

    @Test
    void periodicNeighborhoodUsesMinimumImages() {
        ContinuousConv conv = new ContinuousConv(1, 1, new int[] {4, 4}, 0.3).withDType(F64);
        Params p = conv.init(RandomKey.of(8));
        Tensor x = cloud(9, 30, 2, 1, F64);
        Tensor f = cloud(10, 30, 1, 1, F64);
        double[] box = {1, 1};
        Tensor y = conv.apply(p, PointNeighborhood.searchPeriodic(x, 0.3, box), f);
        Tensor wrapped = x.add(Tensor.of(new double[] {0.6, 0.3}, 1, 2)).mod(1.0);
        assertClose(conv.apply(p, PointNeighborhood.searchPeriodic(wrapped, 0.3, box), f), y, 1e-12);
    }

    @Test
    void badInputIsRejectedWithItsShapes() {
        assertThatThrownBy(() -> new ContinuousConv(1, 1, new int[] {4, 4}, 0.0))
                .hasMessageContaining("radius 0.0");
        assertThatThrownBy(() -> new ContinuousConv(1, 1, new int[] {4, 4}, Double.NaN))
                .hasMessageContaining("radius NaN");
        assertThatThrownBy(() -> new ContinuousConv(1, 1, new int[] {4, 4, 4, 4}, 1))
                .hasMessageContaining("kernel [4, 4, 4, 4]");
        assertThatThrownBy(() -> new ContinuousConv(0, 1, new int[] {4}, 1)).hasMessageContaining("in 0");
        ContinuousConv conv = new ContinuousConv(2, 1, new int[] {4, 4}, 0.3);
        Params p = conv.init(RandomKey.of(1));
        Tensor x3 = cloud(1, 10, 3, 1, DType.FLOAT32);
        Tensor x2 = cloud(1, 10, 2, 1, DType.FLOAT32);
        assertThatThrownBy(() -> conv.apply(p, x3, Tensor.zeros(10, 2)))
                .isInstanceOf(OpException.ShapeException.class).hasMessageContaining("3 coordinates");
        assertThatThrownBy(() -> conv.apply(p, x2, Tensor.zeros(9, 2)))
                .isInstanceOf(OpException.ShapeException.class).hasMessageContaining("expected [10, 2]");
        assertThatThrownBy(() -> conv.apply(p, x2, Tensor.zeros(F64, 10, 2)))
                .isInstanceOf(OpException.DTypeException.class);
        assertThatThrownBy(() -> conv.apply(Params.of("weight", Tensor.zeros(3, 3, 2, 1), "bias", Tensor.zeros(1)),
                x2, Tensor.zeros(10, 2))).hasMessageContaining("parameter weight of shape");
        PointNeighborhood other = PointNeighborhood.search(x2, 0.2);
        assertThatThrownBy(() -> conv.apply(p, other, Tensor.zeros(10, 2))).hasMessageContaining("radius 0.2");
        assertThatThrownBy(() -> PointNeighborhood.search(Tensor.zeros(10), 0.2)).hasMessageContaining("[count, dims]");
        assertThatThrownBy(() -> PointNeighborhood.searchPeriodic(x2, 0.2, null)).hasMessageContaining("box is null");
        assertThatThrownBy(() -> PointNeighborhood.searchPeriodic(x2, 0.2, new double[] {1}))
                .hasMessageContaining("periodic box [1.0]");
    }
}
