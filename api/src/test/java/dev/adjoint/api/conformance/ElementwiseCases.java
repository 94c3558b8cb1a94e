package dev.adjoint.api.conformance;

import dev.adjoint.api.DType;
import dev.adjoint.api.Tensor;
import dev.adjoint.api.spi.BinaryOp;
import dev.adjoint.api.spi.CompareOp;
import dev.adjoint.api.spi.UnaryOp;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Conformance cases of the elementwise kernels: every {@link UnaryOp}, {@link BinaryOp} and {@link CompareOp}
 * in both float dtypes (and INT32 where supported) over the kit's shapes and broadcasting pairs, with inputs
 * kept in each op's domain, plus special values (NaN, infinities, signed zeros, extremes), {@code where}
 * with every condition dtype, and {@code cast} between all dtypes.
 */
public final class ElementwiseCases {
    private static final double NAN = Double.NaN;
    private static final double INF = Double.POSITIVE_INFINITY;

    private ElementwiseCases() {
    }

    /** All elementwise cases. */
    public static List<Case> cases() {
        List<Case> out = new ArrayList<>();
        unary(out);
        binary(out);
        compare(out);
        where(out);
        cast(out);
        return out;
    }

    /** The lower-case name of an op enum, e.g. {@code exp}. */
    static String name(Enum<?> op) {
        return op.name().toLowerCase(Locale.ROOT);
    }

    // ---- unary -------------------------------------------------------------------------------------

    private static void unary(List<Case> out) {
        for (UnaryOp op : UnaryOp.values()) {
            for (DType dtype : Shapes.ALL) {
                if (dtype == DType.INT32 && !op.supportsInt()) {
                    continue;
                }
                for (int[] shape : Shapes.SINGLE) {
                    String name = name(op) + " " + dtype.label() + " " + Shapes.str(shape);
                    HostArray x = unaryInput(op, dtype, shape, new RandomInputs(name));
                    out.add(Case.of("unary", name(op), name, unaryTolerance(op, dtype), in -> apply(op, in[0]), x));
                }
                String name = name(op) + " " + dtype.label() + " special values";
                HostArray x = dtype == DType.INT32
                        ? HostArray.of(new int[] {0, 1, -1, 7, -7, Integer.MAX_VALUE, Integer.MIN_VALUE, 46341, -46341})
                        : HostArray.of(dtype, unarySpecials(op));
                out.add(Case.of("unary", name(op), name, unaryTolerance(op, dtype), in -> apply(op, in[0]), x));
            }
        }
    }

    /** The public op for a unary kernel. */
    public static Tensor apply(UnaryOp op, Tensor x) {
        return switch (op) {
            case NEG -> x.neg();
            case ABS -> x.abs();
            case SIGN -> x.sign();
            case SQUARE -> x.square();
            case SQRT -> x.sqrt();
            case RSQRT -> x.rsqrt();
            case RECIPROCAL -> x.reciprocal();
            case EXP -> x.exp();
            case EXPM1 -> x.expm1();
            case LOG -> x.log();
            case LOG1P -> x.log1p();
            case SIN -> x.sin();
            case COS -> x.cos();
            case TAN -> x.tan();
            case ATAN -> x.atan();
            case TANH -> x.tanh();
            case SIGMOID -> x.sigmoid();
            case SOFTPLUS -> x.softplus();
            case RELU -> x.relu();
            case ELU -> x.elu();
            case GELU -> x.gelu();
            case SILU -> x.silu();
            case ERF -> x.erf();
            case FLOOR -> x.floor();
            case CEIL -> x.ceil();
            case ROUND -> x.round();
        };
    }

    private static Tolerance unaryTolerance(UnaryOp op, DType dtype) {
        return switch (op) {
            case NEG, ABS, SIGN, SQUARE, SQRT, RSQRT, RECIPROCAL, RELU, FLOOR, CEIL, ROUND -> Tolerance.elementwise(dtype);
            default -> Tolerance.transcendental(dtype);
        };
    }

