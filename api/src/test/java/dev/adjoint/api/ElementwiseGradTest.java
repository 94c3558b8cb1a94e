package dev.adjoint.api;

import static dev.adjoint.api.VjpTesting.assertValues;
import static dev.adjoint.api.VjpTesting.awayFromZero;
import static dev.adjoint.api.VjpTesting.checkBoth;
import static dev.adjoint.api.VjpTesting.f64;
import static dev.adjoint.api.VjpTesting.rand;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import dev.adjoint.api.spi.BinaryOp;
import dev.adjoint.api.spi.UnaryOp;
import dev.adjoint.api.testing.GradCheck;
import java.util.EnumSet;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Function;
import java.util.stream.Stream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Backward rules of the elementwise ops: hand-computed derivatives, finite-difference checks in float64
 * (tight) and float32 (loose) for every unary and binary op with broadcasting, random broadcast shapes,
 * where/cast/compare, and gradients of gradients.
 */
class ElementwiseGradTest {
    private static final double TOL = 1e-15;

    /** The derivative of {@code op} at each element of {@code x}, by reverse mode. */
    private static Tensor derivative(UnaryOp op, Tensor x) {
        return Autodiff.grad(y -> Elementwise.unary(op, y).sum(), x);
    }

    /** Inputs inside each op's domain, away from kinks, poles and jumps. */
    private static Tensor domain(UnaryOp op) {
        return switch (op) {
            case SQRT, RSQRT, LOG, RECIPROCAL -> f64(0.3, 0.8, 1.5, 2.4, 0.55, 1.9);
            case LOG1P -> f64(-0.6, -0.2, 0.35, 1.2, 2.5, 0.05);
            case TAN -> f64(-1.2, -0.6, 0.1, 0.45, 0.9, 1.1);
            case ROUND -> f64(-1.7, -0.3, 0.2, 1.2, 2.7, 3.9);
            default -> f64(-1.7, -0.6, 0.35, 1.2, 2.1, -0.15);
        };
    }

    // ---- unary ----------------------------------------------------------------------------------------

    @ParameterizedTest
    @EnumSource(UnaryOp.class)
    void everyUnaryOpMatchesFiniteDifferences(UnaryOp op) {
        checkBoth(x -> Elementwise.unary(op, x[0]), domain(op));
    }

    static Stream<Arguments> knownDerivatives() {
        double e = Math.E;
        return Stream.of(
                arguments(UnaryOp.NEG, new double[] {1.5, -2}, new double[] {-1, -1}),
                arguments(UnaryOp.ABS, new double[] {-2, 0, 3}, new double[] {-1, 0, 1}),
                arguments(UnaryOp.SQUARE, new double[] {-1.5, 2}, new double[] {-3, 4}),
                arguments(UnaryOp.SQRT, new double[] {4, 0.25}, new double[] {0.25, 1}),
                arguments(UnaryOp.RSQRT, new double[] {4, 0.25}, new double[] {-0.0625, -4}),
                arguments(UnaryOp.RECIPROCAL, new double[] {2, -0.5}, new double[] {-0.25, -4}),
                arguments(UnaryOp.EXP, new double[] {0, 1}, new double[] {1, e}),
                arguments(UnaryOp.EXPM1, new double[] {0, 1}, new double[] {1, e}),
                arguments(UnaryOp.LOG, new double[] {2, 0.5}, new double[] {0.5, 2}),
                arguments(UnaryOp.LOG1P, new double[] {1, -0.5}, new double[] {0.5, 2}),
                arguments(UnaryOp.SIN, new double[] {0, 1}, new double[] {1, 0.5403023058681398}),
                arguments(UnaryOp.COS, new double[] {0, Math.PI / 2}, new double[] {0, -1}),
                arguments(UnaryOp.TAN, new double[] {0, 0.5}, new double[] {1, 1.2984464104095248}),
                arguments(UnaryOp.ATAN, new double[] {0, 1, -2}, new double[] {1, 0.5, 0.2}),
                arguments(UnaryOp.TANH, new double[] {0, 0.5}, new double[] {1, 0.7864477329659274}),
                arguments(UnaryOp.SIGMOID, new double[] {0}, new double[] {0.25}),
                arguments(UnaryOp.SOFTPLUS, new double[] {0}, new double[] {0.5}),
                // Kinks: relu'(0) = 0 and abs'(0) = 0 as in JAX; elu is smooth at 0 (both sides give 1).
                arguments(UnaryOp.RELU, new double[] {-1, 0, 2}, new double[] {0, 0, 1}),
                arguments(UnaryOp.ELU, new double[] {-1, 0, 2}, new double[] {1 / e, 1, 1}),
                // gelu'(x) = Phi(x) + x phi(x): Phi(0) = 1/2; Phi(1) + phi(1) = 0.84134... + 0.24197...
                arguments(UnaryOp.GELU, new double[] {0, 1}, new double[] {0.5, 1.0833154705876864}),
                // silu'(x) = s (1 + x (1 - s)), s(1) = 0.7310585786300049
                arguments(UnaryOp.SILU, new double[] {0, 1}, new double[] {0.5, 0.9276705118714869}),
                // erf'(x) = 2 / sqrt(pi) exp(-x^2)
                arguments(UnaryOp.ERF, new double[] {0, 1}, new double[] {1.1283791670955126, 0.4151074974205947}),
                arguments(UnaryOp.SIGN, new double[] {-2, 0, 3}, new double[] {0, 0, 0}),
                arguments(UnaryOp.FLOOR, new double[] {-2.5, 1.2}, new double[] {0, 0}),
                arguments(UnaryOp.CEIL, new double[] {-2.5, 1.2}, new double[] {0, 0}),
                arguments(UnaryOp.ROUND, new double[] {-2.5, 1.2}, new double[] {0, 0}));
    }

