package dev.adjoint.physics;

import java.util.Arrays;

/**
 * Boundary conditions of a field: one {@link Side} for the lower and one for the upper end of every axis.
 * Periodic sides must come in pairs.
 */
public final class Boundaries {
    private final Side[] lower;
    private final Side[] upper;

    private Boundaries(Side[] lower, Side[] upper) {
        if (lower == null || upper == null || lower.length != upper.length || lower.length < 1
                || lower.length > 3) {
            throw new IllegalArgumentException("Boundaries: expected one lower and one upper side for each of 1 to 3"
                    + " axes, got " + (lower == null ? "null" : lower.length) + " and "
                    + (upper == null ? "null" : upper.length));
        }
        for (int d = 0; d < lower.length; d++) {
            if (lower[d] == null || upper[d] == null) {
                throw new IllegalArgumentException("Boundaries: axis " + d + " has a null side");
            }
            boolean lp = lower[d].kind() == Side.Kind.PERIODIC;
            boolean up = upper[d].kind() == Side.Kind.PERIODIC;
            if (lp != up) {
                throw new IllegalArgumentException("Boundaries: unsupported combination on axis " + d + ": lower "
                        + lower[d] + ", upper " + upper[d] + "; periodic must be on both sides of an axis");
            }
        }
        this.lower = lower.clone();
        this.upper = upper.clone();
    }

    /** Per-axis lower and upper sides. */
    public static Boundaries of(Side[] lower, Side[] upper) {
        return new Boundaries(lower, upper);
    }

    /** The same side everywhere. */
    public static Boundaries all(int dims, Side side) {
        Side[] s = new Side[dims];
        Arrays.fill(s, side);
        return new Boundaries(s, s);
    }

    /** Periodic along every axis. */
    public static Boundaries periodic(int dims) {
        return all(dims, Side.periodic());
    }

    /** Zero-gradient everywhere. */
    public static Boundaries zeroGradient(int dims) {
        return all(dims, Side.zeroGradient());
    }

    /** Constant zero everywhere (a closed box at rest for velocities). */
    public static Boundaries zero(int dims) {
        return all(dims, Side.constant(0));
    }

    /** A copy with the sides of {@code axis} replaced. */
    public Boundaries with(int axis, Side lowerSide, Side upperSide) {
        Side[] l = lower.clone();
        Side[] u = upper.clone();
        l[axis] = lowerSide;
        u[axis] = upperSide;
        return new Boundaries(l, u);
    }

    /** The number of axes. */
    public int dims() {
        return lower.length;
    }

    /** The lower side of {@code axis}. */
    public Side lower(int axis) {
        return lower[axis];
    }

    /** The upper side of {@code axis}. */
    public Side upper(int axis) {
        return upper[axis];
    }

    /** Whether {@code axis} is periodic. */
    public boolean isPeriodic(int axis) {
        return lower[axis].kind() == Side.Kind.PERIODIC;
    }

    /** Throws when these conditions do not fit a field of {@code dims} axes and {@code components} values. */
    void requireFits(String field, int dims, int components) {
        if (lower.length != dims) {
            throw new IllegalArgumentException("field '" + field + "': boundaries for " + lower.length
                    + " axes on a " + dims + "-D grid; expected one pair of sides per axis");
        }
        for (int d = 0; d < dims; d++) {
            for (Side s : new Side[] {lower[d], upper[d]}) {
                int n = s.valueCount();
                if (n > 1 && n != components) {
                    throw new IllegalArgumentException("field '" + field + "': side " + s + " on axis " + d
                            + " has " + n + " values but the field has " + components
                            + " components; expected a scalar constant or one value per component");
                }
            }
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Boundaries b && Arrays.equals(lower, b.lower) && Arrays.equals(upper, b.upper);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(lower) * 31 + Arrays.hashCode(upper);
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("Boundaries[");
        for (int d = 0; d < lower.length; d++) {
            sb.append(d == 0 ? "" : ", ").append("axis ").append(d).append(": ").append(lower[d]).append('/')
                    .append(upper[d]);
        }
        return sb.append(']').toString();
    }
}
