package dev.adjoint.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.adjoint.api.testing.GradCheck;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

class AutodiffTest {
    private static Tensor f64(double... v) {
        return Tensor.of(v);
    }

    @Test
    void gradientOfSumOfSquaresIsTwiceTheInput() {
        Tensor g = Autodiff.grad(x -> x.square().sum(), f64(1, -2, 3));
        assertThat(g.toDoubleArray()).containsExactly(2, -4, 6);
    }

    @Test
    void valueAndGradReturnsTheValueWithoutAGraph() {
        Autodiff.ValueAndGrad vg = Autodiff.valueAndGrad(x -> x.mul(x).sum(), f64(3, 4));
        assertThat(vg.value().item()).isEqualTo(25.0);
        assertThat(vg.value().requiresGrad()).isFalse();
        assertThat(vg.grad().toDoubleArray()).containsExactly(6, 8);
    }

    @Test
    void anUnusedParameterGetsZeros() {
        List<Tensor> g = Autodiff.grad(xs -> xs.get(0).sum(), List.of(f64(1, 2), f64(5, 6, 7)));
        assertThat(g.get(0).toDoubleArray()).containsExactly(1, 1);
        assertThat(g.get(1).toDoubleArray()).containsExactly(0, 0, 0);
        assertThat(g.get(1).shape()).isEqualTo(Shape.of(3));
    }

    @Test
    void aConstantFunctionHasZeroGradient() {
        Tensor g = Autodiff.grad(x -> Tensor.scalar(2.0, DType.FLOAT64), f64(1, 2));
        assertThat(g.toDoubleArray()).containsExactly(0, 0);
    }

    @Test
    void gradOfANonScalarNamesTheShapeAndTheWayOut() {
        assertThatThrownBy(() -> Autodiff.grad(x -> x.mul(2), f64(1, 2, 3)))
                .isInstanceOf(OpException.ShapeException.class)
                .hasMessageContaining("(3,)")
                .hasMessageContaining("scalar")
                .hasMessageContaining("vjp");
    }

    @Test
    void vjpWithACotangentOfTheWrongShapeIsRefused() {
        assertThatThrownBy(() -> Autodiff.vjp(x -> x.mul(2), f64(1, 2, 3), f64(1, 2)))
                .isInstanceOf(OpException.ShapeException.class)
                .hasMessageContaining("(2,)")
                .hasMessageContaining("(3,)");
    }

    @Test
    void stopGradientBlocksTheFlow() {
        Tensor g = Autodiff.grad(x -> x.mul(Autodiff.stopGradient(x)).sum(), f64(2, 5));
        assertThat(g.toDoubleArray()).containsExactly(2, 5);
    }

    @Test
    void noGradScopesStopRecordingAndNest() {
        Tensor x = Autodiff.track(f64(1, 2));
        assertThat(x.mul(2).requiresGrad()).isTrue();
        try (Backends.Scope outer = Autodiff.noGrad()) {
            try (Backends.Scope inner = Autodiff.noGrad()) {
                assertThat(x.mul(2).requiresGrad()).isFalse();
            }
            assertThat(Autodiff.isGradEnabled()).isFalse();
            assertThat(x.mul(2).requiresGrad()).isFalse();
        }
        assertThat(Autodiff.isGradEnabled()).isTrue();
        assertThat(Autodiff.noGrad(() -> x.exp()).requiresGrad()).isFalse();
    }

    @Test
    void customGradientReplacesTheRule() {
        // Straight-through rounding: forward rounds, backward passes the cotangent unchanged.
        Function<Tensor, Tensor> ste = x -> Autodiff.customGradient("ste", in -> in[0].round(),
                (in, out, g) -> new Tensor[] {g}, x);
        Autodiff.ValueAndGrad vg = Autodiff.valueAndGrad(x -> ste.apply(x).mul(3).sum(), f64(0.4, 1.6));
        assertThat(vg.value().item()).isEqualTo(6.0);
        assertThat(vg.grad().toDoubleArray()).containsExactly(3, 3);
    }

    @Test
    void customGradientRulesAreThemselvesDifferentiable() {
        // f(x) = x^3 with the rule 3 x^2 g written in ops: the second derivative must come out as 6x.
        Function<Tensor, Tensor> cube = x -> Autodiff.customGradient("cube", in -> in[0].pow(3),
                (in, out, g) -> new Tensor[] {in[0].square().mul(3).mul(g)}, x);
        Tensor second = Autodiff.grad(x -> Autodiff.grad(y -> cube.apply(y).sum(), x).sum(), f64(1, 2));
        assertThat(second.toDoubleArray()).containsExactly(6, 12);
    }

