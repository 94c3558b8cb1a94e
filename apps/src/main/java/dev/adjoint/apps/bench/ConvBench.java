package dev.adjoint.apps.bench;

import dev.adjoint.api.Autodiff;
import dev.adjoint.api.Backends;
import dev.adjoint.api.ConvOptions;
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

/**
 * A 2-D FLOAT32 convolution layer, {@code [16, 32, 64, 64]} with a {@code [32, 32, 3, 3]} weight and same
 * padding: the forward pass alone, and forward plus the gradients with respect to input and weight.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class ConvBench {
    /** Batch size. */
    static final int BATCH = 16;
    /** Input and output channels. */
    static final int CHANNELS = 32;
    /** Kernel size per axis. */
    static final int KERNEL = 3;
    /** Spatial size per axis. */
    static final int SIZE = 64;

    @Param({"reference", "vector"})
    public String backend;

    private static final ConvOptions SAME = ConvOptions.defaults().samePadding();

    private Backend target;
    private Tensor x;
    private Tensor w;
    private Tensor seed;

    @Setup
    public void setup() {
        target = Backends.byName(backend);
        x = BenchData.uniform(target, DType.FLOAT32, 6, -1, 1, BATCH, CHANNELS, SIZE, SIZE);
        w = BenchData.uniform(target, DType.FLOAT32, 7, -0.1, 0.1, CHANNELS, CHANNELS, KERNEL, KERNEL);
        seed = BenchData.uniform(target, DType.FLOAT32, 8, -1, 1, BATCH, CHANNELS, SIZE, SIZE);
    }

    /** Forward FLOPs of one convolution, {@code 2 N Cout Cin k^2 H W}. */
    static double forwardFlops() {
        return 2.0 * BATCH * CHANNELS * CHANNELS * KERNEL * KERNEL * SIZE * SIZE;
    }

    @Benchmark
    public Tensor forward() {
        try (Backends.Scope _ = Backends.use(target)) {
            return x.conv(w, SAME);
        }
    }

    /** The forward pass, then the vector-Jacobian products with respect to x and w for a fixed cotangent. */
    @Benchmark
    public Tensor[] forwardBackward() {
        try (Backends.Scope _ = Backends.use(target)) {
            Tensor xt = Autodiff.track(x);
            Tensor wt = Autodiff.track(w);
            Tensor y = xt.conv(wt, SAME);
            return Autodiff.gradients(y, seed, false, xt, wt);
        }
    }
}
