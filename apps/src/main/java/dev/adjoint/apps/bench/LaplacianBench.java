package dev.adjoint.apps.bench;

import dev.adjoint.api.Backends;
import dev.adjoint.api.ConvOptions;
import dev.adjoint.api.DType;
import dev.adjoint.api.PadMode;
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

/**
 * The periodic 5-point Laplacian of a FLOAT32 grid, in two formulations: a convolution with the fixed 3x3
 * stencil and periodic padding, and four periodic shifts added up.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class LaplacianBench {
    private static final ConvOptions PERIODIC_SAME = ConvOptions.defaults().samePadding().periodic();

    @Param({"reference", "vector"})
    public String backend;

    @Param({"1024"})
    public int size;

    private Backend target;
    private Tensor grid;
    private Tensor image;
    private Tensor stencil;

    @Setup
    public void setup() {
        target = Backends.byName(backend);
        image = BenchData.uniform(target, DType.FLOAT32, 9, -1, 1, 1, 1, size, size);
        grid = image.reshape(size, size);
        try (Backends.Scope _ = Backends.use(target)) {
            stencil = Tensor.of(new float[] {0, 1, 0, 1, -4, 1, 0, 1, 0}, 1, 1, 3, 3);
        }
    }

    /** {@code [1, 1, n, n]} convolved with the stencil, periodic same padding. */
    @Benchmark
    public Tensor conv() {
        try (Backends.Scope _ = Backends.use(target)) {
            return image.conv(stencil, PERIODIC_SAME);
        }
    }

    /** {@code [n, n]}: the four periodic neighbours summed, minus four times the centre. */
    @Benchmark
    public Tensor shift() {
        try (Backends.Scope _ = Backends.use(target)) {
            Tensor neighbours = grid.shift(0, 1, PadMode.PERIODIC).add(grid.shift(0, -1, PadMode.PERIODIC))
                    .add(grid.shift(1, 1, PadMode.PERIODIC)).add(grid.shift(1, -1, PadMode.PERIODIC));
            return neighbours.sub(grid.mul(4));
        }
    }
}
