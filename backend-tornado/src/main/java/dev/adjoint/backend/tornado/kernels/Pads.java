package dev.adjoint.backend.tornado.kernels;

/** The pad modes' index mapping in a form TornadoVM compiles (the device twin of {@code PadMode.sourceIndex}). */
final class Pads {
    static final int CONSTANT = 0;
    static final int PERIODIC = 1;
    static final int EDGE = 2;
    static final int REFLECT = 3;

    private Pads() {
    }

    /** The source index along an axis of {@code n} cells for padded index {@code j}, or -1 for a constant cell. */
    static int sourceIndex(int mode, int j, int n) {
        int r = j;
        if (j < 0 || j >= n) {
            if (mode == CONSTANT) {
                r = -1;
            } else if (mode == PERIODIC) {
                r = floorMod(j, n);
            } else if (mode == EDGE) {
                r = j < 0 ? 0 : n - 1;
            } else if (mode == REFLECT) {
                if (n == 1) {
                    r = 0;
                } else {
                    int period = 2 * (n - 1);
                    int k = floorMod(j, period);
                    r = k < n ? k : period - k;
                }
            } else {
                int period = 2 * n;
                int k = floorMod(j, period);
                r = k < n ? k : period - 1 - k;
            }
        }
        return r;
    }

    private static int floorMod(int j, int n) {
        int m = j % n;
        return m < 0 ? m + n : m;
    }
}
