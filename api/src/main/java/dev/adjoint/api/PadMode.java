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
    SYMMETRIC;

    /**
     * The input cell that position {@code j} of a padded axis reads, for an axis of {@code n > 0} cells
     * (position 0 is the first input cell; negative positions lie in the padding before it): {@code j} itself
     * inside the axis, else the wrapped, clamped or mirrored cell; -1 for CONSTANT padding, which reads the
     * fill value. Pads wider than the axis wrap or mirror repeatedly. Every backend's pad follows this map.
     */
    public int sourceIndex(int j, int n) {
        if (j >= 0 && j < n) {
            return j;
        }
        return switch (this) {
            case CONSTANT -> -1;
            case PERIODIC -> Math.floorMod(j, n);
            case EDGE -> j < 0 ? 0 : n - 1;
            case REFLECT -> {
                if (n == 1) {
                    yield 0;
                }
                int period = 2 * (n - 1);
                int k = Math.floorMod(j, period);
                yield k < n ? k : period - k;
            }
            case SYMMETRIC -> {
                int period = 2 * n;
                int k = Math.floorMod(j, period);
                yield k < n ? k : period - 1 - k;
            }
        };
    }
}
