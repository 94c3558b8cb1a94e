package dev.adjoint.nn;

import dev.adjoint.api.Tensor;

/** The standardization shared by {@link GroupNorm} and {@link LayerNorm}. */
final class Normalization {
    private Normalization() {
    }

    /**
     * {@code (x - mean) / sqrt(var + eps)} with the mean and the biased variance taken over {@code axes}, as
     * PyTorch's normalization layers compute them.
     */
    static Tensor standardize(Tensor x, int[] axes, double eps) {
        Tensor centered = x.sub(x.mean(axes, true));
        Tensor variance = centered.square().mean(axes, true);
        return centered.mul(variance.add(eps).rsqrt());
    }

    static void checkEps(String layer, double eps) {
        if (!(eps > 0) || Double.isInfinite(eps)) {
            throw new IllegalArgumentException(layer + ": eps " + eps + "; expected a finite eps > 0");
        }
    }
}
