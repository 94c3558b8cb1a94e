package dev.adjoint.api.spi;

/**
 * A radius-neighbour graph in compressed sparse row form: the neighbours of query {@code i} are
 * {@code columns[rowOffsets[i] .. rowOffsets[i + 1])}, ascending. Both storages are INT32.
 */
public record NeighborList(Storage rowOffsets, Storage columns) {
}
