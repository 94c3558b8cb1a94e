package dev.adjoint.optim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.adjoint.api.Autodiff;
import dev.adjoint.api.DType;
import dev.adjoint.api.Params;
import dev.adjoint.api.Tensor;
import dev.adjoint.api.testing.GradCheck;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

class SipTest {

    /** The 2D toy of the SIP paper: y = (x1, x2^2) on a batch of shape (b, 2). */
    private static Tensor toy(Tensor x) {
        return Tensor.concat(1, x.slice(1, 0, 1), x.slice(1, 1, 2).square());
    }

    /** The toy's exact inverse (z1, sqrt z2). */
    private static Tensor toyInverse(Tensor z) {
        return Tensor.concat(1, z.slice(1, 0, 1), z.slice(1, 1, 2).sqrt());
    }

    /**
     * Ten SIP updates of the toy from x0 = (3, 3) towards y* = 0, with the network being x itself and SGD lr 1,
     * so that each update moves x onto its proxy target.
     */
    private static double[][] toyIterates(SipInverse inverse, DType dtype, int steps) {
        Sip sip = Sip.of(SipTest::toy, inverse).withEta(0.3);
        Params p = Params.of("x", Tensor.of(new double[] {3, 3}, 1, 2).cast(dtype));
        Tensor target = Tensor.zeros(dtype, 1, 2);
        Optimizer sgd = Sgd.of(1.0);
        OptimizerState state = sgd.init(p);
        double[][] out = new double[steps + 1][];
        out[0] = p.get("x").toDoubleArray();
        for (int k = 1; k <= steps; k++) {
            Sip.Step s = sip.step(p, state, sgd, q -> q.get("x"), target);
            p = s.params();
            state = s.state();
            out[k] = p.get("x").toDoubleArray();
        }
        return out;
    }

    @Test
    void exactInverseOnTheToyFollowsTheClosedForm() {
        // z <- 0.7 z with z = (x1, x2^2), so x_k = (3 * 0.7^k, 3 * 0.7^(k/2)).
        double[][] x = toyIterates(SipInverse.exact(SipTest::toyInverse), DType.FLOAT64, 10);
        for (int k = 0; k <= 10; k++) {
            assertThat(x[k]).as("iterate %d", k)
                    .containsExactly(new double[] {3 * Math.pow(0.7, k), 3 * Math.pow(0.7, k / 2.0)}, within(1e-13));
        }
    }

    @Test
    void gaussNewtonInverseOnTheToyLinearizesTheSquare() {
        // J = diag(1, 2 x2), dy = -0.3 (x1, x2^2): dx = (-0.3 x1, -0.15 x2), so x_k = (3 * 0.7^k, 3 * 0.85^k).
        double[][] x = toyIterates(SipInverse.gaussNewton(1e-10), DType.FLOAT64, 10);
        for (int k = 0; k <= 10; k++) {
            assertThat(x[k]).as("iterate %d", k)
                    .containsExactly(new double[] {3 * Math.pow(0.7, k), 3 * Math.pow(0.85, k)}, within(1e-13));
        }
    }

    @Test
    void newtonInverseOnTheToyUsesTheFullHessian() {
        // l(x) = 1/2 |P(x) - 0.7 P(x_s)|^2 at x_s: grad = (0.3 x1, 2 x2 * 0.3 x2^2),
        // H = diag(1, 4 x2^2 + 2 * 0.3 x2^2), so x2 <- x2 - 0.6 x2^3 / (4.6 x2^2) = x2 * 4 / 4.6.
        double[][] x = toyIterates(SipInverse.newton(1e-10), DType.FLOAT64, 10);
        double[][] sf = toyIterates(SipInverse.saddleFreeNewton(1e-10), DType.FLOAT64, 10);
        for (int k = 0; k <= 10; k++) {
            double[] expected = {3 * Math.pow(0.7, k), 3 * Math.pow(4 / 4.6, k)};
            assertThat(x[k]).as("iterate %d", k).containsExactly(expected, within(1e-13));
            // H is positive definite here, so saddle-free Newton agrees.
            assertThat(sf[k]).as("saddle-free iterate %d", k).containsExactly(expected, within(1e-13));
        }
    }

