package dev.adjoint.api;

import java.util.Objects;

/**
 * Immutable settings of an iterative {@link LinearSolve}; every {@code with...} method returns a changed copy.
 *
 * <p>The solve stops when {@code ||r|| <= max(rtol * ||b||, atol)} (Euclidean norms over all elements of
 * the true, unpreconditioned residual as the method updates it). Defaults: {@code rtol} 1e-5 for float32
 * and 1e-10 for float64 right-hand sides, {@code atol} 0, at most {@code max(100, 10 * size)} iterations, no
 * preconditioner, no null-space removal, and an adjoint solve with the same tolerances.
 */
public final class SolveOptions {
    /** Preconditioners. Jacobi and ILU(0) read the matrix, so they need a {@link CsrMatrix} (see below). */
    public enum Preconditioner {
        /** None. */
        NONE,
        /**
         * Divides by the diagonal of A. A CSR solve takes the diagonal from the matrix; a matrix-free solve
         * needs it passed with {@link SolveOptions#jacobi(Tensor)}.
         */
        JACOBI,
        /**
         * Incomplete LU factorisation with A's own sparsity pattern (no fill-in), applied by forward and
         * backward triangular sweeps. CSR solves only; every diagonal entry must be stored.
         */
        ILU0
    }

    private static final SolveOptions DEFAULTS = new SolveOptions(Double.NaN, 0, 0, Preconditioner.NONE, null, false,
            null);

    private final double rtol;
    private final double atol;
    private final int maxIterations;
    private final Preconditioner preconditioner;
    private final Tensor jacobiDiagonal;
    private final boolean removeNullSpace;
    private final SolveOptions adjoint;

    private SolveOptions(double rtol, double atol, int maxIterations, Preconditioner preconditioner,
            Tensor jacobiDiagonal, boolean removeNullSpace, SolveOptions adjoint) {
        this.rtol = rtol;
        this.atol = atol;
        this.maxIterations = maxIterations;
        this.preconditioner = preconditioner;
        this.jacobiDiagonal = jacobiDiagonal;
        this.removeNullSpace = removeNullSpace;
        this.adjoint = adjoint;
    }

    /** The defaults described in the class documentation. */
    public static SolveOptions defaults() {
        return DEFAULTS;
    }

    // ---- builders ---------------------------------------------------------------------------------------

    /** A copy with relative tolerance {@code rtol} (>= 0) for every dtype. */
    public SolveOptions withRtol(double value) {
        if (!(value >= 0)) {
            throw new IllegalArgumentException("SolveOptions: rtol " + value + "; expected a number >= 0");
        }
        return new SolveOptions(value, atol, maxIterations, preconditioner, jacobiDiagonal, removeNullSpace, adjoint);
    }

    /** A copy with absolute tolerance {@code atol} (>= 0) on the residual norm. */
    public SolveOptions withAtol(double value) {
        if (!(value >= 0)) {
            throw new IllegalArgumentException("SolveOptions: atol " + value + "; expected a number >= 0");
        }
        return new SolveOptions(rtol, value, maxIterations, preconditioner, jacobiDiagonal, removeNullSpace, adjoint);
    }

    /** A copy with an iteration cap (>= 1). */
    public SolveOptions withMaxIterations(int value) {
        if (value < 1) {
            throw new IllegalArgumentException("SolveOptions: maxIterations " + value + "; expected at least 1");
        }
        return new SolveOptions(rtol, atol, value, preconditioner, jacobiDiagonal, removeNullSpace, adjoint);
    }

    /**
     * A copy with a preconditioner. {@code JACOBI} chosen here takes the diagonal from a CSR matrix; for a
     * matrix-free operator use {@link #jacobi(Tensor)}.
     */
    public SolveOptions withPreconditioner(Preconditioner value) {
        Objects.requireNonNull(value, "preconditioner");
        return new SolveOptions(rtol, atol, maxIterations, value, null, removeNullSpace, adjoint);
    }

