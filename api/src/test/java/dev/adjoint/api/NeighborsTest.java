package dev.adjoint.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Radius-neighbour search on hand-made clouds, against brute force on random clouds, and its errors. */
class NeighborsTest {
    /** Float dtypes under test; every coordinate below is exact in float32. */
    enum Float {
        F32(DType.FLOAT32),
        F64(DType.FLOAT64);

        final DType dtype;

        Float(DType dtype) {
            this.dtype = dtype;
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

    // ---- hand-made clouds --------------------------------------------------------------------------

    @ParameterizedTest
    @EnumSource(Float.class)
    void oneDimensionalIncludesPointsExactlyAtTheRadius(Float f) {
        Tensor points = f.of(new double[] {0, 1, 2, 3.5}, 4, 1);
        Tensor queries = f.of(new double[] {1, 3, 10}, 3, 1);
        NeighborGraph g = points.radiusNeighbors(queries, 1.0);
        assertThat(g.rowOffsets().dtype()).isEqualTo(DType.INT32);
        assertThat(g.columns().dtype()).isEqualTo(DType.INT32);
        assertThat(g.rowOffsets().shape()).isEqualTo(Shape.of(4));
        assertGraph(g, new int[][] {{0, 1, 2}, {2, 3}, {}});
        assertThat(g.rows()).isEqualTo(3);
        assertThat(g.edges()).isEqualTo(5);
    }

    @ParameterizedTest
    @EnumSource(Float.class)
    void twoDimensionalWithAThreeFourFiveTriangle(Float f) {
        Tensor points = f.of(new double[] {0, 0, 3, 4, 1, 1, 0, 5}, 4, 2);
        Tensor queries = f.of(new double[] {0, 0, 3, 0}, 2, 2);
        // From (0,0): 0, 5, sqrt 2, 5; from (3,0): 3, 4, sqrt 5, sqrt 34.
        assertGraph(points.radiusNeighbors(queries, 5.0), new int[][] {{0, 1, 2, 3}, {0, 1, 2}});
        assertGraph(points.radiusNeighbors(queries, 4.5), new int[][] {{0, 2}, {0, 1, 2}});
        assertGraph(points.radiusNeighbors(queries, 1.0), new int[][] {{0}, {}});
    }

    @ParameterizedTest
    @EnumSource(Float.class)
    void threeDimensional(Float f) {
        // From the origin: 0, 3 (1, 2, 2), sqrt 12, 3 (0, 0, -3), sqrt 9.0625;
        // from (2, 2, 2): sqrt 12, 1, 0, sqrt 33, sqrt 8.0625.
        Tensor points = f.of(new double[] {0, 0, 0, 1, 2, 2, 2, 2, 2, 0, 0, -3, 0.25, 3, 0}, 5, 3);
        Tensor queries = f.of(new double[] {0, 0, 0, 2, 2, 2}, 2, 3);
        assertGraph(points.radiusNeighbors(queries, 3.0), new int[][] {{0, 1, 3}, {1, 2, 4}});
    }

    @ParameterizedTest
    @EnumSource(Float.class)
    void periodicBoxFindsNeighboursAcrossTheBoundary(Float f) {
        Tensor points = f.of(new double[] {0.5, 9.5, 5, 9, -0.5, 21}, 6, 1);
        Tensor queries = f.of(new double[] {0, 1, 10}, 3, 1);
        double[] box = {10};
        // From 0: 0.5, 9.5 (0.5 via the wrap), 9 (1), -0.5 (0.5), 21 = 1 (1).
        assertGraph(points.radiusNeighbors(queries, 1.0, box), new int[][] {{0, 1, 3, 4, 5}, {0, 5}, {0, 1, 3, 4, 5}});
        // 9 and 1 are exactly 2 apart through the boundary.
        assertGraph(points.radiusNeighbors(f.of(new double[] {1}, 1, 1), 2.0, box), new int[][] {{0, 1, 3, 4, 5}});
        // Without the box: 0 sees 0.5 and -0.5; 1 sees 0.5; 10 sees 9.5 and 9.
        assertGraph(points.radiusNeighbors(queries, 1.0), new int[][] {{0, 4}, {0}, {1, 3}});
    }

    @ParameterizedTest
    @EnumSource(Float.class)
    void periodicBoxInTwoAndThreeDimensions(Float f) {
        Tensor points2 = f.of(new double[] {9.5, 9.5, 0.5, 5, 5, 5, 0.5, 19}, 4, 2);
        Tensor query2 = f.of(new double[] {0.5, 0.5}, 1, 2);
        // (9.5, 9.5) is (1, 1) away: sqrt 2 <= 1.5; (0.5, 19) is (0, 1.5) away: exactly 1.5.
        assertGraph(points2.radiusNeighbors(query2, 1.5, new double[] {10, 10}), new int[][] {{0, 3}});
        // With axis 1 of length 20, (9.5, 9.5) is 9 away on that axis; (0.5, 19) still 1.5.
        assertGraph(points2.radiusNeighbors(query2, 1.5, new double[] {10, 20}), new int[][] {{3}});
        Tensor points3 = f.of(new double[] {3.5, 3.5, 3.5, 2, 2, 2, 0.5, 3, 0}, 3, 3);
        Tensor query3 = f.of(new double[] {0, 0, 0}, 1, 3);
        // In a box of 4: (3.5, 3.5, 3.5) is 0.5 per axis away; (0.5, 3, 0) is (0.5, 1, 0) away.
        assertGraph(points3.radiusNeighbors(query3, 1.25, new double[] {4, 4, 4}), new int[][] {{0, 2}});
        // With axis 1 of length 8 they are 3.5 and 3 away on that axis.
        assertGraph(points3.radiusNeighbors(query3, 1.25, new double[] {4, 8, 4}), new int[][] {{}});
        assertGraph(points3.radiusNeighbors(query3, 1.25, new double[] {8, 4, 4}), new int[][] {{2}});
    }

    @ParameterizedTest
    @EnumSource(Float.class)
    void emptyInputs(Float f) {
        Tensor none = f.of(new double[0], 0, 2);
        Tensor some = f.of(new double[] {0, 0, 1, 1}, 2, 2);
        assertGraph(none.radiusNeighbors(some, 1.0), new int[][] {{}, {}});
        assertGraph(some.radiusNeighbors(none, 1.0), new int[][] {});
        assertGraph(none.radiusNeighbors(none, 1.0, new double[] {3, 3}), new int[][] {});
        assertGraph(none.radiusNeighbors(some, 1.0, new double[] {3, 3}), new int[][] {{}, {}});
    }

    @Test
    void nonFiniteCoordinatesHaveNoNeighbours() {
        Tensor points = Tensor.of(new double[] {0, Double.NaN, 0.5, Double.POSITIVE_INFINITY}, 4, 1);
        Tensor queries = Tensor.of(new double[] {0, Double.NaN}, 2, 1);
        assertGraph(points.radiusNeighbors(queries, 1.0), new int[][] {{0, 2}, {}});
        assertGraph(points.radiusNeighbors(queries, 1.0, new double[] {4}), new int[][] {{0, 2}, {}});
    }

    @Test
    void duplicatePointsAreAllReported() {
        Tensor points = Tensor.of(new double[] {1, 1, 1, 1, 1, 1}, 3, 2);
        assertGraph(points.radiusNeighbors(points, 0.5), new int[][] {{0, 1, 2}, {0, 1, 2}, {0, 1, 2}});
    }

    // ---- against brute force -----------------------------------------------------------------------

    @ParameterizedTest
    @EnumSource(Float.class)
    void matchesBruteForceOnRandomClouds(Float f) {
        SplittableRandom rnd = new SplittableRandom(11);
        for (int dims = 1; dims <= 3; dims++) {
            for (boolean periodic : new boolean[] {false, true}) {
                double[] box = new double[dims];
                for (int d = 0; d < dims; d++) {
                    box[d] = 8.0 + 2 * d;
                }
                double[] p = cloud(rnd, 500, dims, box, periodic);
                double[] q = cloud(rnd, 300, dims, box, periodic);
                // Snap some queries onto lattice points so that distances exactly equal to the radius occur.
                for (int i = 0; i < 60; i++) {
                    q[i] = Math.rint(q[i]);
                    p[i] = Math.rint(p[i]);
                }
                double[] pd = round(f, p);
                double[] qd = round(f, q);
                for (double radius : new double[] {0.25, 1.0, 1.7, 3.5}) {
                    double[] b = periodic ? box : null;
                    NeighborGraph g = f.of(pd, 500, dims).radiusNeighbors(f.of(qd, 300, dims), radius, b);
                    assertGraph(g, bruteForce(pd, qd, dims, radius, b));
                }
            }
        }
    }

    @Test
    void sparseCloudInAWideExtentMatchesBruteForce() {
        SplittableRandom rnd = new SplittableRandom(3);
        int n = 200;
        double[] p = new double[n * 2];
        for (int i = 0; i < n; i++) {
            // Clusters far apart: the cell grid must not allocate (extent / radius)^2 cells.
            double cx = rnd.nextInt(4) * 1e6;
            p[2 * i] = cx + rnd.nextDouble(0, 2);
            p[2 * i + 1] = rnd.nextDouble(0, 2);
        }
        double[] q = Arrays.copyOf(p, 40);
        NeighborGraph g = Tensor.of(p, n, 2).radiusNeighbors(Tensor.of(q, 20, 2), 0.5);
        assertGraph(g, bruteForce(p, q, 2, 0.5, null));
    }

    // ---- errors ------------------------------------------------------------------------------------

    @Test
    void shapeErrorsNameBothShapes() {
        Tensor p2 = Tensor.of(new double[4], 2, 2);
        assertThatThrownBy(() -> Tensor.of(new double[4], 4).radiusNeighbors(p2, 1.0))
                .isInstanceOf(OpException.ShapeException.class).hasMessageStartingWith("radiusNeighbors:")
                .hasMessageContaining("(4,)").hasMessageContaining("(2, 2)");
        assertThatThrownBy(() -> p2.radiusNeighbors(Tensor.of(new double[3], 1, 3), 1.0))
                .isInstanceOf(OpException.ShapeException.class).hasMessageContaining("(2, 2)")
                .hasMessageContaining("(1, 3)");
        Tensor p4 = Tensor.of(new double[8], 2, 4);
        assertThatThrownBy(() -> p4.radiusNeighbors(p4, 1.0)).isInstanceOf(OpException.ShapeException.class)
                .hasMessageContaining("(2, 4)").hasMessageContaining("1..3");
        assertThatThrownBy(() -> p2.radiusNeighbors(p2, 1.0, new double[] {5}))
                .isInstanceOf(OpException.ShapeException.class).hasMessageContaining("[5.0]")
                .hasMessageContaining("(2, 2)");
    }

    @Test
    void dtypeErrors() {
        Tensor f64 = Tensor.of(new double[4], 2, 2);
        Tensor f32 = Tensor.of(new float[4], 2, 2);
        Tensor i32 = Tensor.of(new int[4], 2, 2);
        assertThatThrownBy(() -> f64.radiusNeighbors(f32, 1.0)).isInstanceOf(OpException.DTypeException.class)
                .hasMessageContaining("float64").hasMessageContaining("float32");
        assertThatThrownBy(() -> i32.radiusNeighbors(i32, 1.0)).isInstanceOf(OpException.DTypeException.class)
                .hasMessageContaining("int32");
    }

    @Test
    void radiusAndBoxErrors() {
        Tensor p = Tensor.of(new double[4], 2, 2);
        for (double bad : new double[] {0.0, -1.0, Double.NaN, Double.POSITIVE_INFINITY}) {
            assertThatThrownBy(() -> p.radiusNeighbors(p, bad)).isInstanceOf(OpException.class)
                    .hasMessageStartingWith("radiusNeighbors:").hasMessageContaining("radius " + bad);
        }
        assertThatThrownBy(() -> p.radiusNeighbors(p, 1.0, new double[] {4, 0}))
                .isInstanceOf(OpException.class).hasMessageContaining("[4.0, 0.0]");
        assertThatThrownBy(() -> p.radiusNeighbors(p, 1.0, new double[] {4, Double.NaN}))
                .isInstanceOf(OpException.class).hasMessageContaining("NaN");
        assertThatThrownBy(() -> p.radiusNeighbors(p, 2.0, new double[] {10, 4}))
                .isInstanceOf(OpException.class).hasMessageContaining("radius 2.0")
                .hasMessageContaining("4.0").hasMessageContaining("ambiguous");
    }

    // ---- helpers -----------------------------------------------------------------------------------

    private static void assertGraph(NeighborGraph g, int[][] expected) {
        int[] offsets = g.rowOffsets().toIntArray();
        int[] columns = g.columns().toIntArray();
        assertThat(offsets).hasSize(expected.length + 1);
        assertThat(offsets[0]).isZero();
        for (int i = 0; i < expected.length; i++) {
            assertThat(Arrays.copyOfRange(columns, offsets[i], offsets[i + 1])).as("row %d", i)
                    .containsExactly(expected[i]);
        }
        assertThat(columns).hasSize(offsets[expected.length]);
    }

    /** The O(nm) answer: every pair tested with the minimum image when periodic. */
    private static int[][] bruteForce(double[] p, double[] q, int dims, double radius, double[] box) {
        int n = p.length / dims;
        int m = q.length / dims;
        int[][] rows = new int[m][];
        for (int i = 0; i < m; i++) {
            List<Integer> row = new ArrayList<>();
            for (int j = 0; j < n; j++) {
                double d2 = 0;
                for (int d = 0; d < dims; d++) {
                    double dx = q[i * dims + d] - p[j * dims + d];
                    if (box != null) {
                        dx -= box[d] * Math.rint(dx / box[d]);
                    }
                    d2 += dx * dx;
                }
                if (d2 <= radius * radius) {
                    row.add(j);
                }
            }
            rows[i] = row.stream().mapToInt(Integer::intValue).toArray();
        }
        return rows;
    }

    /** Points inside the box, or spilling past it by up to a box length when periodic. */
    private static double[] cloud(SplittableRandom rnd, int n, int dims, double[] box, boolean periodic) {
        double[] a = new double[n * dims];
        for (int i = 0; i < a.length; i++) {
            double side = box[i % dims];
            a[i] = periodic ? rnd.nextDouble(-side, 2 * side) : rnd.nextDouble(0, side);
        }
        return a;
    }

    private static double[] round(Float f, double[] a) {
        double[] out = a.clone();
        if (f == Float.F32) {
            for (int i = 0; i < out.length; i++) {
                out[i] = (float) out[i];
            }
        }
        return out;
    }
}
