package dev.adjoint.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Multilinear grid sampling and its adjoint against hand-computed values, adjointness and errors. */
class SamplingTest {
    private static final Boundary ZERO = Boundary.ZERO;
    private static final Boundary CLAMP = Boundary.CLAMP;
    private static final Boundary PERIODIC = Boundary.PERIODIC;

    /** Float dtypes under test; every expected value below is exact in float32. */
    enum Float {
        F32(DType.FLOAT32, 1e-6),
        F64(DType.FLOAT64, 1e-14);

        final DType dtype;
        final double tol;

        Float(DType dtype, double tol) {
            this.dtype = dtype;
            this.tol = tol;
        }

        Tensor of(double[] data, int... shape) {
            if (dtype == DType.FLOAT64) {
                return Tensor.of(data, shape);
            }
            float[] f = new float[data.length];
            for (int i = 0; i < data.length; i++) {
                f[i] = (float) data[i];
            }
            return Tensor.of(f, shape);
        }
    }

    // ---- 1-D: grid [4, 1] = 1, 2, 4, 8 -------------------------------------------------------------

    private static final double[] LINE = {1, 2, 4, 8};
    private static final double[] LINE_POINTS = {0, 2, 1.5, 2.25, 3, -0.5, 3.5, 5, -1, -2.75};

    @ParameterizedTest
    @EnumSource(Float.class)
    void oneDimensionalZero(Float f) {
        // Outside the grid the samples fade linearly to the zero beyond the edge nodes.
        expect1d(f, ZERO, 1, 4, 3, 5, 8, 0.5, 4, 0, 0, 0);
    }

    @ParameterizedTest
    @EnumSource(Float.class)
    void oneDimensionalClamp(Float f) {
        expect1d(f, CLAMP, 1, 4, 3, 5, 8, 1, 8, 8, 1, 1);
    }

    @ParameterizedTest
    @EnumSource(Float.class)
    void oneDimensionalPeriodic(Float f) {
        // -0.5 and 3.5 lie between node 3 (8) and node 0 (1); 5 wraps to 1; -1 to 3; -2.75 to 1.25.
        expect1d(f, PERIODIC, 1, 4, 3, 5, 8, 4.5, 4.5, 2, 8, 2.5);
    }

    @ParameterizedTest
    @EnumSource(Float.class)
    void periodicCoordinatesOnePeriodApartSampleTheSameValue(Float f) {
        Tensor grid = f.of(LINE, 4, 1);
        Tensor points = f.of(new double[] {1.25, 5.25, -2.75, 9.25}, 4, 1);
        assertValues(grid.sample(points, PERIODIC), f, 2.5, 2.5, 2.5, 2.5);
    }

    @ParameterizedTest
    @EnumSource(Float.class)
    void noBoundaryMeansClamp(Float f) {
        Tensor grid = f.of(LINE, 4, 1);
        Tensor points = f.of(new double[] {-3, 1.5, 7}, 3, 1);
        Tensor out = grid.sample(points);
        assertThat(out.shape()).isEqualTo(Shape.of(3, 1));
        assertThat(out.dtype()).isEqualTo(f.dtype);
        assertValues(out, f, 1, 3, 8);
    }

    @ParameterizedTest
    @EnumSource(Float.class)
    void singleNodeAxis(Float f) {
        Tensor grid = f.of(new double[] {7}, 1, 1);
        Tensor points = f.of(new double[] {0, 0.5, -0.5, 3}, 4, 1);
        assertValues(grid.sample(points, CLAMP), f, 7, 7, 7, 7);
        assertValues(grid.sample(points, PERIODIC), f, 7, 7, 7, 7);
        assertValues(grid.sample(points, ZERO), f, 7, 3.5, 3.5, 0);
    }

