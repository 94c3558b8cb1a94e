package dev.adjoint.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.adjoint.api.SolveOptions.Preconditioner;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * CG and BiCGStab on 2-D Poisson problems (Dirichlet and pure Neumann, matrix-free and CSR) against dense
 * direct solves, their implicit gradients against finite differences and the dense adjoint formulas, the
 * cost of the backward pass, and the failure modes. Float64 unless noted.
 */
class LinearSolveTest {
    private static final SolveOptions TIGHT = SolveOptions.defaults().withRtol(1e-13);

    // ---- problem fixtures ----------------------------------------------------------------------------------

    /**
     * The faces of an n x n cell grid in the flattened order of the face-coefficient tensors
     * {@code kx} (faces across axis 0) then {@code ky} (across axis 1). Each face is {@code {p, q}}: the flat
     * indices of the cells on either side, -1 for a Dirichlet ghost cell (value 0) outside the grid.
     * Dirichlet: kx is [n+1, n] and ky [n, n+1]; Neumann (no boundary faces): kx [n-1, n], ky [n, n-1].
     */
    private static List<int[]> faces(int n, boolean neumann) {
        List<int[]> out = new ArrayList<>();
        int lo = neumann ? 1 : 0;
        int hi = neumann ? n - 1 : n;
        for (int f = lo; f <= hi; f++) {
            for (int j = 0; j < n; j++) {
                out.add(new int[] {f == 0 ? -1 : (f - 1) * n + j, f == n ? -1 : f * n + j});
            }
        }
        for (int i = 0; i < n; i++) {
            for (int f = lo; f <= hi; f++) {
                out.add(new int[] {f == 0 ? -1 : i * n + f - 1, f == n ? -1 : i * n + f});
            }
        }
        return out;
    }

    /** The dense matrix of {@code -div(k grad x)} with face coefficients k (flattened kx then ky). */
    private static double[][] denseDiffusion(int n, boolean neumann, double[] k) {
        List<int[]> fs = faces(n, neumann);
        double[][] a = new double[n * n][n * n];
        for (int e = 0; e < fs.size(); e++) {
            int p = fs.get(e)[0];
            int q = fs.get(e)[1];
            if (p >= 0) {
                a[p][p] += k[e];
            }
            if (q >= 0) {
                a[q][q] += k[e];
            }
            if (p >= 0 && q >= 0) {
                a[p][q] -= k[e];
                a[q][p] -= k[e];
            }
        }
        return a;
    }

    /** The same matrix as CSR, assembled from per-face triplets (so duplicates on the diagonal are summed). */
    private static CsrMatrix csrDiffusion(int n, boolean neumann, double[] k, DType dtype) {
        List<int[]> fs = faces(n, neumann);
        List<int[]> at = new ArrayList<>();
        List<Double> val = new ArrayList<>();
        for (int e = 0; e < fs.size(); e++) {
            int p = fs.get(e)[0];
            int q = fs.get(e)[1];
            for (int[] pq : new int[][] {{p, p}, {q, q}}) {
                if (pq[0] >= 0) {
                    at.add(pq);
                    val.add(k[e]);
                }
            }
            if (p >= 0 && q >= 0) {
                at.add(new int[] {p, q});
                val.add(-k[e]);
                at.add(new int[] {q, p});
                val.add(-k[e]);
            }
        }
        int[] r = new int[at.size()];
        int[] c = new int[at.size()];
        double[] v = new double[at.size()];
        for (int i = 0; i < r.length; i++) {
            r[i] = at.get(i)[0];
            c[i] = at.get(i)[1];
            v[i] = val.get(i);
        }
        return CsrMatrix.fromTriplets(n * n, n * n, r, c, v, dtype);
    }

    private static double[] ones(int n, boolean neumann) {
        double[] k = new double[faces(n, neumann).size()];
        java.util.Arrays.fill(k, 1);
        return k;
    }

    /**
     * The matrix-free {@code -div(k grad x)} on an [n, n] grid with params {kx, ky}: differences by slicing
     * (zero-padded for Dirichlet), fluxes times k, and the divergence of the fluxes (zero boundary flux for
     * Neumann).
     */
    private static LinearOperator diffusionOperator(boolean neumann) {
        return (x, k) -> minusDivergence(x, k[0], 0, neumann).add(minusDivergence(x, k[1], 1, neumann));
    }

    private static Tensor minusDivergence(Tensor x, Tensor k, int axis, boolean neumann) {
        int n = x.dim(axis);
        int[] lo = new int[2];
        int[] hi = new int[2];
        lo[axis] = 1;
        hi[axis] = 1;
        Tensor u = neumann ? x : x.pad(lo, hi, PadMode.CONSTANT);
        int m = u.dim(axis);
        Tensor flux = u.slice(axis, 1, m).sub(u.slice(axis, 0, m - 1)).mul(k);
        if (neumann) {
            flux = flux.pad(lo, hi, PadMode.CONSTANT);
        }
        return flux.slice(axis, 0, n).sub(flux.slice(axis, 1, n + 1));
    }

    /** The constant-coefficient Dirichlet Laplacian (negated) by shifts: 4x minus the four neighbours. */
    private static final LinearOperator SHIFT_LAPLACIAN = (x, p) -> x.mul(4)
            .sub(x.shift(0, 1, PadMode.CONSTANT)).sub(x.shift(0, -1, PadMode.CONSTANT))
            .sub(x.shift(1, 1, PadMode.CONSTANT)).sub(x.shift(1, -1, PadMode.CONSTANT));

    /** Splits flattened face coefficients into the kx and ky tensors of {@link #diffusionOperator}. */
    private static Tensor[] faceTensors(int n, boolean neumann, double[] k) {
        int f = neumann ? n - 1 : n + 1;
        double[] kx = java.util.Arrays.copyOfRange(k, 0, f * n);
        double[] ky = java.util.Arrays.copyOfRange(k, f * n, 2 * f * n);
        return new Tensor[] {Tensor.of(kx, f, n), Tensor.of(ky, n, f)};
    }

    private static double[] random(SplittableRandom rng, int size, double lo, double hi) {
        double[] v = new double[size];
        for (int i = 0; i < size; i++) {
            v[i] = rng.nextDouble(lo, hi);
        }
        return v;
    }

