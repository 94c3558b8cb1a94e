package dev.adjoint.backend.tornado.kernels;

import uk.ac.manchester.tornado.api.annotations.Parallel;
import uk.ac.manchester.tornado.api.math.TornadoMath;
import uk.ac.manchester.tornado.api.types.arrays.FloatArray;
import uk.ac.manchester.tornado.api.types.arrays.IntArray;

/**
 * The float32 device kernels, compiled by TornadoVM. Every tensor lives in the device arena {@code f} (and,
 * for INT32 operands, {@code ints}) at an element offset; {@code meta} carries the work count (its element 0,
 * the bound of the parallel loop), the op code, the offsets and the geometry, so one compiled kernel serves
 * every shape. The layout of {@code meta} is given per kernel; {@link Meta} names the op codes. Index spaces of
 * rank 1 (the host merges contiguous axes) are indexed without divisions. Sums and dot products accumulate in
 * double. Generated from the same source as {@link Kernels64}: keep them in step.
 */
public final class Kernels32 {
    private Kernels32() {
    }

    /** {@code f[o + i] = op(f[x + i])}; meta: n, op, x, o. */
    public static void unary(FloatArray f, IntArray meta) {
        int op = meta.get(1);
        int x = meta.get(2);
        int o = meta.get(3);
        for (@Parallel int i = 0; i < meta.get(0); i++) {
            f.set(o + i, applyUnary(op, f.get(x + i)));
        }
    }

    /** {@code f[o + i] = op(f[a + ia], f[b + ib])} with broadcasting; meta: n, op, a, b, o, rank, dims, a strides, b strides. */
    public static void binary(FloatArray f, IntArray meta) {
        int op = meta.get(1);
        int a = meta.get(2);
        int b = meta.get(3);
        int o = meta.get(4);
        int rank = meta.get(5);
        int sa = meta.get(6 + rank);
        int sb = meta.get(6 + 2 * rank);
        for (@Parallel int i = 0; i < meta.get(0); i++) {
            int ia = a;
            int ib = b;
            if (rank == 1) {
                ia += i * sa;
                ib += i * sb;
            } else {
                int rem = i;
                for (int d = rank - 1; d >= 0; d--) {
                    int dim = meta.get(6 + d);
                    int c = rem % dim;
                    rem = rem / dim;
                    ia += c * meta.get(6 + rank + d);
                    ib += c * meta.get(6 + 2 * rank + d);
                }
            }
            f.set(o + i, applyBinary(op, f.get(ia), f.get(ib)));
        }
    }

    /** {@code ints[o + i] = op(f[a + ia], f[b + ib]) ? 1 : 0} with broadcasting; meta as for {@link #binary}. */
    public static void compare(FloatArray f, IntArray ints, IntArray meta) {
        int op = meta.get(1);
        int a = meta.get(2);
        int b = meta.get(3);
        int o = meta.get(4);
        int rank = meta.get(5);
        int sa = meta.get(6 + rank);
        int sb = meta.get(6 + 2 * rank);
        for (@Parallel int i = 0; i < meta.get(0); i++) {
            int ia = a;
            int ib = b;
            if (rank == 1) {
                ia += i * sa;
                ib += i * sb;
            } else {
                int rem = i;
                for (int d = rank - 1; d >= 0; d--) {
                    int dim = meta.get(6 + d);
                    int c = rem % dim;
                    rem = rem / dim;
                    ia += c * meta.get(6 + rank + d);
                    ib += c * meta.get(6 + 2 * rank + d);
                }
            }
            ints.set(o + i, applyCompare(op, f.get(ia), f.get(ib)));
        }
    }

    /**
     * {@code f[o + i] = ints[c + ic] != 0 ? f[a + ia] : f[b + ib]} with broadcasting; meta: n, unused, c, a, b,
     * o, rank, dims, c strides, a strides, b strides.
     */
    public static void where(IntArray ints, FloatArray f, IntArray meta) {
        int cBase = meta.get(2);
        int a = meta.get(3);
        int b = meta.get(4);
        int o = meta.get(5);
        int rank = meta.get(6);
        int sc = meta.get(7 + rank);
        int sa = meta.get(7 + 2 * rank);
        int sb = meta.get(7 + 3 * rank);
        for (@Parallel int i = 0; i < meta.get(0); i++) {
            int ic = cBase;
            int ia = a;
            int ib = b;
            if (rank == 1) {
                ic += i * sc;
                ia += i * sa;
                ib += i * sb;
            } else {
                int rem = i;
                for (int d = rank - 1; d >= 0; d--) {
                    int dim = meta.get(7 + d);
                    int c = rem % dim;
                    rem = rem / dim;
                    ic += c * meta.get(7 + rank + d);
                    ia += c * meta.get(7 + 2 * rank + d);
                    ib += c * meta.get(7 + 3 * rank + d);
                }
            }
            if (ints.get(ic) != 0) {
                f.set(o + i, f.get(ia));
            } else {
                f.set(o + i, f.get(ib));
            }
        }
    }