    /**
     * A copy with the Jacobi preconditioner using an explicit diagonal of A: a tensor of the right-hand
     * side's shape and dtype holding {@code A[i, i]} for each element {@code i} (no zeros). It is a constant:
     * no gradient flows into it.
     */
    public SolveOptions jacobi(Tensor diagonal) {
        Objects.requireNonNull(diagonal, "diagonal");
        return new SolveOptions(rtol, atol, maxIterations, Preconditioner.JACOBI, Autodiff.stopGradient(diagonal),
                removeNullSpace, adjoint);
    }

    /**
     * A copy that treats the constant vector as the null space of A and of A^T (as in a symmetric
     * pure-Neumann Poisson problem): b is projected to mean zero before solving, the preconditioned residual
     * and the solution are kept at mean zero, and the adjoint solve does the same, so the result is the
     * mean-zero solution of the projected system.
     */
    public SolveOptions withRemoveNullSpace(boolean value) {
        return new SolveOptions(rtol, atol, maxIterations, preconditioner, jacobiDiagonal, value, adjoint);
    }

    /**
     * A copy whose backward pass solves the adjoint system with the tolerances ({@code rtol}, {@code atol},
     * {@code maxIterations}) of {@code value}; the preconditioner (on A^T) and the null-space handling are
     * always those of this forward solve.
     */
    public SolveOptions withAdjoint(SolveOptions value) {
        Objects.requireNonNull(value, "adjoint");
        return new SolveOptions(rtol, atol, maxIterations, preconditioner, jacobiDiagonal, removeNullSpace, value);
    }

    // ---- accessors --------------------------------------------------------------------------------------

    /** The relative tolerance set with {@link #withRtol}, or NaN when the dtype default applies. */
    public double rtol() {
        return rtol;
    }

    /** The relative tolerance for right-hand sides of {@code dtype}: the set value, else 1e-5 / 1e-10. */
    public double rtol(DType dtype) {
        if (!Double.isNaN(rtol)) {
            return rtol;
        }
        return dtype == DType.FLOAT32 ? 1e-5 : 1e-10;
    }

    /** The absolute tolerance on the residual norm. */
    public double atol() {
        return atol;
    }

    /** The iteration cap set with {@link #withMaxIterations}, or 0 when the size-based default applies. */
    public int maxIterations() {
        return maxIterations;
    }

    /** The iteration cap for a system of {@code size} unknowns: the set value, else {@code max(100, 10 * size)}. */
    public int maxIterations(int size) {
        if (maxIterations > 0) {
            return maxIterations;
        }
        return (int) Math.min(Integer.MAX_VALUE, Math.max(100L, 10L * size));
    }

    /** The preconditioner. */
    public Preconditioner preconditioner() {
        return preconditioner;
    }

    /** The explicit Jacobi diagonal given with {@link #jacobi(Tensor)}, or null. */
    public Tensor jacobiDiagonal() {
        return jacobiDiagonal;
    }

    /** Whether the constant null space is removed. */
    public boolean removeNullSpace() {
        return removeNullSpace;
    }

    /**
     * The options of the backward (adjoint) solve: the tolerances of {@link #withAdjoint} (this solve's own
     * when none were set) with this solve's preconditioner and null-space handling.
     */
    public SolveOptions adjoint() {
        SolveOptions t = adjoint != null ? adjoint : this;
        return new SolveOptions(t.rtol, t.atol, t.maxIterations, preconditioner, jacobiDiagonal, removeNullSpace,
                null);
    }

    /** The settings in words. */
    @Override
    public String toString() {
        return "SolveOptions(rtol=" + (Double.isNaN(rtol) ? "default" : rtol) + ", atol=" + atol + ", maxIterations="
                + (maxIterations > 0 ? maxIterations : "default") + ", preconditioner=" + preconditioner
                + (jacobiDiagonal != null ? " (explicit diagonal " + jacobiDiagonal.shape() + ")" : "")
                + ", removeNullSpace=" + removeNullSpace + (adjoint != null ? ", adjoint=" + adjoint : "") + ")";
    }
}
