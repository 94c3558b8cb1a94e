package dev.adjoint.api;

import dev.adjoint.api.spi.Backend;
import dev.adjoint.api.spi.ReduceOp;
import java.util.Arrays;

/**
 * Validation, dispatch and backward rules of reductions (sum, prod, max, min, argmax, argmin), {@code mean}
 * and {@code sumToShape}, the adjoint of broadcasting. Integer reductions and argmax/argmin carry no gradient.
 */
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
        Shape kept = keptShape(shape, ax);
        Tensor out = new Tensor(b, b.reduce(op, x.storage(), shape, ax), keepDims ? kept : shape.without(ax));
        if (arg || !x.dtype().isFloating()) {
            return Elementwise.constant(name, out);
        }
        Tensor[] in = {x};
        return switch (op) {
            case SUM -> Autodiff.record(name, out, in, (g, needed) -> new Tensor[] {spread(g, kept, shape)});
            case PROD -> Autodiff.record(name, out, in, (g, needed) -> new Tensor[] {prodGrad(x, ax, kept, g)});
            default -> Autodiff.record(name, out, in, (g, needed) -> new Tensor[] {extremeGrad(x, out, ax, kept, g)});
        };
    }

    /** {@code g} of the reduced shape copied back over the reduced axes: the adjoint of a sum. */
    private static Tensor spread(Tensor g, Shape kept, Shape shape) {
        return toKept(g, kept).broadcastTo(shape.dims());
    }

    /** {@code g} reshaped to the keep-dims form of the reduction (a no-op when it already has it). */
    private static Tensor toKept(Tensor g, Shape kept) {
        return g.shape().equals(kept) ? g : g.reshape(kept.dims());
    }

    /**
     * The adjoint of a product: {@code g} times the product of the other elements of each reduced group,
     * exact also where the group holds zeros. With no zero in a group it is {@code prod / x}; with exactly
     * one zero only the zero's position gets the product of the nonzero elements; with two or more every
     * position gets 0. The rule is differentiable again, but its second derivative treats the zero-count
     * cases as locally constant, so second derivatives at points with zeros in a group are not exact.
     */
    private static Tensor prodGrad(Tensor x, int[] ax, Shape kept, Tensor g) {
        Tensor zero = x.eq(0);
        Tensor none = Elementwise.scalarLike(x, 0);
        Tensor safe = Tensor.where(zero, Elementwise.scalarLike(x, 1), x);
        Tensor prodNonZero = safe.prod(ax, true);
        Tensor zeros = zero.sum(ax, true);
        Tensor others = Tensor.where(zero,
                Tensor.where(zeros.eq(1), prodNonZero, none),
                Tensor.where(zeros.eq(0), prodNonZero.div(safe), none));
        return toKept(g, kept).mul(others);
    }

    /**
     * The adjoint of max/min: the cotangent goes to the elements equal to the extreme, split evenly between
     * ties (as JAX does); a NaN extreme matches no element and yields NaN.
     */
    private static Tensor extremeGrad(Tensor x, Tensor out, int[] ax, Shape kept, Tensor g) {
        Tensor hit = x.eq(toKept(out, kept)).cast(x.dtype());
        return toKept(g, kept).div(hit.sum(ax, true)).mul(hit);
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

    /**
     * Sums {@code g} down to {@code target}, the adjoint of broadcasting {@code target} to g's shape: sums
     * over g's extra leading axes and over the axes where {@code target} has size 1, then reshapes to
     * {@code target} (which may also have extra leading size-1 axes). Built from {@code sum} and
     * {@code reshape}, so it is differentiable itself.
     */
    static Tensor sumToShape(Tensor g, Shape target) {
        Shape gs = g.shape();
        if (gs.equals(target)) {
            return g;
        }
        int lead = gs.rank() - target.rank();
        boolean ok = true;
        for (int t = 0; ok && t < target.rank(); t++) {
            int d = t + lead;
            ok = target.dim(t) == 1 || d >= 0 && target.dim(t) == gs.dim(d);
        }
        if (!ok) {
            throw new OpException.ShapeException("sumToShape", "cannot sum shape " + gs + " down to " + target
                    + "; expected " + target + " to broadcast to " + gs);
        }
        int[] axes = new int[gs.rank()];
        int count = 0;
        for (int d = 0; d < gs.rank(); d++) {
            if (d < lead || target.dim(d - lead) == 1 && gs.dim(d) != 1) {
                axes[count++] = d;
            }
        }
        Tensor summed = count == 0 ? g : reduce(ReduceOp.SUM, g, Arrays.copyOf(axes, count), false);
        return summed.shape().equals(target) ? summed : summed.reshape(target.dims());
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
