package dev.adjoint.physics.systems;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.adjoint.api.DType;
import dev.adjoint.api.RandomKey;
import dev.adjoint.api.Rng;
import dev.adjoint.api.Tensor;
import dev.adjoint.api.testing.GradCheck;
import org.junit.jupiter.api.Test;

class TridiagonalTest {

    /** A random diagonally dominant batch of complex systems: lower, diag, upper, rhs, each [batch, n, 2]. */
    private static Tensor[] system(int batch, int n, long seed) {
        RandomKey[] k = RandomKey.of(seed).split(4);
        Tensor lower = Rng.uniform(k[0], DType.FLOAT64, -1, 1, batch, n, 2);
        Tensor upper = Rng.uniform(k[1], DType.FLOAT64, -1, 1, batch, n, 2);
        Tensor diag = Rng.uniform(k[2], DType.FLOAT64, -1, 1, batch, n, 2).add(Tensor.of(new double[] {4, 1}));
        Tensor rhs = Rng.uniform(k[3], DType.FLOAT64, -1, 1, batch, n, 2);
        return new Tensor[] {lower, diag, upper, rhs};
    }

    /** A x computed densely on the host, row by row, from the three diagonals. */
    private static double[] multiply(Tensor lower, Tensor diag, Tensor upper, Tensor x) {
        double[] a = lower.toDoubleArray();
        double[] d = diag.toDoubleArray();
        double[] c = upper.toDoubleArray();
        double[] v = x.toDoubleArray();
        int n = x.dim(-2);
        double[] out = new double[v.length];
        for (int s = 0; s < v.length / (2 * n); s++) {
            for (int i = 0; i < n; i++) {
                int k = 2 * (s * n + i);
                double re = d[k] * v[k] - d[k + 1] * v[k + 1];
                double im = d[k] * v[k + 1] + d[k + 1] * v[k];
                if (i > 0) {
                    re += a[k] * v[k - 2] - a[k + 1] * v[k - 1];
                    im += a[k] * v[k - 1] + a[k + 1] * v[k - 2];
                }
                if (i < n - 1) {
                    re += c[k] * v[k + 2] - c[k + 1] * v[k + 3];
                    im += c[k] * v[k + 3] + c[k + 1] * v[k + 2];
                }
                out[k] = re;
                out[k + 1] = im;
            }
        }
        return out;
    }

    @Test
    void solutionSatisfiesTheSystem() {
        Tensor[] s = system(3, 17, 1);
        Tensor x = Tridiagonal.solve(s[0], s[1], s[2], s[3]);
        assertThat(x.shape().dims()).containsExactly(3, 17, 2);
        double[] ax = multiply(s[0], s[1], s[2], x);
        double[] b = s[3].toDoubleArray();
        for (int i = 0; i < b.length; i++) {
            assertThat(Math.abs(ax[i] - b[i])).as("residual %d", i).isLessThan(1e-13);
        }
    }

    @Test
    void oneByOneSystemIsComplexDivision() {
        // (1 + 2i) x = 3 - i  gives  x = (3 - i)(1 - 2i) / 5 = (1 - 7i) / 5
        Tensor d = Tensor.of(new double[] {1, 2}, 1, 1, 2);
        Tensor zero = d.zerosLike();
        Tensor x = Tridiagonal.solve(zero, d, zero, Tensor.of(new double[] {3, -1}, 1, 1, 2));
        assertThat(x.toDoubleArray()).containsExactly(new double[] {0.2, -1.4}, within(1e-15));
    }

    @Test
    void gradientsWithRespectToAllDiagonalsAndRhs() {
        Tensor[] s = system(2, 5, 2);
        GradCheck.checkFloat64AndFloat32(in -> Tridiagonal.solve(in[0], in[1], in[2], in[3]), s);
    }

    @Test
    void float32SolveMatchesFloat64() {
        Tensor[] s = system(2, 9, 3);
        Tensor x64 = Tridiagonal.solve(s[0], s[1], s[2], s[3]);
        Tensor x32 = Tridiagonal.solve(s[0].cast(DType.FLOAT32), s[1].cast(DType.FLOAT32), s[2].cast(DType.FLOAT32),
                s[3].cast(DType.FLOAT32));
        assertThat(x32.dtype()).isEqualTo(DType.FLOAT32);
        assertThat(x32.cast(DType.FLOAT64).allClose(x64, 1e-5, 1e-6)).isTrue();
    }

    @Test
    void badInputIsRejected() {
        Tensor[] s = system(2, 5, 4);
        assertThatThrownBy(() -> Tridiagonal.solve(s[0].slice(1, 0, 4), s[1], s[2], s[3]))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("lower")
                .hasMessageContaining("[2, 4, 2]");
        assertThatThrownBy(() -> Tridiagonal.solve(s[0], s[1], s[2], s[3].select(2, 0)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("rhs")
                .hasMessageContaining("[..., n, 2]");
        assertThatThrownBy(() -> Tridiagonal.solve(s[0], s[1], s[2].cast(DType.FLOAT32), s[3]))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("upper")
                .hasMessageContaining("FLOAT32");
        Tensor zero = s[1].zerosLike();
        assertThatThrownBy(() -> Tridiagonal.solve(zero, zero, zero, s[3]))
                .isInstanceOf(ArithmeticException.class).hasMessageContaining("pivot 0");
    }
}
