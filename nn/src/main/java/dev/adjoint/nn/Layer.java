package dev.adjoint.nn;

import dev.adjoint.api.Params;
import dev.adjoint.api.RandomKey;
import dev.adjoint.api.Tensor;

/**
 * A neural-network layer as a pure function of its parameters and its input. A layer object holds only
 * its configuration (sizes, options); the weights live in a {@link Params} tree that {@link #init} creates
 * and that optimizers update, so a model is differentiated with {@code Autodiff.grad(p -> loss(layer.apply(p,
 * x)), params)}. Parameter names are relative to the layer; containers prefix them with the child's name.
 */
public interface Layer {
    /** The initial parameters, drawn from {@code key} (the same key gives the same parameters). */
    Params init(RandomKey key);

    /** Applies the layer; the result depends only on the arguments. */
    Tensor apply(Params params, Tensor input, Context context);

    /** Applies the layer in inference mode (no dropout, no conditioning). */
    default Tensor apply(Params params, Tensor input) {
        return apply(params, input, Context.inference());
    }

    /** A short description for summaries, e.g. {@code Dense(64 -> 32)}. */
    String describe();
}
