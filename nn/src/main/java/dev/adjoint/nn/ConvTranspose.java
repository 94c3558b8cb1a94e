package dev.adjoint.nn;

import dev.adjoint.api.ConvOptions;
import dev.adjoint.api.DType;
import dev.adjoint.api.Params;
import dev.adjoint.api.RandomKey;
import dev.adjoint.api.Tensor;

/**
 * A 1-3D transposed convolution layer, PyTorch's {@code nn.ConvTranspose1d/2d/3d}: an input
 * {@code [N, in, spatial...]} (or unbatched {@code [in, spatial...]}) through {@code weight [in, out/groups, k...]}
 * plus {@code bias [out]}; the output size per axis is {@code (size - 1) * stride - 2 * padding + dilation * (k - 1)
 * + outputPadding + 1}. Both parameters start as {@code U(-1/sqrt(fanIn), 1/sqrt(fanIn))} where, as in PyTorch,
 * {@code fanIn} is computed from the weight's shape: {@code out/groups * prod(k)}. The forward pass works in the
 * dtype of the parameters; {@link #withDType} only chooses the dtype {@link #init} creates.
 */
public final class ConvTranspose implements Layer {
    private final int dims;
    private final int in;
    private final int out;
    private final int[] kernel;
    private final ConvOptions options;
    private final boolean bias;
    private final DType dtype;

    /** A transposed convolution with a bias and a cubic kernel of size {@code kernel}. */
    public ConvTranspose(int dims, int in, int out, int kernel, ConvOptions options) {
        this(dims, in, out, kernel, options, true);
    }

    /** A transposed convolution with a cubic kernel of size {@code kernel}, with or without a bias. */
    public ConvTranspose(int dims, int in, int out, int kernel, ConvOptions options, boolean bias) {
        this(dims, in, out, ConvSupport.kernel(dims, kernel), options, bias);
    }

    /** A transposed convolution with per-axis kernel sizes ({@code kernel.length == dims}). */
    public ConvTranspose(int dims, int in, int out, int[] kernel, ConvOptions options, boolean bias) {
        this(dims, in, out, kernel.clone(), options, bias, DType.FLOAT32);
    }

    private ConvTranspose(int dims, int in, int out, int[] kernel, ConvOptions options, boolean bias,
            DType dtype) {
        ConvSupport.checkConfig("ConvTranspose", dims, in, out, kernel, options);
        Initializers.requireFloat("ConvTranspose", dtype);
        if (options.isSamePadding()) {
            throw new IllegalArgumentException("ConvTranspose: same padding is not defined for a transposed"
                    + " convolution; expected explicit padding");
        }
        this.dims = dims;
        this.in = in;
        this.out = out;
        this.kernel = kernel;
        this.options = options;
        this.bias = bias;
        this.dtype = dtype;
    }

    /** The same layer whose {@link #init} creates parameters in {@code dtype}. */
    public ConvTranspose withDType(DType dtype) {
        return new ConvTranspose(dims, in, out, kernel, options, bias, dtype);
    }

    /** The number of spatial dimensions. */
    public int dims() {
        return dims;
    }

    /** The input channels. */
    public int in() {
        return in;
    }

    /** The output channels. */
    public int out() {
        return out;
    }

    /** The kernel size per spatial axis. */
    public int[] kernel() {
        return kernel.clone();
    }

    /** The convolution options. */
    public ConvOptions options() {
        return options;
    }

    /** The shape of the weight, {@code [in, out/groups, k...]}. */
    public int[] weightShape() {
        return ConvSupport.weightShape(in, out / options.groups(), kernel);
    }

    @Override
    public Params init(RandomKey key) {
        RandomKey[] keys = key.split(2);
        int[] shape = weightShape();
        int fanIn = Initializers.fanIn(shape);
        Params p = Params.of("weight", Initializers.defaultUniform(keys[0], shape, fanIn, dtype));
        return bias ? p.with("bias", Initializers.defaultUniform(keys[1], new int[] {out}, fanIn, dtype)) : p;
    }

    @Override
    public Tensor apply(Params params, Tensor input, Context context) {
        Tensor x = ConvSupport.batched(describe(), input, dims, in);
        Tensor y = x.convTranspose(params.get("weight"), options);
        return ConvSupport.finish(y, bias ? params.get("bias") : null, dims, x != input);
    }

    @Override
    public String describe() {
        return ConvSupport.describe("ConvTranspose", dims, in, out, kernel, options, bias, true);
    }

    @Override
    public String toString() {
        return describe();
    }
}
