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

/** Elementwise FLOAT32 ops: binary {@code add}, {@code mul} and unary {@code exp}, {@code tanh}. */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class ElementwiseBench {
    @Param({"reference", "vector"})
    public String backend;

    @Param({"1024", "65536", "16777216"})
    public int size;

    private Backend target;
    private Tensor a;
    private Tensor b;

    @Setup
    public void setup() {
        target = Backends.byName(backend);
        a = BenchData.uniform(target, DType.FLOAT32, 1, -1, 1, size);
        b = BenchData.uniform(target, DType.FLOAT32, 2, -1, 1, size);
    }

    @Benchmark
    public Tensor add() {
        try (Backends.Scope _ = Backends.use(target)) {
            return a.add(b);
        }
    }

    @Benchmark
    public Tensor mul() {
        try (Backends.Scope _ = Backends.use(target)) {
            return a.mul(b);
        }
    }

    @Benchmark
    public Tensor exp() {
        try (Backends.Scope _ = Backends.use(target)) {
            return a.exp();
        }
    }

    @Benchmark
    public Tensor tanh() {
        try (Backends.Scope _ = Backends.use(target)) {
            return a.tanh();
        }
    }
}
