package dev.adjoint.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.adjoint.api.reference.ReferenceBackend;
import dev.adjoint.api.spi.Backend;
import org.junit.jupiter.api.Test;

/** Rows, ranges, linspace, element read-back and backend transfer. */
class CreationTest {

    @Test
    void fromRowsBuildsRowMajorMatrices() {
        Tensor f = Tensor.of(new float[][] {{1, 2, 3}, {4, 5, 6}});
        assertThat(f.shape()).isEqualTo(Shape.of(2, 3));
        assertThat(f.dtype()).isEqualTo(DType.FLOAT32);
        assertThat(f.toFloatArray()).containsExactly(1, 2, 3, 4, 5, 6);
        Tensor d = Tensor.of(new double[][] {{0.5}, {-1.5}});
        assertThat(d.shape()).isEqualTo(Shape.of(2, 1));
        assertThat(d.dtype()).isEqualTo(DType.FLOAT64);
        assertThat(d.toDoubleArray()).containsExactly(0.5, -1.5);
    }

    @Test
    void fromRowsHandlesEmptyInput() {
        assertThat(Tensor.of(new float[0][]).shape()).isEqualTo(Shape.of(0, 0));
        assertThat(Tensor.of(new double[][] {{}, {}}).shape()).isEqualTo(Shape.of(2, 0));
    }

    @Test
    void fromRowsCopiesTheInput() {
        double[][] rows = {{1, 2}};
        Tensor t = Tensor.of(rows);
        rows[0][0] = 99;
        assertThat(t.toDoubleArray()).containsExactly(1, 2);
    }

    @Test
    void raggedRowsFailNamingTheRow() {
        assertThatThrownBy(() -> Tensor.of(new float[][] {{1, 2}, {3, 4}, {5}}))
                .isInstanceOf(OpException.ShapeException.class)
                .hasMessageStartingWith("of: ")
                .hasMessageContaining("row 2 has length 1")
                .hasMessageContaining("row 0 has length 2");
        assertThatThrownBy(() -> Tensor.of(new double[][] {{1}, {3, 4}}))
                .isInstanceOf(OpException.ShapeException.class)
                .hasMessageContaining("row 1 has length 2");
    }

    @Test
    void integerArange() {
        Tensor t = Tensor.arange(5);
        assertThat(t.dtype()).isEqualTo(DType.INT32);
        assertThat(t.toIntArray()).containsExactly(0, 1, 2, 3, 4);
        assertThat(Tensor.arange(0).shape()).isEqualTo(Shape.of(0));
        assertThat(Tensor.arange(-3).shape()).isEqualTo(Shape.of(0));
    }

    @Test
    void floatArangeFollowsNumPy() {
        // Expected lists from numpy.arange.
        assertThat(Tensor.arange(0, 1, 0.3, DType.FLOAT64).toDoubleArray())
                .containsExactly(0.0, 0.3, 0.6, 0.8999999999999999);
        assertThat(Tensor.arange(0, 1, 0.1, DType.FLOAT64).size()).isEqualTo(10);
        assertThat(Tensor.arange(1, 0, -0.25, DType.FLOAT64).toDoubleArray()).containsExactly(1.0, 0.75, 0.5, 0.25);
        assertThat(Tensor.arange(-1.5, 1.5, 1.0, DType.FLOAT64).toDoubleArray()).containsExactly(-1.5, -0.5, 0.5);
        assertThat(Tensor.arange(10, 1, -3, DType.FLOAT64).toDoubleArray()).containsExactly(10.0, 7.0, 4.0);
        assertThat(Tensor.arange(0, 5, -1, DType.FLOAT64).shape()).isEqualTo(Shape.of(0));
        Tensor f = Tensor.arange(2.5, 4.0, 0.5);
        assertThat(f.dtype()).isEqualTo(DType.FLOAT32);
        assertThat(f.toFloatArray()).containsExactly(2.5f, 3f, 3.5f);
        Tensor i = Tensor.arange(0, 5, 2, DType.INT32);
        assertThat(i.dtype()).isEqualTo(DType.INT32);
        assertThat(i.toIntArray()).containsExactly(0, 2, 4);
    }

    @Test
    void arangeRejectsZeroAndUnboundedSteps() {
        assertThatThrownBy(() -> Tensor.arange(0, 1, 0)).isInstanceOf(OpException.class)
                .hasMessageStartingWith("arange: ").hasMessageContaining("step is 0");
        assertThatThrownBy(() -> Tensor.arange(0, Double.POSITIVE_INFINITY, 1))
                .isInstanceOf(OpException.ShapeException.class).hasMessageStartingWith("arange: ");
        assertThatThrownBy(() -> Tensor.arange(0, 1e12, 1)).isInstanceOf(OpException.ShapeException.class)
                .hasMessageContaining("1.0E12");
    }

