package dev.adjoint.optim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.adjoint.api.DType;
import dev.adjoint.api.Params;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ConvergenceTest {

    static Stream<Arguments> optimizers() {
        // Curvatures are 2, 8, 1 and 20: plain SGD needs lr < 2 / 20.
        Schedule decay = Schedule.cosine(0.1, 600, 0.0);
        return Stream.of(
                Arguments.of("sgd", Sgd.of(0.04)),
                Arguments.of("momentum", Sgd.of(0.01).withMomentum(0.9)),
                Arguments.of("nesterov", Sgd.of(0.01).withNesterov(0.9)),
                Arguments.of("adam", Adam.of(decay)),
                Arguments.of("adamw", AdamW.of(decay).withWeightDecay(1e-4)),
                Arguments.of("rmsprop", RmsProp.of(Schedule.cosine(0.02, 600, 0.0))),
                Arguments.of("rmsprop-centered-momentum",
                        RmsProp.of(Schedule.cosine(0.005, 600, 0.0)).withCentered(true).withMomentum(0.9)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("optimizers")
    void reachesTheMinimumOfAQuadratic(String name, Optimizer opt) {
        Params p0 = Quadratic.start(DType.FLOAT64);
        double before = Quadratic.loss(p0).item();
        Params p = Quadratic.train(opt, p0, opt.init(p0), 600).params();
        assertThat(Quadratic.loss(p).item()).isLessThan(1e-4 * before);
        assertThat(p.get("net/w").toDoubleArray()).containsExactly(new double[] {1, -2, 3}, within(1e-2));
        assertThat(p.get("net/b").item()).isCloseTo(-1, within(1e-2));
    }
}
