package dev.adjoint.backend.tornado;

import dev.adjoint.api.DType;
import dev.adjoint.api.PadMode;
import dev.adjoint.api.Shape;
import dev.adjoint.api.spi.Backend;
import dev.adjoint.api.spi.BinaryOp;
import dev.adjoint.api.spi.Broadcast;
import dev.adjoint.api.spi.CompareOp;
import dev.adjoint.api.spi.ConvSpec;
import dev.adjoint.api.spi.MatmulSpec;
import dev.adjoint.api.spi.NeighborList;
import dev.adjoint.api.spi.ReduceOp;
import dev.adjoint.api.spi.SampleSpec;
import dev.adjoint.api.spi.Storage;
import dev.adjoint.api.spi.UnaryOp;
import dev.adjoint.backend.tornado.kernels.Kernels32;
import dev.adjoint.backend.tornado.kernels.Kernels64;
import dev.adjoint.backend.tornado.kernels.Meta;
import java.util.Arrays;
import uk.ac.manchester.tornado.api.common.TornadoDevice;
import uk.ac.manchester.tornado.api.types.arrays.DoubleArray;
import uk.ac.manchester.tornado.api.types.arrays.FloatArray;
import uk.ac.manchester.tornado.api.types.arrays.IntArray;

/**
 * The TornadoVM backend. Tensors live in TornadoVM off-heap arrays ({@link DeviceStorage}). On the device
 * run, for float32 and float64: the unary ops except ERF and GELU, the binary ops except MOD, compare and
 * where (all with broadcasting), the reductions and matmul. Every other kernel, and every INT32 kernel, runs on
 * the host in the {@link HostFallback} (a copy to Java arrays, the reference backend's plain Java loops, a copy back).
 */
public final class TornadoBackend implements Backend {
    private final Plans plans;
    private final HostFallback host = new HostFallback();

    /** Starts the backend on TornadoVM's default device. */
    public TornadoBackend() {
        TornadoDevice device = TornadoProbe.device();
        plans = new Plans(device.getPhysicalDevice().getDeviceName().trim(), TornadoProbe.fp64(device));
    }

    @Override
    public String name() {
        return TornadoProvider.NAME;
    }

    // ---- storage ----------------------------------------------------------------------------------

    @Override
    public Storage zeros(DType dtype, int size) {
        return DeviceStorage.allocate(dtype, size);
    }

    @Override
    public Storage full(DType dtype, int size, double value) {
        DeviceStorage s = DeviceStorage.allocate(dtype, size);
        switch (dtype) {
            case FLOAT32 -> {
                FloatArray a = s.f32();
                for (int i = 0; i < size; i++) {
                    a.set(i, (float) value);
                }
            }
            case FLOAT64 -> {
                DoubleArray a = s.f64();
                for (int i = 0; i < size; i++) {
                    a.set(i, value);
                }
            }
            case INT32 -> {
                IntArray a = s.i32();
                for (int i = 0; i < size; i++) {
                    a.set(i, (int) value);
                }
            }
        }
        return s;
    }

    @Override
    public Storage fromHost(float[] data) {
        DeviceStorage s = DeviceStorage.allocate(DType.FLOAT32, data.length);
        FloatArray a = s.f32();
        for (int i = 0; i < data.length; i++) {
            a.set(i, data[i]);
        }
        return s;
    }

    @Override
    public Storage fromHost(double[] data) {
        DeviceStorage s = DeviceStorage.allocate(DType.FLOAT64, data.length);
        DoubleArray a = s.f64();
        for (int i = 0; i < data.length; i++) {
            a.set(i, data[i]);
        }
        return s;
    }

    @Override
    public Storage fromHost(int[] data) {
        DeviceStorage s = DeviceStorage.allocate(DType.INT32, data.length);
        IntArray a = s.i32();
        for (int i = 0; i < data.length; i++) {
            a.set(i, data[i]);
        }
        return s;
    }