    @ParameterizedTest
    @EnumSource(Float.class)
    void nonFiniteCoordinates(Float f) {
        Tensor grid = f.of(LINE, 4, 1);
        Tensor points = f.of(new double[] {Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY}, 3, 1);
        double[] zero = grid.sample(points, ZERO).toDoubleArray();
        assertThat(zero[0]).isNaN();
        assertThat(zero[1]).isZero();
        assertThat(zero[2]).isZero();
        assertThat(grid.sample(points, CLAMP).toDoubleArray()[1]).isEqualTo(8.0);
        assertThat(grid.sample(points, PERIODIC).toDoubleArray()).containsOnly(Double.NaN);
    }

    // ---- 2-D: grid [2, 3, 2], channel 0 = 3i + j + 1, channel 1 = [[0, 1, 0], [2, 0, 4]] -----------

    private static final double[] PLANE = {1, 0, 2, 1, 3, 0, 4, 2, 5, 0, 6, 4};

    @ParameterizedTest
    @EnumSource(Float.class)
    void twoDimensionalMultiChannel(Float f) {
        Tensor grid = f.of(PLANE, 2, 3, 2);
        Tensor points = f.of(new double[] {0.5, 1.5, 0.25, 0.5, 1, 2, 0, 0}, 4, 2);
        Tensor out = grid.sample(points, CLAMP);
        assertThat(out.shape()).isEqualTo(Shape.of(4, 2));
        // (0.5, 1.5): mean of nodes (0,1),(0,2),(1,1),(1,2); (0.25, 0.5): rows 1.5 / 4.5 and 0.5 / 1 mixed 3:1.
        assertValues(out, f, 4, 1.25, 2.25, 0.625, 6, 4, 1, 0);
    }

    @ParameterizedTest
    @EnumSource(Float.class)
    void twoDimensionalPerAxisBoundaries(Float f) {
        Tensor grid = f.of(PLANE, 2, 3, 2);
        // Axis 0 ZERO: node 2 is outside; axis 1 PERIODIC: 2.5 mixes nodes 2 and 0.
        Tensor p1 = f.of(new double[] {1.5, 2.5}, 1, 2);
        assertValues(grid.sample(p1, ZERO, PERIODIC), f, 2.5, 1.5);
        // Axis 0 CLAMP: -3 reads row 0; axis 1 ZERO: 2.5 keeps half of node 2.
        Tensor p2 = f.of(new double[] {-3, 2.5}, 1, 2);
        assertValues(grid.sample(p2, CLAMP, ZERO), f, 1.5, 0);
        // Both PERIODIC: (-0.5, -0.5) mixes the four corners (1,2),(1,0),(0,2),(0,0) equally.
        Tensor p3 = f.of(new double[] {-0.5, -0.5}, 1, 2);
        assertValues(grid.sample(p3, PERIODIC), f, (6 + 4 + 3 + 1) / 4.0, (4 + 2 + 0 + 0) / 4.0);
    }

    // ---- 3-D: grid [2, 2, 2, 2], channel 0 = 1 + 4i + 2j + k, channel 1 = i * j * k ---------------

    private static double[] cube() {
        double[] g = new double[16];
        for (int i = 0; i < 2; i++) {
            for (int j = 0; j < 2; j++) {
                for (int k = 0; k < 2; k++) {
                    int at = ((i * 2 + j) * 2 + k) * 2;
                    g[at] = 1 + 4 * i + 2 * j + k;
                    g[at + 1] = i * j * k;
                }
            }
        }
        return g;
    }

    @ParameterizedTest
    @EnumSource(Float.class)
    void threeDimensional(Float f) {
        Tensor grid = f.of(cube(), 2, 2, 2, 2);
        Tensor points = f.of(new double[] {0.5, 0.25, 0.75, 1, 0, 1, 0.5, 0.5, 0.5}, 3, 3);
        // Trilinear interpolation reproduces the linear channel and multiplies the per-axis weights.
        assertValues(grid.sample(points, CLAMP), f, 4.25, 0.09375, 6, 0, 4.5, 0.125);
    }

