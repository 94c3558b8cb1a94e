package dev.adjoint.api.spi;

/**
 * The geometry of an N-dimensional convolution (cross-correlation, as in PyTorch), for
 * {@code dims = 1, 2, 3}. The input is {@code [batch, inChannels, in...]}, the weight
 * {@code [outChannels, inChannels / groups, kernel...]}, the output {@code [batch, outChannels, out...]}:
 * <pre>
 * out[b, o, p] = sum over c in o's group, k: w[o, c, k] * in[b, c, p * stride + k * dilation - padBefore]
 * </pre>
 * Positions outside the input read zero, or wrap around when {@code periodic}.
 * The transpose and weight-gradient kernels use the same spec: they are the adjoints of this map.
 */
public record ConvSpec(int dims, int batch, int inChannels, int outChannels, int groups, int[] inSize,
        int[] kernelSize, int[] outSize, int[] stride, int[] dilation, int[] padBefore, boolean periodic) {
}
