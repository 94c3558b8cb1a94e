package dev.adjoint.backend.vector;

import static dev.adjoint.backend.vector.ReferenceOracle.REFERENCE;
import static dev.adjoint.backend.vector.ReferenceOracle.VECTOR;
import static dev.adjoint.backend.vector.ReferenceOracle.assertIdentical;
import static dev.adjoint.backend.vector.ReferenceOracle.on;
import static dev.adjoint.backend.vector.ReferenceOracle.onVector;
import static dev.adjoint.backend.vector.ReferenceOracle.random;
import static dev.adjoint.backend.vector.ReferenceOracle.values;
import static org.assertj.core.api.Assertions.assertThat;

import dev.adjoint.api.DType;
import dev.adjoint.api.Tensor;
import dev.adjoint.api.spi.Backend;
import java.util.function.Function;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The vector backend's matrix products agree with the reference backend on random inputs of odd sizes,
 * with every transpose combination, broadcast batches and empty operands, within a rounding tolerance
 * that grows with the square root of the summed length; and they are bit-identical across runs and pool
 * sizes.
 */
class MatmulKernelsTest {
    private static final int[] ODD = {1, 3, 7, 13, 17, 33, 65, 129};

    @ParameterizedTest
    @EnumSource(value = DType.class, names = {"FLOAT32", "FLOAT64"})
    void oddSizesWithEveryTransposeMatchTheReference(DType dtype) {
        long seed = 1;
        for (int m : ODD) {
            for (int n : ODD) {
                for (int k : new int[] {1, 13, 129}) {
                    for (int t = 0; t < 4; t++) {
                        boolean ta = (t & 1) != 0;
                        boolean tb = (t & 2) != 0;
                        long s = seed++;
                        int[] as = ta ? new int[] {k, m} : new int[] {m, k};
                        int[] bs = tb ? new int[] {n, k} : new int[] {k, n};
                        close(b -> Tensor.matmul(random(b, dtype, s, as), random(b, dtype, s + 7919, bs), ta, tb),
                                k);
                    }
                }
            }
        }
    }

    @ParameterizedTest
    @EnumSource(value = DType.class, names = {"FLOAT32", "FLOAT64"})
    void largeProductsSpanManyTilesAndDepthBlocks(DType dtype) {
        for (int t = 0; t < 4; t++) {
            boolean ta = (t & 1) != 0;
            boolean tb = (t & 2) != 0;
            int m = 257;
            int n = 131;
            int k = 530;
            int[] as = ta ? new int[] {k, m} : new int[] {m, k};
            int[] bs = tb ? new int[] {n, k} : new int[] {k, n};
            long seed = 10 + t;
            close(b -> Tensor.matmul(random(b, dtype, seed, as), random(b, dtype, seed + 10, bs), ta, tb), k);
        }
    }

    @ParameterizedTest
    @EnumSource(value = DType.class, names = {"FLOAT32", "FLOAT64"})
    void broadcastBatchesAndVectorsMatchTheReference(DType dtype) {
        close(b -> random(b, dtype, 30, 3, 1, 13, 17).matmul(random(b, dtype, 31, 1, 4, 17, 33)), 17);
        close(b -> random(b, dtype, 32, 65, 7).matmul(random(b, dtype, 33, 5, 7, 129)), 7);
        close(b -> random(b, dtype, 34, 6, 33, 7).matmul(random(b, dtype, 35, 7, 3)), 7);
        close(b -> Tensor.matmul(random(b, dtype, 36, 2, 3, 9, 40), random(b, dtype, 37, 3, 50, 9), true, true), 9);
        close(b -> random(b, dtype, 38, 129).matmul(random(b, dtype, 39, 129, 65)), 129);
        close(b -> random(b, dtype, 40, 65, 129).matmul(random(b, dtype, 41, 129)), 129);
        close(b -> random(b, dtype, 42, 300).matmul(random(b, dtype, 43, 300)), 300);
        // many tiny products: the direct loop, parallel over the batch
        close(b -> random(b, dtype, 44, 4000, 3, 3).matmul(random(b, dtype, 45, 4000, 3, 2)), 3);
    }

