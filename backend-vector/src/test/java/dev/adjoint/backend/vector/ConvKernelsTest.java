package dev.adjoint.backend.vector;

import static dev.adjoint.backend.vector.ReferenceOracle.REFERENCE;
import static dev.adjoint.backend.vector.ReferenceOracle.VECTOR;
import static dev.adjoint.backend.vector.ReferenceOracle.assertIdentical;
import static dev.adjoint.backend.vector.ReferenceOracle.onVector;
import static dev.adjoint.backend.vector.ReferenceOracle.random;
import static dev.adjoint.backend.vector.ReferenceOracle.values;
import static org.assertj.core.api.Assertions.assertThat;

import dev.adjoint.api.ConvOptions;
import dev.adjoint.api.DType;
import dev.adjoint.api.Shape;
import dev.adjoint.api.Tensor;
import dev.adjoint.api.spi.Backend;
import dev.adjoint.api.spi.ConvSpec;
import dev.adjoint.api.spi.Storage;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The vector backend's convolution, transposed convolution and weight gradient agree with the reference
 * backend in 1-3 dimensions for every combination of stride, dilation, groups, asymmetric padding and
 * periodic wrapping, and on sizes that span many tiles, depth blocks and partial sums; results are
 * bit-identical across runs and pool sizes.
 */
class ConvKernelsTest {
    /** A convolution geometry; {@code x} and {@code w} are the input and weight shapes. */
    private record Case(int[] x, int[] w, int groups, int[] stride, int[] dilation, int[] before, int[] after,
            boolean periodic) {
        int dims() {
            return x.length - 2;
        }

        /** The spec, or null when the padded input is shorter than the dilated kernel. */
        ConvSpec spec() {
            int dims = dims();
            int[] in = Arrays.copyOfRange(x, 2, x.length);
            int[] k = Arrays.copyOfRange(w, 2, w.length);
            int[] out = new int[dims];
            for (int d = 0; d < dims; d++) {
                int extent = dilation[d] * (k[d] - 1) + 1;
                int padded = in[d] + before[d] + after[d];
                if (padded < extent) {
                    return null;
                }
                out[d] = (padded - extent) / stride[d] + 1;
            }
            return new ConvSpec(dims, x[0], x[1], w[0], groups, in, k, out, stride, dilation, before, periodic);
        }

        int[] y(ConvSpec s) {
            int[] y = new int[x.length];
            y[0] = x[0];
            y[1] = w[0];
            System.arraycopy(s.outSize(), 0, y, 2, s.dims());
            return y;
        }

        int kernelCells() {
            int n = 1;
            for (int i = 2; i < w.length; i++) {
                n *= w[i];
            }
            return n;
        }

        @Override
        public String toString() {
            return "x " + Arrays.toString(x) + " w " + Arrays.toString(w) + " groups " + groups + " stride "
                    + Arrays.toString(stride) + " dilation " + Arrays.toString(dilation) + " padding "
                    + Arrays.toString(before) + "+" + Arrays.toString(after) + (periodic ? " periodic" : "");
        }
    }

    /** Every option combination on small 1-D, 2-D and 3-D inputs. */
    private static List<Case> combinations() {
        int[][] sizes = {{9}, {7, 6}, {5, 4, 5}};
        int[][] kernels = {{3}, {3, 2}, {2, 3, 2}};
        List<Case> cases = new ArrayList<>();
        for (int dims = 1; dims <= 3; dims++) {
            for (int bits = 0; bits < 32; bits++) {
                int stride = (bits & 1) != 0 ? 2 : 1;
                int dilation = (bits & 2) != 0 ? 2 : 1;
                int groups = (bits & 4) != 0 ? 2 : 1;
                boolean padded = (bits & 8) != 0;
                boolean periodic = (bits & 16) != 0;
                int[] x = concat(new int[] {2, 2 * groups}, sizes[dims - 1]);
                int[] w = concat(new int[] {3 * groups, 2}, kernels[dims - 1]);
                int[] before = new int[dims];
                int[] after = new int[dims];
                if (padded) {
                    Arrays.fill(before, 1);
                    Arrays.fill(after, 2);
                }
                cases.add(new Case(x, w, groups, filled(dims, stride), filled(dims, dilation), before, after,
                        periodic));
            }
        }
        return cases;
    }

    @ParameterizedTest
    @EnumSource(value = DType.class, names = {"FLOAT32", "FLOAT64"})
    void everyOptionCombinationMatchesTheReference(DType dtype) {
        int checked = 0;
        for (Case c : combinations()) {
            if (c.spec() != null) {
                checkAll(c, dtype, checked);
                checked++;
            }
        }
        assertThat(checked).isGreaterThan(80);
    }

