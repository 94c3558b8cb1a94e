package dev.adjoint.api;

import dev.adjoint.api.spi.Backend;
import dev.adjoint.api.spi.BinaryOp;
import dev.adjoint.api.spi.CompareOp;
import dev.adjoint.api.spi.ReduceOp;
import dev.adjoint.api.spi.Storage;
import dev.adjoint.api.spi.UnaryOp;

/**
 * An immutable n-dimensional array of FLOAT32, FLOAT64 or INT32 elements, stored row-major by the
 * {@link Backend} that created it. Every op returns a new tensor; ops between tensors follow NumPy's
 * broadcasting rules and require equal dtypes (cast explicitly with {@link #cast}). A mistake in shapes,
 * axes, dtypes or indices throws an {@link OpException} naming the op and what was expected.
 *
 * <p>New tensors are created on {@link Backends#current()}; ops run on the backend of their inputs.
 */
public final class Tensor {
    private final Backend backend;
    private final Storage storage;
    private final Shape shape;
    private final GradNode node;

    Tensor(Backend backend, Storage storage, Shape shape) {
        this(backend, storage, shape, null);
    }

    private Tensor(Backend backend, Storage storage, Shape shape, GradNode node) {
        if (storage.size() != shape.size()) {
            throw new IllegalStateException("storage of " + storage.size() + " elements for shape " + shape);
        }
        this.backend = backend;
        this.storage = storage;
        this.shape = shape;
        this.node = node;
    }

    /** The same values carrying an autodiff node. */
    Tensor withNode(GradNode n) {
        return new Tensor(backend, storage, shape, n);
    }

    /** The autodiff node that produced this tensor, or null when no gradient flows through it. */
    GradNode node() {
        return node;
    }

    /** Whether gradients flow back through this tensor (it was tracked or computed from tracked tensors). */
    public boolean requiresGrad() {
        return node != null;
    }

    // ---- creation ------------------------------------------------------------------------------------

    /** Wraps storage made by {@code backend}; for backends and extensions, not for everyday use. */
    public static Tensor fromStorage(Backend backend, Storage storage, Shape shape) {
        return new Tensor(backend, storage, shape);
    }

    /** FLOAT32 zeros. */
    public static Tensor zeros(int... shape) {
        return zeros(DType.FLOAT32, shape);
    }

    public static Tensor zeros(DType dtype, int... shape) {
        Shape s = Shape.of(shape);
        Backend b = Backends.current();
        return new Tensor(b, b.zeros(dtype, s.size()), s);
    }

    /** FLOAT32 ones. */
    public static Tensor ones(int... shape) {
        return full(DType.FLOAT32, 1, shape);
    }

    public static Tensor ones(DType dtype, int... shape) {
        return full(dtype, 1, shape);
    }

    /** FLOAT32 filled with {@code value}. */
    public static Tensor full(double value, int... shape) {
        return full(DType.FLOAT32, value, shape);
    }

    public static Tensor full(DType dtype, double value, int... shape) {
        Shape s = Shape.of(shape);
        Backend b = Backends.current();
        return new Tensor(b, b.full(dtype, s.size(), value), s);
    }

    /** A FLOAT32 scalar (rank 0). */
    public static Tensor scalar(double value) {
        return full(DType.FLOAT32, value);
    }

    /** A rank-0 tensor of the given dtype. */
    public static Tensor scalar(double value, DType dtype) {
        return full(dtype, value);
    }

    /** FLOAT32 tensor copied from {@code data}; without a shape it is 1-D. */
    public static Tensor of(float[] data, int... shape) {
        Shape s = shapeFor("of", data.length, shape);
        Backend b = Backends.current();
        return new Tensor(b, b.fromHost(data.clone()), s);
    }

    /** FLOAT64 tensor copied from {@code data}; without a shape it is 1-D. */
    public static Tensor of(double[] data, int... shape) {
        Shape s = shapeFor("of", data.length, shape);
        Backend b = Backends.current();
        return new Tensor(b, b.fromHost(data.clone()), s);
    }

    /** INT32 tensor copied from {@code data}; without a shape it is 1-D. */
    public static Tensor of(int[] data, int... shape) {
        Shape s = shapeFor("of", data.length, shape);
        Backend b = Backends.current();
        return new Tensor(b, b.fromHost(data.clone()), s);
    }

