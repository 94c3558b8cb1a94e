package dev.adjoint.api;

/** How {@code pad} and {@code shift} fill cells outside a tensor. Names follow NumPy's {@code np.pad}. */
public enum PadMode {
    /** A constant value (zero unless given). */
    CONSTANT,
    /** Wrap around: the tensor repeats periodically. */
    PERIODIC,
    /** Repeat the edge value (zero-gradient boundary). */
    EDGE,
    /** Mirror without repeating the edge value: {@code [a b c] -> c b [a b c] b a}. */
    REFLECT,
    /** Mirror repeating the edge value: {@code [a b c] -> b a [a b c] c b}. */
    SYMMETRIC
}