    // ---- dense reference solvers -------------------------------------------------------------------------

    /** Gaussian elimination with partial pivoting. */
    private static double[] gauss(double[][] a, double[] b) {
        int n = b.length;
        double[][] m = new double[n][];
        for (int i = 0; i < n; i++) {
            m[i] = java.util.Arrays.copyOf(a[i], n + 1);
            m[i][n] = b[i];
        }
        for (int c = 0; c < n; c++) {
            int piv = c;
            for (int i = c + 1; i < n; i++) {
                if (Math.abs(m[i][c]) > Math.abs(m[piv][c])) {
                    piv = i;
                }
            }
            double[] t = m[c];
            m[c] = m[piv];
            m[piv] = t;
            for (int i = c + 1; i < n; i++) {
                double f = m[i][c] / m[c][c];
                for (int j = c; j <= n; j++) {
                    m[i][j] -= f * m[c][j];
                }
            }
        }
        double[] x = new double[n];
        for (int i = n - 1; i >= 0; i--) {
            double s = m[i][n];
            for (int j = i + 1; j < n; j++) {
                s -= m[i][j] * x[j];
            }
            x[i] = s / m[i][i];
        }
        return x;
    }

    /**
     * The minimum-norm least-squares solution of a symmetric system whose null space is the constant vector:
     * the solution of the bordered system {@code [A 1; 1^T 0] [x; mu] = [P b; 0]} with P b = b - mean(b).
     */
    private static double[] minNorm(double[][] a, double[] b) {
        int n = b.length;
        double[][] m = new double[n + 1][n + 1];
        double[] rhs = new double[n + 1];
        double mean = 0;
        for (double v : b) {
            mean += v / n;
        }
        for (int i = 0; i < n; i++) {
            System.arraycopy(a[i], 0, m[i], 0, n);
            m[i][n] = 1;
            m[n][i] = 1;
            rhs[i] = b[i] - mean;
        }
        return java.util.Arrays.copyOf(gauss(m, rhs), n);
    }

    private static double[][] transpose(double[][] a) {
        double[][] t = new double[a[0].length][a.length];
        for (int i = 0; i < a.length; i++) {
            for (int j = 0; j < a[0].length; j++) {
                t[j][i] = a[i][j];
            }
        }
        return t;
    }

    private static void assertClose(double[] actual, double[] expected, double tol, String what) {
        assertThat(actual).as(what).hasSameSizeAs(expected);
        double scale = 0;
        for (double e : expected) {
            scale = Math.max(scale, Math.abs(e));
        }
        for (int i = 0; i < actual.length; i++) {
            assertThat(Math.abs(actual[i] - expected[i]))
                    .as("%s: element %d is %s, expected %s", what, i, actual[i], expected[i])
                    .isLessThanOrEqualTo(tol * Math.max(1, scale));
        }
    }