    @ParameterizedTest
    @EnumSource(value = DType.class, names = {"FLOAT32", "FLOAT64"})
    void unusualGeometriesMatchTheReference(DType dtype) {
        List<Case> cases = List.of(
                // periodic padding larger than half the input: the output outgrows the input
                new Case(new int[] {2, 3, 5}, new int[] {2, 3, 3}, 1, new int[] {1}, new int[] {1},
                        new int[] {4}, new int[] {5}, true),
                new Case(new int[] {1, 2, 4, 3}, new int[] {3, 2, 3, 3}, 1, new int[] {1, 1}, new int[] {1, 1},
                        new int[] {3, 2}, new int[] {4, 3}, true),
                // kernel wider than the input, mostly reading padding
                new Case(new int[] {2, 1, 3}, new int[] {2, 1, 5}, 1, new int[] {1}, new int[] {1},
                        new int[] {3}, new int[] {2}, false),
                // stride larger than the kernel: some inputs are never read
                new Case(new int[] {1, 2, 11, 10}, new int[] {4, 2, 2, 1}, 1, new int[] {3, 4}, new int[] {1, 1},
                        new int[] {0, 1}, new int[] {0, 0}, false),
                // depthwise
                new Case(new int[] {2, 6, 8, 9}, new int[] {6, 1, 3, 3}, 6, new int[] {1, 1}, new int[] {1, 1},
                        new int[] {1, 1}, new int[] {1, 1}, false),
                // pointwise with many channels
                new Case(new int[] {3, 37, 5, 7}, new int[] {41, 37, 1, 1}, 1, new int[] {1, 1}, new int[] {1, 1},
                        new int[] {0, 0}, new int[] {0, 0}, false),
                // an empty batch
                new Case(new int[] {0, 2, 7}, new int[] {3, 2, 3}, 1, new int[] {1}, new int[] {1}, new int[] {1},
                        new int[] {1}, false));
        int seed = 1000;
        for (Case c : cases) {
            checkAll(c, dtype, seed++);
        }
    }

    @ParameterizedTest
    @EnumSource(value = DType.class, names = {"FLOAT32", "FLOAT64"})
    void largeConvolutionsSpanTilesDepthBlocksAndPartialSums(DType dtype) {
        // depth 40 * 9 = 360 > one depth block, outputs over several tiles
        checkAll(new Case(new int[] {2, 40, 19, 23}, new int[] {24, 40, 3, 3}, 1, new int[] {1, 1},
                new int[] {1, 1}, new int[] {1, 1}, new int[] {1, 1}, false), dtype, 2000);
        // strided with groups: the scattering transpose over several chunks of columns
        checkAll(new Case(new int[] {3, 8, 21, 17}, new int[] {12, 4, 3, 3}, 2, new int[] {2, 2},
                new int[] {1, 1}, new int[] {1, 1}, new int[] {1, 0}, false), dtype, 2001);
        // the weight gradient sums 5 * 43 * 41 positions in two partial products, the last one shorter
        checkAll(new Case(new int[] {5, 3, 43, 41}, new int[] {4, 3, 3, 3}, 1, new int[] {1, 1},
                new int[] {1, 1}, new int[] {1, 1}, new int[] {1, 1}, true), dtype, 2002);
        // a long 1-D signal
        checkAll(new Case(new int[] {2, 5, 3000}, new int[] {7, 5, 5}, 1, new int[] {1}, new int[] {2},
                new int[] {4}, new int[] {4}, false), dtype, 2003);
    }

    @ParameterizedTest
    @EnumSource(value = DType.class, names = {"FLOAT32", "FLOAT64"})
    void publicOpsMatchTheReference(DType dtype) {
        close(b -> random(b, dtype, 1, 2, 4, 13, 11).conv(random(b, dtype, 2, 6, 2, 3, 3),
                ConvOptions.defaults().groups(2).samePadding()), 18);
        close(b -> random(b, dtype, 3, 2, 4, 6, 5).convTranspose(random(b, dtype, 4, 4, 3, 3, 3),
                ConvOptions.defaults().stride(2).padding(1).outputPadding(1)), 36);
        close(b -> random(b, dtype, 5, 1, 3, 9, 9).conv(random(b, dtype, 6, 2, 3, 3, 3),
                ConvOptions.defaults().periodic().padding(1)), 27);
        close(b -> random(b, dtype, 7, 1, 2, 5, 6, 7).convTranspose(random(b, dtype, 8, 2, 3, 2, 3, 2),
                ConvOptions.defaults().dilation(2)), 24);
    }