    /** FLOAT32 2-D tensor from rows of equal length. */
    public static Tensor of(float[][] rows) {
        return Creation.fromRows(rows);
    }

    /** FLOAT64 2-D tensor from rows of equal length. */
    public static Tensor of(double[][] rows) {
        return Creation.fromRows(rows);
    }

    /** INT32 {@code [0, 1, ..., stop - 1]}. */
    public static Tensor arange(int stop) {
        return Creation.arange(stop);
    }

    /** {@code [start, start + step, ...)} below {@code stop} (above, for negative steps), like NumPy. */
    public static Tensor arange(double start, double stop, double step, DType dtype) {
        return Creation.arange(start, stop, step, dtype);
    }

    /** FLOAT32 {@code arange}. */
    public static Tensor arange(double start, double stop, double step) {
        return Creation.arange(start, stop, step, DType.FLOAT32);
    }

    /** {@code num} evenly spaced values from {@code start} to {@code stop} inclusive. */
    public static Tensor linspace(double start, double stop, int num, DType dtype) {
        return Creation.linspace(start, stop, num, dtype);
    }

    /** FLOAT32 {@code linspace}. */
    public static Tensor linspace(double start, double stop, int num) {
        return Creation.linspace(start, stop, num, DType.FLOAT32);
    }

    /** Zeros with this tensor's shape, dtype and backend. */
    public Tensor zerosLike() {
        return new Tensor(backend, backend.zeros(dtype(), size()), shape);
    }

    /** {@code value} with this tensor's shape, dtype and backend. */
    public Tensor fullLike(double value) {
        return new Tensor(backend, backend.full(dtype(), size(), value), shape);
    }

    /** Ones with this tensor's shape, dtype and backend. */
    public Tensor onesLike() {
        return fullLike(1);
    }

    // ---- properties and read-back ------------------------------------------------------------------

    public Shape shape() {
        return shape;
    }

    public DType dtype() {
        return storage.dtype();
    }

    public int rank() {
        return shape.rank();
    }

    /** Number of elements. */
    public int size() {
        return shape.size();
    }

    /** Dimension {@code axis}; negative axes count from the end. */
    public int dim(int axis) {
        return shape.dim(axis);
    }

    public Backend backend() {
        return backend;
    }

    /** The backend's storage handle; for backends and extensions. */
    public Storage storage() {
        return storage;
    }

    /** The elements as floats, converting from the tensor's dtype. */
    public float[] toFloatArray() {
        return dtype() == DType.FLOAT32 ? backend.toFloats(storage) : backend.toFloats(backend.cast(storage, DType.FLOAT32));
    }

    /** The elements as doubles, converting from the tensor's dtype. */
    public double[] toDoubleArray() {
        return dtype() == DType.FLOAT64 ? backend.toDoubles(storage)
                : backend.toDoubles(backend.cast(storage, DType.FLOAT64));
    }

    /** The elements as ints; float elements are truncated toward zero. */
    public int[] toIntArray() {
        return dtype() == DType.INT32 ? backend.toInts(storage) : backend.toInts(backend.cast(storage, DType.INT32));
    }

    /** The single element of a one-element tensor. */
    public double item() {
        if (size() != 1) {
            throw new OpException.ShapeException("item", "tensor of shape " + shape + " has " + size()
                    + " elements; expected exactly one");
        }
        return toDoubleArray()[0];
    }

    /** The element at a full index (negative indices count from the end). */
    public double get(int... index) {
        return Creation.elementAt(this, index);
    }

    /** This tensor on another backend (the same tensor if already there). */
    public Tensor to(Backend target) {
        return Creation.transfer(this, target);
    }

    /** Converts to another dtype; floats become ints by truncation toward zero. */
    public Tensor cast(DType to) {
        return Elementwise.cast(this, to);
    }

    /** NumPy-like text: the values (abbreviated when large), the shape and the dtype. */
    @Override
    public String toString() {
        return TensorFormat.format(this);
    }

    // ---- unary ---------------------------------------------------------------------------------------

    public Tensor neg() {
        return Elementwise.unary(UnaryOp.NEG, this);
    }

    public Tensor abs() {
        return Elementwise.unary(UnaryOp.ABS, this);
    }

    public Tensor sign() {
        return Elementwise.unary(UnaryOp.SIGN, this);
    }

    public Tensor square() {
        return Elementwise.unary(UnaryOp.SQUARE, this);
    }

