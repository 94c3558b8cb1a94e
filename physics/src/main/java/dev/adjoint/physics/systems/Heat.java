package dev.adjoint.physics.systems;

import dev.adjoint.api.DType;
import dev.adjoint.api.PadMode;
import dev.adjoint.api.Tensor;
import java.util.Arrays;

/**
 * The heat equation {@code du/dt = nu laplace(u)} on a periodic uniform grid in 1-3D, with three steps: explicit
 * and implicit (backward Euler) finite differences with the second-order {@code [1, -2, 1] / dx^2} stencil per axis,
 * and the exact spectral step that multiplies each Fourier mode by {@code exp(-nu |k|^2 t)}.
 *
 * <p>Fields are {@code [..., n_1, ..., n_d]}: the last {@code d} axes are space, leading axes a batch. The periodic
 * FD Laplacian is diagonal in Fourier space (eigenvalues {@code -sum_a 4 sin^2(pi m_a / n_a) / dx_a^2}), so the
 * implicit step is solved exactly there. Every step is linear and differentiable.
 */
public final class Heat {
    /** Grid size per side of the SIP heat set-up (64 x 64, unit cells). */
    public static final int SIP_RESOLUTION = 64;
    /** Diffusivity times time of the SIP heat set-up. */
    public static final double SIP_AMOUNT = 8;

    private final double diffusivity;
    private final double[] spacing;

    /**
     * A periodic heat equation.
     *
     * @param diffusivity {@code nu >= 0}
     * @param spacing     the cell size of each spatial axis (1 to 3 values), in the order of the field's last axes
     */
    public Heat(double diffusivity, double... spacing) {
        Checks.nonNegative("diffusivity", diffusivity);
        if (spacing.length < 1 || spacing.length > 3) {
            throw new IllegalArgumentException("spacing has " + spacing.length + " values; expected one per spatial"
                    + " axis, 1 to 3");
        }
        for (int a = 0; a < spacing.length; a++) {
            Checks.positive("spacing[" + a + "]", spacing[a]);
        }
        this.diffusivity = diffusivity;
        this.spacing = spacing.clone();
    }

    /**
     * The SIP forward map {@code y = F^-1(F(x) exp(-4 pi^2 |k|^2 8))} on unit cells ({@code k} in cycles per cell):
     * heat diffusion with diffusivity times time 8 over the last two axes.
     */
    public static Tensor sipForward(Tensor x) {
        return new Heat(1, 1, 1).spectralStep(x, SIP_AMOUNT);
    }

    /** The diffusivity. */
    public double diffusivity() {
        return diffusivity;
    }

    /** The number of spatial axes. */
    public int dims() {
        return spacing.length;
    }

    /** The largest explicit time step that is stable: {@code 1 / (2 nu sum_a 1 / dx_a^2)}. */
    public double maxExplicitDt() {
        double s = 0;
        for (double h : spacing) {
            s += 1 / (h * h);
        }
        return diffusivity == 0 ? Double.POSITIVE_INFINITY : 1 / (2 * diffusivity * s);
    }

    /** Forward Euler: {@code u + dt nu laplace(u)}; {@code dt} must not exceed {@link #maxExplicitDt()}. */
    public Tensor explicitStep(Tensor u, double dt) {
        checkField(u);
        Checks.positive("dt", dt);
        if (dt > maxExplicitDt()) {
            throw new IllegalArgumentException("dt " + dt + " exceeds the explicit stability limit " + maxExplicitDt()
                    + " = 1 / (2 nu sum 1/dx^2); use a smaller dt or implicitStep");
        }
        return u.add(laplacian(u).mul(dt * diffusivity));
    }

    /** Backward Euler: the solution of {@code (1 - dt nu laplace) u' = u}, stable for any {@code dt > 0}. */
    public Tensor implicitStep(Tensor u, double dt) {
        checkField(u);
        Checks.positive("dt", dt);
        return multiplyModes(u, lambda -> 1 / (1 + dt * diffusivity * lambda), false);
    }

    /** The exact solution after time {@code t >= 0}: every Fourier mode times {@code exp(-nu |k|^2 t)}. */
    public Tensor spectralStep(Tensor u, double t) {
        checkField(u);
        Checks.nonNegative("t", t);
        return multiplyModes(u, k2 -> Math.exp(-diffusivity * t * k2), true);
    }

    /** The periodic second-order finite-difference Laplacian over the spatial axes. */
    public Tensor laplacian(Tensor u) {
        checkField(u);
        Tensor out = null;
        int d = spacing.length;
        for (int a = 0; a < d; a++) {
            int axis = u.rank() - d + a;
            Tensor term = u.shift(axis, 1, PadMode.PERIODIC).add(u.shift(axis, -1, PadMode.PERIODIC)).sub(u.mul(2))
                    .div(spacing[a] * spacing[a]);
            out = out == null ? term : out.add(term);
        }
        return out;
    }

    private void checkField(Tensor u) {
        Checks.floating("u", u);
        if (u.rank() < spacing.length) {
            throw new IllegalArgumentException("u has shape " + Arrays.toString(u.shape().dims())
                    + "; expected at least " + spacing.length + " spatial axes (the last ones)");
        }
    }

    /** A function of a mode's squared wave number (exact {@code |k|^2} or the FD stencil's {@code -lambda}). */
    private interface ModeFactor {
        double of(double k2);
    }

    /** {@code irfft(rfft(u) * factor)} with the factor of each mode from its exact or FD squared wave number. */
    private Tensor multiplyModes(Tensor u, ModeFactor factor, boolean exact) {
        int d = spacing.length;
        int[] n = Arrays.copyOfRange(u.shape().dims(), u.rank() - d, u.rank());
        int[] modes = n.clone();
        modes[d - 1] = n[d - 1] / 2 + 1;
        int total = 1;
        for (int m : modes) {
            total *= m;
        }
        double[] f = new double[total];
        int[] idx = new int[d];
        for (int i = 0; i < total; i++) {
            int rest = i;
            for (int a = d - 1; a >= 0; a--) {
                idx[a] = rest % modes[a];
                rest /= modes[a];
            }
            double k2 = 0;
            for (int a = 0; a < d; a++) {
                int m = idx[a] <= n[a] / 2 ? idx[a] : idx[a] - n[a];
                double h = spacing[a];
                if (exact) {
                    double k = 2 * Math.PI * m / (n[a] * h);
                    k2 += k * k;
                } else {
                    double s = Math.sin(Math.PI * m / n[a]);
                    k2 += 4 * s * s / (h * h);
                }
            }
            f[i] = factor.of(k2);
        }
        int[] shape = Arrays.copyOf(modes, d + 1);
        shape[d] = 1;
        Tensor kernel = Tensor.of(f, shape);
        kernel = (u.dtype() == DType.FLOAT64 ? kernel : kernel.cast(u.dtype())).to(u.backend());
        return u.rfft(d).mul(kernel).irfft(d, n[d - 1]);
    }
}
