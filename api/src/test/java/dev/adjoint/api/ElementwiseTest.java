package dev.adjoint.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import dev.adjoint.api.spi.BinaryOp;
import dev.adjoint.api.spi.CompareOp;
import dev.adjoint.api.spi.UnaryOp;
import java.util.EnumSet;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Casts, unary and binary math, comparisons, where, scalarLike and allClose against hand-computed values. */
class ElementwiseTest {
    /** Relative tolerance for float64 results (a few ulps). */
    private static final double F64_TOL = 1e-15;
    /** Relative tolerance for float32 results (two ulps). */
    private static final double F32_TOL = 2.4e-7;
    private static final double NAN = Double.NaN;
    private static final double INF = Double.POSITIVE_INFINITY;

    // Expected values computed with mpmath at 40 digits and rounded to double.
    static Stream<Arguments> unaryCases() {
        return Stream.of(
                arguments(UnaryOp.NEG, new double[] {-2.5, 0.0, 0.75, 3.0},
                        new double[] {2.5, 0.0, -0.75, -3.0}),
                arguments(UnaryOp.ABS, new double[] {-2.5, 0.0, 0.75, -3.0},
                        new double[] {2.5, 0.0, 0.75, 3.0}),
                arguments(UnaryOp.SQUARE, new double[] {-2.5, 0.0, 0.75, 3.0},
                        new double[] {6.25, 0.0, 0.5625, 9.0}),
                arguments(UnaryOp.SQRT, new double[] {0.25, 1.0, 2.0, 9.0},
                        new double[] {0.5, 1.0, 1.4142135623730951, 3.0}),
                arguments(UnaryOp.RSQRT, new double[] {0.25, 1.0, 2.0, 9.0},
                        new double[] {2.0, 1.0, 0.7071067811865476, 0.3333333333333333}),
                arguments(UnaryOp.RECIPROCAL, new double[] {-4.0, 0.5, 3.0, 10.0},
                        new double[] {-0.25, 2.0, 0.3333333333333333, 0.1}),
                arguments(UnaryOp.EXP, new double[] {-2.5, 0.0, 0.75, 3.0},
                        new double[] {0.0820849986238988, 1.0, 2.117000016612675, 20.085536923187668}),
                arguments(UnaryOp.EXPM1, new double[] {-2.5, 0.0, 0.0009765625, 3.0},
                        new double[] {-0.9179150013761012, 0.0, 0.0009770394924165351, 19.085536923187668}),
                arguments(UnaryOp.LOG, new double[] {0.25, 1.0, 2.0, 9.0},
                        new double[] {-1.3862943611198906, 0.0, 0.6931471805599453, 2.1972245773362196}),
                arguments(UnaryOp.LOG1P, new double[] {-0.5, 0.0, 0.0009765625, 3.0},
                        new double[] {-0.6931471805599453, 0.0, 0.0009760859730554589, 1.3862943611198906}),
                arguments(UnaryOp.SIN, new double[] {-2.5, 0.0, 0.75, 3.0},
                        new double[] {-0.5984721441039565, 0.0, 0.6816387600233341, 0.1411200080598672}),
                arguments(UnaryOp.COS, new double[] {-2.5, 0.0, 0.75, 3.0},
                        new double[] {-0.8011436155469337, 1.0, 0.7316888688738209, -0.9899924966004454}),
                arguments(UnaryOp.TAN, new double[] {-2.5, 0.0, 0.75, 3.0},
                        new double[] {0.7470222972386603, 0.0, 0.9315964599440725, -0.1425465430742778}),
                arguments(UnaryOp.ATAN, new double[] {-2.5, 0.0, 0.75, 3.0},
                        new double[] {-1.1902899496825317, 0.0, 0.6435011087932844, 1.2490457723982544}),
                arguments(UnaryOp.TANH, new double[] {-2.5, 0.0, 0.75, 3.0},
                        new double[] {-0.9866142981514303, 0.0, 0.6351489523872873, 0.9950547536867305}),
                arguments(UnaryOp.SIGMOID, new double[] {-800.0, -2.5, 0.0, 0.75, 40.0},
                        new double[] {0.0, 0.07585818002124355, 0.5, 0.679178699175393, 1.0}),
                arguments(UnaryOp.SOFTPLUS, new double[] {-30.0, -2.5, 0.0, 0.75, 800.0},
                        new double[] {9.357622968839737e-14, 0.07888973429254963, 0.6931471805599453, 1.1368710061148999, 800.0}),
                arguments(UnaryOp.RELU, new double[] {-2.5, 0.0, 0.75, 3.0},
                        new double[] {0.0, 0.0, 0.75, 3.0}),
                arguments(UnaryOp.ELU, new double[] {-2.5, 0.0, 0.75, 3.0},
                        new double[] {-0.9179150013761012, 0.0, 0.75, 3.0}),
                arguments(UnaryOp.GELU, new double[] {-10.0, -2.5, 0.0, 0.75, 3.0},
                        new double[] {-7.619853024160526e-23, -0.015524163314440337, 0.0, 0.5800294857173488, 2.99595030590511}),
                arguments(UnaryOp.SILU, new double[] {-2.5, 0.0, 0.75, 3.0},
                        new double[] {-0.18964545005310887, 0.0, 0.5093840243815447, 2.8577223804672998}),
                arguments(UnaryOp.ERF, new double[] {-5.0, -0.3, 0.0, 0.75, 1.0, 3.0, 6.5},
                        new double[] {-0.9999999999984626, -0.3286267594591274, 0.0, 0.7111556336535151, 0.8427007929497149, 0.9999779095030014, 1.0}),
                arguments(UnaryOp.FLOOR, new double[] {-2.5, -0.0, 0.75, 3.0},
                        new double[] {-3.0, 0.0, 0.0, 3.0}),
                arguments(UnaryOp.CEIL, new double[] {-2.5, -0.75, 0.75, 3.0},
                        new double[] {-2.0, 0.0, 1.0, 3.0}),
                arguments(UnaryOp.ROUND, new double[] {0.5, 1.5, 2.5, -1.5, 2.4999},
                        new double[] {0.0, 2.0, 2.0, -2.0, 2.0}),
                arguments(UnaryOp.SIGN, new double[] {-2.5, 0.0, 0.75, 3.0},
                        new double[] {-1.0, 0.0, 1.0, 1.0}));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("unaryCases")
    void unaryFloat64(UnaryOp op, double[] in, double[] expected) {
        Tensor out = Elementwise.unary(op, Tensor.of(in));
        assertThat(out.dtype()).isEqualTo(DType.FLOAT64);
        assertThat(out.shape()).isEqualTo(Shape.of(in.length));
        assertClose(out.toDoubleArray(), expected, F64_TOL);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("unaryCases")
    void unaryFloat32(UnaryOp op, double[] in, double[] expected) {
        Tensor out = Elementwise.unary(op, Tensor.of(floats(in)));
        assertThat(out.dtype()).isEqualTo(DType.FLOAT32);
        assertClose(widen(out.toFloatArray()), expected, F32_TOL);
    }

    @Test
    void unaryCasesCoverEveryOp() {
        Set<UnaryOp> covered = unaryCases().map(a -> (UnaryOp) a.get()[0]).collect(Collectors.toSet());
        assertThat(covered).isEqualTo(EnumSet.allOf(UnaryOp.class));
    }

    @Test
    void unarySpecialValues() {
        double[] sign = Tensor.of(new double[] {NAN, -0.0, INF, -INF}).sign().toDoubleArray();
        assertThat(sign[0]).isNaN();
        assertThat(sign[1]).isEqualTo(0.0);
        assertThat(sign[2]).isEqualTo(1.0);
        assertThat(sign[3]).isEqualTo(-1.0);
        // Stable forms must not produce NaN at the extremes.
        assertThat(Tensor.of(new double[] {-INF, INF}).sigmoid().toDoubleArray()).containsExactly(0.0, 1.0);
        assertThat(Tensor.of(new double[] {-INF, INF}).softplus().toDoubleArray()).containsExactly(0.0, INF);
        assertThat(Tensor.of(new float[] {-200f, 100f}).sigmoid().toFloatArray()).containsExactly(0f, 1f);
        assertThat(Tensor.of(new double[] {NAN}).relu().toDoubleArray()[0]).isNaN();
        assertThat(Tensor.of(new double[] {-INF, INF}).erf().toDoubleArray()).containsExactly(-1.0, 1.0);
        assertThat(Tensor.of(new double[] {-INF, INF}).gelu().toDoubleArray()).containsExactly(-0.0, INF);
        assertThat(Tensor.of(new double[] {-INF, INF}).silu().toDoubleArray()).containsExactly(-0.0, INF);
    }

    @Test
    void erfMatchesHighPrecisionValuesAcrossAllRanges() {
        // erf at points in each of the three approximation ranges; mpmath, 40 digits.
        double[] x = {1e-10, 0.1, 0.46875, 0.5, 2.0, 3.99, 4.01, 5.5, -2.0};
        double[] expected = {1.1283791670955126e-10, 0.1124629160182849, 0.49261347321793797,
            0.5204998778130465, 0.9953222650189527, 0.9999999832607886, 0.9999999858030606,
            0.9999999999999927, -0.9953222650189527};
        assertClose(Tensor.of(x).erf().toDoubleArray(), expected, 4e-16);
        // The GELU tail relies on erfc keeping relative accuracy: gelu(-20) = -20 * Phi(-20).
        assertClose(Tensor.of(new double[] {-20.0, -5.0}).gelu().toDoubleArray(),
                new double[] {-5.507248237212468e-88, -1.4332578593959695e-06}, 1e-13);
    }

    @Test
    void geluUnderflowsToNegativeZeroFarOutInTheLeftTail() {
        // x * Phi(x) is below the smallest double from x = -38.6 on; huge x must not give NaN (0 * inf).
        double[] far = Tensor.of(new double[] {-40.5, -1e20, -1e30, -1e300, -Double.MAX_VALUE}).gelu().toDoubleArray();
        assertThat(far).containsExactly(-0.0, -0.0, -0.0, -0.0, -0.0);
        // Just inside: -38 * Phi(-38) = -1.1e-314, a subnormal.
        double near = Tensor.of(new double[] {-38.0}).gelu().item();
        assertThat(near).isLessThan(-1e-315).isGreaterThan(-1e-313);
    }

    @Test
    void tensorMethodsMapToTheirOps() {
        Tensor x = Tensor.of(new double[] {0.75});
        assertThat(x.exp().item()).isEqualTo(Math.exp(0.75));
        assertThat(x.neg().item()).isEqualTo(-0.75);
        assertThat(x.tanh().item()).isEqualTo(Math.tanh(0.75));
        assertThat(x.square().item()).isEqualTo(0.5625);
        assertThat(x.sqrt().item()).isEqualTo(Math.sqrt(0.75));
        assertThat(x.log().item()).isEqualTo(Math.log(0.75));
        assertThat(x.floor().item()).isEqualTo(0.0);
        assertThat(x.ceil().item()).isEqualTo(1.0);
        assertThat(x.round().item()).isEqualTo(1.0);
    }

    @Test
    void unaryOnInt32() {
        Tensor x = Tensor.of(new int[] {-3, 0, 5, Integer.MIN_VALUE});
        assertThat(x.neg().toIntArray()).containsExactly(3, 0, -5, Integer.MIN_VALUE);
        assertThat(x.abs().toIntArray()).containsExactly(3, 0, 5, Integer.MIN_VALUE);
        assertThat(x.sign().toIntArray()).containsExactly(-1, 0, 1, -1);
        assertThat(Tensor.of(new int[] {-3, 0, 5}).square().toIntArray()).containsExactly(9, 0, 25);
        assertThat(x.neg().dtype()).isEqualTo(DType.INT32);
    }

    @Test
    void unaryRejectsInt32ForFloatOps() {
        Tensor x = Tensor.of(new int[] {1, 2}, 2);
        for (UnaryOp op : UnaryOp.values()) {
            if (!op.supportsInt()) {
                assertThatThrownBy(() -> Elementwise.unary(op, x))
                        .isInstanceOf(OpException.DTypeException.class)
                        .hasMessageStartingWith(op.name().toLowerCase() + ": ")
                        .hasMessageContaining("int32")
                        .hasMessageContaining("(2,)");
            }
        }
    }

    // ---- binary --------------------------------------------------------------------------------------

    // Expected values worked out by hand (MOD and ATAN2 checked against Python's % and math.atan2).
    static Stream<Arguments> binaryCases() {
        return Stream.of(
                arguments(BinaryOp.ADD, new double[] {1.5, -2.25, 0.0, 7.0}, new double[] {2.0, 0.25, -0.0, -7.0},
                        new double[] {3.5, -2.0, 0.0, 0.0}),
                arguments(BinaryOp.SUB, new double[] {1.5, -2.25, 0.0, 7.0}, new double[] {2.0, 0.25, -0.0, -7.0},
                        new double[] {-0.5, -2.5, 0.0, 14.0}),
                arguments(BinaryOp.MUL, new double[] {1.5, -2.25, 0.0, 7.0}, new double[] {2.0, 0.25, -0.0, -7.0},
                        new double[] {3.0, -0.5625, -0.0, -49.0}),
                arguments(BinaryOp.DIV, new double[] {1.0, -3.0, 1.0, 0.0}, new double[] {4.0, 2.0, 0.0, 0.0},
                        new double[] {0.25, -1.5, INF, NAN}),
                arguments(BinaryOp.POW, new double[] {2.0, 9.0, 2.0, -8.0}, new double[] {10.0, 0.5, -1.0, 0.5},
                        new double[] {1024.0, 3.0, 0.5, NAN}),
                arguments(BinaryOp.MAX, new double[] {1.0, NAN, -0.5, 3.0}, new double[] {2.0, 1.0, NAN, -3.0},
                        new double[] {2.0, NAN, NAN, 3.0}),
                arguments(BinaryOp.MIN, new double[] {1.0, NAN, -0.5, 3.0}, new double[] {2.0, 1.0, NAN, -3.0},
                        new double[] {1.0, NAN, NAN, -3.0}),
                arguments(BinaryOp.ATAN2, new double[] {1.0, -2.0, 0.0, 3.0}, new double[] {-1.0, 0.5, -1.0, 4.0},
                        new double[] {2.356194490192345, -1.3258176636680326, 3.141592653589793,
                            0.6435011087932844}),
                arguments(BinaryOp.MOD, new double[] {-7.5, 7.5, 5.0, -5.0, 5.5},
                        new double[] {2.0, -2.0, -2.5, 2.5, 0.75}, new double[] {0.5, -0.5, -0.0, 0.0, 0.25}));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("binaryCases")
    void binaryFloat64(BinaryOp op, double[] a, double[] b, double[] expected) {
        Tensor out = Elementwise.binary(op, Tensor.of(a), Tensor.of(b));
        assertThat(out.dtype()).isEqualTo(DType.FLOAT64);
        assertClose(out.toDoubleArray(), expected, F64_TOL);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("binaryCases")
    void binaryFloat32(BinaryOp op, double[] a, double[] b, double[] expected) {
        Tensor out = Elementwise.binary(op, Tensor.of(floats(a)), Tensor.of(floats(b)));
        assertThat(out.dtype()).isEqualTo(DType.FLOAT32);
        assertClose(widen(out.toFloatArray()), expected, F32_TOL);
    }

    @Test
    void binaryCasesCoverEveryOp() {
        Set<BinaryOp> covered = binaryCases().map(a -> (BinaryOp) a.get()[0]).collect(Collectors.toSet());
        assertThat(covered).isEqualTo(EnumSet.allOf(BinaryOp.class));
    }

    @Test
    void floatModKeepsTheDivisorsSignOnZeroAndStaysExactForLargeQuotients() {
        double[] r = Tensor.of(new double[] {5.0, -5.0, 1e17}).mod(Tensor.of(new double[] {-2.5, 2.5, 3.0}))
                .toDoubleArray();
        assertThat(1 / r[0]).isEqualTo(Double.NEGATIVE_INFINITY);
        assertThat(1 / r[1]).isEqualTo(INF);
        // 1e17 = 3 * 33333333333333333 + 1 exactly; a - floor(a / b) * b would give 0 or 4 here.
        assertThat(r[2]).isEqualTo(1.0);
    }

    @Test
    void binaryOnInt32() {
        Tensor a = Tensor.of(new int[] {-7, 7, 7, -7, Integer.MAX_VALUE});
        Tensor b = Tensor.of(new int[] {2, -2, 2, -2, 1});
        assertThat(a.add(b).toIntArray()).containsExactly(-5, 5, 9, -9, Integer.MIN_VALUE);
        assertThat(a.sub(b).toIntArray()).containsExactly(-9, 9, 5, -5, Integer.MAX_VALUE - 1);
        assertThat(a.mul(b).toIntArray()).containsExactly(-14, -14, 14, 14, Integer.MAX_VALUE);
        assertThat(a.div(b).toIntArray()).containsExactly(-4, -4, 3, 3, Integer.MAX_VALUE);
        assertThat(a.mod(b).toIntArray()).containsExactly(1, -1, 1, -1, 0);
        assertThat(a.maximum(b).toIntArray()).containsExactly(2, 7, 7, -2, Integer.MAX_VALUE);
        assertThat(a.minimum(b).toIntArray()).containsExactly(-7, -2, 2, -7, 1);
        assertThat(a.add(b).dtype()).isEqualTo(DType.INT32);
    }

    @Test
    void int32DivisionByZeroNamesTheOp() {
        Tensor a = Tensor.of(new int[] {3});
        Tensor zero = Tensor.of(new int[] {0});
        assertThatThrownBy(() -> a.div(zero)).isInstanceOf(ArithmeticException.class).hasMessageContaining("div");
        assertThatThrownBy(() -> a.mod(zero)).isInstanceOf(ArithmeticException.class).hasMessageContaining("mod");
    }

    @Test
    void binaryRejectsInt32ForFloatOps() {
        Tensor a = Tensor.of(new int[] {1, 2});
        assertThatThrownBy(() -> a.pow(a)).isInstanceOf(OpException.DTypeException.class)
                .hasMessageStartingWith("pow: ").hasMessageContaining("int32");
        assertThatThrownBy(() -> a.atan2(a)).isInstanceOf(OpException.DTypeException.class)
                .hasMessageStartingWith("atan2: ").hasMessageContaining("int32");
    }

    @Test
    void binaryRejectsMixedDTypesNamingBoth() {
        Tensor f = Tensor.of(new float[] {1, 2});
        Tensor d = Tensor.of(new double[] {1, 2, 3}, 3, 1);
        assertThatThrownBy(() -> f.add(d)).isInstanceOf(OpException.DTypeException.class)
                .hasMessageStartingWith("add: ")
                .hasMessageContaining("float32").hasMessageContaining("float64")
                .hasMessageContaining("(2,)").hasMessageContaining("(3, 1)");
        assertThatThrownBy(() -> f.lt(d)).isInstanceOf(OpException.DTypeException.class)
                .hasMessageStartingWith("lt: ");
    }

    @Test
    void scalarOperandsTakeTheTensorsDType() {
        Tensor i = Tensor.of(new int[] {1, 2, 3});
        assertThat(i.add(2.9).toIntArray()).containsExactly(3, 4, 5);
        assertThat(i.add(2.9).dtype()).isEqualTo(DType.INT32);
        Tensor f = Tensor.of(new float[] {1, 2});
        assertThat(f.mul(0.5).toFloatArray()).containsExactly(0.5f, 1f);
        assertThat(f.sub(1).dtype()).isEqualTo(DType.FLOAT32);
        Tensor d = Tensor.of(new double[] {1, 2});
        assertThat(d.div(0.1).toDoubleArray()).containsExactly(10.0, 20.0);
    }

    @Test
    void scalarLikeIsRankZeroOnTheSameBackendAndDType() {
        Tensor like = Tensor.of(new int[] {1, 2});
        Tensor s = Elementwise.scalarLike(like, -2.7);
        assertThat(s.shape()).isEqualTo(Shape.scalar());
        assertThat(s.dtype()).isEqualTo(DType.INT32);
        assertThat(s.backend()).isSameAs(like.backend());
        assertThat(s.toIntArray()).containsExactly(-2);
        assertThat(Elementwise.scalarLike(Tensor.of(new float[] {1}), 0.1).toFloatArray()).containsExactly(0.1f);
    }

    // ---- compare and where ---------------------------------------------------------------------------

    @Test
    void comparisonsInBothFloatDTypesAndInt32() {
        double[] a = {1, 2, NAN, 3};
        double[] b = {2, 2, NAN, 1};
        int[][] expected = {
            {0, 1, 0, 0}, // EQ
            {1, 0, 1, 1}, // NE
            {1, 0, 0, 0}, // LT
            {1, 1, 0, 0}, // LE
            {0, 0, 0, 1}, // GT
            {0, 1, 0, 1}, // GE
        };
        for (CompareOp op : CompareOp.values()) {
            int[] want = expected[op.ordinal()];
            Tensor d = Elementwise.compare(op, Tensor.of(a), Tensor.of(b));
            Tensor f = Elementwise.compare(op, Tensor.of(floats(a)), Tensor.of(floats(b)));
            assertThat(d.dtype()).isEqualTo(DType.INT32);
            assertThat(d.toIntArray()).as("%s float64", op).containsExactly(want);
            assertThat(f.toIntArray()).as("%s float32", op).containsExactly(want);
        }
        Tensor ia = Tensor.of(new int[] {1, 2, 5, 3});
        Tensor ib = Tensor.of(new int[] {2, 2, 5, 1});
        assertThat(ia.eq(ib).toIntArray()).containsExactly(0, 1, 1, 0);
        assertThat(ia.ne(ib).toIntArray()).containsExactly(1, 0, 0, 1);
        assertThat(ia.lt(ib).toIntArray()).containsExactly(1, 0, 0, 0);
        assertThat(ia.le(ib).toIntArray()).containsExactly(1, 1, 1, 0);
        assertThat(ia.gt(ib).toIntArray()).containsExactly(0, 0, 0, 1);
        assertThat(ia.ge(ib).toIntArray()).containsExactly(0, 1, 1, 1);
    }

    @Test
    void comparisonsBroadcastAndAcceptScalars() {
        Tensor x = Tensor.of(new float[] {1, 2, 3, 4, 5, 6}, 2, 3);
        Tensor row = Tensor.of(new float[] {2, 2, 6});
        Tensor m = x.ge(row);
        assertThat(m.shape()).isEqualTo(Shape.of(2, 3));
        assertThat(m.toIntArray()).containsExactly(0, 1, 0, 1, 1, 1);
        assertThat(x.gt(3.5).toIntArray()).containsExactly(0, 0, 0, 1, 1, 1);
    }

    @Test
    void whereSelectsWithThreeWayBroadcast() {
        Tensor cond = Tensor.of(new float[] {1, 0, NAN_F, 0.5f}, 4, 1); // NaN and 0.5 are nonzero: true
        Tensor a = Tensor.of(new double[] {10, 20, 30}, 1, 3);
        Tensor b = Tensor.of(new double[] {-1}, new int[0]);
        Tensor r = Tensor.where(cond, a, b);
        assertThat(r.shape()).isEqualTo(Shape.of(4, 3));
        assertThat(r.dtype()).isEqualTo(DType.FLOAT64);
        assertThat(r.toDoubleArray()).containsExactly(10, 20, 30, -1, -1, -1, 10, 20, 30, 10, 20, 30);

        Tensor ic = Tensor.of(new int[] {0, 3});
        Tensor fa = Tensor.of(new float[] {1.5f, 2.5f});
        Tensor fb = Tensor.of(new float[] {-1.5f, -2.5f});
        assertThat(Tensor.where(ic, fa, fb).toFloatArray()).containsExactly(-1.5f, 2.5f);
        Tensor ia = Tensor.of(new int[] {7, 8});
        Tensor ib = Tensor.of(new int[] {-7, -8});
        assertThat(Tensor.where(ic, ia, ib).toIntArray()).containsExactly(-7, 8);
    }

    @Test
    void whereErrorsNameTheOp() {
        Tensor cond = Tensor.of(new int[] {1, 0});
        assertThatThrownBy(() -> Tensor.where(cond, Tensor.of(new float[] {1, 2}), Tensor.of(new double[] {1, 2})))
                .isInstanceOf(OpException.DTypeException.class).hasMessageStartingWith("where: ")
                .hasMessageContaining("float32").hasMessageContaining("float64");
        assertThatThrownBy(() -> Tensor.where(Tensor.of(new int[] {1, 0, 1}), Tensor.of(new float[] {1, 2}),
                Tensor.of(new float[] {1, 2}))).isInstanceOf(OpException.ShapeException.class)
                .hasMessageStartingWith("where: ").hasMessageContaining("(3,)").hasMessageContaining("(2,)");
    }

    // ---- cast and allClose ---------------------------------------------------------------------------

    @Test
    void castFloatToIntTruncatesSaturatesAndMapsNaNToZero() {
        double[] in = {-1.7, 1.7, NAN, 3e9, -3e9, -0.5};
        int[] want = {-1, 1, 0, Integer.MAX_VALUE, Integer.MIN_VALUE, 0};
        assertThat(Tensor.of(in).cast(DType.INT32).toIntArray()).containsExactly(want);
        assertThat(Tensor.of(floats(in)).cast(DType.INT32).toIntArray()).containsExactly(want);
    }

    @Test
    void castBetweenFloatsAndFromInt() {
        assertThat(Tensor.of(new double[] {0.1, 1e40}).cast(DType.FLOAT32).toFloatArray())
                .containsExactly(0.1f, Float.POSITIVE_INFINITY);
        assertThat(Tensor.of(new float[] {0.1f}).cast(DType.FLOAT64).toDoubleArray())
                .containsExactly(0.10000000149011612);
        assertThat(Tensor.of(new int[] {16777217, -3}).cast(DType.FLOAT32).toFloatArray())
                .containsExactly(16777216f, -3f);
        assertThat(Tensor.of(new int[] {16777217}).cast(DType.FLOAT64).toDoubleArray()).containsExactly(16777217.0);
        Tensor t = Tensor.of(new float[] {1, 2}, 2, 1);
        assertThat(t.cast(DType.FLOAT32)).isSameAs(t);
        assertThat(t.cast(DType.FLOAT64).shape()).isEqualTo(Shape.of(2, 1));
    }

    @Test
    void allCloseComparesInDoubleWithNumPysRule() {
        Tensor a = Tensor.of(new double[] {1.0, 100.0, INF});
        assertThat(a.allClose(Tensor.of(new double[] {1.0 + 1e-9, 100.0, INF}), 0, 1e-8)).isTrue();
        assertThat(a.allClose(Tensor.of(new double[] {1.0 + 1e-7, 100.0, INF}), 0, 1e-8)).isFalse();
        // |a - b| <= atol + rtol * |b|: 0.1 <= 0.1001 holds ...
        assertThat(Tensor.of(new double[] {100.1}).allClose(Tensor.of(new double[] {100.0}), 1.001e-3, 0)).isTrue();
        // ... and 0.2 <= 0.1001 does not.
        assertThat(Tensor.of(new double[] {100.2}).allClose(Tensor.of(new double[] {100.0}), 1.001e-3, 0)).isFalse();
        assertThat(Tensor.of(new double[] {NAN}).allClose(Tensor.of(new double[] {NAN}), 1, 1)).isFalse();
        assertThat(Tensor.of(new double[] {INF}).allClose(Tensor.of(new double[] {-INF}), 1, 1)).isFalse();
        assertThat(Tensor.of(new double[] {1, 2}).allClose(Tensor.of(new double[] {1, 2}, 2, 1), 1, 1)).isFalse();
        assertThat(Tensor.of(new float[] {0.1f}).allClose(Tensor.of(new double[] {0.1}), 1e-7, 0)).isTrue();
        assertThat(Tensor.zeros(0, 3).allClose(Tensor.zeros(0, 3), 0, 0)).isTrue();
    }

    // ---- helpers -------------------------------------------------------------------------------------

    private static final float NAN_F = Float.NaN;

    static float[] floats(double[] d) {
        float[] f = new float[d.length];
        for (int i = 0; i < d.length; i++) {
            f[i] = (float) d[i];
        }
        return f;
    }

    static double[] widen(float[] f) {
        double[] d = new double[f.length];
        for (int i = 0; i < f.length; i++) {
            d[i] = f[i];
        }
        return d;
    }

    /** Element-wise closeness in relative terms; NaN must match NaN and infinities must match exactly. */
    static void assertClose(double[] actual, double[] expected, double relTol) {
        assertThat(actual).hasSameSizeAs(expected);
        for (int i = 0; i < expected.length; i++) {
            double e = expected[i];
            double a = actual[i];
            if (Double.isNaN(e)) {
                assertThat(a).as("element %d", i).isNaN();
            } else if (Double.isInfinite(e) || e == 0) {
                assertThat(a).as("element %d", i).isEqualTo(e, org.assertj.core.data.Offset.offset(0.0));
            } else {
                assertThat(Math.abs(a - e)).as("element %d: %s vs expected %s", i, a, e)
                        .isLessThanOrEqualTo(relTol * Math.abs(e));
            }
        }
    }

    @org.junit.jupiter.api.Test
    void leakyReluScalesNegativesForAnySlope() {
        org.assertj.core.api.Assertions.assertThat(Tensor.of(new double[] {-1, 0, 3}).leakyRelu(0.1).toDoubleArray())
                .containsExactly(-0.1, 0, 3);
        org.assertj.core.api.Assertions.assertThat(Tensor.of(new double[] {-1, 0, 3}).leakyRelu(2).toDoubleArray())
                .containsExactly(-2, 0, 3);
    }
}
