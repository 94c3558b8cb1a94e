package dev.adjoint.api;

import static dev.adjoint.api.VjpTesting.checkBoth;
import static dev.adjoint.api.VjpTesting.rand;
import static dev.adjoint.api.LayoutGradTest.vjpAt;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * Backward rules of {@code gather} and {@code scatterAdd}: hand-computed vector-Jacobian products with
 * repeated indices, finite-difference checks in float64 and float32, and gradients of gradients.
 */
class IndexingGradTest {

    private static Tensor idx(int... v) {
        return Tensor.of(v);
    }

    private static Tensor f64(double[] v, int... shape) {
        return Tensor.of(v, shape);
    }

    @Test
    void gatherGradientAccumulatesRepeatedIndices() {
        // out = x[[2, 0, 2, 2]]; cotangent [1, 2, 3, 4] -> x[0] gets 2, x[1] nothing, x[2] gets 1 + 3 + 4.
        Tensor g = Autodiff.vjp(x -> x.gather(0, idx(2, 0, 2, 2)), rand(1, 3), f64(new double[] {1, 2, 3, 4}));
        assertThat(g.shape()).isEqualTo(Shape.of(3));
        assertThat(g.toDoubleArray()).containsExactly(2, 0, 8);
        // Along axis 1 of (2, 3) with indices [1, 1]: cotangent [[1, 2], [3, 4]] -> [[0, 3, 0], [0, 7, 0]].
        Tensor g2 = Autodiff.vjp(x -> x.gather(1, idx(1, 1)), rand(2, 2, 3), f64(new double[] {1, 2, 3, 4}, 2, 2));
        assertThat(g2.shape()).isEqualTo(Shape.of(2, 3));
        assertThat(g2.toDoubleArray()).containsExactly(0, 3, 0, 0, 7, 0);
    }

    @Test
    void scatterAddGradientGathersTheCotangent() {
        // out[idx[j]] += src[j] with idx [1, 1, 0, 1]; cotangent [5, 6, 7] -> [6, 6, 5, 6].
        Tensor g = Autodiff.vjp(s -> s.scatterAdd(0, idx(1, 1, 0, 1), 3), rand(1, 4), f64(new double[] {5, 6, 7}));
        assertThat(g.shape()).isEqualTo(Shape.of(4));
        assertThat(g.toDoubleArray()).containsExactly(6, 6, 5, 6);
    }

    @Test
    void gatherGradientsMatchFiniteDifferences() {
        checkBoth(x -> x[0].gather(0, idx(2, 0, 2, 2, 1)), rand(10, 3, 2));
        checkBoth(x -> x[0].gather(1, idx(0, 0, 3)), rand(11, 2, 4));
        checkBoth(x -> x[0].gather(-1, idx(1, 1, 1)), rand(12, 2, 2, 2));
        checkBoth(x -> x[0].gather(0, idx()), rand(13, 3, 2));
        checkBoth(x -> x[0].gather(0, x[1]), rand(14, 4), idx(3, 3, 0));
    }

    @Test
    void scatterAddGradientsMatchFiniteDifferences() {
        checkBoth(s -> s[0].scatterAdd(0, idx(1, 1, 0, 1), 3), rand(20, 4, 2));
        checkBoth(s -> s[0].scatterAdd(1, idx(2, 2, 2), 5), rand(21, 2, 3));
        checkBoth(s -> s[0].scatterAdd(-1, idx(0, 1), 2), rand(22, 3, 2, 2));
        checkBoth(s -> s[0].scatterAdd(0, idx(), 3), rand(23, 0, 2));
        checkBoth(s -> s[0].scatterAdd(0, s[1], 4), rand(24, 3), idx(3, 0, 3));
    }

    @Test
    void indicesGetNoGradientAndDoNotStopTheFlow() {
        Tensor x = Autodiff.track(rand(30, 3));
        Tensor i = idx(0, 2);
        Tensor y = x.gather(0, i).scatterAdd(0, i, 3).sum();
        Tensor[] g = Autodiff.gradients(y, x);
        assertThat(g[0].toDoubleArray()).containsExactly(1, 0, 1);
        assertThat(i.requiresGrad()).isFalse();
    }

    @Test
    void gradientOfGatherScatterGradientMatchesFiniteDifferences() {
        Tensor gi = idx(2, 0, 2, 1, 2);
        Tensor si = idx(1, 1, 0, 3, 1);
        Tensor w = rand(40, 2, 4);
        // h(y) = sum(w * scatterAdd(gather(y))^2): its gradient is linear in y and goes through both rules twice.
        Function<Tensor[], Tensor> gradOfH = x -> Autodiff.grad(
                y -> y.gather(1, gi).scatterAdd(1, si, 4).square().mul(w.cast(y.dtype())).sum(), x[0]);
        checkBoth(gradOfH, rand(41, 2, 3));
    }

    @Test
    void gatherAndScatterRulesAreDifferentiableInTheirCotangent() {
        Tensor x = rand(50, 3, 2);
        checkBoth(vjpAt(y -> y.gather(0, idx(2, 2, 0, 1)), x), rand(51, 4, 2));
        checkBoth(vjpAt(y -> y.scatterAdd(0, idx(1, 1, 4), 5), x), rand(52, 5, 2));
        checkBoth(vjpAt(y -> y.gather(0, idx(2, 2, 0)).scatterAdd(1, idx(0, 0), 3), x), rand(53, 3, 3));
        // jvp differentiates the rule: J t = gather(t) exactly.
        Tensor t = rand(54, 3, 2);
        Tensor jt = Autodiff.jvp(y -> y.gather(0, idx(2, 2, 0)), x, t);
        double[] tv = t.toDoubleArray();
        assertThat(jt.toDoubleArray()).containsExactly(tv[4], tv[5], tv[4], tv[5], tv[0], tv[1]);
    }

    @Test
    void gradientsWithRespectToSeveralGatheredTensorsAreIndependent() {
        Tensor i = idx(1, 0, 1);
        List<Tensor> g = Autodiff.grad(xs -> xs.get(0).gather(0, i).mul(xs.get(1)).sum(),
                List.of(f64(new double[] {2, 3}), f64(new double[] {5, 7, 11})));
        // d/da: a[1] meets b[0] and b[2], a[0] meets b[1]; d/db = a[[1, 0, 1]].
        assertThat(g.get(0).toDoubleArray()).containsExactly(7, 16);
        assertThat(g.get(1).toDoubleArray()).containsExactly(3, 2, 3);
    }
}
