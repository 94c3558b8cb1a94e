package dev.adjoint.nn;

import dev.adjoint.api.DType;
import dev.adjoint.api.OpException;
import dev.adjoint.api.Params;
import dev.adjoint.api.RandomKey;
import dev.adjoint.api.Tensor;
import java.util.Arrays;

/**
 * Group normalization, PyTorch's {@code nn.GroupNorm}: the channels of an input {@code [N, C, spatial...]} are
 * split into {@code groups} consecutive groups, and each sample's group is standardized over its
 * {@code C/groups} channels and all spatial positions (biased variance, {@code eps} inside the square root);
 * then, when affine, scaled by {@code weight [C]} (initially ones) and shifted by {@code bias [C]} (initially
 * zeros) per channel. The forward pass works in the dtype of the input.
 */
public final class GroupNorm implements Layer {
    private final int groups;
    private final int channels;
    private final double eps;
    private final boolean affine;
    private final DType dtype;

    /** Group normalization with eps 1e-5 and an affine transform. */
    public GroupNorm(int groups, int channels) {
        this(groups, channels, 1e-5, true);
    }

    /** Group normalization with the given eps, with or without the affine transform. */
    public GroupNorm(int groups, int channels, double eps, boolean affine) {
        this(groups, channels, eps, affine, DType.FLOAT32);
    }

    private GroupNorm(int groups, int channels, double eps, boolean affine, DType dtype) {
        if (groups < 1 || channels < 1 || channels % groups != 0) {
            throw new IllegalArgumentException("GroupNorm: " + groups + " groups of " + channels
                    + " channels; expected groups >= 1 dividing channels >= 1");
        }
        Normalization.checkEps("GroupNorm", eps);
        Initializers.requireFloat("GroupNorm", dtype);
        this.groups = groups;
        this.channels = channels;
        this.eps = eps;
        this.affine = affine;
        this.dtype = dtype;
    }

    /** The same layer whose {@link #init} creates parameters in {@code dtype}. */
    public GroupNorm withDType(DType dtype) {
        return new GroupNorm(groups, channels, eps, affine, dtype);
    }

    /** The number of groups. */
    public int groups() {
        return groups;
    }

    /** The number of channels. */
    public int channels() {
        return channels;
    }

    /** The constant added to the variance. */
    public double eps() {
        return eps;
    }

    /** {@code weight} = ones and {@code bias} = zeros, both {@code [C]}; nothing without affine. */
    @Override
    public Params init(RandomKey key) {
        if (!affine) {
            return Params.empty();
        }
        return Params.of("weight", Initializers.ones(new int[] {channels}, dtype),
                "bias", Initializers.zeros(new int[] {channels}, dtype));
    }

    @Override
    public Tensor apply(Params params, Tensor input, Context context) {
        int rank = input.rank();
        if (rank < 2 || input.dim(1) != channels) {
            throw new OpException.ShapeException(describe(), "input of shape " + input.shape()
                    + "; expected [batch, " + channels + ", spatial...]");
        }
        int[] dims = input.shape().dims();
        int perGroup = channels / groups;
        for (int a = 2; a < rank; a++) {
            perGroup *= dims[a];
        }
        Tensor y = Normalization.standardize(input.reshape(dims[0], groups, perGroup), new int[] {2}, eps)
                .reshape(dims);
        if (!affine) {
            return y;
        }
        int[] s = new int[rank];
        Arrays.fill(s, 1);
        s[1] = channels;
        return y.mul(params.get("weight").reshape(s)).add(params.get("bias").reshape(s));
    }

    @Override
    public String describe() {
        return "GroupNorm(" + groups + ", " + channels + (eps == 1e-5 ? "" : ", eps=" + eps)
                + (affine ? "" : ", affine=false") + ")";
    }

    @Override
    public String toString() {
        return describe();
    }
}
