package dev.adjoint.backend.tornado;

import dev.adjoint.api.DType;
import dev.adjoint.backend.tornado.kernels.Meta;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * The cache of execution plans, one per kernel, dtypes and capacity of each argument (a power of two of at
 * least 64 elements), so TornadoVM compiles a kernel once per size class rather than once per call. Every
 * device call goes through one lock, which also makes the backend safe to call from several threads.
 */
final class Plans {
    private static final int MIN_CAPACITY = 64;

    private final Map<String, Slot> slots = new HashMap<>();
    private final String device;
    private final boolean fp64;
    private int created;

    Plans(String device, boolean fp64) {
        this.device = device;
        this.fp64 = fp64;
    }

    /** The capacity class of an array of {@code size} elements. */
    static int capacity(int size) {
        int c = MIN_CAPACITY;
        while (c < size) {
            c <<= 1;
        }
        return c;
    }

    /** Whether {@code meta} values fit the kernels' meta array. */
    static boolean fits(int metaLength) {
        return metaLength <= Meta.CAPACITY;
    }

    /**
     * Runs {@code kernel} (its task given by {@code task}) on {@code in}, compiling its plan on first use for
     * these capacities; throws {@link UnsupportedOperationException} naming the op and device when the op
     * needs float64 and the device has none.
     */
    DeviceStorage run(String kernel, Slot.Task task, DeviceStorage[] in, int[] meta, DType outType, int outSize) {
        DType[] types = new DType[in.length];
        int[] caps = new int[in.length];
        for (int i = 0; i < in.length; i++) {
            types[i] = in[i].dtype();
            caps[i] = capacity(in[i].size());
            if (types[i] == DType.FLOAT64 && !fp64) {
                throw new UnsupportedOperationException(kernel + " on float64: the TornadoVM device " + device
                        + " has no fp64 support");
            }
        }
        int outCap = capacity(outSize);
        String key = kernel + Arrays.toString(types) + Arrays.toString(caps) + outType + outCap;
        synchronized (this) {
            Slot slot = slots.get(key);
            if (slot == null) {
                slot = new Slot("adjoint" + created++, types, caps, outType, outCap, task);
                slots.put(key, slot);
            }
            return slot.run(in, meta, outType, outSize);
        }
    }
}
