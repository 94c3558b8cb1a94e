package dev.adjoint.nn;

import dev.adjoint.api.DType;
import dev.adjoint.api.OpException;
import dev.adjoint.api.Params;
import dev.adjoint.api.RandomKey;
import dev.adjoint.api.Shape;
import dev.adjoint.api.Tensor;
import java.util.Arrays;

/**
 * Layer normalization, PyTorch's {@code nn.LayerNorm}: an input {@code [..., normalizedShape]} is standardized
 * over its trailing {@code normalizedShape} axes (biased variance, {@code eps} 1e-5 inside the square root),
 * then, when affine, scaled by {@code weight [normalizedShape]} (initially ones) and shifted by
 * {@code bias [normalizedShape]} (initially zeros) element by element. The forward pass works in the dtype of
 * the input.
 */
public final class LayerNorm implements Layer {
    private final int[] normalizedShape;
    private final double eps;
    private final boolean affine;
    private final DType dtype;

    /** Layer normalization over the trailing {@code normalizedShape} with eps 1e-5 and an affine transform. */
    public LayerNorm(int... normalizedShape) {
        this(normalizedShape, 1e-5, true);
    }

    /** Layer normalization with the given eps, with or without the affine transform. */
    public LayerNorm(int[] normalizedShape, double eps, boolean affine) {
        this(normalizedShape.clone(), eps, affine, DType.FLOAT32);
    }

    private LayerNorm(int[] normalizedShape, double eps, boolean affine, DType dtype) {
        if (normalizedShape.length == 0) {
            throw new IllegalArgumentException("LayerNorm: empty normalized shape; expected at least one axis");
        }
        for (int d : normalizedShape) {
            if (d < 1) {
                throw new IllegalArgumentException("LayerNorm: normalized shape " + Arrays.toString(normalizedShape)
                        + "; expected every dimension >= 1");
            }
        }
        Normalization.checkEps("LayerNorm", eps);
        Initializers.requireFloat("LayerNorm", dtype);
        this.normalizedShape = normalizedShape;
        this.eps = eps;
        this.affine = affine;
        this.dtype = dtype;
    }

    /** The same layer whose {@link #init} creates parameters in {@code dtype}. */
    public LayerNorm withDType(DType dtype) {
        return new LayerNorm(normalizedShape, eps, affine, dtype);
    }

    /** The trailing shape that is normalized. */
    public int[] normalizedShape() {
        return normalizedShape.clone();
    }

    /** The constant added to the variance. */
    public double eps() {
        return eps;
    }

    /** {@code weight} = ones and {@code bias} = zeros, both of the normalized shape; nothing without affine. */
    @Override
    public Params init(RandomKey key) {
        if (!affine) {
            return Params.empty();
        }
        return Params.of("weight", Initializers.ones(normalizedShape, dtype),
                "bias", Initializers.zeros(normalizedShape, dtype));
    }

    @Override
    public Tensor apply(Params params, Tensor input, Context context) {
        int rank = input.rank();
        int k = normalizedShape.length;
        int[] dims = input.shape().dims();
        if (rank < k || !Arrays.equals(Arrays.copyOfRange(dims, rank - k, rank), normalizedShape)) {
            throw new OpException.ShapeException(describe(), "input of shape " + input.shape()
                    + "; expected trailing dimensions " + Shape.of(normalizedShape));
        }
        int[] axes = new int[k];
        for (int i = 0; i < k; i++) {
            axes[i] = rank - k + i;
        }
        Tensor y = Normalization.standardize(input, axes, eps);
        return affine ? y.mul(params.get("weight")).add(params.get("bias")) : y;
    }

    @Override
    public String describe() {
        return "LayerNorm(" + Shape.of(normalizedShape) + (eps == 1e-5 ? "" : ", eps=" + eps)
                + (affine ? "" : ", affine=false") + ")";
    }

    @Override
    public String toString() {
        return describe();
    }
}
