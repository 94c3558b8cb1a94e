package dev.adjoint.api.spi;

import dev.adjoint.api.Shape;

/**
 * How the inputs of an elementwise kernel map onto its output: the output shape, and for each input its
 * strides in elements aligned to the output rank, with 0 along broadcast dimensions.
 *
 * @param out the output shape
 * @param strides one stride array per input, each of length {@code out.rank()}
 */
public record Broadcast(Shape out, int[]... strides) {
    /** Plans the NumPy broadcast of the given input shapes, or throws naming {@code op}. */
    public static Broadcast of(String op, Shape... inputs) {
        Shape out = Shape.broadcast(op, inputs);
        int[][] strides = new int[inputs.length][];
        for (int i = 0; i < inputs.length; i++) {
            strides[i] = inputs[i].broadcastStrides(out);
        }
        return new Broadcast(out, strides);
    }

    /** Whether input {@code i} is read contiguously with the output's layout (same shape). */
    public boolean isContiguous(int i) {
        int[] own = out.strides();
        for (int d = 0; d < own.length; d++) {
            if (out.dim(d) > 1 && strides[i][d] != own[d]) {
                return false;
            }
        }
        return true;
    }
}
