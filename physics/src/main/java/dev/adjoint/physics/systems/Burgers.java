package dev.adjoint.physics.systems;

import dev.adjoint.api.Boundary;
import dev.adjoint.api.DType;
import dev.adjoint.api.PadMode;
import dev.adjoint.api.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Viscous Burgers' equation {@code du/dt + (u . grad) u = nu laplace(u) + f} on a periodic uniform grid in 1D or 2D.
 *
 * <p>Fields: 1D {@code [batch, n]}; 2D {@code [batch, n0, n1, 2]} where channel {@code a} is the velocity along
 * spatial axis {@code a} (tensor axis {@code a + 1}). Two schemes:
 * <ul>
 *   <li>{@link Scheme#SEMI_LAGRANGIAN} (1D and 2D; the PBDL book's and Solver-in-the-Loop's step): explicit
 *   diffusion {@code v = u + dt nu laplace(u)}, then self-advection {@code u'(x) = v(x - dt v(x))} by periodic
 *   linear interpolation. Unconditionally stable for advection; not exactly conservative (the interpolation moves
 *   a little mass).</li>
 *   <li>{@link Scheme#CONSERVATIVE} (1D): finite volumes for {@code u_t + (u^2/2)_x = nu u_xx} with the Rusanov
 *   flux {@code F = (f(u_l) + f(u_r))/2 - max(|u_l|, |u_r|)(u_r - u_l)/2} and explicit central diffusion. The mean
 *   is conserved to round-off; stable for {@code dt (max|u| / dx + 2 nu / dx^2) <= 1}.</li>
 * </ul>
 * Diffusion is explicit in both, so {@code dt nu sum_a 2 / dx_a^2 <= 1} is required and checked. A forcing
 * {@code f}, if given, is added as {@code dt f} after the step. Every step is differentiable.
 */
public final class Burgers {
    /** The spatial scheme. */
    public enum Scheme {
        /** Explicit diffusion, then semi-Lagrangian self-advection (1D and 2D). */
        SEMI_LAGRANGIAN,
        /** Conservative finite volumes with the Rusanov flux and explicit diffusion (1D only). */
        CONSERVATIVE
    }

    /** PBDL book forward reference: cells on [-1, 1]. */
    public static final int BOOK_CELLS = 128;
    /** PBDL book forward reference: viscosity {@code 0.01 / (128 pi)}. */
    public static final double BOOK_VISCOSITY = 0.01 / (BOOK_CELLS * Math.PI);
    /** PBDL book forward reference: time step. */
    public static final double BOOK_DT = 1.0 / 32;
    /** PBDL book forward reference: steps to {@code t = 1}. */
    public static final int BOOK_STEPS = 32;

    private final int[] size;
    private final double[] spacing;
    private final double viscosity;
    private final double dt;
    private final Scheme scheme;

    private Burgers(int[] size, double[] length, double viscosity, double dt, Scheme scheme) {
        Checks.nonNegative("viscosity", viscosity);
        Checks.positive("dt", dt);
        if (scheme == null) {
            throw new IllegalArgumentException("scheme is null; expected SEMI_LAGRANGIAN or CONSERVATIVE");
        }
        this.size = size.clone();
        this.spacing = new double[size.length];
        double limit = 0;
        for (int a = 0; a < size.length; a++) {
            Checks.atLeast("size[" + a + "]", size[a], 2);
            Checks.positive("length[" + a + "]", length[a]);
            spacing[a] = length[a] / size[a];
            limit += 2 / (spacing[a] * spacing[a]);
        }
        if (dt * viscosity * limit > 1) {
            throw new IllegalArgumentException("dt " + dt + " with viscosity " + viscosity + " breaks the explicit"
                    + " diffusion limit dt nu sum 2/dx^2 <= 1 (here " + dt * viscosity * limit + ")");
        }
        this.viscosity = viscosity;
        this.dt = dt;
        this.scheme = scheme;
    }

    /**
     * Periodic 1D Burgers.
     *
     * @param cells     number of cells
     * @param length    domain length (cell size {@code length / cells})
     * @param viscosity {@code nu >= 0}
     * @param dt        time step
     * @param scheme    the spatial scheme
     */
    public static Burgers periodic1d(int cells, double length, double viscosity, double dt, Scheme scheme) {
        return new Burgers(new int[] {cells}, new double[] {length}, viscosity, dt, scheme);
    }

    /**
     * Periodic 2D Burgers with the semi-Lagrangian scheme.
     *
     * @param cells0    cells along spatial axis 0
     * @param cells1    cells along spatial axis 1
     * @param length0   domain length along axis 0
     * @param length1   domain length along axis 1
     * @param viscosity {@code nu >= 0}
     * @param dt        time step
     */
    public static Burgers periodic2d(int cells0, int cells1, double length0, double length1, double viscosity,
            double dt) {
        return new Burgers(new int[] {cells0, cells1}, new double[] {length0, length1}, viscosity, dt,
                Scheme.SEMI_LAGRANGIAN);
    }

    /** The PBDL book's forward set-up: 128 cells on [-1, 1], {@code nu = 0.01 / (128 pi)}, {@code dt = 1/32}. */
    public static Burgers book() {
        return periodic1d(BOOK_CELLS, 2, BOOK_VISCOSITY, BOOK_DT, Scheme.SEMI_LAGRANGIAN);
    }

    /**
     * The book's initial state {@code -sin(pi x)} at the cell centres {@code x_i = -1 + (i + 1/2) 2/128},
     * {@code [1, 128]}.
     */
    public static Tensor bookInitialState(DType dtype) {
        double[] u = new double[BOOK_CELLS];
        for (int i = 0; i < u.length; i++) {
            u[i] = -Math.sin(Math.PI * (-1 + (i + 0.5) * 2.0 / BOOK_CELLS));
        }
        Tensor t = Tensor.of(u, 1, BOOK_CELLS);
        return dtype == DType.FLOAT64 ? t : t.cast(dtype);
    }

    /** The cell size along each spatial axis. */
    public double[] spacing() {
        return spacing.clone();
    }

    /** The time step. */
    public double dt() {
        return dt;
    }

    /** One step without forcing. */
    public Tensor step(Tensor u) {
        checkState("u", u);
        return size.length == 1 && scheme == Scheme.CONSERVATIVE ? conservative(u) : semiLagrangian(u);
    }

    /** One step, then {@code + dt forcing}; {@code forcing} has the shape and dtype of {@code u}. */
    public Tensor step(Tensor u, Tensor forcing) {
        checkState("u", u);
        if (!Arrays.equals(forcing.shape().dims(), u.shape().dims())) {
            throw new IllegalArgumentException("forcing has shape " + Arrays.toString(forcing.shape().dims())
                    + "; expected the shape of u " + Arrays.toString(u.shape().dims()));
        }
        Checks.sameDType("forcing", forcing, "u", u);
        return step(u).add(forcing.mul(dt));
    }

    /** {@code u0} and the states after each of {@code steps} unforced steps. */
    public List<Tensor> rollout(Tensor u0, int steps) {
        Checks.atLeast("steps", steps, 0);
        List<Tensor> out = new ArrayList<>(steps + 1);
        Tensor u = u0;
        out.add(u);
        for (int n = 0; n < steps; n++) {
            u = step(u);
            out.add(u);
        }
        return out;
    }

    private void checkState(String name, Tensor u) {
        int[] expected = new int[size.length == 1 ? 2 : size.length + 2];
        expected[0] = -1;
        System.arraycopy(size, 0, expected, 1, size.length);
        String meaning = "batch, cells";
        if (size.length > 1) {
            expected[expected.length - 1] = size.length;
            meaning = "batch, cells per axis, one velocity component per axis";
        }
        Checks.shape(name, u, expected, meaning);
    }

    /** The periodic Laplacian of {@code [batch, n..., c]} over the spatial axes 1..d. */
    private Tensor laplacian(Tensor v) {
        Tensor out = null;
        for (int a = 0; a < size.length; a++) {
            Tensor t = v.shift(a + 1, 1, PadMode.PERIODIC).add(v.shift(a + 1, -1, PadMode.PERIODIC)).sub(v.mul(2))
                    .div(spacing[a] * spacing[a]);
            out = out == null ? t : out.add(t);
        }
        return out;
    }

    private Tensor semiLagrangian(Tensor u) {
        int d = size.length;
        Tensor v = d == 1 ? u.unsqueeze(-1) : u;
        if (viscosity > 0) {
            v = v.add(laplacian(v).mul(dt * viscosity));
        }
        int batch = u.dim(0);
        int cells = 1;
        for (int s : size) {
            cells *= s;
        }
        // Departure points in index coordinates: node index - dt v / dx, per axis.
        double[] scale = new double[d];
        for (int a = 0; a < d; a++) {
            scale[a] = -dt / spacing[a];
        }
        Tensor points = nodes(u.dtype()).to(u.backend()).add(v.mul(Tensor.of(scale).cast(u.dtype()).to(u.backend())))
                .reshape(batch, cells, d);
        Tensor out = v.sample(points, Boundary.PERIODIC).reshape(v.shape().dims());
        return d == 1 ? out.reshape(batch, size[0]) : out;
    }

    /** The node index coordinates {@code [n..., d]}. */
    private Tensor nodes(DType dtype) {
        int d = size.length;
        int cells = 1;
        for (int s : size) {
            cells *= s;
        }
        double[] c = new double[cells * d];
        for (int i = 0; i < cells; i++) {
            int rest = i;
            for (int a = d - 1; a >= 0; a--) {
                c[i * d + a] = rest % size[a];
                rest /= size[a];
            }
        }
        int[] shape = Arrays.copyOf(size, d + 1);
        shape[d] = d;
        Tensor t = Tensor.of(c, shape);
        return dtype == DType.FLOAT64 ? t : t.cast(dtype);
    }

    private Tensor conservative(Tensor u) {
        Tensor right = u.shift(1, -1, PadMode.PERIODIC);
        Tensor speed = u.abs().maximum(right.abs());
        // Flux through the face between cell i and i + 1.
        Tensor flux = u.square().add(right.square()).mul(0.5).sub(speed.mul(right.sub(u))).mul(0.5);
        Tensor divergence = flux.sub(flux.shift(1, 1, PadMode.PERIODIC)).div(spacing[0]);
        Tensor out = u.sub(divergence.mul(dt));
        if (viscosity > 0) {
            out = out.add(laplacian(u).mul(dt * viscosity));
        }
        return out;
    }
}
