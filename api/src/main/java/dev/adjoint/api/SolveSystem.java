package dev.adjoint.api;

import java.util.function.UnaryOperator;

/**
 * The operator side of a {@link LinearSolve}: a matrix-free {@link LinearOperator} or a CSR pattern whose
 * values are {@code params[0]}, possibly transposed (for the adjoint solve). It applies the map, builds the
 * preconditioner and gives the parameter cotangents {@code -d<lambda, A(params) x>/d params}.
 */
final class SolveSystem {
    private final String method;
    private final LinearOperator operator;
    private final CsrMatrix csr;
    private final boolean symmetric;
    private final boolean transposed;
    private final CsrMatrix transposedPattern;
    private final Tensor transposedPermutation;

    private SolveSystem(String method, LinearOperator operator, CsrMatrix csr, boolean symmetric,
            boolean transposed) {
        this.method = method;
        this.operator = operator;
        this.csr = csr;
        this.symmetric = symmetric;
        this.transposed = transposed;
        if (transposed && csr != null) {
            transposedPattern = csr.transpose();
            transposedPermutation = Tensor.of(csr.transposePermutation()).to(csr.values().backend());
        } else {
            transposedPattern = null;
            transposedPermutation = null;
        }
    }

    /** A matrix-free system; {@code symmetric} when the method assumes {@code A^T = A} (CG). */
    static SolveSystem matrixFree(String method, LinearOperator operator, boolean symmetric) {
        return new SolveSystem(method, operator, null, symmetric, false);
    }

    /** A CSR system whose values are passed as {@code params[0]}. */
    static SolveSystem csr(String method, CsrMatrix pattern, boolean symmetric) {
        return new SolveSystem(method, null, pattern, symmetric, false);
    }

    /** {@code A x} (or {@code A^T x} when transposed), checked to keep x's shape and dtype. */
    Tensor apply(Tensor x, Tensor[] params) {
        Tensor y = applyUnchecked(x, params);
        if (!y.shape().equals(x.shape()) || y.dtype() != x.dtype()) {
            throw new OpException.ShapeException(method, "the operator maps a " + x.dtype().label() + " tensor of "
                    + "shape " + x.shape() + " to a " + y.dtype().label() + " tensor of shape " + y.shape()
                    + "; expected the right-hand side's shape and dtype");
        }
        return y;
    }

    private Tensor applyUnchecked(Tensor x, Tensor[] params) {
        if (!transposed) {
            return operator != null ? operator.apply(x, params) : csr.withValues(params[0]).matvec(x);
        }
        if (operator != null) {
            // A^T x as the vector-Jacobian product of the (linear) map at x; the linearisation point is irrelevant.
            return Autodiff.vjp(u -> operator.apply(u, params), x.zerosLike(), x);
        }
        return transposedPattern.withValues(params[0].gather(0, transposedPermutation)).matvec(x);
    }

    /** The system of {@code A^T} on the same params: this one when the method assumes symmetry. */
    SolveSystem transpose() {
        if (symmetric) {
            return this;
        }
        return new SolveSystem(method, operator, csr, false, !transposed);
    }

    /**
     * The preconditioner {@code r -> M^-1 r} for these (detached) params, or null for none; for a transposed
     * system the preconditioner of A^T (Jacobi is unchanged, ILU(0) applies the transposed factors).
     */
    UnaryOperator<Tensor> preconditioner(Tensor[] params, Tensor b, SolveOptions o) {
        switch (o.preconditioner()) {
            case NONE:
                return null;
            case JACOBI:
                Tensor d = jacobiDiagonal(params, b, o);
                return r -> r.div(d);
            case ILU0:
                return ilu(params, o);
            default:
                throw new IllegalStateException(o.preconditioner().name());
        }
    }

    private Tensor jacobiDiagonal(Tensor[] params, Tensor b, SolveOptions o) {
        Tensor d = o.jacobiDiagonal();
        if (d == null) {
            if (csr == null) {
                throw new OpException(method, "the Jacobi preconditioner of a matrix-free operator needs its "
                        + "diagonal; pass it with SolveOptions.jacobi(diagonal), a tensor of shape " + b.shape());
            }
            d = csr.withValues(params[0]).diagonal();
        }
        if (!d.shape().equals(b.shape()) || d.dtype() != b.dtype()) {
            throw new OpException.ShapeException(method, "the Jacobi diagonal is a " + d.dtype().label()
                    + " tensor of shape " + d.shape() + "; expected the right-hand side's shape " + b.shape()
                    + " and dtype " + b.dtype().label());
        }
        double[] host = d.toDoubleArray();
        for (int i = 0; i < host.length; i++) {
            if (host[i] == 0 || !Double.isFinite(host[i])) {
                throw new OpException(method, "the Jacobi diagonal holds " + host[i] + " at flat index " + i
                        + "; expected finite, nonzero entries");
            }
        }
        return d.to(b.backend());
    }

    private UnaryOperator<Tensor> ilu(Tensor[] params, SolveOptions o) {
        if (csr == null) {
            throw new OpException(method, "the ILU0 preconditioner needs a CsrMatrix; a matrix-free operator can "
                    + "use NONE or JACOBI (with SolveOptions.jacobi(diagonal))");
        }
        Ilu0 factors;
        try {
            factors = Ilu0.factor(csr, params[0].toDoubleArray());
        } catch (IllegalArgumentException e) {
            throw new OpException(method, e.getMessage());
        } catch (ArithmeticException e) {
            throw new SolveException(method, method + ": " + e.getMessage(), new double[0], Double.NaN, o);
        }
        boolean t = transposed;
        return r -> {
            double[] z = t ? factors.solveTransposed(r.toDoubleArray()) : factors.solve(r.toDoubleArray());
            return Tensor.of(z, r.shape().dims()).cast(r.dtype()).to(r.backend());
        };
    }

    /**
     * The cotangents of the params, {@code -d<lambda, A(params) x>/d params}, for those that {@code need} it
     * (null elsewhere). Matrix-free: one vector-Jacobian product of the operator per needed param. CSR:
     * {@code -lambda[row] * x[col]} per entry, with tensor ops.
     */
    Tensor[] paramGradients(Tensor x, Tensor lambda, Tensor[] params, boolean[] need) {
        if (transposed) {
            // <lambda, A^T x> = <x, A lambda>: the untransposed rule with the roles swapped.
            return new SolveSystem(method, operator, csr, symmetric, false).paramGradients(lambda, x, params, need);
        }
        Tensor[] out = new Tensor[params.length];
        for (int i = 0; i < params.length; i++) {
            if (!need[i]) {
                continue;
            }
            if (csr != null) {
                out[i] = lambda.gather(0, csr.rowIndices()).mul(x.gather(0, csr.columns())).neg();
                continue;
            }
            int at = i;
            Tensor xs = x;
            out[i] = Autodiff.vjp(theta -> {
                Tensor[] p = params.clone();
                p[at] = theta;
                return operator.apply(xs, p);
            }, params[i], lambda).neg();
        }
        return out;
    }
}
