package dev.adjoint.backend.tornado.kernels;

import uk.ac.manchester.tornado.api.annotations.Parallel;
import uk.ac.manchester.tornado.api.types.arrays.DoubleArray;
import uk.ac.manchester.tornado.api.types.arrays.FloatArray;
import uk.ac.manchester.tornado.api.types.arrays.IntArray;

/** Conversions between the float32 and float64 arenas, and the float64 arena's start-up touch. */
public final class KernelsConvert {
    private KernelsConvert() {
    }

    /** {@code d[o + i] = f[x + i]}; meta: n, unused, x, o. */
    public static void widen(FloatArray f, DoubleArray d, IntArray meta) {
        int x = meta.get(2);
        int o = meta.get(3);
        for (@Parallel int i = 0; i < meta.get(0); i++) {
            d.set(o + i, (double) f.get(x + i));
        }
    }

    /** {@code f[o + i] = (float) d[x + i]}; meta: n, unused, x, o. */
    public static void narrow(DoubleArray d, FloatArray f, IntArray meta) {
        int x = meta.get(2);
        int o = meta.get(3);
        for (@Parallel int i = 0; i < meta.get(0); i++) {
            f.set(o + i, (float) d.get(x + i));
        }
    }

    /** Keeps the float64 arena alive on the device: touches the first {@code meta[0]} (normally none) elements. */
    public static void init(DoubleArray d, IntArray meta) {
        for (@Parallel int i = 0; i < meta.get(0); i++) {
            d.set(i, 0);
        }
    }
}