    @Test
    void linspaceIncludesBothEnds() {
        // Expected lists from numpy.linspace.
        assertThat(Tensor.linspace(0, 0.3, 4, DType.FLOAT64).toDoubleArray())
                .containsExactly(0.0, 0.09999999999999999, 0.19999999999999998, 0.3);
        assertThat(Tensor.linspace(-1, 2, 4, DType.FLOAT64).toDoubleArray()).containsExactly(-1.0, 0.0, 1.0, 2.0);
        assertThat(Tensor.linspace(1, 0, 3, DType.FLOAT64).toDoubleArray()).containsExactly(1.0, 0.5, 0.0);
        assertThat(Tensor.linspace(5, 5, 3, DType.FLOAT64).toDoubleArray()).containsExactly(5.0, 5.0, 5.0);
        Tensor f = Tensor.linspace(0, 1, 7);
        assertThat(f.dtype()).isEqualTo(DType.FLOAT32);
        assertThat(f.toFloatArray()).containsExactly(0f, 0.1666666716337204f, 0.3333333432674408f, 0.5f,
                0.6666666865348816f, 0.8333333134651184f, 1f);
        // The last element is exactly stop even when start + (n - 1) * step rounds elsewhere.
        // Here 0.2 + 7 * ((0.9 - 0.2) / 7) is 0.8999999999999999.
        double[] v = Tensor.linspace(0.2, 0.9, 8, DType.FLOAT64).toDoubleArray();
        assertThat(v[7]).isEqualTo(0.9);
    }

    @Test
    void linspaceEdgeCounts() {
        assertThat(Tensor.linspace(3, 7, 1, DType.FLOAT64).toDoubleArray()).containsExactly(3.0);
        assertThat(Tensor.linspace(3, 7, 0, DType.FLOAT64).shape()).isEqualTo(Shape.of(0));
        assertThat(Tensor.linspace(0, 6, 4, DType.INT32).toIntArray()).containsExactly(0, 2, 4, 6);
        assertThatThrownBy(() -> Tensor.linspace(0, 1, -2)).isInstanceOf(OpException.class)
                .hasMessageStartingWith("linspace: ").hasMessageContaining("-2");
    }

    @Test
    void getReadsOneElementWithNegativeIndices() {
        Tensor t = Tensor.of(new float[] {1, 2, 3, 4, 5, 6}, 2, 3);
        assertThat(t.get(0, 0)).isEqualTo(1.0);
        assertThat(t.get(1, 2)).isEqualTo(6.0);
        assertThat(t.get(-1, -3)).isEqualTo(4.0);
        assertThat(t.get(0, -1)).isEqualTo(3.0);
        assertThat(Tensor.of(new int[] {7, -8}).get(1)).isEqualTo(-8.0);
        assertThat(Tensor.of(new double[] {0.1}).get(0)).isEqualTo(0.1);
        assertThat(Tensor.scalar(2.5).get()).isEqualTo(2.5);
    }

    @Test
    void getRejectsBadIndicesNamingIndexAndShape() {
        Tensor t = Tensor.zeros(2, 3);
        assertThatThrownBy(() -> t.get(1)).isInstanceOf(OpException.IndexException.class)
                .hasMessageStartingWith("get: ")
                .hasMessageContaining("[1]").hasMessageContaining("(2, 3)").hasMessageContaining("expected 2");
        assertThatThrownBy(() -> t.get(1, 3)).isInstanceOf(OpException.IndexException.class)
                .hasMessageContaining("[1, 3]").hasMessageContaining("(2, 3)").hasMessageContaining("[-3, 3)");
        assertThatThrownBy(() -> t.get(-3, 0)).isInstanceOf(OpException.IndexException.class)
                .hasMessageContaining("[-2, 2)");
        assertThatThrownBy(() -> Tensor.zeros(0).get(0)).isInstanceOf(OpException.IndexException.class);
    }

    @Test
    void transferToTheSameBackendIsTheIdentity() {
        Tensor t = Tensor.of(new float[] {1, 2});
        assertThat(t.to(t.backend())).isSameAs(t);
    }

    @Test
    void transferCopiesEveryDTypeToAnotherBackend() {
        Backend other = new ReferenceBackend();
        Tensor f = Tensor.of(new float[] {1.5f, -2f, 3f, 4f}, 2, 2);
        Tensor d = Tensor.of(new double[] {0.1, 0.2});
        Tensor i = Tensor.of(new int[] {7, 8, 9}, 3, 1);
        for (Tensor t : new Tensor[] {f, d, i}) {
            Tensor moved = t.to(other);
            assertThat(moved.backend()).isSameAs(other);
            assertThat(moved.shape()).isEqualTo(t.shape());
            assertThat(moved.dtype()).isEqualTo(t.dtype());
            assertThat(moved.storage()).isNotSameAs(t.storage());
        }
        assertThat(f.to(other).toFloatArray()).containsExactly(1.5f, -2f, 3f, 4f);
        assertThat(d.to(other).toDoubleArray()).containsExactly(0.1, 0.2);
        assertThat(i.to(other).toIntArray()).containsExactly(7, 8, 9);
        assertThat(Tensor.zeros(0, 2).to(other).shape()).isEqualTo(Shape.of(0, 2));
    }

    @Test
    void opsRefuseInputsOnDifferentBackends() {
        Tensor a = Tensor.of(new float[] {1});
        Tensor b = a.to(new ReferenceBackend());
        assertThatThrownBy(() -> a.add(b)).isInstanceOf(OpException.class)
                .hasMessageStartingWith("add: ").hasMessageContaining("different backends");
    }
}