    /** Random inputs inside the op's domain, away from poles; rounding ops get many exact halves. */
    private static HostArray unaryInput(UnaryOp op, DType dtype, int[] shape, RandomInputs r) {
        if (dtype == DType.INT32) {
            return r.uniform(dtype, shape, -1000, 1000);
        }
        return switch (op) {
            case SQRT -> r.uniform(dtype, shape, 0, 9);
            case RSQRT -> r.uniform(dtype, shape, 0.01, 9);
            case RECIPROCAL -> r.magnitude(dtype, shape, 0.1, 8);
            case EXP -> r.uniform(dtype, shape, -10, 10);
            case EXPM1 -> r.uniform(dtype, shape, -3, 3);
            case LOG -> r.uniform(dtype, shape, 1e-3, 100);
            case LOG1P -> r.uniform(dtype, shape, -0.9, 10);
            case SIN, COS, ATAN -> r.uniform(dtype, shape, -10, 10);
            case TAN -> r.uniform(dtype, shape, -1.3, 1.3);
            case SIGMOID, SILU -> r.uniform(dtype, shape, -10, 10);
            case SOFTPLUS -> r.uniform(dtype, shape, -20, 20);
            case GELU -> r.uniform(dtype, shape, -6, 6);
            case SIGN, RELU -> r.choice(dtype, shape, -2.5, -1, -0.25, 0, 0, 0.25, 1, 3);
            case FLOOR, CEIL, ROUND -> r.dyadic(dtype, shape, 4, -10, 10);
            default -> r.uniform(dtype, shape, -4, 4);
        };
    }

    private static double[] unarySpecials(UnaryOp op) {
        boolean periodic = op == UnaryOp.SIN || op == UnaryOp.COS || op == UnaryOp.TAN;
        List<Double> v = new ArrayList<>(List.of(NAN, INF, -INF, 0.0, -0.0, 1e-30, -1e-30, 0.5, -0.5, 1.5, 2.5,
                -2.5, 3.5, -3.5, 1e-8, 20.0, -20.0, 88.0, -88.0, 100.0, -100.0, 710.0, -710.0));
        if (!periodic) {
            v.addAll(List.of(1e30, -1e30, 1e300, -1e300));
        }
        return v.stream().mapToDouble(Double::doubleValue).toArray();
    }

    // ---- binary ------------------------------------------------------------------------------------

    private static void binary(List<Case> out) {
        for (BinaryOp op : BinaryOp.values()) {
            for (DType dtype : Shapes.ALL) {
                if (dtype == DType.INT32 && !op.supportsInt()) {
                    continue;
                }
                List<int[][]> pairs = new ArrayList<>();
                for (int[] s : Shapes.SINGLE) {
                    pairs.add(new int[][] {s, s});
                }
                pairs.addAll(Shapes.BROADCAST_PAIRS);
                for (int[][] pair : pairs) {
                    String shapes = pair[0] == pair[1] ? Shapes.str(pair[0])
                            : Shapes.str(pair[0]) + "+" + Shapes.str(pair[1]);
                    String name = name(op) + " " + dtype.label() + " " + shapes;
                    RandomInputs r = new RandomInputs(name);
                    HostArray a = binaryInput(op, dtype, pair[0], r, true);
                    HostArray b = binaryInput(op, dtype, pair[1], r, false);
                    out.add(Case.of("binary", name(op), name, binaryTolerance(op, dtype), in -> apply(op, in[0], in[1]),
                            a, b));
                }
                String name = name(op) + " " + dtype.label() + " special values";
                HostArray a;
                HostArray b;
                if (dtype == DType.INT32) {
                    int[] av = {0, 1, -1, 7, -7, 46341, Integer.MAX_VALUE, Integer.MIN_VALUE};
                    int[] bv = op == BinaryOp.DIV || op == BinaryOp.MOD
                            ? new int[] {1, -1, 3, -3, 46341, Integer.MAX_VALUE, Integer.MIN_VALUE}
                            : new int[] {0, 1, -1, 3, -3, 46341, Integer.MAX_VALUE, Integer.MIN_VALUE};
                    a = HostArray.of(av, av.length, 1);
                    b = HostArray.of(bv);
                } else {
                    double[] s = {NAN, INF, -INF, 0.0, -0.0, 1.0, -1.0, 2.5, -0.5, 1e30};
                    a = HostArray.of(dtype, s, s.length, 1);
                    b = HostArray.of(dtype, s);
                }
                out.add(Case.of("binary", name(op), name, binaryTolerance(op, dtype), in -> apply(op, in[0], in[1]),
                        a, b));
            }
        }
    }