    private static double dot(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += a[i] * b[i];
        }
        return s;
    }

    // ---- forward: Dirichlet --------------------------------------------------------------------------------

    @Test
    void csrDirichletPoissonAgreesWithADirectSolveForEveryMethodAndPreconditioner() {
        int n = 10;
        double[] k = ones(n, false);
        CsrMatrix a = csrDiffusion(n, false, k, DType.FLOAT64);
        double[] b = random(new SplittableRandom(1), n * n, -1, 1);
        double[] expected = gauss(denseDiffusion(n, false, k), b);
        for (Preconditioner pc : Preconditioner.values()) {
            SolveOptions o = TIGHT.withPreconditioner(pc);
            assertClose(LinearSolve.cg(a, Tensor.of(b), o).toDoubleArray(), expected, 1e-8, "cg " + pc);
            assertClose(LinearSolve.bicgstab(a, Tensor.of(b), o).toDoubleArray(), expected, 1e-8, "bicgstab " + pc);
        }
    }

    @Test
    void matrixFreeDirichletPoissonAgreesWithADirectSolve() {
        int n = 9;
        double[] k = random(new SplittableRandom(2), faces(n, false).size(), 0.5, 2);
        Tensor[] kt = faceTensors(n, false, k);
        double[] b = random(new SplittableRandom(3), n * n, -1, 1);
        double[] expected = gauss(denseDiffusion(n, false, k), b);
        Tensor bt = Tensor.of(b, n, n);
        // Diagonal of -div(k grad): the sum of the four face coefficients around each cell.
        Tensor diag = kt[0].slice(0, 0, n).add(kt[0].slice(0, 1, n + 1)).add(kt[1].slice(1, 0, n))
                .add(kt[1].slice(1, 1, n + 1));
        LinearOperator op = diffusionOperator(false);
        for (SolveOptions o : new SolveOptions[] {TIGHT, TIGHT.jacobi(diag)}) {
            Tensor x = LinearSolve.cg(op, kt, bt, o);
            assertThat(x.shape()).isEqualTo(Shape.of(n, n));
            assertClose(x.toDoubleArray(), expected, 1e-8, "cg " + o.preconditioner());
            assertClose(LinearSolve.bicgstab(op, kt, bt, o).toDoubleArray(), expected, 1e-8,
                    "bicgstab " + o.preconditioner());
        }
        double[] unit = gauss(denseDiffusion(n, false, ones(n, false)), b);
        assertClose(LinearSolve.cg(SHIFT_LAPLACIAN, new Tensor[0], bt, TIGHT).toDoubleArray(), unit, 1e-8,
                "shift laplacian");
        assertClose(LinearSolve.cg(SHIFT_LAPLACIAN, new Tensor[0], bt, TIGHT.jacobi(bt.fullLike(4))).toDoubleArray(),
                unit, 1e-8, "shift laplacian, jacobi");
    }

    /** Convection-diffusion: the Dirichlet Laplacian plus {@code p[0]} times an upwind difference along axis 1. */
    private static final LinearOperator CONVECTION = (x, p) -> SHIFT_LAPLACIAN.apply(x, p)
            .add(x.sub(x.shift(1, 1, PadMode.CONSTANT)).mul(p[0]));

    /** The dense upwind difference along axis 1 of an n x n grid: {@code (D x)_ij = x_ij - x_i(j-1)}. */
    private static double[][] denseUpwind(int n) {
        double[][] d = new double[n * n][n * n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                d[i * n + j][i * n + j] = 1;
                if (j > 0) {
                    d[i * n + j][i * n + j - 1] = -1;
                }
            }
        }
        return d;
    }

    private static double[][] denseConvection(int n, double c) {
        double[][] dense = denseDiffusion(n, false, ones(n, false));
        double[][] d = denseUpwind(n);
        for (int i = 0; i < n * n; i++) {
            for (int j = 0; j < n * n; j++) {
                dense[i][j] += c * d[i][j];
            }
        }
        return dense;
    }

    private static double[] times(double[][] a, double[] x) {
        double[] y = new double[a.length];
        for (int i = 0; i < a.length; i++) {
            y[i] = dot(a[i], x);
        }
        return y;
    }

    @Test
    void bicgstabSolvesANonsymmetricSystem() {
        int n = 8;
        LinearOperator op = CONVECTION;
        double c = 1.5;
        double[][] dense = denseConvection(n, c);
        List<Integer> rows = new ArrayList<>();
        List<Integer> cols = new ArrayList<>();
        List<Double> vals = new ArrayList<>();
        for (int i = 0; i < n * n; i++) {
            for (int j = 0; j < n * n; j++) {
                if (dense[i][j] != 0) {
                    rows.add(i);
                    cols.add(j);
                    vals.add(dense[i][j]);
                }
            }
        }
        CsrMatrix a = CsrMatrix.fromTriplets(n * n, n * n, rows.stream().mapToInt(Integer::intValue).toArray(),
                cols.stream().mapToInt(Integer::intValue).toArray(),
                vals.stream().mapToDouble(Double::doubleValue).toArray(), DType.FLOAT64);
        double[] b = random(new SplittableRandom(4), n * n, -1, 1);
        double[] expected = gauss(dense, b);
        Tensor[] p = {Tensor.scalar(c, DType.FLOAT64)};
        assertClose(LinearSolve.bicgstab(op, p, Tensor.of(b, n, n), TIGHT).toDoubleArray(), expected, 1e-8,
                "matrix-free");
        for (Preconditioner pc : Preconditioner.values()) {
            assertClose(LinearSolve.bicgstab(a, Tensor.of(b), TIGHT.withPreconditioner(pc)).toDoubleArray(),
                    expected, 1e-8, "csr " + pc);
        }
    }

    @Test
    void float32SolvesMeetTheDefaultTolerance() {
        int n = 8;
        CsrMatrix a = csrDiffusion(n, false, ones(n, false), DType.FLOAT32);
        double[] b = random(new SplittableRandom(5), n * n, -1, 1);
        double[] expected = gauss(denseDiffusion(n, false, ones(n, false)), b);
        Tensor bf = Tensor.of(b).cast(DType.FLOAT32);
        for (Preconditioner pc : Preconditioner.values()) {
            SolveOptions o = SolveOptions.defaults().withPreconditioner(pc);
            Tensor x = LinearSolve.cg(a, bf, o);
            assertThat(x.dtype()).isEqualTo(DType.FLOAT32);
            assertClose(x.toDoubleArray(), expected, 2e-4, "cg float32 " + pc);
            assertClose(LinearSolve.bicgstab(a, bf, o).toDoubleArray(), expected, 2e-4, "bicgstab float32 " + pc);
        }
        Tensor x = LinearSolve.cg(SHIFT_LAPLACIAN, new Tensor[0], bf.reshape(n, n));
        assertClose(x.toDoubleArray(), expected, 2e-4, "matrix-free float32");
    }

    @Test
    void aZeroRightHandSideGivesZeroWithoutIterating() {
        int[] calls = new int[1];
        LinearOperator counted = (x, p) -> {
            calls[0]++;
            return SHIFT_LAPLACIAN.apply(x, p);
        };
        Tensor x = LinearSolve.bicgstab(counted, new Tensor[0], Tensor.zeros(DType.FLOAT64, 3, 3));
        assertThat(x.toDoubleArray()).containsOnly(0.0);
        assertThat(calls[0]).isZero();
    }

    // ---- preconditioners ------------------------------------------------------------------------------------

    @Test
    void ilu0OfATridiagonalMatrixIsItsExactLuInBothOrientations() {
        // A = [[4, 1, 0], [2, 5, 1], [0, 3, 6]]: ILU(0) has no fill-in to drop, so it solves exactly.
        CsrMatrix a = CsrMatrix.fromTriplets(3, 3, new int[] {0, 0, 1, 1, 1, 2, 2}, new int[] {0, 1, 0, 1, 2, 1, 2},
                new double[] {4, 1, 2, 5, 1, 3, 6}, DType.FLOAT64);
        Ilu0 f = Ilu0.factor(a, a.values().toDoubleArray());
        double[][] dense = {{4, 1, 0}, {2, 5, 1}, {0, 3, 6}};
        double[] r = {1, -2, 3};
        assertClose(f.solve(r), gauss(dense, r), 1e-14, "(LU)^-1 r");
        assertClose(f.solveTransposed(r), gauss(transpose(dense), r), 1e-14, "(LU)^-T r");
        // An exact preconditioner: right-preconditioned BiCGStab converges in one iteration.
        Tensor x = LinearSolve.bicgstab(a, Tensor.of(r), TIGHT.withPreconditioner(Preconditioner.ILU0)
                .withMaxIterations(1));
        assertClose(x.toDoubleArray(), gauss(dense, r), 1e-12, "bicgstab + exact ILU");
    }

    @Test
    void ilu0DropsFillInOutsideThePattern() {
        // A = [[4, -1, -1], [-1, 4, 0], [-1, 0, 4]]: exact LU would fill (1,2) and (2,1); ILU(0) keeps zero there.
        // By hand: L = [[1], [-1/4, 1], [-1/4, 0, 1]], U = [[4, -1, -1], [0, 15/4, 0], [0, 0, 15/4]], so
        // L U = [[4, -1, -1], [-1, 4, 1/4], [-1, 1/4, 4]]: A plus the dropped fill-in 1/4 at (1,2) and (2,1).
        CsrMatrix a = CsrMatrix.fromTriplets(3, 3, new int[] {0, 0, 0, 1, 1, 2, 2}, new int[] {0, 1, 2, 0, 1, 0, 2},
                new double[] {4, -1, -1, -1, 4, -1, 4}, DType.FLOAT64);
        Ilu0 f = Ilu0.factor(a, a.values().toDoubleArray());
        double[][] lu = {{4, -1, -1}, {-1, 4, 0.25}, {-1, 0.25, 4}};
        double[] r = {1, 2, 3};
        assertClose(f.solve(r), gauss(lu, r), 1e-14, "(LU)^-1 r");
        assertClose(f.solveTransposed(r), gauss(transpose(lu), r), 1e-14, "(LU)^-T r");
    }

    @Test
    void preconditionersReduceTheResidualFaster() {
        int n = 10;
        // Strongly varying diffusivity: Jacobi rescales the rows, ILU(0) also captures the coupling.
        double[] k = random(new SplittableRandom(20), faces(n, false).size(), 0, 1);
        for (int e = 0; e < k.length; e++) {
            k[e] = Math.pow(10, 3 * k[e]);
        }
        CsrMatrix a = csrDiffusion(n, false, k, DType.FLOAT64);
        Tensor b = Tensor.of(random(new SplittableRandom(21), n * n, -1, 1));
        for (String method : new String[] {"cg", "bicgstab"}) {
            double[] after = new double[3];
            for (Preconditioner pc : Preconditioner.values()) {
                SolveOptions o = TIGHT.withPreconditioner(pc).withMaxIterations(8);
                SolveException e = catchThrowableOfType(SolveException.class, () -> {
                    if (method.equals("cg")) {
                        LinearSolve.cg(a, b, o);
                    } else {
                        LinearSolve.bicgstab(a, b, o);
                    }
                });
                after[pc.ordinal()] = e.finalResidual();
            }
            assertThat(after[1]).as(method + ": Jacobi vs none").isLessThan(after[0]);
            assertThat(after[2]).as(method + ": ILU(0) vs Jacobi").isLessThan(after[1]);
        }
    }

    @Test
    void jacobiMakesADiagonalSystemConvergeInOneIteration() {
        Tensor d = Tensor.of(new double[] {2, 5, 10, 0.5});
        LinearOperator diag = (x, p) -> x.mul(p[0]);
        Tensor b = Tensor.of(new double[] {1, 2, 3, 4});
        SolveOptions o = TIGHT.jacobi(d).withMaxIterations(1);
        assertThat(LinearSolve.cg(diag, new Tensor[] {d}, b, o).toDoubleArray())
                .containsExactly(0.5, 0.4, 0.3, 8);
        assertThat(LinearSolve.bicgstab(diag, new Tensor[] {d}, b, o).toDoubleArray())
                .containsExactly(0.5, 0.4, 0.3, 8);
        assertThatThrownBy(() -> LinearSolve.cg(diag, new Tensor[] {d}, b, TIGHT.withMaxIterations(1)))
                .isInstanceOf(SolveException.class);
    }

    // ---- forward: pure Neumann ---------------------------------------------------------------------------

    @Test
    void neumannPoissonWithNullSpaceRemovalGivesTheMinimumNormSolution() {
        int n = 8;
        double[] k = random(new SplittableRandom(6), faces(n, true).size(), 0.5, 2);
        double[][] dense = denseDiffusion(n, true, k);
        CsrMatrix a = csrDiffusion(n, true, k, DType.FLOAT64);
        Tensor[] kt = faceTensors(n, true, k);
        // b is not consistent (nonzero mean): the solve uses its projection, as does the reference.
        double[] b = random(new SplittableRandom(7), n * n, -1, 1);
        b[0] += 3;
        double[] expected = minNorm(dense, b);
        SolveOptions o = TIGHT.withRemoveNullSpace(true);
        for (Preconditioner pc : Preconditioner.values()) {
            SolveOptions op = o.withPreconditioner(pc);
            assertClose(LinearSolve.cg(a, Tensor.of(b), op).toDoubleArray(), expected, 1e-8, "csr cg " + pc);
            assertClose(LinearSolve.bicgstab(a, Tensor.of(b), op).toDoubleArray(), expected, 1e-8,
                    "csr bicgstab " + pc);
        }
        Tensor x = LinearSolve.cg(diffusionOperator(true), kt, Tensor.of(b, n, n), o);
        assertClose(x.toDoubleArray(), expected, 1e-8, "matrix-free cg");
        assertThat(Math.abs(x.mean().item())).isLessThan(1e-14);
        assertClose(LinearSolve.bicgstab(diffusionOperator(true), kt, Tensor.of(b, n, n), o).toDoubleArray(),
                expected, 1e-8, "matrix-free bicgstab");
    }

    /**
     * Without null-space removal, CG from x = 0 on a consistent (mean-zero) right-hand side stays in the range
     * of A and converges, to the minimum-norm solution up to round-off (a constant offset of ~0). On an
     * inconsistent one the residual cannot fall below the norm of b's mean component: the iterates grow along
     * the null space until p.Ap turns non-positive and CG reports a breakdown (here after a few dozen
     * iterations, with a residual many orders above b's).
     */
    @Test
    void neumannPoissonWithoutNullSpaceRemoval() {
        int n = 8;
        double[] k = ones(n, true);
        double[][] dense = denseDiffusion(n, true, k);
        CsrMatrix a = csrDiffusion(n, true, k, DType.FLOAT64);
        double[] b = random(new SplittableRandom(8), n * n, -1, 1);
        double mean = 0;
        for (double v : b) {
            mean += v / b.length;
        }
        double[] consistent = b.clone();
        for (int i = 0; i < b.length; i++) {
            consistent[i] -= mean;
        }
        double[] x = LinearSolve.cg(a, Tensor.of(consistent), TIGHT.withRtol(1e-12)).toDoubleArray();
        double[] ref = minNorm(dense, consistent);
        double offset = x[0] - ref[0];
        for (int i = 0; i < x.length; i++) {
            assertThat(Math.abs(x[i] - ref[i] - offset)).isLessThan(1e-8);
        }
        assertThat(Math.abs(offset)).isLessThan(1e-8);

        b[0] += 1;
        SolveException e = catchThrowableOfType(SolveException.class,
                () -> LinearSolve.cg(a, Tensor.of(b), TIGHT.withMaxIterations(200)));
        assertThat(e).isNotNull();
        // The mean component of b, sqrt(size) * |mean|, is a floor the residual never goes below.
        double floor = Math.sqrt(b.length) * Math.abs(mean + 1.0 / b.length);
        for (double r : e.residualHistory()) {
            assertThat(r).isGreaterThan(0.99 * floor);
        }
        assertThat(e.finalResidual()).isGreaterThan(1e3 * e.residualHistory()[0]);
        assertThat(e.getMessage()).contains("cg broke down").contains("p.Ap");
    }

    // ---- implicit gradients --------------------------------------------------------------------------------

    /** Central differences of {@code loss} at {@code v} along {@code dir}, step 1e-6. */
    private static double centralDifference(Function<double[], Double> loss, double[] v, double[] dir) {
        double h = 1e-6;
        double[] plus = v.clone();
        double[] minus = v.clone();
        for (int i = 0; i < v.length; i++) {
            plus[i] += h * dir[i];
            minus[i] -= h * dir[i];
        }
        return (loss.apply(plus) - loss.apply(minus)) / (2 * h);
    }

    private static void assertGradientMatchesDifferences(Function<double[], Double> loss, double[] at,
            double[] grad, int[] elements, int directions, long seed, String what) {
        SplittableRandom rng = new SplittableRandom(seed);
        List<double[]> dirs = new ArrayList<>();
        for (int e : elements) {
            double[] d = new double[at.length];
            d[e] = 1;
            dirs.add(d);
        }
        for (int r = 0; r < directions; r++) {
            dirs.add(random(rng, at.length, -1, 1));
        }
        for (double[] d : dirs) {
            double fd = centralDifference(loss, at, d);
            double an = dot(grad, d);
            assertThat(Math.abs(fd - an)).as("%s: analytic %s vs central difference %s", what, an, fd)
                    .isLessThanOrEqualTo(1e-5 * Math.max(Math.abs(fd), Math.abs(an)) + 1e-9);
        }
    }

    private interface CsrSolver {
        Tensor solve(CsrMatrix a, Tensor b, SolveOptions o);
    }

    @Test
    void csrGradientsMatchTheDenseAdjointAndFiniteDifferences() {
        int n = 6;
        int size = n * n;
        SplittableRandom rng = new SplittableRandom(9);
        double[] k = random(rng, faces(n, false).size(), 0.5, 2);
        CsrMatrix pattern = csrDiffusion(n, false, k, DType.FLOAT64);
        // Make the matrix nonsymmetric so that A^T matters for BiCGStab: scale the values per row.
        double[] values = pattern.values().toDoubleArray();
        int[] rowOf = pattern.rowIndices().toIntArray();
        int[] colOf = pattern.columns().toIntArray();
        double[] b = random(rng, size, -1, 1);
        double[] w = random(rng, size, -1, 1);
        for (boolean symmetric : new boolean[] {true, false}) {
            double[] v = values.clone();
            if (!symmetric) {
                for (int e = 0; e < v.length; e++) {
                    v[e] *= 1 + 0.3 * Math.sin(rowOf[e] + 2.0 * colOf[e]);
                }
            }
            double[][] dense = new double[size][size];
            for (int e = 0; e < v.length; e++) {
                dense[rowOf[e]][colOf[e]] = v[e];
            }
            double[] x = gauss(dense, b);
            double[] lambda = gauss(transpose(dense), w);
            double[] gradValues = new double[v.length];
            for (int e = 0; e < v.length; e++) {
                gradValues[e] = -lambda[rowOf[e]] * x[colOf[e]];
            }
            CsrSolver[] solvers = symmetric
                    ? new CsrSolver[] {LinearSolve::cg, LinearSolve::bicgstab}
                    : new CsrSolver[] {LinearSolve::bicgstab};
            for (CsrSolver s : solvers) {
                for (Preconditioner pc : Preconditioner.values()) {
                    SolveOptions o = TIGHT.withRtol(1e-14).withPreconditioner(pc);
                    CsrMatrix a = pattern.withValues(Tensor.of(v));
                    String what = (symmetric ? "symmetric " : "nonsymmetric ") + pc;
                    Tensor gb = Autodiff.vjp(bb -> s.solve(a, bb, o), Tensor.of(b), Tensor.of(w));
                    Tensor gv = Autodiff.vjp(vv -> s.solve(pattern.withValues(vv), Tensor.of(b), o), Tensor.of(v),
                            Tensor.of(w));
                    assertClose(gb.toDoubleArray(), lambda, 1e-9, "grad b, " + what);
                    assertClose(gv.toDoubleArray(), gradValues, 1e-9, "grad values, " + what);
                    if (pc == Preconditioner.NONE) {
                        Function<double[], Double> lossB = bb -> dot(w, s.solve(a, Tensor.of(bb), o).toDoubleArray());
                        Function<double[], Double> lossV = vv -> dot(w,
                                s.solve(pattern.withValues(Tensor.of(vv)), Tensor.of(b), o).toDoubleArray());
                        assertGradientMatchesDifferences(lossB, b, gb.toDoubleArray(), new int[] {0, 7, 20}, 3, 1,
                                "grad b, " + what);
                        assertGradientMatchesDifferences(lossV, v, gv.toDoubleArray(), new int[] {0, 5, 33, 90}, 3, 2,
                                "grad values, " + what);
                    }
                }
            }
        }
    }

    @Test
    void matrixFreeBicgstabGetsTheTransposeFromTheOperatorsVjp() {
        // Nonsymmetric convection-diffusion: grad b = A^-T w and grad c = -lambda^T D x.
        int n = 6;
        double c = 2.0;
        double[][] dense = denseConvection(n, c);
        SplittableRandom rng = new SplittableRandom(22);
        double[] b = random(rng, n * n, -1, 1);
        double[] w = random(rng, n * n, -1, 1);
        double[] x = gauss(dense, b);
        double[] lambda = gauss(transpose(dense), w);
        double gradC = -dot(lambda, times(denseUpwind(n), x));
        SolveOptions o = TIGHT.withRtol(1e-14);
        Tensor bt = Tensor.of(b, n, n);
        Tensor wt = Tensor.of(w, n, n);
        Tensor cs = Tensor.scalar(c, DType.FLOAT64);
        Tensor gb = Autodiff.vjp(bb -> LinearSolve.bicgstab(CONVECTION, new Tensor[] {cs}, bb, o), bt, wt);
        assertClose(gb.toDoubleArray(), lambda, 1e-9, "grad b");
        Tensor gc = Autodiff.vjp(cc -> LinearSolve.bicgstab(CONVECTION, new Tensor[] {cc}, bt, o), cs, wt);
        assertThat(gc.shape()).isEqualTo(Shape.scalar());
        assertClose(new double[] {gc.item()}, new double[] {gradC}, 1e-9, "grad c");
        assertGradientMatchesDifferences(cc -> dot(w, LinearSolve.bicgstab(CONVECTION,
                new Tensor[] {Tensor.scalar(cc[0], DType.FLOAT64)}, bt, o).toDoubleArray()), new double[] {c},
                new double[] {gc.item()}, new int[] {0}, 0, 5, "grad c");
    }

    @Test
    void neumannGradientWithRespectToBIsTheProjectedAdjoint() {
        int n = 6;
        double[] k = random(new SplittableRandom(10), faces(n, true).size(), 0.5, 2);
        double[][] dense = denseDiffusion(n, true, k);
        CsrMatrix a = csrDiffusion(n, true, k, DType.FLOAT64);
        double[] b = random(new SplittableRandom(11), n * n, -1, 1);
        double[] w = random(new SplittableRandom(12), n * n, -1, 1);
        SolveOptions o = TIGHT.withRemoveNullSpace(true);
        // x = P A^+ P b is linear in b; its gradient is P A^+ P w, the minimum-norm solution for w.
        double[] expected = minNorm(dense, w);
        for (CsrSolver s : new CsrSolver[] {LinearSolve::cg, LinearSolve::bicgstab}) {
            Tensor g = Autodiff.vjp(bb -> s.solve(a, bb, o), Tensor.of(b), Tensor.of(w));
            assertClose(g.toDoubleArray(), expected, 1e-9, "grad b");
            assertGradientMatchesDifferences(bb -> dot(w, s.solve(a, Tensor.of(bb), o).toDoubleArray()), b,
                    g.toDoubleArray(), new int[] {0, 35}, 3, 3, "neumann grad b");
        }
    }

    /**
     * Gradients with respect to the face diffusivities of the matrix-free operator (they pass through the
     * operator's ops' own VJP rules), for Dirichlet and pure-Neumann problems: the dense formula
     * {@code d loss / d k_e = -(lambda_p - lambda_q)(x_p - x_q)} and central differences.
     */
    @Test
    void matrixFreeDiffusivityGradientsMatchTheDenseAdjointAndFiniteDifferences() {
        int n = 6;
        for (boolean neumann : new boolean[] {false, true}) {
            SplittableRandom rng = new SplittableRandom(neumann ? 13 : 14);
            List<int[]> fs = faces(n, neumann);
            double[] k = random(rng, fs.size(), 0.5, 2);
            double[] b = random(rng, n * n, -1, 1);
            double[] w = random(rng, n * n, -1, 1);
            double[][] dense = denseDiffusion(n, neumann, k);
            double[] x = neumann ? minNorm(dense, b) : gauss(dense, b);
            double[] lambda = neumann ? minNorm(dense, w) : gauss(dense, w);
            double[] expected = new double[k.length];
            for (int e = 0; e < k.length; e++) {
                int p = fs.get(e)[0];
                int q = fs.get(e)[1];
                double dl = (p >= 0 ? lambda[p] : 0) - (q >= 0 ? lambda[q] : 0);
                double dx = (p >= 0 ? x[p] : 0) - (q >= 0 ? x[q] : 0);
                expected[e] = -dl * dx;
            }
            SolveOptions o = TIGHT.withRtol(1e-14).withRemoveNullSpace(neumann);
            LinearOperator op = diffusionOperator(neumann);
            int f = neumann ? n - 1 : n + 1;
            Tensor wt = Tensor.of(w, n, n);
            Tensor bt = Tensor.of(b, n, n);
            for (String method : new String[] {"cg", "bicgstab"}) {
                Function<Tensor[], Tensor> solve = kt -> method.equals("cg")
                        ? LinearSolve.cg(op, kt, bt, o) : LinearSolve.bicgstab(op, kt, bt, o);
                List<Tensor> g = Autodiff.grad(ks -> solve.apply(ks.toArray(Tensor[]::new)).mul(wt).sum(),
                        List.of(faceTensors(n, neumann, k)));
                double[] gk = new double[k.length];
                System.arraycopy(g.get(0).toDoubleArray(), 0, gk, 0, f * n);
                System.arraycopy(g.get(1).toDoubleArray(), 0, gk, f * n, f * n);
                String what = method + (neumann ? " neumann" : " dirichlet");
                assertClose(gk, expected, 1e-9, "grad k, " + what);
                assertGradientMatchesDifferences(kk -> dot(w, solve.apply(faceTensors(n, neumann, kk)).toDoubleArray()),
                        k, gk, new int[] {0, 11, k.length - 1}, 3, 4, "grad k, " + what);
                Tensor gb = Autodiff.vjp(bb -> method.equals("cg") ? LinearSolve.cg(op, faceTensors(n, neumann, k),
                        bb, o) : LinearSolve.bicgstab(op, faceTensors(n, neumann, k), bb, o), bt, wt);
                assertClose(gb.toDoubleArray(), lambda, 1e-9, "grad b, " + what);
            }
        }
    }

    @Test
    void secondDerivativesFlowThroughTheAdjointSolve() {
        // f(b) = 0.5 ||A^-1 b||^2 has gradient A^-2 b (A symmetric) and Hessian A^-2: H v = A^-1 A^-1 v.
        int n = 5;
        CsrMatrix a = csrDiffusion(n, false, ones(n, false), DType.FLOAT64);
        double[][] dense = denseDiffusion(n, false, ones(n, false));
        double[] b = random(new SplittableRandom(15), n * n, -1, 1);
        double[] v = random(new SplittableRandom(16), n * n, -1, 1);
        Tensor vt = Tensor.of(v);
        Tensor hv = Autodiff.grad(bb -> Autodiff.grad(b2 -> LinearSolve.cg(a, b2, TIGHT).square().sum().mul(0.5), bb)
                .mul(vt).sum(), Tensor.of(b));
        assertClose(hv.toDoubleArray(), gauss(dense, gauss(dense, v)), 1e-9, "Hessian-vector product");
    }

    // ---- the backward pass does not unroll -------------------------------------------------------------------

    /** Counts applications of an operator. */
    private static final class Counting implements LinearOperator {
        final LinearOperator inner;
        int calls;

        Counting(LinearOperator inner) {
            this.inner = inner;
        }

        @Override
        public Tensor apply(Tensor x, Tensor[] params) {
            calls++;
            return inner.apply(x, params);
        }
    }

    @Test
    void theBackwardPassCostsOneAdjointSolveAndTheGraphIsOneNode() {
        int n = 10;
        SplittableRandom rng = new SplittableRandom(17);
        Tensor[] k = faceTensors(n, false, random(rng, faces(n, false).size(), 0.5, 2));
        Tensor b = Tensor.of(random(rng, n * n, -1, 1), n, n);
        Tensor w = Tensor.of(random(rng, n * n, -1, 1), n, n);
        Counting op = new Counting(diffusionOperator(false));
        SolveOptions o = SolveOptions.defaults();

        LinearSolve.cg(op, k, w, o);
        int adjointSolve = op.calls;
        op.calls = 0;
        LinearSolve.cg(op, k, b, o);
        int forwardSolve = op.calls;
        assertThat(adjointSolve).isGreaterThan(10);

        op.calls = 0;
        Tensor gb = Autodiff.vjp(bb -> LinearSolve.cg(op, k, bb, o), b, w);
        assertThat(op.calls - forwardSolve).as("applications in the backward pass, grad b only")
                .isBetween(1, adjointSolve + 2);
        assertThat(gb.shape()).isEqualTo(Shape.of(n, n));

        Tensor tb = Autodiff.track(b);
        Tensor[] tk = {Autodiff.track(k[0]), Autodiff.track(k[1])};
        Tensor x = LinearSolve.cg(op, tk, tb, o);
        Autodiff.GraphStats stats = Autodiff.graphStats(x);
        assertThat(stats.nodes()).as("the solve node and its three leaves").isEqualTo(4);
        assertThat(stats.storedTensors()).isEqualTo(3);

        op.calls = 0;
        Tensor[] g = Autodiff.gradients(x, w, false, tb, tk[0], tk[1]);
        assertThat(op.calls).as("applications in the backward pass, grad b and k")
                .isBetween(adjointSolve, adjointSolve + 4);
        assertThat(g[1].shape()).isEqualTo(k[0].shape());
    }

    @Test
    void theBicgstabBackwardPassIsOneAdjointSolveToo() {
        int n = 8;
        SplittableRandom rng = new SplittableRandom(18);
        Tensor[] k = faceTensors(n, false, random(rng, faces(n, false).size(), 0.5, 2));
        Tensor b = Tensor.of(random(rng, n * n, -1, 1), n, n);
        Tensor w = Tensor.of(random(rng, n * n, -1, 1), n, n);
        Counting op = new Counting(diffusionOperator(false));
        SolveOptions o = SolveOptions.defaults();
        // The operator is symmetric, so A^T = A and the adjoint solve costs what a forward solve of w costs.
        LinearSolve.bicgstab(op, k, w, o);
        int adjointSolve = op.calls;
        op.calls = 0;
        Tensor tb = Autodiff.track(b);
        Tensor x = LinearSolve.bicgstab(op, k, tb, o);
        assertThat(Autodiff.graphStats(x).nodes()).isEqualTo(2);
        op.calls = 0;
        Autodiff.gradients(x, w, false, tb);
        // Each A^T application is one vector-Jacobian product, i.e. one application of the operator.
        assertThat(op.calls).isBetween(1, adjointSolve + 2);
    }

    // ---- failures ------------------------------------------------------------------------------------------

    @Test
    void hittingTheIterationCapThrowsWithTheResidualHistory() {
        int n = 12;
        CsrMatrix a = csrDiffusion(n, false, ones(n, false), DType.FLOAT64);
        Tensor b = Tensor.of(random(new SplittableRandom(19), n * n, -1, 1));
        SolveOptions o = SolveOptions.defaults().withMaxIterations(3);
        for (String method : new String[] {"cg", "bicgstab"}) {
            SolveException e = catchThrowableOfType(SolveException.class, () -> {
                if (method.equals("cg")) {
                    LinearSolve.cg(a, b, o);
                } else {
                    LinearSolve.bicgstab(a, b, o);
                }
            });
            assertThat(e).as(method).isNotNull();
            assertThat(e.method()).isEqualTo(method);
            assertThat(e.residualHistory()).hasSize(4);
            assertThat(e.iterations()).isEqualTo(3);
            assertThat(e.options()).isSameAs(o);
            double norm = Math.sqrt(dot(b.toDoubleArray(), b.toDoubleArray()));
            assertThat(e.residualHistory()[0]).isCloseTo(norm, org.assertj.core.api.Assertions.within(1e-12));
            assertThat(e.target()).isCloseTo(1e-10 * norm, org.assertj.core.api.Assertions.within(1e-20));
            assertThat(e.finalResidual()).isGreaterThan(e.target());
            assertThat(e.getMessage()).contains(method).contains("3 iterations").contains("residual norm")
                    .contains(Double.toString(e.finalResidual())).contains("target");
        }
    }

    @Test
    void breakdownAndNaNAreReported() {
        Tensor b = Tensor.of(new double[] {1, 2, 3});
        assertThatThrownBy(() -> LinearSolve.cg((x, p) -> x.neg(), new Tensor[0], b))
                .isInstanceOf(SolveException.class)
                .hasMessageContaining("cg broke down")
                .hasMessageContaining("p.Ap");
        assertThatThrownBy(() -> LinearSolve.bicgstab((x, p) -> x.mul(Double.NaN), new Tensor[0], b))
                .isInstanceOf(SolveException.class)
                .hasMessageContaining("bicgstab")
                .hasMessageContaining("NaN");
        // The zero operator: nothing can be solved.
        assertThatThrownBy(() -> LinearSolve.bicgstab((x, p) -> x.mul(0), new Tensor[0], b))
                .isInstanceOf(SolveException.class)
                .hasMessageContaining("bicgstab broke down");
    }

    @Test
    void ilu0WithAZeroPivotThrows() {
        // [[0, 1], [1, 0]] is nonsingular but its first pivot is zero.
        CsrMatrix a = CsrMatrix.fromTriplets(2, 2, new int[] {0, 0, 1, 1}, new int[] {0, 1, 0, 1},
                new double[] {0, 1, 1, 0}, DType.FLOAT64);
        assertThatThrownBy(() -> LinearSolve.bicgstab(a, Tensor.of(new double[] {1, 2}),
                SolveOptions.defaults().withPreconditioner(Preconditioner.ILU0)))
                .isInstanceOf(SolveException.class)
                .hasMessageContaining("pivot")
                .hasMessageContaining("row 0");
        CsrMatrix noDiagonal = CsrMatrix.fromTriplets(2, 2, new int[] {0, 1}, new int[] {1, 0},
                new double[] {1, 1}, DType.FLOAT64);
        assertThatThrownBy(() -> LinearSolve.bicgstab(noDiagonal, Tensor.of(new double[] {1, 2}),
                SolveOptions.defaults().withPreconditioner(Preconditioner.ILU0)))
                .isInstanceOf(OpException.class)
                .hasMessageContaining("diagonal")
                .hasMessageContaining("row 0");
    }

    @Test
    void invalidArgumentsAreRefusedWithClearMessages() {
        CsrMatrix rect = CsrMatrix.fromTriplets(2, 3, new int[] {0}, new int[] {0}, new double[] {1}, DType.FLOAT64);
        assertThatThrownBy(() -> LinearSolve.cg(rect, Tensor.of(new double[] {1, 2})))
                .isInstanceOf(OpException.ShapeException.class)
                .hasMessageContaining("cg")
                .hasMessageContaining("2 x 3")
                .hasMessageContaining("square");
        CsrMatrix a = csrDiffusion(3, false, ones(3, false), DType.FLOAT64);
        assertThatThrownBy(() -> LinearSolve.bicgstab(a, Tensor.of(new double[] {1, 2})))
                .isInstanceOf(OpException.ShapeException.class)
                .hasMessageContaining("bicgstab")
                .hasMessageContaining("(2,)")
                .hasMessageContaining("(9,)");
        assertThatThrownBy(() -> LinearSolve.cg(a, Tensor.zeros(DType.FLOAT32, 9)))
                .isInstanceOf(OpException.DTypeException.class)
                .hasMessageContaining("float64")
                .hasMessageContaining("float32");
        Tensor b = Tensor.zeros(DType.FLOAT64, 3, 3).add(1);
        assertThatThrownBy(() -> LinearSolve.cg(SHIFT_LAPLACIAN, new Tensor[0], Tensor.of(new int[] {1, 2})))
                .isInstanceOf(OpException.DTypeException.class)
                .hasMessageContaining("int32");
        assertThatThrownBy(() -> LinearSolve.cg(SHIFT_LAPLACIAN, new Tensor[0], b,
                SolveOptions.defaults().withPreconditioner(Preconditioner.ILU0)))
                .isInstanceOf(OpException.class)
                .hasMessageContaining("ILU0 preconditioner needs a CsrMatrix");
        assertThatThrownBy(() -> LinearSolve.cg(SHIFT_LAPLACIAN, new Tensor[0], b,
                SolveOptions.defaults().withPreconditioner(Preconditioner.JACOBI)))
                .isInstanceOf(OpException.class)
                .hasMessageContaining("SolveOptions.jacobi")
                .hasMessageContaining("(3, 3)");
        assertThatThrownBy(() -> LinearSolve.cg(SHIFT_LAPLACIAN, new Tensor[0], b,
                SolveOptions.defaults().jacobi(Tensor.ones(DType.FLOAT64, 9))))
                .isInstanceOf(OpException.ShapeException.class)
                .hasMessageContaining("(9,)")
                .hasMessageContaining("(3, 3)");
        assertThatThrownBy(() -> LinearSolve.cg(SHIFT_LAPLACIAN, new Tensor[0], b,
                SolveOptions.defaults().jacobi(b.mul(0))))
                .isInstanceOf(OpException.class)
                .hasMessageContaining("Jacobi diagonal holds 0.0");
        assertThatThrownBy(() -> LinearSolve.cg((x, p) -> x.reshape(9), new Tensor[0], b))
                .isInstanceOf(OpException.ShapeException.class)
                .hasMessageContaining("(3, 3)")
                .hasMessageContaining("(9,)");
        assertThatThrownBy(() -> SolveOptions.defaults().withMaxIterations(0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("maxIterations 0");
        assertThatThrownBy(() -> SolveOptions.defaults().withRtol(-1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("rtol -1");
    }

    @Test
    void optionsDefaultByDTypeAndSize() {
        SolveOptions d = SolveOptions.defaults();
        assertThat(d.rtol(DType.FLOAT32)).isEqualTo(1e-5);
        assertThat(d.rtol(DType.FLOAT64)).isEqualTo(1e-10);
        assertThat(d.withRtol(1e-3).rtol(DType.FLOAT64)).isEqualTo(1e-3);
        assertThat(d.atol()).isZero();
        assertThat(d.maxIterations(5)).isEqualTo(100);
        assertThat(d.maxIterations(64)).isEqualTo(640);
        assertThat(d.withMaxIterations(7).maxIterations(64)).isEqualTo(7);
        assertThat(d.preconditioner()).isEqualTo(Preconditioner.NONE);
        assertThat(d.removeNullSpace()).isFalse();
        SolveOptions o = d.withRtol(1e-8).withPreconditioner(Preconditioner.ILU0).withRemoveNullSpace(true)
                .withAdjoint(d.withRtol(1e-12).withAtol(1e-15).withMaxIterations(50));
        SolveOptions adj = o.adjoint();
        assertThat(adj.rtol()).isEqualTo(1e-12);
        assertThat(adj.atol()).isEqualTo(1e-15);
        assertThat(adj.maxIterations()).isEqualTo(50);
        assertThat(adj.preconditioner()).isEqualTo(Preconditioner.ILU0);
        assertThat(adj.removeNullSpace()).isTrue();
        assertThat(d.withRtol(1e-7).adjoint().rtol()).isEqualTo(1e-7);
        assertThat(o.toString()).contains("ILU0").contains("removeNullSpace=true");
    }
}
