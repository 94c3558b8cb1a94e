package dev.adjoint.api;

/**
 * Thrown when an iterative {@link LinearSolve} does not converge: the iteration cap was reached, the method
 * broke down (a zero or non-positive denominator), the residual became NaN or infinite, or a preconditioner
 * could not be built. It carries the residual norms so far and the options the solve ran with.
 */
public final class SolveException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final String method;
    private final double[] residualHistory;
    private final double target;
    private final transient SolveOptions options;

    SolveException(String method, String message, double[] residualHistory, double target, SolveOptions options) {
        super(message);
        this.method = method;
        this.residualHistory = residualHistory.clone();
        this.target = target;
        this.options = options;
    }

    /** The method that failed: {@code "cg"} or {@code "bicgstab"}. */
    public String method() {
        return method;
    }

    /**
     * The residual norm before the first iteration and after each completed one (so a solve stopped by a
     * cap of {@code k} iterations holds {@code k + 1} entries); a copy.
     */
    public double[] residualHistory() {
        return residualHistory.clone();
    }

    /** The last residual norm, or NaN when none was computed. */
    public double finalResidual() {
        return residualHistory.length == 0 ? Double.NaN : residualHistory[residualHistory.length - 1];
    }

    /** The residual norm the solve had to reach: {@code max(rtol * ||b||, atol)}. */
    public double target() {
        return target;
    }

    /** The number of completed iterations. */
    public int iterations() {
        return Math.max(0, residualHistory.length - 1);
    }

    /** The options the solve ran with. */
    public SolveOptions options() {
        return options;
    }
}
