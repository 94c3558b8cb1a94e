package dev.adjoint.backend.vector;

/**
 * Which source element a convolution patch matrix reads, for the packers {@link Im2col32} and
 * {@link Im2col64}. Rows of the patch matrix are (channel, tap) pairs, columns are (image, position)
 * pairs; on each of the three (lifted) spatial axes, position {@code o} and tap {@code t} read source
 * coordinate {@code q = o * posScale + t * tapScale + shift}, wrapped modulo {@code wrap} when that is
 * positive, and read a zero unless {@code 0 <= q < bound}.
 *
 * <p>The forward convolution reads its input this way; the transposed convolution with stride 1 reads its
 * output cotangent this way (a gather with the taps reversed).
 */
final class PatchMap {
    /** Positions per axis. */
    final int[] pos;
    /** Taps per axis. */
    final int[] taps;
    /** Source grid per axis (the extent of a source plane). */
    final int[] src;
    /** {@code index[d][t * pos[d] + o]}: the source coordinate read, or -1 for a zero. */
    final int[][] index;
    /** On the innermost axis, per tap: positions {@code [runLo, runHi)} read coordinate {@code o + runShift}. */
    final int[] runLo;
    /** See {@link #runLo}. */
    final int[] runHi;
    /** See {@link #runLo}. */
    final int[] runShift;
    /** Taps in all (the product over axes). */
    final int tapCount;
    /** Positions per image (the product over axes). */
    final int posCount;

    /**
     * A map from per-axis rules (arrays of three; see the class comment).
     */
    PatchMap(int[] pos, int[] taps, int[] src, int[] posScale, int[] tapScale, int[] shift, int[] wrap,
            int[] bound) {
        this.pos = pos.clone();
        this.taps = taps.clone();
        this.src = src.clone();
        this.index = new int[3][];
        for (int d = 0; d < 3; d++) {
            int[] table = new int[taps[d] * pos[d]];
            for (int t = 0; t < taps[d]; t++) {
                for (int o = 0; o < pos[d]; o++) {
                    int q = o * posScale[d] + t * tapScale[d] + shift[d];
                    if (wrap[d] > 0) {
                        q = Math.floorMod(q, wrap[d]);
                    }
                    table[t * pos[d] + o] = q >= 0 && q < bound[d] ? q : -1;
                }
            }
            index[d] = table;
        }
        runLo = new int[taps[2]];
        runHi = new int[taps[2]];
        runShift = new int[taps[2]];
        if (posScale[2] == 1) {
            for (int t = 0; t < taps[2]; t++) {
                int off = t * tapScale[2] + shift[2];
                int limit = wrap[2] > 0 ? Math.min(bound[2], wrap[2]) : bound[2];
                runLo[t] = Math.min(pos[2], Math.max(0, -off));
                runHi[t] = Math.max(runLo[t], Math.min(pos[2], limit - off));
                runShift[t] = off;
            }
        }
        tapCount = taps[0] * taps[1] * taps[2];
        posCount = pos[0] * pos[1] * pos[2];
    }

    /** The source coordinate on axis {@code d} for position {@code o} and tap {@code t}, or -1. */
    int at(int d, int t, int o) {
        return index[d][t * pos[d] + o];
    }

    /**
     * Cuts the flat columns {@code [start, start + count)} (image-major, then positions row-major) into runs
     * along the innermost axis, written to {@code runs} as groups of five ints: image, position on axis 0,
     * on axis 1, first position on axis 2, length. Returns the number of runs.
     */
    int runs(long start, int count, int[] runs) {
        int n = 0;
        long image = start / posCount;
        int rest = (int) (start - image * posCount);
        int o2 = rest % pos[2];
        int o1 = rest / pos[2] % pos[1];
        int o0 = rest / (pos[2] * pos[1]);
        int left = count;
        while (left > 0) {
            int len = Math.min(left, pos[2] - o2);
            runs[n++] = (int) image;
            runs[n++] = o0;
            runs[n++] = o1;
            runs[n++] = o2;
            runs[n++] = len;
            left -= len;
            o2 = 0;
            if (++o1 == pos[1]) {
                o1 = 0;
                if (++o0 == pos[0]) {
                    o0 = 0;
                    image++;
                }
            }
        }
        return n / 5;
    }

    /** The most runs {@code count} consecutive columns can cut into, times five (the ints they take). */
    int runSpace(int count) {
        return 5 * (count / Math.max(1, pos[2]) + 2);
    }
}
