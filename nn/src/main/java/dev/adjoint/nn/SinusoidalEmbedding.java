package dev.adjoint.nn;

import dev.adjoint.api.OpException;
import dev.adjoint.api.Params;
import dev.adjoint.api.RandomKey;
import dev.adjoint.api.Tensor;

/**
 * Sinusoidal features of scalars such as diffusion times, as in the Transformer and DDPM: a scalar
 * {@code t} becomes {@code [sin(t f_0) .. sin(t f_{h-1}), cos(t f_0) .. cos(t f_{h-1})]} with {@code h = dim / 2}
 * geometric frequencies {@code f_k = exp(-ln(10000) k / (h - 1))} from 1 down to 1/10000. No parameters.
 *
 * <p>The input is a batch of scalars of shape {@code []}, {@code [B]} or {@code [B, 1]}; the result has shape
 * {@code [B, dim]} ({@code [1, dim]} for a scalar) and the input's dtype. When the input is null the layer
 * embeds {@link Context#condition()} instead.
 */
public final class SinusoidalEmbedding implements Layer {
    private static final double MAX_PERIOD_LOG = Math.log(10000.0);

    private final int dim;

    /** An embedding into {@code dim} features; {@code dim} must be even and at least 2. */
    public SinusoidalEmbedding(int dim) {
        if (dim < 2 || dim % 2 != 0) {
            throw new IllegalArgumentException("SinusoidalEmbedding: dim must be even and >= 2, got " + dim);
        }
        this.dim = dim;
    }

    /** The number of output features. */
    public int dim() {
        return dim;
    }

    /** No parameters: the empty tree. */
    @Override
    public Params init(RandomKey key) {
        return Params.empty();
    }

    /** Embeds {@code input} (or the context's condition when {@code input} is null) as {@code [B, dim]}. */
    @Override
    public Tensor apply(Params params, Tensor input, Context context) {
        Tensor t = input != null ? input : context == null ? null : context.condition();
        if (t == null) {
            throw new IllegalArgumentException("SinusoidalEmbedding: no input and no context condition to embed");
        }
        if (!t.dtype().isFloating()) {
            throw new OpException.DTypeException("SinusoidalEmbedding", "expected floating scalars, got dtype "
                    + t.dtype() + " with shape " + t.shape());
        }
        int rank = t.rank();
        if (rank > 2 || (rank == 2 && t.dim(1) != 1)) {
            throw new OpException.ShapeException("SinusoidalEmbedding", "expected scalars of shape [], [B] or [B, 1],"
                    + " got shape " + t.shape());
        }
        int half = dim / 2;
        Tensor column = t.reshape(-1, 1);
        Tensor angles = column.mul(frequencies(half, t).reshape(1, half));
        return Tensor.concat(1, angles.sin(), angles.cos());
    }

    /** The {@code half} geometric frequencies in the dtype and backend of {@code like}. */
    private static Tensor frequencies(int half, Tensor like) {
        double[] f = new double[half];
        for (int k = 0; k < half; k++) {
            f[k] = half == 1 ? 1.0 : Math.exp(-MAX_PERIOD_LOG * k / (half - 1));
        }
        return Tensor.of(f).to(like.backend()).cast(like.dtype());
    }

    @Override
    public String describe() {
        return "SinusoidalEmbedding(" + dim + ")";
    }
}
