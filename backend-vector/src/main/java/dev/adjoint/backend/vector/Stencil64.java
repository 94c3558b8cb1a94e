package dev.adjoint.backend.vector;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * Double-precision convolutions with few taps per output (small kernels over few channels, e.g. a 5-point Laplacian
 * or a depthwise 3x3), as direct SIMD loops: every output row adds each (channel, tap) source row scaled by its
 * weight, vectorized along the innermost axis. A packed matrix product would spend most of its time packing
 * such thin patch matrices. Each output row is summed by one task in a fixed order, so results do not depend on
 * the thread count.
 */
final class Stencil64 {
    private static final VectorSpecies<Double> S = Simd.D;
    /** The most (channel, tap) terms per output that the direct loops take. */
    private static final int MAX_TERMS = 27;
    /** Multiply-adds per parallel chunk, about. */
    private static final int WORK_PER_CHUNK = 1 << 18;

    private Stencil64() {
    }

    /** Whether direct loops beat a packed product: few (channel, tap) terms per output, unit inner stride. */
    static boolean suits(ConvGeometry g, int termsPerOutput) {
        return termsPerOutput <= MAX_TERMS && g.stride[2] == 1;
    }

    /** The forward convolution: {@code y[b, o, p] = sum over c, t of w[o, c, t] * x[b, c, map(p, t)]}. */
    static double[] forward(ConvGeometry g, double[] x, double[] w) {
        var s = g.spec;
        double[] y = new double[Math.multiplyExact(s.batch(), Math.multiplyExact(s.outChannels(), g.outCells))];
        run(g, g.forward(), x, s.inChannels(), g.inCells, y, s.outChannels(), g.outPerGroup, g.inPerGroup, w, false);
        return y;
    }

    /** The transposed convolution with stride 1 as a gather ({@link ConvGeometry#gathers}). */
    static double[] transpose(ConvGeometry g, double[] y, double[] w) {
        var s = g.spec;
        double[] x = new double[Math.multiplyExact(s.batch(), Math.multiplyExact(s.inChannels(), g.inCells))];
        run(g, g.gather(), y, s.outChannels(), g.outCells, x, s.inChannels(), g.inPerGroup, g.outPerGroup, w, true);
        return x;
    }

    /**
     * {@code dst[b, gd + d, p] += w(d, c, t) * src[b, gs + c, map(p, t)]} for every destination channel
     * {@code d} of a group and source channel {@code c} of the same group; the weight is {@code w[d, c, t]}, or
     * {@code w[c, d, t]} when {@code transposed}.
     */
    private static void run(ConvGeometry g, PatchMap map, double[] src, int srcChannels, int srcCells, double[] dst,
            int dstChannels, int dstPerGroup, int srcPerGroup, double[] w, boolean transposed) {
        int rowsPerPlane = map.pos[0] * map.pos[1];
        int width = map.pos[2];
        long tasks = (long) g.spec.batch() * dstChannels * rowsPerPlane;
        long workPerRow = Math.max(1L, (long) srcPerGroup * map.tapCount * width);
        int grain = (int) Math.max(1, WORK_PER_CHUNK / workPerRow);
        int kc = g.kernelCells;
        Parallel.forRange(Math.toIntExact(tasks), grain, (lo, hi) -> {
            for (int task = lo; task < hi; task++) {
                int row = task % rowsPerPlane;
                int plane = task / rowsPerPlane;
                int dc = plane % dstChannels;
                int b = plane / dstChannels;
                int group = dc / dstPerGroup;
                int d = dc % dstPerGroup;
                int o0 = row / map.pos[1];
                int o1 = row % map.pos[1];
                int out = plane * map.pos[2] * rowsPerPlane + row * width;
                for (int c = 0; c < srcPerGroup; c++) {
                    int srcPlane = (b * srcChannels + group * srcPerGroup + c) * srcCells;
                    int weightBase = transposed
                            ? ((group * srcPerGroup + c) * dstPerGroup + d) * kc
                            : ((group * dstPerGroup + d) * srcPerGroup + c) * kc;
                    for (int t0 = 0; t0 < map.taps[0]; t0++) {
                        int q0 = map.at(0, t0, o0);
                        if (q0 < 0) {
                            continue;
                        }
                        for (int t1 = 0; t1 < map.taps[1]; t1++) {
                            int q1 = map.at(1, t1, o1);
                            if (q1 < 0) {
                                continue;
                            }
                            int srcRow = srcPlane + (q0 * map.src[1] + q1) * map.src[2];
                            int tapBase = weightBase + (t0 * map.taps[1] + t1) * map.taps[2];
                            if (map.taps[2] == 3 && nonZero(w, tapBase, 3) > 1) {
                                addRow3(map, w[tapBase], w[tapBase + 1], w[tapBase + 2], src, srcRow, dst, out,
                                        width);
                            } else {
                                for (int t2 = 0; t2 < map.taps[2]; t2++) {
                                    addRow(map, t2, w[tapBase + t2], src, srcRow, dst, out, width);
                                }
                            }
                        }
                    }
                }
            }
        });
    }

