package dev.adjoint.apps.bench;

import dev.adjoint.api.Backends;
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

/** Square matrix products {@code [n, n] @ [n, n]}. */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class MatmulBench {
    @Param({"reference", "vector"})
    public String backend;

    @Param({"256", "1024", "2048"})
    public int n;

    @Param({"f32", "f64"})
    public String dtype;

    private Backend target;
    private Tensor a;
    private Tensor b;

    @Setup
    public void setup() {
        target = Backends.byName(backend);
        a = BenchData.uniform(target, BenchData.dtype(dtype), 4, -1, 1, n, n);
        b = BenchData.uniform(target, BenchData.dtype(dtype), 5, -1, 1, n, n);
    }

    @Benchmark
    public Tensor matmul() {
        try (Backends.Scope _ = Backends.use(target)) {
            return a.matmul(b);
        }
    }
}
