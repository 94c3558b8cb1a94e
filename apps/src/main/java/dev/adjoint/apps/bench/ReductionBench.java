package dev.adjoint.apps.bench;

import dev.adjoint.api.Backends;
import dev.adjoint.api.DType;
import dev.adjoint.api.Tensor;
import dev.adjoint.api.spi.Backend;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/** Full FLOAT32 reductions ({@code sum}, {@code max}) of a 1-D tensor to a scalar. */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class ReductionBench {
    @Param({"reference", "vector"})
    public String backend;

    @Param({"16777216"})
    public int size;

    private Backend target;
    private Tensor x;

    @Setup
    public void setup() {
        target = Backends.byName(backend);
        x = BenchData.uniform(target, DType.FLOAT32, 3, -1, 1, size);
    }

    @Benchmark
    public Tensor sum() {
        try (Backends.Scope _ = Backends.use(target)) {
            return x.sum();
        }
    }

    @Benchmark
    public Tensor max() {
        try (Backends.Scope _ = Backends.use(target)) {
            return x.max();
        }
    }
}
