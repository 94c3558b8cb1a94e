package dev.adjoint.api.conformance;

import dev.adjoint.api.DType;
import dev.adjoint.api.PadMode;
import dev.adjoint.api.Shape;
import dev.adjoint.api.spi.Backend;
import dev.adjoint.api.spi.BinaryOp;
import dev.adjoint.api.spi.Broadcast;
import dev.adjoint.api.spi.CompareOp;
import dev.adjoint.api.spi.ConvSpec;
import dev.adjoint.api.spi.MatmulSpec;
import dev.adjoint.api.spi.NeighborList;
import dev.adjoint.api.spi.ReduceOp;
import dev.adjoint.api.spi.SampleSpec;
import dev.adjoint.api.spi.Storage;
import dev.adjoint.api.spi.UnaryOp;

/**
 * A {@link Backend} that forwards every method to another one. Subclass it to override single kernels:
 * to inject faults (the kit's self-test), to count or trace kernel calls, or to build a backend that
 * implements a few kernels itself and borrows the rest. Storage is the delegate's.
 */
public class DelegatingBackend implements Backend {
    private final Backend delegate;
    private final String name;

    /** Forwards to {@code delegate} under the given name. */
    public DelegatingBackend(String name, Backend delegate) {
        this.name = name;
        this.delegate = delegate;
    }

    /** The backend calls are forwarded to. */
    public Backend delegate() {
        return delegate;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public Storage zeros(DType dtype, int size) {
        return delegate.zeros(dtype, size);
    }

    @Override
    public Storage full(DType dtype, int size, double value) {
        return delegate.full(dtype, size, value);
    }

    @Override
    public Storage fromHost(float[] data) {
        return delegate.fromHost(data);
    }

    @Override
    public Storage fromHost(double[] data) {
        return delegate.fromHost(data);
    }

    @Override
    public Storage fromHost(int[] data) {
        return delegate.fromHost(data);
    }

    @Override
    public float[] toFloats(Storage s) {
        return delegate.toFloats(s);
    }

    @Override
    public double[] toDoubles(Storage s) {
        return delegate.toDoubles(s);
    }

    @Override
    public int[] toInts(Storage s) {
        return delegate.toInts(s);
    }

    @Override
    public Storage cast(Storage x, DType to) {
        return delegate.cast(x, to);
    }

    @Override
    public Storage unary(UnaryOp op, Storage x) {
        return delegate.unary(op, x);
    }

    @Override
    public Storage binary(BinaryOp op, Storage a, Storage b, Broadcast plan) {
        return delegate.binary(op, a, b, plan);
    }

    @Override
    public Storage compare(CompareOp op, Storage a, Storage b, Broadcast plan) {
        return delegate.compare(op, a, b, plan);
    }

    @Override
    public Storage where(Storage cond, Storage a, Storage b, Broadcast plan) {
        return delegate.where(cond, a, b, plan);
    }

    @Override
    public Storage reduce(ReduceOp op, Storage x, Shape shape, int[] axes) {
        return delegate.reduce(op, x, shape, axes);
    }

    @Override
    public Storage matmul(Storage a, Storage b, MatmulSpec spec) {
        return delegate.matmul(a, b, spec);
    }

    @Override
    public Storage conv(Storage x, Storage w, ConvSpec spec) {
        return delegate.conv(x, w, spec);
    }

    @Override
    public Storage convTranspose(Storage y, Storage w, ConvSpec spec) {
        return delegate.convTranspose(y, w, spec);
    }

    @Override
    public Storage convWeightGrad(Storage x, Storage dy, ConvSpec spec) {
        return delegate.convWeightGrad(x, dy, spec);
    }

    @Override
    public Storage strided(Storage x, int offset, int[] strides, Shape out) {
        return delegate.strided(x, offset, strides, out);
    }

    @Override
    public Storage concat(Storage[] parts, Shape[] shapes, int axis) {
        return delegate.concat(parts, shapes, axis);
    }

    @Override
    public Storage pad(Storage x, Shape shape, int[] before, int[] after, PadMode mode, double value) {
        return delegate.pad(x, shape, before, after, mode, value);
    }

    @Override
    public Storage gather(Storage x, Shape shape, int axis, Storage idx, int count) {
        return delegate.gather(x, shape, axis, idx, count);
    }

    @Override
    public Storage scatterAdd(Storage src, Shape srcShape, int axis, Storage idx, int outSize) {
        return delegate.scatterAdd(src, srcShape, axis, idx, outSize);
    }

    @Override
    public Storage gridSample(Storage grid, Storage points, SampleSpec spec) {
        return delegate.gridSample(grid, points, spec);
    }

    @Override
    public Storage gridSampleAdjoint(Storage values, Storage points, SampleSpec spec) {
        return delegate.gridSampleAdjoint(values, points, spec);
    }

    @Override
    public Storage fft(Storage x, Shape shape, int dims, boolean inverse) {
        return delegate.fft(x, shape, dims, inverse);
    }

    @Override
    public Storage rfft(Storage x, Shape shape, int dims) {
        return delegate.rfft(x, shape, dims);
    }

    @Override
    public Storage irfft(Storage x, Shape shape, int dims, int lastSize) {
        return delegate.irfft(x, shape, dims, lastSize);
    }

    @Override
    public NeighborList radiusNeighbors(Storage points, int n, Storage queries, int m, int dims, double radius,
            double[] box) {
        return delegate.radiusNeighbors(points, n, queries, m, dims, radius, box);
    }

    /** The name and the delegate's name. */
    @Override
    public String toString() {
        return name + " (delegating to " + delegate.name() + ")";
    }
}
