package dev.adjoint.api;

import dev.adjoint.api.spi.Backend;
import dev.adjoint.api.spi.ConvSpec;
import java.util.Arrays;

/**
 * Validation and dispatch of 1-3D convolution and transposed convolution with PyTorch's semantics; both
 * record exact adjoint rules for reverse-mode autodiff, to any order.
 */
final class Convolution {
    private Convolution() {
    }

    /**
     * Cross-correlation of {@code x [batch, in, size...]} with {@code w [out, in / groups, kernel...]}, like
     * PyTorch's {@code conv1d/2d/3d}; see {@link ConvOptions} for stride, dilation, groups and padding.
     */
    static Tensor conv(Tensor x, Tensor w, ConvOptions o) {
        String op = "conv";
        int dims = checkOperands(op, x, w, o);
        Shape xs = x.shape();
        Shape ws = w.shape();
        int groups = o.groups();
        int inChannels = xs.dim(1);
        int outChannels = ws.dim(0);
        if (inChannels % groups != 0 || outChannels % groups != 0 || ws.dim(1) * groups != inChannels) {
            throw new OpException.ShapeException(op, "input of shape " + xs + " and weight of shape " + ws
                    + " do not fit with groups=" + groups + "; expected input channels (" + inChannels
                    + ") and output channels (weight dim 0 = " + outChannels + ") divisible by groups and weight"
                    + " dim 1 equal to input channels / groups (" + (inChannels % groups == 0
                            ? String.valueOf(inChannels / groups) : inChannels + "/" + groups) + ")");
        }
        int[] stride = perAxis(op, "stride", o.stride(), dims, xs);
        int[] dilation = perAxis(op, "dilation", o.dilation(), dims, xs);
        int[] inSize = spatial(xs);
        int[] kernel = spatial(ws);
        int[] padBefore = new int[dims];
        int[] padAfter = new int[dims];
        if (o.isSamePadding()) {
            for (int d = 0; d < dims; d++) {
                if (stride[d] != 1) {
                    throw new OpException(op, "same padding needs stride 1 on every axis, got stride "
                            + Arrays.toString(o.stride()) + " (input shape " + xs + ", weight shape " + ws
                            + "); use explicit padding with strided convolutions");
                }
                int total = dilation[d] * (kernel[d] - 1);
                padBefore[d] = total / 2;
                padAfter[d] = total - padBefore[d];
            }
        } else {
            int[] padding = perAxis(op, "padding", o.padding(), dims, xs);
            padBefore = padding;
            padAfter = padding.clone();
        }
        if (o.isPeriodic()) {
            checkPeriodic(op, padBefore, padAfter, inSize, "input size", xs);
        }
        int[] outSize = new int[dims];
        for (int d = 0; d < dims; d++) {
            int extent = dilation[d] * (kernel[d] - 1) + 1;
            outSize[d] = Math.floorDiv(inSize[d] + padBefore[d] + padAfter[d] - extent, stride[d]) + 1;
            if (outSize[d] < 1) {
                throw new OpException.ShapeException(op, "spatial axis " + d + " of input shape " + xs
                        + " has size " + inSize[d] + ", padded by " + padBefore[d] + " + " + padAfter[d]
                        + ", which is smaller than the dilated kernel extent " + extent + " (kernel "
                        + kernel[d] + ", dilation " + dilation[d] + ", weight shape " + ws
                        + "); expected a padded input at least as large as the kernel extent");
            }
        }
        ConvSpec spec = new ConvSpec(dims, xs.dim(0), inChannels, outChannels, groups, inSize, kernel, outSize,
                stride, dilation, padBefore, o.isPeriodic());
        return forward(x, w, spec);
    }

