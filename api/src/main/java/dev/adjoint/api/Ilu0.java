package dev.adjoint.api;

import java.util.Arrays;

/**
 * Incomplete LU factorisation without fill-in, {@code A ~ L U} on A's own sparsity pattern (L unit lower,
 * U upper), computed and applied on host arrays in double precision. Applying it pulls the vector to the
 * host and back, which is fine for the reference backend and a simple, exact baseline elsewhere.
 */
final class Ilu0 {
    private final int n;
    private final int[] offsets;
    private final int[] columns;
    private final int[] diag;
    private final double[] lu;

    private Ilu0(int n, int[] offsets, int[] columns, int[] diag, double[] lu) {
        this.n = n;
        this.offsets = offsets;
        this.columns = columns;
        this.diag = diag;
        this.lu = lu;
    }

    /**
     * Factors a square CSR matrix whose values are {@code values} (host copy).
     *
     * @throws IllegalArgumentException when a diagonal entry is not stored
     * @throws ArithmeticException when a pivot is zero or not finite
     */
    static Ilu0 factor(CsrMatrix a, double[] values) {
        int n = a.rows();
        int[] off = a.hostOffsets();
        int[] col = a.hostColumns();
        int[] diag = new int[n];
        for (int i = 0; i < n; i++) {
            diag[i] = -1;
            for (int k = off[i]; k < off[i + 1]; k++) {
                if (col[k] == i) {
                    diag[i] = k;
                }
            }
            if (diag[i] < 0) {
                throw new IllegalArgumentException("ILU(0) needs every diagonal entry stored; row " + i
                        + " of the " + n + " x " + n + " matrix has none");
            }
        }
        double[] lu = values.clone();
        int[] pos = new int[n];
        Arrays.fill(pos, -1);
        for (int i = 0; i < n; i++) {
            for (int k = off[i]; k < off[i + 1]; k++) {
                pos[col[k]] = k;
            }
            // IKJ order: eliminate row i's entries left of the diagonal with the rows already factored.
            for (int kk = off[i]; kk < diag[i]; kk++) {
                int k = col[kk];
                double pivot = lu[diag[k]];
                lu[kk] /= pivot;
                double lik = lu[kk];
                for (int jj = diag[k] + 1; jj < off[k + 1]; jj++) {
                    int at = pos[col[jj]];
                    if (at >= 0) {
                        lu[at] -= lik * lu[jj];
                    }
                }
            }
            for (int k = off[i]; k < off[i + 1]; k++) {
                pos[col[k]] = -1;
            }
            double p = lu[diag[i]];
            if (p == 0 || !Double.isFinite(p)) {
                throw new ArithmeticException("ILU(0) breakdown: pivot " + p + " at row " + i + " of the " + n
                        + " x " + n + " matrix");
            }
        }
        return new Ilu0(n, off, col, diag, lu);
    }

    /** {@code (L U)^-1 r}. */
    double[] solve(double[] r) {
        double[] y = r.clone();
        for (int i = 0; i < n; i++) {
            double s = y[i];
            for (int k = offsets[i]; k < diag[i]; k++) {
                s -= lu[k] * y[columns[k]];
            }
            y[i] = s;
        }
        for (int i = n - 1; i >= 0; i--) {
            double s = y[i];
            for (int k = diag[i] + 1; k < offsets[i + 1]; k++) {
                s -= lu[k] * y[columns[k]];
            }
            y[i] = s / lu[diag[i]];
        }
        return y;
    }

    /** {@code (L U)^-T r = U^-T L^-T r}, the preconditioner of A^T. */
    double[] solveTransposed(double[] r) {
        double[] w = r.clone();
        // U^T is lower triangular: column-oriented forward sweep over the rows of U.
        for (int i = 0; i < n; i++) {
            double yi = w[i] / lu[diag[i]];
            w[i] = yi;
            for (int k = diag[i] + 1; k < offsets[i + 1]; k++) {
                w[columns[k]] -= lu[k] * yi;
            }
        }
        // L^T is unit upper triangular: column-oriented backward sweep over the rows of L.
        for (int i = n - 1; i >= 0; i--) {
            double zi = w[i];
            for (int k = offsets[i]; k < diag[i]; k++) {
                w[columns[k]] -= lu[k] * zi;
            }
        }
        return w;
    }
}
