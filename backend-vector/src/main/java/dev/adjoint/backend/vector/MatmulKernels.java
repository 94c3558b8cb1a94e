package dev.adjoint.backend.vector;

import dev.adjoint.api.spi.HeapStorage;
import dev.adjoint.api.spi.MatmulSpec;

/**
 * Batched matrix products: packed, register-blocked GEMM ({@link Gemm32}, {@link Gemm64}) for all but tiny
 * matrices, which take a direct loop parallel over the batch. Float32 sums run in float32.
 */
final class MatmulKernels {
    /** Products with at most this many multiply-adds ({@code m * n * k}) take the direct loop. */
    static final int SMALL = 2048;

    private MatmulKernels() {
    }

    /** {@code C[b] = op(A[b]) @ op(B[b])} as described by {@code spec}; FLOAT32 or FLOAT64. */
    static HeapStorage matmul(HeapStorage a, HeapStorage b, MatmulSpec spec) {
        int m = spec.m();
        int k = spec.k();
        int n = spec.n();
        int count = spec.batch().size();
        int[] aMat = matrixIndices(spec.batch().dims(), spec.aBatchStrides(), count);
        int[] bMat = matrixIndices(spec.batch().dims(), spec.bBatchStrides(), count);
        int size = Math.multiplyExact(count, Math.multiplyExact(m, n));
        // A(i, p) at ai * aRow + p * aCol; B(p, j) at p * bRow + j * bCol.
        int aRow = spec.transposeA() ? 1 : k;
        int aCol = spec.transposeA() ? m : 1;
        int bRow = spec.transposeB() ? 1 : n;
        int bCol = spec.transposeB() ? k : 1;
        int aSize = m * k;
        int bSize = k * n;
        boolean small = (long) m * n * k <= SMALL;
        return switch (a.dtype()) {
            case FLOAT32 -> {
                float[] x = a.f32();
                float[] y = b.f32();
                float[] c = new float[size];
                if (small) {
                    Parallel.forRange(count, grain(m, n, k), (lo, hi) -> {
                        for (int i = lo; i < hi; i++) {
                            direct32(x, aMat[i] * aSize, aRow, aCol, y, bMat[i] * bSize, bRow, bCol, c, i * m * n, m,
                                    n, k);
                        }
                    });
                } else {
                    Gemm32.multiply(count, m, n, k, new Gemm32.Batch() {
                        @Override
                        public Gemm32.Panel lhs(int i) {
                            return new Gemm32.Dense(x, aMat[i] * aSize, aCol, aRow);
                        }

                        @Override
                        public Gemm32.Panel rhs(int i) {
                            return new Gemm32.Dense(y, bMat[i] * bSize, bRow, bCol);
                        }

                        @Override
                        public int out(int i) {
                            return i * m * n;
                        }
                    }, c, n);
                }
                yield HeapStorage.of(c);
            }
            case FLOAT64 -> {
                double[] x = a.f64();
                double[] y = b.f64();
                double[] c = new double[size];
                if (small) {
                    Parallel.forRange(count, grain(m, n, k), (lo, hi) -> {
                        for (int i = lo; i < hi; i++) {
                            direct64(x, aMat[i] * aSize, aRow, aCol, y, bMat[i] * bSize, bRow, bCol, c, i * m * n, m,
                                    n, k);
                        }
                    });
                } else {
                    Gemm64.multiply(count, m, n, k, new Gemm64.Batch() {
                        @Override
                        public Gemm64.Panel lhs(int i) {
                            return new Gemm64.Dense(x, aMat[i] * aSize, aCol, aRow);
                        }

                        @Override
                        public Gemm64.Panel rhs(int i) {
                            return new Gemm64.Dense(y, bMat[i] * bSize, bRow, bCol);
                        }

                        @Override
                        public int out(int i) {
                            return i * m * n;
                        }
                    }, c, n);
                }
                yield HeapStorage.of(c);
            }
            case INT32 -> throw new IllegalArgumentException("matmul: not defined for int32");
        };
    }

    /** For each batch entry (row-major over {@code dims}), the index of the operand's matrix. */
    private static int[] matrixIndices(int[] dims, int[] strides, int count) {
        int[] out = new int[count];
        int[] index = new int[dims.length];
        int offset = 0;
        for (int i = 0; i < count; i++) {
            out[i] = offset;
            for (int d = dims.length - 1; d >= 0; d--) {
                offset += strides[d];
                if (++index[d] < dims[d]) {
                    break;
                }
                offset -= strides[d] * dims[d];
                index[d] = 0;
            }
        }
        return out;
    }

    /** Batch entries per parallel chunk of the direct loop: about 64k multiply-adds. */
    private static int grain(int m, int n, int k) {
        return Math.max(1, (1 << 16) / Math.max(1, m * n * k));
    }

    /** One small product by direct loops. */
    private static void direct32(float[] a, int ao, int aRow, int aCol, float[] b, int bo, int bRow, int bCol,
            float[] c, int co, int m, int n, int k) {
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                float acc = 0f;
                for (int p = 0; p < k; p++) {
                    acc = Math.fma(a[ao + i * aRow + p * aCol], b[bo + p * bRow + j * bCol], acc);
                }
                c[co + i * n + j] = acc;
            }
        }
    }

    /** One small product by direct loops. */
    private static void direct64(double[] a, int ao, int aRow, int aCol, double[] b, int bo, int bRow, int bCol,
            double[] c, int co, int m, int n, int k) {
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                double acc = 0;
                for (int p = 0; p < k; p++) {
                    acc = Math.fma(a[ao + i * aRow + p * aCol], b[bo + p * bRow + j * bCol], acc);
                }
                c[co + i * n + j] = acc;
            }
        }
    }
}
