package dev.adjoint.nn;

import dev.adjoint.api.DType;
import dev.adjoint.api.OpException;
import dev.adjoint.api.Params;
import dev.adjoint.api.RandomKey;
import dev.adjoint.api.Tensor;

/**
 * A fully connected layer, PyTorch's {@code nn.Linear}: {@code y = x W^T + b} for an input {@code [..., in]}
 * and an output {@code [..., out]}. Parameters: {@code weight [out, in]} and, with a bias, {@code bias [out]},
 * both initialized to {@code U(-1/sqrt(in), 1/sqrt(in))} (see {@link Initializers#defaultUniform}).
 * The forward pass works in the dtype of the parameters; {@link #withDType} only chooses the dtype {@link #init}
 * creates.
 */
public final class Dense implements Layer {
    private final int in;
    private final int out;
    private final boolean bias;
    private final DType dtype;

    /** A dense layer {@code in -> out} with a bias. */
    public Dense(int in, int out) {
        this(in, out, true);
    }

    /** A dense layer {@code in -> out}, with or without a bias. */
    public Dense(int in, int out, boolean bias) {
        this(in, out, bias, DType.FLOAT32);
    }

    private Dense(int in, int out, boolean bias, DType dtype) {
        if (in < 1 || out < 1) {
            throw new IllegalArgumentException("Dense: sizes " + in + " -> " + out + "; expected in >= 1 and out >= 1");
        }
        Initializers.requireFloat("Dense", dtype);
        this.in = in;
        this.out = out;
        this.bias = bias;
        this.dtype = dtype;
    }

    /** The same layer whose {@link #init} creates parameters in {@code dtype}. */
    public Dense withDType(DType dtype) {
        return new Dense(in, out, bias, dtype);
    }

    /** The input features. */
    public int in() {
        return in;
    }

    /** The output features. */
    public int out() {
        return out;
    }

    /** Whether the layer adds a bias. */
    public boolean hasBias() {
        return bias;
    }

    /** The dtype of the parameters {@link #init} creates. */
    public DType dtype() {
        return dtype;
    }

    @Override
    public Params init(RandomKey key) {
        RandomKey[] keys = key.split(2);
        Params p = Params.of("weight", Initializers.defaultUniform(keys[0], new int[] {out, in}, in, dtype));
        return bias ? p.with("bias", Initializers.defaultUniform(keys[1], new int[] {out}, in, dtype)) : p;
    }

    @Override
    public Tensor apply(Params params, Tensor input, Context context) {
        int rank = input.rank();
        if (rank < 1 || input.dim(rank - 1) != in) {
            throw new OpException.ShapeException(describe(), "input of shape " + input.shape()
                    + "; expected shape (..., " + in + ")");
        }
        int[] dims = input.shape().dims();
        int rows = input.size() / in;
        Tensor y = Tensor.matmul(input.reshape(rows, in), params.get("weight"), false, true);
        if (bias) {
            y = y.add(params.get("bias"));
        }
        dims[rank - 1] = out;
        return y.reshape(dims);
    }

    @Override
    public String describe() {
        return "Dense(" + in + " -> " + out + (bias ? "" : ", bias=false") + ")";
    }

    @Override
    public String toString() {
        return describe();
    }
}
