package dev.adjoint.optim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.adjoint.api.Autodiff;
import dev.adjoint.api.DType;
import dev.adjoint.api.Params;
import dev.adjoint.api.Tensor;
import dev.adjoint.api.testing.GradCheck;
import dev.adjoint.optim.Bptt.Variant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A 1-D point mass x = (p, v) pushed by a linear controller c = w . x + b, semi-implicit Euler with dt = 0.1
 * (v' = v + dt c, p' = p + dt v'), loss sum_{n >= 1} p_n^2 + 0.1 sum_n c_n^2.
 */
class BpttRolloutTest {
    private static final double DT = 0.1;
    private static final double[] X0 = {1.0, 0.5};
    /** A controller at which M and R differ clearly, and disagree in the sign of dL/dw1 over 5 steps. */
    private static final double[] W = {-3.0, 3.0};
    private static final double B = 0.2;

    private final AtomicInteger controllerCalls = new AtomicInteger();

    private final Bptt.Controller controller = (theta, x) -> {
        controllerCalls.incrementAndGet();
        return x.mul(theta.get("ctrl/w")).sum().add(theta.get("ctrl/b"));
    };

    private static final Bptt.Simulator SIMULATOR = (x, c) -> {
        Tensor v = x.select(0, 1).add(c.mul(DT));
        Tensor p = x.select(0, 0).add(v.mul(DT));
        return Tensor.stack(0, p, v);
    };

    private static final Bptt.TrajectoryLoss LOSS = (states, controls) -> {
        Tensor total = null;
        for (int n = 1; n < states.size(); n++) {
            Tensor p = states.get(n).select(0, 0);
            total = total == null ? p.mul(p) : total.add(p.mul(p));
        }
        for (Tensor c : controls) {
            total = total.add(c.mul(c).mul(0.1));
        }
        return total;
    };

    private static Params params(DType dtype, double w0, double w1, double b) {
        return Params.of("ctrl/w", Tensor.of(new double[] {w0, w1}).cast(dtype), "ctrl/b", Tensor.scalar(b, dtype));
    }

    private static Tensor x0(DType dtype) {
        return Tensor.of(X0).cast(dtype);
    }

    private Bptt.Result rollout(Params theta, int horizon, Variant variant, Bptt.Options options) {
        DType dtype = theta.get("ctrl/w").dtype();
        return Bptt.rollout(theta, x0(dtype), controller, SIMULATOR, horizon, LOSS, variant, options);
    }

    private Bptt.Result rollout(Params theta, int horizon, Variant variant) {
        return rollout(theta, horizon, variant, Bptt.Options.defaults());
    }

    private static double[] flat(Params g) {
        double[] w = g.get("ctrl/w").toDoubleArray();
        return new double[] {w[0], w[1], g.get("ctrl/b").item()};
    }

    /**
     * The variants' gradients {dL/dw0, dL/dw1, dL/db} from the adjoint recursions written out by hand, with
     * mu_n = dL/dc_n = 0.2 c_n + lambda_{n+1} . dP/dc and dP/dx = [[1, dt], [0, 1]], dP/dc = [dt^2, dt]:
     * R: lambda_n = dl_n/dx_n + lambda_{n+1} dP/dx + mu_n w; M: without mu_n w; S: lambda_n = dl_n/dx_n;
     * all: dL/dw = sum_n mu_n x_n, dL/db = sum_n mu_n.
     */
    private static double[] adjoint(Variant variant, double[] w, double b, int horizon) {
        double[][] x = new double[horizon + 1][];
        double[] c = new double[horizon];
        x[0] = X0.clone();
        for (int n = 0; n < horizon; n++) {
            c[n] = w[0] * x[n][0] + w[1] * x[n][1] + b;
            double v = x[n][1] + DT * c[n];
            x[n + 1] = new double[] {x[n][0] + DT * v, v};
        }
        double[] lambda = {2 * x[horizon][0], 0};
        double[] g = new double[3];
        for (int n = horizon - 1; n >= 0; n--) {
            double mu = 0.2 * c[n] + lambda[0] * DT * DT + lambda[1] * DT;
            g[0] += mu * x[n][0];
            g[1] += mu * x[n][1];
            g[2] += mu;
            double[] local = {2 * x[n][0], 0};
            double[] next = switch (variant) {
                case S -> local;
                case M -> new double[] {local[0] + lambda[0], local[1] + DT * lambda[0] + lambda[1]};
                case R -> new double[] {local[0] + lambda[0] + mu * w[0], local[1] + DT * lambda[0] + lambda[1]
                        + mu * w[1]};
                case C -> throw new IllegalArgumentException();
            };
            lambda = next;
        }
        return g;
    }

    private static double plainLoss(double[] w, double b, int horizon) {
        double[] x = X0.clone();
        double loss = 0;
        for (int n = 0; n < horizon; n++) {
            double c = w[0] * x[0] + w[1] * x[1] + b;
            double v = x[1] + DT * c;
            x = new double[] {x[0] + DT * v, v};
            loss += x[0] * x[0] + 0.1 * c * c;
        }
        return loss;
    }

    // ---- R against finite differences ----------------------------------------------------------

    /** The rollout loss as a function of (w, b) whose gradient is {@code grads} (taken at the check point). */
    private Function<Tensor[], Tensor> lossWithGradient(Params grads, int horizon) {
        return in -> Autodiff.customGradient("rollout",
                args -> Autodiff.noGrad(() -> LOSS.loss(trajectory(args[0], args[1], horizon), List.of(
                        controls(args[0], args[1], horizon)))),
                (args, out, g) -> new Tensor[] {grads.get("ctrl/w").mul(g), grads.get("ctrl/b").mul(g)},
                in);
    }

    private List<Tensor> trajectory(Tensor w, Tensor b, int horizon) {
        Params theta = Params.of("ctrl/w", w, "ctrl/b", b);
        Tensor x = x0(w.dtype());
        List<Tensor> states = new ArrayList<>(List.of(x));
        for (int n = 0; n < horizon; n++) {
            x = SIMULATOR.step(x, controller.control(theta, x));
            states.add(x);
        }
        return states;
    }

    private Tensor[] controls(Tensor w, Tensor b, int horizon) {
        Params theta = Params.of("ctrl/w", w, "ctrl/b", b);
        List<Tensor> states = trajectory(w, b, horizon);
        Tensor[] c = new Tensor[horizon];
        for (int n = 0; n < horizon; n++) {
            c[n] = controller.control(theta, states.get(n));
        }
        return c;
    }

    @Test
    void regularGradientMatchesFiniteDifferences() {
        Params theta = params(DType.FLOAT64, W[0], W[1], B);
        Params grads = rollout(theta, 5, Variant.R).grads();
        GradCheck.forDType(DType.FLOAT64).run(lossWithGradient(grads, 5), theta.get("ctrl/w"), theta.get("ctrl/b"));
    }

    @Test
    void modifiedGradientIsNotTheTrueGradient() {
        Params theta = params(DType.FLOAT64, W[0], W[1], B);
        Params grads = rollout(theta, 5, Variant.M).grads();
        assertThatThrownBy(() -> GradCheck.forDType(DType.FLOAT64).run(lossWithGradient(grads, 5),
                theta.get("ctrl/w"), theta.get("ctrl/b"))).isInstanceOf(AssertionError.class)
                .hasMessageContaining("gradient mismatch");
    }

    // ---- variants against hand derivations ----------------------------------------------------

    @Test
    void oneStepAllVariantsAgreeWithTheClosedForm() {
        // c0 = 0.5 - 0.5 + 0.2 = 0.2, p1 = 1 + 0.1 * 0.5 + 0.01 * 0.2 = 1.052,
        // dL/dc0 = 2 p1 dt^2 + 0.2 c0 = 0.06104, dL/dw = dL/dc0 * x0, dL/db = dL/dc0
        Params theta = params(DType.FLOAT64, 0.5, -1.0, 0.2);
        for (Variant v : Variant.values()) {
            Bptt.Result r = rollout(theta, 1, v);
            assertThat(flat(r.grads())).as(v.name()).containsExactly(new double[] {0.06104, 0.03052, 0.06104},
                    within(1e-15));
            assertThat(r.loss().item()).isCloseTo(1.052 * 1.052 + 0.1 * 0.04, within(1e-15));
        }
    }

    @Test
    void twoStepsByHand() {
        // x1 = (1.052, 0.52), c1 = 0.206, x2 = (1.10606, 0.5406).
        // S: mu1 = 0.2 c1 + 2 p2 dt^2 = 0.0633212, mu0 = 0.2 c0 + 2 p1 dt^2 = 0.06104 (no feedback from step 2).
        // M: lambda1 = (2 p1, 0) + (2 p2, 2 p2 dt) = (4.31612, 0.221212), mu0 = 0.04 + lambda1 . (dt^2, dt) = 0.1052824.
        // R: lambda1 += mu1 w = (4.3477806, 0.1578908), mu0 = 0.099266886.
        // dL/dw = mu0 x0 + mu1 x1, dL/db = mu0 + mu1.
        Params theta = params(DType.FLOAT64, 0.5, -1.0, 0.2);
        assertThat(flat(rollout(theta, 2, Variant.S).grads()))
                .containsExactly(new double[] {0.1276539024, 0.063447024, 0.1243612}, within(1e-14));
        assertThat(flat(rollout(theta, 2, Variant.M).grads()))
                .containsExactly(new double[] {0.1718963024, 0.085568224, 0.1686036}, within(1e-14));
        assertThat(flat(rollout(theta, 2, Variant.R).grads()))
                .containsExactly(new double[] {0.1658807884, 0.082560467, 0.162588086}, within(1e-14));
        // all M and R components are positive: C keeps M
        assertThat(flat(rollout(theta, 2, Variant.C).grads()))
                .containsExactly(new double[] {0.1718963024, 0.085568224, 0.1686036}, within(1e-14));
    }

    @ParameterizedTest
    @EnumSource(value = Variant.class, names = {"R", "M", "S"})
    void fiveStepsMatchTheAdjointRecursions(Variant variant) {
        double[] w = W;
        Params theta = params(DType.FLOAT64, w[0], w[1], B);
        Bptt.Result r = rollout(theta, 5, variant);
        assertThat(flat(r.grads())).containsExactly(adjoint(variant, w, B, 5), within(1e-13));
        assertThat(r.loss().item()).isCloseTo(plainLoss(w, B, 5), within(1e-13));
        assertThat(r.regular().size()).isZero();
        assertThat(r.modified().size()).isZero();
    }

    @Test
    void variantsDifferOnTheToy() {
        Params theta = params(DType.FLOAT64, W[0], W[1], B);
        double[] r = flat(rollout(theta, 5, Variant.R).grads());
        double[] m = flat(rollout(theta, 5, Variant.M).grads());
        double[] s = flat(rollout(theta, 5, Variant.S).grads());
        for (int i = 0; i < 3; i++) {
            assertThat(Math.abs(m[i] - r[i])).as("M vs R, component " + i).isGreaterThan(1e-3);
            assertThat(Math.abs(s[i] - m[i])).as("S vs M, component " + i).isGreaterThan(1e-3);
        }
    }

    // ---- C ---------------------------------------------------------------------------------------

    @Test
    void combinedUsesOneForwardPassAndTwoSweeps() {
        // At this point M and R disagree in sign on some components (checked below), so C zeroes them.
        double[] w = W;
        Params theta = params(DType.FLOAT64, w[0], w[1], B);
        controllerCalls.set(0);
        Bptt.Result c = rollout(theta, 5, Variant.C);
        assertThat(controllerCalls.get()).isEqualTo(5);

        double[] gr = adjoint(Variant.R, w, B, 5);
        double[] gm = adjoint(Variant.M, w, B, 5);
        assertThat(flat(c.regular())).containsExactly(gr, within(1e-12));
        assertThat(flat(c.modified())).containsExactly(gm, within(1e-12));
        double[] expected = new double[3];
        int zeroed = 0;
        for (int i = 0; i < 3; i++) {
            boolean agree = Math.signum(gm[i]) == Math.signum(gr[i]);
            expected[i] = agree ? gm[i] : 0;
            zeroed += agree ? 0 : 1;
        }
        assertThat(zeroed).as("components with opposite signs at this point").isPositive();
        assertThat(zeroed).isLessThan(3);
        assertThat(flat(c.grads())).containsExactly(expected, within(1e-12));
        assertThat(c.loss().item()).isCloseTo(plainLoss(w, B, 5), within(1e-12));
        assertThat(c.gradNorm()).isCloseTo(Clip.globalNorm(c.grads()), within(1e-15));
    }

    @ParameterizedTest
    @EnumSource(Variant.class)
    void checkpointingGivesTheSameGradients(Variant variant) {
        Params theta = params(DType.FLOAT64, W[0], W[1], B);
        Bptt.Result plain = rollout(theta, 8, variant);
        controllerCalls.set(0);
        Bptt.Result checkpointed = rollout(theta, 8, variant, Bptt.Options.defaults().withCheckpoint(true));
        assertThat(controllerCalls.get()).as("steps are recomputed in the reverse sweeps").isGreaterThan(8);
        assertThat(flat(checkpointed.grads())).containsExactly(flat(plain.grads()), within(1e-14));
        assertThat(checkpointed.loss().item()).isEqualTo(plain.loss().item());
    }

    @Test
    void clippingComesAfterTheCombination() {
        Params theta = params(DType.FLOAT64, W[0], W[1], B);
        Bptt.Result c = rollout(theta, 8, Variant.C);
        Bptt.Result byNorm = rollout(theta, 8, Variant.C, Bptt.Options.defaults().withClipNorm(1e-3));
        assertThat(byNorm.gradNorm()).isEqualTo(c.gradNorm());
        assertThat(Clip.globalNorm(byNorm.grads())).isCloseTo(1e-3, within(1e-15));
        double scale = 1e-3 / c.gradNorm();
        double[] expected = flat(c.grads());
        for (int i = 0; i < 3; i++) {
            expected[i] *= scale;
        }
        assertThat(flat(byNorm.grads())).containsExactly(expected, within(1e-15));
        // the regular and modified gradients are reported unclipped
        assertThat(flat(byNorm.regular())).containsExactly(flat(c.regular()), within(0.0));

        Bptt.Result byValue = rollout(theta, 8, Variant.C, Bptt.Options.defaults().withClipValue(1e-4));
        for (double g : flat(byValue.grads())) {
            assertThat(Math.abs(g)).isLessThanOrEqualTo(1e-4);
        }
    }

    // ---- other ----------------------------------------------------------------------------------

    @Test
    void float32RolloutFollowsFloat64() {
        double[] w = W;
        for (Variant v : Variant.values()) {
            Bptt.Result r = rollout(params(DType.FLOAT32, w[0], w[1], B), 5, v);
            assertThat(r.grads().get("ctrl/w").dtype()).isEqualTo(DType.FLOAT32);
            double[] ref = flat(rollout(params(DType.FLOAT64, w[0], w[1], B), 5, v).grads());
            assertThat(flat(r.grads())).as(v.name()).containsExactly(ref, within(1e-5));
        }
    }

    @Test
    void refusesToRunWithoutRecording() {
        Params theta = params(DType.FLOAT64, W[0], W[1], B);
        assertThatThrownBy(() -> Autodiff.noGrad(() -> rollout(theta, 2, Variant.R)))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("noGrad");
        assertThatThrownBy(() -> rollout(theta, -1, Variant.R)).hasMessageContaining("horizon");
        assertThatThrownBy(() -> Bptt.rollout(theta, x0(DType.FLOAT64), controller, SIMULATOR, 2,
                (s, c) -> s.get(2), Variant.R)).hasMessageContaining("one-element");
    }
}
