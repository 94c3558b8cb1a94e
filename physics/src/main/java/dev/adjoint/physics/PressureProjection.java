package dev.adjoint.physics;

import dev.adjoint.api.Autodiff;
import dev.adjoint.api.DType;
import dev.adjoint.api.LinearOperator;
import dev.adjoint.api.LinearSolve;
import dev.adjoint.api.PadMode;
import dev.adjoint.api.SolveOptions;
import dev.adjoint.api.Tensor;

/**
 * Pressure projection ({@code makeIncompressible}) of staggered velocities: it solves the Poisson problem
 * {@code -div(M grad p) = -div v} with matrix-free conjugate gradients ({@link LinearSolve#cg}, so gradients
 * come from the implicit adjoint solve) and returns {@code v - M grad p}, divergence-free in every fluid cell.
 * {@code M} opens the faces between fluid cells; walls (constant or symmetric sides) and obstacle faces are
 * closed and keep their prescribed velocity (zero at obstacles); zero-gradient sides are open with
 * {@code p = 0} outside. A domain without an open side (a closed box, or periodic) is singular: the divergence
 * is balanced to zero mean over the fluid and the pressure is kept at zero mean.
 *
 * <p>When every axis is periodic or closed on both sides and there are no obstacles, the Poisson operator is
 * the one FFTs diagonalise and the pressure comes from one direct spectral solve ({@link SpectralPreconditioner};
 * zero CG iterations). With obstacles in such a domain, CG runs on the system preconditioned symmetrically by
 * the FFT-based inverse square root of the obstacle-free Laplacian; with an open side, plain CG.
 * A warm start from the previous pressure (detached: the solution does not depend on it) shortens the
 * solve; the tolerance is then relative to the norm of the right-hand side, not of the warm-start residual.
 * (The spectral path uses the warm start only when there are obstacles.)
 * One instance caches its masks for one layout; it records the iteration count of its last solve and is not
 * meant to be shared between threads.
 */
public final class PressureProjection {
    /** A projected velocity, its pressure and the number of CG iterations it took. */
    public record Result(StaggeredGrid velocity, CenteredGrid pressure, int iterations) {
    }

    private final Geometry obstacle;
    private final double rtol;
    private final int maxIterations;
    private FlowMasks masks;
    private SpectralPreconditioner spectral;
    private int lastIterations;

    /**
     * A projection around {@code obstacle} (null for none), with CG relative tolerance {@code rtol} (NaN for
     * the dtype default: 1e-5 for float32, 1e-10 for float64) and an iteration cap.
     */
    public PressureProjection(Geometry obstacle, double rtol, int maxIterations) {
        if (!(rtol >= 0) && !Double.isNaN(rtol)) {
            throw new IllegalArgumentException("PressureProjection: rtol " + rtol + "; expected >= 0 or NaN");
        }
        if (maxIterations < 1) {
            throw new IllegalArgumentException("PressureProjection: maxIterations " + maxIterations
                    + "; expected at least 1");
        }
        this.obstacle = obstacle;
        this.rtol = rtol;
        this.maxIterations = maxIterations;
    }

    /** A projection without obstacles and with default tolerances. */
    public PressureProjection() {
        this(null, Double.NaN, 10_000);
    }

    /** The CG iteration count of the last forward solve (0 before the first and for direct spectral solves). */
    public int lastIterations() {
        return lastIterations;
    }

    /** The masks for this layout (built on first use). */
    FlowMasks masks(StaggeredGrid v) {
        if (masks == null || !masks.matches(v.grid(), v.boundaries(), v.dtype())) {
            if (obstacle != null && obstacle.dims() != v.grid().dims()) {
                throw new IllegalArgumentException("obstacle " + obstacle + " has " + obstacle.dims()
                        + " dimensions but field '" + v.name() + "' lives on " + v.grid());
            }
            masks = new FlowMasks(v.grid(), v.boundaries(), obstacle, v.dtype());
            spectral = SpectralPreconditioner.forMasks(masks);
        }
        return masks;
    }

    /** The solid cells as a mask {@code [1, n...]} (1 = solid) for the layout of {@code v}. */
    public Tensor solidMask(StaggeredGrid v) {
        return masks(v).solid;
    }