    @Test
    void secondDerivativeOfACubeIsSixX() {
        Tensor second = Autodiff.grad(x -> Autodiff.grad(y -> y.pow(3).sum(), x).sum(), f64(1, -2, 0.5));
        assertThat(second.toDoubleArray()).containsExactly(6, -12, 3);
    }

    @Test
    void secondDerivativeThroughAClosureOverAnOuterVariable() {
        // d/dw [ d/dx (w x^2) at x = 3 ] = d/dw (2 w x) = 2 x = 6
        Tensor x = f64(3);
        Tensor g = Autodiff.grad(w -> Autodiff.grad(y -> w.mul(y.square()).sum(), x).sum(), f64(5));
        assertThat(g.toDoubleArray()).containsExactly(6);
    }

    @Test
    void vjpJvpAndJacobianAgreeWithTheAnalyticJacobian() {
        // f(x) = (x0 * x1, sin(x0)); J = [[x1, x0], [cos x0, 0]]
        Function<Tensor, Tensor> f = x -> Tensor.stack(0, x.select(0, 0).mul(x.select(0, 1)), x.select(0, 0).sin());
        Tensor x = f64(0.7, -1.3);
        double[] j = Autodiff.jacobian(f, x).toDoubleArray();
        assertThat(j[0]).isCloseTo(-1.3, within(1e-15));
        assertThat(j[1]).isCloseTo(0.7, within(1e-15));
        assertThat(j[2]).isCloseTo(Math.cos(0.7), within(1e-15));
        assertThat(j[3]).isCloseTo(0.0, within(1e-15));
        assertThat(Autodiff.jacobian(f, x).shape()).isEqualTo(Shape.of(2, 2));

        double[] vjp = Autodiff.vjp(f, x, f64(2, 3)).toDoubleArray();
        assertThat(vjp[0]).isCloseTo(2 * -1.3 + 3 * Math.cos(0.7), within(1e-14));
        assertThat(vjp[1]).isCloseTo(2 * 0.7, within(1e-14));

        double[] jvp = Autodiff.jvp(f, x, f64(2, 3)).toDoubleArray();
        assertThat(jvp[0]).isCloseTo(-1.3 * 2 + 0.7 * 3, within(1e-14));
        assertThat(jvp[1]).isCloseTo(Math.cos(0.7) * 2, within(1e-14));
    }

    @Test
    void paramsGradientsKeepTheTreeNames() {
        Params p = Params.of("w", f64(2, 3), "b", f64(1));
        Autodiff.ValueAndGrads vg = Autodiff.valueAndGrad(q -> q.get("w").mul(q.get("w")).sum().add(q.get("b").sum()), p);
        assertThat(vg.value().item()).isEqualTo(14.0);
        assertThat(vg.grads().names()).containsExactly("w", "b");
        assertThat(vg.grads().get("w").toDoubleArray()).containsExactly(4, 6);
        assertThat(vg.grads().get("b").toDoubleArray()).containsExactly(1);
    }

    @Test
    void theTapeIsReleasedAfterABackwardPassUnlessKept() {
        Tensor x = Autodiff.track(f64(1, 2));
        Tensor y = x.exp().sum();
        Tensor[] first = Autodiff.gradients(y, y.onesLike(), true, x);
        Tensor[] again = Autodiff.gradients(y, y.onesLike(), false, x);
        assertThat(again[0].toDoubleArray()).containsExactly(first[0].toDoubleArray());
        assertThatThrownBy(() -> Autodiff.gradients(y, x))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("released")
                .hasMessageContaining("keepGraph");
    }

    @Test
    void gradientsOfAnUntrackedTensorIsAClearError() {
        Tensor x = f64(1, 2);
        Tensor y = Autodiff.track(f64(3)).sum();
        assertThatThrownBy(() -> Autodiff.gradients(y, x))
                .isInstanceOf(OpException.class)
                .hasMessageContaining("not tracked")
                .hasMessageContaining("Autodiff.track");
    }

