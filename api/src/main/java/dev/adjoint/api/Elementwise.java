package dev.adjoint.api;

import dev.adjoint.api.spi.Backend;
import dev.adjoint.api.spi.BinaryOp;
import dev.adjoint.api.spi.Broadcast;
import dev.adjoint.api.spi.CompareOp;
import dev.adjoint.api.spi.UnaryOp;
import java.util.Locale;

/**
 * Validation, dispatch and backward rules of casts, unary and binary math, comparisons, {@code where} and
 * {@code allClose}. Integer results, comparisons and the piecewise-constant ops (sign, floor, ceil, round)
 * carry no gradient.
 */
final class Elementwise {
    private static final Tensor[] NO_INPUTS = new Tensor[0];
    private static final double TWO_OVER_SQRT_PI = 2 / Math.sqrt(Math.PI);
    private static final double INV_SQRT_2 = 1 / Math.sqrt(2);
    private static final double INV_SQRT_2PI = 1 / Math.sqrt(2 * Math.PI);

    private Elementwise() {
    }

    /** A backward rule that also reads the op's recorded output (so that the output's own graph is kept). */
    @FunctionalInterface
    interface OutputVjp {
        /** Input cotangents from the recorded output {@code y}, its cotangent {@code g} and the needed flags. */
        Tensor[] apply(Tensor y, Tensor g, boolean[] needed);
    }

    /**
     * {@link Autodiff#record} for a rule that uses the output: the rule sees the recorded output, so a
     * gradient of the gradient flows through it too.
     */
    static Tensor recordWithOutput(String op, Tensor out, Tensor[] inputs, OutputVjp rule) {
        Tensor[] self = new Tensor[1];
        self[0] = Autodiff.record(op, out, inputs, (g, needed) -> rule.apply(self[0], g, needed));
        return self[0];
    }

    /** {@link Autodiff#record} for a result that carries no gradient (a constant for autodiff). */
    static Tensor constant(String op, Tensor out) {
        return Autodiff.record(op, out, NO_INPUTS, (g, needed) -> NO_INPUTS);
    }

    /** {@code x} converted to {@code to}; the same tensor when it already has that dtype. */
    static Tensor cast(Tensor x, DType to) {
        if (x.dtype() == to) {
            return x;
        }
        Backend b = x.backend();
        Tensor out = new Tensor(b, b.cast(x.storage(), to), x.shape());
        if (!x.dtype().isFloating() || !to.isFloating()) {
            return constant("cast", out);
        }
        DType from = x.dtype();
        return Autodiff.record("cast", out, new Tensor[] {x}, (g, needed) -> new Tensor[] {g.cast(from)});
    }

    /** {@code op(x)} elementwise, keeping the dtype; INT32 only for ops that support it. */
    static Tensor unary(UnaryOp op, Tensor x) {
        String name = name(op);
        if (x.dtype() == DType.INT32 && !op.supportsInt()) {
            throw new OpException.DTypeException(name, "not defined for int32 (tensor of shape " + x.shape()
                    + "); expected float32 or float64, cast first");
        }
        Backend b = x.backend();
        Tensor out = new Tensor(b, b.unary(op, x.storage()), x.shape());
        if (x.dtype() == DType.INT32 || op == UnaryOp.SIGN || op == UnaryOp.FLOOR || op == UnaryOp.CEIL
                || op == UnaryOp.ROUND) {
            return constant(name, out);
        }
        return recordWithOutput(name, out, new Tensor[] {x},
                (y, g, needed) -> new Tensor[] {unaryGrad(op, x, y, g)});
    }

    /**
     * The cotangent of the input of {@code y = op(x)}. At kinks the one-sided value of JAX/PyTorch is used:
     * {@code abs'(0) = 0}, {@code relu'(0) = 0}, {@code elu'(0) = 1} (the left branch, exp(0)).
     */
    private static Tensor unaryGrad(UnaryOp op, Tensor x, Tensor y, Tensor g) {
        return switch (op) {
            case NEG -> g.neg();
            case ABS -> g.mul(x.sign());
            case SQUARE -> g.mul(x.mul(2));
            case SQRT -> g.div(y.mul(2));
            case RSQRT -> g.mul(y.square().mul(y)).mul(-0.5);
            case RECIPROCAL -> g.mul(y.square()).neg();
            case EXP -> g.mul(y);
            case EXPM1 -> g.mul(y.add(1));
            case LOG -> g.div(x);
            case LOG1P -> g.div(x.add(1));
            case SIN -> g.mul(x.cos());
            case COS -> g.mul(x.sin()).neg();
            case TAN -> g.mul(y.square().add(1));
            case ATAN -> g.div(x.square().add(1));
            case TANH -> g.mul(oneMinus(y.square()));
            case SIGMOID -> g.mul(y.mul(oneMinus(y)));
            case SOFTPLUS -> g.mul(x.sigmoid());
            case RELU -> Tensor.where(x.gt(0), g, scalarLike(g, 0));
            case ELU -> Tensor.where(x.gt(0), g, g.mul(y.add(1)));
            case GELU -> {
                // Phi(x) + x phi(x) with the normal CDF Phi and density phi.
                Tensor cdf = x.mul(INV_SQRT_2).erf().add(1).mul(0.5);
                Tensor pdf = x.square().mul(-0.5).exp().mul(INV_SQRT_2PI);
                yield g.mul(cdf.add(x.mul(pdf)));
            }
            case SILU -> {
                // s (1 + x (1 - s)) with s = sigmoid(x).
                Tensor s = x.sigmoid();
                yield g.mul(s.mul(x.mul(oneMinus(s)).add(1)));
            }
            case ERF -> g.mul(x.square().neg().exp().mul(TWO_OVER_SQRT_PI));
            case SIGN, FLOOR, CEIL, ROUND -> throw new IllegalStateException(op + " has no gradient rule");
        };
    }