    /**
     * SUM, PROD, MAX or MIN of one chunk of the reduced elements per work item: item {@code w} reduces chunk
     * {@code w % parts} of output {@code w / parts} into {@code f[o + w]}, so a second pass over the parts
     * finishes a reduction split across work items. meta: n (outputs x parts), op, x, o, count, parts, chunk,
     * kept rank, kept dims, kept strides, reduced rank, reduced dims, reduced strides.
     */
    public static void reduce(FloatArray f, IntArray meta) {
        int op = meta.get(1);
        int x = meta.get(2);
        int o = meta.get(3);
        int count = meta.get(4);
        int parts = meta.get(5);
        int chunk = meta.get(6);
        int kRank = meta.get(7);
        int rBase = 8 + 2 * kRank;
        int rRank = meta.get(rBase);
        for (@Parallel int w = 0; w < meta.get(0); w++) {
            int out = w / parts;
            int part = w - out * parts;
            int base = x + keptOffset(out, kRank, meta);
            int from = part * chunk;
            int to = from + chunk < count ? from + chunk : count;
            double acc = 0;
            if (op == Meta.PROD) {
                acc = 1;
            } else if (op == Meta.RMAX) {
                acc = Double.NEGATIVE_INFINITY;
            } else if (op == Meta.RMIN) {
                acc = Double.POSITIVE_INFINITY;
            }
            for (int j = from; j < to; j++) {
                double v = f.get(base + reducedOffset(j, rBase, rRank, meta));
                if (op == Meta.SUM) {
                    acc += v;
                } else if (op == Meta.PROD) {
                    acc *= v;
                } else if (v != v || acc != acc) {
                    acc = v != v ? v : acc;
                } else if (op == Meta.RMAX) {
                    acc = v > acc ? v : acc;
                } else {
                    acc = v < acc ? v : acc;
                }
            }
            f.set(o + w, (float) acc);
        }
    }

    /**
     * ARGMAX or ARGMIN (first extreme, NaN counting as extreme) of each output's reduced elements into
     * {@code ints[o + w]}; meta as for {@link #reduce} with one part.
     */
    public static void argReduce(FloatArray f, IntArray ints, IntArray meta) {
        int op = meta.get(1);
        int x = meta.get(2);
        int o = meta.get(3);
        int count = meta.get(4);
        int kRank = meta.get(7);
        int rBase = 8 + 2 * kRank;
        int rRank = meta.get(rBase);
        for (@Parallel int w = 0; w < meta.get(0); w++) {
            int base = x + keptOffset(w, kRank, meta);
            int best = 0;
            float bestValue = f.get(base);
            int done = bestValue != bestValue ? 1 : 0;
            for (int j = 1; j < count; j++) {
                if (done == 0) {
                    float v = f.get(base + reducedOffset(j, rBase, rRank, meta));
                    if (v != v) {
                        best = j;
                        bestValue = v;
                        done = 1;
                    } else if (op == Meta.ARGMAX ? v > bestValue : v < bestValue) {
                        best = j;
                        bestValue = v;
                    }
                }
            }
            ints.set(o + w, best);
        }
    }

