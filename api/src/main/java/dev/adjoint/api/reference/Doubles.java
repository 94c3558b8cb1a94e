package dev.adjoint.api.reference;

import dev.adjoint.api.DType;
import dev.adjoint.api.spi.HeapStorage;

/** Moves float storage to and from double arrays, for kernels that compute everything in double. */
final class Doubles {
    private Doubles() {
    }

    /** The values of float storage as doubles (the array itself for FLOAT64). */
    static double[] of(HeapStorage s, String op) {
        return switch (s.dtype()) {
            case FLOAT64 -> s.f64();
            case FLOAT32 -> ElementwiseKernels.cast(s, DType.FLOAT64).f64();
            case INT32 -> throw new IllegalArgumentException(op + ": not defined for int32");
        };
    }

    /** New storage of {@code dtype} holding {@code v}, rounded once for FLOAT32. */
    static HeapStorage store(DType dtype, double[] v, String op) {
        return switch (dtype) {
            case FLOAT64 -> HeapStorage.of(v);
            case FLOAT32 -> {
                float[] f = new float[v.length];
                for (int i = 0; i < v.length; i++) {
                    f[i] = (float) v[i];
                }
                yield HeapStorage.of(f);
            }
            case INT32 -> throw new IllegalArgumentException(op + ": not defined for int32");
        };
    }
}