    @ParameterizedTest
    @MethodSource("knownDerivatives")
    void unaryDerivativesMatchHandComputedValues(UnaryOp op, double[] x, double[] expected) {
        int[] shape = {x.length};
        assertValues(derivative(op, f64(x)), DType.FLOAT64, shape, TOL, expected);
        assertValues(derivative(op, Tensor.of(x).cast(DType.FLOAT32)), DType.FLOAT32, shape, 1e-6, expected);
    }

    @Test
    void piecewiseConstantOpsAndIntegerResultsRecordNoGraph() {
        Tensor x = Autodiff.track(f64(0.5, -1.5));
        for (UnaryOp op : EnumSet.of(UnaryOp.SIGN, UnaryOp.FLOOR, UnaryOp.CEIL, UnaryOp.ROUND)) {
            assertThat(Elementwise.unary(op, x).requiresGrad()).as(op.name()).isFalse();
        }
        assertThat(x.exp().requiresGrad()).isTrue();
        assertThat(x.gt(0).requiresGrad()).isFalse();
        assertThat(x.cast(DType.INT32).requiresGrad()).isFalse();
    }

    // ---- binary ---------------------------------------------------------------------------------------

    /** Operands for {@code op} of the given shapes inside its domain; {@code mod} is handled separately. */
    private static Tensor[] operands(BinaryOp op, long seed, int[] sa, int[] sb) {
        return switch (op) {
            case DIV -> new Tensor[] {rand(seed, sa), awayFromZero(seed + 1, sb)};
            case POW -> new Tensor[] {rand(seed, 0.4, 2.5, sa), rand(seed + 1, -1.5, 2.5, sb)};
            case ATAN2 -> new Tensor[] {awayFromZero(seed, sa), awayFromZero(seed + 1, sb)};
            default -> new Tensor[] {rand(seed, sa), rand(seed + 1, sb)};
        };
    }

    static Stream<Arguments> broadcastPairs() {
        int[][][] pairs = {
            {{2, 3}, {2, 3}}, {{2, 3}, {3}}, {{2, 1}, {1, 3}}, {{}, {2, 2}}, {{4, 1, 3}, {2, 1}}, {{3}, {}}
        };
        Stream.Builder<Arguments> b = Stream.builder();
        for (BinaryOp op : BinaryOp.values()) {
            if (op == BinaryOp.MOD) {
                continue;
            }
            for (int[][] p : pairs) {
                b.add(arguments(op, p[0], p[1]));
            }
        }
        return b.build();
    }

