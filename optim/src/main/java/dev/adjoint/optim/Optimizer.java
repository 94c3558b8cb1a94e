package dev.adjoint.optim;

import dev.adjoint.api.Params;

/**
 * A first-order optimizer as a pair of pure functions over parameter trees (in the style of optax): {@link #init}
 * makes the state, {@link #update} takes one step. Nothing is mutated; the state is an {@link OptimizerState}
 * (slot tensors and a step count) that can be saved and loaded, so a run resumes exactly.
 *
 * <p>A step reads the learning rate of its {@link Schedule} at the state's step count (0 for the first update)
 * and returns the new parameters and the new state, whose count is one higher. The update is written with
 * tensor ops, so it records onto the autodiff graph when its inputs are tracked.
 */
public interface Optimizer {

    /** The state before the first update: zero slot tensors shaped like {@code params}, step count 0. */
    OptimizerState init(Params params);

    /**
     * One update: the new parameters from {@code params}, their gradients {@code grads} (same names and shapes)
     * and the state from {@link #init} or the previous update.
     *
     * @throws IllegalArgumentException when the trees' names or shapes differ or the state lacks a slot
     */
    Step update(Params params, Params grads, OptimizerState state);

    /** The result of one update: new parameters and new state. */
    record Step(Params params, OptimizerState state) {
    }
}
