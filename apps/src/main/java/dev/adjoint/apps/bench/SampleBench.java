package dev.adjoint.apps.bench;

import dev.adjoint.api.Backends;
import dev.adjoint.api.Boundary;
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

/** Bilinear sampling of a one-channel FLOAT32 field {@code [n, n, 1]} at {@code n * n} random points. */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class SampleBench {
    @Param({"reference", "vector"})
    public String backend;

    @Param({"512"})
    public int size;

    private Backend target;
    private Tensor field;
    private Tensor points;

    @Setup
    public void setup() {
        target = Backends.byName(backend);
        field = BenchData.uniform(target, DType.FLOAT32, 10, -1, 1, size, size, 1);
        points = BenchData.uniform(target, DType.FLOAT32, 11, 0, size - 1, size * size, 2);
    }

    @Benchmark
    public Tensor bilinear() {
        try (Backends.Scope _ = Backends.use(target)) {
            return field.sample(points, Boundary.CLAMP);
        }
    }
}