    @ParameterizedTest
    @MethodSource("broadcastPairs")
    void everyBinaryOpMatchesFiniteDifferencesWithBroadcasting(BinaryOp op, int[] sa, int[] sb) {
        checkBoth(x -> Elementwise.binary(op, x[0], x[1]), operands(op, 7, sa, sb));
    }

    @Test
    void modMatchesFiniteDifferencesAwayFromItsJumps() {
        // a / b stays at least 0.1 away from every integer.
        Tensor a = Tensor.of(new double[] {7.3, -7.3, 5.5, -0.4, 2.2, 3.9}, 2, 3);
        Tensor b = f64(2, -1.5, 0.7);
        checkBoth(x -> x[0].mod(x[1]), a, b);
    }

    @Test
    void broadcastOperandsGetTheirCotangentsSummed() {
        List<Tensor> g = Autodiff.grad(xs -> xs.get(0).add(xs.get(1)).sum(),
                List.of(Tensor.of(new double[] {1, 2, 3, 4, 5, 6}, 2, 3), f64(1, 2, 3)));
        assertValues(g.get(0), DType.FLOAT64, new int[] {2, 3}, 0, 1, 1, 1, 1, 1, 1);
        assertValues(g.get(1), DType.FLOAT64, new int[] {3}, 0, 2, 2, 2);

        // d/da sum(a * b) = sum over the broadcast copies of b, and vice versa.
        g = Autodiff.grad(xs -> xs.get(0).mul(xs.get(1)).sum(),
                List.of(Tensor.of(new double[] {1, 2}, 2, 1), Tensor.of(new double[] {3, 4, 5}, 1, 3)));
        assertValues(g.get(0), DType.FLOAT64, new int[] {2, 1}, 0, 12, 12);
        assertValues(g.get(1), DType.FLOAT64, new int[] {1, 3}, 0, 3, 3, 3);

        Tensor s = Autodiff.grad(c -> Tensor.of(new double[] {1, 2, 3, 4}, 2, 2).sub(c).sum(), Tensor.scalar(1.0, DType.FLOAT64));
        assertValues(s, DType.FLOAT64, new int[0], 0, -4);
    }

    /** Gradients of {@code f(a, b)} summed, with respect to a and b. */
    private static List<Tensor> grads(java.util.function.BinaryOperator<Tensor> f, Tensor a, Tensor b) {
        return Autodiff.grad(xs -> f.apply(xs.get(0), xs.get(1)).sum(), List.of(a, b));
    }

    @Test
    void binaryDerivativesMatchHandComputedValues() {
        int[] one = {1};
        // div: d/da = 1/b, d/db = -a/b^2
        List<Tensor> g = grads(Tensor::div, f64(6), f64(3));
        assertValues(g.get(0), DType.FLOAT64, one, TOL, 1.0 / 3);
        assertValues(g.get(1), DType.FLOAT64, one, TOL, -2.0 / 3);
        // pow: d/da = b a^(b-1) = 12, d/db = log(a) a^b = 8 log 2
        g = grads(Tensor::pow, f64(2), f64(3));
        assertValues(g.get(0), DType.FLOAT64, one, TOL, 12);
        assertValues(g.get(1), DType.FLOAT64, one, TOL, 5.545177444479562);
        // atan2(a, b): d/da = b / (a^2 + b^2), d/db = -a / (a^2 + b^2)
        g = grads(Tensor::atan2, f64(3, 1), f64(4, 1));
        assertValues(g.get(0), DType.FLOAT64, new int[] {2}, TOL, 0.16, 0.5);
        assertValues(g.get(1), DType.FLOAT64, new int[] {2}, TOL, -0.12, -0.5);
        // mod: d/da = 1, d/db = -floor(a / b)
        g = grads(Tensor::mod, f64(7, -7, 5.5), f64(2, 2, -2));
        assertValues(g.get(0), DType.FLOAT64, new int[] {3}, 0, 1, 1, 1);
        assertValues(g.get(1), DType.FLOAT64, new int[] {3}, 0, -3, 4, 3);
        g = grads(Tensor::sub, f64(7), f64(2));
        assertValues(g.get(1), DType.FLOAT64, one, 0, -1);
    }

