package dev.adjoint.api;

/**
 * A vector-Jacobian product rule: given the cotangent of an op's output, the cotangents of its inputs.
 * Rules are written with tensor ops, so they are differentiable themselves (gradients of gradients).
 */
@FunctionalInterface
public interface Vjp {
    /**
     * @param cotangent the cotangent of the output, of the output's shape and dtype
     * @param needed which inputs need a cotangent; entries for the others may be null
     * @return one cotangent per input, each of that input's shape (null where not needed or not differentiable)
     */
    Tensor[] apply(Tensor cotangent, boolean[] needed);
}
