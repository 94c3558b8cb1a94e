package dev.adjoint.apps.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.adjoint.apps.run.RunContext;
import dev.adjoint.optim.Bptt;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A tiny stable-BPTT run end to end, and its option errors. */
class StableBpttAppTest {
    @TempDir
    Path dir;

    @Test
    void tinyCartPoleRunWritesCurvesForEveryVariantAndTheZeroControlCheck() throws Exception {
        StableBpttApp app = new StableBpttApp();
        StableBpttApp.Options o = app.newOptions();
        o.poles = 1;
        o.epochs = 1;
        o.samples = 8;
        ByteArrayOutputStream console = new ByteArrayOutputStream();
        app.run(o, new RunContext(dir, false, new PrintStream(console, true, StandardCharsets.UTF_8)));

        String json = Files.readString(dir.resolve("results.json"));
        assertThat(json).contains("\"R\"").contains("\"M\"").contains("\"S\"").contains("\"C\"")
                .contains("zero-control test loss").contains("1.972");
        assertThat(dir.resolve("loss-curves.png")).isNotEmptyFile();
        assertThat(console.toString(StandardCharsets.UTF_8)).contains("final test loss C");
    }

    @Test
    void badOptionsNameTheOptionAndTheChoices() {
        assertThatThrownBy(() -> StableBpttApp.parseVariants("R,X")).hasMessageContaining("'X'")
                .hasMessageContaining("R, M, S and C");
        assertThatThrownBy(() -> StableBpttApp.clipping("max")).hasMessageContaining("--clip")
                .hasMessageContaining("'max'");
        assertThat(StableBpttApp.parseVariants(" c, r")).containsExactly(Bptt.Variant.C, Bptt.Variant.R);
        StableBpttApp app = new StableBpttApp();
        StableBpttApp.Options o = app.newOptions();
        o.problem = "pendulum";
        assertThatThrownBy(() -> app.run(o, new RunContext(dir, false, System.out)))
                .hasMessageContaining("'pendulum'").hasMessageContaining("cartpole, guidance or quantum");
    }
}
