package dev.adjoint.nn;

import static dev.adjoint.nn.PointTesting.assertClose;
import static dev.adjoint.nn.PointTesting.cloud;
import static dev.adjoint.nn.PointTesting.permutation;
import static dev.adjoint.nn.PointTesting.rows;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.adjoint.api.DType;
import dev.adjoint.api.Params;
import dev.adjoint.api.RandomKey;
import dev.adjoint.api.Tensor;
import dev.adjoint.api.testing.GradCheck;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class SymmetricBasisConvTest {
    private static final DType F64 = DType.FLOAT64;
    private static final double C = 1 / Math.sqrt(2 * Math.PI);
    private static final double S = 1 / Math.sqrt(Math.PI);

    private static double[] at(PointBasis b, double x, int n) {
        return b.evaluate(Tensor.of(new double[] {x}, 1, 1), n).toDoubleArray();
    }

    @Test
    void basesByHand() {
        double a = 0.3 * Math.PI;
        assertThat(at(PointBasis.FOURIER, 0.3, 5)).containsExactly(new double[] {C, Math.cos(a) * S,
            Math.sin(a) * S, Math.cos(2 * a) * S, Math.sin(2 * a) * S}, within(1e-15));
        assertThat(at(PointBasis.FOURIER_EVEN, -0.6, 3)).containsExactly(new double[] {C,
            Math.cos(-0.6 * Math.PI) * S, Math.cos(-1.2 * Math.PI) * S}, within(1e-15));
        assertThat(at(PointBasis.FOURIER_ODD, -0.6, 3)).containsExactly(new double[] {C,
            Math.sin(-0.6 * Math.PI) * S, Math.sin(-1.2 * Math.PI) * S}, within(1e-15));
        assertThat(at(PointBasis.CHEBYSHEV, 0.3, 4)).containsExactly(new double[] {1, 0.3, -0.82, -0.792},
                within(1e-15));
        assertThat(at(PointBasis.LINEAR, 0.3, 3)).containsExactly(new double[] {0, 0.7, 0.3}, within(1e-15));
        assertThat(at(PointBasis.LINEAR, -0.8, 5)).containsExactly(new double[] {0.6, 0.4, 0, 0, 0},
                within(1e-15));
        // RBF centres -1, 0, 1 with spacing 1: r = 1.3, 0.3, 0.7 at x = 0.3.
        assertThat(at(PointBasis.RBF_GAUSSIAN, 0.3, 3)).containsExactly(new double[] {Math.exp(-1.69),
            Math.exp(-0.09), Math.exp(-0.49)}, within(1e-15));
        assertThat(at(PointBasis.RBF_INVERSE_QUADRIC, 0.3, 3)).containsExactly(new double[] {1 / 2.69, 1 / 1.09,
            1 / 1.49}, within(1e-15));
        assertThat(at(PointBasis.RBF_MULTIQUADRIC, 0.3, 3)).containsExactly(new double[] {Math.sqrt(2.69),
            Math.sqrt(1.09), Math.sqrt(1.49)}, within(1e-15));
        assertThat(at(PointBasis.RBF_INVERSE_MULTIQUADRIC, 0.3, 3)).containsExactly(new double[] {
            1 / Math.sqrt(2.69), 1 / Math.sqrt(1.09), 1 / Math.sqrt(1.49)}, within(1e-15));
    }

    @Test
    void fourierParities() {
        Tensor x = Tensor.of(new double[] {0.1, 0.45, 0.8}, 3, 1);
        Tensor even = PointBasis.FOURIER_EVEN.evaluate(x, 4);
        assertClose(PointBasis.FOURIER_EVEN.evaluate(x.neg(), 4), even, 1e-15);
        Tensor odd = PointBasis.FOURIER_ODD.evaluate(x, 4).slice(1, 1, 4);
        assertClose(PointBasis.FOURIER_ODD.evaluate(x.neg(), 4).slice(1, 1, 4), odd.neg(), 1e-15);
    }

    @Test
    void onePairByHand() {
        // Linear basis with two hats per axis: b = ((1 - x) / 2, (1 + x) / 2). Point 1 is seen from point 0 at
        // p = (0.3, -0.4): bx = (0.35, 0.65), by = (0.7, 0.3); |p| = 0.5 so the spiky window is 0.125.
        Params p = Params.of("weight", Tensor.of(new double[] {1, 2, 3, 4}, 2, 2, 1, 1));
        SymmetricBasisConv conv = new SymmetricBasisConv(1, 1, PointBasis.LINEAR, new int[] {2, 2}, 1).withDType(F64);
        Tensor x = Tensor.of(new double[] {0, 0, 0.3, -0.4}, 2, 2);
        Tensor f = Tensor.of(new double[] {2, -3}, 2, 1);
        double filter = 0.35 * 0.7 * 1 + 0.35 * 0.3 * 2 + 0.65 * 0.7 * 3 + 0.65 * 0.3 * 4;
        assertThat(conv.apply(p, x, f).get(0, 0)).isCloseTo(-3 * filter, within(1e-14));
        assertThat(conv.withWindow(PointWindow.SPIKY).apply(p, x, f).get(0, 0))
                .isCloseTo(-3 * filter * 0.125, within(1e-14));
        // With the self-pair, p = 0 adds f_0 times the basis at the centre: (0.5, 0.5) x (0.5, 0.5).
        assertThat(conv.includingSelf().apply(p, x, f).get(0, 0)).isCloseTo(-3 * filter + 2 * 2.5, within(1e-14));
    }

    @ParameterizedTest
    @EnumSource(value = PointBasis.class, names = {"FOURIER", "CHEBYSHEV", "LINEAR", "RBF_GAUSSIAN"})
    void gradientsInFeaturesWeightsAndPositions(PointBasis basis) {
        SymmetricBasisConv conv = new SymmetricBasisConv(2, 2, basis, new int[] {3, 4}, 0.45).withBias()
                .withWindow(basis == PointBasis.FOURIER ? PointWindow.NONE : PointWindow.WENDLAND2).withDType(F64);
        Params p = conv.init(RandomKey.of(1)).with("bias", Tensor.of(new double[] {0.1, -0.2}, 2));
        Tensor x = cloud(2, 14, 2, 1, F64);
        Tensor f = cloud(3, 14, 2, 1, F64);
        GradCheck.check(xs -> conv.apply(Params.of("weight", xs[0], "bias", xs[1]), xs[3], xs[2]),
                p.get("weight"), p.get("bias"), f, x);
    }

    @Test
    void gradientsIn1dAnd3dAndWithBallToCube() {
        SymmetricBasisConv c1 = new SymmetricBasisConv(1, 2, PointBasis.FOURIER, new int[] {5}, 0.3).withDType(F64);
        Params p1 = c1.init(RandomKey.of(2));
        GradCheck.check(xs -> c1.apply(p1, xs[1], xs[0]), cloud(4, 12, 1, 1, F64), cloud(5, 12, 1, 1, F64));
        SymmetricBasisConv c3 = new SymmetricBasisConv(1, 1, PointBasis.FOURIER_ODD, new int[] {2, 3, 2}, 0.6)
                .withBallToCube().withDType(F64);
        Params p3 = c3.init(RandomKey.of(3));
        GradCheck.check(xs -> c3.apply(Params.of("weight", xs[0]), xs[2], xs[1]), p3.get("weight"),
                cloud(6, 12, 1, 1, F64), cloud(7, 12, 3, 1, F64));
    }

    @Test
    void translationInvariantAndPermutationEquivariant() {
        SymmetricBasisConv conv = new SymmetricBasisConv(2, 3, PointBasis.FOURIER, new int[] {4, 4}, 0.2)
                .withDType(F64);
        Params p = conv.init(RandomKey.of(4));
        Tensor x = cloud(8, 80, 2, 1, F64);
        Tensor f = cloud(9, 80, 2, 1, F64);
        Tensor y = conv.apply(p, x, f);
        assertThat(y.abs().max().item()).isGreaterThan(1e-2);
        assertClose(conv.apply(p, x.add(Tensor.of(new double[] {1.75, -0.5}, 1, 2)), f), y, 1e-12);
        int[] perm = permutation(10, 80);
        assertClose(conv.apply(p, rows(x, perm), rows(f, perm)), rows(y, perm), 1e-12);
    }

    @Test
    void chebyshevInitDecaysAlongEveryAxis() {
        SymmetricBasisConv conv = new SymmetricBasisConv(1, 1, PointBasis.CHEBYSHEV, new int[] {4, 4}, 1)
                .withDType(F64);
        SymmetricBasisConv plain = new SymmetricBasisConv(1, 1, PointBasis.FOURIER, new int[] {4, 4}, 1)
                .withDType(F64);
        Tensor w = conv.init(RandomKey.of(5)).get("weight");
        Tensor u = plain.init(RandomKey.of(5)).get("weight");
        assertThat(u.abs().max().item()).isLessThanOrEqualTo(0.05);
        for (int i = 0; i < 4; i++) {
            for (int j = 0; j < 4; j++) {
                assertThat(w.get(i, j, 0, 0)).as("(%d, %d)", i, j)
                        .isCloseTo(u.get(i, j, 0, 0) * Math.exp(-i) * Math.exp(-j), within(1e-15));
            }
        }
    }

    @Test
    void badInputIsRejected() {
        assertThatThrownBy(() -> new SymmetricBasisConv(1, 1, PointBasis.LINEAR, new int[] {1, 3}, 1))
                .hasMessageContaining("terms [1, 3]");
        assertThatThrownBy(() -> new SymmetricBasisConv(1, 1, PointBasis.FOURIER, new int[] {4}, 0))
                .hasMessageContaining("radius 0.0");
        assertThatThrownBy(() -> new SymmetricBasisConv(1, 1, PointBasis.FOURIER, new int[] {}, 1))
                .hasMessageContaining("dims 0");
        SymmetricBasisConv conv = new SymmetricBasisConv(2, 1, PointBasis.FOURIER, new int[] {4, 4}, 0.3);
        Params p = conv.init(RandomKey.of(1));
        assertThatThrownBy(() -> conv.apply(p, cloud(1, 10, 1, 1, DType.FLOAT32), Tensor.zeros(10, 2)))
                .hasMessageContaining("1 coordinates");
        assertThatThrownBy(() -> PointBasis.CHEBYSHEV.evaluate(Tensor.zeros(3, 2), 3))
                .hasMessageContaining("trailing axis of size 1");
    }
}