    @Test
    void resultsAreBitIdenticalAcrossRunsAndPoolSizes() {
        Case c = new Case(new int[] {3, 12, 29, 31}, new int[] {10, 6, 3, 3}, 2, new int[] {1, 1},
                new int[] {1, 1}, new int[] {1, 1}, new int[] {1, 1}, false);
        Case strided = new Case(new int[] {2, 5, 40, 37}, new int[] {6, 5, 3, 3}, 1, new int[] {2, 2},
                new int[] {1, 1}, new int[] {1, 1}, new int[] {1, 1}, true);
        for (DType dtype : new DType[] {DType.FLOAT32, DType.FLOAT64}) {
            for (Case k : List.of(c, strided)) {
                ConvSpec s = k.spec();
                Storage x = random(VECTOR, dtype, 1, k.x()).storage();
                Storage w = random(VECTOR, dtype, 2, k.w()).storage();
                Storage y = random(VECTOR, dtype, 3, k.y(s)).storage();
                List<Function<Backend, Storage>> ops = List.of(b -> b.conv(x, w, s), b -> b.convTranspose(y, w, s),
                        b -> b.convWeightGrad(x, y, s));
                for (Function<Backend, Storage> op : ops) {
                    Tensor first = flat(VECTOR, op.apply(VECTOR));
                    assertIdentical(flat(VECTOR, op.apply(VECTOR)), first);
                    for (int threads : new int[] {1, 2, 3, 7}) {
                        assertIdentical(flat(VECTOR, Parallel.withThreads(threads, () -> op.apply(VECTOR))), first);
                    }
                }
            }
        }
    }

    /** Compares all three kernels of case {@code c} with the reference on random inputs. */
    private static void checkAll(Case c, DType dtype, long seed) {
        ConvSpec s = c.spec();
        int[] y = c.y(s);
        int k = c.kernelCells();
        compare(c + " conv", dtype, c.w()[1] * k, seed, new int[][] {c.x(), c.w()},
                (b, in) -> b.conv(in[0], in[1], s));
        compare(c + " convTranspose", dtype, c.w()[0] / c.groups() * k, seed + 1, new int[][] {y, c.w()},
                (b, in) -> b.convTranspose(in[0], in[1], s));
        int positions = y[0];
        for (int d = 2; d < y.length; d++) {
            positions *= y[d];
        }
        compare(c + " convWeightGrad", dtype, positions, seed + 2, new int[][] {c.x(), y},
                (b, in) -> b.convWeightGrad(in[0], in[1], s));
    }

    /** A kernel applied to storages. */
    private interface KernelCall {
        Storage apply(Backend b, Storage[] inputs);
    }

    /**
     * Runs {@code call} on random inputs of the given shapes on both backends and checks
     * {@code |v - e| <= 32 eps sqrt(terms) (1 + |e|)}.
     */
    private static void compare(String what, DType dtype, int terms, long seed, int[][] shapes, KernelCall call) {
        Storage[] ref = new Storage[shapes.length];
        Storage[] vec = new Storage[shapes.length];
        for (int i = 0; i < shapes.length; i++) {
            Tensor t = random(REFERENCE, dtype, seed * 31 + i, shapes[i]);
            ref[i] = t.storage();
            vec[i] = random(VECTOR, dtype, seed * 31 + i, shapes[i]).storage();
        }
        double[] e = values(flat(REFERENCE, call.apply(REFERENCE, ref)));
        double[] v = values(flat(VECTOR, call.apply(VECTOR, vec)));
        assertThat(v.length).as(what).isEqualTo(e.length);
        double eps = dtype == DType.FLOAT32 ? Math.ulp(1f) : Math.ulp(1.0);
        double tol = 32 * eps * Math.sqrt(Math.max(1, terms));
        for (int i = 0; i < e.length; i++) {
            assertThat(Math.abs(v[i] - e[i])).as("%s: element %d is %s, reference %s", what, i, v[i], e[i])
                    .isLessThanOrEqualTo(tol * (1 + Math.abs(e[i])));
        }
    }

    private static void close(Function<Backend, Tensor> op, int terms) {
        Tensor expected = op.apply(REFERENCE);
        Tensor actual = onVector(op);
        assertThat(actual.shape()).isEqualTo(expected.shape());
        double eps = expected.dtype() == DType.FLOAT32 ? Math.ulp(1f) : Math.ulp(1.0);
        double tol = 32 * eps * Math.sqrt(terms);
        double[] e = values(expected);
        double[] v = values(actual);
        for (int i = 0; i < e.length; i++) {
            assertThat(Math.abs(v[i] - e[i])).as("element %d: %s vs reference %s", i, v[i], e[i])
                    .isLessThanOrEqualTo(tol * (1 + Math.abs(e[i])));
        }
    }

    private static Tensor flat(Backend b, Storage s) {
        return Tensor.fromStorage(b, s, Shape.of(s.size()));
    }

    private static int[] concat(int[] a, int[] b) {
        int[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    private static int[] filled(int n, int v) {
        int[] out = new int[n];
        Arrays.fill(out, v);
        return out;
    }
}