    /**
     * Batched {@code op(A) @ op(B)}, one work item per output element; meta: n, unused, a, b, o, m, k, cols,
     * transpose A, transpose B, batch rank, batch dims, A batch strides, B batch strides (in whole matrices).
     */
    public static void matmul(FloatArray f, IntArray meta) {
        int aBase = meta.get(2);
        int bBase = meta.get(3);
        int o = meta.get(4);
        int m = meta.get(5);
        int k = meta.get(6);
        int n = meta.get(7);
        int ta = meta.get(8);
        int tb = meta.get(9);
        int bRank = meta.get(10);
        for (@Parallel int i = 0; i < meta.get(0); i++) {
            int mn = m * n;
            int bi = i / mn;
            int rc = i - bi * mn;
            int r = rc / n;
            int c = rc - r * n;
            int aMat = 0;
            int bMat = 0;
            int rem = bi;
            for (int d = bRank - 1; d >= 0; d--) {
                int dim = meta.get(11 + d);
                int q = rem % dim;
                rem = rem / dim;
                aMat += q * meta.get(11 + bRank + d);
                bMat += q * meta.get(11 + 2 * bRank + d);
            }
            int aOff = aBase + aMat * m * k;
            int bOff = bBase + bMat * k * n;
            double acc = 0;
            for (int p = 0; p < k; p++) {
                int ai = ta == 0 ? aOff + r * k + p : aOff + p * m + r;
                int bj = tb == 0 ? bOff + p * n + c : bOff + c * k + p;
                acc += (double) f.get(ai) * (double) f.get(bj);
            }
            f.set(o + i, (float) acc);
        }
    }

    /**
     * Cross-correlation, one work item per output element {@code y[b, o, p]} (the reference's taps, summed in
     * double). meta (28 values): n, unused, x, w, y, batch, in channels, out channels,
     * groups, periodic, then per axis (lifted to three) in size, kernel size, out size, stride, dilation, pad
     * before.
     */
    public static void conv(FloatArray f, IntArray meta) {
        int x = meta.get(2);
        int w = meta.get(3);
        int y = meta.get(4);
        int inC = meta.get(6);
        int outC = meta.get(7);
        int groups = meta.get(8);
        int periodic = meta.get(9);
        int in0 = meta.get(10);
        int in1 = meta.get(11);
        int in2 = meta.get(12);
        int k0n = meta.get(13);
        int k1n = meta.get(14);
        int k2n = meta.get(15);
        int out1 = meta.get(17);
        int out2 = meta.get(18);
        int inPer = inC / groups;
        int outPer = outC / groups;
        int inCells = in0 * in1 * in2;
        int kCells = k0n * k1n * k2n;
        int outCells = meta.get(16) * out1 * out2;
        for (@Parallel int i = 0; i < meta.get(0); i++) {
            int p = i % outCells;
            int bo = i / outCells;
            int oc = bo % outC;
            int bt = bo / outC;
            int p0 = p / (out1 * out2);
            int p1 = p / out2 % out1;
            int p2 = p % out2;
            int group = oc / outPer;
            double acc = 0;
            for (int ci = 0; ci < inPer; ci++) {
                int xBase = x + (bt * inC + group * inPer + ci) * inCells;
                int wBase = w + (oc * inPer + ci) * kCells;
                for (int k0 = 0; k0 < k0n; k0++) {
                    int i0 = Convs.source(p0, k0, meta.get(19), meta.get(22), meta.get(25), in0, periodic);
                    for (int k1 = 0; k1 < k1n; k1++) {
                        int i1 = Convs.source(p1, k1, meta.get(20), meta.get(23), meta.get(26), in1, periodic);
                        for (int k2 = 0; k2 < k2n; k2++) {
                            int i2 = Convs.source(p2, k2, meta.get(21), meta.get(24), meta.get(27), in2, periodic);
                            if (i0 >= 0 && i1 >= 0 && i2 >= 0) {
                                acc += (double) f.get(wBase + (k0 * k1n + k1) * k2n + k2)
                                        * (double) f.get(xBase + (i0 * in1 + i1) * in2 + i2);
                            }
                        }
                    }
                }
            }
            f.set(y + i, (float) acc);
        }
    }

