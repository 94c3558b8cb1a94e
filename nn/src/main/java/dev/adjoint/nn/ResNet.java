package dev.adjoint.nn;

import dev.adjoint.api.ConvOptions;
import dev.adjoint.api.OpException;
import dev.adjoint.api.Params;
import dev.adjoint.api.RandomKey;
import dev.adjoint.api.Tensor;

/**
 * A stack of residual blocks at constant resolution, e.g. a solver-in-the-loop corrector: {@code stem} (3x3
 * convolution to {@code filters} channels), {@code block0 .. block<n-1>} ({@link ResidualBlock}s), then
 * {@code head/norm}, activation and {@code head/conv} (1x1 convolution to the output channels). Maps
 * {@code [N, in, spatial...]} to {@code [N, out, spatial...]} of the same spatial size.
 */
public final class ResNet implements Layer {
    private final int dims;
    private final int in;
    private final int out;
    private final int filters;
    private final int blocks;
    private final boolean periodic;
    private final Activation activation;
    private final Conv stem;
    private final ResidualBlock[] body;
    private final GroupNorm headNorm;
    private final Conv headConv;

    /**
     * A residual network.
     *
     * @param blocks the number of residual blocks (0 allowed: stem and head only)
     * @param groups the requested GroupNorm group count, clamped to a divisor of {@code filters}
     */
    public ResNet(int dims, int in, int out, int filters, int blocks, boolean periodic, int groups,
            Activation activation) {
        if (dims < 1 || dims > 3 || in < 1 || out < 1 || filters < 1 || blocks < 0 || groups < 1
                || activation == null) {
            throw new IllegalArgumentException("ResNet: expected dims in 1..3, positive in, out, filters and groups,"
                    + " blocks >= 0 and an activation, got dims " + dims + ", in " + in + ", out " + out
                    + ", filters " + filters + ", blocks " + blocks + ", groups " + groups + ", activation "
                    + activation);
        }
        this.dims = dims;
        this.in = in;
        this.out = out;
        this.filters = filters;
        this.blocks = blocks;
        this.periodic = periodic;
        this.activation = activation;
        this.stem = new Conv(dims, in, filters, 3, ResidualBlock.sameOptions(periodic));
        this.body = new ResidualBlock[blocks];
        for (int i = 0; i < blocks; i++) {
            body[i] = new ResidualBlock(dims, filters, filters, 0, groups, activation, periodic);
        }
        this.headNorm = new GroupNorm(ResidualBlock.groupsFor(groups, filters), filters);
        this.headConv = new Conv(dims, filters, out, 1, ConvOptions.defaults());
    }

    @Override
    public Params init(RandomKey key) {
        Params p = stem.init(key.foldIn(0)).prefixed("stem");
        for (int i = 0; i < blocks; i++) {
            p = p.merge(body[i].init(key.foldIn(1 + i)).prefixed("block" + i));
        }
        return p.merge(headNorm.init(key.foldIn(1 + blocks)).prefixed("head/norm"))
                .merge(headConv.init(key.foldIn(2 + blocks)).prefixed("head/conv"));
    }

    @Override
    public Tensor apply(Params params, Tensor x, Context context) {
        if (x.rank() != dims + 2 || x.dim(1) != in) {
            throw new OpException.ShapeException("ResNet", "expected input [N, " + in + ", " + dims
                    + " spatial axes], got shape " + x.shape());
        }
        Context ctx = context == null ? Context.inference() : context;
        Tensor h = stem.apply(params.subtree("stem"), x, ctx.child(0));
        for (int i = 0; i < blocks; i++) {
            h = body[i].apply(params.subtree("block" + i), h, ctx.child(1 + i));
        }
        h = headNorm.apply(params.subtree("head/norm"), h, ctx.child(1 + blocks));
        h = activation.apply(h);
        return headConv.apply(params.subtree("head/conv"), h, ctx.child(2 + blocks));
    }

    @Override
    public String describe() {
        return "ResNet(" + dims + "D, " + in + " -> " + out + ", filters " + filters + ", blocks " + blocks
                + (periodic ? ", periodic" : "") + ")";
    }
}
