package dev.adjoint.apps.bench;

import dev.adjoint.api.Autodiff;
import dev.adjoint.api.Backends;
import dev.adjoint.api.DType;
import dev.adjoint.api.Params;
import dev.adjoint.api.RandomKey;
import dev.adjoint.api.Tensor;
import dev.adjoint.api.spi.Backend;
import dev.adjoint.nn.UNet;
import dev.adjoint.nn.UNetConfig;
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
 * One training step of the default 2-D {@link UNet} (4 levels, 32 base filters, 2 residual blocks per level,
 * GroupNorm and GELU, 1 to 1 channels) on FLOAT32 {@code [8, 1, 64, 64]}: forward, mean squared error against a
 * fixed target, the gradient with respect to every parameter, and a plain gradient-descent update
 * {@code p - 1e-3 g}. FLOPs ({@link #stepFlops()}): three times the forward convolution FLOPs (forward, input
 * gradient and weight gradient), counting the convolutions and transposed convolutions only: 20.4 GFLOP
 * forward, 61.2 GFLOP per step.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class UNetStepBench {
    /** Batch size. */
    static final int BATCH = 8;
    /** Spatial size per axis. */
    static final int SIZE = 64;
    /** Resolution levels. */
    static final int LEVELS = 4;
    /** Channels of the first level. */
    static final int BASE_FILTERS = 32;

    private static final double LEARNING_RATE = 1e-3;

    @Param({"vector"})
    public String backend;

    private Backend target;
    private UNet net;
    private Params params;
    private Tensor x;
    private Tensor y;

    @Setup
    public void setup() {
        target = Backends.byName(backend);
        net = new UNet(config());
        params = net.init(RandomKey.of(31)).map(t -> t.to(target));
        x = BenchData.uniform(target, DType.FLOAT32, 32, -1, 1, BATCH, 1, SIZE, SIZE);
        y = BenchData.uniform(target, DType.FLOAT32, 33, -1, 1, BATCH, 1, SIZE, SIZE);
    }

    static UNetConfig config() {
        return UNetConfig.builder().dims(2).levels(LEVELS).baseFilters(BASE_FILTERS).build();
    }

    /** Loss, gradient and parameter update; returns the updated parameters. */
    @Benchmark
    public Params trainingStep() {
        try (Backends.Scope _ = Backends.use(target)) {
            Autodiff.ValueAndGrads vg = Autodiff.valueAndGrad(p -> net.apply(p, x).sub(y).square().mean(), params);
            return params.zip(vg.grads(), (p, g) -> p.sub(g.mul(LEARNING_RATE)));
        }
    }

    /**
     * The FLOPs of one step: {@code 3 x} the forward FLOPs {@code 2 N Cout Cin k^d H W} of every convolution
     * (output size) and {@code 2 N Cin Cout k^d H W} of every stride-2 transposed convolution (input size),
     * following the architecture documented on {@link UNet}.
     */
    static double stepFlops() {
        UNetConfig c = config();
        int blocks = c.blocksPerLevel();
        double[] pixels = new double[LEVELS];
        int side = SIZE;
        for (int i = 0; i < LEVELS; i++) {
            pixels[i] = (double) side * side;
            side = (side + 1) / 2;
        }
        double f = conv(1, c.channels(0), 9, pixels[0]);
        int channels = c.channels(0);
        for (int i = 0; i < LEVELS; i++) {
            for (int b = 0; b < blocks; b++) {
                f += block(channels, c.channels(i), pixels[i]);
                channels = c.channels(i);
            }
            if (i < LEVELS - 1) {
                f += conv(channels, channels, 9, pixels[i + 1]);
            }
        }
        f += block(channels, channels, pixels[LEVELS - 1]);
        for (int i = LEVELS - 2; i >= 0; i--) {
            f += conv(channels, c.channels(i), 4, pixels[i + 1]);
            channels = 2 * c.channels(i);
            for (int b = 0; b < blocks; b++) {
                f += block(channels, c.channels(i), pixels[i]);
                channels = c.channels(i);
            }
        }
        f += conv(channels, 1, 1, pixels[0]);
        return 3 * f;
    }

    private static double block(int in, int out, double pixels) {
        return conv(in, out, 9, pixels) + conv(out, out, 9, pixels) + (in != out ? conv(in, out, 1, pixels) : 0);
    }

    private static double conv(int in, int out, int taps, double pixels) {
        return 2.0 * BATCH * in * out * taps * pixels;
    }
}
