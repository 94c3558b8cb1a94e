package dev.adjoint.physics;

import dev.adjoint.api.DType;
import dev.adjoint.api.LinearSolve;
import dev.adjoint.api.SolveOptions;
import dev.adjoint.api.Tensor;

/**
 * Diffusion {@code df/dt = nu * laplacian(f)}: explicit Euler sub-steps, or one implicit (backward Euler)
 * step {@code (I - nu dt L) f1 = f0 + nu dt b}, where {@code L f + b} is the Laplacian with the field's
 * boundary conditions ({@code b} carries the constant wall values), solved matrix-free with the api's
 * differentiable solvers (CG for centred fields, whose operator is symmetric; BiCGStab per staggered
 * component).
 */
public final class Diffusion {
    private Diffusion() {
    }

    /** {@code substeps} explicit Euler steps of {@code dt / substeps} each. */
    public static CenteredGrid explicit(CenteredGrid f, double viscosity, double dt, int substeps) {
        requireArguments(viscosity, dt, substeps);
        double h = dt / substeps;
        for (int i = 0; i < substeps; i++) {
            f = f.withValues(f.values().add(Operators.laplacian(f).values().mul(viscosity * h)));
        }
        return f;
    }

    /** {@code substeps} explicit Euler steps of {@code dt / substeps} each, per staggered component. */
    public static StaggeredGrid explicit(StaggeredGrid v, double viscosity, double dt, int substeps) {
        requireArguments(viscosity, dt, substeps);
        double h = dt / substeps;
        for (int i = 0; i < substeps; i++) {
            v = v.addScaled(Operators.laplacian(v), viscosity * h);
        }
        return v;
    }

    /** One backward-Euler step of a centred field. */
    public static CenteredGrid implicit(CenteredGrid f, double viscosity, double dt) {
        requireArguments(viscosity, dt, 1);
        double a = viscosity * dt;
        CenteredGrid zero = f.withValues(f.values().zerosLike());
        Tensor affine = Operators.laplacian(zero).values();
        Tensor rhs = f.values().add(affine.mul(a));
        requireFinite(rhs, f.name());
        Tensor x = LinearSolve.cg((p, params) -> p.sub(Operators.laplacian(f.withValues(p)).values().sub(affine)
                .mul(a)), new Tensor[0], rhs, options(rhs.dtype()));
        return f.withValues(x);
    }

    /** One backward-Euler step of every staggered component. */
    public static StaggeredGrid implicit(StaggeredGrid v, double viscosity, double dt) {
        requireArguments(viscosity, dt, 1);
        double a = viscosity * dt;
        StaggeredGrid zero = v.mul(0);
        StaggeredGrid affine = Operators.laplacian(zero);
        Tensor[] out = new Tensor[v.grid().dims()];
        for (int d = 0; d < out.length; d++) {
            int comp = d;
            Tensor b = affine.component(d);
            Tensor rhs = v.component(d).add(b.mul(a));
            requireFinite(rhs, v.name());
            out[d] = LinearSolve.bicgstab((p, params) -> p.sub(componentLaplacian(v, comp, p).sub(b).mul(a)),
                    new Tensor[0], rhs, options(rhs.dtype()));
        }
        return v.withComponents(out);
    }

    private static Tensor componentLaplacian(StaggeredGrid v, int comp, Tensor p) {
        UniformGrid g = v.grid();
        Tensor out = null;
        for (int d = 0; d < g.dims(); d++) {
            Tensor term = Operators.secondDifference(p, d + 1, d, v.boundaries(), d == comp, comp, g.dx(d));
            out = out == null ? term : out.add(term);
        }
        return out;
    }

    private static SolveOptions options(DType dtype) {
        return SolveOptions.defaults().withRtol(dtype == DType.FLOAT64 ? 1e-12 : 1e-6);
    }

    private static void requireFinite(Tensor rhs, String field) {
        double s = rhs.abs().sum().item();
        if (!Double.isFinite(s)) {
            throw new IllegalArgumentException("implicit diffusion: field '" + field + "' contains non-finite"
                    + " values; expected finite values entering the solve");
        }
    }

    private static void requireArguments(double viscosity, double dt, int substeps) {
        if (!(viscosity >= 0) || !Double.isFinite(viscosity)) {
            throw new IllegalArgumentException("diffusion: viscosity " + viscosity + "; expected a finite number >= 0");
        }
        if (!(dt > 0) || !Double.isFinite(dt)) {
            throw new IllegalArgumentException("diffusion: dt " + dt + "; expected a finite number > 0");
        }
        if (substeps < 1) {
            throw new IllegalArgumentException("explicit diffusion: substeps " + substeps + "; expected >= 1");
        }
    }
}