    /** The public op for a binary kernel. */
    public static Tensor apply(BinaryOp op, Tensor a, Tensor b) {
        return switch (op) {
            case ADD -> a.add(b);
            case SUB -> a.sub(b);
            case MUL -> a.mul(b);
            case DIV -> a.div(b);
            case POW -> a.pow(b);
            case MAX -> a.maximum(b);
            case MIN -> a.minimum(b);
            case ATAN2 -> a.atan2(b);
            case MOD -> a.mod(b);
        };
    }

    private static Tolerance binaryTolerance(BinaryOp op, DType dtype) {
        return switch (op) {
            case POW, ATAN2 -> Tolerance.transcendental(dtype);
            // a - floor(a / b) * b and exact remainders differ by rounding relative to |a| <= 10.
            case MOD -> Tolerance.transcendental(dtype).max(new Tolerance(0, 10 * Tolerance.elementwise(dtype).atol()));
            default -> Tolerance.elementwise(dtype);
        };
    }

    private static HostArray binaryInput(BinaryOp op, DType dtype, int[] shape, RandomInputs r, boolean first) {
        if (dtype == DType.INT32) {
            return switch (op) {
                case DIV, MOD -> first ? r.uniform(dtype, shape, -1000, 1000) : r.magnitude(dtype, shape, 1, 20);
                case MAX, MIN -> r.uniform(dtype, shape, -3, 4);
                default -> r.uniform(dtype, shape, -1000, 1000);
            };
        }
        return switch (op) {
            case DIV -> first ? r.uniform(dtype, shape, -4, 4) : r.magnitude(dtype, shape, 0.25, 4);
            case POW -> first ? r.uniform(dtype, shape, 0.05, 4) : r.uniform(dtype, shape, -3, 3);
            case MOD -> first ? r.uniform(dtype, shape, -10, 10) : r.magnitude(dtype, shape, 0.5, 4);
            case MAX, MIN -> r.choice(dtype, shape, -1.5, -0.5, 0, 0.5, 1, 2.25);
            default -> r.uniform(dtype, shape, -4, 4);
        };
    }

    // ---- compare -----------------------------------------------------------------------------------

    private static void compare(List<Case> out) {
        List<int[][]> pairs = new ArrayList<>();
        for (int[] s : Shapes.FEW) {
            pairs.add(new int[][] {s, s});
        }
        pairs.add(new int[][] {{1029}, {1029}});
        pairs.addAll(Shapes.BROADCAST_PAIRS);
        for (CompareOp op : CompareOp.values()) {
            for (DType dtype : Shapes.ALL) {
                for (int[][] pair : pairs) {
                    String shapes = pair[0] == pair[1] ? Shapes.str(pair[0])
                            : Shapes.str(pair[0]) + "+" + Shapes.str(pair[1]);
                    String name = name(op) + " " + dtype.label() + " " + shapes;
                    RandomInputs r = new RandomInputs(name);
                    // A small value set, so that equal operands are frequent.
                    HostArray a = r.choice(dtype, pair[0], -2, -1, -0.5, 0, 0.5, 1, 2);
                    HostArray b = r.choice(dtype, pair[1], -2, -1, -0.5, 0, 0.5, 1, 2);
                    out.add(Case.of("compare", name(op), name, Tolerance.EXACT, in -> apply(op, in[0], in[1]), a, b));
                }
                if (dtype != DType.INT32) {
                    double[] s = {NAN, INF, -INF, 0.0, -0.0, 1.0, -1.0};
                    String name = name(op) + " " + dtype.label() + " special values";
                    out.add(Case.of("compare", name(op), name, Tolerance.EXACT, in -> apply(op, in[0], in[1]),
                            HostArray.of(dtype, s, s.length, 1), HostArray.of(dtype, s)));
                }
            }
        }
    }

