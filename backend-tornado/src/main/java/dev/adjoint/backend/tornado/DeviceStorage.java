package dev.adjoint.backend.tornado;

import dev.adjoint.api.DType;
import dev.adjoint.api.spi.Storage;

/**
 * A tensor's elements on the TornadoVM device: a range of {@code size} elements at {@code offset} of the
 * {@link Device}'s arena for its dtype. It stays on the device until read; the range returns to the arena
 * once this object is unreachable.
 */
final class DeviceStorage implements Storage {
    private final DType dtype;
    private final int size;
    private final int offset;

    DeviceStorage(DType dtype, int size, int offset) {
        this.dtype = dtype;
        this.size = size;
        this.offset = offset;
    }

    @Override
    public DType dtype() {
        return dtype;
    }

    @Override
    public int size() {
        return size;
    }

    /** The first element's index in the arena. */
    int offset() {
        return offset;
    }
}
