package dev.adjoint.optim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Random;
import org.junit.jupiter.api.Test;

class SvdTest {

    @Test
    void twoByTwoHasTheHandComputedSingularValues() {
        // A = [[3, 0], [4, 5]]: s1^2 + s2^2 = |A|_F^2 = 50 and s1 s2 = |det A| = 15, so s^2 = 45 and 5.
        Svd svd = Svd.of(new double[] {3, 0, 4, 5}, 2, 2);
        assertThat(svd.singularValues()).containsExactly(new double[] {Math.sqrt(45), Math.sqrt(5)}, within(1e-14));
        assertDecomposes(new double[] {3, 0, 4, 5}, 2, 2, svd, 1e-14);
    }

    @Test
    void diagonalMatrixComesOutSortedWithPermutedVectors() {
        double[] a = {1, 0, 0, 0, 7, 0, 0, 0, -3};
        Svd svd = Svd.of(a, 3, 3);
        assertThat(svd.singularValues()).containsExactly(7, 3, 1);
        assertDecomposes(a, 3, 3, svd, 1e-15);
        // The first right singular vector is the second axis (up to sign).
        double[] v = svd.v();
        assertThat(Math.abs(v[3])).isEqualTo(1.0);
    }

    @Test
    void tallWideAndSquareRandomMatricesDecompose() {
        Random rnd = new Random(7);
        int[][] sizes = {{7, 4}, {4, 7}, {6, 6}, {1, 5}, {5, 1}, {1, 1}, {30, 12}};
        for (int[] rc : sizes) {
            double[] a = random(rnd, rc[0], rc[1]);
            Svd svd = Svd.of(a, rc[0], rc[1]);
            assertThat(svd.singularValues()).hasSize(Math.min(rc[0], rc[1]));
            assertDecomposes(a, rc[0], rc[1], svd, 1e-13);
            // The squared singular values sum to the squared Frobenius norm.
            double fro = 0;
            for (double x : a) {
                fro += x * x;
            }
            double sum = 0;
            for (double s : svd.singularValues()) {
                sum += s * s;
            }
            assertThat(sum).isCloseTo(fro, within(1e-12 * fro));
        }
    }

    @Test
    void singleRowOrColumnHasItsNormAsSingularValue() {
        double[] a = {3, -4, 12};
        assertThat(Svd.of(a, 1, 3).singularValues()).containsExactly(new double[] {13}, within(1e-14));
        assertThat(Svd.of(a, 3, 1).singularValues()).containsExactly(new double[] {13}, within(1e-14));
    }

    @Test
    void squareSingularValuesMultiplyToTheDeterminant() {
        // det [[2, 1, 0], [1, 3, 1], [0, 1, 4]] = 2 (12 - 1) - 1 (4 - 0) = 18.
        double[] a = {2, 1, 0, 1, 3, 1, 0, 1, 4};
        double[] s = Svd.of(a, 3, 3).singularValues();
        assertThat(s[0] * s[1] * s[2]).isCloseTo(18, within(1e-12));
    }

    @Test
    void rankDeficientTallMatrixHasAZeroSingularValueAndOrthonormalFactors() {
        Random rnd = new Random(3);
        int m = 5;
        double[] a = new double[m * 3];
        for (int i = 0; i < m; i++) {
            double c1 = rnd.nextGaussian();
            double c2 = rnd.nextGaussian();
            a[i * 3] = c1;
            a[i * 3 + 1] = c2;
            a[i * 3 + 2] = c1 + 2 * c2;
        }
        Svd svd = Svd.of(a, m, 3);
        double[] s = svd.singularValues();
        assertThat(s[2]).isLessThan(1e-14 * s[0]);
        assertThat(s[1]).isGreaterThan(1e-3);
        assertThat(svd.kept(1e-10)).isEqualTo(2);
        assertDecomposes(a, m, 3, svd, 1e-13);
    }

    @Test
    void zeroRowsAndColumnsAreCompletedToOrthonormalBases() {
        // Wide with a zero row: U needs a completed column.
        double[] wide = {1, 2, 0, 0, 1, 0, 0, 0, 0, 0, 3, 0, 1, 1, 1};
        Svd w = Svd.of(wide, 3, 5);
        assertThat(w.singularValues()[2]).isZero();
        assertDecomposes(wide, 3, 5, w, 1e-14);
        // Tall with two zero columns.
        double[] tall = {0, 1, 0, 0, 2, 0, 0, -1, 0, 0, 4, 0};
        Svd t = Svd.of(tall, 4, 3);
        assertThat(t.singularValues()).containsExactly(new double[] {Math.sqrt(22), 0, 0}, within(1e-14));
        assertDecomposes(tall, 4, 3, t, 1e-14);
        // The zero matrix.
        Svd z = Svd.of(new double[6], 2, 3);
        assertThat(z.singularValues()).containsExactly(0, 0);
        assertThat(z.kept(0.5)).isZero();
        assertDecomposes(new double[6], 2, 3, z, 0);
    }

    @Test
    void gradedSingularValuesOfAConstructedMatrixAreRecovered() {
        // A = P diag(s) Q^T with P, Q products of two random Householder reflections (orthogonal by construction).
        double[] s = {3, 1, 1e-3, 1e-5, 1e-8, 1e-12};
        Random rnd = new Random(5);
        for (int[] rc : new int[][] {{6, 9}, {9, 6}, {6, 6}}) {
            int m = rc[0];
            int n = rc[1];
            double[] p = reflections(rnd, m);
            double[] q = reflections(rnd, n);
            double[] a = new double[m * n];
            for (int i = 0; i < m; i++) {
                for (int j = 0; j < n; j++) {
                    double sum = 0;
                    for (int r = 0; r < s.length; r++) {
                        sum += p[i * m + r] * s[r] * q[j * n + r];
                    }
                    a[i * n + j] = sum;
                }
            }
            Svd svd = Svd.of(a, m, n);
            assertThat(svd.singularValues()).as("%d x %d", m, n).containsExactly(s, within(1e-14));
            assertThat(svd.kept(1e-6)).isEqualTo(4);
            assertThat(svd.kept(1e-4)).isEqualTo(3);
            assertDecomposes(a, m, n, svd, 1e-14);
        }
    }

