package dev.adjoint.api.reference;

import dev.adjoint.api.spi.HeapStorage;
import dev.adjoint.api.spi.MatmulSpec;

/** The reference batched matrix product: a triple loop with a double accumulator per output element. */
final class MatmulKernels {
    private MatmulKernels() {
    }

    /** {@code C[b] = op(A[b]) @ op(B[b])} as described by {@code spec}; FLOAT32 or FLOAT64. */
    static HeapStorage matmul(HeapStorage a, HeapStorage b, MatmulSpec spec) {
        int m = spec.m();
        int k = spec.k();
        int n = spec.n();
        int batches = spec.batch().size();
        double[] x = values(a);
        double[] y = values(b);
        double[] c = new double[batches * m * n];
        Odometer it = new Odometer(spec.batch(), spec.aBatchStrides(), spec.bBatchStrides());
        for (int batch = 0; batch < batches; batch++, it.next()) {
            int aBase = it.offset(0) * m * k;
            int bBase = it.offset(1) * k * n;
            int cBase = batch * m * n;
            for (int i = 0; i < m; i++) {
                for (int j = 0; j < n; j++) {
                    double acc = 0;
                    for (int p = 0; p < k; p++) {
                        double av = spec.transposeA() ? x[aBase + p * m + i] : x[aBase + i * k + p];
                        double bv = spec.transposeB() ? y[bBase + j * k + p] : y[bBase + p * n + j];
                        acc += av * bv;
                    }
                    c[cBase + i * n + j] = acc;
                }
            }
        }
        return switch (a.dtype()) {
            case FLOAT64 -> HeapStorage.of(c);
            case FLOAT32 -> {
                float[] f = new float[c.length];
                for (int i = 0; i < c.length; i++) {
                    f[i] = (float) c[i];
                }
                yield HeapStorage.of(f);
            }
            case INT32 -> throw new IllegalArgumentException("matmul: not defined for int32");
        };
    }

    private static double[] values(HeapStorage s) {
        return switch (s.dtype()) {
            case FLOAT64 -> s.f64();
            case FLOAT32 -> ElementwiseKernels.cast(s, dev.adjoint.api.DType.FLOAT64).f64();
            case INT32 -> throw new IllegalArgumentException("matmul: not defined for int32");
        };
    }
}