    @Override
    public float[] toFloats(Storage s) {
        return HostFallback.floats(own(s));
    }

    @Override
    public double[] toDoubles(Storage s) {
        return HostFallback.doubles(own(s));
    }

    @Override
    public int[] toInts(Storage s) {
        return HostFallback.ints(own(s));
    }

    @Override
    public Storage cast(Storage x, DType to) {
        return host.cast(own(x), to);
    }

    // ---- elementwise ----------------------------------------------------------------------------------

    @Override
    public Storage unary(UnaryOp op, Storage x) {
        DeviceStorage d = own(x);
        int code = unaryCode(op);
        if (!d.dtype().isFloating() || code < 0) {
            return host.unary(op, d);
        }
        if (d.size() == 0) {
            return DeviceStorage.allocate(d.dtype(), 0);
        }
        int[] meta = {d.size(), code};
        return d.dtype() == DType.FLOAT32
                ? plans.run("unary", (g, in, out, m) -> g.task("t", Kernels32::unary,
                        (FloatArray) in[0], (FloatArray) out, m), new DeviceStorage[] {d}, meta, DType.FLOAT32,
                        d.size())
                : plans.run("unary", (g, in, out, m) -> g.task("t", Kernels64::unary,
                        (DoubleArray) in[0], (DoubleArray) out, m), new DeviceStorage[] {d}, meta, DType.FLOAT64,
                        d.size());
    }

    @Override
    public Storage binary(BinaryOp op, Storage a, Storage b, Broadcast plan) {
        DeviceStorage da = own(a);
        DeviceStorage db = own(b);
        int[] meta = broadcastMeta(binaryCode(op), plan);
        if (!da.dtype().isFloating() || meta == null) {
            return host.binary(op, da, db, plan);
        }
        int n = plan.out().size();
        if (n == 0) {
            return DeviceStorage.allocate(da.dtype(), 0);
        }
        DeviceStorage[] in = {da, db};
        return da.dtype() == DType.FLOAT32
                ? plans.run("binary", (g, i, out, m) -> g.task("t", Kernels32::binary,
                        (FloatArray) i[0], (FloatArray) i[1], (FloatArray) out, m), in, meta, DType.FLOAT32, n)
                : plans.run("binary", (g, i, out, m) -> g.task("t", Kernels64::binary,
                        (DoubleArray) i[0], (DoubleArray) i[1], (DoubleArray) out, m), in, meta, DType.FLOAT64, n);
    }

    @Override
    public Storage compare(CompareOp op, Storage a, Storage b, Broadcast plan) {
        DeviceStorage da = own(a);
        DeviceStorage db = own(b);
        int[] meta = broadcastMeta(compareCode(op), plan);
        if (!da.dtype().isFloating() || meta == null) {
            return host.compare(op, da, db, plan);
        }
        int n = plan.out().size();
        if (n == 0) {
            return DeviceStorage.allocate(DType.INT32, 0);
        }
        DeviceStorage[] in = {da, db};
        return da.dtype() == DType.FLOAT32
                ? plans.run("compare", (g, i, out, m) -> g.task("t", Kernels32::compare,
                        (FloatArray) i[0], (FloatArray) i[1], (IntArray) out, m), in, meta, DType.INT32, n)
                : plans.run("compare", (g, i, out, m) -> g.task("t", Kernels64::compare,
                        (DoubleArray) i[0], (DoubleArray) i[1], (IntArray) out, m), in, meta, DType.INT32, n);
    }

