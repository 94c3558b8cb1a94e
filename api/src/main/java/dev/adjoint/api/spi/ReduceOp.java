package dev.adjoint.api.spi;

/**
 * Reductions over a set of axes. ARGMAX/ARGMIN reduce exactly one axis and return INT32 indices of the
 * first extreme element. MAX/MIN propagate NaN. Floating sums are accumulated at least in float64 by the
 * reference backend.
 */
public enum ReduceOp {
    SUM, PROD, MAX, MIN, ARGMAX, ARGMIN
}