    /**
     * The adjoint of {@link #conv} in its weight, one work item per weight element {@code dw[o, c, k]}, summing
     * over batch and output positions; meta as for {@link #conv} with x, dy and dw at 2, 3 and 4.
     */
    public static void convWeightGrad(FloatArray f, IntArray meta) {
        int x = meta.get(2);
        int dy = meta.get(3);
        int dw = meta.get(4);
        int batch = meta.get(5);
        int inC = meta.get(6);
        int outC = meta.get(7);
        int groups = meta.get(8);
        int periodic = meta.get(9);
        int in0 = meta.get(10);
        int in1 = meta.get(11);
        int in2 = meta.get(12);
        int k1n = meta.get(14);
        int k2n = meta.get(15);
        int out0 = meta.get(16);
        int out1 = meta.get(17);
        int out2 = meta.get(18);
        int inPer = inC / groups;
        int outPer = outC / groups;
        int inCells = in0 * in1 * in2;
        int kCells = meta.get(13) * k1n * k2n;
        int outCells = out0 * out1 * out2;
        for (@Parallel int i = 0; i < meta.get(0); i++) {
            int kk = i % kCells;
            int oci = i / kCells;
            int ci = oci % inPer;
            int oc = oci / inPer;
            int k0 = kk / (k1n * k2n);
            int k1 = kk / k2n % k1n;
            int k2 = kk % k2n;
            int c = oc / outPer * inPer + ci;
            double acc = 0;
            for (int bt = 0; bt < batch; bt++) {
                int xBase = x + (bt * inC + c) * inCells;
                int yBase = dy + (bt * outC + oc) * outCells;
                for (int p0 = 0; p0 < out0; p0++) {
                    int i0 = Convs.source(p0, k0, meta.get(19), meta.get(22), meta.get(25), in0, periodic);
                    for (int p1 = 0; p1 < out1; p1++) {
                        int i1 = Convs.source(p1, k1, meta.get(20), meta.get(23), meta.get(26), in1, periodic);
                        for (int p2 = 0; p2 < out2; p2++) {
                            int i2 = Convs.source(p2, k2, meta.get(21), meta.get(24), meta.get(27), in2, periodic);
                            if (i0 >= 0 && i1 >= 0 && i2 >= 0) {
                                acc += (double) f.get(xBase + (i0 * in1 + i1) * in2 + i2)
                                        * (double) f.get(yBase + (p0 * out1 + p1) * out2 + p2);
                            }
                        }
                    }
                }
            }
            f.set(dw + i, (float) acc);
        }
    }

    /**
     * The adjoint of {@link #conv} in its input, one work item per input element {@code dx[b, c, q]}: for each
     * output channel of c's group and kernel tap, the output positions whose tap reads q (one at most without
     * wrapping; every period's copy when periodic, which the host allows only with stride 1). meta as for
     * {@link #conv} with dy, w and dx at 2, 3 and 4.
     */
    public static void convTranspose(FloatArray f, IntArray meta) {
        int dy = meta.get(2);
        int w = meta.get(3);
        int dx = meta.get(4);
        int inC = meta.get(6);
        int outC = meta.get(7);
        int groups = meta.get(8);
        int periodic = meta.get(9);
        int in0 = meta.get(10);
        int in1 = meta.get(11);
        int in2 = meta.get(12);
        int k0n = meta.get(13);
        int k1n = meta.get(14);
        int k2n = meta.get(15);
        int out0 = meta.get(16);
        int out1 = meta.get(17);
        int out2 = meta.get(18);
        int inPer = inC / groups;
        int outPer = outC / groups;
        int inCells = in0 * in1 * in2;
        int kCells = k0n * k1n * k2n;
        int outCells = out0 * out1 * out2;
        for (@Parallel int i = 0; i < meta.get(0); i++) {
            int q = i % inCells;
            int bc = i / inCells;
            int c = bc % inC;
            int bt = bc / inC;
            int q0 = q / (in1 * in2);
            int q1 = q / in2 % in1;
            int q2 = q % in2;
            int group = c / inPer;
            int ci = c - group * inPer;
            double acc = 0;
            for (int oi = 0; oi < outPer; oi++) {
                int oc = group * outPer + oi;
                int wBase = w + (oc * inPer + ci) * kCells;
                int yBase = dy + (bt * outC + oc) * outCells;
                for (int k0 = 0; k0 < k0n; k0++) {
                    int t0 = q0 + meta.get(25) - k0 * meta.get(22);
                    int n0 = Convs.count(t0, meta.get(19), in0, out0, periodic);
                    int first0 = Convs.first(t0, meta.get(19), in0, periodic);
                    for (int m0 = 0; m0 < n0; m0++) {
                        int p0 = first0 + m0 * in0;
                        for (int k1 = 0; k1 < k1n; k1++) {
                            int t1 = q1 + meta.get(26) - k1 * meta.get(23);
                            int n1 = Convs.count(t1, meta.get(20), in1, out1, periodic);
                            int first1 = Convs.first(t1, meta.get(20), in1, periodic);
                            for (int m1 = 0; m1 < n1; m1++) {
                                int p1 = first1 + m1 * in1;
                                for (int k2 = 0; k2 < k2n; k2++) {
                                    int t2 = q2 + meta.get(27) - k2 * meta.get(24);
                                    int n2 = Convs.count(t2, meta.get(21), in2, out2, periodic);
                                    int first2 = Convs.first(t2, meta.get(21), in2, periodic);
                                    for (int m2 = 0; m2 < n2; m2++) {
                                        int p2 = first2 + m2 * in2;
                                        acc += (double) f.get(wBase + (k0 * k1n + k1) * k2n + k2)
                                                * (double) f.get(yBase + (p0 * out1 + p1) * out2 + p2);
                                    }
                                }
                            }
                        }
                    }
                }
            }
            f.set(dx + i, (float) acc);
        }
    }

