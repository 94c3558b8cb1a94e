package dev.adjoint.api;

import java.util.Arrays;
import java.util.Objects;

/**
 * Differentiable iterative linear solves {@code x = A(params)^-1 b}: conjugate gradients for symmetric
 * positive (semi-)definite A and BiCGStab for general A, for matrix-free {@link LinearOperator}s and for
 * {@link CsrMatrix} matrices, with optional Jacobi or ILU(0) preconditioning ({@link SolveOptions}).
 *
 * <p><b>Forward.</b> The iterations start from {@code x = 0}, run without recording, use only tensor ops
 * (so they run on the backend of {@code b}) and read one scalar per dot product back to the host. The
 * right-hand side may have any shape; the operator maps tensors of that shape to that shape and the dot
 * products run over all elements. The solve stops when {@code ||r|| <= max(rtol * ||b||, atol)}, measured on
 * the true (unpreconditioned) residual as the method updates it, and otherwise throws
 * {@link SolveException}. CG applies its preconditioner symmetrically (standard PCG, which needs an SPD
 * preconditioner: Jacobi with a positive diagonal, or ILU(0) of a symmetric matrix, which is symmetric);
 * BiCGStab applies it on the right. ILU(0) works on host arrays: the residual goes to the host and back in
 * every application.
 *
 * <p><b>Backward (implicit differentiation).</b> The solve is one node of the autodiff graph with inputs
 * {@code [b, params...]}; its backward pass never unrolls the iterations. Given the cotangent {@code g} of
 * x it solves the adjoint system {@code A^T lambda = g} with the same method, the same preconditioner (on
 * A^T) and null-space handling and the tolerances of {@link SolveOptions#adjoint()}, and returns
 * {@code grad_b = lambda} and {@code grad_params = -d<lambda, A(params) x>/d params}. For CG, A is assumed
 * symmetric and the adjoint solve applies A itself. For matrix-free BiCGStab, {@code A^T lambda} is the
 * vector-Jacobian product of {@code x -> A(params) x}; for CSR matrices the transpose is applied. The
 * parameter gradient is one vector-Jacobian product of the operator per parameter that needs a gradient
 * (for CSR matrices, {@code -lambda[row] * x[col]} per stored entry). The backward pass is written with
 * differentiable ops (the adjoint solve is itself such a node), so gradients of gradients work; when they
 * are recorded, x is recomputed by one more solve so that it depends on its inputs.
 *
 * <p>With {@link SolveOptions#withRemoveNullSpace}, the constant vector is taken as the null space of A and
 * A^T: the solution is the mean-zero solution of the system with b projected to mean zero, which is a linear
 * function of b and (for operators whose null space does not change with the params) a differentiable
 * function of the params, with the same formulas for its gradients.
 */
public final class LinearSolve {
    private LinearSolve() {
    }

    /** The solution of {@code a(x, params) = b} by preconditioned CG; A must be symmetric positive definite. */
    public static Tensor cg(LinearOperator a, Tensor[] params, Tensor b, SolveOptions options) {
        checkOperatorArgs("cg", a, params, b, options);
        return solve(Method.CG, SolveSystem.matrixFree("cg", a, true), params, b, options);
    }

    /** {@link #cg(LinearOperator, Tensor[], Tensor, SolveOptions)} with default options. */
    public static Tensor cg(LinearOperator a, Tensor[] params, Tensor b) {
        return cg(a, params, b, SolveOptions.defaults());
    }

    /** The solution of {@code a(x, params) = b} by right-preconditioned BiCGStab; A must be nonsingular. */
    public static Tensor bicgstab(LinearOperator a, Tensor[] params, Tensor b, SolveOptions options) {
        checkOperatorArgs("bicgstab", a, params, b, options);
        return solve(Method.BICGSTAB, SolveSystem.matrixFree("bicgstab", a, false), params, b, options);
    }

    /** {@link #bicgstab(LinearOperator, Tensor[], Tensor, SolveOptions)} with default options. */
    public static Tensor bicgstab(LinearOperator a, Tensor[] params, Tensor b) {
        return bicgstab(a, params, b, SolveOptions.defaults());
    }

    /**
     * The solution of {@code A x = b} for a square symmetric positive definite CSR matrix and a 1-D b, by
     * preconditioned CG. The gradient reaches b and {@link CsrMatrix#values()} (pass a matrix made with
     * {@link CsrMatrix#withValues} of tracked values).
     */
    public static Tensor cg(CsrMatrix a, Tensor b, SolveOptions options) {
        checkCsrArgs("cg", a, b, options);
        return solve(Method.CG, SolveSystem.csr("cg", a, true), new Tensor[] {a.values()}, b, options);
    }

    /** {@link #cg(CsrMatrix, Tensor, SolveOptions)} with default options. */
    public static Tensor cg(CsrMatrix a, Tensor b) {
        return cg(a, b, SolveOptions.defaults());
    }