    /**
     * Transposed convolution of {@code x [batch, in, size...]} with {@code w [in, out / groups, kernel...]},
     * like PyTorch's {@code conv_transpose1d/2d/3d}: the adjoint of the forward convolution that maps the
     * result's shape back to the input's.
     */
    static Tensor convTranspose(Tensor x, Tensor w, ConvOptions o) {
        String op = "convTranspose";
        int dims = checkOperands(op, x, w, o);
        Shape xs = x.shape();
        Shape ws = w.shape();
        if (o.isSamePadding()) {
            throw new OpException(op, "same padding is not defined for transposed convolution (input shape " + xs
                    + ", weight shape " + ws + "); expected explicit padding");
        }
        int groups = o.groups();
        int inChannels = xs.dim(1);
        if (inChannels % groups != 0 || ws.dim(0) != inChannels) {
            throw new OpException.ShapeException(op, "input of shape " + xs + " and weight of shape " + ws
                    + " do not fit with groups=" + groups + "; expected input channels (" + inChannels
                    + ") divisible by groups and equal to weight dim 0 (" + ws.dim(0)
                    + "), the weight being [in, out / groups, kernel...]");
        }
        int outChannels = ws.dim(1) * groups;
        int[] stride = perAxis(op, "stride", o.stride(), dims, xs);
        int[] dilation = perAxis(op, "dilation", o.dilation(), dims, xs);
        int[] padding = perAxis(op, "padding", o.padding(), dims, xs);
        int[] outputPadding = perAxis(op, "outputPadding", o.outputPadding(), dims, xs);
        int[] inSize = spatial(xs);
        int[] kernel = spatial(ws);
        int[] outSize = new int[dims];
        for (int d = 0; d < dims; d++) {
            if (outputPadding[d] >= Math.max(stride[d], dilation[d])) {
                throw new OpException(op, "outputPadding " + Arrays.toString(o.outputPadding()) + " is too large"
                        + " on spatial axis " + d + " for stride " + stride[d] + " and dilation " + dilation[d]
                        + " (input shape " + xs + "); expected outputPadding < max(stride, dilation)");
            }
            long size = (long) (inSize[d] - 1) * stride[d] - 2L * padding[d] + (long) dilation[d] * (kernel[d] - 1)
                    + outputPadding[d] + 1;
            if (inSize[d] < 1 || size < 1 || size > Integer.MAX_VALUE) {
                throw new OpException.ShapeException(op, "spatial axis " + d + " of input shape " + xs
                        + " has size " + inSize[d] + "; with kernel " + kernel[d] + " (weight shape " + ws
                        + "), stride " + stride[d] + ", dilation " + dilation[d] + ", padding " + padding[d]
                        + " and outputPadding " + outputPadding[d] + " the output size would be " + size
                        + "; expected an input size >= 1 and an output size >= 1");
            }
            outSize[d] = (int) size;
        }
        if (o.isPeriodic()) {
            checkPeriodic(op, padding, padding, outSize, "output size", xs);
        }
        // The forward conv whose adjoint this is maps [batch, outChannels, outSize] to [batch, inChannels, inSize].
        ConvSpec spec = new ConvSpec(dims, xs.dim(0), outChannels, inChannels, groups, outSize, kernel, inSize,
                stride, dilation, padding, o.isPeriodic());
        return transpose(x, w, spec);
    }

    // The three maps below are bilinear and each other's adjoints. Writing A_w x = forward(x, w):
    //   transpose(y, w) = A_w^T y,   <weightGrad(x, dy), G> = <forward(x, G), dy> = <x, transpose(dy, G)>.
    // Every rule is built from the other two maps, so gradients of any order stay exact, padding included.

    /**
     * The forward map of a validated spec: {@code x [batch, in, in...]} to {@code [batch, out, out...]}.
     * Backward: {@code dx = transpose(g, w)}, {@code dw = weightGrad(x, g)}.
     */
    static Tensor forward(Tensor x, Tensor w, ConvSpec spec) {
        Backend b = Tensor.commonBackend("conv", x, w);
        Tensor out = new Tensor(b, b.conv(x.storage(), w.storage(), spec),
                withSpatial(spec.batch(), spec.outChannels(), spec.outSize()));
        return Autodiff.record("conv", out, new Tensor[] {x, w}, (g, needed) -> new Tensor[] {
            needed[0] ? transpose(g, w, spec) : null,
            needed[1] ? weightGrad(x, g, spec) : null});
    }

    /**
     * The adjoint of {@link #forward} in its input: {@code y [batch, out, out...]} to {@code [batch, in, in...]}.
     * Backward: {@code dy = forward(g, w)}, {@code dw = weightGrad(g, y)}.
     */
    static Tensor transpose(Tensor y, Tensor w, ConvSpec spec) {
        Backend b = Tensor.commonBackend("convTranspose", y, w);
        Tensor out = new Tensor(b, b.convTranspose(y.storage(), w.storage(), spec),
                withSpatial(spec.batch(), spec.inChannels(), spec.inSize()));
        return Autodiff.record("convTranspose", out, new Tensor[] {y, w}, (g, needed) -> new Tensor[] {
            needed[0] ? forward(g, w, spec) : null,
            needed[1] ? weightGrad(g, y, spec) : null});
    }