    @Test
    void float32ToyMatchesTheClosedForm() {
        double[][] exact = toyIterates(SipInverse.exact(SipTest::toyInverse), DType.FLOAT32, 10);
        double[][] gn = toyIterates(SipInverse.gaussNewton(1e-5), DType.FLOAT32, 10);
        assertThat(exact[10]).containsExactly(new double[] {3 * Math.pow(0.7, 10), 3 * Math.pow(0.7, 5)},
                within(1e-5));
        assertThat(gn[10]).containsExactly(new double[] {3 * Math.pow(0.7, 10), 3 * Math.pow(0.85, 10)},
                within(1e-5));
    }

    @Test
    void gaussNewtonTreatsEverySampleOnItsOwn() {
        Sip sip = Sip.of(SipTest::toy, SipInverse.gaussNewton(1e-10)).withEta(0.3);
        Tensor x = Tensor.of(new double[] {3, 3, 1, 2, -2, 0.5}, 3, 2);
        Sip.Targets t = sip.targets(x, Tensor.zeros(DType.FLOAT64, 3, 2));
        assertThat(t.xTilde().toDoubleArray())
                .containsExactly(new double[] {2.1, 2.55, 0.7, 1.7, -1.4, 0.425}, within(1e-14));
        assertThat(t.y().toDoubleArray()).containsExactly(new double[] {3, 9, 1, 4, -2, 0.25}, within(1e-15));
    }

    @Test
    void saddleFreeNewtonStepsDownhillWhereNewtonClimbs() {
        // The exponential experiment: y = e^x, y* = 4, x = 0: g = (1 - 4) * 1 = -3, H = 2 - 4 = -2.
        // Newton: x - g / H = -1.5; saddle-free (the released rule x + |g/H| sign(-g)): +1.5.
        Function<Tensor, Tensor> exp = Tensor::exp;
        Tensor x = Tensor.zeros(DType.FLOAT64, 1, 1);
        Tensor target = Tensor.full(DType.FLOAT64, 4, 1, 1);
        assertThat(Sip.of(exp, SipInverse.newton(1e-10)).targets(x, target).xTilde().item())
                .isCloseTo(-1.5, within(1e-14));
        assertThat(Sip.of(exp, SipInverse.saddleFreeNewton(1e-10)).targets(x, target).xTilde().item())
                .isCloseTo(1.5, within(1e-14));
    }

    @Test
    void proxyGradientIsTheNetworkJacobianTimesTheInverseStep() {
        // x = a y*, P(x) = 2x with inverse y/2, eta = 1: x~ = y*/2. With a = 1.5 and y* = (1, 8):
        // x - x~ = (1, 8), L = 1/2 (1 + 64) = 32.5, dL/da = sum (x - x~) y* = 1 + 64 = 65.
        Tensor yStar = Tensor.of(new double[] {1, 8}, 2, 1);
        Sip sip = Sip.of(x -> x.mul(2.0), SipInverse.exact(y -> y.div(2.0)));
        Params p = Params.of("a", Tensor.scalar(1.5, DType.FLOAT64));
        Function<Params, Tensor> net = q -> q.get("a").mul(yStar);
        Sip.Gradient g = sip.gradient(p, net, yStar);
        assertThat(g.proxyLoss().item()).isCloseTo(32.5, within(1e-13));
        assertThat(g.grads().get("a").item()).isCloseTo(65, within(1e-13));
        assertThat(g.x().toDoubleArray()).containsExactly(1.5, 12);
        assertThat(g.targets().xTilde().toDoubleArray()).containsExactly(0.5, 4);
        assertThat(g.targets().y().toDoubleArray()).containsExactly(3, 24);
        assertThat(g.x().requiresGrad()).isFalse();

        Sip.Gradient mean = sip.withReduction(Sip.Reduction.MEAN).gradient(p, net, yStar);
        assertThat(mean.proxyLoss().item()).isCloseTo(16.25, within(1e-13));
        assertThat(mean.grads().get("a").item()).isCloseTo(32.5, within(1e-13));

        // Adam's first step moves by lr in the direction of -sign(gradient).
        Adam adam = Adam.of(0.1);
        Sip.Step s = sip.step(p, adam.init(p), adam, net, yStar);
        assertThat(s.params().get("a").item()).isCloseTo(1.4, within(1e-9));
        assertThat(s.state().step()).isEqualTo(1);
    }

