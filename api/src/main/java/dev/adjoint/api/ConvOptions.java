package dev.adjoint.api;

import java.util.Arrays;

/**
 * Options of {@link Tensor#conv} and {@link Tensor#convTranspose}: stride, dilation, groups, padding and
 * whether padding wraps around (periodic). Immutable; each {@code with...} call returns a new value.
 * Per-axis arrays of length 1 apply to every spatial axis.
 */
public final class ConvOptions {
    private static final ConvOptions DEFAULTS = new ConvOptions(new int[] {1}, new int[] {1}, 1, new int[] {0},
            false, false, new int[] {0});

    private final int[] stride;
    private final int[] dilation;
    private final int groups;
    private final int[] padding;
    private final boolean same;
    private final boolean periodic;
    private final int[] outputPadding;

    private ConvOptions(int[] stride, int[] dilation, int groups, int[] padding, boolean same, boolean periodic,
            int[] outputPadding) {
        this.stride = stride;
        this.dilation = dilation;
        this.groups = groups;
        this.padding = padding;
        this.same = same;
        this.periodic = periodic;
        this.outputPadding = outputPadding;
    }

    /** Stride 1, dilation 1, one group, no padding, zero fill. */
    public static ConvOptions defaults() {
        return DEFAULTS;
    }

    public ConvOptions stride(int... s) {
        return new ConvOptions(positive("stride", s), dilation, groups, padding, same, periodic, outputPadding);
    }

    public ConvOptions dilation(int... d) {
        return new ConvOptions(stride, positive("dilation", d), groups, padding, same, periodic, outputPadding);
    }

    public ConvOptions groups(int g) {
        if (g < 1) {
            throw new OpException("conv", "groups must be >= 1, got " + g);
        }
        return new ConvOptions(stride, dilation, g, padding, same, periodic, outputPadding);
    }

    /** Explicit padding on both sides of each spatial axis. */
    public ConvOptions padding(int... p) {
        return new ConvOptions(stride, dilation, groups, nonNegative("padding", p), false, periodic, outputPadding);
    }

    /**
     * "Same" padding: total padding {@code dilation * (k - 1)} per axis, split with the extra cell after,
     * so that with stride 1 the output has the input's size (PyTorch's {@code padding='same'}).
     */
    public ConvOptions samePadding() {
        return new ConvOptions(stride, dilation, groups, padding, true, periodic, outputPadding);
    }

    /** Padding wraps around (circular) instead of reading zeros. */
    public ConvOptions periodic() {
        return new ConvOptions(stride, dilation, groups, padding, same, true, outputPadding);
    }

    /** Extra cells added to one side of each spatial output axis of {@code convTranspose}. */
    public ConvOptions outputPadding(int... p) {
        return new ConvOptions(stride, dilation, groups, padding, same, periodic, nonNegative("outputPadding", p));
    }

    public int[] stride() {
        return stride.clone();
    }

    public int[] dilation() {
        return dilation.clone();
    }

    public int groups() {
        return groups;
    }

    public int[] padding() {
        return padding.clone();
    }

    public boolean isSamePadding() {
        return same;
    }

    public boolean isPeriodic() {
        return periodic;
    }

    public int[] outputPadding() {
        return outputPadding.clone();
    }

    private static int[] positive(String what, int[] v) {
        if (v.length == 0) {
            throw new OpException("conv", what + " needs at least one value");
        }
        for (int x : v) {
            if (x < 1) {
                throw new OpException("conv", what + " must be >= 1, got " + Arrays.toString(v));
            }
        }
        return v.clone();
    }

    private static int[] nonNegative(String what, int[] v) {
        if (v.length == 0) {
            throw new OpException("conv", what + " needs at least one value");
        }
        for (int x : v) {
            if (x < 0) {
                throw new OpException("conv", what + " must be >= 0, got " + Arrays.toString(v));
            }
        }
        return v.clone();
    }

    @Override
    public String toString() {
        return "ConvOptions[stride=" + Arrays.toString(stride) + ", dilation=" + Arrays.toString(dilation)
                + ", groups=" + groups + ", padding=" + (same ? "same" : Arrays.toString(padding))
                + ", periodic=" + periodic + ", outputPadding=" + Arrays.toString(outputPadding) + "]";
    }
}