    /**
     * The velocity with walls and obstacles imposed: boundary faces take their prescribed values, faces next
     * to an obstacle become zero.
     */
    public StaggeredGrid imposeBoundaries(StaggeredGrid v) {
        FlowMasks m = masks(v);
        StaggeredGrid b = v.withBoundaryValues();
        if (!m.hasObstacles) {
            return b;
        }
        Tensor[] c = b.components();
        for (int d = 0; d < c.length; d++) {
            c[d] = c[d].mul(m.keep[d]);
        }
        return b.withComponents(c);
    }

    /** Projects {@code v} from a zero initial pressure guess. */
    public Result project(StaggeredGrid v) {
        return project(v, null);
    }

    /**
     * Projects {@code v}, starting CG from {@code warmStart} (a pressure of an earlier step, or null).
     *
     * @throws IllegalArgumentException when the velocity holds NaN or infinite values
     * @throws dev.adjoint.api.SolveException when CG does not converge
     */
    public Result project(StaggeredGrid v, CenteredGrid warmStart) {
        FlowMasks m = masks(v);
        StaggeredGrid vb = imposeBoundaries(v);
        Tensor div = Operators.divergenceValues(vb);
        Tensor rhs = div.neg().mul(m.fluid);
        if (m.singular) {
            rhs = balance(rhs, m);
        }
        double norm = Math.sqrt(rhs.mul(rhs).sum().item());
        if (!Double.isFinite(norm)) {
            throw new IllegalArgumentException("makeIncompressible: field '" + v.name()
                    + "' contains non-finite values (its divergence has norm " + norm + "); expected finite"
                    + " velocities entering the pressure solve");
        }
        Tensor pressure;
        if (norm == 0) {
            pressure = rhs.zerosLike();
            lastIterations = 0;
        } else {
            pressure = solve(rhs, norm, m, warmStart, v.name());
        }
        Tensor[] c = vb.components();
        Tensor[] grad = gradient(pressure, m);
        for (int d = 0; d < c.length; d++) {
            c[d] = c[d].sub(grad[d].mul(m.free[d]));
        }
        Boundaries pb = pressureBoundaries(v.boundaries());
        CenteredGrid p = CenteredGrid.scalar("pressure", v.grid(), pressure, pb);
        return new Result(vb.withComponents(c), p, lastIterations);
    }

    private Tensor solve(Tensor rhs, double norm, FlowMasks m, CenteredGrid warmStart, String field) {
        DType dtype = rhs.dtype();
        double tol = Double.isNaN(rtol) ? (dtype == DType.FLOAT64 ? 1e-10 : 1e-5) : rtol;
        int[] counter = new int[1];
        LinearOperator op = (x, params) -> {
            counter[0]++;
            return apply(x, m);
        };
        Tensor x0 = null;
        if (warmStart != null) {
            Tensor w = warmStart.values();
            Tensor guess = Autodiff.stopGradient(w.reshape(squeezeLast(w)));
            if (!guess.shape().equals(rhs.shape()) || guess.dtype() != dtype) {
                throw new IllegalArgumentException("makeIncompressible: warm-start pressure '" + warmStart.name()
                        + "' has values " + w.shape() + " (" + w.dtype() + ") but field '" + field
                        + "' needs a pressure of shape " + rhs.shape() + " (" + dtype + ")");
            }
            x0 = m.singular ? balance(guess, m) : guess;
        }
        if (spectral != null && !m.hasObstacles) {
            // A = L exactly: one FFT-based direct solve, differentiable through the transforms.
            lastIterations = 0;
            return balance(spectral.solve(rhs), m);
        }
        if (spectral != null) {
            return solveSpectral(rhs, x0, tol, m, counter, op);
        }
        Tensor b = x0 == null ? rhs : rhs.sub(apply(x0, m));
        double target = tol * norm;
        if (x0 != null) {
            // Never ask for more than round-off allows relative to the warm-start residual.
            double floor = (dtype == DType.FLOAT64 ? 1e-14 : 1e-7) * Math.sqrt(b.mul(b).sum().item());
            target = Math.max(target, floor);
        }
        SolveOptions options = SolveOptions.defaults().withRtol(0).withAtol(target)
                .withMaxIterations(maxIterations)
                .withAdjoint(SolveOptions.defaults().withRtol(tol).withMaxIterations(maxIterations));
        Tensor x = LinearSolve.cg(op, new Tensor[0], b, options);
        lastIterations = counter[0];
        if (x0 != null) {
            x = x.add(x0);
        }
        return m.singular ? balance(x, m) : x;
    }

