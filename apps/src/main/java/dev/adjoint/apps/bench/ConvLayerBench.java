package dev.adjoint.apps.bench;

import dev.adjoint.api.Autodiff;
import dev.adjoint.api.Backends;
import dev.adjoint.api.ConvOptions;
import dev.adjoint.api.DType;
import dev.adjoint.api.Params;
import dev.adjoint.api.RandomKey;
import dev.adjoint.api.Tensor;
import dev.adjoint.api.spi.Backend;
import dev.adjoint.nn.Conv;
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
 * The {@code nn} 2-D convolution layer (weight and bias, same padding) on FLOAT32 {@code [16, 32, 64, 64]},
 * 32 to 32 channels, 3x3: forward plus the gradients with respect to the weight, the bias and the input,
 * the layer counterpart of {@link ConvBench}. FLOPs: {@code 3 x 2 N Cout Cin k^2 H W} (the bias is not
 * counted).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class ConvLayerBench {
    /** Batch size. */
    static final int BATCH = 16;
    /** Input and output channels. */
    static final int CHANNELS = 32;
    /** Kernel size per axis. */
    static final int KERNEL = 3;
    /** Spatial size per axis. */
    static final int SIZE = 64;

    @Param({"vector"})
    public String backend;

    private Backend target;
    private Conv conv;
    private Params params;
    private Tensor x;
    private Tensor seed;

    @Setup
    public void setup() {
        target = Backends.byName(backend);
        conv = new Conv(2, CHANNELS, CHANNELS, KERNEL, ConvOptions.defaults().samePadding());
        params = conv.init(RandomKey.of(21)).map(t -> t.to(target));
        x = BenchData.uniform(target, DType.FLOAT32, 22, -1, 1, BATCH, CHANNELS, SIZE, SIZE);
        seed = BenchData.uniform(target, DType.FLOAT32, 23, -1, 1, BATCH, CHANNELS, SIZE, SIZE);
    }

    /** The forward pass, then the vector-Jacobian products with respect to weight, bias and input. */
    @Benchmark
    public Tensor[] forwardBackward() {
        try (Backends.Scope _ = Backends.use(target)) {
            Tensor w = Autodiff.track(params.get("weight"));
            Tensor b = Autodiff.track(params.get("bias"));
            Tensor xt = Autodiff.track(x);
            Tensor y = conv.apply(Params.of("weight", w, "bias", b), xt);
            return Autodiff.gradients(y, seed, false, w, b, xt);
        }
    }

    /** Forward FLOPs of one application. */
    static double forwardFlops() {
        return 2.0 * BATCH * CHANNELS * CHANNELS * KERNEL * KERNEL * SIZE * SIZE;
    }
}
