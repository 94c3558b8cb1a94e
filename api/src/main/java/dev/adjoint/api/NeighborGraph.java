package dev.adjoint.api;

/**
 * A radius-neighbour graph in CSR form, as returned by {@link Tensor#radiusNeighbors}: the neighbours of
 * query {@code i} are {@code columns[rowOffsets[i] .. rowOffsets[i + 1])}, in ascending order.
 *
 * @param rowOffsets INT32 {@code [queries + 1]}
 * @param columns INT32 {@code [edges]}, indices into the searched points
 */
public record NeighborGraph(Tensor rowOffsets, Tensor columns) {
    /** The number of query points (rows). */
    public int rows() {
        return rowOffsets.size() - 1;
    }

    /** The number of edges. */
    public int edges() {
        return columns.size();
    }

    /**
     * The row (query index) of every edge, INT32 {@code [edges]}: with {@link #columns()} this is the
     * edge list that {@link Tensor#gather} and {@link Tensor#scatterAdd} need.
     */
    public Tensor rowIndices() {
        int[] offsets = rowOffsets.toIntArray();
        int[] rows = new int[offsets[offsets.length - 1]];
        for (int r = 0; r + 1 < offsets.length; r++) {
            java.util.Arrays.fill(rows, offsets[r], offsets[r + 1], r);
        }
        return Tensor.of(rows).to(rowOffsets.backend());
    }
}
