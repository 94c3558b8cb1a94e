package dev.adjoint.backend.tornado.kernels;

import uk.ac.manchester.tornado.api.annotations.Parallel;
import uk.ac.manchester.tornado.api.types.arrays.FloatArray;
import uk.ac.manchester.tornado.api.types.arrays.IntArray;

/**
 * The INT32 layout kernels on the device arena {@code ints} (strided copy, fill, upload and pad, with the
 * {@code meta} layouts of their float twins in {@link Kernels32}), and the start-up touch of the float32 and
 * INT32 arenas. INT32 arithmetic runs on the host.
 */
public final class KernelsInt {
    private KernelsInt() {
    }

    /** A strided copy; meta: n, unused, s, d, rank, dims, source strides, destination strides. */
    public static void copy(IntArray ints, IntArray meta) {
        int s = meta.get(2);
        int dst = meta.get(3);
        int rank = meta.get(4);
        int ss = meta.get(5 + rank);
        int sd = meta.get(5 + 2 * rank);
        for (@Parallel int i = 0; i < meta.get(0); i++) {
            int is = s;
            int id = dst;
            if (rank == 1) {
                is += i * ss;
                id += i * sd;
            } else {
                int rem = i;
                for (int d = rank - 1; d >= 0; d--) {
                    int dim = meta.get(5 + d);
                    int c = rem % dim;
                    rem = rem / dim;
                    is += c * meta.get(5 + rank + d);
                    id += c * meta.get(5 + 2 * rank + d);
                }
            }
            ints.set(id, ints.get(is));
        }
    }

    /** {@code ints[o + i] = value[0]}; meta: n, unused, o. */
    public static void fill(IntArray ints, IntArray value, IntArray meta) {
        int o = meta.get(2);
        for (@Parallel int i = 0; i < meta.get(0); i++) {
            ints.set(o + i, value.get(0));
        }
    }

    /** {@code ints[o + i] = staging[i]}; meta: n, unused, o. */
    public static void upload(IntArray staging, IntArray ints, IntArray meta) {
        int o = meta.get(2);
        for (@Parallel int i = 0; i < meta.get(0); i++) {
            ints.set(o + i, staging.get(i));
        }
    }

    /** Padding; meta: n, mode, x, o, rank, out dims, in dims, before, in strides. */
    public static void pad(IntArray ints, IntArray value, IntArray meta) {
        int mode = meta.get(1);
        int x = meta.get(2);
        int o = meta.get(3);
        int rank = meta.get(4);
        for (@Parallel int i = 0; i < meta.get(0); i++) {
            int rem = i;
            int src = x;
            int inside = 1;
            for (int d = rank - 1; d >= 0; d--) {
                int dim = meta.get(5 + d);
                int c = rem % dim;
                rem = rem / dim;
                int j = Pads.sourceIndex(mode, c - meta.get(5 + 2 * rank + d), meta.get(5 + rank + d));
                if (j < 0) {
                    inside = 0;
                } else {
                    src += j * meta.get(5 + 3 * rank + d);
                }
            }
            if (inside == 1) {
                ints.set(o + i, ints.get(src));
            } else {
                ints.set(o + i, value.get(0));
            }
        }
    }

    /** Keeps the arenas alive on the device: touches the first {@code meta[0]} (normally none) elements. */
    public static void init(IntArray ints, FloatArray f, IntArray meta) {
        for (@Parallel int i = 0; i < meta.get(0); i++) {
            ints.set(i, 0);
            f.set(i, 0);
        }
    }
}
