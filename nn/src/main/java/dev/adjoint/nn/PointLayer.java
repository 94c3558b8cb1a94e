package dev.adjoint.nn;

import dev.adjoint.api.Params;
import dev.adjoint.api.RandomKey;
import dev.adjoint.api.Tensor;

/**
 * A layer on point sets, as a pure function of its parameters, a {@link PointNeighborhood} (points, queries
 * and their neighbour graph) and per-point input features {@code [points, in]}; the output holds one row per
 * query, {@code [queries, out]}. Several layers can share one neighbourhood, hence one neighbour search.
 */
public interface PointLayer {
    /** The initial parameters, drawn from {@code key} (the same key gives the same parameters). */
    Params init(RandomKey key);

    /** Applies the layer to {@code features [points, in]}; the result is {@code [queries, out]}. */
    Tensor apply(Params params, PointNeighborhood neighborhood, Tensor features);

    /** A short description for summaries. */
    String describe();
}
