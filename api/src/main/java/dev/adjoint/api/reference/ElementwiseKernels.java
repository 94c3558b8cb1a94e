package dev.adjoint.api.reference;

import dev.adjoint.api.DType;
import dev.adjoint.api.spi.BinaryOp;
import dev.adjoint.api.spi.Broadcast;
import dev.adjoint.api.spi.CompareOp;
import dev.adjoint.api.spi.HeapStorage;
import dev.adjoint.api.spi.ScalarMath;
import dev.adjoint.api.spi.UnaryOp;

/**
 * Reference kernels for casts, unary and binary math, comparisons and {@code where}. FLOAT32 values are
 * computed in double and rounded once; broadcast inputs are read through the plan's strides.
 */
final class ElementwiseKernels {
    private ElementwiseKernels() {
    }

    /**
     * Float to int like C: truncation toward zero, NaN becomes 0, values beyond the int range saturate
     * (exactly Java's narrowing conversion).
     */
    static int toInt(double v) {
        return (int) v;
    }

    // ---- cast ------------------------------------------------------------------------------------

    /** Converts to {@code to}; float to int by {@link #toInt}. Always returns new storage. */
    static HeapStorage cast(HeapStorage x, DType to) {
        int n = x.size();
        switch (x.dtype()) {
            case FLOAT32 -> {
                float[] s = x.f32();
                switch (to) {
                    case FLOAT32 -> {
                        return HeapStorage.of(s.clone());
                    }
                    case FLOAT64 -> {
                        double[] r = new double[n];
                        for (int i = 0; i < n; i++) {
                            r[i] = s[i];
                        }
                        return HeapStorage.of(r);
                    }
                    case INT32 -> {
                        int[] r = new int[n];
                        for (int i = 0; i < n; i++) {
                            r[i] = toInt(s[i]);
                        }
                        return HeapStorage.of(r);
                    }
                }
            }
            case FLOAT64 -> {
                double[] s = x.f64();
                switch (to) {
                    case FLOAT32 -> {
                        float[] r = new float[n];
                        for (int i = 0; i < n; i++) {
                            r[i] = (float) s[i];
                        }
                        return HeapStorage.of(r);
                    }
                    case FLOAT64 -> {
                        return HeapStorage.of(s.clone());
                    }
                    case INT32 -> {
                        int[] r = new int[n];
                        for (int i = 0; i < n; i++) {
                            r[i] = toInt(s[i]);
                        }
                        return HeapStorage.of(r);
                    }
                }
            }
            case INT32 -> {
                int[] s = x.i32();
                switch (to) {
                    case FLOAT32 -> {
                        float[] r = new float[n];
                        for (int i = 0; i < n; i++) {
                            r[i] = s[i];
                        }
                        return HeapStorage.of(r);
                    }
                    case FLOAT64 -> {
                        double[] r = new double[n];
                        for (int i = 0; i < n; i++) {
                            r[i] = s[i];
                        }
                        return HeapStorage.of(r);
                    }
                    case INT32 -> {
                        return HeapStorage.of(s.clone());
                    }
                }
            }
        }
        throw new IllegalStateException("unreachable: cast " + x.dtype() + " to " + to);
    }

    // ---- unary -----------------------------------------------------------------------------------

    /** {@code op(x)} elementwise; INT32 only for ops with {@link UnaryOp#supportsInt()}. */
    static HeapStorage unary(UnaryOp op, HeapStorage x) {
        int n = x.size();
        return switch (x.dtype()) {
            case FLOAT32 -> {
                float[] s = x.f32();
                float[] r = new float[n];
                for (int i = 0; i < n; i++) {
                    r[i] = (float) apply(op, s[i]);
                }
                yield HeapStorage.of(r);
            }
            case FLOAT64 -> {
                double[] s = x.f64();
                double[] r = new double[n];
                for (int i = 0; i < n; i++) {
                    r[i] = apply(op, s[i]);
                }
                yield HeapStorage.of(r);
            }
            case INT32 -> {
                int[] s = x.i32();
                int[] r = new int[n];
                for (int i = 0; i < n; i++) {
                    r[i] = applyInt(op, s[i]);
                }
                yield HeapStorage.of(r);
            }
        };
    }

