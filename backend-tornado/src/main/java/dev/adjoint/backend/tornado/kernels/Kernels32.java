package dev.adjoint.backend.tornado.kernels;

import uk.ac.manchester.tornado.api.annotations.Parallel;
import uk.ac.manchester.tornado.api.math.TornadoMath;
import uk.ac.manchester.tornado.api.types.arrays.FloatArray;
import uk.ac.manchester.tornado.api.types.arrays.IntArray;

/**
 * The float32 device kernels, compiled by TornadoVM. Every kernel runs one work item per output element of a
 * capacity-sized slot array and writes only the first {@code meta[0]} elements; {@code meta} carries the op
 * code and the geometry so one compiled plan serves every shape of its capacity (see {@link Meta}).
 * Sums and dot products accumulate in double.
 */
public final class Kernels32 {
    private Kernels32() {
    }

    /** {@code out[i] = op(x[i])}; meta: count, op. */
    public static void unary(FloatArray x, FloatArray out, IntArray meta) {
        int n = meta.get(0);
        int op = meta.get(1);
        for (@Parallel int i = 0; i < out.getSize(); i++) {
            if (i < n) {
                out.set(i, applyUnary(op, x.get(i)));
            }
        }
    }

    /** {@code out[i] = op(a[ia], b[ib])} with broadcasting; meta: count, op, rank, dims, a strides, b strides. */
    public static void binary(FloatArray a, FloatArray b, FloatArray out, IntArray meta) {
        int n = meta.get(0);
        int op = meta.get(1);
        int rank = meta.get(2);
        for (@Parallel int i = 0; i < out.getSize(); i++) {
            if (i < n) {
                int rem = i;
                int ia = 0;
                int ib = 0;
                for (int d = rank - 1; d >= 0; d--) {
                    int dim = meta.get(3 + d);
                    int c = rem % dim;
                    rem = rem / dim;
                    ia += c * meta.get(3 + rank + d);
                    ib += c * meta.get(3 + 2 * rank + d);
                }
                out.set(i, applyBinary(op, a.get(ia), b.get(ib)));
            }
        }
    }

    /** {@code out[i] = op(a[ia], b[ib]) ? 1 : 0} with broadcasting; meta as for {@link #binary}. */
    public static void compare(FloatArray a, FloatArray b, IntArray out, IntArray meta) {
        int n = meta.get(0);
        int op = meta.get(1);
        int rank = meta.get(2);
        for (@Parallel int i = 0; i < out.getSize(); i++) {
            if (i < n) {
                int rem = i;
                int ia = 0;
                int ib = 0;
                for (int d = rank - 1; d >= 0; d--) {
                    int dim = meta.get(3 + d);
                    int c = rem % dim;
                    rem = rem / dim;
                    ia += c * meta.get(3 + rank + d);
                    ib += c * meta.get(3 + 2 * rank + d);
                }
                out.set(i, applyCompare(op, a.get(ia), b.get(ib)));
            }
        }
    }

    /** {@code out[i] = cond[ic] != 0 ? a[ia] : b[ib]}; meta: count, unused, rank, dims, cond/a/b strides. */
    public static void where(IntArray cond, FloatArray a, FloatArray b, FloatArray out, IntArray meta) {
        int n = meta.get(0);
        int rank = meta.get(2);
        for (@Parallel int i = 0; i < out.getSize(); i++) {
            if (i < n) {
                int rem = i;
                int ic = 0;
                int ia = 0;
                int ib = 0;
                for (int d = rank - 1; d >= 0; d--) {
                    int dim = meta.get(3 + d);
                    int c = rem % dim;
                    rem = rem / dim;
                    ic += c * meta.get(3 + rank + d);
                    ia += c * meta.get(3 + 2 * rank + d);
                    ib += c * meta.get(3 + 3 * rank + d);
                }
                if (cond.get(ic) != 0) {
                    out.set(i, a.get(ia));
                } else {
                    out.set(i, b.get(ib));
                }
            }
        }
    }

