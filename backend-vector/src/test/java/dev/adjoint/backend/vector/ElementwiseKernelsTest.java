package dev.adjoint.backend.vector;

import static dev.adjoint.backend.vector.OracleCheck.BIG;
import static dev.adjoint.backend.vector.OracleCheck.REFERENCE;
import static dev.adjoint.backend.vector.OracleCheck.SIZES;
import static dev.adjoint.backend.vector.OracleCheck.VECTOR;
import static dev.adjoint.backend.vector.OracleCheck.assertSame;
import static dev.adjoint.backend.vector.OracleCheck.choice;
import static dev.adjoint.backend.vector.OracleCheck.on;
import static dev.adjoint.backend.vector.OracleCheck.uniform;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.adjoint.api.DType;
import dev.adjoint.api.Tensor;
import dev.adjoint.api.spi.BinaryOp;
import dev.adjoint.api.spi.CompareOp;
import dev.adjoint.api.spi.UnaryOp;
import dev.adjoint.backend.vector.OracleCheck.Host;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The elementwise kernels against the reference backend through the public API: every op and dtype,
 * sizes around the lane counts and the parallel threshold, broadcasting, special values, and
 * bit-identical results across runs and thread counts.
 */
class ElementwiseKernelsTest {
    private static final double NAN = Double.NaN;
    private static final double INF = Double.POSITIVE_INFINITY;
    private static final double[] SPECIALS = {NAN, INF, -INF, 0.0, -0.0, 1e-30, -1e-30, 0.5, -0.5, 1.5, 2.5, -2.5,
        3.5, 1e-8, 20.0, -20.0, 88.0, -88.0, 100.0, -100.0, 710.0, -710.0, 1e30, -1e30, 1e300, -1e300, 1e-310};
    private static final DType[] FLOATS = {DType.FLOAT32, DType.FLOAT64};
    /** Unary ops this backend computes exactly like the reference (correctly rounded or the same scalar code). */
    private static final Set<UnaryOp> EXACT = EnumSet.of(UnaryOp.NEG, UnaryOp.ABS, UnaryOp.SIGN, UnaryOp.SQUARE,
            UnaryOp.SQRT, UnaryOp.RSQRT, UnaryOp.RECIPROCAL, UnaryOp.RELU, UnaryOp.FLOOR, UnaryOp.CEIL,
            UnaryOp.ROUND, UnaryOp.GELU, UnaryOp.ERF);

    // ---- unary -----------------------------------------------------------------------------------

    @ParameterizedTest
    @EnumSource(UnaryOp.class)
    void unaryMatchesReference(UnaryOp op) {
        for (DType dtype : DType.values()) {
            if (dtype == DType.INT32 && !op.supportsInt()) {
                continue;
            }
            List<int[]> shapes = new ArrayList<>();
            for (int n : SIZES) {
                shapes.add(new int[] {n});
            }
            shapes.add(new int[] {});
            shapes.add(new int[] {3, 5, 7});
            for (int[] shape : shapes) {
                Host x = unaryInput(op, dtype, shape);
                if (dtype != DType.INT32 && x.size() >= SPECIALS.length) {
                    x = x.withFirst(SPECIALS);
                } else if (dtype == DType.INT32 && x.size() >= 4) {
                    x = x.withFirst(Integer.MIN_VALUE, Integer.MAX_VALUE, 46341, -46341);
                }
                checkUnary(op, x, name(op) + " " + dtype + " " + Arrays.toString(shape));
            }
        }
    }

    @Test
    void unaryAboveTheParallelThreshold() {
        for (UnaryOp op : List.of(UnaryOp.NEG, UnaryOp.EXP, UnaryOp.SIN, UnaryOp.TANH, UnaryOp.GELU)) {
            for (DType dtype : FLOATS) {
                checkUnary(op, unaryInput(op, dtype, new int[] {BIG}), name(op) + " " + dtype + " big");
            }
        }
    }

    @Test
    void transcendentalSpecialValuesKeepTheReferenceRules() {
        for (UnaryOp op : UnaryOp.values()) {
            for (DType dtype : FLOATS) {
                Host x = Host.of(dtype, new int[] {SPECIALS.length}, SPECIALS);
                Host expected = on(REFERENCE, in -> unary(op, in[0]), x);
                Host actual = on(VECTOR, in -> unary(op, in[0]), x);
                for (int k = 0; k < x.size(); k++) {
                    double e = expected.get(k);
                    double a = actual.get(k);
                    String what = name(op) + " " + dtype + " of " + x.get(k);
                    assertThat(Double.isNaN(a)).as(what + " NaN").isEqualTo(Double.isNaN(e));
                    if (Double.isInfinite(e) || e == 0) {
                        assertThat(a).as(what).isEqualTo(e);
                        assertThat(Math.copySign(1, a)).as(what + " sign").isEqualTo(Math.copySign(1, e));
                    }
                }
            }
        }
    }