    /** One unary op on a double. */
    static double apply(UnaryOp op, double x) {
        return switch (op) {
            case NEG -> -x;
            case ABS -> Math.abs(x);
            case SIGN -> Math.signum(x);
            case SQUARE -> x * x;
            case SQRT -> Math.sqrt(x);
            case RSQRT -> 1 / Math.sqrt(x);
            case RECIPROCAL -> 1 / x;
            case EXP -> Math.exp(x);
            case EXPM1 -> Math.expm1(x);
            case LOG -> Math.log(x);
            case LOG1P -> Math.log1p(x);
            case SIN -> Math.sin(x);
            case COS -> Math.cos(x);
            case TAN -> Math.tan(x);
            case ATAN -> Math.atan(x);
            case TANH -> Math.tanh(x);
            case SIGMOID -> sigmoid(x);
            case SOFTPLUS -> Math.max(x, 0) + Math.log1p(Math.exp(-Math.abs(x)));
            case RELU -> Math.max(x, 0);
            case ELU -> x > 0 ? x : Math.expm1(x);
            case GELU -> ScalarMath.gelu(x);
            case SILU -> x == Double.NEGATIVE_INFINITY ? -0.0 : x * sigmoid(x);
            case ERF -> ScalarMath.erf(x);
            case FLOOR -> Math.floor(x);
            case CEIL -> Math.ceil(x);
            case ROUND -> Math.rint(x);
        };
    }

    /** {@code 1 / (1 + exp(-x))} without overflow for large negative x. */
    private static double sigmoid(double x) {
        if (x >= 0) {
            return 1 / (1 + Math.exp(-x));
        }
        double e = Math.exp(x);
        return e / (1 + e);
    }

    /** One unary op on an int (wrapping like Java's int arithmetic: {@code -MIN_VALUE == MIN_VALUE}). */
    static int applyInt(UnaryOp op, int x) {
        return switch (op) {
            case NEG -> -x;
            case ABS -> Math.abs(x);
            case SIGN -> Integer.signum(x);
            case SQUARE -> x * x;
            default -> throw new IllegalArgumentException(op.name().toLowerCase(java.util.Locale.ROOT)
                    + ": not defined for int32");
        };
    }

    // ---- binary ----------------------------------------------------------------------------------

    /**
     * {@code op(a, b)} with broadcasting. INT32 DIV and MOD are floor division and floor modulo; an integer
     * division by zero throws {@link ArithmeticException} naming the op.
     */
    static HeapStorage binary(BinaryOp op, HeapStorage a, HeapStorage b, Broadcast plan) {
        int n = plan.out().size();
        boolean dense = plan.isContiguous(0) && plan.isContiguous(1);
        Odometer it = new Odometer(plan.out(), plan.strides()[0], plan.strides()[1]);
        return switch (a.dtype()) {
            case FLOAT32 -> {
                float[] x = a.f32();
                float[] y = b.f32();
                float[] r = new float[n];
                if (dense) {
                    for (int i = 0; i < n; i++) {
                        r[i] = (float) apply(op, x[i], y[i]);
                    }
                } else {
                    for (int i = 0; i < n; i++, it.next()) {
                        r[i] = (float) apply(op, x[it.offset(0)], y[it.offset(1)]);
                    }
                }
                yield HeapStorage.of(r);
            }
            case FLOAT64 -> {
                double[] x = a.f64();
                double[] y = b.f64();
                double[] r = new double[n];
                if (dense) {
                    for (int i = 0; i < n; i++) {
                        r[i] = apply(op, x[i], y[i]);
                    }
                } else {
                    for (int i = 0; i < n; i++, it.next()) {
                        r[i] = apply(op, x[it.offset(0)], y[it.offset(1)]);
                    }
                }
                yield HeapStorage.of(r);
            }
            case INT32 -> {
                int[] x = a.i32();
                int[] y = b.i32();
                int[] r = new int[n];
                if (dense) {
                    for (int i = 0; i < n; i++) {
                        r[i] = applyInt(op, x[i], y[i]);
                    }
                } else {
                    for (int i = 0; i < n; i++, it.next()) {
                        r[i] = applyInt(op, x[it.offset(0)], y[it.offset(1)]);
                    }
                }
                yield HeapStorage.of(r);
            }
        };
    }

    /** One binary op on doubles; MAX/MIN propagate NaN, MOD follows Python's float {@code %}. */
    static double apply(BinaryOp op, double a, double b) {
        return switch (op) {
            case ADD -> a + b;
            case SUB -> a - b;
            case MUL -> a * b;
            case DIV -> a / b;
            case POW -> Math.pow(a, b);
            case MAX -> Math.max(a, b);
            case MIN -> Math.min(a, b);
            case ATAN2 -> Math.atan2(a, b);
            case MOD -> ScalarMath.floorMod(a, b);
        };
    }

