package dev.adjoint.nn;

import dev.adjoint.api.Tensor;

/**
 * Radial window functions of the point convolutions, of the normalised distance {@code r = |x_j - x_i| / R}
 * in {@code [0, 1]} (arguments outside are clamped to 1, where every window but {@link #NONE} vanishes).
 * Names follow the CConv/DMCF convention; SFBC calls {@link #SPIKY} "poly6" and {@link #POLY6} "Mueller".
 */
public enum PointWindow {
    /** No window: {@code 1}. */
    NONE,
    /** Müller's poly6, {@code (1 - r^2)^3}: the default of CConv and DMCF (their {@code clip((1 - q)^3)}). */
    POLY6,
    /** DMCF's "peak" window {@code (1 - r)^2}, used by its antisymmetric layer. */
    PEAK,
    /** {@code 1 - r}. */
    LINEAR,
    /** {@code 1 - r^2}. */
    PARABOLA,
    /** {@code (1 - r)^3}: SFBC's "poly6" and "Spiky". */
    SPIKY,
    /** The cubic spline {@code (1 - r)^3 - 4 (1/2 - r)^3}, each bracket clamped at zero. */
    CUBIC_SPLINE,
    /** Wendland C2, {@code (1 - r)^4 (1 + 4 r)}. */
    WENDLAND2;

    /**
     * The window at squared normalised distances {@code sq} (any shape); {@code r} is {@code sqrt(sq)} of the
     * same shape, computed by the caller with a finite derivative at zero.
     */
    Tensor of(Tensor sq, Tensor r) {
        switch (this) {
            case NONE:
                return sq.onesLike();
            case POLY6:
                return cube(sq.neg().add(1.0).clamp(0.0, 1.0));
            case PARABOLA:
                return sq.neg().add(1.0).clamp(0.0, 1.0);
            default:
                break;
        }
        Tensor s = r.neg().add(1.0).clamp(0.0, 1.0);
        switch (this) {
            case PEAK:
                return s.square();
            case LINEAR:
                return s;
            case SPIKY:
                return cube(s);
            case CUBIC_SPLINE:
                return cube(s).sub(cube(r.neg().add(0.5).clamp(0.0, 0.5)).mul(4.0));
            case WENDLAND2:
                return s.square().square().mul(r.clamp(0.0, 1.0).mul(4.0).add(1.0));
            default:
                throw new AssertionError(this);
        }
    }

    private static Tensor cube(Tensor t) {
        return t.square().mul(t);
    }

    /** Whether evaluating the window needs the unsquared distance. */
    boolean needsDistance() {
        return this != NONE && this != POLY6 && this != PARABOLA;
    }
}
