package dev.adjoint.backend.tornado;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.adjoint.api.Backends;
import dev.adjoint.api.Boundary;
import dev.adjoint.api.DType;
import dev.adjoint.api.PadMode;
import dev.adjoint.api.Shape;
import dev.adjoint.api.Tensor;
import dev.adjoint.api.spi.Backend;
import dev.adjoint.api.spi.Storage;
import dev.adjoint.api.spi.UnaryOp;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * Tensors stay on the device: a chain of device kernels copies nothing between host and device, its result
 * matches the reference backend, unreachable tensors give their arena ranges back, and live ones are never
 * overwritten.
 */
class DeviceResidencyTest {
    private final TornadoBackend tornado = (TornadoBackend) Backends.byName(TornadoProvider.NAME);
    private final Backend reference = Backends.byName("reference");

    /** A chain touching every family of device kernels, from three inputs. */
    private static Tensor chain(Tensor x, Tensor w, Tensor k) {
        Tensor h = x.matmul(w).add(0.5).tanh().mul(x.slice(1, 0, 8).exp());
        Tensor t = h.transpose(0, 1).pad(new int[] {1, 2}, new int[] {0, 1}, PadMode.REFLECT);
        Tensor c = Tensor.concat(0, t, t.neg()).cast(DType.FLOAT64).abs().sqrt().cast(DType.FLOAT32);
        Tensor masked = Tensor.where(c.gt(0.9), c, c.square());
        Tensor stats = masked.sum(0).add(masked.max(0)).add(masked.argmax(0).cast(DType.FLOAT32));
        Tensor conv = masked.reshape(1, 18, 19).conv(k);
        Tensor points = x.slice(1, 0, 2).abs().mul(6); // 16 points [16, 2] inside and beyond the grid
        Tensor sampled = masked.reshape(18, 19, 1).sample(points, Boundary.PERIODIC, Boundary.CLAMP);
        return stats.mul(masked.mean(new int[] {0, 1}, false)).add(conv.sum(0, 1, 2)).add(sampled.sum(0, 1));
    }

    private static Tensor[] inputs(Random random) {
        float[] x = new float[16 * 12];
        float[] w = new float[12 * 8];
        float[] k = new float[4 * 18 * 3];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) random.nextGaussian();
        }
        for (int i = 0; i < w.length; i++) {
            w[i] = (float) random.nextGaussian() / 4;
        }
        for (int i = 0; i < k.length; i++) {
            k[i] = (float) random.nextGaussian() / 8;
        }
        return new Tensor[] {Tensor.of(x, 16, 12), Tensor.of(w, 12, 8), Tensor.of(k, 4, 18, 3)};
    }

    private static <T> T on(Backend backend, Supplier<T> body) {
        try (Backends.Scope scope = Backends.use(backend)) {
            return body.get();
        }
    }

    @Test
    void aChainOfDeviceKernelsCopiesNothingThroughTheHost() {
        Tensor[] in = on(tornado, () -> inputs(new Random(3)));
        on(tornado, () -> chain(in[0], in[1], in[2])); // compiles the kernels
        long transfers = tornado.hostTransfers();
        long launches = tornado.deviceLaunches();
        Tensor out = on(tornado, () -> chain(in[0], in[1], in[2]));
        assertThat(tornado.hostTransfers()).as("host <-> device copies during the chain").isEqualTo(transfers);
        assertThat(tornado.deviceLaunches() - launches).as("device kernels in the chain").isGreaterThan(20);

        Tensor[] refIn = on(reference, () -> inputs(new Random(3)));
        float[] expected = on(reference, () -> chain(refIn[0], refIn[1], refIn[2])).toFloatArray();
        float[] actual = out.toFloatArray();
        assertThat(tornado.hostTransfers()).isEqualTo(transfers + 1);
        assertThat(actual).hasSameSizeAs(expected);
        for (int i = 0; i < expected.length; i++) {
            assertThat(actual[i]).as("element %d", i).isCloseTo(expected[i],
                    within(1e-4f * Math.max(1, Math.abs(expected[i]))));
        }
    }

    @Test
    void unreachableTensorsGiveTheirRangesBack() {
        // Four times the default arena in 64 MiB outputs: only possible if dropped outputs are reclaimed.
        Storage x = tornado.full(DType.FLOAT32, 16 << 20, 2);
        for (int i = 0; i < 32; i++) {
            Storage y = tornado.unary(UnaryOp.SQUARE, x);
            assertThat(y.size()).isEqualTo(16 << 20);
        }
        float[] probe = tornado.toFloats(tornado.unary(UnaryOp.SQUARE, tornado.full(DType.FLOAT32, 4, 3)));
        assertThat(probe).containsExactly(9, 9, 9, 9);
        long before = tornado.deviceElementsInUse(DType.FLOAT32);
        x = null;
        long after = before;
        for (int attempt = 0; attempt < 50 && after > before - (16 << 20); attempt++) {
            System.gc();
            after = tornado.deviceElementsInUse(DType.FLOAT32);
        }
        assertThat(after).isLessThanOrEqualTo(before - (16 << 20));
    }

    @Test
    void aTensorLargerThanTheArenaIsRefusedNamingTheSetting() {
        assertThatThrownBy(() -> tornado.zeros(DType.FLOAT64, Integer.MAX_VALUE - 1024))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("FLOAT64")
                .hasMessageContaining(Device.MEMORY_PROPERTY);
    }

    @Test
    void liveTensorsSurviveHeavyReuseOfTheArena() {
        Random random = new Random(11);
        record Live(Storage storage, double[] values) {
        }
        List<Live> live = new ArrayList<>();
        for (int step = 0; step < 600; step++) {
            int n = 1 + random.nextInt(random.nextBoolean() ? 50 : 3000);
            double[] v = new double[n];
            for (int i = 0; i < n; i++) {
                v[i] = random.nextInt(1000) - 500;
            }
            DType dtype = DType.values()[random.nextInt(3)];
            Storage s = switch (dtype) {
                case FLOAT32 -> {
                    float[] f = new float[n];
                    for (int i = 0; i < n; i++) {
                        f[i] = (float) v[i];
                    }
                    yield tornado.fromHost(f);
                }
                case FLOAT64 -> tornado.fromHost(v.clone());
                case INT32 -> {
                    int[] f = new int[n];
                    for (int i = 0; i < n; i++) {
                        f[i] = (int) v[i];
                    }
                    yield tornado.fromHost(f);
                }
            };
            double[] reversed = new double[n];
            for (int i = 0; i < n; i++) {
                reversed[i] = v[n - 1 - i];
            }
            live.add(new Live(s, v));
            live.add(new Live(tornado.strided(s, n - 1, new int[] {-1}, Shape.of(n)), reversed));
            while (live.size() > 30) {
                live.remove(random.nextInt(live.size()));
            }
            if (step % 100 == 99) {
                System.gc();
            }
            if (step % 20 == 19) {
                for (Live l : live) {
                    assertThat(read(l.storage())).as("step %d, %s", step, l.storage().dtype()).containsExactly(l.values());
                }
            }
        }
    }

    private double[] read(Storage s) {
        return switch (s.dtype()) {
            case FLOAT32 -> {
                float[] f = tornado.toFloats(s);
                double[] d = new double[f.length];
                for (int i = 0; i < f.length; i++) {
                    d[i] = f[i];
                }
                yield d;
            }
            case FLOAT64 -> tornado.toDoubles(s);
            case INT32 -> Arrays.stream(tornado.toInts(s)).asDoubleStream().toArray();
        };
    }
}
