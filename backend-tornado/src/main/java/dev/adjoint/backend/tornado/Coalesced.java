package dev.adjoint.backend.tornado;

/**
 * An index space with fewer axes: axes of extent 1 are dropped and neighbouring axes that every operand walks
 * contiguously are merged, so a contiguous elementwise op becomes rank 1, which the kernels index without
 * divisions. Row-major; {@code strides[k]} are operand {@code k}'s element strides.
 */
record Coalesced(int[] dims, int[][] strides) {
    static Coalesced of(int[] dims, int[][] strides) {
        int rank = dims.length;
        int k = strides.length;
        int[] outDims = new int[rank];
        int[][] outStrides = new int[k][rank];
        int r = 0;
        for (int d = rank - 1; d >= 0; d--) {
            if (dims[d] == 1) {
                continue;
            }
            boolean merge = r > 0;
            for (int j = 0; j < k && merge; j++) {
                merge = strides[j][d] == outStrides[j][r - 1] * outDims[r - 1];
            }
            if (merge) {
                outDims[r - 1] *= dims[d];
            } else {
                outDims[r] = dims[d];
                for (int j = 0; j < k; j++) {
                    outStrides[j][r] = strides[j][d];
                }
                r++;
            }
        }
        // Collected innermost first: reverse into row-major order.
        int[] finalDims = new int[r];
        int[][] finalStrides = new int[k][r];
        for (int i = 0; i < r; i++) {
            finalDims[i] = outDims[r - 1 - i];
            for (int j = 0; j < k; j++) {
                finalStrides[j][i] = outStrides[j][r - 1 - i];
            }
        }
        return new Coalesced(finalDims, finalStrides);
    }

    int rank() {
        return dims.length;
    }
}
