package dev.adjoint.api;

import java.util.Arrays;
import java.util.function.UnaryOperator;

/**
 * The iterations of {@link LinearSolve}: preconditioned CG and right-preconditioned BiCGStab written with
 * tensor ops (so they run on any backend), reading one scalar per dot product back with {@code item()}.
 * Callers run them without recording; each returns the solution or throws {@link SolveException}.
 */
final class Krylov {
    private Krylov() {
    }

    /** Preconditioned conjugate gradients for a symmetric positive (semi-)definite A, from x = 0. */
    static Tensor cg(SolveSystem a, Tensor[] params, Tensor b, SolveOptions o) {
        boolean ns = o.removeNullSpace();
        Tensor r = ns ? project(b) : b;
        Monitor run = new Monitor("cg", norm(r), b, o);
        UnaryOperator<Tensor> m = a.preconditioner(params, b, o);
        Tensor x = b.zerosLike();
        if (run.converged(run.bNorm)) {
            return x;
        }
        Tensor z = precondition(m, r, ns);
        Tensor p = z;
        double rz = dot(r, z);
        for (int k = 1; k <= run.maxIterations; k++) {
            if (!(rz > 0) || !Double.isFinite(rz)) {
                throw run.breakdown(k, "r.M^-1 r = " + rz + "; the preconditioner must be symmetric positive "
                        + "definite");
            }
            Tensor ap = a.apply(p, params);
            double pap = dot(p, ap);
            if (!(pap > 0) || !Double.isFinite(pap)) {
                throw run.breakdown(k, "p.Ap = " + pap + "; CG needs a symmetric positive definite operator "
                        + "(use bicgstab otherwise)");
            }
            double alpha = rz / pap;
            x = x.add(p.mul(alpha));
            r = r.sub(ap.mul(alpha));
            if (ns) {
                r = project(r);
            }
            if (run.converged(norm(r))) {
                return ns ? project(x) : x;
            }
            z = precondition(m, r, ns);
            double rzNew = dot(r, z);
            p = z.add(p.mul(rzNew / rz));
            rz = rzNew;
        }
        throw run.notConverged();
    }

    /** BiCGStab (van der Vorst) with right preconditioning, for a general nonsingular A, from x = 0. */
    static Tensor bicgstab(SolveSystem a, Tensor[] params, Tensor b, SolveOptions o) {
        boolean ns = o.removeNullSpace();
        Tensor r = ns ? project(b) : b;
        Monitor run = new Monitor("bicgstab", norm(r), b, o);
        UnaryOperator<Tensor> m = a.preconditioner(params, b, o);
        Tensor x = b.zerosLike();
        if (run.converged(run.bNorm)) {
            return x;
        }
        Tensor rHat = r;
        double rho = 1;
        double alpha = 1;
        double omega = 1;
        Tensor p = null;
        Tensor v = null;
        for (int k = 1; k <= run.maxIterations; k++) {
            double rhoNew = dot(rHat, r);
            if (rhoNew == 0 || !Double.isFinite(rhoNew)) {
                throw run.breakdown(k, "rho = r0.r = " + rhoNew);
            }
            p = k == 1 ? r : r.add(p.sub(v.mul(omega)).mul((rhoNew / rho) * (alpha / omega)));
            Tensor pHat = precondition(m, p, ns);
            v = a.apply(pHat, params);
            double rv = dot(rHat, v);
            if (rv == 0 || !Double.isFinite(rv)) {
                throw run.breakdown(k, "r0.v = " + rv);
            }
            alpha = rhoNew / rv;
            Tensor s = r.sub(v.mul(alpha));
            if (ns) {
                s = project(s);
            }
            double sNorm = norm(s);
            if (sNorm <= run.target) {
                x = x.add(pHat.mul(alpha));
                run.converged(sNorm);
                return ns ? project(x) : x;
            }
            Tensor sHat = precondition(m, s, ns);
            Tensor t = a.apply(sHat, params);
            double tt = dot(t, t);
            if (!(tt > 0) || !Double.isFinite(tt)) {
                throw run.breakdown(k, "t.t = " + tt);
            }
            omega = dot(t, s) / tt;
            x = x.add(pHat.mul(alpha)).add(sHat.mul(omega));
            r = s.sub(t.mul(omega));
            if (ns) {
                r = project(r);
            }
            if (run.converged(norm(r))) {
                return ns ? project(x) : x;
            }
            if (omega == 0) {
                throw run.breakdown(k, "omega = 0");
            }
            rho = rhoNew;
        }
        throw run.notConverged();
    }

    private static Tensor precondition(UnaryOperator<Tensor> m, Tensor r, boolean ns) {
        if (m == null) {
            return r;
        }
        Tensor z = m.apply(r);
        return ns ? project(z) : z;
    }

    /** {@code v - mean(v)}: removes the constant component. */
    static Tensor project(Tensor v) {
        return v.size() == 0 ? v : v.sub(v.mean());
    }

    private static double dot(Tensor a, Tensor b) {
        return a.mul(b).sum().item();
    }

    private static double norm(Tensor a) {
        return Math.sqrt(dot(a, a));
    }

    /** The residual history, the stopping target and the exceptions of one solve. */
    private static final class Monitor {
        final String method;
        final double bNorm;
        final double target;
        final int maxIterations;
        final double rtol;
        final SolveOptions options;
        double[] history = new double[16];
        int count;

        Monitor(String method, double bNorm, Tensor b, SolveOptions o) {
            this.method = method;
            this.bNorm = bNorm;
            this.rtol = o.rtol(b.dtype());
            this.target = Math.max(rtol * bNorm, o.atol());
            this.maxIterations = o.maxIterations(b.size());
            this.options = o;
        }

        /** Records a residual norm; whether it meets the target. Throws when it is NaN or infinite. */
        boolean converged(double residual) {
            if (count == history.length) {
                history = Arrays.copyOf(history, 2 * count);
            }
            history[count++] = residual;
            if (!Double.isFinite(residual)) {
                throw new SolveException(method, method + ": the residual norm became " + residual + " after "
                        + (count - 1) + " iterations (" + targetText() + ")", history(), target, options);
            }
            return residual <= target;
        }

        SolveException notConverged() {
            return new SolveException(method, method + " did not converge within " + maxIterations
                    + " iterations: final residual norm " + history[count - 1] + " > " + targetText(), history(),
                    target, options);
        }

        SolveException breakdown(int iteration, String what) {
            return new SolveException(method, method + " broke down in iteration " + iteration + " (" + what
                    + "): residual norm " + history[count - 1] + " > " + targetText(), history(), target,
                    options);
        }

        private String targetText() {
            return "target " + target + " = max(rtol " + rtol + " * ||b|| " + bNorm + ", atol " + options.atol()
                    + ")";
        }

        private double[] history() {
            return Arrays.copyOf(history, count);
        }
    }
}
