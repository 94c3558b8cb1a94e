package dev.adjoint.nn;

import dev.adjoint.api.RandomKey;
import dev.adjoint.api.Tensor;

/**
 * What a layer may need besides its parameters and input: whether it is training (dropout on), the random
 * key for stochastic layers, and an optional conditioning tensor (e.g. diffusion times {@code [batch]}).
 * Containers hand each child its own key with {@link #child(int)}, so a whole model is reproducible from one
 * key.
 *
 * @param training whether stochastic layers (dropout) are active
 * @param key the random key of this layer; null in inference
 * @param condition an optional conditioning tensor, or null
 */
public record Context(boolean training, RandomKey key, Tensor condition) {
    private static final Context INFERENCE = new Context(false, null, null);

    /** Inference: no dropout, no key, no conditioning. */
    public static Context inference() {
        return INFERENCE;
    }

    /** Training with the given key for dropout. */
    public static Context training(RandomKey key) {
        if (key == null) {
            throw new IllegalArgumentException("training needs a random key for its stochastic layers");
        }
        return new Context(true, key, null);
    }

    /** This context with a conditioning tensor. */
    public Context withCondition(Tensor c) {
        return new Context(training, key, c);
    }

    /** The context for child {@code index} of a container: the same mode and condition, its own key. */
    public Context child(int index) {
        return key == null ? this : new Context(training, key.foldIn(index), condition);
    }
}
