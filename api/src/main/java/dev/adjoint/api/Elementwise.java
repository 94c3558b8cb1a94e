package dev.adjoint.api;

import dev.adjoint.api.spi.Backend;
import dev.adjoint.api.spi.BinaryOp;
import dev.adjoint.api.spi.Broadcast;
import dev.adjoint.api.spi.CompareOp;
import dev.adjoint.api.spi.UnaryOp;
import java.util.Locale;

/** Validation and dispatch of casts, unary and binary math, comparisons, {@code where} and {@code allClose}. */
final class Elementwise {
    private Elementwise() {
    }

    /** {@code x} converted to {@code to}; the same tensor when it already has that dtype. */
    static Tensor cast(Tensor x, DType to) {
        if (x.dtype() == to) {
            return x;
        }
        Backend b = x.backend();
        return new Tensor(b, b.cast(x.storage(), to), x.shape());
    }

    /** {@code op(x)} elementwise, keeping the dtype; INT32 only for ops that support it. */
    static Tensor unary(UnaryOp op, Tensor x) {
        String name = name(op);
        if (x.dtype() == DType.INT32 && !op.supportsInt()) {
            throw new OpException.DTypeException(name, "not defined for int32 (tensor of shape " + x.shape()
                    + "); expected float32 or float64, cast first");
        }
        Backend b = x.backend();
        return new Tensor(b, b.unary(op, x.storage()), x.shape());
    }

    /** {@code op(a, b)} with NumPy broadcasting; both operands must share a dtype. */
    static Tensor binary(BinaryOp op, Tensor a, Tensor b) {
        String name = name(op);
        requireSameDType(name, a, b);
        if (a.dtype() == DType.INT32 && !op.supportsInt()) {
            throw new OpException.DTypeException(name, "not defined for int32 (shapes " + a.shape() + " and "
                    + b.shape() + "); expected float32 or float64, cast first");
        }
        Backend backend = Tensor.commonBackend(name, a, b);
        Broadcast plan = Broadcast.of(name, a.shape(), b.shape());
        return new Tensor(backend, backend.binary(op, a.storage(), b.storage(), plan), plan.out());
    }

    /** {@code op(a, b)} with NumPy broadcasting as an INT32 mask of 0 and 1. */
    static Tensor compare(CompareOp op, Tensor a, Tensor b) {
        String name = name(op);
        requireSameDType(name, a, b);
        Backend backend = Tensor.commonBackend(name, a, b);
        Broadcast plan = Broadcast.of(name, a.shape(), b.shape());
        return new Tensor(backend, backend.compare(op, a.storage(), b.storage(), plan), plan.out());
    }

    /** {@code cond != 0 ? a : b} with three-way broadcasting; cond may have any dtype. */
    static Tensor where(Tensor cond, Tensor a, Tensor b) {
        requireSameDType("where", a, b);
        Backend backend = Tensor.commonBackend("where", cond, a, b);
        Broadcast plan = Broadcast.of("where", cond.shape(), a.shape(), b.shape());
        return new Tensor(backend, backend.where(cond.storage(), a.storage(), b.storage(), plan), plan.out());
    }

    /** A rank-0 tensor holding {@code value} in the dtype and on the backend of {@code like}. */
    static Tensor scalarLike(Tensor like, double value) {
        Backend b = like.backend();
        return new Tensor(b, b.full(like.dtype(), 1, value), Shape.scalar());
    }

    /**
     * Whether the shapes are equal and {@code |a - b| <= atol + rtol * |b|} everywhere, compared in double.
     * Equal infinities are close; NaN is never close to anything.
     */
    static boolean allClose(Tensor a, Tensor b, double rtol, double atol) {
        if (!a.shape().equals(b.shape())) {
            return false;
        }
        double[] x = a.toDoubleArray();
        double[] y = b.toDoubleArray();
        for (int i = 0; i < x.length; i++) {
            boolean close = x[i] == y[i] || Double.isFinite(x[i]) && Double.isFinite(y[i])
                    && Math.abs(x[i] - y[i]) <= atol + rtol * Math.abs(y[i]);
            if (!close) {
                return false;
            }
        }
        return true;
    }

    private static void requireSameDType(String op, Tensor a, Tensor b) {
        if (a.dtype() != b.dtype()) {
            throw new OpException.DTypeException(op, "dtypes " + a.dtype().label() + " and " + b.dtype().label()
                    + " differ (shapes " + a.shape() + " and " + b.shape()
                    + "); expected equal dtypes, cast one operand first");
        }
    }

    /** The lower-case op name used in messages, e.g. {@code add}. */
    static String name(Enum<?> op) {
        return op.name().toLowerCase(Locale.ROOT);
    }
}
