package dev.adjoint.optim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.adjoint.api.Params;
import dev.adjoint.api.Tensor;
import org.junit.jupiter.api.Test;

class ScheduleTest {

    @Test
    void constant() {
        Schedule s = Schedule.constant(0.3);
        assertThat(s.at(0)).isEqualTo(0.3);
        assertThat(s.at(1000)).isEqualTo(0.3);
    }

    @Test
    void stepDecay() {
        Schedule s = Schedule.stepDecay(1.0, 10, 0.5);
        assertThat(s.at(0)).isEqualTo(1.0);
        assertThat(s.at(9)).isEqualTo(1.0);
        assertThat(s.at(10)).isEqualTo(0.5);
        assertThat(s.at(25)).isEqualTo(0.25);
        assertThatThrownBy(() -> Schedule.stepDecay(1, 0, 0.5)).hasMessageContaining("stepSize");
    }

    @Test
    void exponential() {
        Schedule s = Schedule.exponential(2.0, 0.9);
        assertThat(s.at(0)).isEqualTo(2.0);
        assertThat(s.at(1)).isCloseTo(1.8, within(1e-15));
        assertThat(s.at(3)).isCloseTo(1.458, within(1e-15));
    }

    @Test
    void cosineReachesTheFinalValueAndStaysThere() {
        Schedule s = Schedule.cosine(1.0, 100, 0.1);
        assertThat(s.at(0)).isCloseTo(1.0, within(1e-15));
        // 0.1 + 0.9 * (1 + cos(pi / 4)) / 2
        assertThat(s.at(25)).isCloseTo(0.868198051533946, within(1e-15));
        assertThat(s.at(50)).isCloseTo(0.55, within(1e-15));
        assertThat(s.at(100)).isCloseTo(0.1, within(1e-15));
        assertThat(s.at(200)).isCloseTo(0.1, within(1e-15));
    }

    @Test
    void linearWarmupThenTheWrappedSchedule() {
        Schedule s = Schedule.warmup(4, Schedule.constant(0.8));
        assertThat(new double[] {s.at(0), s.at(1), s.at(2), s.at(3), s.at(4), s.at(50)})
                .containsExactly(new double[] {0, 0.2, 0.4, 0.6, 0.8, 0.8}, within(1e-15));
        Schedule w = Schedule.warmup(0.1, 2, Schedule.cosine(1.0, 10, 0.0));
        assertThat(w.at(0)).isCloseTo(0.1, within(1e-15));
        assertThat(w.at(1)).isCloseTo(0.55, within(1e-15));
        assertThat(w.at(2)).isCloseTo(1.0, within(1e-15));
        assertThat(w.at(7)).isCloseTo(0.5, within(1e-15)); // cosine at its step 5 of 10
        assertThat(w.at(12)).isCloseTo(0.0, within(1e-15));
    }

    @Test
    void optimizersReadTheRateAtTheirStepCount() {
        // gradient 1 every step: SGD moves by -lr(t), so after 5 steps p = -(0 + 0.2 + 0.4 + 0.6 + 0.8) = -2
        Optimizer opt = Sgd.of(Schedule.warmup(4, Schedule.constant(0.8)));
        Params p = Params.of("x", Tensor.of(new double[] {0}));
        Params g = Params.of("x", Tensor.of(new double[] {1}));
        OptimizerState s = opt.init(p);
        double[] trace = new double[5];
        for (int t = 0; t < 5; t++) {
            Optimizer.Step step = opt.update(p, g, s);
            p = step.params();
            s = step.state();
            trace[t] = p.get("x").item();
        }
        assertThat(trace).containsExactly(new double[] {0, -0.2, -0.6, -1.2, -2.0}, within(1e-15));
    }
}
