package dev.adjoint.optim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.adjoint.api.DType;
import dev.adjoint.api.Npz;
import dev.adjoint.api.Params;
import dev.adjoint.api.Tensor;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class OptimizerStateTest {
    @TempDir
    Path dir;

    static Stream<Arguments> optimizers() {
        Schedule warmCosine = Schedule.warmup(3, Schedule.cosine(0.05, 10, 0.005));
        List<Optimizer> all = List.of(
                Sgd.of(Schedule.stepDecay(0.02, 4, 0.5)).withNesterov(0.9).withWeightDecay(0.01),
                Adam.of(warmCosine).withWeightDecay(0.01),
                AdamW.of(warmCosine),
                RmsProp.of(Schedule.exponential(0.01, 0.9)).withCentered(true).withMomentum(0.5));
        return Stream.of(DType.FLOAT32, DType.FLOAT64)
                .flatMap(d -> all.stream().map(o -> Arguments.of(o.getClass().getSimpleName(), o, d)));
    }

    @ParameterizedTest(name = "{0} {2}")
    @MethodSource("optimizers")
    void resumingFromSavedStateIsBitIdentical(String name, Optimizer opt, DType dtype) throws IOException {
        Params p0 = Quadratic.start(dtype);
        Optimizer.Step straight = Quadratic.train(opt, p0, opt.init(p0), 10);

        Optimizer.Step half = Quadratic.train(opt, p0, opt.init(p0), 5);
        Path params = dir.resolve(name + "-params.npz");
        Path state = dir.resolve(name + "-state.npz");
        Npz.save(params, half.params());
        half.state().save(state);
        Params loadedParams = Npz.load(params);
        OptimizerState loadedState = OptimizerState.load(state);
        assertThat(loadedState.step()).isEqualTo(5);
        Optimizer.Step resumed = Quadratic.train(opt, loadedParams, loadedState, 5);

        assertThat(resumed.state().step()).isEqualTo(10);
        for (String n : straight.params().names()) {
            assertThat(resumed.params().get(n).dtype()).isEqualTo(dtype);
            assertThat(resumed.params().get(n).toDoubleArray()).as(n)
                    .isEqualTo(straight.params().get(n).toDoubleArray());
        }
        for (String n : straight.state().slots().names()) {
            assertThat(resumed.state().slots().get(n).toDoubleArray()).as(n)
                    .isEqualTo(straight.state().slots().get(n).toDoubleArray());
        }
        // and the straight run moved: the test would notice a no-op optimizer
        assertThat(straight.params().get("net/w").toDoubleArray()).isNotEqualTo(p0.get("net/w").toDoubleArray());
    }

    @Test
    void savedLayoutIsSlotsPlusAnInt32StepScalar() throws IOException {
        Params p = Quadratic.start(DType.FLOAT64);
        Optimizer.Step s = Quadratic.train(Adam.of(0.1), p, Adam.of(0.1).init(p), 3);
        Path file = dir.resolve("adam.npz");
        s.state().save(file);
        Params raw = Npz.load(file);
        assertThat(raw.names()).containsExactly("m/net/w", "m/net/b", "v/net/w", "v/net/b", "step");
        assertThat(raw.get("step").dtype()).isEqualTo(DType.INT32);
        assertThat(raw.get("step").rank()).isZero();
        assertThat(raw.get("step").toIntArray()).containsExactly(3);
        assertThat(raw.get("v/net/b").toDoubleArray()).isEqualTo(s.state().slot("v", "net/b").toDoubleArray());
    }

    @Test
    void rejectsMalformedStates() {
        assertThatThrownBy(() -> OptimizerState.fromParams(Params.of("m/x", Tensor.of(new double[] {1}))))
                .hasMessageContaining("'step'");
        assertThatThrownBy(() -> OptimizerState.fromParams(Params.of("step", Tensor.scalar(1.0))))
                .hasMessageContaining("INT32");
        assertThatThrownBy(() -> new OptimizerState(0, Params.of("m", Tensor.of(new double[] {1}))))
                .hasMessageContaining("<slot>/<parameter name>");
        assertThatThrownBy(() -> new OptimizerState(-1, Params.empty())).hasMessageContaining(">= 0");
    }
}