    @Test
    void largeWideMatrixTakesTheParallelPathAndDecomposes() {
        Random rnd = new Random(11);
        int m = 48;
        int n = 3000;
        double[] a = random(rnd, m, n);
        Svd svd = Svd.of(a, m, n);
        assertDecomposes(a, m, n, svd, 1e-12);
    }

    @Test
    void inversePowerOneSolvesASquareSystem() {
        double[] a = {2, 1, 0, 1, 3, 1, 0, 1, 4};
        double[] b = {1, -2, 5};
        double[] x = Svd.of(a, 3, 3).inversePowerTimes(b, 1, 1e-12);
        for (int i = 0; i < 3; i++) {
            double ax = a[i * 3] * x[0] + a[i * 3 + 1] * x[1] + a[i * 3 + 2] * x[2];
            assertThat(ax).isCloseTo(b[i], within(1e-13));
        }
    }

    @Test
    void absInverseOfAnIndefiniteSymmetricMatrix() {
        // [[1, 2], [2, 1]] has eigenvalues 3 and -1 on (1, 1) and (1, -1), so |A| = [[2, 1], [1, 2]] and
        // |A|^-1 = [[2, -1], [-1, 2]] / 3.
        double[] r = Svd.of(new double[] {1, 2, 2, 1}, 2, 2).absInverseTimes(new double[] {1, 4}, 1e-12);
        assertThat(r).containsExactly(new double[] {(2 - 4) / 3.0, (-1 + 8) / 3.0}, within(1e-14));
    }

    @Test
    void rejectsBadMatrices() {
        assertThatThrownBy(() -> Svd.of(new double[] {1, Double.NaN}, 1, 2))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("(0, 1)")
                .hasMessageContaining("NaN");
        assertThatThrownBy(() -> Svd.of(new double[3], 2, 2)).hasMessageContaining("needs 4 elements; got 3");
        assertThatThrownBy(() -> Svd.of(new double[0], 0, 2)).hasMessageContaining("0 x 2");
        Svd svd = Svd.of(new double[] {1, 2, 3, 4, 5, 6}, 2, 3);
        assertThatThrownBy(() -> svd.inversePowerTimes(new double[3], 1, 0.1)).hasMessageContaining("expected 2");
        assertThatThrownBy(() -> svd.absInverseTimes(new double[2], 0.1)).hasMessageContaining("expected 3");
    }

    // ---- helpers -------------------------------------------------------------------------------------

    /** An orthogonal n x n matrix (row-major): the product of two Householder reflections I - 2 u u^T / |u|^2. */
    private static double[] reflections(Random rnd, int n) {
        double[] out = new double[n * n];
        for (int i = 0; i < n; i++) {
            out[i * n + i] = 1;
        }
        for (int h = 0; h < 2; h++) {
            double[] u = new double[n];
            double uu = 0;
            for (int i = 0; i < n; i++) {
                u[i] = rnd.nextGaussian();
                uu += u[i] * u[i];
            }
            double[] next = new double[n * n];
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < n; j++) {
                    // (I - 2 u u^T / uu) * out
                    double sum = out[i * n + j];
                    double proj = 0;
                    for (int l = 0; l < n; l++) {
                        proj += u[l] * out[l * n + j];
                    }
                    next[i * n + j] = sum - 2 * u[i] * proj / uu;
                }
            }
            out = next;
        }
        return out;
    }

    private static double[] random(Random rnd, int m, int n) {
        double[] a = new double[m * n];
        for (int i = 0; i < a.length; i++) {
            a[i] = rnd.nextGaussian();
        }
        return a;
    }

    /** U S V^T equals A, U and V have orthonormal columns, s is descending and non-negative. */
    private static void assertDecomposes(double[] a, int m, int n, Svd svd, double tol) {
        int k = Math.min(m, n);
        double[] u = svd.u();
        double[] v = svd.v();
        double[] s = svd.singularValues();
        double scale = Math.max(1, s[0]);
        for (int r = 0; r < k; r++) {
            assertThat(s[r]).isGreaterThanOrEqualTo(0);
            if (r > 0) {
                assertThat(s[r]).isLessThanOrEqualTo(s[r - 1]);
            }
        }
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                double sum = 0;
                for (int r = 0; r < k; r++) {
                    sum += u[i * k + r] * s[r] * v[j * k + r];
                }
                assertThat(sum).as("A(%d, %d)", i, j).isCloseTo(a[i * n + j], within(tol * scale));
            }
        }
        assertOrthonormalColumns(u, m, k, "U");
        assertOrthonormalColumns(v, n, k, "V");
    }

    private static void assertOrthonormalColumns(double[] q, int rows, int k, String name) {
        for (int p = 0; p < k; p++) {
            for (int r = 0; r < k; r++) {
                double dot = 0;
                for (int i = 0; i < rows; i++) {
                    dot += q[i * k + p] * q[i * k + r];
                }
                assertThat(dot).as("%s column %d . column %d", name, p, r).isCloseTo(p == r ? 1 : 0, within(1e-13));
            }
        }
    }
}
