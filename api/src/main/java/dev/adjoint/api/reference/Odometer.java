package dev.adjoint.api.reference;

import dev.adjoint.api.Shape;

/**
 * Walks the indices of a shape in row-major order while tracking one flat offset per input, each input
 * read with its own strides (0 along broadcast axes). Not thread-safe; make one per kernel call.
 */
final class Odometer {
    private final int[] dims;
    private final int[][] strides;
    private final int[] index;
    private final int[] offsets;

    /** An odometer over {@code shape} whose offsets start at 0 and move by the given strides. */
    Odometer(Shape shape, int[]... strides) {
        this.dims = shape.dims();
        this.strides = strides;
        this.index = new int[dims.length];
        this.offsets = new int[strides.length];
    }

    /** The current flat offset into input {@code i}. */
    int offset(int i) {
        return offsets[i];
    }

    /** Advances to the next index in row-major order (wrapping to all zeros after the last one). */
    void next() {
        for (int d = dims.length - 1; d >= 0; d--) {
            index[d]++;
            for (int i = 0; i < offsets.length; i++) {
                offsets[i] += strides[i][d];
            }
            if (index[d] < dims[d]) {
                return;
            }
            for (int i = 0; i < offsets.length; i++) {
                offsets[i] -= strides[i][d] * dims[d];
            }
            index[d] = 0;
        }
    }
}
