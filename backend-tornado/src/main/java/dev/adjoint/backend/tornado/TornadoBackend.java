package dev.adjoint.backend.tornado;

import dev.adjoint.api.Boundary;
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
import dev.adjoint.backend.tornado.Device.Kernel;
import dev.adjoint.backend.tornado.kernels.Meta;
import java.lang.foreign.MemorySegment;
import java.util.Arrays;
import java.util.Locale;
import uk.ac.manchester.tornado.api.common.TornadoDevice;

/**
 * The TornadoVM backend. Tensors live on the device, in per-dtype arenas ({@link Device}), and are copied to the
 * host only when read, so chains of device kernels never round-trip through the host. On the device run, for
 * float32 and float64: every unary op, every binary op but MOD, compare and where (all with broadcasting), the
 * reductions (split across work items when few outputs reduce many elements), matmul, convolution with both
 * adjoints, multilinear sampling; for every dtype: the layout ops (strided reads, concat, pad in every mode), fills
 * and casts. The rest (INT32 arithmetic, MOD, gather and scatter-add, the sampling adjoint, FFTs, neighbour search)
 * runs on the host in the {@link HostFallback} (download, the reference backend's plain Java loops, upload).
 */
public final class TornadoBackend implements Backend {
    /** Reduced elements per work item above which a reduction with few outputs is split into parts. */
    private static final int CHUNK = 4096;
    /** Outputs from which a reduction is parallel enough without splitting. */
    private static final int PARALLEL_OUTPUTS = 4096;

    private final Device device;
    private final HostFallback host;

    /** Starts the backend on TornadoVM's default device. */
    public TornadoBackend() {
        TornadoDevice d = TornadoProbe.device();
        device = new Device(d.getPhysicalDevice().getDeviceName().trim(), TornadoProbe.fp64(d));
        host = new HostFallback(device);
    }

    @Override
    public String name() {
        return TornadoProvider.NAME;
    }

    /** Kernel launches on the device so far, uploads included (for tests and benchmarks). */
    public long deviceLaunches() {
        return device.launches();
    }

    /** Copies between host and device so far, one per upload or download (for tests and benchmarks). */
    public long hostTransfers() {
        return device.transfers();
    }

    /** Elements of {@code dtype} held on the device now (for tests and benchmarks). */
    public long deviceElementsInUse(DType dtype) {
        return device.used(dtype);
    }

    // ---- storage ----------------------------------------------------------------------------------

    @Override
    public Storage zeros(DType dtype, int size) {
        return full(dtype, size, 0);
    }

    @Override
    public Storage full(DType dtype, int size, double value) {
        DeviceStorage out = device.allocate(dtype, size, "full");
        if (size > 0) {
            device.launchWithValue(Kernel.FILL, dtype, size, new int[] {size, 0, out.offset()}, value, out);
        }
        return out;
    }

    @Override
    public Storage fromHost(float[] data) {
        return upload(DType.FLOAT32, data.length, MemorySegment.ofArray(data));
    }

    @Override
    public Storage fromHost(double[] data) {
        return upload(DType.FLOAT64, data.length, MemorySegment.ofArray(data));
    }

    @Override
    public Storage fromHost(int[] data) {
        return upload(DType.INT32, data.length, MemorySegment.ofArray(data));
    }

    private DeviceStorage upload(DType dtype, int size, MemorySegment data) {
        DeviceStorage out = device.allocate(dtype, size, "fromHost");
        device.upload(out, data);
        return out;
    }

    @Override
    public float[] toFloats(Storage s) {
        return host.floats(own(s));
    }

    @Override
    public double[] toDoubles(Storage s) {
        return host.doubles(own(s));
    }

    @Override
    public int[] toInts(Storage s) {
        return host.ints(own(s));
    }

    @Override
    public Storage cast(Storage x, DType to) {
        DeviceStorage d = own(x);
        DType from = d.dtype();
        if (from == to) {
            return d;
        }
        DeviceStorage out = device.allocate(to, d.size(), "cast");
        if (d.size() == 0) {
            return out;
        }
        int[] meta = {d.size(), 0, d.offset(), out.offset()};
        if (from == DType.INT32) {
            device.launch(Kernel.FROM_INTS, to, d.size(), meta, d, out);
        } else if (to == DType.INT32) {
            device.launch(Kernel.TO_INTS, from, d.size(), meta, d, out);
        } else {
            device.launch(from == DType.FLOAT32 ? Kernel.WIDEN : Kernel.NARROW, from, d.size(), meta, d, out);
        }
        return out;
    }

