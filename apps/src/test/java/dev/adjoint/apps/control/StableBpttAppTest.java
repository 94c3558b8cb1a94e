package dev.adjoint.apps.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.adjoint.apps.run.ResultsJson;
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
        o.epochs = 2;
        o.samples = 8;
        ByteArrayOutputStream console = new ByteArrayOutputStream();
        app.run(o, new RunContext(dir, false, new PrintStream(console, true, StandardCharsets.UTF_8)));

        String json = Files.readString(dir.resolve("results.json"));
        ResultsJson.Row zero = ResultsJson.row(json, "zero-control test loss");
        assertThat(zero.published()).isEqualTo(1.972);
        assertThat(zero.ours()).isPositive().isNotEqualTo(zero.published());
        assertThat(zero.pass()).isEqualTo(Math.abs(zero.ours() - 1.972) <= 0.05 * 1.972);
        // The untrained controller's last kernel is zeroed, so every variant starts at the zero-control loss.
        for (String variant : new String[] {"R", "M", "S", "C"}) {
            double[] curve = ResultsJson.numbers(json, variant);
            assertThat(curve).as("test-loss curve of %s", variant).hasSize(3);
            assertThat(curve[0]).as("untrained test loss of %s", variant).isCloseTo(zero.ours(), within(1e-6));
            assertThat(ResultsJson.row(json, "test loss " + variant + ", mean of the last 2 epochs").ours())
                    .isCloseTo((curve[1] + curve[2]) / 2, within(1e-15));
        }
        assertThat(ResultsJson.numbers(json, "published_loss_range")).containsExactly(1e-6, 3.0);
        assertThat(dir.resolve("loss-curves.png")).isNotEmptyFile();
        assertThat(console.toString(StandardCharsets.UTF_8)).contains("test loss C, mean of the last 2 epochs")
                .contains("published ordering 'C below R' at epoch 2 of the 2-epoch smoothed curves: ")
                .contains("(the published curves run to 1000 epochs)");
    }

    @Test
    void orderingsAreReadFromTheLast30EpochsLikeThePublishedSmoothing() {
        double[] curve = new double[41];
        for (int e = 0; e <= 40; e++) {
            curve[e] = e <= 10 ? 100 : e;
        }
        // Epochs 11..40: their mean is 25.5; epoch 0..10 (100 each) are outside the window.
        assertThat(StableBpttApp.smoothedEnd(curve)).isEqualTo(25.5);
        assertThat(StableBpttApp.smoothedEnd(new double[] {9, 1, 2})).isEqualTo(1.5);
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
        o.problem = "guidance";
        o.rc = -0.1;
        assertThatThrownBy(() -> app.run(o, new RunContext(dir, false, System.out))).hasMessageContaining("--rc")
                .hasMessageContaining("-0.1");
        o.problem = "pendulum";
        assertThatThrownBy(() -> app.run(o, new RunContext(dir, false, System.out)))
                .hasMessageContaining("'pendulum'").hasMessageContaining("cartpole, guidance or quantum");
    }
}
