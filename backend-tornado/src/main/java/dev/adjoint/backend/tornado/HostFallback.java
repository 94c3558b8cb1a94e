package dev.adjoint.backend.tornado;

import dev.adjoint.api.Backends;
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
import java.lang.foreign.MemorySegment;

/**
 * The kernels that do not run on the TornadoVM device: each downloads its operands from the device to Java
 * arrays, runs the {@code reference} backend's plain Java loops, and uploads the result. {@link TornadoBackend}'s
 * javadoc lists which kernels take this path.
 */
final class HostFallback {
    private final Backend reference = Backends.byName("reference");
    private final Device device;

    HostFallback(Device device) {
        this.device = device;
    }

    /** A Java copy of FLOAT32 storage. */
    float[] floats(DeviceStorage s) {
        float[] out = new float[s.size()];
        device.download(s, MemorySegment.ofArray(out));
        return out;
    }

    /** A Java copy of FLOAT64 storage. */
    double[] doubles(DeviceStorage s) {
        double[] out = new double[s.size()];
        device.download(s, MemorySegment.ofArray(out));
        return out;
    }

    /** A Java copy of INT32 storage. */
    int[] ints(DeviceStorage s) {
        int[] out = new int[s.size()];
        device.download(s, MemorySegment.ofArray(out));
        return out;
    }

    /** Heap storage holding a copy of {@code s}. */
    HeapStorage toHeap(DeviceStorage s) {
        return switch (s.dtype()) {
            case FLOAT32 -> HeapStorage.of(floats(s));
            case FLOAT64 -> HeapStorage.of(doubles(s));
            case INT32 -> HeapStorage.of(ints(s));
        };
    }

    /** Device storage holding a copy of heap storage {@code s}. */
    DeviceStorage fromHeap(Storage s) {
        if (!(s instanceof HeapStorage h)) {
            throw new IllegalArgumentException("the tornado backend cannot read storage of type "
                    + s.getClass().getName() + "; expected its own or heap storage");
        }
        DeviceStorage d = device.allocate(h.dtype(), h.size(), "upload");
        switch (h.dtype()) {
            case FLOAT32 -> device.upload(d, MemorySegment.ofArray(h.f32()));
            case FLOAT64 -> device.upload(d, MemorySegment.ofArray(h.f64()));
            case INT32 -> device.upload(d, MemorySegment.ofArray(h.i32()));
        }
        return d;
    }

    /** The reference backend's result (always heap storage) uploaded to the device. */
    private DeviceStorage back(Storage s) {
        return fromHeap(s);
    }

    DeviceStorage cast(DeviceStorage x, DType to) {
        return back(reference.cast(toHeap(x), to));
    }

    DeviceStorage unary(UnaryOp op, DeviceStorage x) {
        return back(reference.unary(op, toHeap(x)));
    }

    DeviceStorage binary(BinaryOp op, DeviceStorage a, DeviceStorage b, Broadcast plan) {
        return back(reference.binary(op, toHeap(a), toHeap(b), plan));
    }

    DeviceStorage compare(CompareOp op, DeviceStorage a, DeviceStorage b, Broadcast plan) {
        return back(reference.compare(op, toHeap(a), toHeap(b), plan));
    }

    DeviceStorage where(DeviceStorage c, DeviceStorage a, DeviceStorage b, Broadcast plan) {
        return back(reference.where(toHeap(c), toHeap(a), toHeap(b), plan));
    }

    DeviceStorage reduce(ReduceOp op, DeviceStorage x, Shape shape, int[] axes) {
        return back(reference.reduce(op, toHeap(x), shape, axes));
    }

    DeviceStorage matmul(DeviceStorage a, DeviceStorage b, MatmulSpec spec) {
        return back(reference.matmul(toHeap(a), toHeap(b), spec));
    }

    DeviceStorage conv(DeviceStorage x, DeviceStorage w, ConvSpec spec) {
        return back(reference.conv(toHeap(x), toHeap(w), spec));
    }

    DeviceStorage convTranspose(DeviceStorage y, DeviceStorage w, ConvSpec spec) {
        return back(reference.convTranspose(toHeap(y), toHeap(w), spec));
    }

    DeviceStorage convWeightGrad(DeviceStorage x, DeviceStorage dy, ConvSpec spec) {
        return back(reference.convWeightGrad(toHeap(x), toHeap(dy), spec));
    }

    DeviceStorage strided(DeviceStorage x, int offset, int[] strides, Shape out) {
        return back(reference.strided(toHeap(x), offset, strides, out));
    }

    DeviceStorage concat(DeviceStorage[] parts, Shape[] shapes, int axis) {
        Storage[] heap = new Storage[parts.length];
        for (int i = 0; i < parts.length; i++) {
            heap[i] = toHeap(parts[i]);
        }
        return back(reference.concat(heap, shapes, axis));
    }

    DeviceStorage pad(DeviceStorage x, Shape shape, int[] before, int[] after, PadMode mode, double value) {
        return back(reference.pad(toHeap(x), shape, before, after, mode, value));
    }

    DeviceStorage gather(DeviceStorage x, Shape shape, int axis, DeviceStorage idx, int count) {
        return back(reference.gather(toHeap(x), shape, axis, toHeap(idx), count));
    }

    DeviceStorage scatterAdd(DeviceStorage src, Shape srcShape, int axis, DeviceStorage idx, int outSize) {
        return back(reference.scatterAdd(toHeap(src), srcShape, axis, toHeap(idx), outSize));
    }

    DeviceStorage gridSample(DeviceStorage grid, DeviceStorage points, SampleSpec spec) {
        return back(reference.gridSample(toHeap(grid), toHeap(points), spec));
    }

    DeviceStorage gridSampleAdjoint(DeviceStorage values, DeviceStorage points, SampleSpec spec) {
        return back(reference.gridSampleAdjoint(toHeap(values), toHeap(points), spec));
    }

    DeviceStorage fft(DeviceStorage x, Shape shape, int dims, boolean inverse) {
        return back(reference.fft(toHeap(x), shape, dims, inverse));
    }

    DeviceStorage rfft(DeviceStorage x, Shape shape, int dims) {
        return back(reference.rfft(toHeap(x), shape, dims));
    }

    DeviceStorage irfft(DeviceStorage x, Shape shape, int dims, int lastSize) {
        return back(reference.irfft(toHeap(x), shape, dims, lastSize));
    }

    NeighborList radiusNeighbors(DeviceStorage points, int n, DeviceStorage queries, int m, int dims,
            double radius, double[] box) {
        NeighborList r = reference.radiusNeighbors(toHeap(points), n, toHeap(queries), m, dims, radius, box);
        return new NeighborList(back(r.rowOffsets()), back(r.columns()));
    }
}