    // ---- elementwise ----------------------------------------------------------------------------------

    @Override
    public Storage unary(UnaryOp op, Storage x) {
        DeviceStorage d = own(x);
        int code = unaryCode(op);
        if (!d.dtype().isFloating() || code < 0) {
            return host.unary(op, d);
        }
        DeviceStorage out = device.allocate(d.dtype(), d.size(), "unary");
        if (d.size() > 0) {
            device.launch(Kernel.UNARY, d.dtype(), d.size(), new int[] {d.size(), code, d.offset(), out.offset()},
                    d, out);
        }
        return out;
    }

    @Override
    public Storage binary(BinaryOp op, Storage a, Storage b, Broadcast plan) {
        DeviceStorage da = own(a);
        DeviceStorage db = own(b);
        int code = binaryCode(op);
        if (!da.dtype().isFloating() || code < 0 || !fits(6 + 3 * plan.out().rank())) {
            return host.binary(op, da, db, plan);
        }
        return broadcast(Kernel.BINARY, code, da.dtype(), da.dtype(), plan, da, db);
    }

    @Override
    public Storage compare(CompareOp op, Storage a, Storage b, Broadcast plan) {
        DeviceStorage da = own(a);
        DeviceStorage db = own(b);
        if (!da.dtype().isFloating() || !fits(6 + 3 * plan.out().rank())) {
            return host.compare(op, da, db, plan);
        }
        return broadcast(Kernel.COMPARE, compareCode(op), da.dtype(), DType.INT32, plan, da, db);
    }

    @Override
    public Storage where(Storage cond, Storage a, Storage b, Broadcast plan) {
        DeviceStorage dc = own(cond);
        DeviceStorage da = own(a);
        DeviceStorage db = own(b);
        if (!da.dtype().isFloating() || !fits(7 + 4 * plan.out().rank())) {
            return host.where(dc, da, db, plan);
        }
        if (dc.dtype() != DType.INT32) {
            // A float condition becomes its != 0 mask on the device, in the same layout.
            dc = (DeviceStorage) compare(CompareOp.NE, dc, zeros(dc.dtype(), 1),
                    new Broadcast(Shape.of(dc.size()), new int[] {1}, new int[] {0}));
        }
        return broadcast(Kernel.WHERE, 0, da.dtype(), da.dtype(), plan, dc, da, db);
    }

    /**
     * One broadcasting kernel; meta: count, op, each operand's offset, the output's offset, rank, dims, then each
     * operand's strides.
     */
    private DeviceStorage broadcast(Kernel kernel, int code, DType dtype, DType outType, Broadcast plan,
            DeviceStorage... in) {
        int n = plan.out().size();
        DeviceStorage out = device.allocate(outType, n, kernel.name().toLowerCase(Locale.ROOT));
        if (n == 0) {
            return out;
        }
        int k = in.length;
        Coalesced space = Coalesced.of(plan.out().dims(), plan.strides());
        int rank = space.rank();
        int[] meta = new int[4 + k + rank * (1 + k)];
        meta[0] = n;
        meta[1] = code;
        for (int j = 0; j < k; j++) {
            meta[2 + j] = in[j].offset();
        }
        meta[2 + k] = out.offset();
        meta[3 + k] = rank;
        for (int d = 0; d < rank; d++) {
            meta[4 + k + d] = space.dims()[d];
            for (int j = 0; j < k; j++) {
                meta[4 + k + (j + 1) * rank + d] = space.strides()[j][d];
            }
        }
        device.launch(kernel, dtype, n, meta, keep(out, in));
        return out;
    }

    // ---- reductions and linear algebra --------------------------------------------------------------

