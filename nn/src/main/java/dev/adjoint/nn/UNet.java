package dev.adjoint.nn;

import dev.adjoint.api.ConvOptions;
import dev.adjoint.api.OpException;
import dev.adjoint.api.Params;
import dev.adjoint.api.RandomKey;
import dev.adjoint.api.Tensor;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A U-Net on {@code [N, inChannels, spatial...]} fields in 1-3 dimensions, returning {@code [N, outChannels,
 * spatial...]} of the same spatial size (odd sizes included).
 *
 * <p>Architecture (level {@code i} has {@code c_i = baseFilters * 2^i} channels):
 * <ul>
 *   <li>{@code stem}: 3x3 convolution to {@code c_0};</li>
 *   <li>{@code down<i>/block<b>}: residual blocks; then, except on the last level, the output is kept as the
 *       skip of level {@code i} and {@code down<i>/downsample}, a 3x3 stride-2 convolution, halves the size
 *       (rounding up);</li>
 *   <li>{@code mid}: one residual block at the coarsest level;</li>
 *   <li>{@code up<i>/upsample} (from level {@code i+1} down to 0): a stride-2 transposed convolution, or nearest
 *       upsampling and a 3x3 convolution, to {@code c_i} channels; the result is cropped or padded to the skip's
 *       size and concatenated with it along channels; then residual blocks {@code up<i>/block<b>};</li>
 *   <li>{@code head/norm}, activation, {@code head/conv}: GroupNorm and a 1x1 convolution to the output.</li>
 * </ul>
 * With time conditioning, {@link Context#condition()} (shape {@code []}, {@code [N]} or {@code [N, 1]}) is
 * mapped by a {@link SinusoidalEmbedding} and the MLP {@code time/dense0}, activation, {@code time/dense1} to an
 * embedding that every residual block adds, projected, to its features.
 */
public final class UNet implements Layer {
    private final UNetConfig config;
    private final Map<String, Layer> children = new LinkedHashMap<>();
    private final Map<String, Integer> childIndex = new LinkedHashMap<>();
    private final SinusoidalEmbedding embedding;

    /** The network described by {@code config}. */
    public UNet(UNetConfig config) {
        this.config = config;
        int dims = config.dims();
        int levels = config.levels();
        int blocks = config.blocksPerLevel();
        boolean periodic = config.periodic();
        int timeDim = config.timeConditioning() ? config.timeDim() : 0;
        Activation act = config.activation();
        ConvOptions same = ResidualBlock.sameOptions(periodic);

        add("stem", new Conv(dims, config.inChannels(), config.channels(0), 3, same));
        if (config.timeConditioning()) {
            embedding = new SinusoidalEmbedding(config.sinusoidalDim());
            add("time/dense0", new Dense(config.sinusoidalDim(), timeDim));
            add("time/dense1", new Dense(timeDim, timeDim));
        } else {
            embedding = null;
        }
        ConvOptions down = ConvOptions.defaults().stride(2).padding(1);
        if (periodic) {
            down = down.periodic();
        }
        int channels = config.channels(0);
        for (int i = 0; i < levels; i++) {
            int c = config.channels(i);
            for (int b = 0; b < blocks; b++) {
                add("down" + i + "/block" + b, block(channels, c, timeDim));
                channels = c;
            }
            if (i < levels - 1) {
                add("down" + i + "/downsample", new Conv(dims, c, c, 3, down));
            }
        }
        add("mid", block(channels, channels, timeDim));
        for (int i = levels - 2; i >= 0; i--) {
            int c = config.channels(i);
            Layer upsample = config.upsampling() == UNetConfig.Upsampling.TRANSPOSED_CONV
                    ? new ConvTranspose(dims, channels, c, 2, ConvOptions.defaults().stride(2))
                    : new Conv(dims, channels, c, 3, same);
            add("up" + i + "/upsample", upsample);
            channels = 2 * c;
            for (int b = 0; b < blocks; b++) {
                add("up" + i + "/block" + b, block(channels, c, timeDim));
                channels = c;
            }
        }
        add("head/norm", new GroupNorm(ResidualBlock.groupsFor(config.groups(), channels), channels));
        add("head/conv", new Conv(dims, channels, config.outChannels(), 1, ConvOptions.defaults()));
    }

    private ResidualBlock block(int in, int out, int timeDim) {
        return new ResidualBlock(config.dims(), in, out, timeDim, config.groups(), config.activation(),
                config.periodic());
    }

    private void add(String name, Layer layer) {
        childIndex.put(name, children.size());
        children.put(name, layer);
    }

    /** The configuration. */
    public UNetConfig config() {
        return config;
    }

    /** The named sub-layers in parameter order (e.g. {@code down0/block0}, {@code up1/upsample}). */
    public Map<String, Layer> children() {
        return Collections.unmodifiableMap(children);
    }

    @Override
    public Params init(RandomKey key) {
        Params p = Params.empty();
        for (Map.Entry<String, Layer> e : children.entrySet()) {
            p = p.merge(e.getValue().init(key.foldIn(childIndex.get(e.getKey()))).prefixed(e.getKey()));
        }
        return p;
    }

    @Override
    public Tensor apply(Params params, Tensor x, Context context) {
        int dims = config.dims();
        if (x.rank() != dims + 2 || x.dim(1) != config.inChannels()) {
            throw new OpException.ShapeException("UNet", "expected input [N, " + config.inChannels() + ", " + dims
                    + " spatial axes], got shape " + x.shape());
        }
        Context ctx = context == null ? Context.inference() : context;
        Context blockContext = ctx;
        if (embedding != null) {
            blockContext = ctx.withCondition(timeEmbedding(params, x, ctx));
        }
        Tensor h = run("stem", params, x, ctx);
        List<Tensor> skips = new ArrayList<>();
        int levels = config.levels();
        for (int i = 0; i < levels; i++) {
            for (int b = 0; b < config.blocksPerLevel(); b++) {
                h = run("down" + i + "/block" + b, params, h, blockContext);
            }
            if (i < levels - 1) {
                skips.add(h);
                h = run("down" + i + "/downsample", params, h, ctx);
            }
        }
        h = run("mid", params, h, blockContext);
        for (int i = levels - 2; i >= 0; i--) {
            Tensor skip = skips.get(i);
            if (config.upsampling() == UNetConfig.Upsampling.NEAREST_CONV) {
                h = Resize.nearest(h, 2);
            }
            h = run("up" + i + "/upsample", params, h, ctx);
            h = Resize.toSpatialSize(h, skip, config.periodic());
            h = Tensor.concat(1, h, skip);
            for (int b = 0; b < config.blocksPerLevel(); b++) {
                h = run("up" + i + "/block" + b, params, h, blockContext);
            }
        }
        h = run("head/norm", params, h, ctx);
        h = config.activation().apply(h);
        return run("head/conv", params, h, ctx);
    }

    /** The conditioning embedding {@code [N or 1, timeDim]} of the context's condition. */
    private Tensor timeEmbedding(Params params, Tensor x, Context ctx) {
        Tensor t = ctx.condition();
        if (t == null) {
            throw new IllegalArgumentException("UNet: time conditioning is on but the context has no condition;"
                    + " pass e.g. Context.inference().withCondition(times) with times of shape [" + x.dim(0) + "]");
        }
        int n = t.size();
        if (t.rank() > 2 || (t.rank() == 2 && t.dim(1) != 1) || (n != 1 && n != x.dim(0))) {
            throw new OpException.ShapeException("UNet", "expected a condition of shape [], [N] or [N, 1] with N = "
                    + x.dim(0) + " (the batch) or 1, got shape " + t.shape());
        }
        if (t.dtype() != x.dtype()) {
            t = t.cast(x.dtype());
        }
        Tensor e = embedding.apply(Params.empty(), t, ctx);
        e = run("time/dense0", params, e, ctx);
        e = config.activation().apply(e);
        return run("time/dense1", params, e, ctx);
    }

    private Tensor run(String name, Params params, Tensor x, Context ctx) {
        return children.get(name).apply(params.subtree(name), x, ctx.child(childIndex.get(name)));
    }

    @Override
    public String describe() {
        return "UNet(" + config.dims() + "D, " + config.inChannels() + " -> " + config.outChannels() + ", levels "
                + config.levels() + ", base " + config.baseFilters() + ", blocks " + config.blocksPerLevel()
                + (config.periodic() ? ", periodic" : "") + (config.timeConditioning() ? ", time" : "") + ")";
    }
}
