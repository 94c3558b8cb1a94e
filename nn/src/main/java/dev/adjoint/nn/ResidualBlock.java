package dev.adjoint.nn;

import dev.adjoint.api.ConvOptions;
import dev.adjoint.api.OpException;
import dev.adjoint.api.Params;
import dev.adjoint.api.RandomKey;
import dev.adjoint.api.Tensor;
import java.util.Arrays;

/**
 * A pre-activation residual block on {@code [N, C, spatial...]} fields, as in DDPM's U-Net:
 * {@code h = conv1(act(norm1(x)))}, plus (when time-conditioned) {@code time(act(e))} broadcast over space,
 * then {@code h = conv2(act(norm2(h)))}; the result is {@code skip(x) + h}, where {@code skip} is a 1x1
 * convolution when the channel count changes and the identity otherwise. Both convolutions are 3x3 with
 * "same" padding, periodic when asked.
 *
 * <p>Parameters: {@code norm1/*}, {@code conv1/*}, {@code time/*} (only when conditioned), {@code norm2/*},
 * {@code conv2/*}, {@code skip/*} (only when the channels change). A conditioned block reads the embedding
 * {@code e} of shape {@code [N, timeDim]} (or {@code [1, timeDim]}) from {@link Context#condition()}.
 */
public final class ResidualBlock implements Layer {
    private final int dims;
    private final int in;
    private final int out;
    private final int timeDim;
    private final Activation activation;
    private final GroupNorm norm1;
    private final Conv conv1;
    private final Dense time;
    private final GroupNorm norm2;
    private final Conv conv2;
    private final Conv skip;

    /**
     * A block from {@code in} to {@code out} channels over {@code dims} spatial axes.
     *
     * @param timeDim the width of the conditioning embedding, or 0 for an unconditioned block
     * @param groups the requested GroupNorm group count, lowered to the largest divisor of each channel count
     */
    public ResidualBlock(int dims, int in, int out, int timeDim, int groups, Activation activation, boolean periodic) {
        if (dims < 1 || dims > 3 || in < 1 || out < 1 || timeDim < 0 || groups < 1) {
            throw new IllegalArgumentException("ResidualBlock: expected dims in 1..3, positive channels and groups"
                    + " and timeDim >= 0, got dims " + dims + ", in " + in + ", out " + out + ", timeDim " + timeDim
                    + ", groups " + groups);
        }
        if (activation == null) {
            throw new IllegalArgumentException("ResidualBlock: activation must not be null");
        }
        this.dims = dims;
        this.in = in;
        this.out = out;
        this.timeDim = timeDim;
        this.activation = activation;
        ConvOptions same = sameOptions(periodic);
        this.norm1 = new GroupNorm(groupsFor(groups, in), in);
        this.conv1 = new Conv(dims, in, out, 3, same);
        this.time = timeDim > 0 ? new Dense(timeDim, out) : null;
        this.norm2 = new GroupNorm(groupsFor(groups, out), out);
        this.conv2 = new Conv(dims, out, out, 3, same);
        this.skip = in != out ? new Conv(dims, in, out, 1, ConvOptions.defaults()) : null;
    }

    /** An unconditioned block with 8 groups (clamped) and zero-padded convolutions. */
    public ResidualBlock(int dims, int in, int out, Activation activation) {
        this(dims, in, out, 0, 8, activation, false);
    }

    /** The largest divisor of {@code channels} that does not exceed {@code requested}. */
    static int groupsFor(int requested, int channels) {
        for (int g = Math.min(requested, channels); g > 1; g--) {
            if (channels % g == 0) {
                return g;
            }
        }
        return 1;
    }

    /** Stride-1 "same" padding, periodic when asked. */
    static ConvOptions sameOptions(boolean periodic) {
        ConvOptions o = ConvOptions.defaults().samePadding();
        return periodic ? o.periodic() : o;
    }

    /** The input channel count. */
    public int inChannels() {
        return in;
    }

    /** The output channel count. */
    public int outChannels() {
        return out;
    }

    /** The width of the conditioning embedding, 0 when unconditioned. */
    public int timeDim() {
        return timeDim;
    }

    @Override
    public Params init(RandomKey key) {
        Params p = norm1.init(key.foldIn(0)).prefixed("norm1")
                .merge(conv1.init(key.foldIn(1)).prefixed("conv1"));
        if (time != null) {
            p = p.merge(time.init(key.foldIn(2)).prefixed("time"));
        }
        p = p.merge(norm2.init(key.foldIn(3)).prefixed("norm2"))
                .merge(conv2.init(key.foldIn(4)).prefixed("conv2"));
        if (skip != null) {
            p = p.merge(skip.init(key.foldIn(5)).prefixed("skip"));
        }
        return p;
    }

    @Override
    public Tensor apply(Params params, Tensor x, Context context) {
        if (x.rank() != dims + 2 || x.dim(1) != in) {
            throw new OpException.ShapeException("ResidualBlock", "expected input [N, " + in + ", " + dims
                    + " spatial axes], got shape " + x.shape());
        }
        Context ctx = context == null ? Context.inference() : context;
        Tensor h = norm1.apply(params.subtree("norm1"), x, ctx.child(0));
        h = activation.apply(h);
        h = conv1.apply(params.subtree("conv1"), h, ctx.child(1));
        if (time != null) {
            h = h.add(timeBias(params, ctx));
        }
        h = norm2.apply(params.subtree("norm2"), h, ctx.child(3));
        h = activation.apply(h);
        h = conv2.apply(params.subtree("conv2"), h, ctx.child(4));
        Tensor shortcut = skip == null ? x : skip.apply(params.subtree("skip"), x, ctx.child(5));
        return shortcut.add(h);
    }

    /** The projected embedding, shaped {@code [N, out, 1, ...]} to broadcast over space. */
    private Tensor timeBias(Params params, Context context) {
        Tensor e = context.condition();
        if (e == null || e.rank() != 2 || e.dim(1) != timeDim) {
            throw new OpException.ShapeException("ResidualBlock", "a time-conditioned block needs context.condition()"
                    + " of shape [N, " + timeDim + "], got " + (e == null ? "none" : "shape " + e.shape()));
        }
        Tensor a = activation.apply(e);
        Tensor proj = time.apply(params.subtree("time"), a, context.child(2));
        int[] shape = new int[dims + 2];
        Arrays.fill(shape, 1);
        shape[0] = proj.dim(0);
        shape[1] = out;
        return proj.reshape(shape);
    }

    @Override
    public String describe() {
        return "ResidualBlock(" + dims + "D, " + in + " -> " + out + (timeDim > 0 ? ", time " + timeDim : "") + ")";
    }
}
