package dev.adjoint.physics;

import java.util.Arrays;

/**
 * The boundary condition on one side of a grid axis: a constant value (a scalar, or one value per vector
 * component, e.g. a moving lid), periodic, zero-gradient (Neumann zero) or symmetric (a mirror: scalars and
 * tangential components are even, the normal component of a vector is odd, i.e. zero at the wall).
 */
public final class Side {
    /** The kinds of boundary condition. */
    public enum Kind {
        /** The field takes a constant value at the wall. */
        CONSTANT,
        /** The field repeats periodically (must hold on both sides of an axis). */
        PERIODIC,
        /** The normal derivative is zero. */
        ZERO_GRADIENT,
        /** Mirror symmetry about the wall. */
        SYMMETRIC
    }

    private static final Side PERIODIC = new Side(Kind.PERIODIC, new double[0]);
    private static final Side ZERO_GRADIENT = new Side(Kind.ZERO_GRADIENT, new double[0]);
    private static final Side SYMMETRIC = new Side(Kind.SYMMETRIC, new double[0]);

    private final Kind kind;
    private final double[] value;

    private Side(Kind kind, double[] value) {
        this.kind = kind;
        this.value = value;
    }

    /** A constant value: one number for scalars (and every component), or one per vector component. */
    public static Side constant(double... value) {
        if (value == null || value.length == 0) {
            throw new IllegalArgumentException("Side.constant: no value given; expected a scalar or one value per"
                    + " vector component");
        }
        for (double v : value) {
            if (!Double.isFinite(v)) {
                throw new IllegalArgumentException("Side.constant: value " + Arrays.toString(value)
                        + " is not finite");
            }
        }
        return new Side(Kind.CONSTANT, value.clone());
    }

    /** Periodic. */
    public static Side periodic() {
        return PERIODIC;
    }

    /** Zero normal gradient. */
    public static Side zeroGradient() {
        return ZERO_GRADIENT;
    }

    /** Mirror symmetry. */
    public static Side symmetric() {
        return SYMMETRIC;
    }

    /** The kind of condition. */
    public Kind kind() {
        return kind;
    }

    /** The number of constant values (0 unless CONSTANT; 1 for a scalar constant). */
    public int valueCount() {
        return value.length;
    }

    /**
     * The constant value of vector component {@code component} (a scalar constant applies to every
     * component); 0 for kinds other than CONSTANT.
     */
    public double value(int component) {
        if (kind != Kind.CONSTANT) {
            return 0;
        }
        return value.length == 1 ? value[0] : value[component];
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Side s && s.kind == kind && Arrays.equals(s.value, value);
    }

    @Override
    public int hashCode() {
        return kind.hashCode() * 31 + Arrays.hashCode(value);
    }

    @Override
    public String toString() {
        return kind == Kind.CONSTANT ? "CONSTANT" + Arrays.toString(value) : kind.name();
    }
}
