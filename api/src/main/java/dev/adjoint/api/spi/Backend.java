package dev.adjoint.api.spi;

import dev.adjoint.api.DType;
import dev.adjoint.api.PadMode;
import dev.adjoint.api.Shape;

/**
 * A compute backend: it owns the storage of its tensors and runs the kernels behind the op set.
 *
 * <p>Callers (the api's op layer) validate shapes, dtypes and axes before calling a kernel, so kernels
 * may assume consistent arguments; only data-dependent checks (index ranges) are the kernel's job.
 * Every kernel returns new storage and never modifies its inputs. Shapes passed alongside a storage
 * describe it as a dense row-major array. Kernels must be safe to call from several threads at once.
 */
public interface Backend {
    /** The name this backend is selected by. */
    String name();

    // ---- storage and host transfer -------------------------------------------------------------

    /** New storage of {@code size} zeros. */
    Storage zeros(DType dtype, int size);

    /** New storage of {@code size} copies of {@code value} (converted to the dtype). */
    Storage full(DType dtype, int size, double value);

    /** Copies host data into new FLOAT32 storage. */
    Storage fromHost(float[] data);

    /** Copies host data into new FLOAT64 storage. */
    Storage fromHost(double[] data);

    /** Copies host data into new INT32 storage. */
    Storage fromHost(int[] data);

    /** Copies FLOAT32 storage to the host. */
    float[] toFloats(Storage s);

    /** Copies FLOAT64 storage to the host. */
    double[] toDoubles(Storage s);

    /** Copies INT32 storage to the host. */
    int[] toInts(Storage s);

    /** Converts to another dtype; float to int truncates toward zero (NaN becomes 0), like C. */
    Storage cast(Storage x, DType to);

    // ---- elementwise ------------------------------------------------------------------------------

    /** {@code op(x)} elementwise; same dtype and size. */
    Storage unary(UnaryOp op, Storage x);

    /** {@code op(a, b)} with broadcasting; a and b share a dtype, which the result keeps. */
    Storage binary(BinaryOp op, Storage a, Storage b, Broadcast plan);

    /** {@code op(a, b)} with broadcasting as an INT32 mask of 0 and 1. */
    Storage compare(CompareOp op, Storage a, Storage b, Broadcast plan);

    /** {@code cond != 0 ? a : b} with broadcasting over three inputs; a and b share the result's dtype. */
    Storage where(Storage cond, Storage a, Storage b, Broadcast plan);

    // ---- reductions and linear algebra -----------------------------------------------------------

    /**
     * Reduces {@code x} of {@code shape} over the sorted, unique {@code axes}; the result has the shape
     * with those axes removed. ARGMAX/ARGMIN take exactly one axis and return INT32.
     */
    Storage reduce(ReduceOp op, Storage x, Shape shape, int[] axes);

    /** Batched matrix product, see {@link MatmulSpec}. */
    Storage matmul(Storage a, Storage b, MatmulSpec spec);

    /** Forward convolution: {@code x [batch, in, in...]}, {@code w [out, in/groups, k...]}. */
    Storage conv(Storage x, Storage w, ConvSpec spec);

    /**
     * The adjoint of {@link #conv} with respect to its input: maps {@code y [batch, out, out...]} to
     * {@code [batch, in, in...]}. This is the transposed convolution.
     */
    Storage convTranspose(Storage y, Storage w, ConvSpec spec);

    /**
     * The adjoint of {@link #conv} with respect to its weight: from input {@code x} and output cotangent
     * {@code dy} to {@code [out, in/groups, k...]}.
     */
    Storage convWeightGrad(Storage x, Storage dy, ConvSpec spec);

    // ---- layout ------------------------------------------------------------------------------------

    /**
     * A strided read: {@code out[i...] = x[offset + sum(i_d * strides_d)]} for every index of
     * {@code out}. Covers permute, slice (negative strides too) and broadcast-to.
     */
    Storage strided(Storage x, int offset, int[] strides, Shape out);

    /** Concatenates {@code parts} of the given shapes along {@code axis} (they agree on other axes). */
    Storage concat(Storage[] parts, Shape[] shapes, int axis);

    /**
     * Pads {@code x} by {@code before[d]} and {@code after[d]} cells on each axis; {@code value} fills
     * CONSTANT padding. Pad widths may exceed the size for the non-constant modes (repeated wrapping or
     * mirroring); a zero-size axis can only be padded in CONSTANT mode.
     */
    Storage pad(Storage x, Shape shape, int[] before, int[] after, PadMode mode, double value);

    // ---- indexing ------------------------------------------------------------------------------

    /**
     * Selects slices along {@code axis}: {@code out[..., j, ...] = x[..., idx[j], ...]}, with
     * {@code idx} INT32 of length {@code count}. Throws {@link IndexOutOfBoundsException} naming the
     * offending index and its position when an index is outside {@code [0, shape[axis])}.
     */
    Storage gather(Storage x, Shape shape, int axis, Storage idx, int count);

    /**
     * The adjoint of {@link #gather}: {@code out[..., idx[j], ...] += src[..., j, ...]} into zeros whose
     * {@code axis} has size {@code outSize}; sums in index order so results are deterministic. Throws
     * {@link IndexOutOfBoundsException} like gather.
     */
    Storage scatterAdd(Storage src, Shape srcShape, int axis, Storage idx, int outSize);

    // ---- sampling, spectral, neighbours ----------------------------------------------------------

    /** Multilinear interpolation of a grid at points, see {@link SampleSpec}. */
    Storage gridSample(Storage grid, Storage points, SampleSpec spec);

    /**
     * The adjoint of {@link #gridSample} with respect to the grid: spreads {@code values
     * [batch, points, channels]} onto a zero grid {@code [batch, size..., channels]} with the
     * interpolation weights.
     */
    Storage gridSampleAdjoint(Storage values, Storage points, SampleSpec spec);

    /**
     * Complex FFT over the {@code dims} axes before the last of a tensor {@code [..., n_1..n_dims, 2]}
     * holding (re, im) pairs. Forward is unscaled; inverse divides by the transform size (NumPy's
     * "backward" norm).
     */
    Storage fft(Storage x, Shape shape, int dims, boolean inverse);

    /** Real FFT over the last {@code dims} axes: {@code [..., n_1..n_d]} to {@code [..., n_1..n_d/2+1, 2]}. */
    Storage rfft(Storage x, Shape shape, int dims);

    /**
     * Inverse of {@link #rfft}: {@code [..., n_1..(n_d/2+1), 2]} to real {@code [..., n_1..n_d]}, with
     * {@code lastSize = n_d}; the imaginary parts that a real signal cannot have are ignored as NumPy does.
     */
    Storage irfft(Storage x, Shape shape, int dims, int lastSize);

    /**
     * For each of the {@code m} query points, the indices of the {@code n} points within
     * {@code radius} (inclusive), ascending. Points and queries are {@code [n, dims]} and
     * {@code [m, dims]} of a float dtype. When {@code box} is non-null, axis d is periodic with
     * period {@code box[d]} (minimum-image distance).
     */
    NeighborList radiusNeighbors(Storage points, int n, Storage queries, int m, int dims, double radius,
            double[] box);
}