    @ParameterizedTest
    @EnumSource(value = DType.class, names = {"FLOAT32", "FLOAT64"})
    void emptyOperandsGiveEmptyOrZeroProducts(DType dtype) {
        Tensor zeroDepth = onVector(b -> random(b, dtype, 50, 5, 0).matmul(random(b, dtype, 51, 0, 70)));
        assertThat(zeroDepth.shape().dims()).containsExactly(5, 70);
        assertThat(values(zeroDepth)).containsOnly(0.0);
        Tensor noRows = onVector(b -> random(b, dtype, 52, 0, 40).matmul(random(b, dtype, 53, 40, 70)));
        assertThat(noRows.shape().dims()).containsExactly(0, 70);
        Tensor noBatch = onVector(b -> random(b, dtype, 54, 0, 40, 40).matmul(random(b, dtype, 55, 40, 70)));
        assertThat(noBatch.shape().dims()).containsExactly(0, 40, 70);
    }

    @ParameterizedTest
    @EnumSource(value = DType.class, names = {"FLOAT32", "FLOAT64"})
    void infinitiesAndNaNsReachExactlyTheReferenceElements(DType dtype) {
        int m = 40;
        int k = 70;
        int n = 50;
        double[] a = new double[m * k];
        double[] c = new double[k * n];
        for (int i = 0; i < a.length; i++) {
            a[i] = (i % 7) - 3;
        }
        for (int i = 0; i < c.length; i++) {
            c[i] = (i % 5) - 2;
        }
        a[3 * k + 5] = Double.POSITIVE_INFINITY;
        a[10 * k + 2] = Double.NaN;
        c[5 * n + 7] = 0;
        Function<Backend, Tensor> op = b -> dtype == DType.FLOAT64
                ? on(b, a, m, k).matmul(on(b, c, k, n))
                : on(b, toFloats(a), m, k).matmul(on(b, toFloats(c), k, n));
        double[] e = values(op.apply(REFERENCE));
        double[] v = values(onVector(op));
        int special = 0;
        for (int i = 0; i < e.length; i++) {
            if (Double.isNaN(e[i])) {
                assertThat(v[i]).as("element %d", i).isNaN();
                special++;
            } else if (Double.isInfinite(e[i])) {
                assertThat(v[i]).as("element %d", i).isEqualTo(e[i]);
                special++;
            } else {
                assertThat(v[i]).as("element %d", i).isFinite();
            }
        }
        assertThat(special).as("rows 3 and 10 are all infinite or NaN").isEqualTo(2 * n);
    }

    @ParameterizedTest
    @EnumSource(value = DType.class, names = {"FLOAT32", "FLOAT64"})
    void resultsAreBitIdenticalAcrossRunsAndPoolSizes(DType dtype) {
        Function<Backend, Tensor> big = b -> Tensor.matmul(random(b, dtype, 60, 3, 300, 260),
                random(b, dtype, 61, 3, 190, 300), true, true);
        Function<Backend, Tensor> batched = b -> random(b, dtype, 62, 900, 5, 9).matmul(random(b, dtype, 63, 9, 7));
        for (Function<Backend, Tensor> op : java.util.List.of(big, batched)) {
            Tensor first = onVector(op);
            assertIdentical(onVector(op), first);
            for (int threads : new int[] {1, 2, 3, 7}) {
                assertIdentical(Parallel.withThreads(threads, () -> onVector(op)), first);
            }
        }
    }

    /**
     * Runs {@code op} on both backends and checks {@code |v - e| <= 32 eps sqrt(k) (1 + |e|)}: uniform
     * inputs in [-1, 1] make each of the {@code k} terms at most 1 in size.
     */
    private static void close(Function<Backend, Tensor> op, int k) {
        Tensor expected = op.apply(REFERENCE);
        Tensor actual = onVector(op);
        assertThat(actual.shape()).isEqualTo(expected.shape());
        assertThat(actual.dtype()).isEqualTo(expected.dtype());
        double eps = expected.dtype() == DType.FLOAT32 ? Math.ulp(1f) : Math.ulp(1.0);
        double tol = 32 * eps * Math.sqrt(Math.max(1, k));
        double[] e = values(expected);
        double[] v = values(actual);
        for (int i = 0; i < e.length; i++) {
            assertThat(Math.abs(v[i] - e[i])).as("element %d of %s: %s vs reference %s", i, expected.shape(), v[i],
                    e[i]).isLessThanOrEqualTo(tol * (1 + Math.abs(e[i])));
        }
    }

    private static float[] toFloats(double[] v) {
        float[] f = new float[v.length];
        for (int i = 0; i < v.length; i++) {
            f[i] = (float) v[i];
        }
        return f;
    }
}