    @Test
    void powIsDefinedAtAZeroBaseAndAZeroExponentWithoutNaN() {
        // a = 0: d/db is defined as 0 (JAX), even where a^b is infinite; b = 0: d/da is 0, even at a = 0
        // where b a^(b-1) would be 0 * inf.
        List<Tensor> g = grads(Tensor::pow, f64(0, 0, 0, 2), f64(2, 0, -1, 0));
        assertThat(g.get(0).toDoubleArray()).containsExactly(0, 0, Double.NEGATIVE_INFINITY, 0);
        assertValues(g.get(1), DType.FLOAT64, new int[] {4}, TOL, 0, 0, 0, Math.log(2));
    }

    @Test
    void maximumAndMinimumSplitTiesEvenly() {
        Tensor a = f64(1, 2, 5);
        Tensor b = f64(1, 3, 4);
        List<Tensor> g = grads(Tensor::maximum, a, b);
        assertValues(g.get(0), DType.FLOAT64, new int[] {3}, 0, 0.5, 0, 1);
        assertValues(g.get(1), DType.FLOAT64, new int[] {3}, 0, 0.5, 1, 0);
        g = grads(Tensor::minimum, a, b);
        assertValues(g.get(0), DType.FLOAT64, new int[] {3}, 0, 0.5, 1, 0);
        assertValues(g.get(1), DType.FLOAT64, new int[] {3}, 0, 0.5, 0, 1);
        // clamp and leakyRelu are built on them.
        Tensor c = Autodiff.grad(x -> x.clamp(-1, 1).sum(), f64(-2, 0.5, 3));
        assertValues(c, DType.FLOAT64, new int[] {3}, 0, 0, 1, 0);
        Tensor l = Autodiff.grad(x -> x.leakyRelu(0.1).sum(), f64(-2, 3));
        assertValues(l, DType.FLOAT64, new int[] {2}, TOL, 0.1, 1);
    }

    // ---- where, cast, compare -----------------------------------------------------------------------

    @Test
    void whereSendsTheCotangentToTheChosenBranchOnly() {
        Tensor cond = Tensor.of(new int[] {1, 0, 1});
        List<Tensor> g = grads((a, b) -> Tensor.where(cond, a, b).mul(f64(2, 3, 4)), f64(1, 2, 3),
                Tensor.scalar(9, DType.FLOAT64));
        assertValues(g.get(0), DType.FLOAT64, new int[] {3}, 0, 2, 0, 4);
        assertValues(g.get(1), DType.FLOAT64, new int[0], 0, 3);
        checkBoth(x -> Tensor.where(Tensor.of(new int[] {1, 0}, 2, 1), x[0], x[1]), rand(1, 3), rand(2, 2, 3));
    }

    @Test
    void aTrackedFloatConditionGetsNoGradientThroughWhere() {
        List<Tensor> g = Autodiff.grad(xs -> Tensor.where(xs.get(0), xs.get(1), xs.get(1).neg()).sum(),
                List.of(f64(1, 0), f64(3, 4)));
        assertValues(g.get(0), DType.FLOAT64, new int[] {2}, 0, 0, 0);
        assertValues(g.get(1), DType.FLOAT64, new int[] {2}, 0, 1, -1);
    }

    @Test
    void castSendsTheCotangentBackInTheInputDType() {
        Tensor x = f64(1.5, -2).cast(DType.FLOAT32);
        Tensor g = Autodiff.grad(y -> y.cast(DType.FLOAT64).square().sum(), x);
        assertValues(g, DType.FLOAT32, new int[] {2}, 0, 3, -4);
        GradCheck.forDType(DType.FLOAT32).run(y -> y[0].cast(DType.FLOAT64).exp().cast(y[0].dtype()), x);
    }

    @Test
    void castThroughInt32AndComparisonsCarryNoGradient() {
        // sum(int(x) * x): only the second factor depends on x for autodiff.
        Tensor g = Autodiff.grad(x -> x.cast(DType.INT32).cast(DType.FLOAT64).mul(x).sum(), f64(1.5, 2.5, -3.2));
        assertValues(g, DType.FLOAT64, new int[] {3}, 0, 1, 2, -3);
        Tensor m = Autodiff.grad(x -> x.gt(0).cast(DType.FLOAT64).mul(x).sum(), f64(-1, 2, 0.5));
        assertValues(m, DType.FLOAT64, new int[] {3}, 0, 0, 1, 1);
    }

