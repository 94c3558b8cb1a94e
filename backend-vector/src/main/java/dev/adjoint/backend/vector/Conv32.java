package dev.adjoint.backend.vector;

/**
 * Single-precision convolutions as packed matrix products ({@link Gemm32}), one product per image and
 * group; the patch matrices are packed straight from the tensors ({@link Im2col32}), never formed.
 */
final class Conv32 {
    /** Most elements of the column buffers of the scattering transposed convolution at a time. */
    private static final int COLUMN_BUDGET = 1 << 23;
    /** Rows of the weight gradient's sum (image positions) per partial product, at least. */
    private static final int WEIGHT_ROWS = 4096;
    /** Most partial products of the weight gradient. */
    private static final int WEIGHT_CHUNKS = 64;
    /** Most elements of all partial weight gradients together. */
    private static final int PARTIAL_BUDGET = 1 << 24;

    private Conv32() {
    }

    /** {@code y[b, g·opg + o, :] = W_g[o, :] · patches(x[b, group g])}. */
    static float[] forward(ConvGeometry g, float[] x, float[] w) {
        return Stencil32.suits(g, g.inPerGroup * g.kernelCells) ? Stencil32.forward(g, x, w)
                : packedForward(g, x, w);
    }

    /** {@link #forward} as packed products, whatever the geometry. */
    static float[] packedForward(ConvGeometry g, float[] x, float[] w) {
        var s = g.spec;
        int groups = s.groups();
        int taps = g.inPerGroup * g.kernelCells;
        float[] y = new float[Math.multiplyExact(s.batch(), Math.multiplyExact(s.outChannels(), g.outCells))];
        PatchMap map = g.forward();
        Gemm32.multiply(s.batch() * groups, g.outPerGroup, g.outCells, taps, new Gemm32.Batch() {
            @Override
            public Gemm32.Panel lhs(int i) {
                return new Gemm32.Dense(w, i % groups * g.outPerGroup * taps, 1, taps);
            }

            @Override
            public Gemm32.Panel rhs(int i) {
                int base = (i / groups * s.inChannels() + i % groups * g.inPerGroup) * g.inCells;
                return new Im2col32(x, map, base, g.inCells, s.inChannels() * g.inCells, false);
            }

            @Override
            public int out(int i) {
                return (i / groups * s.outChannels() + i % groups * g.outPerGroup) * g.outCells;
            }
        }, y, g.outCells);
        return y;
    }

    /** The adjoint of {@link #forward} in x: a gather for stride 1, else products then a scatter. */
    static float[] transpose(ConvGeometry g, float[] y, float[] w) {
        return g.gathers() && Stencil32.suits(g, g.outPerGroup * g.kernelCells)
                ? Stencil32.transpose(g, y, w) : packedTranspose(g, y, w);
    }

    /** {@link #transpose} as packed products, whatever the geometry. */
    static float[] packedTranspose(ConvGeometry g, float[] y, float[] w) {
        return g.gathers() ? gather(g, y, w) : scatter(g, y, w);
    }

    /** {@code dx[b, g·ipg + c, :] = W'_g[c, :] · gatherPatches(y[b, group g])} with {@code W'_g[c, (o, t)] = w[o, c, t]}. */
    private static float[] gather(ConvGeometry g, float[] y, float[] w) {
        var s = g.spec;
        int groups = s.groups();
        int kc = g.kernelCells;
        int depth = g.outPerGroup * kc;
        float[] x = new float[Math.multiplyExact(s.batch(), Math.multiplyExact(s.inChannels(), g.inCells))];
        PatchMap map = g.gather();
        int weightRows = g.inPerGroup * kc;
        Gemm32.multiply(s.batch() * groups, g.inPerGroup, g.inCells, depth, new Gemm32.Batch() {
            @Override
            public Gemm32.Panel lhs(int i) {
                return new Gemm32.Dense(w, i % groups * g.outPerGroup * weightRows, 1, kc, kc, weightRows);
            }

            @Override
            public Gemm32.Panel rhs(int i) {
                int base = (i / groups * s.outChannels() + i % groups * g.outPerGroup) * g.outCells;
                return new Im2col32(y, map, base, g.outCells, s.outChannels() * g.outCells, false);
            }

            @Override
            public int out(int i) {
                return (i / groups * s.inChannels() + i % groups * g.inPerGroup) * g.inCells;
            }
        }, x, g.inCells);
        return x;
    }