    @Test
    void anomalyModeNamesTheForwardOpThatMadeANaN() {
        try (Backends.Scope a = Autodiff.detectAnomaly()) {
            assertThatThrownBy(() -> f64(1, -1).log())
                    .isInstanceOf(Autodiff.AnomalyException.class)
                    .hasMessageContaining("forward pass of 'log'")
                    .hasMessageContaining("NaN");
        }
        assertThat(Double.isNaN(f64(-1).log().item())).isTrue();
    }

    @Test
    void anomalyModeNamesTheBackwardRuleThatMadeAnInfinity() {
        try (Backends.Scope a = Autodiff.detectAnomaly()) {
            assertThatThrownBy(() -> Autodiff.grad(x -> x.sqrt().sum(), f64(0, 4)))
                    .isInstanceOf(Autodiff.AnomalyException.class)
                    .hasMessageContaining("backward pass of 'sqrt'")
                    .hasMessageContaining("Infinity");
        }
    }

    /** One step of a small nonlinear rollout: a pendulum-like update with a few ops. */
    private static Tensor step(Tensor x) {
        return x.add(x.sin().mul(0.001)).sub(x.mul(x).mul(0.0005)).tanh().mul(1.001);
    }

    @Test
    void checkpointingAThousandStepRolloutStoresFarFewerIntermediatesAndGivesTheSameGradient() {
        Tensor x0 = f64(0.3, -0.2, 0.5, 0.1);
        int steps = 1000;
        int every = 10;
        Function<Tensor, Tensor> plain = x -> {
            for (int i = 0; i < steps; i++) {
                x = step(x);
            }
            return x.square().sum();
        };
        Function<Tensor, Tensor> segment = x -> {
            for (int i = 0; i < every; i++) {
                x = step(x);
            }
            return x;
        };
        Function<Tensor, Tensor> checkpointed = x -> {
            for (int i = 0; i < steps / every; i++) {
                x = Autodiff.checkpoint(segment, x);
            }
            return x.square().sum();
        };
        Tensor tracked = Autodiff.track(x0);
        Autodiff.GraphStats plainStats = Autodiff.graphStats(plain.apply(tracked));
        Autodiff.GraphStats checkpointStats = Autodiff.graphStats(checkpointed.apply(tracked));
        assertThat(checkpointStats.storedTensors() * 5).isLessThanOrEqualTo(plainStats.storedTensors());
        assertThat(checkpointStats.nodes() * 5).isLessThanOrEqualTo(plainStats.nodes());

        double[] expected = Autodiff.grad(plain, x0).toDoubleArray();
        double[] actual = Autodiff.grad(checkpointed, x0).toDoubleArray();
        for (int i = 0; i < expected.length; i++) {
            assertThat(actual[i]).isCloseTo(expected[i], within(1e-12 * Math.max(1, Math.abs(expected[i]))));
        }
    }

    @Test
    void checkpointSupportsSeveralInputsAndSecondDerivatives() {
        Function<Tensor[], Tensor> f = in -> in[0].mul(in[1]).sin();
        GradCheck.check(in -> Autodiff.checkpoint(f, in[0], in[1]).sum(), f64(0.3, 0.8), f64(1.1, -0.4));
        // d^2/dx^2 sum(sin(x * c)) = -c^2 sin(x c)
        Tensor c = f64(1.5);
        Tensor second = Autodiff.grad(x -> Autodiff.grad(y -> Autodiff.checkpoint(f, y, c).sum(), x).sum(), f64(0.2));
        assertThat(second.item()).isCloseTo(-2.25 * Math.sin(0.3), within(1e-14));
    }

    @Test
    void checkpointRefusesAFunctionThatReadsATrackedTensorItWasNotGiven() {
        Tensor w = f64(2);
        Function<List<Tensor>, Tensor> leaky = xs -> Autodiff.checkpoint((Tensor[] in) -> in[0].mul(xs.get(1)),
                xs.get(0)).sum();
        assertThatThrownBy(() -> Autodiff.grad(leaky, List.of(f64(1), w)))
                .isInstanceOf(OpException.class)
                .hasMessageContaining("checkpoint")
                .hasMessageContaining("not one of its inputs");
    }

    @Test
    void gradCheckCatchesAWrongRule() {
        Function<Tensor[], Tensor> wrong = in -> Autodiff.customGradient("wrong", t -> t[0].square(),
                (t, out, g) -> new Tensor[] {t[0].mul(g)}, in[0]);
        assertThatThrownBy(() -> GradCheck.check(wrong, f64(0.5, 2)))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("gradient mismatch");
    }
}