    @Override
    public Storage reduce(ReduceOp op, Storage x, Shape shape, int[] axes) {
        DeviceStorage d = own(x);
        int rank = shape.rank();
        boolean arg = op == ReduceOp.ARGMAX || op == ReduceOp.ARGMIN;
        int count = 1;
        for (int axis : axes) {
            count *= shape.dim(axis);
        }
        int outputs = count == 0 ? 0 : d.size() / count;
        if (count == 0 || !d.dtype().isFloating() || !fits(9 + 2 * rank)) {
            return host.reduce(op, d, shape, axes);
        }
        if (outputs == 0) {
            return device.allocate(arg ? DType.INT32 : d.dtype(), keptSize(shape, axes), "reduce");
        }
        int[] meta = reduceMeta(reduceCode(op), shape, axes);
        meta[2] = d.offset();
        meta[4] = count;
        if (arg) {
            DeviceStorage out = device.allocate(DType.INT32, outputs, "reduce");
            meta[0] = outputs;
            meta[3] = out.offset();
            meta[5] = 1;
            meta[6] = count;
            device.launch(Kernel.ARG_REDUCE, d.dtype(), outputs, meta, d, out);
            return out;
        }
        int parts = outputs >= PARALLEL_OUTPUTS || count < 2 * CHUNK ? 1 : (count + CHUNK - 1) / CHUNK;
        int chunk = (count + parts - 1) / parts;
        DeviceStorage out = device.allocate(d.dtype(), outputs, "reduce");
        DeviceStorage partial = parts == 1 ? out : device.allocate(d.dtype(), outputs * parts, "reduce");
        meta[0] = outputs * parts;
        meta[3] = partial.offset();
        meta[5] = parts;
        meta[6] = chunk;
        device.launch(Kernel.REDUCE, d.dtype(), outputs * parts, meta, d, partial);
        if (parts > 1) {
            // The parts of each output are contiguous: reduce them as a [outputs, parts] array along its last axis.
            int[] second = {outputs, meta[1], partial.offset(), out.offset(), parts, 1, parts,
                1, outputs, parts, 1, parts, 1};
            device.launch(Kernel.REDUCE, d.dtype(), outputs, second, partial, out);
        }
        return out;
    }

    @Override
    public Storage matmul(Storage a, Storage b, MatmulSpec spec) {
        DeviceStorage da = own(a);
        DeviceStorage db = own(b);
        int bRank = spec.batch().rank();
        if (!da.dtype().isFloating() || !fits(11 + 3 * bRank)) {
            return host.matmul(da, db, spec);
        }
        int n = spec.batch().size() * spec.m() * spec.n();
        if (spec.k() == 0) {
            return full(da.dtype(), n, 0);
        }
        DeviceStorage out = device.allocate(da.dtype(), n, "matmul");
        if (n == 0) {
            return out;
        }
        int[] meta = new int[11 + 3 * bRank];
        meta[0] = n;
        meta[2] = da.offset();
        meta[3] = db.offset();
        meta[4] = out.offset();
        meta[5] = spec.m();
        meta[6] = spec.k();
        meta[7] = spec.n();
        meta[8] = spec.transposeA() ? 1 : 0;
        meta[9] = spec.transposeB() ? 1 : 0;
        meta[10] = bRank;
        for (int d = 0; d < bRank; d++) {
            meta[11 + d] = spec.batch().dim(d);
            meta[11 + bRank + d] = spec.aBatchStrides()[d];
            meta[11 + 2 * bRank + d] = spec.bBatchStrides()[d];
        }
        device.launch(Kernel.MATMUL, da.dtype(), n, meta, da, db, out);
        return out;
    }

    // ---- layout ---------------------------------------------------------------------------------------

    @Override
    public Storage strided(Storage x, int offset, int[] strides, Shape out) {
        DeviceStorage d = own(x);
        DeviceStorage o = device.allocate(d.dtype(), out.size(), "strided");
        if (out.size() > 0) {
            copy(d.dtype(), out, d.offset() + offset, strides, o.offset(), out.strides(), d, o);
        }
        return o;
    }

    @Override
    public Storage concat(Storage[] parts, Shape[] shapes, int axis) {
        DeviceStorage[] own = new DeviceStorage[parts.length];
        int along = 0;
        for (int i = 0; i < parts.length; i++) {
            own[i] = own(parts[i]);
            along += shapes[i].dim(axis);
        }
        int[] dims = shapes[0].dims();
        dims[axis] = along;
        Shape outShape = Shape.of(dims);
        DType dtype = own[0].dtype();
        DeviceStorage out = device.allocate(dtype, outShape.size(), "concat");
        int[] outStrides = outShape.strides();
        int at = 0;
        for (int i = 0; i < parts.length; i++) {
            if (shapes[i].size() > 0) {
                copy(dtype, shapes[i], own[i].offset(), shapes[i].strides(), out.offset() + at * outStrides[axis],
                        outStrides, own[i], out);
            }
            at += shapes[i].dim(axis);
        }
        return out;
    }