    @ParameterizedTest
    @EnumSource(Float.class)
    void threeDimensionalOutside(Float f) {
        Tensor grid = f.of(cube(), 2, 2, 2, 2);
        // PERIODIC: (2.5, -0.75, 1) is (0.5, 1.25, 1): axis 1 mixes node 1 (0.75) and node 0 (0.25).
        assertValues(grid.sample(f.of(new double[] {2.5, -0.75, 1}, 1, 3), PERIODIC), f, 5.5, 0.375);
        // CLAMP: (3, -1, 0.5) is (1, 0, 0.5).
        assertValues(grid.sample(f.of(new double[] {3, -1, 0.5}, 1, 3), CLAMP), f, 5.5, 0);
        // ZERO: (1.5, 1, 1) keeps half of node (1, 1, 1).
        assertValues(grid.sample(f.of(new double[] {1.5, 1, 1}, 1, 3), ZERO), f, 4, 0.5);
    }

    // ---- batched -----------------------------------------------------------------------------------

    @ParameterizedTest
    @EnumSource(Float.class)
    void batchedLayoutSamplesEachBatchItsOwnGrid(Float f) {
        Tensor grid = f.of(new double[] {1, 2, 3, 10, 20, 40}, 2, 3, 1);
        Tensor points = f.of(new double[] {0.5, 2, 0.5, 1.5}, 2, 2, 1);
        Tensor out = grid.sample(points, CLAMP);
        assertThat(out.shape()).isEqualTo(Shape.of(2, 2, 1));
        assertValues(out, f, 1.5, 3, 15, 30);
    }

    @ParameterizedTest
    @EnumSource(Float.class)
    void emptyInputs(Float f) {
        Tensor grid = f.of(PLANE, 2, 3, 2);
        assertThat(grid.sample(f.of(new double[0], 0, 2)).shape()).isEqualTo(Shape.of(0, 2));
        Tensor noChannels = f.of(new double[0], 2, 3, 0);
        assertThat(noChannels.sample(f.of(new double[] {0.5, 0.5}, 1, 2)).shape()).isEqualTo(Shape.of(1, 0));
        Tensor emptyAxis = f.of(new double[0], 0, 1);
        assertValues(emptyAxis.sample(f.of(new double[] {0, -0.5}, 2, 1), ZERO), f, 0, 0);
        Tensor back = f.of(new double[] {1, 2}, 2, 1).sampleAdjoint(f.of(new double[] {0, 1}, 2, 1), new int[] {0}, ZERO);
        assertThat(back.shape()).isEqualTo(Shape.of(0, 1));
    }

    // ---- adjoint -----------------------------------------------------------------------------------

    @ParameterizedTest
    @EnumSource(Float.class)
    void adjointSpreadsWithTheInterpolationWeights(Float f) {
        Tensor values = f.of(new double[] {1, 2}, 2, 1);
        int[] size = {4};
        Tensor clamp = values.sampleAdjoint(f.of(new double[] {0.25, 2.5}, 2, 1), size, CLAMP);
        assertThat(clamp.shape()).isEqualTo(Shape.of(4, 1));
        assertValues(clamp, f, 0.75, 0.25, 1, 1);
        assertValues(values.sampleAdjoint(f.of(new double[] {0.25, 3.5}, 2, 1), size, PERIODIC), f, 1.75, 0.25, 0, 1);
        assertValues(values.sampleAdjoint(f.of(new double[] {-0.5, 9}, 2, 1), size, ZERO), f, 0.5, 0, 0, 0);
        assertValues(values.sampleAdjoint(f.of(new double[] {-0.5, 9}, 2, 1), size, CLAMP), f, 1, 0, 0, 2);
    }

    @ParameterizedTest
    @EnumSource(Float.class)
    void adjointInTwoDimensionsBatchedAndMultiChannel(Float f) {
        // Batch 0 spreads (1, 10) at (0.5, 0.5) over a 2x2 grid; batch 1 puts (2, 20) on node (1, 0).
        Tensor values = f.of(new double[] {1, 10, 2, 20}, 2, 1, 2);
        Tensor points = f.of(new double[] {0.5, 0.5, 1, 0}, 2, 1, 2);
        Tensor out = values.sampleAdjoint(points, new int[] {2, 2}, CLAMP);
        assertThat(out.shape()).isEqualTo(Shape.of(2, 2, 2, 2));
        assertValues(out, f, 0.25, 2.5, 0.25, 2.5, 0.25, 2.5, 0.25, 2.5, 0, 0, 0, 0, 2, 20, 0, 0);
    }

