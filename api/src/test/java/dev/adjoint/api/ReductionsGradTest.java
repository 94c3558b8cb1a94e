package dev.adjoint.api;

import static dev.adjoint.api.VjpTesting.assertValues;
import static dev.adjoint.api.VjpTesting.checkBoth;
import static dev.adjoint.api.VjpTesting.f64;
import static dev.adjoint.api.VjpTesting.rand;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import dev.adjoint.api.spi.ReduceOp;
import dev.adjoint.api.testing.GradCheck;
import java.util.SplittableRandom;
import java.util.function.Function;
import java.util.stream.Stream;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Backward rules of the reductions and of {@code sumToShape}: hand-computed cotangents (including ties of
 * max/min and zeros in products), finite-difference checks in float64 and float32 over several axis sets,
 * random shapes and axes, and gradients of gradients.
 */
class ReductionsGradTest {
    private static final int[] X23 = {2, 3};

    /** The reduction named by {@code kind}: a ReduceOp name or MEAN. */
    private static Tensor reduce(String kind, Tensor x, int[] axes, boolean keepDims) {
        return kind.equals("MEAN") ? x.mean(axes, keepDims) : Reductions.reduce(ReduceOp.valueOf(kind), x, axes, keepDims);
    }

    private static Tensor m23(double... v) {
        return Tensor.of(v, X23);
    }

    // ---- sumToShape -----------------------------------------------------------------------------------

    @Test
    void sumToShapeSumsTheBroadcastAxes() {
        Tensor g = m23(1, 2, 3, 4, 5, 6);
        assertValues(Reductions.sumToShape(g, Shape.of(3)), DType.FLOAT64, new int[] {3}, 0, 5, 7, 9);
        assertValues(Reductions.sumToShape(g, Shape.of(2, 1)), DType.FLOAT64, new int[] {2, 1}, 0, 6, 15);
        assertValues(Reductions.sumToShape(g, Shape.of(1, 3)), DType.FLOAT64, new int[] {1, 3}, 0, 5, 7, 9);
        assertValues(Reductions.sumToShape(g, Shape.of(1, 1)), DType.FLOAT64, new int[] {1, 1}, 0, 21);
        assertValues(Reductions.sumToShape(g, Shape.of(1)), DType.FLOAT64, new int[] {1}, 0, 21);
        assertValues(Reductions.sumToShape(g, Shape.scalar()), DType.FLOAT64, new int[0], 0, 21);
        assertThat(Reductions.sumToShape(g, Shape.of(2, 3))).isSameAs(g);
        Tensor f = g.cast(DType.FLOAT32);
        assertValues(Reductions.sumToShape(f, Shape.of(3)), DType.FLOAT32, new int[] {3}, 0, 5, 7, 9);
        Tensor deep = Tensor.of(new double[] {1, 2, 3, 4, 5, 6, 7, 8}, 2, 2, 2);
        // (2, 2, 2) -> (2, 1): sum over axis 0 and axis 2.
        assertValues(Reductions.sumToShape(deep, Shape.of(2, 1)), DType.FLOAT64, new int[] {2, 1}, 0, 14, 22);
        // Extra leading size-1 axes of the target are allowed: (2, 3) -> (1, 1, 3).
        assertValues(Reductions.sumToShape(g, Shape.of(1, 1, 3)), DType.FLOAT64, new int[] {1, 1, 3}, 0, 5, 7, 9);
        assertValues(Reductions.sumToShape(Tensor.zeros(DType.FLOAT64, 0, 3), Shape.of(1, 3)), DType.FLOAT64,
                new int[] {1, 3}, 0, 0, 0, 0);
    }

    @Test
    void sumToShapeRefusesATargetThatDoesNotBroadcastToTheCotangent() {
        Tensor g = m23(1, 2, 3, 4, 5, 6);
        assertThatThrownBy(() -> Reductions.sumToShape(g, Shape.of(4)))
                .isInstanceOf(OpException.ShapeException.class)
                .hasMessageContaining("sumToShape").hasMessageContaining("(2, 3)").hasMessageContaining("(4,)");
        assertThatThrownBy(() -> Reductions.sumToShape(g, Shape.of(3, 1)))
                .isInstanceOf(OpException.ShapeException.class).hasMessageContaining("(3, 1)");
        assertThatThrownBy(() -> Reductions.sumToShape(g, Shape.of(2, 2, 3)))
                .isInstanceOf(OpException.ShapeException.class).hasMessageContaining("(2, 2, 3)");
        assertThatThrownBy(() -> Reductions.sumToShape(Tensor.zeros(DType.FLOAT64, 3), Shape.of(2, 3)))
                .isInstanceOf(OpException.ShapeException.class).hasMessageContaining("(2, 3)");
    }

    @Test
    void sumToShapeIsDifferentiable() {
        checkBoth(x -> Reductions.sumToShape(x[0], Shape.of(1, 3)), rand(1, 2, 3));
        checkBoth(x -> Reductions.sumToShape(x[0], Shape.of(2, 1)), rand(2, 4, 2, 3));
        checkBoth(x -> Reductions.sumToShape(x[0], Shape.scalar()), rand(3, 3, 2));
    }