    /**
     * Multilinear sampling with the reference's rules and corner order (summed in double), one work item per
     * output element {@code out[b, p, c]}; meta: n, unused, grid, points, out, channels, points per batch, dims,
     * then three axis sizes and three boundaries (ZERO 0, CLAMP 1, PERIODIC 2; axes past dims have size 1 and
     * CLAMP). A NaN coordinate (or an infinite one on a PERIODIC axis) samples NaN.
     */
    public static void sample(FloatArray f, IntArray meta) {
        int grid = meta.get(2);
        int pts = meta.get(3);
        int o = meta.get(4);
        int channels = meta.get(5);
        int points = meta.get(6);
        int dims = meta.get(7);
        int s0 = meta.get(8);
        int s1 = meta.get(9);
        int s2 = meta.get(10);
        int gridPerBatch = channels * s0 * s1 * s2;
        for (@Parallel int i = 0; i < meta.get(0); i++) {
            int c = i % channels;
            int row = i / channels;
            int at = pts + row * dims;
            int base = grid + row / points * gridPerBatch + c;
            double acc = 0.0;
            int ok = 1;
            // Per axis: low node, high node and their weights, by the axis's boundary rule.
            int lo0 = 0;
            int hi0 = 0;
            double wl0 = 1.0;
            double wh0 = 0.0;
            int lo1 = 0;
            int hi1 = 0;
            double wl1 = 1.0;
            double wh1 = 0.0;
            int lo2 = 0;
            int hi2 = 0;
            double wl2 = 1.0;
            double wh2 = 0.0;
            for (int d = 0; d < dims; d++) {
                double x = f.get(at + d);
                int size = meta.get(8 + d);
                int boundary = meta.get(11 + d);
                int lo = 0;
                int hi = 0;
                double wl = 0.0;
                double wh = 0.0;
                if (x != x) {
                    ok = 0;
                    acc = x;
                } else if (boundary == 0) {
                    if (x > -1.0 && x < size) {
                        double fl = TornadoMath.floor(x);
                        int i0 = (int) fl;
                        double t = x - fl;
                        if (i0 >= 0) {
                            lo = i0;
                            wl = 1.0 - t;
                        }
                        if (i0 + 1 <= size - 1) {
                            hi = i0 + 1;
                            wh = t;
                        }
                    }
                } else if (boundary == 1) {
                    double top = size - 1.0;
                    double cx = x < 0.0 ? 0.0 : x;
                    cx = cx > top ? top : cx;
                    double fl = TornadoMath.floor(cx);
                    int i0 = (int) fl;
                    double t = cx - fl;
                    lo = i0;
                    hi = i0 + 1 < size - 1 ? i0 + 1 : size - 1;
                    wl = 1.0 - t;
                    wh = t;
                } else if (x - x != 0.0) {
                    ok = 0;
                    acc = x - x;
                } else {
                    double w = x - size * TornadoMath.floor(x / size);
                    double fl = TornadoMath.floor(w);
                    double t = w - fl;
                    int m = ((int) fl) % size;
                    lo = m < 0 ? m + size : m;
                    hi = (lo + 1) % size;
                    wl = 1.0 - t;
                    wh = t;
                }
                if (d == 0) {
                    lo0 = lo;
                    hi0 = hi;
                    wl0 = wl;
                    wh0 = wh;
                } else if (d == 1) {
                    lo1 = lo;
                    hi1 = hi;
                    wl1 = wl;
                    wh1 = wh;
                } else {
                    lo2 = lo;
                    hi2 = hi;
                    wl2 = wl;
                    wh2 = wh;
                }
            }
            if (ok == 1) {
                for (int k = 0; k < 8; k++) {
                    int bit0 = k & 1;
                    int bit1 = (k >> 1) & 1;
                    int bit2 = (k >> 2) & 1;
                    double w = 1.0;
                    w *= bit0 == 0 ? wl0 : wh0;
                    w *= bit1 == 0 ? wl1 : wh1;
                    w *= bit2 == 0 ? wl2 : wh2;
                    if (w != 0.0) {
                        int n0 = bit0 == 0 ? lo0 : hi0;
                        int n1 = bit1 == 0 ? lo1 : hi1;
                        int n2 = bit2 == 0 ? lo2 : hi2;
                        acc += w * f.get(base + ((n0 * s1 + n1) * s2 + n2) * channels);
                    }
                }
            }
            f.set(o + i, (float) acc);
        }
    }