    /** One binary op on ints; ADD/SUB/MUL wrap, DIV and MOD round toward negative infinity. */
    static int applyInt(BinaryOp op, int a, int b) {
        return switch (op) {
            case ADD -> a + b;
            case SUB -> a - b;
            case MUL -> a * b;
            case DIV -> {
                if (b == 0) {
                    throw new ArithmeticException("div: integer division by zero (" + a + " / 0)");
                }
                yield Math.floorDiv(a, b);
            }
            case MOD -> {
                if (b == 0) {
                    throw new ArithmeticException("mod: integer modulo by zero (" + a + " % 0)");
                }
                yield Math.floorMod(a, b);
            }
            case MAX -> Math.max(a, b);
            case MIN -> Math.min(a, b);
            default -> throw new IllegalArgumentException(op.name().toLowerCase(java.util.Locale.ROOT)
                    + ": not defined for int32");
        };
    }

    // ---- compare and where -----------------------------------------------------------------------

    /** {@code op(a, b)} with broadcasting as an INT32 mask; NaN compares false except under NE. */
    static HeapStorage compare(CompareOp op, HeapStorage a, HeapStorage b, Broadcast plan) {
        int n = plan.out().size();
        int[] r = new int[n];
        Odometer it = new Odometer(plan.out(), plan.strides()[0], plan.strides()[1]);
        switch (a.dtype()) {
            case FLOAT32 -> {
                float[] x = a.f32();
                float[] y = b.f32();
                for (int i = 0; i < n; i++, it.next()) {
                    r[i] = test(op, x[it.offset(0)], y[it.offset(1)]) ? 1 : 0;
                }
            }
            case FLOAT64 -> {
                double[] x = a.f64();
                double[] y = b.f64();
                for (int i = 0; i < n; i++, it.next()) {
                    r[i] = test(op, x[it.offset(0)], y[it.offset(1)]) ? 1 : 0;
                }
            }
            case INT32 -> {
                int[] x = a.i32();
                int[] y = b.i32();
                for (int i = 0; i < n; i++, it.next()) {
                    r[i] = test(op, x[it.offset(0)], y[it.offset(1)]) ? 1 : 0;
                }
            }
        }
        return HeapStorage.of(r);
    }

    /** One comparison; ints convert to double exactly. */
    static boolean test(CompareOp op, double a, double b) {
        return switch (op) {
            case EQ -> a == b;
            case NE -> a != b;
            case LT -> a < b;
            case LE -> a <= b;
            case GT -> a > b;
            case GE -> a >= b;
        };
    }

    /** {@code cond != 0 ? a : b} with broadcasting over three inputs; NaN in cond counts as true. */
    static HeapStorage where(HeapStorage cond, HeapStorage a, HeapStorage b, Broadcast plan) {
        int n = plan.out().size();
        boolean[] mask = truth(cond);
        Odometer it = new Odometer(plan.out(), plan.strides()[0], plan.strides()[1], plan.strides()[2]);
        return switch (a.dtype()) {
            case FLOAT32 -> {
                float[] x = a.f32();
                float[] y = b.f32();
                float[] r = new float[n];
                for (int i = 0; i < n; i++, it.next()) {
                    r[i] = mask[it.offset(0)] ? x[it.offset(1)] : y[it.offset(2)];
                }
                yield HeapStorage.of(r);
            }
            case FLOAT64 -> {
                double[] x = a.f64();
                double[] y = b.f64();
                double[] r = new double[n];
                for (int i = 0; i < n; i++, it.next()) {
                    r[i] = mask[it.offset(0)] ? x[it.offset(1)] : y[it.offset(2)];
                }
                yield HeapStorage.of(r);
            }
            case INT32 -> {
                int[] x = a.i32();
                int[] y = b.i32();
                int[] r = new int[n];
                for (int i = 0; i < n; i++, it.next()) {
                    r[i] = mask[it.offset(0)] ? x[it.offset(1)] : y[it.offset(2)];
                }
                yield HeapStorage.of(r);
            }
        };
    }

    /** Which elements are nonzero (NaN is nonzero). */
    private static boolean[] truth(HeapStorage cond) {
        int n = cond.size();
        boolean[] t = new boolean[n];
        switch (cond.dtype()) {
            case FLOAT32 -> {
                float[] c = cond.f32();
                for (int i = 0; i < n; i++) {
                    t[i] = c[i] != 0;
                }
            }
            case FLOAT64 -> {
                double[] c = cond.f64();
                for (int i = 0; i < n; i++) {
                    t[i] = c[i] != 0;
                }
            }
            case INT32 -> {
                int[] c = cond.i32();
                for (int i = 0; i < n; i++) {
                    t[i] = c[i] != 0;
                }
            }
        }
        return t;
    }
}