    public Tensor sqrt() {
        return Elementwise.unary(UnaryOp.SQRT, this);
    }

    public Tensor rsqrt() {
        return Elementwise.unary(UnaryOp.RSQRT, this);
    }

    public Tensor reciprocal() {
        return Elementwise.unary(UnaryOp.RECIPROCAL, this);
    }

    public Tensor exp() {
        return Elementwise.unary(UnaryOp.EXP, this);
    }

    public Tensor expm1() {
        return Elementwise.unary(UnaryOp.EXPM1, this);
    }

    public Tensor log() {
        return Elementwise.unary(UnaryOp.LOG, this);
    }

    public Tensor log1p() {
        return Elementwise.unary(UnaryOp.LOG1P, this);
    }

    public Tensor sin() {
        return Elementwise.unary(UnaryOp.SIN, this);
    }

    public Tensor cos() {
        return Elementwise.unary(UnaryOp.COS, this);
    }

    public Tensor tan() {
        return Elementwise.unary(UnaryOp.TAN, this);
    }

    public Tensor atan() {
        return Elementwise.unary(UnaryOp.ATAN, this);
    }

    public Tensor tanh() {
        return Elementwise.unary(UnaryOp.TANH, this);
    }

    public Tensor sigmoid() {
        return Elementwise.unary(UnaryOp.SIGMOID, this);
    }

    public Tensor softplus() {
        return Elementwise.unary(UnaryOp.SOFTPLUS, this);
    }

    public Tensor relu() {
        return Elementwise.unary(UnaryOp.RELU, this);
    }

    /** ELU with alpha = 1. */
    public Tensor elu() {
        return Elementwise.unary(UnaryOp.ELU, this);
    }

    /** Exact (erf-based) GELU. */
    public Tensor gelu() {
        return Elementwise.unary(UnaryOp.GELU, this);
    }

    public Tensor silu() {
        return Elementwise.unary(UnaryOp.SILU, this);
    }

    public Tensor erf() {
        return Elementwise.unary(UnaryOp.ERF, this);
    }

    public Tensor floor() {
        return Elementwise.unary(UnaryOp.FLOOR, this);
    }

    public Tensor ceil() {
        return Elementwise.unary(UnaryOp.CEIL, this);
    }

    /** Rounds half to even. */
    public Tensor round() {
        return Elementwise.unary(UnaryOp.ROUND, this);
    }

    /** {@code x} where positive, else {@code slope * x} (any slope). */
    public Tensor leakyRelu(double slope) {
        return relu().sub(neg().relu().mul(slope));
    }

    /** {@code min(max(x, lo), hi)}. */
    public Tensor clamp(double lo, double hi) {
        return maximum(lo).minimum(hi);
    }

    // ---- binary --------------------------------------------------------------------------------------

    public Tensor add(Tensor other) {
        return Elementwise.binary(BinaryOp.ADD, this, other);
    }

    public Tensor sub(Tensor other) {
        return Elementwise.binary(BinaryOp.SUB, this, other);
    }

    public Tensor mul(Tensor other) {
        return Elementwise.binary(BinaryOp.MUL, this, other);
    }

    /** Division; floor division for INT32. */
    public Tensor div(Tensor other) {
        return Elementwise.binary(BinaryOp.DIV, this, other);
    }

    public Tensor pow(Tensor other) {
        return Elementwise.binary(BinaryOp.POW, this, other);
    }

    /** Elementwise maximum (NaN propagates). */
    public Tensor maximum(Tensor other) {
        return Elementwise.binary(BinaryOp.MAX, this, other);
    }

    /** Elementwise minimum (NaN propagates). */
    public Tensor minimum(Tensor other) {
        return Elementwise.binary(BinaryOp.MIN, this, other);
    }

    /** {@code atan2(this, other)}. */
    public Tensor atan2(Tensor other) {
        return Elementwise.binary(BinaryOp.ATAN2, this, other);
    }

    /** Floor modulo with the divisor's sign, like Python's {@code %}. */
    public Tensor mod(Tensor other) {
        return Elementwise.binary(BinaryOp.MOD, this, other);
    }

    public Tensor add(double value) {
        return add(Elementwise.scalarLike(this, value));
    }

    public Tensor sub(double value) {
        return sub(Elementwise.scalarLike(this, value));
    }

