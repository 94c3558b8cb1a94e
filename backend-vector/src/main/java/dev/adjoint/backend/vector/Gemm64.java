package dev.adjoint.backend.vector;

import java.util.Arrays;
import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * Blocked double-precision matrix products {@code C += A·B} for batches of problems of one size.
 *
 * <p>Operands are packed ({@link Panel}) into slivers of {@link #MR} rows of A and {@link #NR} columns of
 * B, {@link #KC} deep, and multiplied by a register-blocked FMA micro-kernel. Every element of C is the sum
 * of its depth blocks in increasing order, each block summed by one chain of FMAs and added to C, whatever
 * the schedule: a batch with enough problems runs one problem per task with panels packed block by block
 * into cache-sized buffers; otherwise each problem packs its operands whole and splits C into tiles
 * computed in parallel. Both give the same bits, so results do not depend on the thread count.
 */
final class Gemm64 {
    private static final VectorSpecies<Double> S = DoubleVector.SPECIES_PREFERRED;
    private static final int L = S.length();
    /** Rows of the micro-kernel. */
    static final int MR = 6;
    /** Columns of the micro-kernel: two vectors. */
    static final int NR = 2 * L;
    /** Depth of a packed block. */
    static final int KC = 256;
    /** Height of a block of A packed at once by a serial product (a multiple of MR). */
    private static final int MC = 20 * MR;
    /** Width of a block of B packed at once by a serial product (a multiple of NR). */
    private static final int NC = NR * Math.max(1, 512 / NR);
    /** Largest tile of a parallel product: at most this many rows (a multiple of MR)... */
    private static final int TILE_M = 16 * MR;
    /** ...and columns (a multiple of NR). */
    private static final int TILE_N = NR * Math.max(1, 256 / NR);
    /** Problems with less work (flops) run serially, many to a task. */
    private static final long SERIAL_FLOPS = 1L << 22;
    /** Most elements of a packed operand of a parallel product; larger ones are packed in parts. */
    private static final int PACK_BUDGET = 1 << 24;

    private Gemm64() {
    }

    /**
     * A {@code k × n} operand that copies blocks of itself into the packed layout the micro-kernel reads.
     */
    interface Panel {
        /**
         * Copies rows {@code [p0, p0 + kc)} and columns {@code [j0, j0 + nc)} into {@code dest} from index
         * {@code at} on, as column slivers of width {@code w}: sliver {@code t} starts at {@code at + t * kc * w},
         * its row {@code p} at {@code p * w} within it; columns past {@code nc} in the last sliver are zero.
         */
        void pack(int p0, int kc, int j0, int nc, int w, double[] dest, int at);
    }

    /** The operands of a batch of products {@code C_i += A_i · B_i}, all {@code m × k} times {@code k × n}. */
    interface Batch {
        /** A of problem {@code i}, transposed: a {@code k × m} panel. */
        Panel lhs(int i);

        /** B of problem {@code i}: a {@code k × n} panel. */
        Panel rhs(int i);

        /** The offset of C's first element for problem {@code i}; rows are {@code ldc} apart. */
        int out(int i);

        /** The depth of problem {@code i}: the rows of B that are summed over (at most the batch's k). */
        default int depth(int i, int k) {
            return k;
        }
    }

    /** A panel that reads another from row {@code rows} on: row {@code p} of this is row {@code p + rows} of it. */
    record Offset(Panel inner, int rows) implements Panel {
        @Override
        public void pack(int p0, int kc, int j0, int nc, int w, double[] dest, int at) {
            inner.pack(p0 + rows, kc, j0, nc, w, dest, at);
        }
    }

    /**
     * A dense matrix whose element {@code (p, j)} is {@code x[offset + p * rowStride + j * colStride]}, where
     * the rows may come in images of {@code rowsPerImage} rows, {@code imageStride} apart.
     */
    record Dense(double[] x, int offset, int rowStride, int colStride, int rowsPerImage, int imageStride)
            implements Panel {
        /** A matrix without images. */
        Dense(double[] x, int offset, int rowStride, int colStride) {
            this(x, offset, rowStride, colStride, Integer.MAX_VALUE, 0);
        }

        private int rowOffset(int p) {
            return offset + p / rowsPerImage * imageStride + p % rowsPerImage * rowStride;
        }

        @Override
        public void pack(int p0, int kc, int j0, int nc, int w, double[] dest, int at) {
            for (int t = 0, jt = j0; jt < j0 + nc; t++, jt += w) {
                int cols = Math.min(w, j0 + nc - jt);
                int base = at + t * kc * w;
                if (colStride == 1 && cols == w && w % L == 0) {
                    for (int p = 0; p < kc; p++) {
                        int src = rowOffset(p0 + p) + jt;
                        for (int v = 0; v < w; v += L) {
                            DoubleVector.fromArray(S, x, src + v).intoArray(dest, base + p * w + v);
                        }
                    }
                } else if (colStride == 1) {
                    for (int p = 0; p < kc; p++) {
                        System.arraycopy(x, rowOffset(p0 + p) + jt, dest, base + p * w, cols);
                    }
                    zeroColumns(dest, base, kc, cols, w);
                } else {
                    for (int pa = 0; pa < kc; ) {
                        int pb = Math.min(kc, pa + rowsPerImage - (p0 + pa) % rowsPerImage);
                        int src = rowOffset(p0 + pa) + jt * colStride;
                        for (int c = 0; c < cols; c++) {
                            int sc = src + c * colStride - pa * rowStride;
                            for (int p = pa; p < pb; p++) {
                                dest[base + p * w + c] = x[sc + p * rowStride];
                            }
                        }
                        pa = pb;
                    }
                    zeroColumns(dest, base, kc, cols, w);
                }
            }
        }
    }

    /** Zeroes columns {@code [cols, w)} of the {@code kc} rows of a sliver starting at {@code base}. */
    static void zeroColumns(double[] dest, int base, int kc, int cols, int w) {
        if (cols == w) {
            return;
        }
        for (int p = 0; p < kc; p++) {
            Arrays.fill(dest, base + p * w + cols, base + p * w + w, 0.0);
        }
    }

    /**
     * Adds {@code A_i · B_i} to {@code C_i} for {@code i < count}, where {@code C_i} is the {@code m × n}
     * matrix at {@code batch.out(i)} in {@code c} with rows {@code ldc} apart; {@code k} bounds every
     * problem's {@link Batch#depth}.
     */
    static void multiply(int count, int m, int n, int k, Batch batch, double[] c, int ldc) {
        if (count == 0 || m == 0 || n == 0 || k == 0) {
            return;
        }
        long flops = 2L * m * n * k;
        int threads = Parallel.threads();
        if (threads == 1 || flops < SERIAL_FLOPS || count >= 2 * threads) {
            int grain = (int) Math.max(1, Math.min(count, SERIAL_FLOPS / flops));
            Parallel.forRange(count, grain, (lo, hi) -> {
                double[] ap = new double[Math.min(MC, roundUp(m, MR)) * Math.min(KC, k)];
                double[] bp = new double[Math.min(NC, roundUp(n, NR)) * Math.min(KC, k)];
                double[] edge = new double[MR * NR];
                for (int i = lo; i < hi; i++) {
                    serial(batch.lhs(i), batch.rhs(i), c, batch.out(i), ldc, m, n, batch.depth(i, k), ap, bp,
                            edge);
                }
            });
        } else {
            for (int i = 0; i < count; i++) {
                parallel(batch.lhs(i), batch.rhs(i), c, batch.out(i), ldc, m, n, batch.depth(i, k), threads);
            }
        }
    }

    /** One product on this thread, packing blocks of B ({@code KC × NC}) and of A ({@code MC × KC}) in turn. */
    private static void serial(Panel a, Panel b, double[] c, int cBase, int ldc, int m, int n, int k, double[] ap,
            double[] bp, double[] edge) {
        for (int jc = 0; jc < n; jc += NC) {
            int nc = Math.min(NC, n - jc);
            for (int pc = 0; pc < k; pc += KC) {
                int kc = Math.min(KC, k - pc);
                b.pack(pc, kc, jc, nc, NR, bp, 0);
                for (int ic = 0; ic < m; ic += MC) {
                    int mc = Math.min(MC, m - ic);
                    a.pack(pc, kc, ic, mc, MR, ap, 0);
                    block(ap, 0, bp, 0, kc, c, cBase + ic * ldc + jc, ldc, mc, nc, edge);
                }
            }
        }
    }

    /**
     * One product on all threads: packs whole row bands of A and column bands of B (in parallel), then
     * computes tiles of C in parallel.
     */
    private static void parallel(Panel a, Panel b, double[] c, int cBase, int ldc, int m, int n, int k,
            int threads) {
        int bandM = Math.min(roundUp(m, MR), Math.max(MR, PACK_BUDGET / k / MR * MR));
        int bandN = Math.min(roundUp(n, NR), Math.max(NR, PACK_BUDGET / k / NR * NR));
        double[] ap = new double[bandM * k];
        double[] bp = new double[bandN * k];
        for (int i0 = 0; i0 < m; i0 += bandM) {
            int mb = Math.min(bandM, m - i0);
            int row0 = i0;
            packAll(a, k, i0, mb, MR, ap);
            for (int j0 = 0; j0 < n; j0 += bandN) {
                int nb = Math.min(bandN, n - j0);
                int col0 = j0;
                packAll(b, k, j0, nb, NR, bp);
                int mPad = roundUp(mb, MR);
                int nPad = roundUp(nb, NR);
                int tm = Math.min(TILE_M, mPad);
                int tn = Math.min(TILE_N, nPad);
                while (ceil(mb, tm) * ceil(nb, tn) < 4 * threads && (tm > MR || tn > NR)) {
                    if (tn >= tm && tn > NR || tm == MR) {
                        tn = roundUp(tn / 2, NR);
                    } else {
                        tm = roundUp(tm / 2, MR);
                    }
                }
                int tileM = tm;
                int tileN = tn;
                int tilesM = ceil(mb, tileM);
                Parallel.forRange(tilesM * ceil(nb, tileN), 1, (lo, hi) -> {
                    double[] edge = new double[MR * NR];
                    for (int t = lo; t < hi; t++) {
                        int ti = t % tilesM * tileM;
                        int tj = t / tilesM * tileN;
                        int mc = Math.min(tileM, mb - ti);
                        int nc = Math.min(tileN, nb - tj);
                        for (int pc = 0; pc < k; pc += KC) {
                            int kc = Math.min(KC, k - pc);
                            block(ap, pc * mPad + ti * kc, bp, pc * nPad + tj * kc, kc, c,
                                    cBase + (row0 + ti) * ldc + col0 + tj, ldc, mc, nc, edge);
                        }
                    }
                });
            }
        }
    }

    /** Packs all depth blocks of rows/columns {@code [j0, j0 + nb)} of a panel, in parallel over slivers. */
    private static void packAll(Panel x, int k, int j0, int nb, int w, double[] dest) {
        int pad = roundUp(nb, w);
        int slivers = pad / w;
        int blocks = ceil(k, KC);
        int per = Math.max(1, 8192 / (w * KC));
        int groups = ceil(slivers, per);
        Parallel.forRange(blocks * groups, Math.max(1, 64 / per), (lo, hi) -> {
            for (int u = lo; u < hi; u++) {
                int pc = u / groups * KC;
                int kc = Math.min(KC, k - pc);
                int s0 = u % groups * per;
                int cols = Math.min(per * w, nb - s0 * w);
                x.pack(pc, kc, j0 + s0 * w, cols, w, dest, pc * pad + s0 * w * kc);
            }
        });
    }

    /**
     * {@code C[mc × nc] += Ā · B̄} for one depth block of packed slivers: A slivers from {@code ao},
     * B slivers from {@code bo}, each {@code kc} deep.
     */
    private static void block(double[] ap, int ao, double[] bp, int bo, int kc, double[] c, int co, int ldc, int mc,
            int nc, double[] edge) {
        for (int ir = 0; ir < mc; ir += MR) {
            int rows = Math.min(MR, mc - ir);
            for (int jr = 0; jr < nc; jr += NR) {
                int cols = Math.min(NR, nc - jr);
                int at = co + ir * ldc + jr;
                if (rows == MR && cols == NR) {
                    kernel(kc, ap, ao + ir * kc, bp, bo + jr * kc, c, at, ldc);
                } else {
                    Arrays.fill(edge, 0.0);
                    kernel(kc, ap, ao + ir * kc, bp, bo + jr * kc, edge, 0, NR);
                    for (int r = 0; r < rows; r++) {
                        for (int q = 0; q < cols; q++) {
                            c[at + r * ldc + q] += edge[r * NR + q];
                        }
                    }
                }
            }
        }
    }

    /** {@code C[6 × 2L] += Ā · B̄} over {@code kc} packed steps: the register-blocked inner loop. */
    private static void kernel(int kc, double[] a, int ao, double[] b, int bo, double[] c, int co, int ldc) {
        DoubleVector c00 = DoubleVector.zero(S);
        DoubleVector c01 = DoubleVector.zero(S);
        DoubleVector c10 = DoubleVector.zero(S);
        DoubleVector c11 = DoubleVector.zero(S);
        DoubleVector c20 = DoubleVector.zero(S);
        DoubleVector c21 = DoubleVector.zero(S);
        DoubleVector c30 = DoubleVector.zero(S);
        DoubleVector c31 = DoubleVector.zero(S);
        DoubleVector c40 = DoubleVector.zero(S);
        DoubleVector c41 = DoubleVector.zero(S);
        DoubleVector c50 = DoubleVector.zero(S);
        DoubleVector c51 = DoubleVector.zero(S);
        for (int p = 0; p < kc; p++) {
            int ap = ao + MR * p;
            int bq = bo + NR * p;
            DoubleVector b0 = DoubleVector.fromArray(S, b, bq);
            DoubleVector b1 = DoubleVector.fromArray(S, b, bq + L);
            DoubleVector a0 = DoubleVector.broadcast(S, a[ap]);
            c00 = a0.fma(b0, c00);
            c01 = a0.fma(b1, c01);
            DoubleVector a1 = DoubleVector.broadcast(S, a[ap + 1]);
            c10 = a1.fma(b0, c10);
            c11 = a1.fma(b1, c11);
            DoubleVector a2 = DoubleVector.broadcast(S, a[ap + 2]);
            c20 = a2.fma(b0, c20);
            c21 = a2.fma(b1, c21);
            DoubleVector a3 = DoubleVector.broadcast(S, a[ap + 3]);
            c30 = a3.fma(b0, c30);
            c31 = a3.fma(b1, c31);
            DoubleVector a4 = DoubleVector.broadcast(S, a[ap + 4]);
            c40 = a4.fma(b0, c40);
            c41 = a4.fma(b1, c41);
            DoubleVector a5 = DoubleVector.broadcast(S, a[ap + 5]);
            c50 = a5.fma(b0, c50);
            c51 = a5.fma(b1, c51);
        }
        addTo(c, co, c00, c01);
        addTo(c, co + ldc, c10, c11);
        addTo(c, co + 2 * ldc, c20, c21);
        addTo(c, co + 3 * ldc, c30, c31);
        addTo(c, co + 4 * ldc, c40, c41);
        addTo(c, co + 5 * ldc, c50, c51);
    }

    private static void addTo(double[] c, int at, DoubleVector v0, DoubleVector v1) {
        DoubleVector.fromArray(S, c, at).add(v0).intoArray(c, at);
        DoubleVector.fromArray(S, c, at + L).add(v1).intoArray(c, at + L);
    }

    private static int ceil(int a, int b) {
        return (a + b - 1) / b;
    }

    private static int roundUp(int a, int b) {
        return ceil(a, b) * b;
    }
}
