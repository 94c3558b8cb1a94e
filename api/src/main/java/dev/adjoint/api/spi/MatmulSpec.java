package dev.adjoint.api.spi;

import dev.adjoint.api.Shape;

/**
 * A batched matrix product {@code C[b] = op(A[b]) @ op(B[b])} with {@code op} an optional transpose.
 * A holds matrices of {@code m x k} ({@code k x m} when transposed), B of {@code k x n} ({@code n x k}
 * when transposed), each stored row-major and contiguous; C is {@code [batch..., m, n]}.
 *
 * @param batch the broadcast batch shape of the output
 * @param aBatchStrides for each batch axis, the stride of A in whole matrices (0 where broadcast)
 * @param bBatchStrides the same for B
 */
public record MatmulSpec(Shape batch, int[] aBatchStrides, int[] bBatchStrides, int m, int k, int n,
        boolean transposeA, boolean transposeB) {
}