    public Tensor mul(double value) {
        return mul(Elementwise.scalarLike(this, value));
    }

    public Tensor div(double value) {
        return div(Elementwise.scalarLike(this, value));
    }

    public Tensor pow(double value) {
        return pow(Elementwise.scalarLike(this, value));
    }

    public Tensor maximum(double value) {
        return maximum(Elementwise.scalarLike(this, value));
    }

    public Tensor minimum(double value) {
        return minimum(Elementwise.scalarLike(this, value));
    }

    public Tensor mod(double value) {
        return mod(Elementwise.scalarLike(this, value));
    }

    // ---- comparisons and selection -------------------------------------------------------------------

    /** INT32 mask of {@code this == other}. */
    public Tensor eq(Tensor other) {
        return Elementwise.compare(CompareOp.EQ, this, other);
    }

    public Tensor ne(Tensor other) {
        return Elementwise.compare(CompareOp.NE, this, other);
    }

    public Tensor lt(Tensor other) {
        return Elementwise.compare(CompareOp.LT, this, other);
    }

    public Tensor le(Tensor other) {
        return Elementwise.compare(CompareOp.LE, this, other);
    }

    public Tensor gt(Tensor other) {
        return Elementwise.compare(CompareOp.GT, this, other);
    }

    public Tensor ge(Tensor other) {
        return Elementwise.compare(CompareOp.GE, this, other);
    }

    public Tensor eq(double value) {
        return eq(Elementwise.scalarLike(this, value));
    }

    public Tensor ne(double value) {
        return ne(Elementwise.scalarLike(this, value));
    }

    public Tensor lt(double value) {
        return lt(Elementwise.scalarLike(this, value));
    }

    public Tensor le(double value) {
        return le(Elementwise.scalarLike(this, value));
    }

    public Tensor gt(double value) {
        return gt(Elementwise.scalarLike(this, value));
    }

    public Tensor ge(double value) {
        return ge(Elementwise.scalarLike(this, value));
    }

    /** {@code cond != 0 ? a : b} elementwise with broadcasting; a and b share a dtype. */
    public static Tensor where(Tensor cond, Tensor a, Tensor b) {
        return Elementwise.where(cond, a, b);
    }

    /** Whether both tensors have the same shape and {@code |a - b| <= atol + rtol * |b|} everywhere. */
    public boolean allClose(Tensor other, double rtol, double atol) {
        return Elementwise.allClose(this, other, rtol, atol);
    }

    // ---- reductions ----------------------------------------------------------------------------------

    /** Sum over the given axes (all axes when none are given). */
    public Tensor sum(int... axes) {
        return Reductions.reduce(ReduceOp.SUM, this, axes, false);
    }

    /** Sum over the given axes, keeping them as size-1 dimensions when {@code keepDims}. */
    public Tensor sum(int[] axes, boolean keepDims) {
        return Reductions.reduce(ReduceOp.SUM, this, axes, keepDims);
    }

    public Tensor mean(int... axes) {
        return Reductions.mean(this, axes, false);
    }

    public Tensor mean(int[] axes, boolean keepDims) {
        return Reductions.mean(this, axes, keepDims);
    }

    public Tensor prod(int... axes) {
        return Reductions.reduce(ReduceOp.PROD, this, axes, false);
    }

    public Tensor prod(int[] axes, boolean keepDims) {
        return Reductions.reduce(ReduceOp.PROD, this, axes, keepDims);
    }

    public Tensor max(int... axes) {
        return Reductions.reduce(ReduceOp.MAX, this, axes, false);
    }

    public Tensor max(int[] axes, boolean keepDims) {
        return Reductions.reduce(ReduceOp.MAX, this, axes, keepDims);
    }

    public Tensor min(int... axes) {
        return Reductions.reduce(ReduceOp.MIN, this, axes, false);
    }

    public Tensor min(int[] axes, boolean keepDims) {
        return Reductions.reduce(ReduceOp.MIN, this, axes, keepDims);
    }

    /** INT32 index of the first maximum along {@code axis}. */
    public Tensor argmax(int axis) {
        return Reductions.reduce(ReduceOp.ARGMAX, this, new int[] {axis}, false);
    }

    /** INT32 index of the first maximum of the flattened tensor. */
    public Tensor argmax() {
        return reshape(-1).argmax(0);
    }