    private static void checkUnary(UnaryOp op, Host x, String what) {
        Function<Tensor[], Tensor> f = in -> unary(op, in[0]);
        if (EXACT.contains(op) || x.dtype() == DType.INT32) {
            OracleCheck.same(what, f, x);
        } else if (x.dtype() == DType.FLOAT32) {
            OracleCheck.close(what, 2.5e-7, 1e-37, f, x);
        } else {
            OracleCheck.close(what, 1e-13, 1e-15, f, x);
        }
    }

    /** Random inputs in the op's domain (the special values are added separately). */
    private static Host unaryInput(UnaryOp op, DType dtype, int[] shape) {
        long seed = 31L * op.ordinal() + dtype.ordinal() + 7L * OracleCheck.size(shape);
        if (dtype == DType.INT32) {
            return uniform(dtype, seed, -50000, 50000, shape);
        }
        return switch (op) {
            case SQRT, RSQRT, LOG -> uniform(dtype, seed, 1e-3, 100, shape);
            case LOG1P -> uniform(dtype, seed, -0.999, 10, shape);
            case EXP, EXPM1, SIGMOID, SOFTPLUS, SILU, ELU, TANH -> uniform(dtype, seed, -100, 100, shape);
            case FLOOR, CEIL, ROUND -> choice(dtype, seed, new double[] {-2.5, -1.5, -0.5, -0.25, 0.5, 1.5, 2.5, 3.75,
                -1e7 - 0.5, 8388607.5}, shape);
            default -> uniform(dtype, seed, -10, 10, shape);
        };
    }

    // ---- binary ----------------------------------------------------------------------------------

    /** Shape pairs: equal shapes, scalars on either side, rows, columns and 3-D broadcasting. */
    private static List<int[][]> pairs() {
        List<int[][]> p = new ArrayList<>();
        for (int n : SIZES) {
            p.add(new int[][] {{n}, {n}});
        }
        p.add(new int[][] {{1029}, {}});
        p.add(new int[][] {{}, {1029}});
        p.add(new int[][] {{1}, {17}});
        p.add(new int[][] {{}, {}});
        p.add(new int[][] {{7, 1029}, {1029}});
        p.add(new int[][] {{7, 1029}, {7, 1}});
        p.add(new int[][] {{1, 1029}, {7, 1}});
        p.add(new int[][] {{1029, 3}, {3}});
        p.add(new int[][] {{2, 3, 17}, {3, 1}});
        p.add(new int[][] {{17, 1, 3}, {1, 5, 3}});
        p.add(new int[][] {{4, 1, 6, 1}, {1, 5, 1, 33}});
        p.add(new int[][] {{0, 3}, {3}});
        p.add(new int[][] {{300, 1}, {300, 400}});
        return p;
    }

    @ParameterizedTest
    @EnumSource(BinaryOp.class)
    void binaryMatchesReferenceBitForBit(BinaryOp op) {
        for (DType dtype : DType.values()) {
            if (dtype == DType.INT32 && !op.supportsInt()) {
                continue;
            }
            for (int[][] pair : pairs()) {
                String what = name(op) + " " + dtype + " " + Arrays.toString(pair[0]) + "+" + Arrays.toString(pair[1]);
                Host a = binaryInput(op, dtype, pair[0], true);
                Host b = binaryInput(op, dtype, pair[1], false);
                if (dtype != DType.INT32 && a.size() >= 10 && b.size() >= 10) {
                    double[] s = {NAN, INF, -INF, 0.0, -0.0, 1.0, -1.0, 2.5, -0.5, 1e30};
                    a = a.withFirst(s);
                    b = b.withFirst(-0.0, 0.0, NAN, -INF, INF, 1e30, 2.5, -1.0, 0.0, -0.0);
                }
                OracleCheck.same(what, in -> binary(op, in[0], in[1]), a, b);
            }
        }
    }