    /** The public op for a comparison kernel. */
    public static Tensor apply(CompareOp op, Tensor a, Tensor b) {
        return switch (op) {
            case EQ -> a.eq(b);
            case NE -> a.ne(b);
            case LT -> a.lt(b);
            case LE -> a.le(b);
            case GT -> a.gt(b);
            case GE -> a.ge(b);
        };
    }

    // ---- where -------------------------------------------------------------------------------------

    private static void where(List<Case> out) {
        int[][][] triples = {
            {{7}, {7}, {7}},
            {{1029}, {1029}, {1029}},
            {{5, 4}, {4}, {5, 1}},
            {{}, {7, 3}, {}},
            {{8, 1, 6, 1}, {7, 1, 5}, {6, 5}},
            {{0, 3}, {3}, {1}},
            {{2, 3, 4, 5}, {3, 1, 5}, {}},
        };
        for (DType condType : Shapes.ALL) {
            for (DType dtype : Shapes.ALL) {
                for (int[][] t : triples) {
                    String name = "where " + condType.label() + "?" + dtype.label() + " " + Shapes.str(t[0]) + "?"
                            + Shapes.str(t[1]) + ":" + Shapes.str(t[2]);
                    RandomInputs r = new RandomInputs(name);
                    HostArray cond = condType == DType.INT32 ? r.choice(condType, t[0], 0, 1, 2, -1, 0)
                            : r.choice(condType, t[0], 0, -0.0, 1.5, NAN, -2, 0);
                    HostArray a = r.uniform(dtype, t[1], -100, 100);
                    HostArray b = r.uniform(dtype, t[2], -100, 100);
                    out.add(Case.of("where", "where", name, Tolerance.EXACT, in -> Tensor.where(in[0], in[1], in[2]),
                            cond, a, b));
                }
            }
        }
    }

    // ---- cast --------------------------------------------------------------------------------------

    private static void cast(List<Case> out) {
        int[][] shapes = {{0}, {}, {17}, {3, 4, 5}, {1029}};
        for (DType from : Shapes.ALL) {
            for (DType to : Shapes.ALL) {
                for (int[] shape : shapes) {
                    String name = "cast " + from.label() + "->" + to.label() + " " + Shapes.str(shape);
                    HostArray x = new RandomInputs(name).uniform(from, shape, -1e3, 1e3);
                    out.add(Case.of("cast", "cast", name, Tolerance.EXACT, in -> in[0].cast(to), x));
                }
                String name = "cast " + from.label() + "->" + to.label() + " special values";
                HostArray x = from == DType.INT32
                        ? HostArray.of(new int[] {0, 1, -1, Integer.MAX_VALUE, Integer.MIN_VALUE, 16777217, -16777217,
                            123456789})
                        : HostArray.of(from, new double[] {NAN, INF, -INF, 0.0, -0.0, 2.5, -2.5, 2.7, -2.7, 0.5, -0.5,
                            0.1, 3e9, -3e9, 2147483647.0, 2147483648.0, -2147483649.0, 1e39, -1e39, 1.4e-45, 1e-310,
                            16777217.0, 1.0000000596046448});
                out.add(Case.of("cast", "cast", name, Tolerance.EXACT, in -> in[0].cast(to), x));
            }
        }
    }
}