    /** INT32 index of the first minimum along {@code axis}. */
    public Tensor argmin(int axis) {
        return Reductions.reduce(ReduceOp.ARGMIN, this, new int[] {axis}, false);
    }

    /** INT32 index of the first minimum of the flattened tensor. */
    public Tensor argmin() {
        return reshape(-1).argmin(0);
    }

    // ---- linear algebra and convolution --------------------------------------------------------------

    /**
     * Matrix product with NumPy's {@code matmul} rules: 1-D operands are promoted and the added axis
     * removed again, leading (batch) axes broadcast.
     */
    public Tensor matmul(Tensor other) {
        return LinearAlgebra.matmul(this, other, false, false);
    }

    /** {@code op(a) @ op(b)} where {@code op} transposes the last two axes when its flag is set. */
    public static Tensor matmul(Tensor a, Tensor b, boolean transposeA, boolean transposeB) {
        return LinearAlgebra.matmul(a, b, transposeA, transposeB);
    }

    /**
     * 1-3D convolution (cross-correlation) of {@code [batch, in, spatial...]} with a weight
     * {@code [out, in / groups, kernel...]}, like PyTorch's {@code conv1d/2d/3d}.
     */
    public Tensor conv(Tensor weight, ConvOptions options) {
        return Convolution.conv(this, weight, options);
    }

    /** {@link #conv(Tensor, ConvOptions)} with default options. */
    public Tensor conv(Tensor weight) {
        return Convolution.conv(this, weight, ConvOptions.defaults());
    }

    /**
     * Transposed convolution of {@code [batch, in, spatial...]} with a weight {@code [in, out / groups,
     * kernel...]}, like PyTorch's {@code conv_transpose1d/2d/3d}: the adjoint of {@code conv}.
     */
    public Tensor convTranspose(Tensor weight, ConvOptions options) {
        return Convolution.convTranspose(this, weight, options);
    }

    // ---- layout --------------------------------------------------------------------------------------

    /** The same elements in a new shape; one dimension may be -1 and is inferred. */
    public Tensor reshape(int... newShape) {
        return Layout.reshape(this, newShape);
    }

    /** Reshape to 1-D. */
    public Tensor flatten() {
        return reshape(-1);
    }

    /** Reorders the axes: output axis i is input axis {@code perm[i]}. */
    public Tensor permute(int... perm) {
        return Layout.permute(this, perm);
    }

    /** Swaps two axes. */
    public Tensor transpose(int axis0, int axis1) {
        return Layout.transpose(this, axis0, axis1);
    }

    /** Removes the given size-1 axes (all size-1 axes when none are given). */
    public Tensor squeeze(int... axes) {
        return Layout.squeeze(this, axes);
    }

    /** Inserts a size-1 axis at {@code axis} (in the result's numbering). */
    public Tensor unsqueeze(int axis) {
        return Layout.unsqueeze(this, axis);
    }

    /** Broadcasts to a larger shape by NumPy's rules. */
    public Tensor broadcastTo(int... target) {
        return Layout.broadcastTo(this, Shape.of(target));
    }

    /**
     * Python slicing {@code [start:stop:step]} along one axis: negative positions count from the end,
     * out-of-range bounds are clipped, negative steps walk backwards.
     */
    public Tensor slice(int axis, int start, int stop, int step) {
        return Layout.slice(this, axis, start, stop, step);
    }

    /** {@code slice(axis, start, stop, 1)}. */
    public Tensor slice(int axis, int start, int stop) {
        return Layout.slice(this, axis, start, stop, 1);
    }

    /** The sub-tensor at {@code index} along {@code axis}, with that axis removed. */
    public Tensor select(int axis, int index) {
        return Layout.select(this, axis, index);
    }

    /** Joins tensors of equal shape except along {@code axis}. */
    public static Tensor concat(int axis, Tensor... parts) {
        return Layout.concat(axis, parts);
    }

    /** Stacks tensors of equal shape along a new axis. */
    public static Tensor stack(int axis, Tensor... parts) {
        return Layout.stack(axis, parts);
    }

    /** Pads each axis by {@code before[d]} and {@code after[d]} cells; CONSTANT pads with zero. */
    public Tensor pad(int[] before, int[] after, PadMode mode) {
        return Layout.pad(this, before, after, mode, 0);
    }

