package dev.adjoint.nn;

import dev.adjoint.api.ConvOptions;
import dev.adjoint.api.DType;
import dev.adjoint.api.Params;
import dev.adjoint.api.RandomKey;
import dev.adjoint.api.Tensor;

/**
 * A 1-3D convolution layer, PyTorch's {@code nn.Conv1d/2d/3d}: cross-correlation of an input
 * {@code [N, in, spatial...]} (or unbatched {@code [in, spatial...]}) with {@code weight [out, in/groups, k...]}
 * plus {@code bias [out]}. Stride, dilation, groups, explicit, "same" and periodic (circular) padding come from
 * {@link ConvOptions}. Both parameters start as {@code U(-1/sqrt(fanIn), 1/sqrt(fanIn))} with
 * {@code fanIn = in/groups * prod(k)}, PyTorch's default. The forward pass works in the dtype of the
 * parameters; {@link #withDType} only chooses the dtype {@link #init} creates.
 */
public final class Conv implements Layer {
    private final int dims;
    private final int in;
    private final int out;
    private final int[] kernel;
    private final ConvOptions options;
    private final boolean bias;
    private final DType dtype;

    /** A convolution with a bias and a cubic kernel of size {@code kernel}. */
    public Conv(int dims, int in, int out, int kernel, ConvOptions options) {
        this(dims, in, out, kernel, options, true);
    }

    /** A convolution with a cubic kernel of size {@code kernel}, with or without a bias. */
    public Conv(int dims, int in, int out, int kernel, ConvOptions options, boolean bias) {
        this(dims, in, out, ConvSupport.kernel(dims, kernel), options, bias);
    }

    /** A convolution with per-axis kernel sizes ({@code kernel.length == dims}), with or without a bias. */
    public Conv(int dims, int in, int out, int[] kernel, ConvOptions options, boolean bias) {
        this(dims, in, out, kernel.clone(), options, bias, DType.FLOAT32);
    }

    private Conv(int dims, int in, int out, int[] kernel, ConvOptions options, boolean bias, DType dtype) {
        ConvSupport.checkConfig("Conv", dims, in, out, kernel, options);
        Initializers.requireFloat("Conv", dtype);
        this.dims = dims;
        this.in = in;
        this.out = out;
        this.kernel = kernel;
        this.options = options;
        this.bias = bias;
        this.dtype = dtype;
    }

    /** The same layer whose {@link #init} creates parameters in {@code dtype}. */
    public Conv withDType(DType dtype) {
        return new Conv(dims, in, out, kernel, options, bias, dtype);
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

    /** The shape of the weight, {@code [out, in/groups, k...]}. */
    public int[] weightShape() {
        return ConvSupport.weightShape(out, in / options.groups(), kernel);
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
        Tensor y = x.conv(params.get("weight"), options);
        return ConvSupport.finish(y, bias ? params.get("bias") : null, dims, x != input);
    }

    @Override
    public String describe() {
        return ConvSupport.describe("Conv", dims, in, out, kernel, options, bias, false);
    }

    @Override
    public String toString() {
        return describe();
    }
}