    // ---- hand-computed cotangents ---------------------------------------------------------------------

    @Test
    void sumAndMeanSpreadTheCotangentOverTheReducedAxes() {
        Tensor x = m23(1, 2, 3, 4, 5, 6);
        assertValues(Autodiff.vjp(y -> y.sum(1), x, f64(2, 3)), DType.FLOAT64, X23, 0, 2, 2, 2, 3, 3, 3);
        assertValues(Autodiff.vjp(y -> y.sum(new int[] {1}, true), x, Tensor.of(new double[] {2, 3}, 2, 1)),
                DType.FLOAT64, X23, 0, 2, 2, 2, 3, 3, 3);
        assertValues(Autodiff.vjp(y -> y.sum(), x, Tensor.scalar(5, DType.FLOAT64)), DType.FLOAT64, X23, 0,
                5, 5, 5, 5, 5, 5);
        assertValues(Autodiff.vjp(y -> y.mean(0), x, f64(3, 6, 9)), DType.FLOAT64, X23, 0,
                1.5, 3, 4.5, 1.5, 3, 4.5);
        assertValues(Autodiff.vjp(y -> y.mean(new int[] {0, 1}, true), x.cast(DType.FLOAT32),
                Tensor.of(new float[] {12}, 1, 1)), DType.FLOAT32, X23, 0, 2, 2, 2, 2, 2, 2);
    }

    @Test
    void prodGivesTheProductOfTheOthersAlsoWithZeros() {
        assertValues(Autodiff.grad(y -> y.prod(), f64(2, 3, 5)), DType.FLOAT64, new int[] {3}, 1e-15, 15, 10, 6);
        // One zero: only the zero's position sees a nonzero product of the others.
        assertValues(Autodiff.grad(y -> y.prod(), f64(2, 0, 5)), DType.FLOAT64, new int[] {3}, 0, 0, 10, 0);
        // Two or more zeros: every product of the others contains a zero.
        assertValues(Autodiff.grad(y -> y.prod(), f64(0, 3, 0)), DType.FLOAT64, new int[] {3}, 0, 0, 0, 0);
        assertValues(Autodiff.grad(y -> y.prod(), f64(0, 0, 0)), DType.FLOAT64, new int[] {3}, 0, 0, 0, 0);
        // Per group along an axis, with keepDims and a cotangent.
        Tensor x = m23(2, 0, 5, 1, 3, 4);
        assertValues(Autodiff.vjp(y -> y.prod(1), x, f64(1, 2)), DType.FLOAT64, X23, 1e-15, 0, 10, 0, 24, 8, 6);
        assertValues(Autodiff.vjp(y -> y.prod(new int[] {0}, true), x.cast(DType.FLOAT32),
                Tensor.of(new float[] {1, 1, 1}, 1, 3)), DType.FLOAT32, X23, 1e-7, 1, 3, 4, 2, 0, 5);
    }

    @Test
    void maxAndMinSplitTheCotangentEvenlyBetweenTies() {
        assertValues(Autodiff.grad(y -> y.max(), f64(1, 3, 3, 2)), DType.FLOAT64, new int[] {4}, 0, 0, 0.5, 0.5, 0);
        assertValues(Autodiff.grad(y -> y.min(), f64(1, 1, 3)), DType.FLOAT64, new int[] {3}, 0, 0.5, 0.5, 0);
        assertValues(Autodiff.vjp(y -> y.max(1), m23(1, 5, 5, 7, 2, 7), f64(2, 4)), DType.FLOAT64, X23, 0,
                0, 1, 1, 2, 0, 2);
        Tensor x = Tensor.of(new double[] {1, 5, 1, 2}, 2, 2).cast(DType.FLOAT32);
        assertValues(Autodiff.vjp(y -> y.min(new int[] {0}, true), x, Tensor.of(new float[] {1, 1}, 1, 2)),
                DType.FLOAT32, new int[] {2, 2}, 0, 0.5, 0, 0.5, 1);
        // Three-way tie of the whole tensor.
        assertValues(Autodiff.grad(y -> y.max(), m23(4, 1, 4, 4, 0, 2)), DType.FLOAT64, X23, 1e-15,
                1.0 / 3, 0, 1.0 / 3, 1.0 / 3, 0, 0);
    }

    @Test
    void argmaxArgminAndIntegerReductionsCarryNoGradient() {
        Tensor x = Autodiff.track(m23(1, 5, 2, 7, 0, 3));
        assertThat(x.argmax(1).requiresGrad()).isFalse();
        assertThat(x.argmin(0).requiresGrad()).isFalse();
        assertThat(x.sum(1).requiresGrad()).isTrue();
        Tensor ints = Autodiff.track(Tensor.of(new int[] {1, 2, 3}));
        assertThat(ints.sum().requiresGrad()).isFalse();
        assertThat(ints.max().requiresGrad()).isFalse();
        // The index picked by argmax is a constant: the gradient flows only through the gathered value.
        Tensor g = Autodiff.grad(y -> y.gather(0, y.argmax(0).reshape(1)).sum(), f64(1, 4, 2));
        assertValues(g, DType.FLOAT64, new int[] {3}, 0, 0, 1, 0);
    }

