package dev.adjoint.apps.bench;

import dev.adjoint.api.Backends;
import dev.adjoint.api.DType;
import dev.adjoint.api.NeighborGraph;
import dev.adjoint.api.Tensor;
import dev.adjoint.api.spi.Backend;
import dev.adjoint.nn.PointNeighborhood;
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
 * The neighbour search of {@link CconvBench} alone, on the same particles: {@code radiusNeighbors}, the api's
 * CSR search, and {@code neighborhood}, that search plus the padded tables the point convolutions read
 * ({@link PointNeighborhood#search}). The search's share of a layer evaluation is {@code neighborhood /
 * CconvBench.forwardBackward}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class CconvSearchBench {
    @Param({"vector"})
    public String backend;

    private Backend target;
    private Tensor positions;

    @Setup
    public void setup() {
        target = Backends.byName(backend);
        positions = CconvBench.positions(target);
    }

    /** The api's radius-neighbour search alone. */
    @Benchmark
    public NeighborGraph radiusNeighbors() {
        try (Backends.Scope _ = Backends.use(target)) {
            return positions.radiusNeighbors(positions, CconvBench.RADIUS);
        }
    }

    /** The search and the padded neighbour tables. */
    @Benchmark
    public PointNeighborhood neighborhood() {
        try (Backends.Scope _ = Backends.use(target)) {
            return PointNeighborhood.search(positions, CconvBench.RADIUS);
        }
    }
}
