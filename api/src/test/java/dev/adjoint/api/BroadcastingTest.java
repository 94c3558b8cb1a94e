package dev.adjoint.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** NumPy's broadcasting rule through the elementwise ops: result shapes, values and the failing cases. */
class BroadcastingTest {

    /** A FLOAT64 tensor of the given shape holding 0, 1, 2, ... */
    private static Tensor iota(int... shape) {
        double[] d = new double[Shape.of(shape).size()];
        for (int i = 0; i < d.length; i++) {
            d[i] = i;
        }
        return Tensor.of(d, shape);
    }

    private static Shape addShape(int[] a, int[] b) {
        return iota(a).add(iota(b)).shape();
    }

    @Test
    void matrixPlusLengthOneVector() {
        Tensor r = iota(5, 4).add(Tensor.of(new double[] {10}));
        assertThat(r.shape()).isEqualTo(Shape.of(5, 4));
        assertThat(r.toDoubleArray()[0]).isEqualTo(10.0);
        assertThat(r.toDoubleArray()[19]).isEqualTo(29.0);
    }

    @Test
    void matrixPlusRowVectorAddsTheRowToEveryRow() {
        Tensor r = iota(5, 4).add(Tensor.of(new double[] {100, 200, 300, 400}));
        assertThat(r.shape()).isEqualTo(Shape.of(5, 4));
        double[] v = r.toDoubleArray();
        for (int i = 0; i < 5; i++) {
            for (int j = 0; j < 4; j++) {
                assertThat(v[i * 4 + j]).isEqualTo(4 * i + j + 100 * (j + 1));
            }
        }
    }

    @Test
    void numPyDocumentationExamples() {
        assertThat(addShape(new int[] {15, 3, 5}, new int[] {15, 1, 5})).isEqualTo(Shape.of(15, 3, 5));
        assertThat(addShape(new int[] {15, 3, 5}, new int[] {3, 5})).isEqualTo(Shape.of(15, 3, 5));
        assertThat(addShape(new int[] {15, 3, 5}, new int[] {3, 1})).isEqualTo(Shape.of(15, 3, 5));
        assertThat(addShape(new int[] {256, 256, 3}, new int[] {3})).isEqualTo(Shape.of(256, 256, 3));
    }

    @Test
    void middleAxisBroadcastReadsTheRightElements() {
        // (2, 3, 2) - (2, 1, 2): out[i, j, k] = 6i + 2j + k - (2i + k) = 4i + 2j
        Tensor r = iota(2, 3, 2).sub(iota(2, 1, 2));
        double[] v = r.toDoubleArray();
        for (int i = 0; i < 2; i++) {
            for (int j = 0; j < 3; j++) {
                for (int k = 0; k < 2; k++) {
                    assertThat(v[6 * i + 2 * j + k]).isEqualTo(4 * i + 2 * j);
                }
            }
        }
    }

    @Test
    void bothOperandsBroadcastInDifferentAxes() {
        // (8, 1, 6, 1) * (7, 1, 5) -> (8, 7, 6, 5); out[i, j, k, l] = a[i, 0, k, 0] * b[j, 0, l]
        Tensor a = iota(8, 1, 6, 1);
        Tensor b = iota(7, 1, 5);
        Tensor r = a.mul(b);
        assertThat(r.shape()).isEqualTo(Shape.of(8, 7, 6, 5));
        double[] v = r.toDoubleArray();
        int[][] probes = {{0, 0, 0, 0}, {7, 6, 5, 4}, {3, 2, 1, 4}, {5, 0, 2, 3}, {1, 6, 0, 1}};
        for (int[] p : probes) {
            int i = p[0];
            int j = p[1];
            int k = p[2];
            int l = p[3];
            double expected = (6.0 * i + k) * (5.0 * j + l);
            assertThat(v[((i * 7 + j) * 6 + k) * 5 + l]).as("at %d,%d,%d,%d", i, j, k, l).isEqualTo(expected);
        }
    }

    @Test
    void scalarsBroadcastWithAnything() {
        Tensor s = Tensor.scalar(2.0, DType.FLOAT64);
        assertThat(s.add(s).shape()).isEqualTo(Shape.scalar());
        assertThat(s.add(s).item()).isEqualTo(4.0);
        assertThat(s.mul(iota(2, 3)).shape()).isEqualTo(Shape.of(2, 3));
        assertThat(iota(2, 3).mul(s).toDoubleArray()).containsExactly(0, 2, 4, 6, 8, 10);
        assertThat(s.add(iota(0, 3)).shape()).isEqualTo(Shape.of(0, 3));
        assertThat(iota(1).add(s).shape()).isEqualTo(Shape.of(1));
    }

    @Test
    void zeroSizeDimensionsBroadcastAgainstOne() {
        Tensor r = iota(0, 3).add(iota(1, 3));
        assertThat(r.shape()).isEqualTo(Shape.of(0, 3));
        assertThat(r.size()).isZero();
        assertThat(addShape(new int[] {0}, new int[] {1})).isEqualTo(Shape.of(0));
        assertThat(addShape(new int[] {2, 1, 4}, new int[] {0, 1})).isEqualTo(Shape.of(2, 0, 4));
        assertThatThrownBy(() -> iota(0, 3).add(iota(2, 3))).isInstanceOf(OpException.ShapeException.class);
    }

    @Test
    void incompatibleTrailingDimensionsFailNamingOpAndShapes() {
        assertThatThrownBy(() -> iota(3).add(iota(4)))
                .isInstanceOf(OpException.ShapeException.class)
                .hasMessageStartingWith("add: ")
                .hasMessageContaining("(3,)")
                .hasMessageContaining("(4,)")
                .hasMessageContaining("broadcast");
    }

    @Test
    void incompatibleSecondToLastDimensionFails() {
        assertThatThrownBy(() -> iota(2, 1).mul(iota(8, 4, 3)))
                .isInstanceOf(OpException.ShapeException.class)
                .hasMessageStartingWith("mul: ")
                .hasMessageContaining("(2, 1)")
                .hasMessageContaining("(8, 4, 3)")
                .hasMessageContaining("dimension -2");
    }

    @Test
    void comparisonsAndWhereUseTheSameRule() {
        assertThatThrownBy(() -> iota(3).lt(iota(4))).isInstanceOf(OpException.ShapeException.class)
                .hasMessageStartingWith("lt: ");
        Tensor cond = Tensor.of(new int[] {1, 0}, 2, 1, 1);
        Tensor r = Tensor.where(cond, iota(3, 1), iota(1, 4));
        assertThat(r.shape()).isEqualTo(Shape.of(2, 3, 4));
        double[] v = r.toDoubleArray();
        assertThat(v[0 * 12 + 2 * 4 + 3]).isEqualTo(2.0); // cond true: a[2, 0]
        assertThat(v[1 * 12 + 2 * 4 + 3]).isEqualTo(3.0); // cond false: b[0, 3]
    }

    @Test
    void broadcastWorksInFloat32AndInt32Too() {
        Tensor f = Tensor.of(new float[] {1, 2, 3, 4, 5, 6}, 2, 3).add(Tensor.of(new float[] {10, 20}, 2, 1));
        assertThat(f.toFloatArray()).containsExactly(11, 12, 13, 24, 25, 26);
        Tensor i = Tensor.of(new int[] {1, 2, 3}, 1, 3).mul(Tensor.of(new int[] {1, -1}, 2, 1));
        assertThat(i.toIntArray()).containsExactly(1, 2, 3, -1, -2, -3);
    }
}