    /** CG on {@code S A S y = S b} with the spectral preconditioner {@code S}; {@code x = S y}. */
    private Tensor solveSpectral(Tensor rhs, Tensor x0, double tol, FlowMasks m, int[] counter, LinearOperator a) {
        SpectralPreconditioner s = spectral;
        Tensor sb = s.apply(rhs);
        double norm = Math.sqrt(sb.mul(sb).sum().item());
        double target = tol * norm;
        if (x0 != null) {
            sb = s.apply(rhs.sub(apply(x0, m)));
            double floor = (rhs.dtype() == DType.FLOAT64 ? 1e-14 : 1e-7) * Math.sqrt(sb.mul(sb).sum().item());
            target = Math.max(target, floor);
        }
        LinearOperator op = (y, params) -> s.apply(a.apply(s.apply(y), params));
        SolveOptions options = SolveOptions.defaults().withRtol(0).withAtol(target)
                .withMaxIterations(maxIterations)
                .withAdjoint(SolveOptions.defaults().withRtol(tol).withMaxIterations(maxIterations));
        Tensor y = LinearSolve.cg(op, new Tensor[0], sb, options);
        lastIterations = counter[0];
        Tensor x = s.apply(y);
        return balance(x0 == null ? x : x.add(x0), m);
    }

    private static int[] squeezeLast(Tensor w) {
        int[] s = w.shape().dims();
        return java.util.Arrays.copyOf(s, s.length - 1);
    }

    /** The Poisson operator {@code -div(M grad p)} with identity-like rows in solid cells. */
    static Tensor apply(Tensor p, FlowMasks m) {
        Tensor out = p.mul(m.diagonal);
        for (int d = 0; d < m.grid.dims(); d++) {
            PadMode mode = m.boundaries.isPeriodic(d) ? PadMode.PERIODIC : PadMode.CONSTANT;
            out = out.sub(p.shift(d + 1, 1, mode).mul(m.lowCoefficient[d]))
                    .sub(p.shift(d + 1, -1, mode).mul(m.highCoefficient[d]));
        }
        return out;
    }

    /** Removes the mean over the fluid cells, per batch entry (the null space of a closed domain). */
    static Tensor balance(Tensor x, FlowMasks m) {
        int dims = m.grid.dims();
        int[] axes = new int[dims];
        for (int d = 0; d < dims; d++) {
            axes[d] = d + 1;
        }
        Tensor mean = x.mul(m.fluid).sum(axes, true).div(m.fluidCells);
        return x.sub(mean.mul(m.fluid));
    }

    /** The pressure gradient on every face, {@code (p[k] - p[k-1]) / dx} with zero outside the domain. */
    static Tensor[] gradient(Tensor p, FlowMasks m) {
        int dims = m.grid.dims();
        Tensor[] g = new Tensor[dims];
        for (int d = 0; d < dims; d++) {
            int axis = d + 1;
            Tensor padded;
            if (m.boundaries.isPeriodic(d)) {
                padded = Ghosts.periodic(p, axis, 1, 0);
            } else {
                int[] before = new int[p.rank()];
                int[] after = new int[p.rank()];
                before[axis] = 1;
                after[axis] = 1;
                padded = p.pad(before, after, PadMode.CONSTANT);
            }
            g[d] = Ghosts.pairDiff(padded, axis).div(m.grid.dx(d));
        }
        return g;
    }

    private static Boundaries pressureBoundaries(Boundaries velocity) {
        Boundaries b = velocity;
        for (int d = 0; d < velocity.dims(); d++) {
            if (!velocity.isPeriodic(d)) {
                b = b.with(d, Side.zeroGradient(), Side.zeroGradient());
            }
        }
        return b;
    }
}
