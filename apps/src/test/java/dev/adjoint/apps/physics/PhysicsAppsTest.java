package dev.adjoint.apps.physics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.adjoint.apps.run.ResultsJson;
import dev.adjoint.apps.run.RunContext;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Tiny runs of the smoke-plume, cavity and Taylor–Green apps end to end, and their option errors. */
class PhysicsAppsTest {
    @TempDir
    Path dir;

    private final ByteArrayOutputStream console = new ByteArrayOutputStream();

    private RunContext context() {
        return new RunContext(dir, false, new PrintStream(console, true, StandardCharsets.UTF_8));
    }

    @Test
    void smokePlumeWritesFramesGifAndChecks() throws Exception {
        SmokePlumeApp app = new SmokePlumeApp();
        SmokePlumeApp.Options o = app.newOptions();
        o.resolution = 16;
        o.steps = 4;
        o.frameEvery = 2;
        app.run(o, context());
        assertThat(dir.resolve("smoke.gif")).isNotEmptyFile();
        assertThat(dir.resolve("frames/smoke_0004.png")).isNotEmptyFile();
        assertThat(dir.resolve("final.npz")).isNotEmptyFile();
        String json = Files.readString(dir.resolve("results.json"));
        assertThat(json).doesNotContain("NaN");
        ResultsJson.Row divergence = ResultsJson.row(json, "max |div v| * dx / max |v| after projection");
        assertThat(divergence.ours()).isBetween(0.0, 1e-4);
        assertThat(divergence.pass()).isTrue();
        // One mass ratio per saved frame (steps 2 and 4); the final one is the table's row, reported unjudged.
        double[] massRatio = ResultsJson.numbers(json, "mass_ratio");
        assertThat(massRatio).hasSize(2);
        ResultsJson.Row mass = ResultsJson.row(json, "smoke mass / cumulative inflow (final)");
        assertThat(mass.ours()).isEqualTo(massRatio[1]).isPositive();
        assertThat(mass.pass()).isNull();
        o.resolution = 2;
        assertThatThrownBy(() -> app.run(o, context())).hasMessageContaining("--resolution >= 8");
    }

    @Test
    void cavityComparesWithGhiaAndSaysWhetherItIsSteady() throws Exception {
        CavityApp app = new CavityApp();
        CavityApp.Options o = app.newOptions();
        o.resolution = 8;
        o.maxSteps = 60;
        app.run(o, context());
        assertThat(dir.resolve("u-centerline.png")).isNotEmptyFile();
        assertThat(dir.resolve("v-centerline.png")).isNotEmptyFile();
        String json = Files.readString(dir.resolve("results.json"));
        assertThat(json).contains("0.84123").contains("steady");
        // The verdict row is the largest deviation between the profile we computed and Ghia's table.
        double[] ours = ResultsJson.numbers(json, "u_ours");
        double[] ghia = ResultsJson.numbers(json, "u_ghia");
        assertThat(ours).hasSameSizeAs(ghia).hasSize(17);
        double deviation = 0;
        for (int k = 0; k < ghia.length; k++) {
            deviation = Math.max(deviation, Math.abs(ours[k] - ghia[k]));
        }
        ResultsJson.Row u = ResultsJson.row(json, "max |u - Ghia| on x = 0.5");
        assertThat(u.ours()).isCloseTo(deviation, within(1e-12)).isPositive();
        assertThat(u.published()).isEqualTo(0.02);
        assertThat(u.pass()).isEqualTo(deviation <= 0.02);
        o.re = 400;
        assertThatThrownBy(() -> app.run(o, context())).hasMessageContaining("400");
        o.re = 100;
        o.integrator = "rk3";
        assertThatThrownBy(() -> app.run(o, context())).hasMessageContaining("'rk3'");
        o.integrator = null;
        o.resolution = -5;
        assertThatThrownBy(() -> app.run(o, context())).hasMessageContaining("--resolution >= 4")
                .hasMessageContaining("-5");
        o.resolution = 8;
        o.maxSteps = 0;
        assertThatThrownBy(() -> app.run(o, context())).hasMessageContaining("--max-steps >= 1");
    }

    @Test
    void taylorGreenReportsObservedOrders() throws Exception {
        TaylorGreenApp app = new TaylorGreenApp();
        TaylorGreenApp.Options o = app.newOptions();
        o.resolutions = "8,16";
        o.time = 0.05;
        app.run(o, context());
        assertThat(dir.resolve("convergence.png")).isNotEmptyFile();
        String json = Files.readString(dir.resolve("results.json"));
        // Each order row is log(e8 / e16) / log 2 of the errors the same file holds.
        for (String scheme : new String[] {"CENTRAL", "SEMI_LAGRANGIAN"}) {
            double[] errors = ResultsJson.numbers(json, scheme);
            assertThat(errors).hasSize(2);
            assertThat(Math.min(errors[0], errors[1])).isPositive();
            assertThat(Math.max(errors[0], errors[1])).isFinite();
            ResultsJson.Row order = ResultsJson.row(json, "order " + scheme + " 8 -> 16");
            assertThat(order.ours()).isCloseTo(Math.log(errors[0] / errors[1]) / Math.log(2), within(1e-9));
            if (scheme.equals("CENTRAL")) {
                assertThat(order.pass()).isEqualTo(order.ours() >= 1.8);
            }
        }
        // The decay exponent is judged from N = 32 on only.
        assertThat(ResultsJson.row(json, "decay exponent of max |u|, CENTRAL at 16").pass()).isNull();
        o.resolutions = "16,32";
        app.run(o, context());
        json = Files.readString(dir.resolve("results.json"));
        ResultsJson.Row decay = ResultsJson.row(json, "decay exponent of max |u|, CENTRAL at 32");
        assertThat(decay.published()).isEqualTo(-2 * o.viscosity);
        assertThat(decay.pass()).isEqualTo(Math.abs(decay.ours() + 2 * o.viscosity) <= 0.01 * 2 * o.viscosity);
        assertThat(decay.ours()).isCloseTo(-2 * o.viscosity, within(0.1 * 2 * o.viscosity));
        assertThatThrownBy(() -> TaylorGreenApp.parse("16,8")).hasMessageContaining("must increase");
        assertThatThrownBy(() -> TaylorGreenApp.parse("16")).hasMessageContaining("at least two");
    }
}