    @Override
    public Storage where(Storage cond, Storage a, Storage b, Broadcast plan) {
        DeviceStorage dc = own(cond);
        if (dc.dtype() != DType.INT32 && dc.size() > 0) {
            // A float condition becomes its != 0 mask on the device, in the same layout.
            dc = (DeviceStorage) compare(CompareOp.NE, dc, DeviceStorage.allocate(dc.dtype(), 1),
                    new Broadcast(Shape.of(dc.size()), new int[] {1}, new int[] {0}));
        }
        DeviceStorage da = own(a);
        DeviceStorage db = own(b);
        int[] meta = broadcastMeta(0, plan);
        if (!da.dtype().isFloating() || meta == null) {
            return host.where(dc, da, db, plan);
        }
        int n = plan.out().size();
        if (n == 0) {
            return DeviceStorage.allocate(da.dtype(), 0);
        }
        DeviceStorage[] in = {dc, da, db};
        return da.dtype() == DType.FLOAT32
                ? plans.run("where", (g, i, out, m) -> g.task("t", Kernels32::where, (IntArray) i[0],
                        (FloatArray) i[1], (FloatArray) i[2], (FloatArray) out, m), in, meta, DType.FLOAT32, n)
                : plans.run("where", (g, i, out, m) -> g.task("t", Kernels64::where, (IntArray) i[0],
                        (DoubleArray) i[1], (DoubleArray) i[2], (DoubleArray) out, m), in, meta, DType.FLOAT64, n);
    }

    // ---- reductions and linear algebra --------------------------------------------------------------

    @Override
    public Storage reduce(ReduceOp op, Storage x, Shape shape, int[] axes) {
        DeviceStorage d = own(x);
        int[] meta = reduceMeta(op, shape, axes);
        if (!d.dtype().isFloating() || meta == null) {
            return host.reduce(op, d, shape, axes);
        }
        int n = meta[0];
        boolean arg = op == ReduceOp.ARGMAX || op == ReduceOp.ARGMIN;
        DType outType = arg ? DType.INT32 : d.dtype();
        if (n == 0 || (meta[2] == 0 && arg)) {
            return host.reduce(op, d, shape, axes);
        }
        DeviceStorage[] in = {d};
        if (arg) {
            return d.dtype() == DType.FLOAT32
                    ? plans.run("argReduce", (g, i, out, m) -> g.task("t", Kernels32::argReduce,
                            (FloatArray) i[0], (IntArray) out, m), in, meta, outType, n)
                    : plans.run("argReduce", (g, i, out, m) -> g.task("t", Kernels64::argReduce,
                            (DoubleArray) i[0], (IntArray) out, m), in, meta, outType, n);
        }
        return d.dtype() == DType.FLOAT32
                ? plans.run("reduce", (g, i, out, m) -> g.task("t", Kernels32::reduce,
                        (FloatArray) i[0], (FloatArray) out, m), in, meta, outType, n)
                : plans.run("reduce", (g, i, out, m) -> g.task("t", Kernels64::reduce,
                        (DoubleArray) i[0], (DoubleArray) out, m), in, meta, outType, n);
    }

    @Override
    public Storage matmul(Storage a, Storage b, MatmulSpec spec) {
        DeviceStorage da = own(a);
        DeviceStorage db = own(b);
        int bRank = spec.batch().rank();
        int n = spec.batch().size() * spec.m() * spec.n();
        if (!da.dtype().isFloating() || !Plans.fits(7 + 3 * bRank)) {
            return host.matmul(da, db, spec);
        }
        if (n == 0) {
            return DeviceStorage.allocate(da.dtype(), 0);
        }
        int[] meta = new int[7 + 3 * bRank];
        meta[0] = n;
        meta[1] = spec.m();
        meta[2] = spec.k();
        meta[3] = spec.n();
        meta[4] = spec.transposeA() ? 1 : 0;
        meta[5] = spec.transposeB() ? 1 : 0;
        meta[6] = bRank;
        for (int d = 0; d < bRank; d++) {
            meta[7 + d] = spec.batch().dim(d);
            meta[7 + bRank + d] = spec.aBatchStrides()[d];
            meta[7 + 2 * bRank + d] = spec.bBatchStrides()[d];
        }
        DeviceStorage[] in = {da, db};
        return da.dtype() == DType.FLOAT32
                ? plans.run("matmul", (g, i, out, m) -> g.task("t", Kernels32::matmul,
                        (FloatArray) i[0], (FloatArray) i[1], (FloatArray) out, m), in, meta, DType.FLOAT32, n)
                : plans.run("matmul", (g, i, out, m) -> g.task("t", Kernels64::matmul,
                        (DoubleArray) i[0], (DoubleArray) i[1], (DoubleArray) out, m), in, meta, DType.FLOAT64, n);
    }