    @ParameterizedTest
    @EnumSource(Boundary.class)
    void sampleAndAdjointAreTransposes(Boundary boundary) {
        SplittableRandom rnd = new SplittableRandom(7);
        int[][] sizes = {{5}, {4, 3}, {3, 1, 4}, {1, 2}};
        for (int[] size : sizes) {
            for (boolean batched : new boolean[] {false, true}) {
                int dims = size.length;
                int batch = batched ? 2 : 1;
                int n = 17;
                int channels = 3;
                int cells = channels;
                for (int s : size) {
                    cells *= s;
                }
                double[] g = random(rnd, batch * cells, -1, 1);
                double[] v = random(rnd, batch * n * channels, -1, 1);
                double[] p = new double[batch * n * dims];
                for (int i = 0; i < p.length; i++) {
                    int s = size[i % dims];
                    p[i] = rnd.nextDouble(-2.0, s + 1.0);
                }
                p[0] = 1.0;
                int[] gridShape = batched ? prepend(batch, append(size, channels)) : append(size, channels);
                Tensor grid = Tensor.of(g, gridShape);
                Tensor points = batched ? Tensor.of(p, batch, n, dims) : Tensor.of(p, n, dims);
                Tensor values = batched ? Tensor.of(v, batch, n, channels) : Tensor.of(v, n, channels);
                double lhs = dot(grid.sample(points, boundary).toDoubleArray(), v);
                double rhs = dot(g, values.sampleAdjoint(points, size, boundary).toDoubleArray());
                assertThat(lhs).as("size %s batched %s", Arrays.toString(size), batched)
                        .isCloseTo(rhs, within(1e-12 * (1 + Math.abs(lhs))));
            }
        }
    }

    // ---- errors ------------------------------------------------------------------------------------

    @ParameterizedTest
    @EnumSource(Float.class)
    void layoutsThatDoNotFitNameBothShapes(Float f) {
        Tensor grid = f.of(new double[4], 4, 1);
        assertThatThrownBy(() -> grid.sample(f.of(new double[6], 3, 2)))
                .isInstanceOf(OpException.ShapeException.class).hasMessageStartingWith("sample:")
                .hasMessageContaining("(4, 1)").hasMessageContaining("(3, 2)")
                .hasMessageContaining("unbatched").hasMessageContaining("[batch, n, dims]");
        Tensor batchedGrid = f.of(new double[6], 2, 3, 1);
        assertThatThrownBy(() -> batchedGrid.sample(f.of(new double[3], 3, 1, 1)))
                .isInstanceOf(OpException.ShapeException.class)
                .hasMessageContaining("(2, 3, 1)").hasMessageContaining("(3, 1, 1)")
                .hasMessageContaining("batch sizes 2 and 3 differ");
        assertThatThrownBy(() -> grid.sample(f.of(new double[8], 2, 4)))
                .isInstanceOf(OpException.ShapeException.class).hasMessageContaining("(2, 4)")
                .hasMessageContaining("1, 2 or 3");
        assertThatThrownBy(() -> grid.sample(f.of(new double[] {1}, 1)))
                .isInstanceOf(OpException.ShapeException.class).hasMessageContaining("(1,)");
        Tensor emptyAxis = f.of(new double[0], 0, 1);
        assertThatThrownBy(() -> emptyAxis.sample(f.of(new double[1], 1, 1), CLAMP))
                .isInstanceOf(OpException.ShapeException.class).hasMessageContaining("(0, 1)")
                .hasMessageContaining("CLAMP");
    }

    @ParameterizedTest
    @EnumSource(Float.class)
    void boundaryCountMustMatch(Float f) {
        Tensor grid = f.of(new double[6], 2, 3, 1);
        Tensor points = f.of(new double[2], 1, 2);
        assertThatThrownBy(() -> grid.sample(points, ZERO, ZERO, ZERO)).isInstanceOf(OpException.class)
                .hasMessageStartingWith("sample:").hasMessageContaining("3 boundaries")
                .hasMessageContaining("2 spatial axes");
        assertThatThrownBy(() -> grid.sample(points, (Boundary) null)).isInstanceOf(OpException.class)
                .hasMessageContaining("null");
    }