    @Test
    void binaryAboveTheParallelThreshold() {
        for (BinaryOp op : List.of(BinaryOp.ADD, BinaryOp.MAX, BinaryOp.POW)) {
            for (DType dtype : FLOATS) {
                Host a = binaryInput(op, dtype, new int[] {BIG}, true);
                Host b = binaryInput(op, dtype, new int[] {BIG}, false);
                Host s = binaryInput(op, dtype, new int[] {}, false);
                OracleCheck.same(name(op) + " big", in -> binary(op, in[0], in[1]), a, b);
                OracleCheck.same(name(op) + " big+scalar", in -> binary(op, in[0], in[1]), a, s);
            }
        }
        Host a = uniform(DType.INT32, 3, -1000, 1000, 1025, 1024);
        Host b = uniform(DType.INT32, 4, 1, 9, 1024);
        OracleCheck.same("int mod big", in -> in[0].mod(in[1]), a, b);
    }

    @Test
    void integerDivisionByZeroFailsLikeTheReference() {
        Host a = Host.of(DType.INT32, new int[] {2, 3}, new double[] {5, 6, 7, 8, 9, 10});
        Host b = Host.of(DType.INT32, new int[] {3}, new double[] {1, 0, 2});
        for (BinaryOp op : List.of(BinaryOp.DIV, BinaryOp.MOD)) {
            Function<Tensor[], Tensor> f = in -> binary(op, in[0], in[1]);
            Throwable expected = catchThrowable(() -> on(REFERENCE, f, a, b));
            assertThat(expected).isInstanceOf(ArithmeticException.class);
            assertThatThrownBy(() -> on(VECTOR, f, a, b)).isInstanceOf(ArithmeticException.class)
                    .hasMessage(expected.getMessage()).hasMessageContaining("6");
        }
        Host big = uniform(DType.INT32, 5, 1, 100, 200_000);
        Host zeroLate = big.withFirst();
        zeroLate.i()[150_000] = 0;
        assertThatThrownBy(() -> on(VECTOR, in -> in[0].div(in[1]), big, zeroLate))
                .isInstanceOf(ArithmeticException.class)
                .hasMessage("div: integer division by zero (" + big.i()[150_000] + " / 0)");
    }

    private static Throwable catchThrowable(Runnable r) {
        try {
            r.run();
        } catch (Throwable t) {
            return t;
        }
        return null;
    }

    private static Host binaryInput(BinaryOp op, DType dtype, int[] shape, boolean first) {
        long seed = 17L * op.ordinal() + dtype.ordinal() + (first ? 0 : 1000) + 3L * OracleCheck.size(shape);
        if (dtype == DType.INT32) {
            return switch (op) {
                case DIV, MOD -> first ? uniform(dtype, seed, -1000, 1000, shape)
                        : choice(dtype, seed, new double[] {1, -1, 3, -3, 7, -20, 46341}, shape);
                case MAX, MIN -> uniform(dtype, seed, -3, 4, shape);
                default -> uniform(dtype, seed, -100000, 100000, shape);
            };
        }
        return switch (op) {
            case POW -> first ? uniform(dtype, seed, 0.05, 4, shape) : uniform(dtype, seed, -3, 3, shape);
            case MOD -> first ? uniform(dtype, seed, -10, 10, shape)
                    : choice(dtype, seed, new double[] {0.5, -0.5, 1.25, -3, 4}, shape);
            case MAX, MIN -> choice(dtype, seed, new double[] {-1.5, -0.5, -0.0, 0, 0.5, 1, 2.25}, shape);
            default -> uniform(dtype, seed, -4, 4, shape);
        };
    }

    // ---- compare, where, cast, full --------------------------------------------------------------

    @ParameterizedTest
    @EnumSource(CompareOp.class)
    void compareMatchesReference(CompareOp op) {
        double[] values = {-2, -1, -0.0, 0, 0.5, 1, 2, NAN, INF, -INF};
        for (DType dtype : DType.values()) {
            for (int[][] pair : pairs()) {
                String what = name(op) + " " + dtype + " " + Arrays.toString(pair[0]) + "+" + Arrays.toString(pair[1]);
                Host a = choice(dtype, 11 + pair[0].length, values, pair[0]);
                Host b = choice(dtype, 12 + pair[1].length, values, pair[1]);
                OracleCheck.same(what, in -> compare(op, in[0], in[1]), a, b);
            }
        }
    }