    /**
     * Column products {@code col = W_g^T · y[b, group g]} for a chunk of (image, group) problems at a time,
     * each scattered back over its input channels in a fixed order (tap by tap, position by position).
     */
    private static float[] scatter(ConvGeometry g, float[] y, float[] w) {
        var s = g.spec;
        int groups = s.groups();
        int rows = g.inPerGroup * g.kernelCells;
        float[] x = new float[Math.multiplyExact(s.batch(), Math.multiplyExact(s.inChannels(), g.inCells))];
        int problems = s.batch() * groups;
        long colSize = (long) rows * g.outCells;
        if (problems == 0 || colSize == 0) {
            return x;
        }
        int perChunk = (int) Math.max(1, Math.min(problems, COLUMN_BUDGET / colSize));
        float[] col = new float[Math.toIntExact(perChunk * colSize)];
        PatchMap map = g.forward();
        for (int first = 0; first < problems; first += perChunk) {
            int chunk = Math.min(perChunk, problems - first);
            int start = first;
            if (start > 0) {
                java.util.Arrays.fill(col, 0f);
            }
            Gemm32.multiply(chunk, rows, g.outCells, g.outPerGroup, new Gemm32.Batch() {
                @Override
                public Gemm32.Panel lhs(int i) {
                    return new Gemm32.Dense(w, (start + i) % groups * g.outPerGroup * rows, rows, 1);
                }

                @Override
                public Gemm32.Panel rhs(int i) {
                    int p = start + i;
                    int base = (p / groups * s.outChannels() + p % groups * g.outPerGroup) * g.outCells;
                    return new Gemm32.Dense(y, base, g.outCells, 1);
                }

                @Override
                public int out(int i) {
                    return (int) (i * colSize);
                }
            }, col, g.outCells);
            int channels = chunk * g.inPerGroup;
            Parallel.forRange(channels, (int) Math.max(1, (1 << 16) / Math.max(1, colSize / g.inPerGroup)), (lo, hi) -> {
                        for (int ch = lo; ch < hi; ch++) {
                            int p = start + ch / g.inPerGroup;
                            int c = ch % g.inPerGroup;
                            int xBase = (p / groups * s.inChannels() + p % groups * g.inPerGroup + c) * g.inCells;
                            int colBase = (int) ((ch / g.inPerGroup) * colSize) + c * g.kernelCells * g.outCells;
                            scatterChannel(map, col, colBase, x, xBase, g.outCells);
                        }
                    });
        }
        return x;
    }

    /** Adds one input channel's column rows (tap-major) back onto its plane at {@code x[xBase...]}. */
    private static void scatterChannel(PatchMap map, float[] col, int colBase, float[] x, int xBase, int outCells) {
        int at = colBase;
        for (int t0 = 0; t0 < map.taps[0]; t0++) {
            for (int t1 = 0; t1 < map.taps[1]; t1++) {
                for (int t2 = 0; t2 < map.taps[2]; t2++) {
                    int tb = t2 * map.pos[2];
                    int[] index2 = map.index[2];
                    for (int o0 = 0; o0 < map.pos[0]; o0++) {
                        int q0 = map.at(0, t0, o0);
                        for (int o1 = 0; o1 < map.pos[1]; o1++) {
                            int q1 = map.at(1, t1, o1);
                            int from = at + (o0 * map.pos[1] + o1) * map.pos[2];
                            if (q0 < 0 || q1 < 0) {
                                continue;
                            }
                            int row = xBase + (q0 * map.src[1] + q1) * map.src[2];
                            for (int o2 = 0; o2 < map.pos[2]; o2++) {
                                int q2 = index2[tb + o2];
                                if (q2 >= 0) {
                                    x[row + q2] += col[from + o2];
                                }
                            }
                        }
                    }
                    at += outCells;
                }
            }
        }
    }

    /**
     * {@code dw[g·opg + o, (c, t)] = sum over images and positions of patches(x) · dy}, computed as
     * {@code dW_g^T = patches(x)_g · dy_g^T} over fixed chunks of the (image, position) rows, whose partial
     * products are then added in chunk order.
     */
    static float[] weightGrad(ConvGeometry g, float[] x, float[] dy) {
        var s = g.spec;
        int groups = s.groups();
        int taps = g.inPerGroup * g.kernelCells;
        int opg = g.outPerGroup;
        float[] dw = new float[Math.multiplyExact(s.outChannels(), taps)];
        long total = (long) s.batch() * g.outCells;
        long weightSize = (long) dw.length;
        if (total == 0 || weightSize == 0) {
            return dw;
        }
        int chunks = (int) Math.max(1, Math.min(Math.min(WEIGHT_CHUNKS, total / WEIGHT_ROWS),
                PARTIAL_BUDGET / weightSize));
        int rowsPer = Math.toIntExact((total + chunks - 1) / chunks);
        chunks = (int) ((total + rowsPer - 1) / rowsPer);
        int parts = chunks;
        float[] partial = new float[Math.toIntExact(weightSize * parts)];
        PatchMap map = g.forward();
        int totalRows = Math.toIntExact(total);
        Gemm32.multiply(groups * parts, taps, opg, rowsPer, new Gemm32.Batch() {
            @Override
            public Gemm32.Panel lhs(int i) {
                int base = i / parts * g.inPerGroup * g.inCells;
                return new Gemm32.Offset(new Im2col32(x, map, base, g.inCells, s.inChannels() * g.inCells, true),
                        i % parts * rowsPer);
            }

            @Override
            public Gemm32.Panel rhs(int i) {
                int base = i / parts * opg * g.outCells;
                return new Gemm32.Offset(new Gemm32.Dense(dy, base, 1, g.outCells, g.outCells,
                        s.outChannels() * g.outCells), i % parts * rowsPer);
            }

            @Override
            public int out(int i) {
                return i * taps * opg;
            }

            @Override
            public int depth(int i, int k) {
                return Math.min(rowsPer, totalRows - i % parts * rowsPer);
            }
        }, partial, opg);
        Parallel.forRange(s.outChannels(), Math.max(1, (1 << 14) / Math.max(1, taps * parts)), (lo, hi) -> {
            for (int oc = lo; oc < hi; oc++) {
                int group = oc / opg;
                int o = oc % opg;
                for (int p = 0; p < taps; p++) {
                    float sum = 0f;
                    for (int part = 0; part < parts; part++) {
                        sum += partial[((group * parts + part) * taps + p) * opg + o];
                    }
                    dw[oc * taps + p] = sum;
                }
            }
        });
        return dw;
    }
}
