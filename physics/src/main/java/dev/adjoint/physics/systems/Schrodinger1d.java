package dev.adjoint.physics.systems;

import dev.adjoint.api.PadMode;
import dev.adjoint.api.Tensor;

/**
 * The 1D Schrödinger equation {@code i d(psi)/dt = H psi} with {@code H = -d^2/dx^2 + V(x)} on {@code n} interior
 * points of spacing {@code dx} with Dirichlet boundaries ({@code psi = 0} on the two boundary points), advanced by
 * Crank–Nicolson: {@code (1 + i dt/2 H) psi' = (1 - i dt/2 H) psi}, with {@code -d^2/dx^2} the stencil
 * {@code [-1, 2, -1] / dx^2}.
 *
 * <p>Wave functions are complex tensors {@code [batch, n, 2]} (re, im in the last axis). The step is unitary in
 * the discrete norm for any real potential, and it is differentiable with respect to the wave function and the
 * potential (the implicit half is a {@link Tridiagonal} solve with its own adjoint).
 */
public final class Schrodinger1d {
    private final int n;
    private final double dx;
    private final double dt;

    /**
     * A solver on {@code n >= 1} interior points.
     *
     * @param n  interior points
     * @param dx grid spacing
     * @param dt time step
     */
    public Schrodinger1d(int n, double dx, double dt) {
        Checks.atLeast("n", n, 1);
        Checks.positive("dx", dx);
        Checks.positive("dt", dt);
        this.n = n;
        this.dx = dx;
        this.dt = dt;
    }

    /** The number of interior points. */
    public int size() {
        return n;
    }

    /** The grid spacing. */
    public double dx() {
        return dx;
    }

    /** The time step. */
    public double dt() {
        return dt;
    }

    /**
     * One Crank–Nicolson step.
     *
     * @param psi       the wave functions {@code [batch, n, 2]}
     * @param potential the real potential {@code V} at the interior points, {@code [batch, n]} or {@code [n]} (the
     *                  same for the whole batch), in the dtype of {@code psi}
     * @return the wave functions after {@code dt}, {@code [batch, n, 2]}
     */
    public Tensor step(Tensor psi, Tensor potential) {
        Checks.shape("psi", psi, new int[] {-1, n, 2}, "batch, interior points, (re, im)");
        if (potential.rank() == 1) {
            Checks.shape("potential", potential, new int[] {n}, "interior points");
            potential = potential.unsqueeze(0).broadcastTo(psi.dim(0), n);
        } else {
            Checks.shape("potential", potential, new int[] {psi.dim(0), n}, "batch of psi, interior points");
        }
        Checks.sameDType("potential", potential, "psi", psi);
        double h = dt / 2;
        double off = h / (dx * dx);
        Tensor hpsi = apply(psi, potential);
        // Right-hand side (1 - i dt/2 H) psi.
        Tensor rhs = psi.sub(Complex.timesI(hpsi).mul(h));
        Tensor zeros = potential.zerosLike();
        Tensor diag = Complex.of(zeros.add(1), potential.add(2 / (dx * dx)).mul(h));
        Tensor offDiag = Complex.of(zeros, zeros.sub(off));
        return Tridiagonal.solve(offDiag, diag, offDiag, rhs);
    }

    /** {@code H psi} for {@code psi [batch, n, 2]} and a potential {@code [batch, n]}. */
    public Tensor apply(Tensor psi, Tensor potential) {
        Tensor lap = psi.mul(2).sub(psi.shift(1, 1, PadMode.CONSTANT)).sub(psi.shift(1, -1, PadMode.CONSTANT))
                .div(dx * dx);
        return lap.add(psi.mul(potential.unsqueeze(-1)));
    }

    /** The discrete norm {@code sum_j |psi_j|^2} per batch entry, {@code [batch]}. */
    public static Tensor norm2(Tensor psi) {
        return Complex.abs2(psi).sum(-1);
    }

    /**
     * The discrete inner products {@code <a, b> = sum_j conj(a_j) b_j} of complex {@code [batch, n, 2]} tensors (or
     * {@code a [n, 2]} shared by the batch), as complex {@code [batch, 2]}.
     */
    public static Tensor inner(Tensor a, Tensor b) {
        return Complex.mul(Complex.conj(a), b).sum(-2);
    }
}