    /**
     * SUM, PROD, MAX or MIN over the reduced axes, one work item per output element; meta: outputs, op,
     * reduced count, kept rank, kept dims, kept strides, reduced rank, reduced dims, reduced strides.
     */
    public static void reduce(FloatArray x, FloatArray out, IntArray meta) {
        int n = meta.get(0);
        int op = meta.get(1);
        int count = meta.get(2);
        int kRank = meta.get(3);
        int rBase = 4 + 2 * kRank;
        int rRank = meta.get(rBase);
        for (@Parallel int o = 0; o < out.getSize(); o++) {
            if (o < n) {
                int base = keptOffset(o, kRank, meta);
                double acc = 0;
                if (op == Meta.PROD) {
                    acc = 1;
                } else if (op == Meta.RMAX) {
                    acc = Double.NEGATIVE_INFINITY;
                } else if (op == Meta.RMIN) {
                    acc = Double.POSITIVE_INFINITY;
                }
                for (int j = 0; j < count; j++) {
                    double v = x.get(base + reducedOffset(j, rBase, rRank, meta));
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
                out.set(o, (float) acc);
            }
        }
    }

    /** ARGMAX or ARGMIN (first extreme, NaN counting as extreme) over one axis; meta as for {@link #reduce}. */
    public static void argReduce(FloatArray x, IntArray out, IntArray meta) {
        int n = meta.get(0);
        int op = meta.get(1);
        int count = meta.get(2);
        int kRank = meta.get(3);
        int rBase = 4 + 2 * kRank;
        int rRank = meta.get(rBase);
        for (@Parallel int o = 0; o < out.getSize(); o++) {
            if (o < n) {
                int base = keptOffset(o, kRank, meta);
                int best = 0;
                float bestValue = x.get(base);
                int done = bestValue != bestValue ? 1 : 0;
                for (int j = 1; j < count; j++) {
                    if (done == 0) {
                        float v = x.get(base + reducedOffset(j, rBase, rRank, meta));
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
                out.set(o, best);
            }
        }
    }

    /**
     * Batched {@code op(A) @ op(B)}, one work item per output element; meta: outputs, m, k, n, transpose A,
     * transpose B, batch rank, batch dims, A batch strides, B batch strides (in whole matrices).
     */
    public static void matmul(FloatArray a, FloatArray b, FloatArray out, IntArray meta) {
        int total = meta.get(0);
        int m = meta.get(1);
        int k = meta.get(2);
        int n = meta.get(3);
        int ta = meta.get(4);
        int tb = meta.get(5);
        int bRank = meta.get(6);
        for (@Parallel int i = 0; i < out.getSize(); i++) {
            if (i < total) {
                int mn = m * n;
                int bi = i / mn;
                int rc = i - bi * mn;
                int r = rc / n;
                int c = rc - r * n;
                int aMat = 0;
                int bMat = 0;
                int rem = bi;
                for (int d = bRank - 1; d >= 0; d--) {
                    int dim = meta.get(7 + d);
                    int q = rem % dim;
                    rem = rem / dim;
                    aMat += q * meta.get(7 + bRank + d);
                    bMat += q * meta.get(7 + 2 * bRank + d);
                }
                int aOff = aMat * m * k;
                int bOff = bMat * k * n;
                double acc = 0;
                for (int p = 0; p < k; p++) {
                    int ai = ta == 0 ? aOff + r * k + p : aOff + p * m + r;
                    int bj = tb == 0 ? bOff + p * n + c : bOff + c * k + p;
                    acc += (double) a.get(ai) * (double) b.get(bj);
                }
                out.set(i, (float) acc);
            }
        }
    }

    private static int keptOffset(int o, int kRank, IntArray meta) {
        int rem = o;
        int off = 0;
        for (int d = kRank - 1; d >= 0; d--) {
            int dim = meta.get(4 + d);
            int c = rem % dim;
            rem = rem / dim;
            off += c * meta.get(4 + kRank + d);
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
