package dev.adjoint.apps.physics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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
        assertThat(json).contains("after projection").contains("\"mass_ratio\"").doesNotContain("NaN");
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
        assertThat(json).contains("\"u_ghia\"").contains("0.84123").contains("steady");
        o.re = 400;
        assertThatThrownBy(() -> app.run(o, context())).hasMessageContaining("400");
        o.re = 100;
        o.integrator = "rk3";
        assertThatThrownBy(() -> app.run(o, context())).hasMessageContaining("'rk3'");
    }

    @Test
    void taylorGreenReportsObservedOrders() throws Exception {
        TaylorGreenApp app = new TaylorGreenApp();
        TaylorGreenApp.Options o = app.newOptions();
        o.resolutions = "8,16";
        o.time = 0.05;
        app.run(o, context());
        assertThat(dir.resolve("convergence.png")).isNotEmptyFile();
        assertThat(Files.readString(dir.resolve("results.json"))).contains("\"observed_orders\"")
                .contains("CENTRAL").contains("SEMI_LAGRANGIAN");
        assertThatThrownBy(() -> TaylorGreenApp.parse("16,8")).hasMessageContaining("must increase");
        assertThatThrownBy(() -> TaylorGreenApp.parse("16")).hasMessageContaining("at least two");
    }
}
