package dev.adjoint.optim;

import java.util.Arrays;
import java.util.stream.IntStream;

/**
 * The thin singular value decomposition {@code A = U diag(s) V^T} of a dense real {@code rows x cols} matrix, by
 * one-sided (Hestenes) Jacobi rotations in double precision. With {@code k = min(rows, cols)}, {@code U} is
 * {@code rows x k} and {@code V} is {@code cols x k}, both with orthonormal columns, and {@code s} holds the
 * {@code k} singular values in descending order. Rank-deficient matrices get orthonormal completions for the
 * columns of zero singular values. For the HIG and SIP updates; sized for Jacobians of a few thousand columns.
 *
 * <p>The method takes the {@code k} columns of {@code A} (rows of {@code A} when it is wide), first reduces them
 * by a Householder QR to the columns of a {@code k x k} triangle {@code R} when they are longer than {@code k}, then
 * orthogonalizes those by plane rotations until every pair is orthogonal to working precision, accumulating the
 * rotations in the other factor, and maps the normalized vectors back through {@code Q}. Pairs are visited in
 * round-robin order, whose rounds touch disjoint pairs; large problems run each round (and the QR's column updates)
 * in parallel, which gives the same bits as running sequentially.
 */
public final class Svd {
    private static final int MAX_SWEEPS = 80;
    private static final long PARALLEL_WORK = 1L << 17;

    private final int rows;
    private final int cols;
    private final double[] u;
    private final double[] s;
    private final double[] v;

    private Svd(int rows, int cols, double[] u, double[] s, double[] v) {
        this.rows = rows;
        this.cols = cols;
        this.u = u;
        this.s = s;
        this.v = v;
    }

    /**
     * The decomposition of the row-major {@code rows x cols} matrix {@code a} (not modified).
     *
     * @throws IllegalArgumentException when a dimension is below 1, {@code a} has not {@code rows * cols}
     *                                  elements, or an element is NaN or infinite
     * @throws ArithmeticException      when the rotations do not converge (not observed for finite input)
     */
    public static Svd of(double[] a, int rows, int cols) {
        if (rows < 1 || cols < 1) {
            throw new IllegalArgumentException("Svd: the matrix must have at least one row and one column; got "
                    + rows + " x " + cols);
        }
        if ((long) rows * cols != a.length) {
            throw new IllegalArgumentException("Svd: a " + rows + " x " + cols + " matrix needs " + (long) rows * cols
                    + " elements; got " + a.length);
        }
        for (int i = 0; i < a.length; i++) {
            if (!Double.isFinite(a[i])) {
                throw new IllegalArgumentException("Svd: element (" + i / cols + ", " + i % cols + ") is " + a[i]
                        + "; the matrix must be finite");
            }
        }
        boolean wide = rows < cols;
        int k = Math.min(rows, cols);
        int len = Math.max(rows, cols);
        double[][] w = vectors(a, rows, cols);
        // Longer vectors are first reduced by a Householder QR, w = Q R, so that the rotations act on the k x k
        // triangle R; the left vectors are mapped back through Q at the end.
        double[][] reflectors = len > k ? householder(w, len) : null;
        double[][] x = w;
        if (reflectors != null) {
            x = new double[k][k];
            for (int c = 0; c < k; c++) {
                System.arraycopy(w[c], 0, x[c], 0, c + 1);
            }
        }
        int xLen = x == w ? len : k;
        double[][] acc = new double[k][k];
        for (int j = 0; j < k; j++) {
            acc[j][j] = 1;
        }
        orthogonalize(x, acc, xLen);

        double[] norms = new double[k];
        for (int j = 0; j < k; j++) {
            norms[j] = Math.sqrt(dot(x[j], x[j], xLen));
        }
        Integer[] order = new Integer[k];
        for (int j = 0; j < k; j++) {
            order[j] = j;
        }
        Arrays.sort(order, (p, q) -> Double.compare(norms[q], norms[p]));

        double[] sv = new double[k];
        double[][] left = new double[k][];
        double[][] right = new double[k][];
        for (int r = 0; r < k; r++) {
            int j = order[r];
            sv[r] = norms[j];
            left[r] = x[j];
            right[r] = acc[j];
        }
        normalizeAndComplete(left, sv, xLen);
        if (reflectors != null) {
            left = applyQ(reflectors, left, len);
        }
        // Tall: A = left diag(s) right^T. Wide: A^T = left diag(s) right^T, so U = right and V = left.
        return new Svd(rows, cols, rowMajor(wide ? right : left, rows), sv, rowMajor(wide ? left : right, cols));
    }

