package dev.adjoint.backend.vector;

import dev.adjoint.api.spi.ConvSpec;

/**
 * A {@link ConvSpec}'s geometry lifted to three spatial axes (leading axes of size 1, stride 1, no
 * padding), with the patch maps the convolution kernels read through.
 */
final class ConvGeometry {
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
    /** Input channels per group. */
    final int inPerGroup;
    /** Output channels per group. */
    final int outPerGroup;

    ConvGeometry(ConvSpec spec) {
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
        inPerGroup = spec.inChannels() / spec.groups();
        outPerGroup = spec.outChannels() / spec.groups();
    }

    /** The forward map: output position {@code o} and tap {@code t} read input {@code o * stride + t * dilation - pad}. */
    PatchMap forward() {
        int[] wrap = new int[3];
        int[] shift = new int[3];
        for (int d = 0; d < 3; d++) {
            wrap[d] = spec.periodic() ? in[d] : 0;
            shift[d] = -padBefore[d];
        }
        return new PatchMap(out, kernel, in, stride, dilation, shift, wrap, in);
    }

    /**
     * Whether the transposed convolution can gather: with stride 1 every (input position, tap) pair is read
     * by at most one output position, {@code o = i - t * dilation + pad} (modulo the input size when
     * periodic, which needs the output no larger than the input).
     */
    boolean gathers() {
        for (int d = 0; d < 3; d++) {
            if (stride[d] != 1 || spec.periodic() && out[d] > in[d]) {
                return false;
            }
        }
        return true;
    }

    /** The gather map of the transposed convolution (see {@link #gathers}): input positions read outputs. */
    PatchMap gather() {
        int[] one = {1, 1, 1};
        int[] tapScale = new int[3];
        int[] wrap = new int[3];
        for (int d = 0; d < 3; d++) {
            tapScale[d] = -dilation[d];
            wrap[d] = spec.periodic() ? in[d] : 0;
        }
        return new PatchMap(in, kernel, out, one, tapScale, padBefore, wrap, out);
    }
}
