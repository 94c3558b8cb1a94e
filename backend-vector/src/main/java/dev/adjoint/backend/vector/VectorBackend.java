package dev.adjoint.backend.vector;

import dev.adjoint.api.DType;
import dev.adjoint.api.PadMode;
import dev.adjoint.api.Shape;
import dev.adjoint.api.spi.Backend;
import dev.adjoint.api.spi.BinaryOp;
import dev.adjoint.api.spi.Broadcast;
import dev.adjoint.api.spi.CompareOp;
import dev.adjoint.api.spi.ConvSpec;
import dev.adjoint.api.spi.HeapStorage;
import dev.adjoint.api.spi.MatmulSpec;
import dev.adjoint.api.spi.NeighborList;
import dev.adjoint.api.spi.ReduceOp;
import dev.adjoint.api.spi.SampleSpec;
import dev.adjoint.api.spi.Storage;
import dev.adjoint.api.spi.UnaryOp;

/**
 * The fast CPU backend. Tensors live in the same heap arrays as the reference backend's
 * ({@link HeapStorage}), so moving between the two is free. Each kernel family lives in its own class;
 * this one only dispatches.
 */
final class VectorBackend implements Backend {
    @Override
    public String name() {
        return VectorProvider.NAME;
    }

    @Override
    public Storage zeros(DType dtype, int size) {
        return HeapStorage.zeros(dtype, size);
    }

    @Override
    public Storage full(DType dtype, int size, double value) {
        return ElementwiseKernels.full(dtype, size, value);
    }

    @Override
    public Storage fromHost(float[] data) {
        return HeapStorage.of(data.clone());
    }

    @Override
    public Storage fromHost(double[] data) {
        return HeapStorage.of(data.clone());
    }

    @Override
    public Storage fromHost(int[] data) {
        return HeapStorage.of(data.clone());
    }

    @Override
    public float[] toFloats(Storage s) {
        return heap(s).f32().clone();
    }

    @Override
    public double[] toDoubles(Storage s) {
        return heap(s).f64().clone();
    }

    @Override
    public int[] toInts(Storage s) {
        return heap(s).i32().clone();
    }

    @Override
    public Storage cast(Storage x, DType to) {
        return ElementwiseKernels.cast(heap(x), to);
    }

    @Override
    public Storage unary(UnaryOp op, Storage x) {
        return ElementwiseKernels.unary(op, heap(x));
    }

    @Override
    public Storage binary(BinaryOp op, Storage a, Storage b, Broadcast plan) {
        return ElementwiseKernels.binary(op, heap(a), heap(b), plan);
    }

    @Override
    public Storage compare(CompareOp op, Storage a, Storage b, Broadcast plan) {
        return ElementwiseKernels.compare(op, heap(a), heap(b), plan);
    }

    @Override
    public Storage where(Storage cond, Storage a, Storage b, Broadcast plan) {
        return ElementwiseKernels.where(heap(cond), heap(a), heap(b), plan);
    }

    @Override
    public Storage reduce(ReduceOp op, Storage x, Shape shape, int[] axes) {
        return ReduceKernels.reduce(op, heap(x), shape, axes);
    }

    @Override
    public Storage matmul(Storage a, Storage b, MatmulSpec spec) {
        return MatmulKernels.matmul(heap(a), heap(b), spec);
    }

    @Override
    public Storage conv(Storage x, Storage w, ConvSpec spec) {
        return ConvKernels.conv(heap(x), heap(w), spec);
    }

    @Override
    public Storage convTranspose(Storage y, Storage w, ConvSpec spec) {
        return ConvKernels.convTranspose(heap(y), heap(w), spec);
    }

    @Override
    public Storage convWeightGrad(Storage x, Storage dy, ConvSpec spec) {
        return ConvKernels.convWeightGrad(heap(x), heap(dy), spec);
    }

    @Override
    public Storage strided(Storage x, int offset, int[] strides, Shape out) {
        return LayoutKernels.strided(heap(x), offset, strides, out);
    }

    @Override
    public Storage concat(Storage[] parts, Shape[] shapes, int axis) {
        HeapStorage[] h = new HeapStorage[parts.length];
        for (int i = 0; i < parts.length; i++) {
            h[i] = heap(parts[i]);
        }
        return LayoutKernels.concat(h, shapes, axis);
    }

    @Override
    public Storage pad(Storage x, Shape shape, int[] before, int[] after, PadMode mode, double value) {
        return LayoutKernels.pad(heap(x), shape, before, after, mode, value);
    }

    @Override
    public Storage gather(Storage x, Shape shape, int axis, Storage idx, int count) {
        return IndexKernels.gather(heap(x), shape, axis, heap(idx), count);
    }

    @Override
    public Storage scatterAdd(Storage src, Shape srcShape, int axis, Storage idx, int outSize) {
        return IndexKernels.scatterAdd(heap(src), srcShape, axis, heap(idx), outSize);
    }

    @Override
    public Storage gridSample(Storage grid, Storage points, SampleSpec spec) {
        return SampleKernels.sample(heap(grid), heap(points), spec);
    }

    @Override
    public Storage gridSampleAdjoint(Storage values, Storage points, SampleSpec spec) {
        return SampleKernels.sampleAdjoint(heap(values), heap(points), spec);
    }

    @Override
    public Storage fft(Storage x, Shape shape, int dims, boolean inverse) {
        return FftKernels.fft(heap(x), shape, dims, inverse);
    }

    @Override
    public Storage rfft(Storage x, Shape shape, int dims) {
        return FftKernels.rfft(heap(x), shape, dims);
    }

    @Override
    public Storage irfft(Storage x, Shape shape, int dims, int lastSize) {
        return FftKernels.irfft(heap(x), shape, dims, lastSize);
    }

    @Override
    public NeighborList radiusNeighbors(Storage points, int n, Storage queries, int m, int dims, double radius,
            double[] box) {
        return NeighborKernels.radius(heap(points), n, heap(queries), m, dims, radius, box);
    }

    private static HeapStorage heap(Storage s) {
        if (s instanceof HeapStorage h) {
            return h;
        }
        throw new IllegalArgumentException("the vector backend cannot read storage of type "
                + s.getClass().getName() + "; move the tensor with Tensor.to(backend) first");
    }
}
