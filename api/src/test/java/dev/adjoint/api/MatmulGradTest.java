package dev.adjoint.api;

import static dev.adjoint.api.VjpTesting.assertValues;
import static dev.adjoint.api.VjpTesting.checkBoth;
import static dev.adjoint.api.VjpTesting.f64;
import static dev.adjoint.api.VjpTesting.rand;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import dev.adjoint.api.testing.GradCheck;
import java.util.List;
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
 * Backward rule of matmul: hand-computed cotangents, finite-difference checks in float64 and float32 for
 * transposes, 1-D promotions and broadcast batch axes, random shapes, and gradients of gradients.
 */
class MatmulGradTest {
    private static final Tensor A = Tensor.of(new double[] {1, 2, 3, 4}, 2, 2);
    private static final Tensor B = Tensor.of(new double[] {5, 6, 7, 8}, 2, 2);

    private static List<Tensor> gradsOfSum(Tensor a, Tensor b, boolean ta, boolean tb) {
        return Autodiff.grad(xs -> Tensor.matmul(xs.get(0), xs.get(1), ta, tb).sum(), List.of(a, b));
    }

    @Test
    void cotangentsOfAMatrixProduct() {
        // d/dA sum(A B) = 1 B^T (row sums of B in every row); d/dB = A^T 1 (row sums of A^T in every column).
        List<Tensor> g = gradsOfSum(A, B, false, false);
        assertValues(g.get(0), DType.FLOAT64, new int[] {2, 2}, 0, 11, 15, 11, 15);
        assertValues(g.get(1), DType.FLOAT64, new int[] {2, 2}, 0, 4, 4, 6, 6);
        // sum(A^T B) = sum_kij A_ki B_kj: d/dA_ki = sum_j B_kj, d/dB_kj = sum_i A_ki.
        g = gradsOfSum(A, B, true, false);
        assertValues(g.get(0), DType.FLOAT64, new int[] {2, 2}, 0, 11, 11, 15, 15);
        assertValues(g.get(1), DType.FLOAT64, new int[] {2, 2}, 0, 3, 3, 7, 7);
        // sum(A B^T) = sum_ijk A_ik B_jk: d/dA_ik = sum_j B_jk, d/dB_jk = sum_i A_ik.
        g = gradsOfSum(A.cast(DType.FLOAT32), B.cast(DType.FLOAT32), false, true);
        assertValues(g.get(0), DType.FLOAT32, new int[] {2, 2}, 0, 12, 14, 12, 14);
        assertValues(g.get(1), DType.FLOAT32, new int[] {2, 2}, 0, 4, 6, 4, 6);
    }

    @Test
    void cotangentsOfVectorOperands() {
        // x M = [7, 10]: d/dx sum = row sums of M, d/dM = x 1^T.
        List<Tensor> g = gradsOfSum(f64(1, 2), A, false, false);
        assertValues(g.get(0), DType.FLOAT64, new int[] {2}, 0, 3, 7);
        assertValues(g.get(1), DType.FLOAT64, new int[] {2, 2}, 0, 1, 1, 2, 2);
        // M x: d/dx = column sums of M, d/dM = 1 x^T.
        g = gradsOfSum(A, f64(1, 2), false, false);
        assertValues(g.get(0), DType.FLOAT64, new int[] {2, 2}, 0, 1, 2, 1, 2);
        assertValues(g.get(1), DType.FLOAT64, new int[] {2}, 0, 4, 6);
        // x . y with a cotangent on the scalar result.
        Tensor dx = Autodiff.vjp(x -> x.matmul(f64(3, -1, 2)), f64(1, 2, 3), Tensor.scalar(2, DType.FLOAT64));
        assertValues(dx, DType.FLOAT64, new int[] {3}, 0, 6, -2, 4);
        // A vector against a batch of matrices: the vector's cotangent is summed over the batch.
        Tensor batch = Tensor.of(new double[] {1, 2, 3, 4, 5, 6, 7, 8}, 2, 2, 2);
        g = gradsOfSum(f64(1, 1), batch, false, false);
        assertValues(g.get(0), DType.FLOAT64, new int[] {2}, 0, 1 + 2 + 5 + 6, 3 + 4 + 7 + 8);
    }

