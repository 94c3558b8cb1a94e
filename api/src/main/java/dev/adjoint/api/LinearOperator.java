package dev.adjoint.api;

/**
 * A matrix-free linear map {@code x -> A(params) x} for {@link LinearSolve}: it maps a tensor of the
 * right-hand side's shape to a tensor of the same shape and dtype, and must be linear in {@code x}.
 *
 * <p>The coefficients of the map are the explicit {@code params} tensors, so that the implicit gradient of
 * a solve reaches them: {@link LinearSolve} passes the params it was given (detached while it iterates,
 * tracked while it takes the adjoint's parameter gradient). A lambda that instead captures a tracked tensor
 * from its enclosing scope cuts that tensor's gradient off: the solve cannot see it, and it is treated as a
 * constant. Captured constants (grid spacing, index tensors, masks) are fine.
 *
 * <p>Write the map with tensor ops, so that it runs on any backend and so that its vector-Jacobian
 * products (used for the adjoint of a non-symmetric operator and for the parameter gradients) come from
 * the ops' own rules.
 */
@FunctionalInterface
public interface LinearOperator {
    /**
     * {@code A(params) x}.
     *
     * @param x a tensor of the right-hand side's shape and dtype
     * @param params the coefficient tensors, in the order they were passed to the solve
     * @return a tensor of {@code x}'s shape and dtype
     */
    Tensor apply(Tensor x, Tensor[] params);
}
