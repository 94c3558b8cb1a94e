package dev.adjoint.apps.inverse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.adjoint.api.DType;
import dev.adjoint.api.Tensor;
import dev.adjoint.apps.run.ResultsJson;
import dev.adjoint.apps.run.RunContext;
import dev.adjoint.physics.systems.Heat;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The sip and hig apps end to end on tiny budgets, and the problem code they are built on. */
class InverseAppsTest {
    @TempDir
    Path dir;

    private RunContext context() {
        return new RunContext(dir, false, new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
    }

    @Test
    void thePerSampleNetworkIsTheNetworkWithOneParameterCopyPerSample() {
        dev.adjoint.nn.Layer net = HigApp.network();
        dev.adjoint.api.Params p = net.init(dev.adjoint.api.RandomKey.of(3));
        Tensor inputs = dev.adjoint.api.Rng.uniform(dev.adjoint.api.RandomKey.of(4), DType.FLOAT32, 0, 1, 6, 4);
        dev.adjoint.api.Params copies = p.map(t -> {
            int[] dims = new int[t.rank() + 1];
            dims[0] = 6;
            System.arraycopy(t.shape().dims(), 0, dims, 1, t.rank());
            return t.unsqueeze(0).broadcastTo(dims);
        });
        Tensor expected = net.apply(p, inputs);
        assertThat(HigApp.perSample(copies, inputs).shape()).isEqualTo(expected.shape());
        assertThat(HigApp.perSample(copies, inputs).toDoubleArray()).containsExactly(expected.toDoubleArray(),
                within(1e-5));
    }

    @Test
    void sipAppRunsTheToyAndTheHeatInverse() throws Exception {
        SipApp app = new SipApp();
        SipApp.Options o = app.newOptions();
        o.resolution = 8;
        o.updates = 2;
        o.samples = 4;
        o.batch = 2;
        app.run(o, context());
        String json = Files.readString(dir.resolve("results.json"));
        assertThat(json).contains("\"toy\"").contains("\"heat\"").contains("x_error").doesNotContain("NaN");
        assertThat(dir.resolve("toy-loss.png")).isNotEmptyFile();
        assertThat(dir.resolve("heat-x-error.png")).isNotEmptyFile();
        // The toy's SIP iterate is checked against its closed form inside the app and reported as passing.
        ResultsJson.Row closedForm = ResultsJson.row(json, "toy: max |SIP iterate - (3 0.7^k, 3 0.7^(k/2))|");
        assertThat(closedForm.ours()).isBetween(0.0, 1e-12);
        assertThat(closedForm.pass()).isTrue();
        double sip = ResultsJson.row(json, "heat: x error (mean L1 per example), SIP").ours();
        double adam = ResultsJson.row(json, "heat: x error (mean L1 per example), Adam").ours();
        assertThat(ResultsJson.row(json, "heat: SIP below Adam in x after 2 updates").pass()).isEqualTo(sip < adam);
        o.part = "poisson";
        assertThatThrownBy(() -> app.run(o, context())).hasMessageContaining("'poisson'");
    }

    @Test
    void higAppComparesThreeMethods() throws Exception {
        HigApp app = new HigApp();
        HigApp.Options o = app.newOptions();
        o.seconds = 0.2;
        o.samples = 8;
        o.higBatch = 2;
        o.adamBatch = 4;
        app.run(o, context());
        String json = Files.readString(dir.resolve("results.json"));
        // All three methods start from the same network and are judged on the same test set.
        double[] hig = ResultsJson.numbers(json, "test_loss");
        assertThat(hig.length).as("HIG: initial loss and one per update").isGreaterThan(1);
        assertThat(hig[0]).isPositive().isFinite();
        for (String method : new String[] {"Adam", "Gauss-Newton"}) {
            double[] loss = ResultsJson.numbers(json.substring(json.indexOf("\"" + method + "\": {")), "test_loss");
            assertThat(loss[0]).as("%s's initial test loss", method).isEqualTo(hig[0]);
        }
        ResultsJson.Row ordering = ResultsJson.row(json, "HIG below Adam after 0.2 s each");
        assertThat(ordering.ours()).isEqualTo(Boolean.TRUE.equals(ordering.pass()) ? 1 : 0);
        assertThat(dir.resolve("loss-vs-time.png")).isNotEmptyFile();
        o.samples = 1;
        assertThatThrownBy(() -> app.run(o, context())).hasMessageContaining("--samples");
    }

    @Test
    void oscillatorStepMatchesAHandWrittenRk4Step() {
        double[] s = {0.3, -0.2, 0.1, 0.4};
        double u = 0.5;
        double h = Oscillators.DT;
        double[] k1 = rate(s, u);
        double[] k2 = rate(axpy(s, k1, h / 2), u);
        double[] k3 = rate(axpy(s, k2, h / 2), u);
        double[] k4 = rate(axpy(s, k3, h), u);
        Tensor[] state = new Tensor[4];
        for (int i = 0; i < 4; i++) {
            state[i] = Tensor.of(new double[] {s[i]}, 1);
        }
        Tensor[] next = Oscillators.step(state, Tensor.of(new double[] {u}, 1));
        for (int i = 0; i < 4; i++) {
            double expected = s[i] + h / 6 * (k1[i] + 2 * k2[i] + 2 * k3[i] + k4[i]);
            assertThat(next[i].item()).as("component %d", i).isCloseTo(expected, within(1e-14));
        }
        assertThatThrownBy(() -> Oscillators.simulate(Tensor.zeros(DType.FLOAT64, 2, 3),
                Tensor.zeros(DType.FLOAT64, 2, Oscillators.STEPS))).hasMessageContaining("[batch, 4]");
    }

    /** The oscillators' equations written out for two oscillators, independently of the tensor code. */
    private static double[] rate(double[] s, double u) {
        double c = Math.pow(s[1] - s[0], 3);
        return new double[] {s[2], s[3], -s[0] + c, -s[1] - c + 3 * u};
    }

    private static double[] axpy(double[] s, double[] k, double h) {
        double[] out = new double[4];
        for (int i = 0; i < 4; i++) {
            out[i] = s[i] + h * k[i];
        }
        return out;
    }

    @Test
    void stabilisedInverseUndoesDiffusionOfASmoothField() {
        int n = 16;
        Tensor x = HeatInverse.softBoxes(1, n, 5);
        Tensor y = Heat.sipForward(x);
        Tensor start = Tensor.zeros(DType.FLOAT64, 1, 1, n, n).add(x.mean());
        Tensor recovered = HeatInverse.stabilised().invert(Heat::sipForward, start, Heat.sipForward(start), y);
        double before = start.sub(x).abs().sum().item();
        double after = recovered.sub(x).abs().sum().item();
        assertThat(after).as("x error after one inverse step (before: %s)", before).isLessThan(0.8 * before);
        assertThat(HeatInverse.logKernel(n).dim(1)).isEqualTo(n / 2 + 1);
    }
}
