package dev.adjoint.apps.physics;

import com.beust.jcommander.Parameter;
import dev.adjoint.api.Autodiff;
import dev.adjoint.api.DType;
import dev.adjoint.apps.io.LinePlot;
import dev.adjoint.apps.run.App;
import dev.adjoint.apps.run.Comparison;
import dev.adjoint.apps.run.ProgressBar;
import dev.adjoint.apps.run.RunContext;
import dev.adjoint.physics.NavierStokes;
import dev.adjoint.physics.PressureProjection;
import dev.adjoint.physics.TaylorGreen;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code adjoint run taylor-green}: the decaying Taylor–Green vortex against its analytic solution at several
 * resolutions, with the observed convergence order of the second-order central scheme (RK4 in time) and of the
 * first-order semi-Lagrangian splitting (physics reference, section 2).
 */
public final class TaylorGreenApp implements App<TaylorGreenApp.Options> {
    /** The app's options. */
    public static final class Options {
        @Parameter(names = "--viscosity", description = "Kinematic viscosity (Re = 1 / nu)")
        public double viscosity = 0.1;

        @Parameter(names = "--dt", description = "Time step (small, so the spatial error dominates)")
        public double dt = 0.01;

        @Parameter(names = "--time", description = "Final time")
        public double time = 0.5;

        @Parameter(names = "--resolutions", description = "Comma-separated cells per side (default 16,32,64; "
                + "--full 16,32,64,128)")
        public String resolutions;
    }

    @Override
    public String name() {
        return "taylor-green";
    }

    @Override
    public String summary() {
        return "Taylor-Green vortex: error against the analytic solution and observed convergence order";
    }

    @Override
    public Options newOptions() {
        return new Options();
    }

    @Override
    public void run(Options o, RunContext context) throws Exception {
        int[] ns = parse(o.resolutions != null ? o.resolutions : context.full() ? "16,32,64,128" : "16,32,64");
        int steps = (int) Math.round(o.time / o.dt);
        if (!(o.viscosity > 0) || !(o.dt > 0) || steps < 1) {
            throw new IllegalArgumentException("need --viscosity > 0, --dt > 0 and --time >= dt; got " + o.viscosity
                    + ", " + o.dt + ", " + o.time);
        }
        NavierStokes.Scheme[] schemes = {NavierStokes.Scheme.CENTRAL, NavierStokes.Scheme.SEMI_LAGRANGIAN};
        Map<String, double[]> errors = new LinkedHashMap<>();
        Map<String, Double> seconds = new LinkedHashMap<>();
        Map<Integer, Double> decay = new LinkedHashMap<>();
        try (ProgressBar bar = context.progress("runs", ns.length * schemes.length); var _ = Autodiff.noGrad()) {
            for (NavierStokes.Scheme scheme : schemes) {
                double[] err = new double[ns.length];
                for (int k = 0; k < ns.length; k++) {
                    NavierStokes solver = new NavierStokes(o.viscosity, scheme, scheme == NavierStokes.Scheme.CENTRAL
                            ? NavierStokes.Integrator.RK4 : NavierStokes.Integrator.EULER, false,
                            new PressureProjection(null, 1e-10, 10_000));
                    long t0 = System.nanoTime();
                    TaylorGreen.Result r = TaylorGreen.simulate(ns[k], o.viscosity, o.dt, steps, solver,
                            DType.FLOAT64);
                    err[k] = r.maxError();
                    seconds.put(scheme + " " + ns[k], (System.nanoTime() - t0) / 1e9);
                    if (scheme == NavierStokes.Scheme.CENTRAL) {
                        decay.put(ns[k], decayExponent(r, ns[k], o.viscosity));
                    }
                    bar.step(String.format(Locale.ROOT, "%s %d: error %.2e", scheme, ns[k], err[k]));
                }
                errors.put(scheme.name(), err);
            }
        }

        double[] x = new double[ns.length];
        for (int k = 0; k < ns.length; k++) {
            x[k] = ns[k];
        }
        LinePlot plot = new LinePlot("Taylor-Green: max velocity error at t = " + o.time, "cells per side",
                "max |v - exact|", 700, 500).logarithmic(true, true);
        Comparison table = new Comparison();
        Map<String, Object> orders = new LinkedHashMap<>();
        for (Map.Entry<String, double[]> e : errors.entrySet()) {
            double[] err = e.getValue();
            plot.line(e.getKey(), x, err);
            List<Double> observed = new ArrayList<>();
            for (int k = 0; k + 1 < ns.length; k++) {
                double order = Math.log(err[k] / err[k + 1]) / Math.log((double) ns[k + 1] / ns[k]);
                observed.add(order);
                boolean central = e.getKey().equals("CENTRAL");
                table.add(String.format(Locale.ROOT, "order %s %d -> %d", e.getKey(), ns[k], ns[k + 1]), order,
                        central ? 2 : 1, central ? "second-order scheme (>= 1.8)" : "first-order splitting",
                        central ? (Boolean) (order >= 1.8) : null);
            }
            orders.put(e.getKey(), observed);
            table.add("max error " + e.getKey() + " at " + ns[ns.length - 1], err[ns.length - 1]);
        }
        // The published decay check: the fitted exponent of max |u| is -2 nu within 1 % at N >= 32 (second order).
        decay.forEach((n, rate) -> table.add("decay exponent of max |u|, CENTRAL at " + n, rate, -2 * o.viscosity,
                "analytic -2 nu (within 1 % at N >= 32)",
                n >= 32 ? (Boolean) (Math.abs(rate + 2 * o.viscosity) <= 0.01 * 2 * o.viscosity) : null));
        double[] slope2 = new double[ns.length];
        double[] central = errors.get("CENTRAL");
        for (int k = 0; k < ns.length; k++) {
            slope2[k] = central[0] * Math.pow((double) ns[0] / ns[k], 2);
        }
        plot.line("slope 2", x, slope2).writePng(context.file("convergence.png"));
        table.print(context.out());

        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("app", name());
        doc.put("settings", Map.of("viscosity", o.viscosity, "dt", o.dt, "time", steps * o.dt, "resolutions",
                x, "dtype", "float64"));
        doc.put("rows", table.toJson());
        doc.put("errors", errors);
        doc.put("observed_orders", orders);
        doc.put("decay_exponents", decay);
        doc.put("seconds", seconds);
        context.writeResults(doc);
    }

    /**
     * {@code ln(A(t) / A(0)) / t} for the amplitude {@code A = max |u|} on the u-faces, with {@code A(0)} the exact
     * field's on the same faces (the peak of {@code cos x sin y} is not on a face for every N).
     */
    static double decayExponent(TaylorGreen.Result r, int n, double viscosity) {
        double initial = TaylorGreen.exact(n, viscosity, 0, DType.FLOAT64).component(0).abs().max().item();
        return Math.log(r.amplitude() / initial) / r.time();
    }

    static int[] parse(String text) {
        String[] parts = text.split(",");
        int[] out = new int[parts.length];
        for (int i = 0; i < parts.length; i++) {
            try {
                out[i] = Integer.parseInt(parts[i].trim());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("--resolutions takes cells per side separated by commas, got '"
                        + parts[i].trim() + "'");
            }
            if (out[i] < 4 || i > 0 && out[i] <= out[i - 1]) {
                throw new IllegalArgumentException("--resolutions must increase and be at least 4, got " + text);
            }
        }
        if (out.length < 2) {
            throw new IllegalArgumentException("--resolutions needs at least two sizes for an order, got " + text);
        }
        return out;
    }
}
