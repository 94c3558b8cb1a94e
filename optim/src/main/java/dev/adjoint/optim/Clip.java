package dev.adjoint.optim;

import dev.adjoint.api.DType;
import dev.adjoint.api.Params;
import dev.adjoint.api.Tensor;

/**
 * Gradient transforms applied before an optimizer step: element-wise clipping by value and clipping by the global
 * L2 norm over the whole tree.
 */
public final class Clip {
    private Clip() {
    }

    /** Every component clipped to {@code [-limit, limit]} (NaN stays NaN). */
    public static Params byValue(Params grads, double limit) {
        if (!(limit >= 0)) {
            throw new IllegalArgumentException("Clip.byValue: the limit must be >= 0, got " + limit);
        }
        return grads.map((name, g) -> g.clamp(-limit, limit));
    }

    /** The L2 norm of all components of the tree together, accumulated in float64; 0 for an empty tree. */
    public static double globalNorm(Params grads) {
        double sum = 0;
        for (var e : grads) {
            Tensor g = e.getValue();
            if (g.size() == 0) {
                continue;
            }
            Tensor wide = g.dtype() == DType.FLOAT64 ? g : g.cast(DType.FLOAT64);
            sum += wide.square().sum().item();
        }
        return Math.sqrt(sum);
    }

    /**
     * The tree scaled so that its global norm is at most {@code maxNorm}: every tensor times
     * {@code maxNorm / max(norm, maxNorm)} (as TensorFlow's clip_by_global_norm and optax; no epsilon), and the
     * norm before clipping. Trees within the bound come back unchanged. A NaN norm makes every component NaN.
     */
    public static Clipped byGlobalNorm(Params grads, double maxNorm) {
        if (!(maxNorm > 0)) {
            throw new IllegalArgumentException("Clip.byGlobalNorm: maxNorm must be > 0, got " + maxNorm);
        }
        double norm = globalNorm(grads);
        if (norm <= maxNorm) {
            return new Clipped(grads, norm);
        }
        double scale = maxNorm / Math.max(norm, maxNorm);
        return new Clipped(grads.map((name, g) -> g.mul(scale)), norm);
    }

    /** Clipped gradients and the global norm they had before clipping. */
    public record Clipped(Params grads, double norm) {
    }
}