    /** The k vectors to orthogonalize, each contiguous: the columns of a tall matrix, the rows of a wide one. */
    private static double[][] vectors(double[] a, int rows, int cols) {
        if (rows < cols) {
            double[][] w = new double[rows][cols];
            for (int i = 0; i < rows; i++) {
                System.arraycopy(a, i * cols, w[i], 0, cols);
            }
            return w;
        }
        double[][] w = new double[cols][rows];
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < cols; j++) {
                w[j][i] = a[i * cols + j];
            }
        }
        return w;
    }

    /** The row-major {@code n x k} matrix whose column {@code r} is {@code columns[r]}. */
    private static double[] rowMajor(double[][] columns, int n) {
        int k = columns.length;
        double[] out = new double[n * k];
        for (int r = 0; r < k; r++) {
            for (int i = 0; i < n; i++) {
                out[i * k + r] = columns[r][i];
            }
        }
        return out;
    }

    /** The number of rows of the decomposed matrix. */
    public int rows() {
        return rows;
    }

    /** The number of columns of the decomposed matrix. */
    public int cols() {
        return cols;
    }

    /** The singular values, descending; {@code min(rows, cols)} of them. */
    public double[] singularValues() {
        return s.clone();
    }

    /** {@code U}, row-major {@code rows x min(rows, cols)}, orthonormal columns. */
    public double[] u() {
        return u.clone();
    }

    /** {@code V}, row-major {@code cols x min(rows, cols)}, orthonormal columns. */
    public double[] v() {
        return v.clone();
    }

    /**
     * How many singular values exceed {@code rtol} times the largest (none when the matrix is zero): the ones the
     * truncated products below keep.
     */
    public int kept(double rtol) {
        double cut = rtol * s[0];
        int n = 0;
        while (n < s.length && s[n] > cut && s[n] > 0) {
            n++;
        }
        return n;
    }

    /**
     * {@code V diag(s^-kappa) U^T b} over the singular values that {@link #kept} keeps; the others contribute 0.
     * {@code kappa = 1} applies the truncated pseudo-inverse, {@code kappa = 1/2} the half-inverse of HIG.
     *
     * @param b     a vector of length {@link #rows}
     * @param kappa the exponent
     * @param rtol  the relative cut-off
     */
    public double[] inversePowerTimes(double[] b, double kappa, double rtol) {
        requireLength("inversePowerTimes", b, rows, "rows");
        int k = s.length;
        int kept = kept(rtol);
        double[] c = new double[kept];
        for (int i = 0; i < rows; i++) {
            double bi = b[i];
            int base = i * k;
            for (int r = 0; r < kept; r++) {
                c[r] += u[base + r] * bi;
            }
        }
        for (int r = 0; r < kept; r++) {
            c[r] *= Math.pow(s[r], -kappa);
        }
        return timesV(c, k);
    }

    /**
     * {@code V diag(1/s) V^T b} over the kept singular values: for a symmetric matrix, the inverse of its absolute
     * value {@code |A| = V diag(s) V^T} (the eigenvalues' magnitudes with their eigenvectors) applied to {@code b}.
     * Saddle-free Newton divides by this in place of the Hessian.
     *
     * @param b    a vector of length {@link #cols}
     * @param rtol the relative cut-off
     */
    public double[] absInverseTimes(double[] b, double rtol) {
        requireLength("absInverseTimes", b, cols, "columns");
        int k = s.length;
        int kept = kept(rtol);
        double[] c = new double[kept];
        for (int i = 0; i < cols; i++) {
            double bi = b[i];
            int base = i * k;
            for (int r = 0; r < kept; r++) {
                c[r] += v[base + r] * bi;
            }
        }
        for (int r = 0; r < kept; r++) {
            c[r] /= s[r];
        }
        return timesV(c, k);
    }

    private double[] timesV(double[] c, int k) {
        double[] out = new double[cols];
        for (int i = 0; i < cols; i++) {
            int base = i * k;
            double sum = 0;
            for (int r = 0; r < c.length; r++) {
                sum += v[base + r] * c[r];
            }
            out[i] = sum;
        }
        return out;
    }

    private static void requireLength(String op, double[] b, int n, String what) {
        if (b.length != n) {
            throw new IllegalArgumentException("Svd." + op + ": the vector has " + b.length + " elements; expected "
                    + n + " (the matrix's " + what + ")");
        }
    }

    // ---- Householder QR ------------------------------------------------------------------------------

    /**
     * Reduces the columns {@code w} (each of length {@code len > w.length}) in place to {@code R}'s columns: column
     * {@code c} keeps {@code R(0..c, c)} in its first {@code c + 1} entries. Returns the reflectors: entry {@code j}
     * holds {@code v_j} (acting on entries {@code j..len-1}, scaled so that {@code H_j = I - v_j v_j^T}), or null
     * where the column below the diagonal was already zero.
     */
    private static double[][] householder(double[][] w, int len) {
        int k = w.length;
        double[][] refl = new double[k][];
        boolean parallel = (long) k * len >= PARALLEL_WORK;
        for (int j = 0; j < k; j++) {
            double[] col = w[j];
            double norm = 0;
            for (int i = j; i < len; i++) {
                norm += col[i] * col[i];
            }
            norm = Math.sqrt(norm);
            if (norm == 0) {
                continue;
            }
            double alpha = col[j] >= 0 ? -norm : norm;
            double[] v = new double[len - j];
            System.arraycopy(col, j, v, 0, v.length);
            v[0] -= alpha;
            // |v|^2 = 2 norm (norm + |x_0|); scale so that H = I - v v^T.
            double scale = 1 / Math.sqrt(norm * (norm + Math.abs(col[j])));
            for (int i = 0; i < v.length; i++) {
                v[i] *= scale;
            }
            refl[j] = v;
            col[j] = alpha;
            Arrays.fill(col, j + 1, len, 0);
            int from = j;
            IntStream rest = IntStream.range(j + 1, k);
            (parallel ? rest.parallel() : rest).forEach(c -> reflect(v, w[c], from));
        }
        return refl;
    }

    /** {@code x <- (I - v v^T) x} on the entries from {@code from}. */
    private static void reflect(double[] v, double[] x, int from) {
        double f = 0;
        for (int i = 0; i < v.length; i++) {
            f += v[i] * x[from + i];
        }
        for (int i = 0; i < v.length; i++) {
            x[from + i] -= f * v[i];
        }
    }

    /** {@code Q [y; 0]} for each {@code y} of length k, with {@code Q = H_0 H_1 ... H_(k-1)}. */
    private static double[][] applyQ(double[][] refl, double[][] ys, int len) {
        int k = refl.length;
        double[][] out = new double[ys.length][];
        IntStream all = IntStream.range(0, ys.length);
        ((long) k * len >= PARALLEL_WORK ? all.parallel() : all).forEach(r -> {
            double[] x = new double[len];
            System.arraycopy(ys[r], 0, x, 0, ys[r].length);
            for (int j = k - 1; j >= 0; j--) {
                if (refl[j] != null) {
                    reflect(refl[j], x, j);
                }
            }
            out[r] = x;
        });
        return out;
    }

    // ---- Jacobi sweeps --------------------------------------------------------------------------------

    private static void orthogonalize(double[][] w, double[][] acc, int len) {
        int k = w.length;
        if (k < 2) {
            return;
        }
        double tol = Math.sqrt(len) * Math.ulp(1.0);
        int players = k + (k & 1);
        int rounds = players - 1;
        boolean parallel = (long) k * len >= PARALLEL_WORK;
        int[] pairs = new int[players];
        boolean[] rotated = new boolean[players / 2];
        for (int sweep = 0; sweep < MAX_SWEEPS; sweep++) {
            boolean any = false;
            for (int round = 0; round < rounds; round++) {
                roundRobin(pairs, players, round);
                IntStream slots = IntStream.range(0, players / 2);
                (parallel ? slots.parallel() : slots).forEach(t -> {
                    int p = pairs[2 * t];
                    int q = pairs[2 * t + 1];
                    rotated[t] = p < k && q < k && rotate(w[p], w[q], acc[p], acc[q], len, tol);
                });
                for (boolean r : rotated) {
                    any |= r;
                }
            }
            if (!any) {
                return;
            }
        }
        throw new ArithmeticException("Svd: the Jacobi rotations did not converge in " + MAX_SWEEPS + " sweeps");
    }

    /** The pairs of one round of the circle method: player 0 stays, the others rotate by {@code round}. */
    private static void roundRobin(int[] pairs, int players, int round) {
        int m = players - 1;
        for (int t = 0; t < players / 2; t++) {
            int a = t == 0 ? 0 : 1 + (t - 1 + round) % m;
            int b = 1 + (m - 1 - t + round) % m;
            pairs[2 * t] = Math.min(a, b);
            pairs[2 * t + 1] = Math.max(a, b);
        }
    }

    /** Rotates the pair so that {@code x} and {@code y} become orthogonal; false when they already are. */
    private static boolean rotate(double[] x, double[] y, double[] ax, double[] ay, int len, double tol) {
        // Two partial sums per product shorten the dependency chains.
        double a0 = 0;
        double a1 = 0;
        double b0 = 0;
        double b1 = 0;
        double g0 = 0;
        double g1 = 0;
        int i = 0;
        for (; i + 1 < len; i += 2) {
            double x0 = x[i];
            double y0 = y[i];
            double x1 = x[i + 1];
            double y1 = y[i + 1];
            a0 += x0 * x0;
            b0 += y0 * y0;
            g0 += x0 * y0;
            a1 += x1 * x1;
            b1 += y1 * y1;
            g1 += x1 * y1;
        }
        if (i < len) {
            a0 += x[i] * x[i];
            b0 += y[i] * y[i];
            g0 += x[i] * y[i];
        }
        double alpha = a0 + a1;
        double beta = b0 + b1;
        double gamma = g0 + g1;
        if (alpha == 0 || beta == 0 || Math.abs(gamma) <= tol * Math.sqrt(alpha) * Math.sqrt(beta)) {
            return false;
        }
        double zeta = (beta - alpha) / (2 * gamma);
        double t = Math.copySign(1.0, zeta) / (Math.abs(zeta) + Math.hypot(1.0, zeta));
        double c = 1 / Math.sqrt(1 + t * t);
        double sn = c * t;
        for (int j = 0; j < len; j++) {
            double xi = x[j];
            double yi = y[j];
            x[j] = c * xi - sn * yi;
            y[j] = sn * xi + c * yi;
        }
        for (int j = 0; j < ax.length; j++) {
            double xi = ax[j];
            double yi = ay[j];
            ax[j] = c * xi - sn * yi;
            ay[j] = sn * xi + c * yi;
        }
        return true;
    }

    /**
     * Divides each vector by its norm; a vector of zero norm (or one too small to normalize) becomes a unit vector
     * orthogonal to all others, by Gram-Schmidt from the coordinate axis least covered by them, and its singular
     * value becomes 0.
     */
    private static void normalizeAndComplete(double[][] vecs, double[] sv, int len) {
        int k = vecs.length;
        boolean[] done = new boolean[k];
        for (int r = 0; r < k; r++) {
            double n = sv[r];
            if (n > 0 && Double.isFinite(1 / n)) {
                for (int i = 0; i < len; i++) {
                    vecs[r][i] /= n;
                }
                done[r] = true;
            } else {
                sv[r] = 0;
            }
        }
        // The squared projections of the coordinate axes onto the finished vectors, updated as vectors complete.
        double[] covered = null;
        for (int r = 0; r < k; r++) {
            if (done[r]) {
                continue;
            }
            if (covered == null) {
                covered = new double[len];
                for (int o = 0; o < k; o++) {
                    if (done[o]) {
                        for (int i = 0; i < len; i++) {
                            covered[i] += vecs[o][i] * vecs[o][i];
                        }
                    }
                }
            }
            // The axis with the smallest squared projection onto the finished vectors; as fewer than len vectors
            // are finished, its remainder is at least 1 - (k - 1) / len > 0.
            int axis = 0;
            for (int i = 1; i < len; i++) {
                if (covered[i] < covered[axis]) {
                    axis = i;
                }
            }
            double[] cand = new double[len];
            cand[axis] = 1;
            for (int pass = 0; pass < 2; pass++) {
                for (int o = 0; o < k; o++) {
                    if (done[o]) {
                        double d = dot(cand, vecs[o], len);
                        for (int i = 0; i < len; i++) {
                            cand[i] -= d * vecs[o][i];
                        }
                    }
                }
            }
            double n = Math.sqrt(dot(cand, cand, len));
            for (int i = 0; i < len; i++) {
                cand[i] /= n;
                covered[i] += cand[i] * cand[i];
            }
            vecs[r] = cand;
            done[r] = true;
        }
    }

    private static double dot(double[] x, double[] y, int len) {
        double sum = 0;
        for (int i = 0; i < len; i++) {
            sum += x[i] * y[i];
        }
        return sum;
    }
}