    /** {@code 1 - t}. */
    private static Tensor oneMinus(Tensor t) {
        return t.neg().add(1);
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
        Tensor out = new Tensor(backend, backend.binary(op, a.storage(), b.storage(), plan), plan.out());
        if (a.dtype() == DType.INT32) {
            return constant(name, out);
        }
        return recordWithOutput(name, out, new Tensor[] {a, b}, (y, g, needed) -> binaryGrad(op, a, b, y, g, needed));
    }

    /**
     * The cotangents of {@code a} and {@code b} for {@code y = op(a, b)}, summed back over broadcast axes.
     * Conventions (as in JAX): max/min ties give half the cotangent to each operand; {@code pow} has
     * {@code d/da = 0} where {@code b == 0} and {@code d/db = 0} where {@code a == 0}; {@code mod} has
     * {@code d/da = 1} and {@code d/db = -floor(a / b)}.
     */
    private static Tensor[] binaryGrad(BinaryOp op, Tensor a, Tensor b, Tensor y, Tensor g, boolean[] needed) {
        Tensor ga = null;
        Tensor gb = null;
        switch (op) {
            case ADD -> {
                ga = g;
                gb = g;
            }
            case SUB -> {
                ga = g;
                gb = needed[1] ? g.neg() : null;
            }
            case MUL -> {
                ga = needed[0] ? g.mul(b) : null;
                gb = needed[1] ? g.mul(a) : null;
            }
            case DIV -> {
                // d/db = -a / b^2 = -(g / b) y
                Tensor q = g.div(b);
                ga = q;
                gb = needed[1] ? q.mul(y).neg() : null;
            }
            case POW -> {
                Tensor zero = scalarLike(g, 0);
                if (needed[0]) {
                    Tensor d = g.mul(b).mul(a.pow(b.sub(1)));
                    ga = Tensor.where(b.eq(0), zero, d);
                }
                if (needed[1]) {
                    // log(a) with a == 0 replaced by 1 so that neither branch of the where is NaN.
                    Tensor aZero = a.eq(0);
                    Tensor logA = Tensor.where(aZero, scalarLike(a, 1), a).log();
                    gb = Tensor.where(aZero, zero, g.mul(y).mul(logA));
                }
            }
            case MAX, MIN -> {
                Tensor half = a.eq(b).cast(g.dtype()).mul(0.5);
                if (needed[0]) {
                    Tensor wins = op == BinaryOp.MAX ? a.gt(b) : a.lt(b);
                    ga = g.mul(wins.cast(g.dtype()).add(half));
                }
                if (needed[1]) {
                    Tensor wins = op == BinaryOp.MAX ? b.gt(a) : b.lt(a);
                    gb = g.mul(wins.cast(g.dtype()).add(half));
                }
            }
            case ATAN2 -> {
                // d/da = b / (a^2 + b^2), d/db = -a / (a^2 + b^2)
                Tensor q = g.div(a.square().add(b.square()));
                ga = needed[0] ? q.mul(b) : null;
                gb = needed[1] ? q.mul(a).neg() : null;
            }
            case MOD -> {
                ga = g;
                gb = needed[1] ? g.mul(a.div(b).floor()).neg() : null;
            }
        }
        return new Tensor[] {
            needed[0] ? Reductions.sumToShape(ga, a.shape()) : null,
            needed[1] ? Reductions.sumToShape(gb, b.shape()) : null
        };
    }

    /** {@code op(a, b)} with NumPy broadcasting as an INT32 mask of 0 and 1. */
    static Tensor compare(CompareOp op, Tensor a, Tensor b) {
        String name = name(op);
        requireSameDType(name, a, b);
        Backend backend = Tensor.commonBackend(name, a, b);
        Broadcast plan = Broadcast.of(name, a.shape(), b.shape());
        return constant(name, new Tensor(backend, backend.compare(op, a.storage(), b.storage(), plan), plan.out()));
    }

    /** {@code cond != 0 ? a : b} with three-way broadcasting; cond may have any dtype. */
    static Tensor where(Tensor cond, Tensor a, Tensor b) {
        requireSameDType("where", a, b);
        Backend backend = Tensor.commonBackend("where", cond, a, b);
        Broadcast plan = Broadcast.of("where", cond.shape(), a.shape(), b.shape());
        Tensor out = new Tensor(backend, backend.where(cond.storage(), a.storage(), b.storage(), plan), plan.out());
        if (!a.dtype().isFloating()) {
            return constant("where", out);
        }
        // The condition is a constant for autodiff: it is not an input of the node.
        return Autodiff.record("where", out, new Tensor[] {a, b}, (g, needed) -> {
            Tensor zero = scalarLike(g, 0);
            return new Tensor[] {
                needed[0] ? Reductions.sumToShape(Tensor.where(cond, g, zero), a.shape()) : null,
                needed[1] ? Reductions.sumToShape(Tensor.where(cond, zero, g), b.shape()) : null
            };
        });
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