    @Test
    void whereMatchesReferenceForEveryConditionDtype() {
        int[][][] triples = {
            {{1029}, {1029}, {1029}}, {{17}, {}, {17}}, {{}, {7}, {1}}, {{7, 1}, {1, 1029}, {1029}},
            {{2, 1, 5}, {3, 1}, {2, 3, 5}}, {{100003}, {100003}, {}}, {{BIG}, {BIG}, {BIG}}, {{0}, {0}, {}}};
        for (DType condType : DType.values()) {
            for (DType dtype : DType.values()) {
                for (int[][] t : triples) {
                    String what = "where cond " + condType + " values " + dtype + " " + Arrays.deepToString(t);
                    Host c = choice(condType, 21, new double[] {0, -0.0, 1, -2, NAN}, t[0]);
                    Host a = uniform(dtype, 22, -100, 100, t[1]);
                    Host b = uniform(dtype, 23, -100, 100, t[2]);
                    OracleCheck.same(what, in -> Tensor.where(in[0], in[1], in[2]), c, a, b);
                }
            }
        }
    }

    @Test
    void castMatchesReferenceBetweenAllDtypes() {
        double[] specials = {NAN, INF, -INF, -0.0, 0.5, -0.5, 2.5, -2.9, 3e9, -3e9, 16777217, 2147483647.0,
            -2147483648.0, 1e-45, 1.0000000596046448};
        for (DType from : DType.values()) {
            for (DType to : DType.values()) {
                for (int n : new int[] {0, 1, 17, 1029, BIG}) {
                    Host x = from == DType.INT32 ? uniform(from, 31, -2e9, 2e9, n) : uniform(from, 31, -1e10, 1e10, n);
                    if (n >= specials.length) {
                        x = x.withFirst(from == DType.INT32 ? new double[] {Integer.MIN_VALUE, Integer.MAX_VALUE,
                            16777217, -16777217} : specials);
                    }
                    OracleCheck.same("cast " + from + " to " + to + " [" + n + "]", in -> in[0].cast(to), x);
                }
            }
        }
    }

    @Test
    void fullConvertsLikeTheReference() {
        for (DType dtype : DType.values()) {
            for (double v : new double[] {2.7, -2.7, NAN, 1e10, -1e10, -0.0, 1e-40}) {
                for (int n : new int[] {0, 1, 1029, BIG}) {
                    OracleCheck.same("full " + dtype + " " + v + " [" + n + "]", in -> Tensor.full(dtype, v, n));
                }
            }
        }
    }

    // ---- determinism -----------------------------------------------------------------------------

    @Test
    void resultsAreBitIdenticalAcrossRunsAndThreadCounts() {
        Host f = uniform(DType.FLOAT32, 41, -30, 30, BIG);
        Host d = uniform(DType.FLOAT64, 42, -30, 30, BIG);
        Host row = uniform(DType.FLOAT64, 43, -3, 3, 1025);
        Host rows = uniform(DType.FLOAT64, 44, -3, 3, 1023, 1025);
        List<Function<Tensor[], Tensor>> ops = List.of(
                in -> in[0].exp(), in -> in[0].tanh(), in -> in[0].gelu(), in -> in[0].sin(), in -> in[0].softplus(),
                in -> in[0].mul(in[0]).sub(in[0].square()), in -> in[0].lt(in[0].neg()),
                in -> Tensor.where(in[0].gt(0), in[0], in[0].neg()));
        for (Host x : List.of(f, d)) {
            for (int k = 0; k < ops.size(); k++) {
                Function<Tensor[], Tensor> op = ops.get(k);
                Host first = on(VECTOR, op, x);
                for (int threads : new int[] {1, 2, 4, 1}) {
                    Host again = Parallel.withThreads(threads, () -> on(VECTOR, op, x));
                    assertSame("op " + k + " " + x.dtype() + " on " + threads + " threads", first, again);
                }
            }
        }
        Function<Tensor[], Tensor> broadcast = in -> in[0].add(in[1]).atan2(in[1]);
        Host first = on(VECTOR, broadcast, rows, row);
        for (int threads : new int[] {1, 3, 4}) {
            Host again = Parallel.withThreads(threads, () -> on(VECTOR, broadcast, rows, row));
            assertSame("broadcast add, atan2 on " + threads + " threads", first, again);
        }
    }

    // ---- the public ops of each kernel -----------------------------------------------------------

    static Tensor unary(UnaryOp op, Tensor x) {
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

    static Tensor binary(BinaryOp op, Tensor a, Tensor b) {
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

    static Tensor compare(CompareOp op, Tensor a, Tensor b) {
        return switch (op) {
            case EQ -> a.eq(b);
            case NE -> a.ne(b);
            case LT -> a.lt(b);
            case LE -> a.le(b);
            case GT -> a.gt(b);
            case GE -> a.ge(b);
        };
    }

    private static String name(Enum<?> op) {
        return op.name().toLowerCase(Locale.ROOT);
    }
}