    /**
     * The solution of {@code A x = b} for a square nonsingular CSR matrix and a 1-D b, by right-preconditioned
     * BiCGStab; the gradient reaches b and {@link CsrMatrix#values()}.
     */
    public static Tensor bicgstab(CsrMatrix a, Tensor b, SolveOptions options) {
        checkCsrArgs("bicgstab", a, b, options);
        return solve(Method.BICGSTAB, SolveSystem.csr("bicgstab", a, false), new Tensor[] {a.values()}, b, options);
    }

    /** {@link #bicgstab(CsrMatrix, Tensor, SolveOptions)} with default options. */
    public static Tensor bicgstab(CsrMatrix a, Tensor b) {
        return bicgstab(a, b, SolveOptions.defaults());
    }

    // ---- the differentiable solve ----------------------------------------------------------------------

    private enum Method {
        CG("cg"),
        BICGSTAB("bicgstab");

        final String label;

        Method(String label) {
            this.label = label;
        }

        Tensor run(SolveSystem a, Tensor[] params, Tensor b, SolveOptions o) {
            return this == CG ? Krylov.cg(a, params, b, o) : Krylov.bicgstab(a, params, b, o);
        }
    }

    private static Tensor solve(Method method, SolveSystem a, Tensor[] params, Tensor b, SolveOptions o) {
        Tensor[] inputs = new Tensor[params.length + 1];
        inputs[0] = b;
        System.arraycopy(params, 0, inputs, 1, params.length);
        return Autodiff.customGradient(method.label,
                in -> method.run(a, Arrays.copyOfRange(in, 1, in.length), in[0], o),
                (in, x, g) -> backward(method, a, in, x, g, o), inputs);
    }

    private static Tensor[] backward(Method method, SolveSystem a, Tensor[] in, Tensor x, Tensor g,
            SolveOptions o) {
        // A recording backward pass (gradients of gradients) keeps the inputs connected; a plain one cuts them.
        boolean recording = Autodiff.isGradEnabled();
        Tensor[] use = new Tensor[in.length];
        for (int i = 0; i < in.length; i++) {
            use[i] = recording ? in[i] : Autodiff.stopGradient(in[i]);
        }
        Tensor[] params = Arrays.copyOfRange(use, 1, use.length);
        Tensor[] out = new Tensor[in.length];
        out[0] = solve(method, a.transpose(), params, recording ? g : Autodiff.stopGradient(g), o.adjoint());
        boolean[] need = new boolean[params.length];
        boolean any = false;
        for (int i = 0; i < params.length; i++) {
            need[i] = in[i + 1].requiresGrad();
            any |= need[i];
        }
        if (any) {
            Tensor xs = recording ? solve(method, a, params, use[0], o) : x;
            Tensor[] gp = a.paramGradients(xs, out[0], params, need);
            System.arraycopy(gp, 0, out, 1, gp.length);
        }
        return out;
    }

    // ---- validation -------------------------------------------------------------------------------------

    private static void checkOperatorArgs(String op, LinearOperator a, Tensor[] params, Tensor b, SolveOptions o) {
        Objects.requireNonNull(a, op + ": operator");
        Objects.requireNonNull(params, op + ": params");
        Objects.requireNonNull(o, op + ": options");
        for (int i = 0; i < params.length; i++) {
            if (params[i] == null) {
                throw new OpException(op, "params[" + i + "] is null; expected a tensor");
            }
        }
        checkRhs(op, b);
    }

    private static void checkCsrArgs(String op, CsrMatrix a, Tensor b, SolveOptions o) {
        Objects.requireNonNull(a, op + ": matrix");
        Objects.requireNonNull(o, op + ": options");
        checkRhs(op, b);
        if (a.rows() != a.cols()) {
            throw new OpException.ShapeException(op, "a " + a.rows() + " x " + a.cols()
                    + " matrix; expected a square matrix");
        }
        if (b.rank() != 1 || b.dim(0) != a.rows()) {
            throw new OpException.ShapeException(op, "a " + a.rows() + " x " + a.cols() + " matrix with a right-hand "
                    + "side of shape " + b.shape() + "; expected shape (" + a.rows() + ",)");
        }
        if (b.dtype() != a.dtype()) {
            throw new OpException.DTypeException(op, "a " + a.dtype().label() + " matrix with a " + b.dtype().label()
                    + " right-hand side of shape " + b.shape() + "; expected equal dtypes");
        }
    }

    private static void checkRhs(String op, Tensor b) {
        Objects.requireNonNull(b, op + ": right-hand side");
        if (!b.dtype().isFloating()) {
            throw new OpException.DTypeException(op, "a right-hand side of dtype " + b.dtype().label() + " (shape "
                    + b.shape() + "); expected float32 or float64");
        }
    }
}
