package dev.adjoint.backend.vector;

import dev.adjoint.api.spi.ConvSpec;
import dev.adjoint.api.spi.HeapStorage;

/**
 * Convolution in 1-3 spatial dimensions and its two adjoints, as packed matrix products per image and
 * group ({@link Conv32}, {@link Conv64}); results do not depend on the thread count.
 */
final class ConvKernels {
    private ConvKernels() {
    }

    /** {@code y[batch, out, out...]} from {@code x[batch, in, in...]} and {@code w[out, in/groups, k...]}. */
    static HeapStorage conv(HeapStorage x, HeapStorage w, ConvSpec spec) {
        ConvGeometry g = new ConvGeometry(spec);
        return switch (x.dtype()) {
            case FLOAT32 -> HeapStorage.of(Conv32.forward(g, x.f32(), w.f32()));
            case FLOAT64 -> HeapStorage.of(Conv64.forward(g, x.f64(), w.f64()));
            case INT32 -> throw new IllegalArgumentException("conv: not defined for int32");
        };
    }

    /** The adjoint of {@link #conv} in its input: {@code [batch, in, in...]} from {@code y[batch, out, out...]}. */
    static HeapStorage convTranspose(HeapStorage y, HeapStorage w, ConvSpec spec) {
        ConvGeometry g = new ConvGeometry(spec);
        return switch (y.dtype()) {
            case FLOAT32 -> HeapStorage.of(Conv32.transpose(g, y.f32(), w.f32()));
            case FLOAT64 -> HeapStorage.of(Conv64.transpose(g, y.f64(), w.f64()));
            case INT32 -> throw new IllegalArgumentException("convTranspose: not defined for int32");
        };
    }

    /** The adjoint of {@link #conv} in its weight: {@code [out, in/groups, k...]} from {@code x} and {@code dy}. */
    static HeapStorage convWeightGrad(HeapStorage x, HeapStorage dy, ConvSpec spec) {
        ConvGeometry g = new ConvGeometry(spec);
        return switch (x.dtype()) {
            case FLOAT32 -> HeapStorage.of(Conv32.weightGrad(g, x.f32(), dy.f32()));
            case FLOAT64 -> HeapStorage.of(Conv64.weightGrad(g, x.f64(), dy.f64()));
            case INT32 -> throw new IllegalArgumentException("convWeightGrad: not defined for int32");
        };
    }
}
