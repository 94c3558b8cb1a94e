package dev.adjoint.nn;

import dev.adjoint.api.Params;
import dev.adjoint.api.RandomKey;
import dev.adjoint.api.Rng;
import dev.adjoint.api.Tensor;

/**
 * Dropout, PyTorch's {@code nn.Dropout} with inverted scaling: in training each element is zeroed with
 * probability {@code rate} and the kept ones are multiplied by {@code 1 / (1 - rate)}, so the expectation is
 * unchanged; in inference the layer is the identity. The mask is {@code Rng.bernoulli(context.key(), 1 - rate,
 * shape)}, so the same key gives the same mask. With {@code rate = 1} everything is dropped.
 */
public final class Dropout implements Layer {
    private final double rate;

    /** Dropout with drop probability {@code rate} in {@code [0, 1]}. */
    public Dropout(double rate) {
        if (!(rate >= 0 && rate <= 1)) {
            throw new IllegalArgumentException("Dropout: rate " + rate + "; expected a probability in [0, 1]");
        }
        this.rate = rate;
    }

    /** The drop probability. */
    public double rate() {
        return rate;
    }

    /** No parameters. */
    @Override
    public Params init(RandomKey key) {
        return Params.empty();
    }

    @Override
    public Tensor apply(Params params, Tensor input, Context context) {
        if (!context.training() || rate == 0) {
            return input;
        }
        if (context.key() == null) {
            throw new IllegalArgumentException(describe() + ": training context without a random key; use"
                    + " Context.training(key)");
        }
        if (rate == 1) {
            return input.mul(0.0);
        }
        Tensor mask = Rng.bernoulli(context.key(), 1 - rate, input.shape().dims())
                .to(input.backend()).cast(input.dtype());
        return input.mul(mask.mul(1 / (1 - rate)));
    }

    @Override
    public String describe() {
        return "Dropout(" + rate + ")";
    }

    @Override
    public String toString() {
        return describe();
    }
}