    static Stream<Arguments> cases() {
        return Stream.of(
                arguments(new int[] {3, 4}, new int[] {4, 2}, false, false),
                arguments(new int[] {4, 3}, new int[] {4, 2}, true, false),
                arguments(new int[] {3, 4}, new int[] {2, 4}, false, true),
                arguments(new int[] {4, 3}, new int[] {2, 4}, true, true),
                arguments(new int[] {4}, new int[] {4, 2}, false, false),
                arguments(new int[] {4}, new int[] {4, 2}, true, false),
                arguments(new int[] {4}, new int[] {3, 4}, false, true),
                arguments(new int[] {3, 4}, new int[] {4}, false, false),
                arguments(new int[] {4, 3}, new int[] {4}, true, true),
                arguments(new int[] {4}, new int[] {4}, false, false),
                arguments(new int[] {4}, new int[] {2, 4, 3}, false, false),
                arguments(new int[] {2, 3, 4}, new int[] {4}, false, false),
                arguments(new int[] {2, 3, 4}, new int[] {4, 5}, false, false),
                arguments(new int[] {2, 1, 3, 4}, new int[] {5, 4, 2}, false, false),
                arguments(new int[] {5, 4, 3}, new int[] {1, 4, 2}, true, false),
                arguments(new int[] {3, 4}, new int[] {2, 2, 2, 4}, false, true),
                arguments(new int[] {1, 4, 3}, new int[] {3, 1, 2, 4}, true, true),
                arguments(new int[] {0, 4}, new int[] {4, 2}, false, false),
                arguments(new int[] {2, 0}, new int[] {0, 3}, false, false));
    }

    @ParameterizedTest
    @MethodSource("cases")
    void matmulMatchesFiniteDifferences(int[] sa, int[] sb, boolean ta, boolean tb) {
        checkBoth(x -> Tensor.matmul(x[0], x[1], ta, tb), rand(1, sa), rand(2, sb));
    }

    @Property(tries = 40)
    void matmulOnRandomShapes(@ForAll @IntRange(max = 100000) int seed) {
        SplittableRandom r = new SplittableRandom(seed);
        int m = 1 + r.nextInt(3);
        int k = 1 + r.nextInt(3);
        int n = 1 + r.nextInt(3);
        int batchRank = r.nextInt(3);
        int[] batch = new int[batchRank];
        for (int d = 0; d < batchRank; d++) {
            batch[d] = 1 + r.nextInt(3);
        }
        boolean ta = r.nextBoolean();
        boolean tb = r.nextBoolean();
        int[] sa = r.nextInt(4) == 0 ? new int[] {k} : operandShape(r, batch, ta ? k : m, ta ? m : k);
        int[] sb = r.nextInt(4) == 0 ? new int[] {k} : operandShape(r, batch, tb ? n : k, tb ? k : n);
        checkBoth(x -> Tensor.matmul(x[0], x[1], ta, tb), rand(seed, sa), rand(seed + 1, sb));
    }

    /** {@code [batch'..., rows, cols]} where batch' drops some leading axes of batch and sets some to 1. */
    private static int[] operandShape(SplittableRandom r, int[] batch, int rows, int cols) {
        int drop = r.nextInt(batch.length + 1);
        int[] s = new int[batch.length - drop + 2];
        for (int d = 0; d < s.length - 2; d++) {
            s[d] = r.nextInt(3) == 0 ? 1 : batch[drop + d];
        }
        s[s.length - 2] = rows;
        s[s.length - 1] = cols;
        return s;
    }

    // ---- gradients of gradients ------------------------------------------------------------------------

    @Test
    void theHessianOfAQuadraticFormIsMPlusMTransposed() {
        // f(x) = x^T M x: grad = (M + M^T) x, Hessian = M + M^T = [[2, 5], [5, 8]].
        Function<Tensor, Tensor> f = x -> x.matmul(A).matmul(x);
        assertValues(Autodiff.grad(f, f64(1, -1)), DType.FLOAT64, new int[] {2}, 0, -3, -3);
        Tensor h = Autodiff.jacobian(x -> Autodiff.grad(f, x), f64(1, -1));
        assertValues(h, DType.FLOAT64, new int[] {2, 2}, 0, 2, 5, 5, 8);
    }

    @Test
    void matmulRulesAreDifferentiable() {
        // Second derivatives of sum((op(a) op(b))^2) in both operands, for all transpose flags and a batch.
        boolean[] flags = {false, true};
        for (boolean ta : flags) {
            for (boolean tb : flags) {
                Function<Tensor[], Tensor> gradients = x -> {
                    List<Tensor> g = Autodiff.grad(xs -> Tensor.matmul(xs.get(0), xs.get(1), ta, tb).square().sum(),
                            List.of(x[0], x[1]));
                    return Tensor.concat(0, g.get(0).reshape(-1), g.get(1).reshape(-1));
                };
                GradCheck.forDType(DType.FLOAT64).rtol(1e-5).run(gradients, rand(3, 2, 3, 3), rand(4, 3, 3));
            }
        }
        // The vjp is linear in the cotangent; differentiating it in the cotangent gives the forward op back.
        Tensor a = rand(5, 2, 3);
        Tensor b = rand(6, 3);
        checkBoth(v -> Autodiff.vjp(x -> x.matmul(b.cast(x.dtype())), a.cast(v[0].dtype()), v[0]), rand(7, 2));
    }
}
