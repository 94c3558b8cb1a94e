package dev.adjoint.apps.bench;

import dev.adjoint.api.Autodiff;
import dev.adjoint.api.Backends;
import dev.adjoint.api.DType;
import dev.adjoint.api.Tensor;
import dev.adjoint.api.spi.Backend;
import dev.adjoint.physics.SmokePlume;
import dev.adjoint.physics.StaggeredGrid;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * A 16-step smoke-plume rollout (FLOAT32) from a state 20 steps in, with a loss on the final smoke: the forward
 * pass alone (recording the graph) and forward plus the gradient with respect to the initial velocity. Their
 * difference over the forward time is the backward-to-forward ratio.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class SmokeRolloutBench {
    /** Steps of the rollout. */
    static final int STEPS = 16;

    @Param({"64", "128"})
    public int size;

    @Param({"vector"})
    public String backend;

    private Backend target;
    private SmokePlume plume;
    private SmokePlume.State start;

    @Setup
    public void setup() {
        target = Backends.byName(backend);
        try (Backends.Scope _ = Backends.use(target); var _ = Autodiff.noGrad()) {
            plume = new SmokePlume(size, 1, DType.FLOAT32, 1e-5, null);
            start = plume.initial();
            for (int i = 0; i < SmokeBench.WARM_STEPS; i++) {
                start = plume.step(start);
            }
        }
    }

    private Tensor loss(List<Tensor> velocity) {
        StaggeredGrid v = start.velocity().withComponents(velocity.toArray(Tensor[]::new));
        SmokePlume.State s = new SmokePlume.State(start.smoke(), v, start.pressure());
        for (int i = 0; i < STEPS; i++) {
            s = plume.step(s);
        }
        return s.smoke().values().square().mean();
    }

    @Benchmark
    public Tensor forward() {
        try (Backends.Scope _ = Backends.use(target)) {
            List<Tensor> v = List.of(start.velocity().components()).stream().map(Autodiff::track).toList();
            return loss(v);
        }
    }

    @Benchmark
    public List<Tensor> forwardBackward() {
        try (Backends.Scope _ = Backends.use(target)) {
            return Autodiff.grad(this::loss, List.of(start.velocity().components()));
        }
    }
}
