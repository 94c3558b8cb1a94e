package dev.adjoint.api;

import dev.adjoint.api.spi.Backend;
import dev.adjoint.api.spi.ReduceOp;
import java.util.Arrays;

/** Validation and dispatch of reductions (sum, prod, max, min, argmax, argmin) and of {@code mean}. */
final class Reductions {
    private Reductions() {
    }

    /**
     * Reduces {@code x} over {@code axes} (all axes when empty); {@code keepDims} keeps them as size-1
     * dimensions. ARGMAX/ARGMIN take exactly one axis and return INT32.
     */
    static Tensor reduce(ReduceOp op, Tensor x, int[] axes, boolean keepDims) {
        String name = Elementwise.name(op);
        Shape shape = x.shape();
        boolean arg = op == ReduceOp.ARGMAX || op == ReduceOp.ARGMIN;
        if (arg && axes.length != 1) {
            throw new OpException.AxisException(name, "got axes " + Arrays.toString(axes) + " for shape " + shape
                    + "; expected exactly one axis");
        }
        int[] ax = shape.normalizeAxes(name, axes);
        boolean hasIdentity = op == ReduceOp.SUM || op == ReduceOp.PROD;
        if (!hasIdentity && reducedCount(shape, ax) == 0) {
            throw new OpException.ShapeException(name, "zero-size array to reduction operation " + name
                    + " which has no identity: axes " + Arrays.toString(ax) + " of shape " + shape
                    + " hold no elements; expected at least one");
        }
        Backend b = x.backend();
        Shape out = keepDims ? keptShape(shape, ax) : shape.without(ax);
        return new Tensor(b, b.reduce(op, x.storage(), shape, ax), out);
    }

    /** The mean over {@code axes} (all when empty) of a float tensor; NaN where no elements are reduced. */
    static Tensor mean(Tensor x, int[] axes, boolean keepDims) {
        if (!x.dtype().isFloating()) {
            throw new OpException.DTypeException("mean", "not defined for int32 (tensor of shape " + x.shape()
                    + "); expected float32 or float64, cast first");
        }
        int[] ax = x.shape().normalizeAxes("mean", axes);
        Tensor sum = reduce(ReduceOp.SUM, x, ax, keepDims);
        return sum.div(reducedCount(x.shape(), ax));
    }

    private static long reducedCount(Shape shape, int[] sortedAxes) {
        long n = 1;
        for (int a : sortedAxes) {
            n *= shape.dim(a);
        }
        return n;
    }

    /** {@code shape} with the given axes set to 1. */
    private static Shape keptShape(Shape shape, int[] sortedAxes) {
        int[] dims = shape.dims();
        for (int a : sortedAxes) {
            dims[a] = 1;
        }
        return Shape.of(dims);
    }
}