    // ---- random broadcast shapes ---------------------------------------------------------------------

    @Provide
    Arbitrary<BinaryOp> smoothOps() {
        return Arbitraries.of(BinaryOp.ADD, BinaryOp.SUB, BinaryOp.MUL, BinaryOp.DIV, BinaryOp.POW, BinaryOp.MAX,
                BinaryOp.MIN, BinaryOp.ATAN2);
    }

    @Property(tries = 40)
    void binaryOpsOnRandomBroadcastShapes(@ForAll("smoothOps") BinaryOp op, @ForAll @IntRange(max = 100000) int seed) {
        SplittableRandom r = new SplittableRandom(seed);
        int rank = r.nextInt(4);
        int[] full = new int[rank];
        for (int d = 0; d < rank; d++) {
            full[d] = 1 + r.nextInt(3);
        }
        int[] sa = broadcastable(r, full);
        int[] sb = broadcastable(r, full);
        checkBoth(x -> Elementwise.binary(op, x[0], x[1]), operands(op, seed, sa, sb));
    }

    /** A shape that broadcasts to {@code full}: some leading axes dropped, some axes set to 1. */
    private static int[] broadcastable(SplittableRandom r, int[] full) {
        int drop = r.nextInt(full.length + 1);
        int[] s = java.util.Arrays.copyOfRange(full, drop, full.length);
        for (int d = 0; d < s.length; d++) {
            if (r.nextInt(3) == 0) {
                s[d] = 1;
            }
        }
        return s;
    }

    // ---- gradients of gradients ----------------------------------------------------------------------

    @Test
    void secondDerivativeOfTanhMatchesTheFormula() {
        // d^2/dx^2 tanh x = -2 tanh x (1 - tanh^2 x)
        Tensor second = Autodiff.grad(x -> Autodiff.grad(y -> y.tanh().sum(), x).sum(), f64(0.5, -1.2, 0));
        assertValues(second, DType.FLOAT64, new int[] {3}, 1e-15, -0.7268619813835873, 0.5085626501382733, 0);
    }

    @Test
    void secondDerivativesOfMul() {
        // d/dx sum(x * x) = 2x, whose derivative is 2.
        Tensor second = Autodiff.grad(x -> Autodiff.grad(y -> y.mul(y).sum(), x).sum(), f64(3, -1));
        assertValues(second, DType.FLOAT64, new int[] {2}, 0, 2, 2);
        // d/dw [ (d/dx sum(x * w)) . x0 ] = d/dw (w . x0) = x0
        Tensor x0 = f64(5, 7);
        Tensor mixed = Autodiff.grad(w -> Autodiff.grad(x -> x.mul(w).sum(), x0).mul(x0).sum(), f64(2, 3));
        assertValues(mixed, DType.FLOAT64, new int[] {2}, 0, 5, 7);
    }

    @ParameterizedTest
    @EnumSource(UnaryOp.class)
    void unaryRulesAreDifferentiable(UnaryOp op) {
        Function<Tensor[], Tensor> gradient = x -> Autodiff.grad(y -> Elementwise.unary(op, y).sum(), x[0]);
        GradCheck.forDType(DType.FLOAT64).rtol(1e-5).run(gradient, domain(op));
    }

    @ParameterizedTest
    @EnumSource(value = BinaryOp.class, names = {"MUL", "DIV", "POW", "ATAN2"})
    void binaryRulesAreDifferentiable(BinaryOp op) {
        Tensor[] in = operands(op, 11, new int[] {2, 3}, new int[] {3});
        Function<Tensor[], Tensor> gradients = x -> {
            List<Tensor> g = Autodiff.grad(xs -> Elementwise.binary(op, xs.get(0), xs.get(1)).sum(),
                    List.of(x[0], x[1]));
            return Tensor.concat(0, g.get(0).reshape(-1), g.get(1));
        };
        GradCheck.forDType(DType.FLOAT64).rtol(1e-5).run(gradients, in);
    }
}
