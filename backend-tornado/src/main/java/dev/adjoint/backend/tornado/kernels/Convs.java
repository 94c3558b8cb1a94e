package dev.adjoint.backend.tornado.kernels;

/** The convolution kernels' tap geometry in a form TornadoVM compiles (the reference's rules, one axis at a time). */
final class Convs {
    private Convs() {
    }

    /** The input index read on an axis of {@code n} cells by output {@code p} and tap {@code k}, or -1 for a zero. */
    static int source(int p, int k, int stride, int dilation, int pad, int n, int periodic) {
        int i = p * stride + k * dilation - pad;
        int r = i;
        if (i < 0 || i >= n) {
            if (periodic == 1 && n > 0) {
                int m = i % n;
                r = m < 0 ? m + n : m;
            } else {
                r = -1;
            }
        }
        return r;
    }

    /**
     * The first output position whose tap reads input {@code q}, given {@code t = q + pad - k * dilation}: without
     * wrapping {@code t / stride}; when periodic (stride 1) {@code t} wrapped into the input, repeating every
     * {@code n} positions.
     */
    static int first(int t, int stride, int n, int periodic) {
        int r = t / stride;
        if (periodic == 1) {
            int m = t % n;
            r = m < 0 ? m + n : m;
        }
        return r;
    }

    /** How many output positions (of {@code out}) read the input for this {@code t}: see {@link #first}. */
    static int count(int t, int stride, int n, int out, int periodic) {
        int r = 0;
        if (periodic == 1) {
            int m = t % n;
            int f = m < 0 ? m + n : m;
            r = f < out ? (out - f + n - 1) / n : 0;
        } else if (t >= 0 && t % stride == 0 && t / stride < out) {
            r = 1;
        }
        return r;
    }
}