    private static int nonZero(double[] w, int from, int count) {
        int n = 0;
        for (int i = from; i < from + count; i++) {
            n += w[i] != 0 ? 1 : 0;
        }
        return n;
    }

    /**
     * The three taps of a row at once, {@code dst[out + p] += sum over t2 of w_t2 * src[srcRow + map(p, t2)]}:
     * one pass over the output row instead of three where all three taps read inside the source row.
     */
    private static void addRow3(PatchMap map, double w0, double w1, double w2, double[] src, int srcRow, double[] dst, int out,
            int width) {
        int lo = Math.max(map.runLo[0], Math.max(map.runLo[1], map.runLo[2]));
        int hi = Math.min(map.runHi[0], Math.min(map.runHi[1], map.runHi[2]));
        if (hi <= lo) {
            addRow(map, 0, w0, src, srcRow, dst, out, width);
            addRow(map, 1, w1, src, srcRow, dst, out, width);
            addRow(map, 2, w2, src, srcRow, dst, out, width);
            return;
        }
        for (int p = 0; p < lo; p++) {
            edge3(map, p, w0, w1, w2, src, srcRow, dst, out);
        }
        int s0 = srcRow + map.runShift[0];
        int s1 = srcRow + map.runShift[1];
        int s2 = srcRow + map.runShift[2];
        DoubleVector v0 = DoubleVector.broadcast(S, w0);
        DoubleVector v1 = DoubleVector.broadcast(S, w1);
        DoubleVector v2 = DoubleVector.broadcast(S, w2);
        int p = lo;
        for (int upper = lo + S.loopBound(hi - lo); p < upper; p += S.length()) {
            DoubleVector acc = DoubleVector.fromArray(S, dst, out + p);
            acc = DoubleVector.fromArray(S, src, s0 + p).fma(v0, acc);
            acc = DoubleVector.fromArray(S, src, s1 + p).fma(v1, acc);
            DoubleVector.fromArray(S, src, s2 + p).fma(v2, acc).intoArray(dst, out + p);
        }
        for (; p < hi; p++) {
            dst[out + p] = Math.fma(w2, src[s2 + p], Math.fma(w1, src[s1 + p], Math.fma(w0, src[s0 + p],
                    dst[out + p])));
        }
        for (p = hi; p < width; p++) {
            edge3(map, p, w0, w1, w2, src, srcRow, dst, out);
        }
    }

    private static void edge3(PatchMap map, int p, double w0, double w1, double w2, double[] src, int srcRow, double[] dst,
            int out) {
        edge(map, 0, p, w0, src, srcRow, dst, out);
        edge(map, 1, p, w1, src, srcRow, dst, out);
        edge(map, 2, p, w2, src, srcRow, dst, out);
    }

    /** {@code dst[out + p] += weight * src[srcRow + map(p, t2)]} for the whole row, vectorized on its run. */
    private static void addRow(PatchMap map, int t2, double weight, double[] src, int srcRow, double[] dst, int out,
            int width) {
        if (weight == 0) {
            return;
        }
        int lo = map.runLo[t2];
        int hi = map.runHi[t2];
        int shift = srcRow + map.runShift[t2];
        for (int p = 0; p < lo; p++) {
            edge(map, t2, p, weight, src, srcRow, dst, out);
        }
        DoubleVector wv = DoubleVector.broadcast(S, weight);
        int p = lo;
        for (int upper = lo + S.loopBound(hi - lo); p < upper; p += S.length()) {
            DoubleVector.fromArray(S, src, shift + p).fma(wv, DoubleVector.fromArray(S, dst, out + p))
                    .intoArray(dst, out + p);
        }
        for (; p < hi; p++) {
            dst[out + p] = Math.fma(weight, src[shift + p], dst[out + p]);
        }
        for (p = Math.max(hi, lo); p < width; p++) {
            edge(map, t2, p, weight, src, srcRow, dst, out);
        }
    }

    private static void edge(PatchMap map, int t2, int p, double weight, double[] src, int srcRow, double[] dst,
            int out) {
        int q = map.at(2, t2, p);
        if (q >= 0) {
            dst[out + p] = Math.fma(weight, src[srcRow + q], dst[out + p]);
        }
    }
}
