package dev.adjoint.api.reference;

import dev.adjoint.api.DType;
import dev.adjoint.api.spi.ConvSpec;
import dev.adjoint.api.spi.HeapStorage;

/**
 * The reference convolution kernels: the forward cross-correlation and its two exact adjoints (with respect
 * to the input and to the weight), as direct loops over every (output position, kernel tap) pair.
 *
 * <p>All three walk the same taps in the same order: for batch b, output channel o, output position p,
 * input channel c of o's group and kernel offset k, the tap joins {@code y[b, o, p]}, {@code w[o, c, k]}
 * and {@code x[b, c, p * stride + k * dilation - padBefore]} (wrapped when periodic, skipped when it falls
 * outside a zero-padded input). Spatial axes are lifted to three by leading axes of size 1; sums run in
 * double and FLOAT32 results are rounded once at the end.
 */
final class ConvKernels {
    /** Which of the three linear maps a sweep over the taps computes. */
    private enum Mode {
        /** {@code y += w * x}. */
        FORWARD,
        /** {@code x += w * y}. */
        TRANSPOSE,
        /** {@code w += x * y}. */
        WEIGHT
    }

    private ConvKernels() {
    }

    /** {@code y[batch, out, out...]} from {@code x[batch, in, in...]} and {@code w[out, in/groups, k...]}. */
    static HeapStorage conv(HeapStorage x, HeapStorage w, ConvSpec spec) {
        Geometry g = new Geometry(spec);
        double[] y = new double[spec.batch() * spec.outChannels() * g.outCells];
        sweep(g, Mode.FORWARD, Doubles.of(x, "conv"), Doubles.of(w, "conv"), y);
        return Doubles.store(x.dtype(), y, "conv");
    }

    /** The adjoint of {@link #conv} in its input: {@code [batch, in, in...]} from {@code y[batch, out, out...]}. */
    static HeapStorage convTranspose(HeapStorage y, HeapStorage w, ConvSpec spec) {
        Geometry g = new Geometry(spec);
        double[] x = new double[spec.batch() * spec.inChannels() * g.inCells];
        sweep(g, Mode.TRANSPOSE, Doubles.of(y, "conv"), Doubles.of(w, "conv"), x);
        return Doubles.store(y.dtype(), x, "conv");
    }

    /** The adjoint of {@link #conv} in its weight: {@code [out, in/groups, k...]} from {@code x} and {@code dy}. */
    static HeapStorage convWeightGrad(HeapStorage x, HeapStorage dy, ConvSpec spec) {
        Geometry g = new Geometry(spec);
        double[] w = new double[spec.outChannels() * (spec.inChannels() / spec.groups()) * g.kernelCells];
        sweep(g, Mode.WEIGHT, Doubles.of(x, "conv"), Doubles.of(dy, "conv"), w);
        return Doubles.store(x.dtype(), w, "conv");
    }

    /**
     * Visits every tap once. In FORWARD mode {@code a} is x, {@code b} is w; in TRANSPOSE mode {@code a} is
     * y, {@code b} is w; in WEIGHT mode {@code a} is x, {@code b} is dy. {@code out} accumulates the result.
     */
    private static void sweep(Geometry g, Mode mode, double[] a, double[] b, double[] out) {
        ConvSpec s = g.spec;
        int inPerGroup = s.inChannels() / s.groups();
        int outPerGroup = s.outChannels() / s.groups();
        for (int batch = 0; batch < s.batch(); batch++) {
            for (int o = 0; o < s.outChannels(); o++) {
                int group = o / outPerGroup;
                int yBase = (batch * s.outChannels() + o) * g.outCells;
                for (int p = 0; p < g.outCells; p++) {
                    int p0 = p / (g.out[1] * g.out[2]);
                    int p1 = p / g.out[2] % g.out[1];
                    int p2 = p % g.out[2];
                    int yi = yBase + p;
                    for (int ci = 0; ci < inPerGroup; ci++) {
                        int c = group * inPerGroup + ci;
                        int xBase = (batch * s.inChannels() + c) * g.inCells;
                        int wBase = (o * inPerGroup + ci) * g.kernelCells;
                        for (int k0 = 0; k0 < g.kernel[0]; k0++) {
                            int i0 = g.source(0, p0, k0);
                            if (i0 < 0) {
                                continue;
                            }
                            for (int k1 = 0; k1 < g.kernel[1]; k1++) {
                                int i1 = g.source(1, p1, k1);
                                if (i1 < 0) {
                                    continue;
                                }
                                for (int k2 = 0; k2 < g.kernel[2]; k2++) {
                                    int i2 = g.source(2, p2, k2);
                                    if (i2 < 0) {
                                        continue;
                                    }
                                    int xi = xBase + (i0 * g.in[1] + i1) * g.in[2] + i2;
                                    int wi = wBase + (k0 * g.kernel[1] + k1) * g.kernel[2] + k2;
                                    switch (mode) {
                                        case FORWARD -> out[yi] += b[wi] * a[xi];
                                        case TRANSPOSE -> out[xi] += b[wi] * a[yi];
                                        case WEIGHT -> out[wi] += a[xi] * b[yi];
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
    }

    /** The spec's spatial geometry lifted to three axes (leading axes of size 1, stride 1, no padding). */
    private static final class Geometry {
        final ConvSpec spec;
        final int[] in = new int[3];
        final int[] kernel = new int[3];
        final int[] out = new int[3];
        final int[] stride = new int[3];
        final int[] dilation = new int[3];
        final int[] padBefore = new int[3];
        final int inCells;
        final int kernelCells;
        final int outCells;

        Geometry(ConvSpec spec) {
            this.spec = spec;
            int lift = 3 - spec.dims();
            for (int d = 0; d < 3; d++) {
                int s = d - lift;
                in[d] = s < 0 ? 1 : spec.inSize()[s];
                kernel[d] = s < 0 ? 1 : spec.kernelSize()[s];
                out[d] = s < 0 ? 1 : spec.outSize()[s];
                stride[d] = s < 0 ? 1 : spec.stride()[s];
                dilation[d] = s < 0 ? 1 : spec.dilation()[s];
                padBefore[d] = s < 0 ? 0 : spec.padBefore()[s];
            }
            inCells = in[0] * in[1] * in[2];
            kernelCells = kernel[0] * kernel[1] * kernel[2];
            outCells = out[0] * out[1] * out[2];
        }

        /** The input index read on axis {@code d} by output {@code p} and tap {@code k}, or -1 for a zero. */
        int source(int d, int p, int k) {
            int i = p * stride[d] + k * dilation[d] - padBefore[d];
            if (i >= 0 && i < in[d]) {
                return i;
            }
            return spec.periodic() && in[d] > 0 ? Math.floorMod(i, in[d]) : -1;
        }
    }
}