    /**
     * The adjoint of {@link #forward} in its weight: from {@code x} and {@code dy} to {@code w}'s shape.
     * Backward: {@code dx = transpose(dy, g)}, {@code d(dy) = forward(x, g)}.
     */
    static Tensor weightGrad(Tensor x, Tensor dy, ConvSpec spec) {
        Backend b = Tensor.commonBackend("convWeightGrad", x, dy);
        Tensor out = new Tensor(b, b.convWeightGrad(x.storage(), dy.storage(), spec),
                withSpatial(spec.outChannels(), spec.inChannels() / spec.groups(), spec.kernelSize()));
        return Autodiff.record("convWeightGrad", out, new Tensor[] {x, dy}, (g, needed) -> new Tensor[] {
            needed[0] ? transpose(dy, g, spec) : null,
            needed[1] ? forward(x, g, spec) : null});
    }

    /** Checks ranks, dtypes and the kernel size common to both ops; returns the number of spatial axes. */
    private static int checkOperands(String op, Tensor x, Tensor w, ConvOptions o) {
        if (o == null) {
            throw new OpException(op, "options are null; expected ConvOptions.defaults() or a configured value");
        }
        Shape xs = x.shape();
        Shape ws = w.shape();
        int dims = xs.rank() - 2;
        if (dims < 1 || dims > 3 || ws.rank() != xs.rank()) {
            throw new OpException.ShapeException(op, "input of shape " + xs + " and weight of shape " + ws
                    + " do not fit; expected input [batch, channels, size...] and weight [channels, channels,"
                    + " kernel...] of equal rank 3, 4 or 5 (1-3 spatial axes)");
        }
        if (x.dtype() != w.dtype()) {
            throw new OpException.DTypeException(op, "dtypes " + x.dtype().label() + " and " + w.dtype().label()
                    + " differ (input shape " + xs + ", weight shape " + ws + "); expected equal dtypes, cast first");
        }
        if (!x.dtype().isFloating()) {
            throw new OpException.DTypeException(op, "not defined for " + x.dtype().label() + " (input shape " + xs
                    + ", weight shape " + ws + "); expected float32 or float64, cast first");
        }
        for (int d = 0; d < dims; d++) {
            if (ws.dim(d + 2) < 1) {
                throw new OpException.ShapeException(op, "weight of shape " + ws + " has an empty kernel axis;"
                        + " expected kernel sizes >= 1");
            }
        }
        return dims;
    }

    /** Broadcasts a per-axis option of length 1 to {@code dims} axes, or checks it has length {@code dims}. */
    private static int[] perAxis(String op, String name, int[] values, int dims, Shape xs) {
        if (values.length == dims) {
            return values.clone();
        }
        if (values.length == 1) {
            int[] out = new int[dims];
            Arrays.fill(out, values[0]);
            return out;
        }
        throw new OpException(op, name + " " + Arrays.toString(values) + " has " + values.length
                + " values but input shape " + xs + " has " + dims + " spatial axes; expected 1 or " + dims
                + " values");
    }

    /** Periodic padding wraps at most once: the padding on each side must not exceed the size it wraps. */
    private static void checkPeriodic(String op, int[] before, int[] after, int[] size, String what, Shape xs) {
        for (int d = 0; d < size.length; d++) {
            if (before[d] > size[d] || after[d] > size[d]) {
                throw new OpException.ShapeException(op, "periodic padding " + before[d]
                        + (before[d] == after[d] ? "" : " + " + after[d]) + " on spatial axis " + d
                        + " exceeds the " + what + " " + size[d] + " it wraps around (input shape " + xs
                        + "); expected padding <= " + what);
            }
        }
    }

    private static int[] spatial(Shape s) {
        return Arrays.copyOfRange(s.dims(), 2, s.rank());
    }

    private static Shape withSpatial(int batch, int channels, int[] size) {
        int[] dims = new int[size.length + 2];
        dims[0] = batch;
        dims[1] = channels;
        System.arraycopy(size, 0, dims, 2, size.length);
        return Shape.of(dims);
    }
}