    @Override
    public Storage pad(Storage x, Shape shape, int[] before, int[] after, PadMode mode, double value) {
        DeviceStorage d = own(x);
        int rank = shape.rank();
        if (!fits(5 + 4 * rank)) {
            return host.pad(d, shape, before, after, mode, value);
        }
        int[] outDims = new int[rank];
        for (int i = 0; i < rank; i++) {
            outDims[i] = shape.dim(i) + before[i] + after[i];
        }
        Shape outShape = Shape.of(outDims);
        DeviceStorage out = device.allocate(d.dtype(), outShape.size(), "pad");
        if (outShape.size() == 0) {
            return out;
        }
        int[] strides = shape.strides();
        int[] meta = new int[5 + 4 * rank];
        meta[0] = outShape.size();
        meta[1] = mode.ordinal();
        meta[2] = d.offset();
        meta[3] = out.offset();
        meta[4] = rank;
        for (int i = 0; i < rank; i++) {
            meta[5 + i] = outDims[i];
            meta[5 + rank + i] = shape.dim(i);
            meta[5 + 2 * rank + i] = before[i];
            meta[5 + 3 * rank + i] = strides[i];
        }
        device.launchWithValue(Kernel.PAD, d.dtype(), outShape.size(), meta, value, d, out);
        return out;
    }

    /** A strided copy on the device of the elements of {@code dims}. */
    private void copy(DType dtype, Shape dims, int src, int[] srcStrides, int dst, int[] dstStrides,
            DeviceStorage from, DeviceStorage to) {
        Coalesced space = Coalesced.of(dims.dims(), new int[][] {srcStrides, dstStrides});
        int rank = space.rank();
        if (!fits(5 + 3 * rank)) {
            throw new UnsupportedOperationException("the tornado backend copies tensors of up to "
                    + (Meta.CAPACITY - 5) / 3 + " non-mergeable axes on the device; this one has " + rank);
        }
        int[] meta = new int[5 + 3 * rank];
        meta[0] = dims.size();
        meta[2] = src;
        meta[3] = dst;
        meta[4] = rank;
        for (int d = 0; d < rank; d++) {
            meta[5 + d] = space.dims()[d];
            meta[5 + rank + d] = space.strides()[0][d];
            meta[5 + 2 * rank + d] = space.strides()[1][d];
        }
        device.launch(Kernel.COPY, dtype, dims.size(), meta, from, to);
    }

    // ---- convolution ----------------------------------------------------------------------------------

    @Override
    public Storage conv(Storage x, Storage w, ConvSpec spec) {
        DeviceStorage dx = own(x);
        DeviceStorage dw = own(w);
        if (!dx.dtype().isFloating()) {
            return host.conv(dx, dw, spec);
        }
        int[] meta = convMeta(spec);
        return convKernel(Kernel.CONV, dx.dtype(), spec.batch() * spec.outChannels() * cells(spec.outSize()), meta,
                dx, dw);
    }

    @Override
    public Storage convTranspose(Storage y, Storage w, ConvSpec spec) {
        DeviceStorage dy = own(y);
        DeviceStorage dw = own(w);
        boolean unitStride = Arrays.stream(spec.stride()).allMatch(s -> s == 1);
        if (!dy.dtype().isFloating() || (spec.periodic() && !unitStride)) {
            return host.convTranspose(dy, dw, spec);
        }
        int[] meta = convMeta(spec);
        return convKernel(Kernel.CONV_TRANSPOSE, dy.dtype(), spec.batch() * spec.inChannels() * cells(spec.inSize()),
                meta, dy, dw);
    }

    @Override
    public Storage convWeightGrad(Storage x, Storage dy, ConvSpec spec) {
        DeviceStorage dx = own(x);
        DeviceStorage ddy = own(dy);
        if (!dx.dtype().isFloating()) {
            return host.convWeightGrad(dx, ddy, spec);
        }
        int[] meta = convMeta(spec);
        int size = spec.outChannels() * (spec.groups() == 0 ? 0 : spec.inChannels() / spec.groups())
                * cells(spec.kernelSize());
        return convKernel(Kernel.CONV_WEIGHT, dx.dtype(), size, meta, dx, ddy);
    }

    /** One convolution kernel over {@code size} outputs, reading {@code a} and {@code b} (meta 2 and 3). */
    private DeviceStorage convKernel(Kernel kernel, DType dtype, int size, int[] meta, DeviceStorage a,
            DeviceStorage b) {
        DeviceStorage out = device.allocate(dtype, size, "conv");
        if (size > 0) {
            meta[0] = size;
            meta[2] = a.offset();
            meta[3] = b.offset();
            meta[4] = out.offset();
            device.launch(kernel, dtype, size, meta, a, b, out);
        }
        return out;
    }

