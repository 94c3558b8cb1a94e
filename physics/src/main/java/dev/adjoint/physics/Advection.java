package dev.adjoint.physics;

import dev.adjoint.api.Autodiff;
import dev.adjoint.api.Tensor;

/**
 * Advection by a staggered velocity: semi-Lagrangian (trace each sample point back along the velocity and
 * interpolate there, with the api's grid sampling), MacCormack (a forward and a backward semi-Lagrangian step
 * whose error estimate corrects the result, clamped to the extrema of the values the interpolation read), the
 * second-order central-difference advection term of the Navier–Stokes equations, and the advection of
 * points (Euler or RK4). All of it is differentiable with respect to the field and the velocity.
 */
public final class Advection {
    /** Time integrators for point advection. */
    public enum PointIntegrator {
        /** Explicit Euler. */
        EULER,
        /** Classical fourth-order Runge–Kutta. */
        RK4
    }

    private Advection() {
    }

    /** Semi-Lagrangian advection of a centred field by {@code v} over {@code dt}. */
    public static CenteredGrid semiLagrangian(CenteredGrid f, StaggeredGrid v, double dt) {
        requireFits(f, v, dt);
        Tensor[] pv = centresAndVelocity(f, v);
        return lookup(f, pv[0].sub(pv[1].mul(dt)));
    }

    private static void requireFits(CenteredGrid f, StaggeredGrid v, double dt) {
        f.grid().requireSame(v.grid(), f.name(), v.name());
        requireBatch(f.batch(), v, f.name());
        requireFiniteDt(dt);
    }

    private static void requireFiniteDt(double dt) {
        if (!Double.isFinite(dt)) {
            throw new IllegalArgumentException("advection: dt " + dt + "; expected a finite time step");
        }
    }

    /** The cell centres {@code [1, n, dims]} and the velocity there {@code [batch, n, dims]}. */
    private static Tensor[] centresAndVelocity(CenteredGrid f, StaggeredGrid v) {
        UniformGrid g = f.grid();
        int dims = g.dims();
        int n = g.cellCount();
        Tensor centres = g.cellCenters(f.values().dtype()).reshape(1, n, dims);
        Tensor vel = Operators.toCentered(v).values().reshape(v.batch(), n, dims);
        return new Tensor[] {centres, vel};
    }

    private static CenteredGrid lookup(CenteredGrid f, Tensor points) {
        return f.withValues(f.sample(points).reshape(f.values().shape().dims()));
    }

    /** Semi-Lagrangian advection of every component of a staggered field by {@code v} over {@code dt}. */
    public static StaggeredGrid semiLagrangian(StaggeredGrid f, StaggeredGrid v, double dt) {
        f.grid().requireSame(v.grid(), f.name(), v.name());
        requireBatch(f.batch(), v, f.name());
        requireFiniteDt(dt);
        for (int d = 0; d < f.grid().dims(); d++) {
            if (f.boundaries().isPeriodic(d) != v.boundaries().isPeriodic(d)) {
                throw new IllegalArgumentException("advection: field '" + f.name() + "' is "
                        + (f.boundaries().isPeriodic(d) ? "" : "not ") + "periodic along axis " + d
                        + " but velocity '" + v.name() + "' is " + (v.boundaries().isPeriodic(d) ? "" : "not ")
                        + "periodic; expected the same face layout");
            }
        }
        int dims = f.grid().dims();
        Tensor[] out = new Tensor[dims];
        for (int d = 0; d < dims; d++) {
            Tensor comp = f.component(d);
            int[] shape = comp.shape().dims();
            int m = comp.size() / comp.dim(0);
            Tensor pts = f.facePositions(d).reshape(1, m, dims);
            Tensor[] vel = velocityAtFaces(v, d);
            Tensor vs = Tensor.stack(dims + 1, vel).reshape(v.batch(), m, dims);
            Tensor back = pts.sub(vs.mul(dt));
            out[d] = Sampler.sample(comp.unsqueeze(comp.rank()), f.grid(), f.boundaries(), d, d, back, f.name())
                    .reshape(shape);
        }
        return f.withComponents(out);
    }

