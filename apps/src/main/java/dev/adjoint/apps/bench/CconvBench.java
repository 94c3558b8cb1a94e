package dev.adjoint.apps.bench;

import dev.adjoint.api.Autodiff;
import dev.adjoint.api.Backends;
import dev.adjoint.api.DType;
import dev.adjoint.api.Params;
import dev.adjoint.api.RandomKey;
import dev.adjoint.api.Tensor;
import dev.adjoint.api.spi.Backend;
import dev.adjoint.nn.AntisymmetricContinuousConv;
import dev.adjoint.nn.ContinuousConv;
import dev.adjoint.nn.PointBasis;
import dev.adjoint.nn.PointLayer;
import dev.adjoint.nn.PointNeighborhood;
import dev.adjoint.nn.SymmetricBasisConv;
import java.util.ArrayList;
import java.util.List;
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
 * Continuous convolutions on {@value #PARTICLES} FLOAT32 particles uniform in the unit cube with radius
 * {@value #RADIUS} (30 neighbours per particle away from the faces, 28.1 on average, self included),
 * {@value #CHANNELS} input and output channels: one full layer evaluation from positions as a training step
 * needs it ({@code forwardBackward}: neighbour search, forward, and the gradients with respect to the
 * parameters, the features and the positions). {@link CconvSearchBench} times the search alone. Layers: CConv
 * with a 4x4x4 grid and poly6 window, the antisymmetric CConv with a 4x4x4 grid, and the symmetric basis
 * convolution with 4x4x4 Fourier terms and no window.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class CconvBench {
    /** Number of particles. */
    static final int PARTICLES = 10_000;
    /** Spatial dimension. */
    static final int DIMS = 3;
    /** Input and output channels. */
    static final int CHANNELS = 16;
    /** Filter radius: {@code 10000 * 4/3 pi R^3 = 30} inside the cube. */
    static final double RADIUS = 0.0895;

    @Param({"cconv", "ascc", "sfbc"})
    public String layer;

    @Param({"vector"})
    public String backend;

    private Backend target;
    private Tensor positions;
    private Tensor features;
    private Tensor seed;
    private PointLayer conv;
    private Params params;

    @Setup
    public void setup() {
        target = Backends.byName(backend);
        positions = positions(target);
        features = BenchData.uniform(target, DType.FLOAT32, 12, -1, 1, PARTICLES, CHANNELS);
        seed = BenchData.uniform(target, DType.FLOAT32, 13, -1, 1, PARTICLES, CHANNELS);
        conv = layer(layer);
        try (Backends.Scope _ = Backends.use(target)) {
            params = conv.init(RandomKey.of(14)).map(t -> t.to(target));
        }
    }

    /** The particles, uniform in the unit cube. */
    static Tensor positions(Backend target) {
        return BenchData.uniform(target, DType.FLOAT32, 11, 0, 1, PARTICLES, DIMS);
    }

    static PointLayer layer(String name) {
        int[] kernel = {4, 4, 4};
        return switch (name) {
            case "cconv" -> new ContinuousConv(CHANNELS, CHANNELS, kernel, RADIUS);
            case "ascc" -> new AntisymmetricContinuousConv(CHANNELS, CHANNELS, kernel, RADIUS);
            case "sfbc" -> new SymmetricBasisConv(CHANNELS, CHANNELS, PointBasis.FOURIER, kernel, RADIUS);
            default -> throw new IllegalArgumentException("unknown layer '" + name + "'; expected cconv, ascc or sfbc");
        };
    }

    /** Search, forward pass, and the gradients with respect to parameters, features and positions. */
    @Benchmark
    public Tensor[] forwardBackward() {
        try (Backends.Scope _ = Backends.use(target)) {
            List<String> names = params.names();
            Tensor[] wrt = new Tensor[names.size() + 2];
            List<Tensor> tracked = new ArrayList<>();
            for (int i = 0; i < names.size(); i++) {
                wrt[i] = Autodiff.track(params.get(names.get(i)));
                tracked.add(wrt[i]);
            }
            Tensor x = Autodiff.track(positions);
            Tensor f = Autodiff.track(features);
            wrt[names.size()] = f;
            wrt[names.size() + 1] = x;
            Tensor y = conv.apply(Params.unflatten(names, tracked), PointNeighborhood.search(x, RADIUS), f);
            return Autodiff.gradients(y, seed, false, wrt);
        }
    }
}