    @Test
    void gaussNewtonInverseWorksInsideTheProxyGradient() {
        // A network x = w (a (1, 2) parameter) through the toy with the Gauss-Newton inverse: dL/dw = x - x~.
        Sip sip = Sip.of(SipTest::toy, SipInverse.gaussNewton(1e-10)).withEta(0.3);
        Params p = Params.of("w", Tensor.of(new double[] {3, 3}, 1, 2));
        Sip.Gradient g = sip.gradient(p, q -> q.get("w").mul(1.0), Tensor.zeros(DType.FLOAT64, 1, 2));
        assertThat(g.grads().get("w").toDoubleArray()).containsExactly(new double[] {0.9, 0.45}, within(1e-14));
    }

    @Test
    void proxyLossPassesTheGradientCheck() {
        Sip sip = Sip.of(x -> x, SipInverse.exact(y -> y));
        Tensor xTilde = Tensor.of(new double[] {0.3, -1, 2, 0.5}, 2, 2);
        GradCheck.check(in -> sip.proxyLoss(in[0], xTilde), Tensor.of(new double[] {1, 2, -0.5, 0.25}, 2, 2));
        Sip mean = sip.withReduction(Sip.Reduction.MEAN);
        GradCheck.check(in -> mean.proxyLoss(in[0], xTilde), Tensor.of(new double[] {1, 2, -0.5, 0.25}, 2, 2));
    }

    @Test
    void rejectsBadArguments() {
        SipInverse exact = SipInverse.exact(SipTest::toyInverse);
        assertThatThrownBy(() -> Sip.of(SipTest::toy, exact).withEta(0)).hasMessageContaining("eta")
                .hasMessageContaining("> 0");
        assertThatThrownBy(() -> SipInverse.gaussNewton(0)).hasMessageContaining("rcond")
                .hasMessageContaining("(0.0, 1.0)");
        assertThatThrownBy(() -> SipInverse.newton(1)).hasMessageContaining("rcond");
        assertThatThrownBy(() -> SipInverse.saddleFreeNewton(Double.NaN)).hasMessageContaining("rcond");

        Sip sip = Sip.of(SipTest::toy, exact);
        Tensor x = Tensor.of(new double[] {3, 3}, 1, 2);
        assertThatThrownBy(() -> sip.targets(x, Tensor.zeros(DType.FLOAT64, 1, 3)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("(1, 2)").hasMessageContaining("(1, 3)");
        Sip wrongInverse = Sip.of(SipTest::toy, SipInverse.exact(z -> z.slice(1, 0, 1)));
        assertThatThrownBy(() -> wrongInverse.targets(x, Tensor.zeros(DType.FLOAT64, 1, 2)))
                .hasMessageContaining("x~ of shape (1, 1)").hasMessageContaining("(1, 2)");
        assertThatThrownBy(() -> sip.proxyLoss(x, Tensor.zeros(DType.FLOAT64, 2, 2)))
                .hasMessageContaining("(1, 2)").hasMessageContaining("(2, 2)");
        Params p = Params.of("x", Tensor.zeros(DType.FLOAT64, 0, 2));
        assertThatThrownBy(() -> sip.gradient(p, q -> q.get("x"), Tensor.zeros(DType.FLOAT64, 0, 2)))
                .hasMessageContaining("non-empty batch");
        assertThatThrownBy(() -> sip.proxyLoss(Tensor.scalar(1.0), Tensor.scalar(1.0)))
                .hasMessageContaining("non-empty batch");

        Sip gn = Sip.of(SipTest::toy, SipInverse.gaussNewton(1e-6));
        Tensor zeros = Tensor.zeros(DType.FLOAT64, 1, 2);
        assertThatThrownBy(() -> Autodiff.noGrad(() -> gn.targets(x, zeros)))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("noGrad");
    }
}
