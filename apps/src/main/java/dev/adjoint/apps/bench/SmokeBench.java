package dev.adjoint.apps.bench;

import dev.adjoint.api.Autodiff;
import dev.adjoint.api.Backends;
import dev.adjoint.api.DType;
import dev.adjoint.api.Tensor;
import dev.adjoint.api.spi.Backend;
import dev.adjoint.physics.Geometry;
import dev.adjoint.physics.SmokePlume;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * One step of the smoke plume (buoyancy, MacCormack advection, pressure projection to 1e-5 relative) at 64, 128
 * and 256 cells per side, FLOAT32, from a state 20 steps in; counts the pressure iterations per step. Without an
 * obstacle the closed box is solved directly by FFT (0 iterations); with a sphere obstacle above the inflow the
 * solve is CG preconditioned by that FFT solve.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class SmokeBench {
    /** Steps run before timing, so the plume has risen and the pressure solve has work to do. */
    static final int WARM_STEPS = 20;

    @Param({"64", "128", "256"})
    public int size;

    @Param({"none", "sphere"})
    public String obstacle;

    @Param({"vector"})
    public String backend;

    private Backend target;
    private SmokePlume plume;
    private SmokePlume.State state;

    /** Pressure iterations and steps, summed over the measurement; the table shows their ratio. */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.EVENTS)
    public static class Counters {
        /** Conjugate-gradient iterations of the pressure solve. */
        public long cgIterations;
        /** Steps taken (the operation count the iterations are divided by). */
        public long ops;

        @Setup(Level.Iteration)
        public void reset() {
            cgIterations = 0;
            ops = 0;
        }
    }

    @Setup
    public void setup() {
        target = Backends.byName(backend);
        try (Backends.Scope _ = Backends.use(target); var _ = Autodiff.noGrad()) {
            plume = new SmokePlume(size, 1, DType.FLOAT32, 1e-5, obstacle(obstacle));
            state = plume.initial();
            for (int i = 0; i < WARM_STEPS; i++) {
                state = plume.step(state);
            }
        }
    }

    /** No obstacle, or a sphere of radius 10 at (50, 50), in the plume's path. */
    static Geometry obstacle(String name) {
        return switch (name) {
            case "none" -> null;
            case "sphere" -> Geometry.sphere(new double[] {50, 50}, 10);
            default -> throw new IllegalArgumentException("obstacle must be none or sphere, got '" + name + "'");
        };
    }

    @Benchmark
    public Tensor step(Counters counters) {
        try (Backends.Scope _ = Backends.use(target); var _ = Autodiff.noGrad()) {
            SmokePlume.State next = plume.step(state);
            counters.cgIterations += plume.lastPressureIterations();
            counters.ops++;
            return next.smoke().values();
        }
    }
}