    /** The geometry part of a convolution kernel's meta, spatial axes lifted to three (see Kernels32.conv). */
    private static int[] convMeta(ConvSpec spec) {
        int[] meta = new int[28];
        meta[5] = spec.batch();
        meta[6] = spec.inChannels();
        meta[7] = spec.outChannels();
        meta[8] = spec.groups();
        meta[9] = spec.periodic() ? 1 : 0;
        int lift = 3 - spec.dims();
        for (int d = 0; d < 3; d++) {
            int s = d - lift;
            meta[10 + d] = s < 0 ? 1 : spec.inSize()[s];
            meta[13 + d] = s < 0 ? 1 : spec.kernelSize()[s];
            meta[16 + d] = s < 0 ? 1 : spec.outSize()[s];
            meta[19 + d] = s < 0 ? 1 : spec.stride()[s];
            meta[22 + d] = s < 0 ? 1 : spec.dilation()[s];
            meta[25 + d] = s < 0 ? 0 : spec.padBefore()[s];
        }
        return meta;
    }

    private static int cells(int[] sizes) {
        int n = 1;
        for (int s : sizes) {
            n *= s;
        }
        return n;
    }

    // ---- host-fallback kernels ------------------------------------------------------------------------

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
        DeviceStorage g = own(grid);
        DeviceStorage p = own(points);
        if (!g.dtype().isFloating() || p.dtype() != g.dtype() || spec.dims() > 3) {
            return host.gridSample(g, p, spec);
        }
        int n = spec.batch() * spec.points() * spec.channels();
        DeviceStorage out = device.allocate(g.dtype(), n, "gridSample");
        if (n == 0) {
            return out;
        }
        int[] meta = new int[14];
        meta[0] = n;
        meta[2] = g.offset();
        meta[3] = p.offset();
        meta[4] = out.offset();
        meta[5] = spec.channels();
        meta[6] = spec.points();
        meta[7] = spec.dims();
        for (int d = 0; d < 3; d++) {
            meta[8 + d] = d < spec.dims() ? spec.size()[d] : 1;
            meta[11 + d] = d < spec.dims() ? spec.boundary()[d].ordinal() : Boundary.CLAMP.ordinal();
        }
        device.launch(Kernel.SAMPLE, g.dtype(), n, meta, g, p, out);
        return out;
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
        return host.fromHeap(s);
    }

    private static Object[] keep(DeviceStorage out, DeviceStorage[] in) {
        Object[] all = Arrays.copyOf(in, in.length + 1, Object[].class);
        all[in.length] = out;
        return all;
    }

    /** Whether a meta of {@code length} values fits the kernels' meta array. */
    private static boolean fits(int length) {
        return length <= Meta.CAPACITY;
    }

    private static int keptSize(Shape shape, int[] axes) {
        int size = 1;
        for (int d = 0; d < shape.rank(); d++) {
            if (Arrays.binarySearch(axes, d) < 0) {
                size *= shape.dim(d);
            }
        }
        return size;
    }

    /**
     * Meta for a reduction, with the offsets, count, parts and chunk (elements 2 to 6) left to the caller:
     * outputs, op, x, o, count, parts, chunk, kept rank, kept dims, kept strides, reduced rank, reduced dims,
     * reduced strides.
     */
    private static int[] reduceMeta(int code, Shape shape, int[] axes) {
        int rank = shape.rank();
        int[] strides = shape.strides();
        int rRank = axes.length;
        int kRank = rank - rRank;
        int[] meta = new int[9 + 2 * kRank + 2 * rRank];
        meta[1] = code;
        meta[7] = kRank;
        int rBase = 8 + 2 * kRank;
        meta[rBase] = rRank;
        int k = 0;
        int r = 0;
        for (int d = 0; d < rank; d++) {
            if (Arrays.binarySearch(axes, d) >= 0) {
                meta[rBase + 1 + r] = shape.dim(d);
                meta[rBase + 1 + rRank + r] = strides[d];
                r++;
            } else {
                meta[8 + k] = shape.dim(d);
                meta[8 + kRank + k] = strides[d];
                k++;
            }
        }
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
            case ERF -> Meta.ERF;
            case GELU -> Meta.GELU;
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
            // OpenCL C has no % on floats and TornadoVM no fmod: the host's exact remainder instead.
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
