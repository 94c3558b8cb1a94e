package dev.adjoint.backend.tornado;

import dev.adjoint.api.DType;
import dev.adjoint.api.spi.Storage;
import java.lang.foreign.MemorySegment;
import uk.ac.manchester.tornado.api.types.arrays.DoubleArray;
import uk.ac.manchester.tornado.api.types.arrays.FloatArray;
import uk.ac.manchester.tornado.api.types.arrays.IntArray;
import uk.ac.manchester.tornado.api.types.arrays.TornadoNativeArray;

/**
 * Storage in a TornadoVM off-heap array ({@link FloatArray}, {@link DoubleArray} or {@link IntArray}), the
 * memory TornadoVM transfers to and from its device; it is copied to a Java array only on demand. The
 * array holds at least one element so that empty tensors still have a valid segment.
 */
final class DeviceStorage implements Storage {
    private final DType dtype;
    private final int size;
    private final TornadoNativeArray array;

    private DeviceStorage(DType dtype, int size, TornadoNativeArray array) {
        this.dtype = dtype;
        this.size = size;
        this.array = array;
    }

    /** New zero-filled storage. */
    static DeviceStorage allocate(DType dtype, int size) {
        int n = Math.max(size, 1);
        TornadoNativeArray a = switch (dtype) {
            case FLOAT32 -> new FloatArray(n);
            case FLOAT64 -> new DoubleArray(n);
            case INT32 -> new IntArray(n);
        };
        a.getSegment().fill((byte) 0);
        return new DeviceStorage(dtype, size, a);
    }

    /** New storage holding the first {@code size} elements of {@code source}'s segment. */
    static DeviceStorage copyOf(DType dtype, int size, TornadoNativeArray source) {
        DeviceStorage s = allocate(dtype, size);
        MemorySegment.copy(source.getSegment(), 0, s.array.getSegment(), 0, (long) size * dtype.byteSize());
        return s;
    }

    @Override
    public DType dtype() {
        return dtype;
    }

    @Override
    public int size() {
        return size;
    }

    /** The off-heap array (possibly longer than {@link #size()}). */
    TornadoNativeArray array() {
        return array;
    }

    FloatArray f32() {
        return (FloatArray) array;
    }

    DoubleArray f64() {
        return (DoubleArray) array;
    }

    IntArray i32() {
        return (IntArray) array;
    }

    /** The number of bytes of the {@link #size()} elements. */
    long bytes() {
        return (long) size * dtype.byteSize();
    }
}
