package dev.adjoint.apps.bench;

import dev.adjoint.api.spi.Backend;
import dev.adjoint.api.Backends;
import dev.adjoint.api.DType;
import dev.adjoint.api.Tensor;
import java.util.SplittableRandom;

/** Seeded random inputs for the benchmarks, created on a given backend through the public Tensor API. */
final class BenchData {
    private BenchData() {
    }

    /** The dtype a benchmark parameter names: {@code f32} or {@code f64}. */
    static DType dtype(String name) {
        return switch (name) {
            case "f32" -> DType.FLOAT32;
            case "f64" -> DType.FLOAT64;
            default -> throw new IllegalArgumentException("dtype parameter must be f32 or f64, got '" + name + "'");
        };
    }

    /** Uniform values in {@code [lo, hi)} of the given dtype and shape, on {@code backend}. */
    static Tensor uniform(Backend backend, DType dtype, long seed, double lo, double hi, int... shape) {
        int n = 1;
        for (int d : shape) {
            n = Math.multiplyExact(n, d);
        }
        SplittableRandom random = new SplittableRandom(seed);
        try (Backends.Scope _ = Backends.use(backend)) {
            if (dtype == DType.FLOAT64) {
                double[] v = new double[n];
                for (int i = 0; i < n; i++) {
                    v[i] = lo + (hi - lo) * random.nextDouble();
                }
                return Tensor.of(v, shape);
            }
            float[] v = new float[n];
            for (int i = 0; i < n; i++) {
                v[i] = (float) (lo + (hi - lo) * random.nextDouble());
            }
            return Tensor.of(v, shape);
        }
    }
}