    /** Pads each axis by {@code before[d]} and {@code after[d]} cells; CONSTANT mode fills {@code value}. */
    public Tensor pad(int[] before, int[] after, PadMode mode, double value) {
        return Layout.pad(this, before, after, mode, value);
    }

    /**
     * Shifts the contents along {@code axis} by {@code offset} cells: {@code out[i] = x[i - offset]},
     * reading cells outside the tensor by {@code mode} (PERIODIC rolls, CONSTANT reads zero).
     */
    public Tensor shift(int axis, int offset, PadMode mode) {
        return Layout.shift(this, axis, offset, mode);
    }

    // ---- indexing ------------------------------------------------------------------------------------

    /** Selects slices along {@code axis} by a 1-D INT32 index tensor (NumPy's {@code take}). */
    public Tensor gather(int axis, Tensor indices) {
        return Indexing.gather(this, axis, indices);
    }

    /**
     * The adjoint of {@link #gather}: sums the slices of this tensor along {@code axis} into a zero tensor
     * whose {@code axis} has {@code size} entries, at positions {@code indices} (segment sums).
     */
    public Tensor scatterAdd(int axis, Tensor indices, int size) {
        return Indexing.scatterAdd(this, axis, indices, size);
    }

    // ---- sampling, spectral, neighbours --------------------------------------------------------------

    /**
     * Multilinear interpolation of this grid at {@code points} given in index coordinates. The grid is
     * {@code [size..., channels]} with points {@code [n, dims]}, or batched {@code [batch, size...,
     * channels]} with points {@code [batch, n, dims]}; the result is {@code [(batch,) n, channels]}.
     * One boundary applies to every axis, or one per spatial axis.
     */
    public Tensor sample(Tensor points, Boundary... boundary) {
        return Sampling.sample(this, points, boundary);
    }

    /**
     * The adjoint of {@link #sample} with respect to the grid: spreads these values
     * {@code [(batch,) n, channels]} onto a zero grid of {@code gridSize} (spatial sizes) with the
     * interpolation weights.
     */
    public Tensor sampleAdjoint(Tensor points, int[] gridSize, Boundary... boundary) {
        return Sampling.sampleAdjoint(this, points, gridSize, boundary);
    }

    /** Complex FFT over the {@code dims} axes before the last of a {@code [..., 2]} (re, im) tensor. */
    public Tensor fft(int dims) {
        return Spectral.fft(this, dims, false);
    }

    /** Inverse of {@link #fft}, scaled by 1/n. */
    public Tensor ifft(int dims) {
        return Spectral.fft(this, dims, true);
    }

    /** Real FFT over the last {@code dims} axes; the result is {@code [..., n_d / 2 + 1, 2]}. */
    public Tensor rfft(int dims) {
        return Spectral.rfft(this, dims);
    }

    /** Inverse of {@link #rfft}; {@code lastSize} is the real length of the last transformed axis. */
    public Tensor irfft(int dims, int lastSize) {
        return Spectral.irfft(this, dims, lastSize);
    }

    /**
     * For each query, the indices of these points {@code [n, dims]} within {@code radius} of it
     * (inclusive, ascending, the point itself included).
     */
    public NeighborGraph radiusNeighbors(Tensor queries, double radius) {
        return Neighbors.radius(this, queries, radius, null);
    }

    /** {@link #radiusNeighbors(Tensor, double)} in a periodic box with the given side lengths. */
    public NeighborGraph radiusNeighbors(Tensor queries, double radius, double[] periodicBox) {
        return Neighbors.radius(this, queries, radius, periodicBox);
    }

    // ---- internal ------------------------------------------------------------------------------------

    private static Shape shapeFor(String op, int length, int[] shape) {
        Shape s = shape.length == 0 ? Shape.of(length) : Shape.of(shape);
        if (s.size() != length) {
            throw new OpException.ShapeException(op, "data of length " + length + " does not fill shape " + s
                    + " of " + s.size() + " elements");
        }
        return s;
    }

    /** The backend shared by all inputs of an op, or an error naming the op. */
    static Backend commonBackend(String op, Tensor... inputs) {
        Backend b = inputs[0].backend;
        for (Tensor t : inputs) {
            if (t.backend != b) {
                throw new OpException(op, "inputs live on different backends (" + b.name() + " and "
                        + t.backend.name() + "); move them with Tensor.to(backend) first");
            }
        }
        return b;
    }
}