    // ---- host-fallback kernels ------------------------------------------------------------------------

    @Override
    public Storage conv(Storage x, Storage w, ConvSpec spec) {
        return host.conv(own(x), own(w), spec);
    }

    @Override
    public Storage convTranspose(Storage y, Storage w, ConvSpec spec) {
        return host.convTranspose(own(y), own(w), spec);
    }

    @Override
    public Storage convWeightGrad(Storage x, Storage dy, ConvSpec spec) {
        return host.convWeightGrad(own(x), own(dy), spec);
    }

    @Override
    public Storage strided(Storage x, int offset, int[] strides, Shape out) {
        return host.strided(own(x), offset, strides, out);
    }

    @Override
    public Storage concat(Storage[] parts, Shape[] shapes, int axis) {
        DeviceStorage[] own = new DeviceStorage[parts.length];
        for (int i = 0; i < parts.length; i++) {
            own[i] = own(parts[i]);
        }
        return host.concat(own, shapes, axis);
    }

    @Override
    public Storage pad(Storage x, Shape shape, int[] before, int[] after, PadMode mode, double value) {
        return host.pad(own(x), shape, before, after, mode, value);
    }

    @Override
    public Storage gather(Storage x, Shape shape, int axis, Storage idx, int count) {
        return host.gather(own(x), shape, axis, own(idx), count);
    }

    @Override
    public Storage scatterAdd(Storage src, Shape srcShape, int axis, Storage idx, int outSize) {
        return host.scatterAdd(own(src), srcShape, axis, own(idx), outSize);
    }

    @Override
    public Storage gridSample(Storage grid, Storage points, SampleSpec spec) {
        return host.gridSample(own(grid), own(points), spec);
    }

    @Override
    public Storage gridSampleAdjoint(Storage values, Storage points, SampleSpec spec) {
        return host.gridSampleAdjoint(own(values), own(points), spec);
    }

    @Override
    public Storage fft(Storage x, Shape shape, int dims, boolean inverse) {
        return host.fft(own(x), shape, dims, inverse);
    }

    @Override
    public Storage rfft(Storage x, Shape shape, int dims) {
        return host.rfft(own(x), shape, dims);
    }

    @Override
    public Storage irfft(Storage x, Shape shape, int dims, int lastSize) {
        return host.irfft(own(x), shape, dims, lastSize);
    }

    @Override
    public NeighborList radiusNeighbors(Storage points, int n, Storage queries, int m, int dims, double radius,
            double[] box) {
        return host.radiusNeighbors(own(points), n, own(queries), m, dims, radius, box);
    }

    // ---- helpers ---------------------------------------------------------------------------------------

    /** This backend's storage for {@code s}; storage of another backend is copied in through the host. */
    private DeviceStorage own(Storage s) {
        if (s instanceof DeviceStorage d) {
            return d;
        }
        return HostFallback.fromHeap(s);
    }

    /** Meta for a broadcast kernel: count, op, rank, dims, then each input's strides; null if too long. */
    private static int[] broadcastMeta(int code, Broadcast plan) {
        int rank = plan.out().rank();
        int length = 3 + rank * (1 + plan.strides().length);
        if (code < 0 || !Plans.fits(length)) {
            return null;
        }
        int[] meta = new int[length];
        meta[0] = plan.out().size();
        meta[1] = code;
        meta[2] = rank;
        for (int d = 0; d < rank; d++) {
            meta[3 + d] = plan.out().dim(d);
            for (int k = 0; k < plan.strides().length; k++) {
                meta[3 + (k + 1) * rank + d] = plan.strides()[k][d];
            }
        }
        return meta;
    }