    /**
     * A strided copy: {@code f[d + sum(c * dstStrides)] = f[s + sum(c * srcStrides)]} for every index {@code c}
     * of the dims; meta: n, unused, s, d, rank, dims, source strides, destination strides.
     */
    public static void copy(FloatArray f, IntArray meta) {
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
            f.set(id, f.get(is));
        }
    }

    /** {@code f[o + i] = value[0]}; meta: n, unused, o. */
    public static void fill(FloatArray f, FloatArray value, IntArray meta) {
        int o = meta.get(2);
        for (@Parallel int i = 0; i < meta.get(0); i++) {
            f.set(o + i, value.get(0));
        }
    }

    /** {@code f[o + i] = staging[i]}, the device half of an upload; meta: n, unused, o. */
    public static void upload(FloatArray staging, FloatArray f, IntArray meta) {
        int o = meta.get(2);
        for (@Parallel int i = 0; i < meta.get(0); i++) {
            f.set(o + i, staging.get(i));
        }
    }

    /**
     * Padding: each output index maps, axis by axis, to a source index by the pad mode (PadMode's ordinal;
     * CONSTANT cells take {@code value[0]}); meta: n, mode, x, o, rank, out dims, in dims, before, in strides.
     */
    public static void pad(FloatArray f, FloatArray value, IntArray meta) {
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
                f.set(o + i, f.get(src));
            } else {
                f.set(o + i, value.get(0));
            }
        }
    }

    /** {@code f[o + i] = (float) ints[x + i]}; meta: n, unused, x, o. */
    public static void fromInts(IntArray ints, FloatArray f, IntArray meta) {
        int x = meta.get(2);
        int o = meta.get(3);
        for (@Parallel int i = 0; i < meta.get(0); i++) {
            f.set(o + i, (float) ints.get(x + i));
        }
    }

    /** {@code ints[o + i] = (int) f[x + i]} with Java's rules (NaN to 0, saturating); meta: n, unused, x, o. */
    public static void toInts(FloatArray f, IntArray ints, IntArray meta) {
        int x = meta.get(2);
        int o = meta.get(3);
        for (@Parallel int i = 0; i < meta.get(0); i++) {
            float v = f.get(x + i);
            int r = 0;
            if (v != v) {
                r = 0;
            } else if (v >= (float) 2147483647.0) {
                r = Integer.MAX_VALUE;
            } else if (v <= (float) -2147483648.0) {
                r = Integer.MIN_VALUE;
            } else {
                r = (int) v;
            }
            ints.set(o + i, r);
        }
    }

    private static int keptOffset(int o, int kRank, IntArray meta) {
        int rem = o;
        int off = 0;
        for (int d = kRank - 1; d >= 0; d--) {
            int dim = meta.get(8 + d);
            int c = rem % dim;
            rem = rem / dim;
            off += c * meta.get(8 + kRank + d);
        }
        return off;
    }

    private static int reducedOffset(int j, int rBase, int rRank, IntArray meta) {
        int rem = j;
        int off = 0;
        for (int d = rRank - 1; d >= 0; d--) {
            int dim = meta.get(rBase + 1 + d);
            int c = rem % dim;
            rem = rem / dim;
            off += c * meta.get(rBase + 1 + rRank + d);
        }
        return off;
    }
    private static float applyUnary(int op, float x) {
        float one = (float) 1;
        float zero = (float) 0;
        float r = x;
        if (op == Meta.NEG) {
            r = -x;
        } else if (op == Meta.ABS) {
            r = TornadoMath.abs(x);
        } else if (op == Meta.SIGN) {
            r = x > zero ? one : (x < zero ? -one : x);
        } else if (op == Meta.SQUARE) {
            r = x * x;
        } else if (op == Meta.SQRT) {
            r = TornadoMath.sqrt(x);
        } else if (op == Meta.RSQRT) {
            r = one / TornadoMath.sqrt(x);
        } else if (op == Meta.RECIPROCAL) {
            r = one / x;
        } else if (op == Meta.EXP) {
            r = TornadoMath.exp(x);
        } else if (op == Meta.EXPM1) {
            r = TornadoMath.exp(x) - one;
        } else if (op == Meta.LOG) {
            r = TornadoMath.log(x);
        } else if (op == Meta.LOG1P) {
            r = TornadoMath.log(one + x);
        } else if (op == Meta.SIN) {
            r = TornadoMath.sin(x);
        } else if (op == Meta.COS) {
            r = TornadoMath.cos(x);
        } else if (op == Meta.TAN) {
            r = TornadoMath.tan(x);
        } else if (op == Meta.ATAN) {
            r = TornadoMath.atan(x);
        } else if (op == Meta.TANH) {
            r = TornadoMath.tanh(x);
        } else if (op == Meta.SIGMOID) {
            r = sigmoid(x);
        } else if (op == Meta.SOFTPLUS) {
            float pos = x != x ? x : (x > zero ? x : zero);
            r = pos + TornadoMath.log(one + TornadoMath.exp(-TornadoMath.abs(x)));
        } else if (op == Meta.RELU) {
            r = x != x ? x : (x > zero ? x : zero);
        } else if (op == Meta.ELU) {
            r = x > zero ? x : TornadoMath.exp(x) - one;
        } else if (op == Meta.SILU) {
            r = x < -Float.MAX_VALUE ? -zero : x * sigmoid(x);
        } else if (op == Meta.FLOOR) {
            r = TornadoMath.floor(x);
        } else if (op == Meta.CEIL) {
            r = TornadoMath.ceil(x);
        } else if (op == Meta.ERF) {
            r = erf(x);
        } else if (op == Meta.GELU) {
            r = gelu(x);
        } else if (op == Meta.ROUND) {
            float f = TornadoMath.floor(x);
            float d = x - f;
            float half = (float) 0.5;
            if (d > half) {
                r = f + one;
            } else if (d < half) {
                r = f;
            } else {
                float h = f * half;
                r = h - TornadoMath.floor(h) < (float) 0.25 ? f : f + one;
            }
        }
        return r;
    }

    private static float sigmoid(float x) {
        float one = (float) 1;
        float r;
        if (x >= (float) 0) {
            r = one / (one + TornadoMath.exp(-x));
        } else {
            float e = TornadoMath.exp(x);
            r = e / (one + e);
        }
        return r;
    }

    /**
     * The error function with W. J. Cody's rational approximations (Math. Comp. 23, 1969), as the reference backend
     * computes it; odd, {@code erf(±inf) = ±1}, NaN stays NaN.
     */
    private static float erf(float x) {
        float y = TornadoMath.abs(x);
        float r;
        if (y <= (float) 0.46875) {
            r = smallErf(x);
        } else {
            float t = (float) 1 - erfcTail(y);
            r = x < (float) 0 ? -t : t;
        }
        return r;
    }

    /** {@code erfc(x) = 1 - erf(x)}, accurate in relative terms for large positive x. */
    private static float erfc(float x) {
        float y = TornadoMath.abs(x);
        float r;
        if (y <= (float) 0.46875) {
            r = (float) 1 - smallErf(x);
        } else {
            float t = erfcTail(y);
            r = x < (float) 0 ? (float) 2 - t : t;
        }
        return r;
    }

    /**
     * Exact GELU {@code x * Phi(x)} as the reference computes it; below -1 from the scaled complement, {@code Phi(x) = exp(-x^2 / 2) *
     * erfcScaled(-x / sqrt 2) / 2}, which keeps full relative accuracy where the result is tiny.
     */
    private static float gelu(float x) {
        float half = (float) 0.5;
        float zero = (float) 0;
        float z = -x * (float) 0.70710678118654752440;
        float r;
        if (x >= (float) -1) {
            r = half * x * erfc(z);
        } else if (x < (float) -40) {
            // x * Phi(x) underflows; the tail formula would give exp(-x^2 / 2) * erfcScaled = 0 * 0 or NaN.
            r = -zero;
        } else {
            r = half * x * TornadoMath.exp(-half * x * x) * erfcScaled(z);
        }
        return r;
    }

    /** erf on {@code |x| <= 0.46875}: x times a rational function of x^2. */
    private static float smallErf(float x) {
        float z = x * x;
        float num = (float) 1.85777706184603153e-1 * z;
        float den = z;
        num = (num + (float) 3.16112374387056560e00) * z;
        den = (den + (float) 2.36012909523441209e01) * z;
        num = (num + (float) 1.13864154151050156e02) * z;
        den = (den + (float) 2.44024637934444173e02) * z;
        num = (num + (float) 3.77485237685302021e02) * z;
        den = (den + (float) 1.28261652607737228e03) * z;
        return x * (num + (float) 3.20937758913846947e03) / (den + (float) 2.84423683343917062e03);
    }

    /** erfc(y) for {@code y > 0.46875}, with exp(-y^2) split so the rounding of y^2 is not amplified. */
    private static float erfcTail(float y) {
        float r;
        if (y != y) {
            r = y;
        } else if (y >= (float) 26.543) {
            r = (float) 0;
        } else {
            float q = TornadoMath.floor(y * (float) 16) / (float) 16;
            float del = (y - q) * (y + q);
            r = TornadoMath.exp(-q * q) * TornadoMath.exp(-del) * erfcScaled(y);
        }
        return r;
    }

    /** The scaled complement {@code exp(x^2) * erfc(x)} for {@code x > 0.46875}. */
    private static float erfcScaled(float x) {
        float r;
        if (x <= (float) 4) {
            float num = (float) 2.15311535474403846e-8 * x;
            float den = x;
            num = (num + (float) 5.64188496988670089e-1) * x;
            den = (den + (float) 1.57449261107098347e01) * x;
            num = (num + (float) 8.88314979438837594e00) * x;
            den = (den + (float) 1.17693950891312499e02) * x;
            num = (num + (float) 6.61191906371416295e01) * x;
            den = (den + (float) 5.37181101862009858e02) * x;
            num = (num + (float) 2.98635138197400131e02) * x;
            den = (den + (float) 1.62138957456669019e03) * x;
            num = (num + (float) 8.81952221241769090e02) * x;
            den = (den + (float) 3.29079923573345963e03) * x;
            num = (num + (float) 1.71204761263407058e03) * x;
            den = (den + (float) 4.36261909014324716e03) * x;
            num = (num + (float) 2.05107837782607147e03) * x;
            den = (den + (float) 3.43936767414372164e03) * x;
            r = (num + (float) 1.23033935479799725e03) / (den + (float) 1.23033935480374942e03);
        } else {
            float z = (float) 1 / (x * x);
            float num = (float) 1.63153871373020978e-2 * z;
            float den = z;
            num = (num + (float) 3.05326634961232344e-1) * z;
            den = (den + (float) 2.56852019228982242e00) * z;
            num = (num + (float) 3.60344899949804439e-1) * z;
            den = (den + (float) 1.87295284992346047e00) * z;
            num = (num + (float) 1.25781726111229246e-1) * z;
            den = (den + (float) 5.27905102951428412e-1) * z;
            num = (num + (float) 1.60837851487422766e-2) * z;
            den = (den + (float) 6.05183413124413191e-2) * z;
            r = ((float) 0.56418958354775628695 - z * (num + (float) 6.58749161529837803e-4) / (den + (float) 2.33520497626869185e-3)) / x;
        }
        return r;
    }

    private static float applyBinary(int op, float a, float b) {
        float r = a;
        if (op == Meta.ADD) {
            r = a + b;
        } else if (op == Meta.SUB) {
            r = a - b;
        } else if (op == Meta.MUL) {
            r = a * b;
        } else if (op == Meta.DIV) {
            r = a / b;
        } else if (op == Meta.POW) {
            float one = (float) 1;
            float absA = TornadoMath.abs(a);
            if (b != b) {
                r = b;
            } else if (TornadoMath.abs(b) > Float.MAX_VALUE && !(absA < one) && !(absA > one)) {
                r = b - b;
            } else {
                r = TornadoMath.pow(a, b);
            }
        } else if (op == Meta.MAX) {
            r = (a != a || b != b) ? a + b : (a > b ? a : b);
        } else if (op == Meta.MIN) {
            r = (a != a || b != b) ? a + b : (a < b ? a : b);
        } else if (op == Meta.ATAN2) {
            r = TornadoMath.atan2(a, b);
        }
        return r;
    }

    private static int applyCompare(int op, float a, float b) {
        boolean r;
        if (op == Meta.EQ) {
            r = a == b;
        } else if (op == Meta.NE) {
            r = a != b;
        } else if (op == Meta.LT) {
            r = a < b;
        } else if (op == Meta.LE) {
            r = a < b || a == b;
        } else if (op == Meta.GT) {
            r = a > b;
        } else {
            r = a > b || a == b;
        }
        return r ? 1 : 0;
    }
}
