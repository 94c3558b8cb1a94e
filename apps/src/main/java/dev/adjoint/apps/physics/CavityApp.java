package dev.adjoint.apps.physics;

import com.beust.jcommander.Parameter;
import dev.adjoint.api.Autodiff;
import dev.adjoint.apps.io.LinePlot;
import dev.adjoint.apps.run.App;
import dev.adjoint.apps.run.Comparison;
import dev.adjoint.apps.run.ProgressBar;
import dev.adjoint.apps.run.RunContext;
import dev.adjoint.physics.Cavity;
import dev.adjoint.physics.GhiaCavity;
import dev.adjoint.physics.NavierStokes;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * {@code adjoint run cavity --re 100|1000}: the lid-driven cavity run to steady state and compared with the
 * centreline tables of Ghia, Ghia and Shin (1982) on the staggered grid itself (physics reference, section 1).
 */
public final class CavityApp implements App<CavityApp.Options> {
    /** The app's options. */
    public static final class Options {
        @Parameter(names = "--re", description = "Reynolds number: 100 or 1000")
        public int re = 100;

        @Parameter(names = "--resolution", description = "Cells per side (default 64; --full 128)")
        public Integer resolution;

        @Parameter(names = "--max-steps", description = "Step limit (default 20000; --full 400000)")
        public Integer maxSteps;

        @Parameter(names = "--tolerance", description = "Steady when max |v(n+1) - v(n)| / dt is below this")
        public double tolerance = 1e-4;

        @Parameter(names = "--integrator", description = "euler or rk4 (default: euler at Re 100, rk4 at Re 1000)")
        public String integrator;

        @Parameter(names = "--dt", description = "Time step (default: the stable step of the integrator)")
        public Double dt;
    }

    @Override
    public String name() {
        return "cavity";
    }

    @Override
    public String summary() {
        return "Lid-driven cavity at Re 100 or 1000 against the Ghia et al. 1982 centreline tables";
    }

    @Override
    public Options newOptions() {
        return new Options();
    }

    @Override
    public void run(Options o, RunContext context) throws Exception {
        GhiaCavity.uTable(o.re); // rejects a Reynolds number without a table
        int n = o.resolution != null ? o.resolution : context.full() ? 128 : 64;
        int maxSteps = o.maxSteps != null ? o.maxSteps : context.full() ? 400_000 : 20_000;
        if (n < 4 || n % 2 != 0 || maxSteps < 1 || !(o.tolerance > 0)) {
            throw new IllegalArgumentException("need an even --resolution >= 4, --max-steps >= 1 and --tolerance > 0;"
                    + " got " + n + ", " + maxSteps + ", " + o.tolerance);
        }
        double bound = o.re == 100 ? 0.02 : 0.05;
        NavierStokes.Integrator integrator = integrator(o.integrator != null ? o.integrator
                : o.re == 100 ? "euler" : "rk4");
        double dt = o.dt != null ? o.dt : integrator == NavierStokes.Integrator.EULER ? Cavity.stableDt(o.re, n)
                : rk4Dt(o.re, n);
        if (!(dt > 0)) {
            throw new IllegalArgumentException("--dt must be positive, got " + dt);
        }
        Cavity.Result r;
        long started = System.nanoTime();
        try (ProgressBar bar = context.progress("Re " + o.re, maxSteps); var _ = Autodiff.noGrad()) {
            r = Cavity.run(o.re, n, dt, maxSteps, o.tolerance, 50, integrator, step -> bar.step());
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        GhiaCavity.Comparison c = r.compare(o.re);

        double[] uRef = GhiaCavity.uTable(o.re);
        double[] vRef = GhiaCavity.vTable(o.re);
        new LinePlot("u on x = 0.5, Re " + o.re, "y", "u", 700, 500).line("ours (" + n + "^2)", GhiaCavity.Y, c.u())
                .points("Ghia et al. 1982", GhiaCavity.Y, uRef).writePng(context.file("u-centerline.png"));
        new LinePlot("v on y = 0.5, Re " + o.re, "x", "v", 700, 500).line("ours (" + n + "^2)", GhiaCavity.X, c.v())
                .points("Ghia et al. 1982", GhiaCavity.X, vRef).writePng(context.file("v-centerline.png"));

        Comparison table = new Comparison()
                .add("max |u - Ghia| on x = 0.5", c.maxErrorU(), bound, "acceptance bound", c.maxErrorU() <= bound)
                .add("max |v - Ghia| on y = 0.5", c.maxErrorV(), bound, "acceptance bound", c.maxErrorV() <= bound)
                .add("min u on x = 0.5", min(c.u()), min(uRef), "Ghia et al. 1982", null)
                .add("min v on y = 0.5", min(c.v()), min(vRef), "Ghia et al. 1982", null)
                .add("max v on y = 0.5", max(c.v()), max(vRef), "Ghia et al. 1982", null)
                .add("steady (residual below tolerance)", r.converged() ? 1 : 0, 1, "", r.converged())
                .add("steps", r.steps())
                .add("seconds", seconds);
        table.print(context.out());
        context.out().println("point-by-point (y, u ours, u Ghia | x, v ours, v Ghia):");
        for (int k = 0; k < uRef.length; k++) {
            context.out().println(String.format(Locale.ROOT, "  %.4f %9.5f %9.5f | %.4f %9.5f %9.5f",
                    GhiaCavity.Y[k], c.u()[k], uRef[k], GhiaCavity.X[k], c.v()[k], vRef[k]));
        }

        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("app", name());
        doc.put("settings", Map.of("re", o.re, "resolution", n, "dt", dt, "max_steps", maxSteps, "tolerance",
                o.tolerance, "scheme", "second-order central differences on a MAC grid, " + integrator));
        doc.put("rows", table.toJson());
        doc.put("steps", r.steps());
        doc.put("residual", r.residual());
        doc.put("y", GhiaCavity.Y);
        doc.put("u_ours", c.u());
        doc.put("u_ghia", uRef);
        doc.put("x", GhiaCavity.X);
        doc.put("v_ours", c.v());
        doc.put("v_ghia", vRef);
        context.writeResults(doc);
    }

    /**
     * A stable RK4 step for the central scheme: half a cell per unit lid speed, and within RK4's diffusive limit
     * (about 0.69 dx^2 / nu on the 5-point Laplacian).
     */
    static double rk4Dt(double re, int resolution) {
        double dx = 1.0 / resolution;
        return Math.min(0.5 * dx, 0.5 * dx * dx * re);
    }

    private static NavierStokes.Integrator integrator(String name) {
        return switch (name) {
            case "euler" -> NavierStokes.Integrator.EULER;
            case "rk4" -> NavierStokes.Integrator.RK4;
            default -> throw new IllegalArgumentException("--integrator must be euler or rk4, got '" + name + "'");
        };
    }

    private static double min(double[] v) {
        return java.util.Arrays.stream(v).min().orElse(Double.NaN);
    }

    private static double max(double[] v) {
        return java.util.Arrays.stream(v).max().orElse(Double.NaN);
    }
}