    @ParameterizedTest
    @EnumSource(Float.class)
    void dtypesMustBeEqualFloats(Float f) {
        Tensor grid = f.of(new double[4], 4, 1);
        Float other = f == Float.F32 ? Float.F64 : Float.F32;
        assertThatThrownBy(() -> grid.sample(other.of(new double[1], 1, 1)))
                .isInstanceOf(OpException.DTypeException.class).hasMessageContaining("float32")
                .hasMessageContaining("float64");
        assertThatThrownBy(() -> Tensor.of(new int[4], 4, 1).sample(Tensor.of(new int[1], 1, 1)))
                .isInstanceOf(OpException.DTypeException.class).hasMessageContaining("int32")
                .hasMessageContaining("(4, 1)");
        assertThatThrownBy(() -> f.of(new double[1], 1, 1).sampleAdjoint(other.of(new double[1], 1, 1), new int[] {4}))
                .isInstanceOf(OpException.DTypeException.class).hasMessageStartingWith("sampleAdjoint:");
    }

    @ParameterizedTest
    @EnumSource(Float.class)
    void adjointShapeErrors(Float f) {
        Tensor values = f.of(new double[4], 2, 2);
        Tensor points = f.of(new double[2], 2, 1);
        assertThatThrownBy(() -> values.sampleAdjoint(points, new int[] {4, 4}))
                .isInstanceOf(OpException.ShapeException.class).hasMessageStartingWith("sampleAdjoint:")
                .hasMessageContaining("[4, 4]").hasMessageContaining("(2, 1)");
        assertThatThrownBy(() -> values.sampleAdjoint(f.of(new double[3], 3, 1), new int[] {4}))
                .isInstanceOf(OpException.ShapeException.class).hasMessageContaining("(2, 2)")
                .hasMessageContaining("(3, 1)");
        assertThatThrownBy(() -> values.sampleAdjoint(points, new int[] {-1}))
                .isInstanceOf(OpException.ShapeException.class).hasMessageContaining("[-1]");
        assertThatThrownBy(() -> values.sampleAdjoint(points, new int[] {4}, ZERO, CLAMP))
                .isInstanceOf(OpException.class).hasMessageContaining("2 boundaries");
    }

    // ---- helpers -----------------------------------------------------------------------------------

    private static void expect1d(Float f, Boundary boundary, double... expected) {
        Tensor grid = f.of(LINE, 4, 1);
        Tensor points = f.of(LINE_POINTS, LINE_POINTS.length, 1);
        Tensor out = grid.sample(points, boundary);
        assertThat(out.shape()).isEqualTo(Shape.of(LINE_POINTS.length, 1));
        assertValues(out, f, expected);
    }

    private static void assertValues(Tensor out, Float f, double... expected) {
        assertThat(out.dtype()).isEqualTo(f.dtype);
        double[] actual = out.toDoubleArray();
        assertThat(actual).hasSameSizeAs(expected);
        for (int i = 0; i < expected.length; i++) {
            assertThat(actual[i]).as("element %d", i).isCloseTo(expected[i], within(f.tol * (1 + Math.abs(expected[i]))));
        }
    }

    private static double[] random(SplittableRandom rnd, int n, double lo, double hi) {
        double[] a = new double[n];
        for (int i = 0; i < n; i++) {
            a[i] = rnd.nextDouble(lo, hi);
        }
        return a;
    }

    private static double dot(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += a[i] * b[i];
        }
        return s;
    }

    private static int[] append(int[] a, int last) {
        int[] out = Arrays.copyOf(a, a.length + 1);
        out[a.length] = last;
        return out;
    }

    private static int[] prepend(int first, int[] a) {
        int[] out = new int[a.length + 1];
        out[0] = first;
        System.arraycopy(a, 0, out, 1, a.length);
        return out;
    }
}