    /**
     * MacCormack advection of a centred field: {@code phi1 = SL(f, dt)}, {@code phi0 = SL(phi1, -dt)},
     * {@code phi1 + (f - phi0) / 2}, clamped per point to the minimum and maximum of the {@code 2^d} values of
     * {@code f} that the first semi-Lagrangian step interpolated.
     */
    public static CenteredGrid macCormack(CenteredGrid f, StaggeredGrid v, double dt) {
        requireFits(f, v, dt);
        Tensor[] pv = centresAndVelocity(f, v);
        Tensor step = pv[1].mul(dt);
        Tensor back = pv[0].sub(step);
        CenteredGrid forward = lookup(f, back);
        CenteredGrid reverse = lookup(forward, pv[0].add(step));
        Tensor corrected = forward.values().add(f.values().sub(reverse.values()).mul(0.5));
        UniformGrid g = f.grid();
        int dims = g.dims();
        int channels = f.channels();
        Tensor lo = f.values();
        Tensor hi = f.values();
        for (int d = 0; d < dims; d++) {
            int axis = d + 1;
            Tensor pl = Ghosts.pad(lo, axis, d, f.boundaries().lower(d), f.boundaries().upper(d), false, -1, true);
            Tensor ph = Ghosts.pad(hi, axis, d, f.boundaries().lower(d), f.boundaries().upper(d), false, -1, true);
            int m = pl.dim(axis);
            lo = pl.slice(axis, 1, m - 1).minimum(pl.slice(axis, 2, m));
            hi = ph.slice(axis, 1, m - 1).maximum(ph.slice(axis, 2, m));
        }
        // Node i of lo/hi holds the extrema over the cells i..i+1 per axis; read it at the cell below the point.
        double[] dx = new double[dims];
        double[] lower = new double[dims];
        for (int d = 0; d < dims; d++) {
            dx[d] = g.dx(d);
            lower[d] = g.lower(d);
        }
        Tensor dxT = Tensor.of(dx, dims).cast(corrected.dtype());
        Tensor lowerT = Tensor.of(lower, dims).cast(corrected.dtype());
        Tensor base = Autodiff.stopGradient(back.sub(lowerT).div(dxT).sub(0.5).floor().add(0.5).mul(dxT)
                .add(lowerT));
        int[] shape = f.values().shape().dims();
        Tensor min;
        Tensor max;
        if (channels == 1) {
            Tensor bounds = f.withValues(Tensor.concat(dims + 1, lo, hi)).sample(base);
            min = bounds.slice(2, 0, 1).reshape(shape);
            max = bounds.slice(2, 1, 2).reshape(shape);
        } else {
            min = f.withValues(lo).sample(base).reshape(shape);
            max = f.withValues(hi).sample(base).reshape(shape);
        }
        return f.withValues(corrected.maximum(min).minimum(max));
    }

    /**
     * The advection term {@code -(v . grad) v} of a staggered velocity at its own faces, by second-order
     * central differences (non-conservative form).
     */
    public static StaggeredGrid advectionTerm(StaggeredGrid v) {
        UniformGrid g = v.grid();
        int dims = g.dims();
        Tensor[] out = new Tensor[dims];
        for (int d = 0; d < dims; d++) {
            Tensor[] vel = velocityAtFaces(v, d);
            Tensor acc = null;
            for (int e = 0; e < dims; e++) {
                Tensor deriv = Operators.centralDifference(v.component(d), e + 1, e, v.boundaries(), e == d, d,
                        g.dx(e));
                Tensor term = vel[e].mul(deriv);
                acc = acc == null ? term : acc.add(term);
            }
            out[d] = acc.neg();
        }
        return v.withComponents(out);
    }

    /**
     * Every component of {@code v} at the faces of component {@code d}, {@code [batch, faces_d...]} each:
     * component {@code d} itself, each other component averaged from its four nearest faces in the plane of the
     * two axes.
     */
    static Tensor[] velocityAtFaces(StaggeredGrid v, int d) {
        int dims = v.grid().dims();
        Boundaries b = v.boundaries();
        Tensor[] out = new Tensor[dims];
        for (int e = 0; e < dims; e++) {
            if (e == d) {
                out[e] = v.component(d);
                continue;
            }
            Tensor c = Ghosts.facesToCells(v.component(e), e + 1, b.isPeriodic(e));
            out[e] = Ghosts.cellsToFaces(c, d + 1, d, b.lower(d), b.upper(d), e);
        }
        return out;
    }

    /** Moves points {@code [batch, m, dims]} along {@code v} over {@code dt} with the given integrator. */
    public static Tensor points(Tensor points, StaggeredGrid v, double dt, PointIntegrator integrator) {
        if (points.rank() != 3 || points.dim(2) != v.grid().dims()) {
            throw new IllegalArgumentException("advect points: points of shape " + points.shape()
                    + " do not fit field '" + v.name() + "'; expected [batch, m, " + v.grid().dims() + "]");
        }
        requireFiniteDt(dt);
        if (integrator == PointIntegrator.EULER) {
            return points.add(v.sample(points).mul(dt));
        }
        Tensor k1 = v.sample(points);
        Tensor k2 = v.sample(points.add(k1.mul(dt / 2)));
        Tensor k3 = v.sample(points.add(k2.mul(dt / 2)));
        Tensor k4 = v.sample(points.add(k3.mul(dt)));
        return points.add(k1.add(k2.mul(2)).add(k3.mul(2)).add(k4).mul(dt / 6));
    }

    private static void requireBatch(int batch, StaggeredGrid v, String field) {
        if (v.batch() != batch && v.batch() != 1) {
            throw new IllegalArgumentException("advection: field '" + field + "' has batch " + batch
                    + " but velocity '" + v.name() + "' has batch " + v.batch() + "; expected equal batches"
                    + " (or a velocity batch of 1)");
        }
    }
}
