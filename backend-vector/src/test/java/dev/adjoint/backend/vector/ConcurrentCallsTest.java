package dev.adjoint.backend.vector;

import static dev.adjoint.backend.vector.ReferenceOracle.VECTOR;
import static dev.adjoint.backend.vector.ReferenceOracle.random;
import static org.assertj.core.api.Assertions.assertThat;

import dev.adjoint.api.Backends;
import dev.adjoint.api.Boundary;
import dev.adjoint.api.ConvOptions;
import dev.adjoint.api.DType;
import dev.adjoint.api.Tensor;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Supplier;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Inputs large enough that every kernel here runs multi-threaded, called from several threads at once and
 * repeatedly: each call must give exactly the bits that the same call gave alone on the calling thread.
 */
class ConcurrentCallsTest {
    private static final int CALLERS = 4;
    private static final int ROUNDS = 3;

    @ParameterizedTest
    @EnumSource(value = DType.class, names = {"FLOAT32", "FLOAT64"})
    void concurrentAndRepeatedCallsGiveIdenticalBits(DType dtype) throws Exception {
        Map<String, Supplier<Tensor>> ops = operations(dtype);
        Map<String, Object> alone = new LinkedHashMap<>();
        ops.forEach((name, op) -> alone.put(name, bits(op.get())));

        ExecutorService callers = Executors.newFixedThreadPool(CALLERS);
        try {
            List<Future<Object>> futures = new ArrayList<>();
            List<String> names = new ArrayList<>();
            for (int round = 0; round < ROUNDS; round++) {
                for (int caller = 0; caller < CALLERS; caller++) {
                    for (Map.Entry<String, Supplier<Tensor>> e : ops.entrySet()) {
                        Callable<Object> call = () -> bits(e.getValue().get());
                        futures.add(callers.submit(call));
                        names.add(e.getKey());
                    }
                }
            }
            for (int k = 0; k < futures.size(); k++) {
                assertThat(Objects.deepEquals(futures.get(k).get(), alone.get(names.get(k))))
                        .as("%s (%s) run concurrently gives the bits it gave alone", names.get(k), dtype).isTrue();
            }
        } finally {
            callers.shutdownNow();
        }
    }

    private static Map<String, Supplier<Tensor>> operations(DType dtype) {
        Tensor big = random(VECTOR, dtype, 1, 300_001);
        Tensor rows = random(VECTOR, dtype, 2, 97, 1031);
        Tensor a = random(VECTOR, dtype, 3, 129, 200);
        Tensor b = random(VECTOR, dtype, 4, 200, 131);
        Tensor image = random(VECTOR, dtype, 5, 4, 8, 33, 35);
        Tensor kernel = random(VECTOR, dtype, 6, 8, 8, 3, 3);
        Tensor field = random(VECTOR, dtype, 7, 64, 64, 2);
        Tensor points = random(VECTOR, dtype, 8, 5000, 2).mul(40).add(10);
        Tensor signal = random(VECTOR, dtype, 9, 16, 1000);
        Map<String, Supplier<Tensor>> ops = new LinkedHashMap<>();
        ops.put("sum", () -> on(() -> big.sum()));
        ops.put("max rows", () -> on(() -> rows.max(1)));
        ops.put("sum columns", () -> on(() -> rows.sum(0)));
        ops.put("tanh", () -> on(big::tanh));
        ops.put("exp times", () -> on(() -> big.exp().mul(big)));
        ops.put("matmul", () -> on(() -> a.matmul(b)));
        ops.put("conv", () -> on(() -> image.conv(kernel, ConvOptions.defaults().samePadding())));
        ops.put("sample", () -> on(() -> field.sample(points, Boundary.ZERO, Boundary.ZERO)));
        ops.put("rfft", () -> on(() -> signal.rfft(1)));
        return ops;
    }

    private static Tensor on(Supplier<Tensor> op) {
        try (Backends.Scope _ = Backends.use(VECTOR)) {
            return op.get();
        }
    }

    private static Object bits(Tensor t) {
        return switch (t.dtype()) {
            case FLOAT32 -> {
                float[] v = t.toFloatArray();
                int[] out = new int[v.length];
                for (int i = 0; i < v.length; i++) {
                    out[i] = Float.floatToRawIntBits(v[i]);
                }
                yield out;
            }
            case FLOAT64 -> {
                double[] v = t.toDoubleArray();
                long[] out = new long[v.length];
                for (int i = 0; i < v.length; i++) {
                    out[i] = Double.doubleToRawLongBits(v[i]);
                }
                yield out;
            }
            case INT32 -> t.toIntArray();
        };
    }
}