    // ---- finite differences ----------------------------------------------------------------------------

    static Stream<Arguments> axisCases() {
        String[] kinds = {"SUM", "MEAN", "PROD", "MAX", "MIN"};
        int[][] axes = {{}, {0}, {1}, {-1}, {0, 2}, {2, 0, 1}};
        Stream.Builder<Arguments> b = Stream.builder();
        for (String k : kinds) {
            for (int[] a : axes) {
                b.add(arguments(k, a, false));
                b.add(arguments(k, a, true));
            }
        }
        return b.build();
    }

    @ParameterizedTest
    @MethodSource("axisCases")
    void reductionsMatchFiniteDifferences(String kind, int[] axes, boolean keepDims) {
        // Values in [0.7, 1.4) keep products moderate; random values have no ties.
        checkBoth(x -> reduce(kind, x[0], axes, keepDims), rand(axes.length * 7L + (keepDims ? 1 : 0), 0.7, 1.4, 2, 3, 4));
    }

    @Test
    void reductionsOfEmptyAndScalarTensors() {
        Tensor g = Autodiff.vjp(y -> y.sum(0), Tensor.zeros(DType.FLOAT64, 0, 3), f64(1, 2, 3));
        assertThat(g.shape()).isEqualTo(Shape.of(0, 3));
        g = Autodiff.vjp(y -> y.prod(1), Tensor.zeros(DType.FLOAT64, 2, 0), f64(1, 2));
        assertThat(g.shape()).isEqualTo(Shape.of(2, 0));
        checkBoth(x -> x[0].sum().mul(x[0].max()).add(x[0].prod()), Tensor.scalar(1.5, DType.FLOAT64));
    }

    @Property(tries = 40)
    void reductionsOnRandomShapesAndAxes(@ForAll @IntRange(max = 100000) int seed) {
        SplittableRandom r = new SplittableRandom(seed);
        int rank = 1 + r.nextInt(3);
        int[] dims = new int[rank];
        for (int d = 0; d < rank; d++) {
            dims[d] = 1 + r.nextInt(4);
        }
        int[] axes = java.util.stream.IntStream.range(0, rank).filter(d -> r.nextBoolean()).toArray();
        boolean keepDims = r.nextBoolean();
        String kind = new String[] {"SUM", "MEAN", "PROD", "MAX", "MIN"}[r.nextInt(5)];
        checkBoth(x -> reduce(kind, x[0], axes, keepDims), rand(seed, 0.7, 1.4, dims));
    }

    // ---- gradients of gradients ------------------------------------------------------------------------

    @Test
    void secondDerivativeOfTheSumOfCubesIsSixX() {
        Tensor x = f64(1, -2, 0.5);
        Tensor viaMul = Autodiff.grad(u -> Autodiff.grad(y -> y.mul(y).mul(y).sum(), u).sum(), x);
        assertValues(viaMul, DType.FLOAT64, new int[] {3}, 0, 6, -12, 3);
        Tensor viaPow = Autodiff.grad(u -> Autodiff.grad(y -> y.pow(3).sum(), u).sum(), x.cast(DType.FLOAT32));
        assertValues(viaPow, DType.FLOAT32, new int[] {3}, 0, 6, -12, 3);
    }

    @Test
    void theHessianOfAProductHasTheProductsOfPairsOffTheDiagonal() {
        // d^2/dx_i dx_j (x0 x1 x2) = x_k for {i, j, k} = {0, 1, 2}, and 0 on the diagonal.
        Tensor h = Autodiff.jacobian(x -> Autodiff.grad(y -> y.prod(), x), f64(2, 3, 5));
        assertValues(h, DType.FLOAT64, new int[] {3, 3}, 1e-15, 0, 5, 3, 5, 0, 2, 3, 2, 0);
    }

    @Test
    void reductionRulesAreDifferentiable() {
        for (String kind : new String[] {"SUM", "MEAN", "PROD", "MAX", "MIN"}) {
            // The gradient as a function of x (second derivatives) ...
            Function<Tensor[], Tensor> gradient = x -> Autodiff.grad(y -> reduce(kind, y, new int[] {1}, false)
                    .square().sum(), x[0]);
            GradCheck.forDType(DType.FLOAT64).rtol(1e-5).run(gradient, rand(21, 0.7, 1.4, 2, 3));
            // ... and the vector-Jacobian product as a function of the cotangent.
            Tensor x = rand(22, 0.7, 1.4, 3, 2);
            checkBoth(v -> Autodiff.vjp(y -> reduce(kind, y, new int[] {0}, true), x.cast(v[0].dtype()), v[0]),
                    rand(23, 1, 2));
        }
    }
}