    /**
     * Meta for a reduction: outputs, op, reduced count, kept rank, kept dims, kept strides, reduced rank,
     * reduced dims, reduced strides; null if too long.
     */
    private static int[] reduceMeta(ReduceOp op, Shape shape, int[] axes) {
        int rank = shape.rank();
        int[] strides = shape.strides();
        int rRank = axes.length;
        int kRank = rank - rRank;
        int length = 5 + 2 * kRank + 2 * rRank;
        if (!Plans.fits(length)) {
            return null;
        }
        int[] meta = new int[length];
        meta[1] = reduceCode(op);
        meta[3] = kRank;
        int rBase = 4 + 2 * kRank;
        meta[rBase] = rRank;
        int outputs = 1;
        int count = 1;
        int k = 0;
        int r = 0;
        for (int d = 0; d < rank; d++) {
            if (Arrays.binarySearch(axes, d) >= 0) {
                meta[rBase + 1 + r] = shape.dim(d);
                meta[rBase + 1 + rRank + r] = strides[d];
                count *= shape.dim(d);
                r++;
            } else {
                meta[4 + k] = shape.dim(d);
                meta[4 + kRank + k] = strides[d];
                outputs *= shape.dim(d);
                k++;
            }
        }
        meta[0] = outputs;
        meta[2] = count;
        return meta;
    }

    private static int unaryCode(UnaryOp op) {
        return switch (op) {
            case NEG -> Meta.NEG;
            case ABS -> Meta.ABS;
            case SIGN -> Meta.SIGN;
            case SQUARE -> Meta.SQUARE;
            case SQRT -> Meta.SQRT;
            case RSQRT -> Meta.RSQRT;
            case RECIPROCAL -> Meta.RECIPROCAL;
            case EXP -> Meta.EXP;
            case EXPM1 -> Meta.EXPM1;
            case LOG -> Meta.LOG;
            case LOG1P -> Meta.LOG1P;
            case SIN -> Meta.SIN;
            case COS -> Meta.COS;
            case TAN -> Meta.TAN;
            case ATAN -> Meta.ATAN;
            case TANH -> Meta.TANH;
            case SIGMOID -> Meta.SIGMOID;
            case SOFTPLUS -> Meta.SOFTPLUS;
            case RELU -> Meta.RELU;
            case ELU -> Meta.ELU;
            case SILU -> Meta.SILU;
            case FLOOR -> Meta.FLOOR;
            case CEIL -> Meta.CEIL;
            case ROUND -> Meta.ROUND;
            case ERF, GELU -> -1;
        };
    }

    private static int binaryCode(BinaryOp op) {
        return switch (op) {
            case ADD -> Meta.ADD;
            case SUB -> Meta.SUB;
            case MUL -> Meta.MUL;
            case DIV -> Meta.DIV;
            case POW -> Meta.POW;
            case MAX -> Meta.MAX;
            case MIN -> Meta.MIN;
            case ATAN2 -> Meta.ATAN2;
            case MOD -> -1;
        };
    }

    private static int compareCode(CompareOp op) {
        return switch (op) {
            case EQ -> Meta.EQ;
            case NE -> Meta.NE;
            case LT -> Meta.LT;
            case LE -> Meta.LE;
            case GT -> Meta.GT;
            case GE -> Meta.GE;
        };
    }

    private static int reduceCode(ReduceOp op) {
        return switch (op) {
            case SUM -> Meta.SUM;
            case PROD -> Meta.PROD;
            case MAX -> Meta.RMAX;
            case MIN -> Meta.RMIN;
            case ARGMAX -> Meta.ARGMAX;
            case ARGMIN -> Meta.ARGMIN;
        };
    }
}
