package dev.adjoint.backend.vector;

/**
 * The patch matrix of a double-precision convolution, packed straight from the source tensor without
 * being formed. Untransposed, rows are (channel, tap) pairs and columns (image, position) pairs, as
 * {@link PatchMap} describes; transposed, the other way round.
 *
 * @param x the source tensor
 * @param map which source coordinate each (position, tap) reads
 * @param base the offset of channel 0 of image 0
 * @param channelStride the distance between channels
 * @param imageStride the distance between images
 * @param transposed whether rows are positions (and columns channel-taps)
 */
record Im2col64(double[] x, PatchMap map, int base, int channelStride, int imageStride, boolean transposed)
        implements Gemm64.Panel {
    @Override
    public void pack(int p0, int kc, int j0, int nc, int w, double[] dest, int at) {
        if (transposed) {
            packTransposed(p0, kc, j0, nc, w, dest, at);
        } else {
            packRows(p0, kc, j0, nc, w, dest, at);
        }
    }

    /** Rows are (channel, tap), columns positions: each row of a sliver copies runs of a source row. */
    private void packRows(int p0, int kc, int j0, int nc, int w, double[] dest, int at) {
        int[] runs = new int[map.runSpace(w)];
        int taps12 = map.taps[1] * map.taps[2];
        for (int s = 0, jt = j0; jt < j0 + nc; s++, jt += w) {
            int cols = Math.min(w, j0 + nc - jt);
            int count = map.runs(jt, cols, runs);
            int channel = p0 / map.tapCount;
            int tap = p0 % map.tapCount;
            for (int p = 0; p < kc; p++) {
                int t0 = tap / taps12;
                int t1 = tap / map.taps[2] % map.taps[1];
                int t2 = tap % map.taps[2];
                int d = at + (s * kc + p) * w;
                int channelBase = base + channel * channelStride;
                for (int r = 0; r < 5 * count; r += 5) {
                    int len = runs[r + 4];
                    int q0 = map.at(0, t0, runs[r + 1]);
                    int q1 = map.at(1, t1, runs[r + 2]);
                    if (q0 < 0 || q1 < 0) {
                        java.util.Arrays.fill(dest, d, d + len, 0.0);
                    } else {
                        int row = channelBase + runs[r] * imageStride + (q0 * map.src[1] + q1) * map.src[2];
                        copyRun(row, t2, runs[r + 3], len, dest, d);
                    }
                    d += len;
                }
                java.util.Arrays.fill(dest, d, at + (s * kc + p) * w + w, 0.0);
                if (++tap == map.tapCount) {
                    tap = 0;
                    channel++;
                }
            }
        }
    }

    /** Copies positions {@code [o2, o2 + len)} of a source row for innermost tap {@code t2} to {@code dest[d...]}. */
    private void copyRun(int row, int t2, int o2, int len, double[] dest, int d) {
        int[] index = map.index[2];
        int tb = t2 * map.pos[2];
        int end = o2 + len;
        int lo = Math.max(o2, map.runLo[t2]);
        int hi = Math.min(end, map.runHi[t2]);
        if (lo >= hi) {
            lo = end;
            hi = end;
        }
        for (int o = o2; o < lo; o++) {
            int q = index[tb + o];
            dest[d + o - o2] = q < 0 ? 0.0 : x[row + q];
        }
        if (hi > lo) {
            System.arraycopy(x, row + lo + map.runShift[t2], dest, d + lo - o2, hi - lo);
        }
        for (int o = hi; o < end; o++) {
            int q = index[tb + o];
            dest[d + o - o2] = q < 0 ? 0.0 : x[row + q];
        }
    }

    /** Rows are positions, columns (channel, tap): each column of a sliver gathers runs of a source row. */
    private void packTransposed(int r0, int kc, int c0, int nc, int w, double[] dest, int at) {
        int[] runs = new int[map.runSpace(kc)];
        int count = map.runs(r0, kc, runs);
        int taps12 = map.taps[1] * map.taps[2];
        int[] index = map.index[2];
        for (int s = 0, ct = c0; ct < c0 + nc; s++, ct += w) {
            int cols = Math.min(w, c0 + nc - ct);
            int sb = at + s * kc * w;
            for (int c = 0; c < cols; c++) {
                int channel = (ct + c) / map.tapCount;
                int tap = (ct + c) % map.tapCount;
                int t0 = tap / taps12;
                int t1 = tap / map.taps[2] % map.taps[1];
                int t2 = tap % map.taps[2];
                int tb = t2 * map.pos[2];
                int channelBase = base + channel * channelStride;
                int d = sb + c;
                for (int r = 0; r < 5 * count; r += 5) {
                    int len = runs[r + 4];
                    int q0 = map.at(0, t0, runs[r + 1]);
                    int q1 = map.at(1, t1, runs[r + 2]);
                    if (q0 < 0 || q1 < 0) {
                        for (int i = 0; i < len; i++) {
                            dest[d + i * w] = 0.0;
                        }
                    } else {
                        int row = channelBase + runs[r] * imageStride + (q0 * map.src[1] + q1) * map.src[2];
                        int o2 = runs[r + 3];
                        for (int i = 0; i < len; i++) {
                            int q = index[tb + o2 + i];
                            dest[d + i * w] = q < 0 ? 0.0 : x[row + q];
                        }
                    }
                    d += len * w;
                }
            }
            Gemm64.zeroColumns(dest, sb, kc, cols, w);
        }
    }
}
