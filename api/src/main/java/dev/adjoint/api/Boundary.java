package dev.adjoint.api;

/** What grid sampling reads at points outside the grid, per spatial axis. */
public enum Boundary {
    /** Values outside the grid are zero. */
    ZERO,
    /** Coordinates are clamped to the grid: the edge value extends outward (zero gradient). */
    CLAMP,
    /** The grid repeats periodically. */
    PERIODIC
}
