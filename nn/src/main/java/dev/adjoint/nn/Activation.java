package dev.adjoint.nn;

import dev.adjoint.api.Params;
import dev.adjoint.api.RandomKey;
import dev.adjoint.api.Tensor;
import java.util.function.UnaryOperator;

/**
 * An elementwise nonlinearity as a parameter-free layer, with PyTorch's definitions: ReLU, exact (erf) GELU,
 * SiLU ({@code x * sigmoid(x)}), tanh, sigmoid, ELU (alpha 1), leaky ReLU ({@code x} for {@code x > 0}, else
 * {@code slope * x}) and the identity. {@link #apply(Tensor)} applies it to a tensor directly.
 */
public final class Activation implements Layer {
    private final String name;
    private final UnaryOperator<Tensor> f;

    private Activation(String name, UnaryOperator<Tensor> f) {
        this.name = name;
        this.f = f;
    }

    /** {@code max(x, 0)}. */
    public static Activation relu() {
        return new Activation("ReLU", Tensor::relu);
    }

    /** The exact GELU {@code x * Phi(x)}, PyTorch's default. */
    public static Activation gelu() {
        return new Activation("GELU", Tensor::gelu);
    }

    /** SiLU (swish) {@code x * sigmoid(x)}. */
    public static Activation silu() {
        return new Activation("SiLU", Tensor::silu);
    }

    /** The hyperbolic tangent. */
    public static Activation tanh() {
        return new Activation("Tanh", Tensor::tanh);
    }

    /** The logistic sigmoid {@code 1 / (1 + exp(-x))}. */
    public static Activation sigmoid() {
        return new Activation("Sigmoid", Tensor::sigmoid);
    }

    /** ELU with alpha 1: {@code x} for {@code x > 0}, else {@code exp(x) - 1}. */
    public static Activation elu() {
        return new Activation("ELU", Tensor::elu);
    }

    /** Leaky ReLU: {@code x} for {@code x > 0}, else {@code slope * x} (any finite slope). */
    public static Activation leakyRelu(double slope) {
        if (!Double.isFinite(slope)) {
            throw new IllegalArgumentException("leakyRelu: slope " + slope + "; expected a finite slope");
        }
        return new Activation("LeakyReLU(" + slope + ")",
                x -> x.relu().sub(x.neg().relu().mul(slope)));
    }

    /** The identity. */
    public static Activation identity() {
        return new Activation("Identity", x -> x);
    }

    /** Applies the nonlinearity to {@code x}. */
    public Tensor apply(Tensor x) {
        return f.apply(x);
    }

    /** No parameters. */
    @Override
    public Params init(RandomKey key) {
        return Params.empty();
    }

    @Override
    public Tensor apply(Params params, Tensor input, Context context) {
        return f.apply(input);
    }

    @Override
    public String describe() {
        return name;
    }

    @Override
    public String toString() {
        return name;
    }
}
