package dev.adjoint.api;

import dev.adjoint.api.spi.Backend;

/**
 * Validation and dispatch of {@code gather} and its adjoint {@code scatterAdd} along one axis; each is the
 * other's backward rule. The INT32 indices get no gradient.
 */
final class Indexing {
    private Indexing() {
    }

    /** {@code out[..., j, ...] = x[..., idx[j], ...]} for a 1-D INT32 {@code idx} of indices in {@code [0, n)}. */
    static Tensor gather(Tensor x, int axis, Tensor idx) {
        Shape s = x.shape();
        int a = s.normalizeAxis("gather", axis);
        requireIndexVector("gather", idx, s);
        Backend b = Tensor.commonBackend("gather", x, idx);
        int count = idx.dim(0);
        Shape out = s.withDim(a, count);
        Tensor result;
        try {
            result = new Tensor(b, b.gather(x.storage(), s, a, idx.storage(), count), out);
        } catch (IndexOutOfBoundsException e) {
            throw outOfRange("gather", b, idx, a, s.dim(a), "x of shape " + s, e);
        }
        int n = s.dim(a);
        return Autodiff.record("gather", result, new Tensor[] {x, idx},
                (g, needed) -> new Tensor[] {needed[0] ? g.scatterAdd(a, idx, n) : null, null});
    }

    /**
     * {@code out[..., idx[j], ...] += src[..., j, ...]} into zeros whose {@code axis} has {@code size} entries;
     * {@code idx} is 1-D INT32 with one index in {@code [0, size)} per slice of {@code src} along the axis.
     */
    static Tensor scatterAdd(Tensor src, int axis, Tensor idx, int size) {
        Shape s = src.shape();
        int a = s.normalizeAxis("scatterAdd", axis);
        requireIndexVector("scatterAdd", idx, s);
        if (idx.dim(0) != s.dim(a)) {
            throw new OpException.ShapeException("scatterAdd", "index shape " + idx.shape() + " does not match axis "
                    + axis + " of src shape " + s + "; expected " + s.dim(a) + " indices");
        }
        if (size < 0) {
            throw new OpException.ShapeException("scatterAdd", "output size " + size + " for axis " + axis
                    + " of src shape " + s + "; expected a size >= 0");
        }
        Backend b = Tensor.commonBackend("scatterAdd", src, idx);
        Shape out = s.withDim(a, size);
        Tensor result;
        try {
            result = new Tensor(b, b.scatterAdd(src.storage(), s, a, idx.storage(), size), out);
        } catch (IndexOutOfBoundsException e) {
            throw outOfRange("scatterAdd", b, idx, a, size, "output of shape " + out, e);
        }
        return Autodiff.record("scatterAdd", result, new Tensor[] {src, idx},
                (g, needed) -> new Tensor[] {needed[0] ? g.gather(a, idx) : null, null});
    }

    private static void requireIndexVector(String op, Tensor idx, Shape x) {
        if (idx.dtype() != DType.INT32) {
            throw new OpException.DTypeException(op, "indices of dtype " + idx.dtype().label() + " (shape "
                    + idx.shape() + ") for tensor of shape " + x + "; expected int32 indices");
        }
        if (idx.rank() != 1) {
            throw new OpException.ShapeException(op, "indices of shape " + idx.shape() + " for tensor of shape "
                    + x + "; expected a 1-D index tensor");
        }
    }

    /**
     * The exception for an index outside {@code [0, n)}: names the first offending index, its position, the
     * axis and the shape it addresses. The indices are read back to find it, since backends word their
     * {@link IndexOutOfBoundsException} differently.
     */
    private static OpException outOfRange(String op, Backend b, Tensor idx, int axis, int n, String target,
            IndexOutOfBoundsException cause) {
        int[] values = b.toInts(idx.storage());
        for (int j = 0; j < values.length; j++) {
            if (values[j] < 0 || values[j] >= n) {
                OpException e = new OpException.IndexException(op, "index " + values[j] + " at position " + j
                        + " is out of range for axis " + axis + " of size " + n + " (" + target
                        + "); expected indices in [0, " + n + ")");
                e.initCause(cause);
                return e;
            }
        }
        OpException e = new OpException.IndexException(op, cause.getMessage() + " (axis " + axis + ", " + target
                + ")");
        e.initCause(cause);
        return e;
    }
}
